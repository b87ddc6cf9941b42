/* Arabic-aware word scanning over UCS-4 code points, and the proclitic analysis
 * of a word (و ف, then ب ك ل, then the article ال; ل + ال written لل). Shared by
 * the gazetteer matcher and by any later tokenizer. No Python here. */
#ifndef SAHEL_WORDS_H
#define SAHEL_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* What a code point is to the word scanner. */
enum {
    SAHEL_WC_BREAK = 0, /* ends a word and a phrase: punctuation, newline, symbols, emoji */
    SAHEL_WC_SEPARATOR =
        1, /* ends a word, not a phrase: Zs spaces, tab, '-', '#', '_', invisible controls */
    SAHEL_WC_JOINER = 2, /* tatweel, ZWNJ, ZWJ: part of a word between two of its letters,
                          * a separator elsewhere */
    SAHEL_WC_MARK = 3,   /* combining marks (Arabic harakat, U+0670, ...): part of the word
                          * after a letter, a separator elsewhere */
    SAHEL_WC_LETTER = 4, /* letters of Arabic and of the other common scripts */
    SAHEL_WC_DIGIT = 5   /* ASCII, Arabic-Indic and extended Arabic-Indic digits */
};

/* The SAHEL_WC_* class of a code point (any value, lone surrogates included). */
int sahel_words_class(uint32_t c);

/* Marks and tatweel: what a mention's end extends over after its last word. */
static inline int
sahel_words_is_mark_or_tatweel(uint32_t c)
{
    int k = sahel_words_class(c);
    return k == SAHEL_WC_MARK || c == 0x0640;
}

/* A word: [start, end) in the scanned text. A word begins with a letter or a
 * digit, ends with a letter, a digit or a mark, and holds joiners and marks only
 * between those. `joined` is 1 when a previous word exists and only separators,
 * joiners and marks stand between the two (they may belong to one phrase), 0
 * after the start of the text or a break. */
typedef struct sahel_word {
    size_t start;
    size_t end;
    int joined;
} sahel_word;

/* Scanner state; plain data, copied freely to look ahead. */
typedef struct sahel_word_scanner {
    const uint32_t *text;
    size_t len;
    size_t pos;
    int have_prev; /* a word was returned and no break has been seen since */
} sahel_word_scanner;

void sahel_words_init(sahel_word_scanner *s, const uint32_t *text, size_t len);

/* Stores the next word in *w and returns 1, or returns 0 at the end of the text. */
int sahel_words_next(sahel_word_scanner *s, sahel_word *w);

/* Moves the scan to just past `w`, a word of the same text that a copy of this scanner
 * returned further on (a look ahead taken up): the next word follows w, joined to it
 * unless a break comes between them. */
void sahel_words_resume_after(sahel_word_scanner *s, const sahel_word *w);

/* One way to read a word as proclitics + stem:
 *   word[0, proclitic_len)       conjunction و/ف and preposition ب/ك/ل (each with
 *                                the marks and joiners written on it)
 *   word[proclitic_len, stem)    the article ال, or the ل left of it in لل; empty without one
 *   word[stem, len)              the bare stem, at least 2 letters (or a number of any length)
 *                                unless the reading is unsplit */
typedef struct sahel_reading {
    uint32_t proclitic_len;
    uint32_t stem;
    int has_article;
} sahel_reading;

/* At most this many readings per word (unsplit; article; conjunction;
 * conjunction + article; preposition; preposition + article; conjunction +
 * preposition; conjunction + preposition + article). */
#define SAHEL_READINGS_MAX 8

/* Whether a word beginning with c can have a reading other than the unsplit one
 * (c is و ف ب ك ل or the alef of ال): for every other word, readings are {0, 0, 0}. */
static inline int
sahel_words_may_split(uint32_t c)
{
    return c == 0x0648 || c == 0x0641 || c == 0x0628 || c == 0x0643 || c == 0x0644 || c == 0x0627;
}

/* Fills out[] with every reading of the `len` code points at `word` (the letters
 * must be normalized: bare alef U+0627, Arabic kaf U+0643) and returns how many.
 * The unsplit word {0, 0, 0} comes first, then the others by increasing stem; no
 * two share a stem. Returns 0 only for an empty word. */
size_t sahel_words_readings(const uint32_t *word, size_t len,
                            sahel_reading out[SAHEL_READINGS_MAX]);

/* Where the bare stem of a dictionary word begins: after a leading article ال
 * when at least 2 letters remain, else 0. Stores 1 or 0 in *has_article. */
size_t sahel_words_strip_article(const uint32_t *word, size_t len, int *has_article);

#endif

/* Plain word lists over Arabic text: the words of a normalized text with their
 * spans in the ORIGINAL text, and a read-only lexicon automaton that reports
 * every entry (a word or a phrase, optionally a word prefix) found through the
 * proclitic readings of sahel_words.h. No Python here.
 *
 * Design: the lexicon is its own small automaton beside the gazetteer matcher,
 * not a mode of it. Both sit on the same engine parts — the normalizer with its
 * offset map, the word scanner, and sahel_words_readings for the proclitics —
 * so a word, a phrase gap and a proclitic mean the same thing to both. What
 * differs is the part the matcher keeps to itself: a lexicon has prefix
 * entries (a word-prefix lookup the matcher's whole-word table cannot answer),
 * reports every reading and every entry (no leftmost-longest, no context
 * rules), and reports where the article ends. Those would have to be threaded
 * through every step of the matcher's walk and report for a feature it never
 * uses; a few hundred lines here keep the matcher's hot path as it is. */
#ifndef SAHEL_LEXICON_H
#define SAHEL_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "sahel_error.h"

/* ---- the words of a text ---------------------------------------------------- */

/* Columnar words of one text, in text order. */
typedef struct sahel_text_words {
    size_t count;
    size_t capacity;
    size_t *start;      /* original code-point index of the word's first character */
    size_t *end;        /* original index just past the word, with its trailing marks and tatweel
                         * (as sahel_matcher_find reports a mention's end) */
    size_t *norm_start; /* the word is norm[norm_start, norm_end) */
    size_t *norm_end;
    uint8_t *joined; /* sahel_word.joined: only separators since the previous word */
    uint32_t
        *norm; /* the normalized text, norm_len UCS-4 code points (malloc'd; NULL when empty) */
    size_t norm_len;
} sahel_text_words;

/* Normalizes `len` code points at `text`, `kind` bytes wide (1, 2, 4), with the
 * SAHEL_NORM_* `options` and stores every word of the normalized text in *out
 * (which must be zeroed; it is overwritten, not appended to). Returns SAHEL_OK,
 * SAHEL_ERR_INVALID, SAHEL_ERR_NOMEM or SAHEL_ERR_OVERFLOW; on error *out holds
 * nothing to free. */
int sahel_text_words_scan(const void *text, int kind, size_t len, unsigned options,
                          sahel_text_words *out);

/* Frees what sahel_text_words_scan stored and zeroes *out. NULL and a zeroed struct are fine. */
void sahel_text_words_free(sahel_text_words *out);

/* ---- the lexicon ------------------------------------------------------------- */

typedef struct sahel_lexicon_builder sahel_lexicon_builder;
typedef struct sahel_lexicon sahel_lexicon;

/* Entry flags. */
enum {
    /* The entry's last word matches every text word that begins with it (اتفاق: اتفاقية). */
    SAHEL_LEX_PREFIX = 1u << 0,
    /* Only the word as written: no conjunction or preposition, the article as written. */
    SAHEL_LEX_NO_PROCLITICS = 1u << 1
};

/* How an entry meets a text. The entry is normalized with the builder's options
 * and cut into words by the scanner. Its first word is compared with the stem of
 * every reading of a text word (sahel_words_readings):
 *   - written with the article (النيجر), it needs one: ال, or the ل of لل
 *     (النيجر, والنيجر, بالنيجر, للنيجر);
 *   - written without (اتفاق), the article is optional (اتفاق, الاتفاق, باتفاق, للاتفاق);
 *   - with SAHEL_LEX_NO_PROCLITICS, only readings without proclitics, with the
 *     article exactly as written.
 * Its later words are compared with whole text words (no proclitics on them),
 * each joined to the one before: separators, tatweel, marks and invisible
 * controls may stand between them, punctuation and newlines may not. An entry is
 * found at every reading that fits, and overlapping entries are all reported. */

/* A new builder whose entries and texts are normalized with `norm_options`
 * (SAHEL_NORM_* bits). NULL when out of memory. */
sahel_lexicon_builder *sahel_lexicon_builder_new(unsigned norm_options);

/* Adds an entry of `len` UCS-4 code points reporting `value` (>= 0) with
 * SAHEL_LEX_* flags. The same entry, value and flags added twice is kept once.
 * Returns SAHEL_OK; SAHEL_ERR_EMPTY when the entry normalizes to no word;
 * SAHEL_ERR_INVALID for a NULL builder or entry, a negative value, unknown flags,
 * or punctuation between the entry's words (a phrase is found only where its
 * words are joined); SAHEL_ERR_NOMEM or SAHEL_ERR_OVERFLOW. A rejected entry
 * (EMPTY, INVALID) leaves the builder as it was. */
int sahel_lexicon_builder_add(sahel_lexicon_builder *b, const uint32_t *entry, size_t len,
                              int32_t value, unsigned flags);

/* Compiles the builder into a read-only lexicon and frees the builder, on success
 * and on failure alike. An empty builder makes an empty lexicon. */
int sahel_lexicon_builder_finish(sahel_lexicon_builder *b, sahel_lexicon **out);

/* Frees a builder that was not finished. NULL is fine. */
void sahel_lexicon_builder_free(sahel_lexicon_builder *b);

void sahel_lexicon_free(sahel_lexicon *lx);

typedef struct sahel_lexicon_stats {
    size_t entries; /* distinct (entry, value, flags) */
    size_t words;   /* distinct normalized words */
    size_t nodes;   /* automaton states, the root included */
    size_t bytes;   /* memory held by the lexicon */
} sahel_lexicon_stats;

/* Zeroes *out for a NULL lexicon. */
void sahel_lexicon_stats_get(const sahel_lexicon *lx, sahel_lexicon_stats *out);

/* Columnar hits. */
typedef struct sahel_lexicon_hits {
    size_t count;
    size_t capacity;
    int32_t *value;
    size_t *start; /* original index of the first word's first character, proclitics included */
    size_t *stem;  /* original index after the conjunction and preposition: where the entry's
                    * own letters begin, its article included (in للنيجر the second ل) */
    size_t *bare;  /* original index after the article; equal to stem when there is none */
    size_t *end;   /* original index past the last matched word, with its trailing marks and
                    * tatweel; for a prefix entry, past the whole text word */
} sahel_lexicon_hits;

/* Finds the entries in `len` code points at `text`, `kind` bytes wide (1, 2, 4),
 * appending to *out (zeroed or previously used). The new hits are in text order:
 * by start, then longest first, then by stem, bare and value; identical hits are
 * reported once. The lexicon is not modified: many threads may share it. */
int sahel_lexicon_find(const sahel_lexicon *lx, const void *text, int kind, size_t len,
                       sahel_lexicon_hits *out);

/* Frees the hits' arrays and zeroes *out. NULL is fine. */
void sahel_lexicon_hits_free(sahel_lexicon_hits *out);

#endif

/* Word scanning and proclitic analysis over UCS-4 code points (see sahel_words.h). */
#include "sahel_words.h"

#include "sahel_wordclass.h"

/* The classes are a generated table (tools/gen_chartable.py, WORD_RULES). Latin and
 * Arabic text, nearly every code point of a news text, is in U+0000-U+07FF: one load. */
static inline int
word_class(uint32_t c)
{
    if (c < 0x800) return sahel_wordclass_blocks[c];
    if (c >= SAHEL_WORDCLASS_LIMIT) return SAHEL_WC_BREAK;
    return sahel_wordclass_blocks[sahel_wordclass_stage1[c >> 8] * 256 + (c & 0xFF)];
}

int
sahel_words_class(uint32_t c)
{
    return word_class(c);
}

void
sahel_words_init(sahel_word_scanner *s, const uint32_t *text, size_t len)
{
    s->text = text;
    s->len = len;
    s->pos = 0;
    s->have_prev = 0;
}

int
sahel_words_next(sahel_word_scanner *s, sahel_word *w)
{
    const uint32_t *t = s->text;
    size_t n = s->len, i = s->pos;
    int joined = s->have_prev;

    for (;; i++) {
        if (i >= n) {
            s->pos = n;
            return 0;
        }
        int k = word_class(t[i]);
        if (k >= SAHEL_WC_LETTER) break;
        if (k == SAHEL_WC_BREAK) joined = 0;
    }
    size_t start = i++, end = i;
    while (i < n) {
        int k = word_class(t[i]);
        if (k >= SAHEL_WC_LETTER) {
            end = ++i;
        }
        else if (k == SAHEL_WC_MARK) {
            /* A mark belongs to the letter (or mark) right before it. */
            if (end == i) end = i + 1;
            i++;
        }
        else if (k == SAHEL_WC_JOINER) {
            i++;
        }
        else {
            break;
        }
    }
    /* Joiners after the last letter are left to the gap, where they separate. */
    s->pos = end;
    s->have_prev = 1;
    w->start = start;
    w->end = end;
    w->joined = joined;
    return 1;
}

void
sahel_words_resume_after(sahel_word_scanner *s, const sahel_word *w)
{
    s->pos = w->end;
    s->have_prev = 1;
}

enum { ALEF = 0x0627, BEH = 0x0628, FEH = 0x0641, KAF = 0x0643, LAM = 0x0644, WAW = 0x0648 };

/* Past the letter at i and the marks and joiners written on it. */
static inline size_t
past_letter(const uint32_t *w, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        int k = word_class(w[i]);
        if (k != SAHEL_WC_MARK && k != SAHEL_WC_JOINER) break;
    }
    return i;
}

/* Whether w[from, len) holds two letters or digits: the least a split stem keeps.
 * Looks no further than the second one, so long words cost nothing more. */
static inline int
two_letters(const uint32_t *w, size_t from, size_t len)
{
    int n = 0;
    for (size_t i = from; i < len; i++)
        if (word_class(w[i]) >= SAHEL_WC_LETTER && ++n == 2) return 1;
    return 0;
}

/* Whether w[from, len) is a number (digits only, at least one): a proclitic may stand before a
 * single digit (و8 يونيو), where a stem of letters needs two. */
static inline int
is_number(const uint32_t *w, size_t from, size_t len)
{
    if (from >= len) return 0;
    for (size_t i = from; i < len; i++)
        if (word_class(w[i]) != SAHEL_WC_DIGIT) return 0;
    return 1;
}

static void
add_reading(sahel_reading *out, size_t *n, size_t proclitic_len, size_t stem, int article)
{
    /* Insertion by stem keeps the documented order whatever the parse order. */
    size_t i = *n;
    while (i > 0 && out[i - 1].stem > stem) {
        out[i] = out[i - 1];
        i--;
    }
    out[i].proclitic_len = (uint32_t)proclitic_len;
    out[i].stem = (uint32_t)stem;
    out[i].has_article = article;
    (*n)++;
}

size_t
sahel_words_readings(const uint32_t *w, size_t len, sahel_reading out[SAHEL_READINGS_MAX])
{
    if (len == 0) return 0;
    size_t n = 0;
    out[n].proclitic_len = 0;
    out[n].stem = 0;
    out[n].has_article = 0;
    n++;
    uint32_t c0 = w[0];
    /* Every split needs one of these first letters: most words stop here. */
    if (!sahel_words_may_split(c0)) return n;

    size_t conj_end[2] = {0, 0};
    int nconj = 1;
    if (c0 == WAW || c0 == FEH) conj_end[nconj++] = past_letter(w, len, 0);

    for (int ci = 0; ci < nconj; ci++) {
        size_t c = conj_end[ci];
        size_t prep_end[2] = {c, 0};
        int nprep = 1;
        uint32_t prep = c < len ? w[c] : 0;
        if (prep == BEH || prep == KAF || prep == LAM) prep_end[nprep++] = past_letter(w, len, c);

        for (int pi = 0; pi < nprep; pi++) {
            size_t p = prep_end[pi];
            if (p > 0 && (two_letters(w, p, len) || is_number(w, p, len)))
                add_reading(out, &n, p, p, 0);
            if (p >= len) continue;
            if (pi == 1 && prep == LAM) {
                /* ل + ال is written لل: the article's alef falls. */
                if (w[p] == LAM) {
                    size_t a = past_letter(w, len, p);
                    if (two_letters(w, a, len)) add_reading(out, &n, p, a, 1);
                }
            }
            else if (w[p] == ALEF) {
                size_t a = past_letter(w, len, p);
                if (a < len && w[a] == LAM) {
                    a = past_letter(w, len, a);
                    if (two_letters(w, a, len)) add_reading(out, &n, p, a, 1);
                }
            }
        }
    }
    return n;
}

size_t
sahel_words_strip_article(const uint32_t *w, size_t len, int *has_article)
{
    *has_article = 0;
    if (len == 0 || w[0] != ALEF) return 0;
    size_t a = past_letter(w, len, 0);
    if (a >= len || w[a] != LAM) return 0;
    size_t stem = past_letter(w, len, a);
    if (!two_letters(w, stem, len)) return 0;
    *has_article = 1;
    return stem;
}

/* Word scanning and proclitic analysis over UCS-4 code points (see sahel_words.h). */
#include "sahel_words.h"

/* Letters and digits outside ASCII and the Arabic block, as simple ranges:
 * good enough to keep foreign names whole; not a Unicode property table. */
static int
class_other(uint32_t c)
{
    if (c < 0x0100) {
        if (c == 0x00A0) return SAHEL_WC_SEPARATOR;       /* no-break space */
        if (c == 0x00AD) return SAHEL_WC_SEPARATOR;       /* soft hyphen */
        if (c == 0x00AA || c == 0x00B5 || c == 0x00BA) return SAHEL_WC_LETTER;
        if (c >= 0x00C0 && c != 0x00D7 && c != 0x00F7) return SAHEL_WC_LETTER;
        return SAHEL_WC_BREAK;
    }
    if (c < 0x0600) {
        if (c < 0x02B0) return SAHEL_WC_LETTER;           /* Latin Extended-A/B, IPA */
        if (c < 0x0300) return SAHEL_WC_BREAK;            /* spacing modifiers */
        if (c < 0x0370) return SAHEL_WC_MARK;             /* combining diacritics */
        if (c < 0x0400) return (c == 0x037E || c == 0x0387) ? SAHEL_WC_BREAK : SAHEL_WC_LETTER;
        if (c >= 0x0483 && c <= 0x0489) return SAHEL_WC_MARK;
        if (c < 0x0530) return c == 0x0482 ? SAHEL_WC_BREAK : SAHEL_WC_LETTER; /* Cyrillic */
        if ((c >= 0x0531 && c <= 0x0556) || (c >= 0x0561 && c <= 0x0587)) return SAHEL_WC_LETTER;
        if (c >= 0x0591 && c <= 0x05BD) return SAHEL_WC_MARK;
        if (c >= 0x05D0 && c <= 0x05EA) return SAHEL_WC_LETTER;
        return SAHEL_WC_BREAK;
    }
    if (c < 0x0700) {
        /* The Arabic block, past the fast path in word_class(). */
        if (c >= 0x0610 && c <= 0x061A) return SAHEL_WC_MARK;
        if (c == 0x061C) return SAHEL_WC_SEPARATOR;       /* Arabic letter mark */
        if (c == 0x0620) return SAHEL_WC_LETTER;
        if (c == 0x0640) return SAHEL_WC_JOINER;          /* tatweel */
        if (c >= 0x064B && c <= 0x065F) return SAHEL_WC_MARK;
        if (c >= 0x0660 && c <= 0x0669) return SAHEL_WC_DIGIT;
        if (c == 0x066E || c == 0x066F) return SAHEL_WC_LETTER;
        if (c == 0x0670) return SAHEL_WC_MARK;
        if (c >= 0x0671 && c <= 0x06D3) return SAHEL_WC_LETTER;
        if (c == 0x06D5) return SAHEL_WC_LETTER;
        if ((c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 ||
            c == 0x06E8 || (c >= 0x06EA && c <= 0x06ED))
            return SAHEL_WC_MARK;
        if (c == 0x06E5 || c == 0x06E6) return SAHEL_WC_LETTER;
        if (c >= 0x06F0 && c <= 0x06F9) return SAHEL_WC_DIGIT;
        if (c >= 0x06EE) return SAHEL_WC_LETTER;
        return SAHEL_WC_BREAK;                            /* signs, punctuation */
    }
    if (c < 0x2000) {
        if (c >= 0x0710 && c <= 0x072F) return SAHEL_WC_LETTER; /* Syriac */
        if (c >= 0x0750 && c <= 0x077F) return SAHEL_WC_LETTER; /* Arabic Supplement */
        if (c >= 0x0780 && c <= 0x07B1) return SAHEL_WC_LETTER; /* Thaana */
        if (c >= 0x07CA && c <= 0x07EA) return SAHEL_WC_LETTER; /* N'Ko */
        if (c >= 0x07EB && c <= 0x07F3) return SAHEL_WC_MARK;
        if (c >= 0x08A0 && c <= 0x08C9) return SAHEL_WC_LETTER; /* Arabic Extended-A */
        if (c >= 0x08CA && c <= 0x08FF) return c == 0x08E2 ? SAHEL_WC_BREAK : SAHEL_WC_MARK;
        if (c >= 0x0900 && c <= 0x0DFF) return SAHEL_WC_LETTER; /* Indic scripts, signs included */
        if ((c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E4E)) return SAHEL_WC_LETTER;
        if (c >= 0x10A0 && c <= 0x10FF) return SAHEL_WC_LETTER; /* Georgian */
        if (c >= 0x1100 && c <= 0x11FF) return SAHEL_WC_LETTER; /* Hangul Jamo */
        if (c >= 0x1200 && c <= 0x135A) return SAHEL_WC_LETTER; /* Ethiopic */
        if (c == 0x1680) return SAHEL_WC_SEPARATOR;
        if (c >= 0x1AB0 && c <= 0x1AFF) return SAHEL_WC_MARK;
        if (c >= 0x1DC0 && c <= 0x1DFF) return SAHEL_WC_MARK;
        if (c >= 0x1E00) return SAHEL_WC_LETTER;          /* Latin and Greek Extended */
        return SAHEL_WC_BREAK;
    }
    if (c < 0x2070) {
        if (c <= 0x200A) return SAHEL_WC_SEPARATOR;       /* en quad ... hair space */
        if (c == 0x200C || c == 0x200D) return SAHEL_WC_JOINER;
        if (c <= 0x200F) return SAHEL_WC_SEPARATOR;       /* ZWSP, LRM, RLM */
        if (c == 0x2010 || c == 0x2011) return SAHEL_WC_SEPARATOR; /* hyphens */
        if (c >= 0x202A && c <= 0x202F) return SAHEL_WC_SEPARATOR; /* bidi embeddings, NNBSP */
        if (c == 0x205F || c == 0x2060) return SAHEL_WC_SEPARATOR;
        if (c >= 0x2066 && c <= 0x2069) return SAHEL_WC_SEPARATOR; /* bidi isolates */
        return SAHEL_WC_BREAK;
    }
    if (c >= 0x20D0 && c <= 0x20FF) return SAHEL_WC_MARK;
    if (c >= 0x2D30 && c <= 0x2D7F) return SAHEL_WC_LETTER; /* Tifinagh */
    if (c == 0x3000) return SAHEL_WC_SEPARATOR;
    if (c >= 0x3040 && c <= 0x30FF) return SAHEL_WC_LETTER;
    if (c >= 0x3400 && c <= 0x4DBF) return SAHEL_WC_LETTER;
    if (c >= 0x4E00 && c <= 0x9FFF) return SAHEL_WC_LETTER;
    if (c >= 0xAC00 && c <= 0xD7A3) return SAHEL_WC_LETTER;
    if (c >= 0xFB1D && c <= 0xFB4F) return SAHEL_WC_LETTER; /* Hebrew presentation forms */
    if (c >= 0xFB50 && c <= 0xFDFF) return (c == 0xFD3E || c == 0xFD3F) ? SAHEL_WC_BREAK : SAHEL_WC_LETTER;
    if (c >= 0xFE00 && c <= 0xFE0F) return SAHEL_WC_MARK;  /* variation selectors */
    if (c >= 0xFE20 && c <= 0xFE2F) return SAHEL_WC_MARK;
    if (c >= 0xFE70 && c <= 0xFEFC) return SAHEL_WC_LETTER; /* Arabic presentation forms-B */
    if (c == 0xFEFF) return SAHEL_WC_SEPARATOR;            /* BOM, zero-width no-break space */
    if (c >= 0xFF10 && c <= 0xFF19) return SAHEL_WC_DIGIT;
    if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return SAHEL_WC_LETTER;
    if (c >= 0x1EE00 && c <= 0x1EEFF) return SAHEL_WC_LETTER; /* Arabic mathematical letters */
    return SAHEL_WC_BREAK;
}

/* Arabic letters and ASCII first: nearly every code point of a news text. */
static inline int
word_class(uint32_t c)
{
    if (c - 0x0621u <= 0x064Au - 0x0621u && c != 0x0640) return SAHEL_WC_LETTER;
    if (c < 0x80) {
        if ((c | 0x20u) - 'a' <= 'z' - 'a') return SAHEL_WC_LETTER;
        if (c - '0' <= 9u) return SAHEL_WC_DIGIT;
        /* '#' and '_' join the words of hashtags (#تنظيم_القاعدة) like a space. */
        if (c == ' ' || c == '\t' || c == '-' || c == '#' || c == '_') return SAHEL_WC_SEPARATOR;
        return SAHEL_WC_BREAK;
    }
    return class_other(c);
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

enum {
    ALEF = 0x0627,
    BEH = 0x0628,
    FEH = 0x0641,
    KAF = 0x0643,
    LAM = 0x0644,
    WAW = 0x0648
};

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
            if (p > 0 && two_letters(w, p, len)) add_reading(out, &n, p, p, 0);
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

/* Check suite for the words of a text and the lexicon automaton (sahel_lexicon.h). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sahel_lexicon.h"
#include "sahel_normalize.h"
#include "sahel_words.h"
#include "utf8_helpers.h"

#define MAXCP 512

/* The steps the tests rely on; each is one independent SAHEL_NORM_* option. */
#define OPTIONS                                                                                 \
    (SAHEL_NORM_DIACRITICS | SAHEL_NORM_EXTENDED_MARKS | SAHEL_NORM_TATWEEL | SAHEL_NORM_ALEF | \
     SAHEL_NORM_ALEF_MAKSURA | SAHEL_NORM_INVISIBLE)

static void
append_str(char *buf, size_t cap, const char *s)
{
    ck_assert_uint_lt(strlen(buf) + strlen(s), cap);
    strcat(buf, s);
}

/* Packs code points into a `kind`-wide array (malloc'd). */
static void *
pack(const uint32_t *cps, size_t n, int kind)
{
    void *p = malloc((n ? n : 1) * (size_t)kind);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < n; i++) {
        if (kind == 1) ((uint8_t *)p)[i] = (uint8_t)cps[i];
        else if (kind == 2) ((uint16_t *)p)[i] = (uint16_t)cps[i];
        else ((uint32_t *)p)[i] = cps[i];
    }
    return p;
}

static int
narrowest_kind(const uint32_t *cps, size_t n)
{
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++)
        if (cps[i] > max) max = cps[i];
    return max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
}

/* ---- the test lexicon ---- */

enum {
    NIGER = 1,
    MALI = 2,
    AGREE = 3,
    AGREE_STEM = 4,
    USA = 5,
    AES = 6,
    BURKINA = 7,
    CAPITAL = 8,
    LAN = 9,
    LEBANON = 10,
    COOP = 11,
    THE_AGREE_STEM = 12,
    SAHEL = 13,
    LIBYA = 15,
    YBYA = 16
};

typedef struct entry_def {
    const char *entry;
    int32_t value;
    unsigned flags;
} entry_def;

static const entry_def lexicon[] = {
    {"النيجر", NIGER, 0},
    {"مالي", MALI, 0},
    {"اتفاق", AGREE, 0},
    {"اتفاق", AGREE_STEM, SAHEL_LEX_PREFIX},
    {"الاتفاق", THE_AGREE_STEM, SAHEL_LEX_PREFIX},
    {"الولايات المتحدة", USA, 0},
    {"الولايات المتحدة الأمريكية", USA, 0},
    {"AES", AES, SAHEL_LEX_NO_PROCLITICS},
    {"الساحل", SAHEL, SAHEL_LEX_NO_PROCLITICS},
    {"بوركينا فاسو", BURKINA, 0},
    {"العاصمة", CAPITAL, 0},
    {"لن", LAN, 0},
    {"لبنان", LEBANON, 0},
    {"تعاون عسكر", COOP, SAHEL_LEX_PREFIX},
    {"ليبيا", LIBYA, 0},
    {"يبيا", YBYA, 0},
    {"مالي", MALI, 0}, /* an exact duplicate, kept once */
};
#define DISTINCT_ENTRIES 16

static sahel_lexicon *
build(unsigned options, const entry_def *entries, size_t n)
{
    sahel_lexicon_builder *b = sahel_lexicon_builder_new(options);
    ck_assert_ptr_nonnull(b);
    uint32_t cps[MAXCP];
    for (size_t i = 0; i < n; i++) {
        size_t len = decode(entries[i].entry, cps, MAXCP);
        ck_assert_int_eq(sahel_lexicon_builder_add(b, cps, len, entries[i].value, entries[i].flags),
                         SAHEL_OK);
    }
    sahel_lexicon *lx = NULL;
    ck_assert_int_eq(sahel_lexicon_builder_finish(b, &lx), SAHEL_OK);
    ck_assert_ptr_nonnull(lx);
    return lx;
}

static sahel_lexicon *
build_default(void)
{
    return build(OPTIONS, lexicon, sizeof lexicon / sizeof *lexicon);
}

/* Checks what holds for every result, then renders each hit as
 * "value:proclitics|article|rest" (text[start:stem], text[stem:bare], text[bare:end]),
 * separated by " ; ". */
static void
render(const uint32_t *t, size_t n, const sahel_lexicon_hits *h, size_t from, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = from; i < h->count; i++) {
        ck_assert_uint_le(h->start[i], h->stem[i]);
        ck_assert_uint_le(h->stem[i], h->bare[i]);
        ck_assert_uint_lt(h->bare[i], h->end[i]);
        ck_assert_uint_le(h->end[i], n);
        if (i > from) {
            /* by start, then longest first, then stem, bare, value; no duplicates */
            ck_assert_uint_le(h->start[i - 1], h->start[i]);
            if (h->start[i - 1] == h->start[i]) {
                ck_assert_uint_ge(h->end[i - 1], h->end[i]);
                if (h->end[i - 1] == h->end[i] && h->stem[i - 1] == h->stem[i] &&
                    h->bare[i - 1] == h->bare[i])
                    ck_assert_int_lt(h->value[i - 1], h->value[i]);
            }
            append_str(buf, cap, " ; ");
        }
        char head[32];
        snprintf(head, sizeof head, "%d:", (int)h->value[i]);
        append_str(buf, cap, head);
        append(buf, cap, t + h->start[i], h->stem[i] - h->start[i]);
        append_str(buf, cap, "|");
        append(buf, cap, t + h->stem[i], h->bare[i] - h->stem[i]);
        append_str(buf, cap, "|");
        append(buf, cap, t + h->bare[i], h->end[i] - h->bare[i]);
    }
}

/* Runs the lexicon over UTF-8 text in the given width (0: the narrowest that holds it). */
static void
find_rendered(const sahel_lexicon *lx, const char *text, int kind, char *buf, size_t cap)
{
    static uint32_t t[4096];
    size_t n = decode(text, t, sizeof t / sizeof *t);
    if (kind == 0) kind = narrowest_kind(t, n);
    void *packed = pack(t, n, kind);
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, packed, kind, n, &h), SAHEL_OK);
    render(t, n, &h, 0, buf, cap);
    sahel_lexicon_hits_free(&h);
    free(packed);
}

typedef struct find_case {
    const char *text;
    const char *want;
} find_case;

static void
check_case(const sahel_lexicon *lx, const find_case *c)
{
    char got[4096];
    find_rendered(lx, c->text, 0, got, sizeof got);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s: got «%s», want «%s»", c->text, got, c->want);
}

/* ---- proclitics and the article ---- */

static const find_case proclitic_cases[] = {
    {"مالي", "2:||مالي"},
    {"ومالي", "2:و||مالي"},
    {"فمالي", "2:ف||مالي"},
    {"بمالي", "2:ب||مالي"},
    {"كمالي", "2:ك||مالي"},
    {"لمالي", "2:ل||مالي"},
    {"وبمالي", "2:وب||مالي"},
    {"فلمالي", "2:فل||مالي"},
    {"فلن", "9:ف||لن"},
    {"لن", "9:||لن"},
    {"ولن", "9:و||لن"},
    {"وباتفاق", "3:وب||اتفاق ; 4:وب||اتفاق"},
    /* a stem that begins with ل */
    {"للبنان", "10:ل||لبنان"},
    {"ولبنان", "10:و||لبنان"},
    /* two readings of one word, each found */
    {"لليبيا", "15:ل||ليبيا ; 16:ل|ل|يبيا"},
    /* not proclitics: letters the stem cannot spare, or a stranger letter */
    {"سمالي", ""},
    {"ن", ""},
    {"مالية", ""},
    {"الماليين", ""},
};

/* An entry written with ال needs an article in the text (ال, or the ل of لل);
 * one written without may have one. */
static const find_case article_cases[] = {
    {"النيجر", "1:|ال|نيجر"},
    {"والنيجر", "1:و|ال|نيجر"},
    {"بالنيجر", "1:ب|ال|نيجر"},
    {"وبالنيجر", "1:وب|ال|نيجر"},
    {"للنيجر", "1:ل|ل|نيجر"},
    {"وللنيجر", "1:ول|ل|نيجر"},
    {"فللنيجر", "1:فل|ل|نيجر"},
    {"نيجر", ""},
    {"ونيجر", ""},
    {"بالعاصمة", "8:ب|ال|عاصمة"},
    {"للعاصمة", "8:ل|ل|عاصمة"},
    {"عاصمة", ""},
    {"المالي", "2:|ال|مالي"},
    {"والمالي", "2:و|ال|مالي"},
    {"للمالي", "2:ل|ل|مالي"},
    {"الاتفاق", "3:|ال|اتفاق ; 4:|ال|اتفاق ; 12:|ال|اتفاق"},
    {"للاتفاق", "3:ل|ل|اتفاق ; 4:ل|ل|اتفاق ; 12:ل|ل|اتفاق"},
    /* no proclitics: the word as written, article included */
    {"AES", "6:||AES"},
    {"وAES", ""},
    {"AESX", ""},
    {"الساحل", "13:|ال|ساحل"},
    {"والساحل", ""},
    {"ساحل", ""},
    {"للساحل", ""},
};

/* Prefix entries: the last word begins the text word. */
static const find_case prefix_cases[] = {
    {"اتفاق", "3:||اتفاق ; 4:||اتفاق"},
    {"اتفاقية", "4:||اتفاقية"},
    {"باتفاقية", "4:ب||اتفاقية"},
    {"والاتفاقيات", "4:و|ال|اتفاقيات ; 12:و|ال|اتفاقيات"},
    {"للاتفاقية", "4:ل|ل|اتفاقية ; 12:ل|ل|اتفاقية"},
    {"اتفا", ""},
    {"الاتفا", ""},
    {"واتفاقية", "4:و||اتفاقية"},
    {"تعاون عسكري", "11:||تعاون عسكري"},
    {"التعاون العسكري", ""}, /* later words as written: no article taken off */
    {"التعاون عسكريا", "11:|ال|تعاون عسكريا"},
    {"تعاون", ""},
    {"تعاونا عسكريا", ""}, /* only the last word is a prefix */
};

/* Phrases: across spaces, tatweel, marks and invisible controls; not across punctuation. */
static const find_case phrase_cases[] = {
    {"الولايات المتحدة", "5:|ال|ولايات المتحدة"},
    {"والولايات المتحدة", "5:و|ال|ولايات المتحدة"},
    {"للولايات المتحدة", "5:ل|ل|ولايات المتحدة"},
    {"الولايات المتحدة الأمريكية", "5:|ال|ولايات المتحدة الأمريكية ; 5:|ال|ولايات المتحدة"},
    {"الولايات   المتحدة", "5:|ال|ولايات   المتحدة"},
    {"الولايات\tالمتحدة", "5:|ال|ولايات\tالمتحدة"},
    {"الولايات ـــ المتحدة", "5:|ال|ولايات ـــ المتحدة"},
    {"الولايات َ المتحدة", "5:|ال|ولايات َ المتحدة"},
    {"الولايات \u200fالمتحدة", "5:|ال|ولايات \u200fالمتحدة"},
    {"الوِلايات المُتّحدة", "5:|ال|وِلايات المُتّحدة"},
    {"بوركينا-فاسو", "7:||بوركينا-فاسو"},
    {"الولايات، المتحدة", ""},
    {"الولايات.المتحدة", ""},
    {"الولايات\nالمتحدة", ""},
    {"الولايات 😀 المتحدة", ""},
    {"الولايات والمتحدة", ""},
    {"الولايات", ""},
    {"مالي والنيجر، ومالي", "2:||مالي ; 1:و|ال|نيجر ; 2:و||مالي"},
    {"اتفاق الولايات المتحدة", "3:||اتفاق ; 4:||اتفاق ; 5:|ال|ولايات المتحدة"},
};

START_TEST(test_proclitics)
{
    sahel_lexicon *lx = build_default();
    check_case(lx, &proclitic_cases[_i]);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_article)
{
    sahel_lexicon *lx = build_default();
    check_case(lx, &article_cases[_i]);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_prefix)
{
    sahel_lexicon *lx = build_default();
    check_case(lx, &prefix_cases[_i]);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_phrases)
{
    sahel_lexicon *lx = build_default();
    check_case(lx, &phrase_cases[_i]);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_unnormalized)
{
    /* Without normalization, marks and tatweel inside a word keep it from an entry. */
    static const entry_def entries[] = {{"مصر", 1, 0}, {"مصر", 2, SAHEL_LEX_PREFIX}};
    static const find_case cases[] = {
        {"مصر", "1:||مصر ; 2:||مصر"},    {"مصـر", ""}, {"مصرَ", "2:||مصرَ"}, {"ومصري", "2:و||مصري"},
        {"مصرـ", "1:||مصرـ ; 2:||مصرـ"},
    };
    sahel_lexicon *lx = build(0, entries, 2);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check_case(lx, &cases[i]);
    sahel_lexicon_free(lx);
}
END_TEST

/* ---- spans in the original text ---- */

typedef struct span_case {
    const char *text;
    int kind; /* 0: the narrowest */
    int32_t value;
    size_t start, stem, bare, end;
} span_case;

static const span_case span_cases[] = {
    {"مالي", 0, MALI, 0, 0, 0, 4},
    {"في مالي.", 0, MALI, 3, 3, 3, 7},
    {"والنَّيجر", 0, NIGER, 0, 1, 3, 9},
    {"وَالنيجر", 0, NIGER, 0, 2, 4, 8},
    {"وَالْنيجر", 0, NIGER, 0, 2, 5, 9},
    {"للنيجر", 0, NIGER, 0, 1, 2, 6},
    {"لِلنيجر", 0, NIGER, 0, 2, 3, 7},
    {"بالعاصمة،", 0, CAPITAL, 0, 1, 3, 8},
    /* marks and tatweel right after the last word belong to the hit */
    {"النيجرَ ", 0, NIGER, 0, 0, 2, 7},
    {"النيجرـَـ،", 0, NIGER, 0, 0, 2, 9},
    {"النيجر\u200f ", 0, NIGER, 0, 0, 2, 6},
    {"\u200f\u200fوالنيجر\u200f", 0, NIGER, 2, 3, 5, 9},
    {"مـــالي", 0, MALI, 0, 0, 0, 7},
    {"الولايات \u200fالمتحدة\u200f", 0, USA, 0, 0, 2, 17},
    /* a prefix entry ends where the text word ends */
    {"باتفاقيةٍ ", 0, AGREE_STEM, 0, 1, 1, 9},
    /* widths: an emoji before the hit is one code point */
    {"😀 مالي", 4, MALI, 2, 2, 2, 6},
    {"😀😀والنيجر😀", 4, NIGER, 2, 3, 5, 9},
    {"في مالي", 4, MALI, 3, 3, 3, 7},
    {"في مالي", 2, MALI, 3, 3, 3, 7},
    {"le AES.", 1, AES, 3, 3, 3, 6},
    {"café AES", 1, AES, 5, 5, 5, 8},
    {"café AES", 2, AES, 5, 5, 5, 8},
    {"café AES", 4, AES, 5, 5, 5, 8},
};

START_TEST(test_spans)
{
    const span_case *c = &span_cases[_i];
    sahel_lexicon *lx = build_default();
    uint32_t t[MAXCP];
    size_t n = decode(c->text, t, MAXCP);
    int kind = c->kind ? c->kind : narrowest_kind(t, n);
    void *packed = pack(t, n, kind);
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, packed, kind, n, &h), SAHEL_OK);
    size_t k = 0;
    while (k < h.count && h.value[k] != c->value) k++;
    ck_assert_msg(k < h.count, "%s: no hit of value %d", c->text, (int)c->value);
    ck_assert_msg(h.start[k] == c->start && h.stem[k] == c->stem && h.bare[k] == c->bare &&
                      h.end[k] == c->end,
                  "%s: got %zu/%zu/%zu/%zu, want %zu/%zu/%zu/%zu", c->text, h.start[k], h.stem[k],
                  h.bare[k], h.end[k], c->start, c->stem, c->bare, c->end);
    sahel_lexicon_hits_free(&h);
    free(packed);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_kinds_agree)
{
    /* The same text in every width that holds it gives the same hits. */
    static const char *texts[] = {"AES, Niger and AES", "café AES", "في مالي والنيجر وباتفاقية"};
    sahel_lexicon *lx = build_default();
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char want[1024], got[1024];
        find_rendered(lx, texts[i], 4, want, sizeof want);
        ck_assert_str_ne(want, "");
        find_rendered(lx, texts[i], 2, got, sizeof got);
        ck_assert_str_eq(got, want);
        if (i < 2) {
            find_rendered(lx, texts[i], 1, got, sizeof got);
            ck_assert_str_eq(got, want);
        }
    }
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_presentation_forms)
{
    /* NFKC expands a ligature into several code points, U+FDFA into four words:
     * spans fall on the original code points, and the hits stay sorted and distinct. */
    static const entry_def entries[] = {
        {"الله", 1, 0}, {"صلى", 2, 0}, {"لا", 3, 0}, {"عليه وسلم", 4, 0}};
    sahel_lexicon *lx = build(SAHEL_NORM_PRESET_SEARCH, entries, 4);
    uint32_t t[MAXCP];
    size_t n = decode("محمد \uFDFA ﻻ", t, MAXCP);
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    char got[1024];
    render(t, n, &h, 0, got, sizeof got);
    ck_assert_uint_eq(h.count, 4);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(h.start[i], 5);
        ck_assert_uint_eq(h.end[i], 6);
    }
    ck_assert_int_eq(h.value[3], 3);
    ck_assert_uint_eq(h.start[3], 7);
    ck_assert_uint_eq(h.end[3], 8);
    sahel_lexicon_hits_free(&h);
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_appends)
{
    sahel_lexicon *lx = build_default();
    uint32_t t[MAXCP];
    size_t n = decode("مالي والنيجر", t, MAXCP);
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, 2);
    for (int k = 0; k < 20; k++) ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, 42);
    ck_assert_int_eq(h.value[40], MALI);
    ck_assert_int_eq(h.value[41], NIGER);
    ck_assert_uint_eq(h.stem[41], 6);
    ck_assert_uint_eq(h.bare[41], 8);
    sahel_lexicon_hits_free(&h);
    ck_assert_uint_eq(h.count, 0);
    ck_assert_ptr_null(h.value);
    sahel_lexicon_hits_free(&h);
    sahel_lexicon_hits_free(NULL);
    sahel_lexicon_free(lx);
}
END_TEST

/* ---- the words of a text: "|word@start-end" after a break, "+word@start-end" when joined ---- */

static const struct {
    const char *text;
    unsigned options;
    const char *words;
} text_word_cases[] = {
    {"", OPTIONS, ""},
    {" ،. ", OPTIONS, ""},
    {"مالي", OPTIONS, "|مالي@0-4"},
    {"في مالي، والنيجر", OPTIONS, "|في@0-2+مالي@3-7|والنيجر@9-16"},
    {"وَالنَّيجر", OPTIONS, "|والنيجر@0-10"},
    {"وَالنَّيجر", 0, "|وَالنَّيجر@0-10"},
    {"مصرَ ـ النيجرـ", OPTIONS, "|مصر@0-4+النيجر@7-14"},
    {"مـــالي\u200f مالي", OPTIONS, "|مالي@0-7+مالي@9-13"},
    {"😀مالي😀", OPTIONS, "|مالي@1-5"},
    {"café-crème", OPTIONS, "|café@0-4+crème@5-10"},
    {"أنغولا ٢٠٢٤", SAHEL_NORM_PRESET_SEARCH, "|انغولا@0-6+2024@7-11"},
    {"ﺃﻧﻐﻮﻻ", SAHEL_NORM_PRESET_SEARCH, "|انغولا@0-5"},
};

START_TEST(test_text_words)
{
    uint32_t t[MAXCP];
    size_t n = decode(text_word_cases[_i].text, t, MAXCP);
    for (int kind = 4; kind >= 1; kind /= 2) {
        if (kind < narrowest_kind(t, n)) break;
        void *packed = pack(t, n, kind);
        sahel_text_words tw;
        memset(&tw, 0xAB, sizeof tw); /* overwritten, not read */
        ck_assert_int_eq(sahel_text_words_scan(packed, kind, n, text_word_cases[_i].options, &tw),
                         SAHEL_OK);
        char got[1024] = "";
        for (size_t i = 0; i < tw.count; i++) {
            ck_assert_uint_lt(tw.norm_start[i], tw.norm_end[i]);
            ck_assert_uint_le(tw.norm_end[i], tw.norm_len);
            ck_assert_uint_lt(tw.start[i], tw.end[i]);
            ck_assert_uint_le(tw.end[i], n);
            append_str(got, sizeof got, tw.joined[i] ? "+" : "|");
            append(got, sizeof got, tw.norm + tw.norm_start[i], tw.norm_end[i] - tw.norm_start[i]);
            char span[48];
            snprintf(span, sizeof span, "@%zu-%zu", tw.start[i], tw.end[i]);
            append_str(got, sizeof got, span);
        }
        ck_assert_msg(strcmp(got, text_word_cases[_i].words) == 0,
                      "%s (kind %d): got «%s», want «%s»", text_word_cases[_i].text, kind, got,
                      text_word_cases[_i].words);
        sahel_text_words_free(&tw);
        ck_assert_uint_eq(tw.count, 0);
        ck_assert_ptr_null(tw.norm);
        free(packed);
    }
}
END_TEST

START_TEST(test_text_words_errors)
{
    sahel_text_words tw = {0};
    uint32_t t[4] = {0x0645, 0x0635, 0x0631, 0};
    ck_assert_int_eq(sahel_text_words_scan(t, 3, 3, OPTIONS, &tw), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_text_words_scan(NULL, 4, 3, OPTIONS, &tw), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_text_words_scan(t, 4, 3, OPTIONS, NULL), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_text_words_scan(NULL, 4, 0, OPTIONS, &tw), SAHEL_OK);
    ck_assert_uint_eq(tw.count, 0);
    ck_assert_ptr_null(tw.norm);
    /* a text that normalizes to nothing */
    uint32_t marks[3] = {0x064E, 0x0640, 0x0651};
    ck_assert_int_eq(sahel_text_words_scan(marks, 4, 3, OPTIONS, &tw), SAHEL_OK);
    ck_assert_uint_eq(tw.count, 0);
    sahel_text_words_free(&tw);
    sahel_text_words_free(NULL);
}
END_TEST

/* ---- building ---- */

START_TEST(test_build_errors)
{
    sahel_lexicon_builder *b = sahel_lexicon_builder_new(OPTIONS);
    ck_assert_ptr_nonnull(b);
    uint32_t t[MAXCP];
    size_t n;
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, 0, 1, 0), SAHEL_ERR_EMPTY);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, NULL, 0, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("...", t, MAXCP);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("َ ـ", t, MAXCP);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("مالي، النيجر", t, MAXCP); /* punctuation inside a phrase */
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, 1, 0), SAHEL_ERR_INVALID);
    n = decode("مالي", t, MAXCP);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, -1, 0), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, 1, 1u << 2), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, NULL, 3, 1, 0), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_builder_add(NULL, t, n, 1, 0), SAHEL_ERR_INVALID);
    /* punctuation around an entry is no phrase break */
    n = decode("(مالي)", t, MAXCP);
    ck_assert_int_eq(sahel_lexicon_builder_add(b, t, n, 1, 0), SAHEL_OK);
    sahel_lexicon *lx = NULL;
    ck_assert_int_eq(sahel_lexicon_builder_finish(b, &lx), SAHEL_OK);
    sahel_lexicon_stats st;
    sahel_lexicon_stats_get(lx, &st);
    ck_assert_uint_eq(st.entries, 1);
    ck_assert_uint_eq(st.words, 1); /* the rejected entries interned nothing */
    ck_assert_uint_eq(st.nodes, 2);
    sahel_lexicon_hits h = {0};
    n = decode("مالي", t, MAXCP);
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 3, n, &h), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_find(lx, NULL, 4, 2, &h), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, NULL), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_find(NULL, t, 4, n, &h), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_lexicon_find(lx, NULL, 4, 0, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, 0);
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, 1);
    sahel_lexicon_hits_free(&h);
    sahel_lexicon_free(lx);
    sahel_lexicon_free(NULL);
    sahel_lexicon_builder_free(NULL);
    ck_assert_int_eq(sahel_lexicon_builder_finish(NULL, &lx), SAHEL_ERR_INVALID);
    ck_assert_ptr_null(lx);
    ck_assert_int_eq(sahel_lexicon_builder_finish(sahel_lexicon_builder_new(0), NULL),
                     SAHEL_ERR_INVALID);
}
END_TEST

START_TEST(test_empty_lexicon)
{
    sahel_lexicon *lx = NULL;
    ck_assert_int_eq(sahel_lexicon_builder_finish(sahel_lexicon_builder_new(OPTIONS), &lx),
                     SAHEL_OK);
    sahel_lexicon_stats st;
    sahel_lexicon_stats_get(lx, &st);
    ck_assert_uint_eq(st.entries, 0);
    ck_assert_uint_eq(st.words, 0);
    ck_assert_uint_eq(st.nodes, 1);
    ck_assert_uint_gt(st.bytes, 0);
    uint32_t t[MAXCP];
    size_t n = decode("مالي والنيجر", t, MAXCP);
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, 0);
    sahel_lexicon_hits_free(&h);
    sahel_lexicon_free(lx);
    sahel_lexicon_stats_get(NULL, &st);
    ck_assert_uint_eq(st.bytes, 0);
}
END_TEST

START_TEST(test_stats)
{
    sahel_lexicon *lx = build_default();
    sahel_lexicon_stats st;
    sahel_lexicon_stats_get(lx, &st);
    ck_assert_uint_eq(st.entries, DISTINCT_ENTRIES);
    /* نيجر مالي اتفاق ولايات المتحدة الامريكية AES ساحل بوركينا فاسو عاصمة لن لبنان تعاون عسكر
     * ليبيا يبيا */
    ck_assert_uint_eq(st.words, 17);
    ck_assert_uint_gt(st.bytes, st.words * sizeof(uint32_t));
    sahel_lexicon_free(lx);

    /* the same entry and value with other flags is another entry; a second value too */
    static const entry_def entries[] = {
        {"مالي", 1, 0},
        {"مالي", 1, 0},
        {"مالي", 1, SAHEL_LEX_PREFIX},
        {"مالي", 1, SAHEL_LEX_NO_PROCLITICS},
        {"مالي", 2, 0},
        {"المالي", 1, 0},
    };
    lx = build(OPTIONS, entries, sizeof entries / sizeof *entries);
    sahel_lexicon_stats_get(lx, &st);
    ck_assert_uint_eq(st.entries, 5);
    ck_assert_uint_eq(st.words, 1);
    ck_assert_uint_eq(st.nodes, 3); /* the root, مالي whole, مالي as a prefix */
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_stats_grow)
{
    sahel_lexicon_builder *b = sahel_lexicon_builder_new(OPTIONS);
    uint32_t t[8] = {0x0645, 0x0627, 0x0644, 0x064A, 0, 0, 0, 0};
    for (uint32_t i = 0; i < 5000; i++) {
        t[4] = 0x0628 + i % 20;
        t[5] = 0x0628 + i / 20 % 20;
        t[6] = 0x0628 + i / 400 % 20;
        ck_assert_int_eq(
            sahel_lexicon_builder_add(b, t, 7, (int32_t)i, i % 2 ? SAHEL_LEX_PREFIX : 0), SAHEL_OK);
    }
    sahel_lexicon *lx = NULL;
    ck_assert_int_eq(sahel_lexicon_builder_finish(b, &lx), SAHEL_OK);
    sahel_lexicon_stats st;
    sahel_lexicon_stats_get(lx, &st);
    ck_assert_uint_eq(st.entries, 5000);
    ck_assert_uint_eq(st.words, 5000);
    ck_assert_uint_eq(st.nodes, 5001);
    ck_assert_uint_gt(st.bytes, 5000 * 7 * sizeof(uint32_t));
    ck_assert_uint_lt(st.bytes, 5000 * 200);
    /* every one of them is found, the prefix ones in a longer word too */
    sahel_lexicon_hits h = {0};
    t[7] = 0x0629;
    for (uint32_t i = 0; i < 5000; i += 499) {
        t[4] = 0x0628 + i % 20;
        t[5] = 0x0628 + i / 20 % 20;
        t[6] = 0x0628 + i / 400 % 20;
        h.count = 0;
        ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, 7, &h), SAHEL_OK);
        ck_assert_uint_eq(h.count, 1);
        ck_assert_int_eq(h.value[0], (int32_t)i);
        h.count = 0;
        ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, 8, &h), SAHEL_OK);
        ck_assert_uint_eq(h.count, i % 2);
    }
    sahel_lexicon_hits_free(&h);
    sahel_lexicon_free(lx);
}
END_TEST

/* ---- robustness ---- */

START_TEST(test_odd_texts)
{
    sahel_lexicon *lx = build_default();
    const uint32_t texts[][8] = {
        {' ', ' ', '\t', 0x200F, 0x0640, 0x064E, '-', ' '},
        {0, 0x0645, 0x0627, 0x0644, 0x064A, 0, 0xD800, 0},
        {0xDC00, 0x0645, 0x0627, 0x0644, 0x064A, 0xD800, 'x', 0},
        {0x1F600, 0x0645, 0x0627, 0x0644, 0x064A, 0x10FFFF, 0xE0001, 0x1F600},
        {0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644},
        {0x0648, 0x0627, 0x0644, 0x0640, 0x0640, 0x064E, 0x200D, 0x200C},
    };
    const size_t want[] = {0, 1, 1, 1, 0, 0};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        sahel_lexicon_hits h = {0};
        int kind = i < 3 ? 2 : 4;
        void *packed = pack(texts[i], 8, kind);
        ck_assert_int_eq(sahel_lexicon_find(lx, packed, kind, 8, &h), SAHEL_OK);
        ck_assert_uint_eq(h.count, want[i]);
        if (h.count == 1) {
            ck_assert_int_eq(h.value[0], MALI);
            ck_assert_uint_eq(h.end[0] - h.start[0], 4);
        }
        sahel_lexicon_hits_free(&h);
        free(packed);
    }
    sahel_lexicon_free(lx);
}
END_TEST

START_TEST(test_huge_text)
{
    /* Ten million code points: a hit every 12, and one word of a million letters. */
    sahel_lexicon *lx = build_default();
    const char *unit = "ومالي، كتاب ";
    uint32_t u[32];
    size_t un = decode(unit, u, 32);
    size_t reps = 10000000 / un;
    size_t n = reps * un + 1000000;
    uint32_t *t = malloc(n * sizeof *t);
    ck_assert_ptr_nonnull(t);
    for (size_t r = 0; r < reps; r++) memcpy(t + r * un, u, un * sizeof *u);
    for (size_t i = reps * un; i < n; i++) t[i] = 0x0628;
    sahel_lexicon_hits h = {0};
    ck_assert_int_eq(sahel_lexicon_find(lx, t, 4, n, &h), SAHEL_OK);
    ck_assert_uint_eq(h.count, reps);
    ck_assert_uint_eq(h.start[reps - 1], (reps - 1) * un);
    ck_assert_uint_eq(h.stem[reps - 1], (reps - 1) * un + 1);
    ck_assert_uint_eq(h.end[reps - 1], (reps - 1) * un + 5);
    sahel_lexicon_hits_free(&h);
    free(t);
    sahel_lexicon_free(lx);
}
END_TEST

/* ---- a slow reference: every entry at every word under every reading ---- */

typedef struct ref_entry {
    uint32_t words[8][32];
    size_t lens[8];
    size_t nwords;
    int article;
    int32_t value;
    unsigned flags;
} ref_entry;

static void
ref_prepare(const entry_def *d, unsigned options, ref_entry *e)
{
    uint32_t cps[MAXCP];
    size_t n = decode(d->entry, cps, MAXCP);
    sahel_text_words tw = {0};
    ck_assert_int_eq(sahel_text_words_scan(cps, 4, n, options, &tw), SAHEL_OK);
    ck_assert_uint_le(tw.count, 8);
    e->nwords = tw.count;
    e->article = 0;
    e->value = d->value;
    e->flags = d->flags;
    for (size_t k = 0; k < tw.count; k++) {
        const uint32_t *w = tw.norm + tw.norm_start[k];
        size_t len = tw.norm_end[k] - tw.norm_start[k];
        if (k == 0) {
            /* the article of a dictionary word: its reading with no proclitics and an article */
            sahel_reading r[SAHEL_READINGS_MAX];
            size_t nr = sahel_words_readings(w, len, r);
            for (size_t i = 0; i < nr; i++) {
                if (r[i].proclitic_len == 0 && r[i].has_article) {
                    e->article = 1;
                    w += r[i].stem;
                    len -= r[i].stem;
                }
            }
        }
        ck_assert_uint_le(len, 32);
        memcpy(e->words[k], w, len * sizeof *w);
        e->lens[k] = len;
    }
    sahel_text_words_free(&tw);
}

static int
word_is(const uint32_t *w, size_t n, const uint32_t *e, size_t en, int prefix)
{
    if (prefix ? n < en : n != en) return 0;
    return memcmp(w, e, en * sizeof *w) == 0;
}

typedef struct ref_row {
    int32_t value;
    size_t start, stem, bare, end;
} ref_row;

static int
cmp_ref_row(const void *pa, const void *pb)
{
    const ref_row *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1;
    if (a->stem != b->stem) return a->stem < b->stem ? -1 : 1;
    if (a->bare != b->bare) return a->bare < b->bare ? -1 : 1;
    return a->value < b->value ? -1 : a->value > b->value;
}

/* The reference's hits, sorted and distinct; returns the count. */
static size_t
ref_find(const ref_entry *entries, size_t nentries, unsigned options, const uint32_t *t, size_t n,
         ref_row *rows, size_t cap)
{
    sahel_text_words tw = {0};
    ck_assert_int_eq(sahel_text_words_scan(t, 4, n, options, &tw), SAHEL_OK);
    sahel_normalized nz = {0};
    ck_assert_int_eq(sahel_normalize(t, 4, n, options, 4, 1, &nz), SAHEL_OK);
    const sahel_offsets *map = nz.changed ? &nz.offsets : NULL;
    size_t count = 0;
    for (size_t i = 0; i < tw.count; i++) {
        const uint32_t *w = tw.norm + tw.norm_start[i];
        size_t len = tw.norm_end[i] - tw.norm_start[i];
        sahel_reading r[SAHEL_READINGS_MAX];
        size_t nr = sahel_words_readings(w, len, r);
        for (size_t k = 0; k < nr; k++) {
            for (size_t j = 0; j < nentries; j++) {
                const ref_entry *e = &entries[j];
                int prefix = (e->flags & SAHEL_LEX_PREFIX) != 0;
                if (e->flags & SAHEL_LEX_NO_PROCLITICS) {
                    if (r[k].proclitic_len != 0 || r[k].has_article != e->article) continue;
                }
                else if (e->article && !r[k].has_article) {
                    continue;
                }
                if (!word_is(w + r[k].stem, len - r[k].stem, e->words[0], e->lens[0],
                             prefix && e->nwords == 1))
                    continue;
                int ok = 1;
                for (size_t m = 1; m < e->nwords && ok; m++) {
                    size_t q = i + m;
                    ok = q < tw.count && tw.joined[q] &&
                         word_is(tw.norm + tw.norm_start[q], tw.norm_end[q] - tw.norm_start[q],
                                 e->words[m], e->lens[m], prefix && m + 1 == e->nwords);
                }
                if (!ok) continue;
                ck_assert_uint_lt(count, cap);
                ref_row *row = &rows[count++];
                row->value = e->value;
                row->start = tw.start[i];
                row->stem = sahel_offsets_to_original(map, tw.norm_start[i] + r[k].proclitic_len);
                row->bare = sahel_offsets_to_original(map, tw.norm_start[i] + r[k].stem);
                row->end = tw.end[i + e->nwords - 1];
            }
        }
    }
    qsort(rows, count, sizeof *rows, cmp_ref_row);
    size_t out = 0;
    for (size_t i = 0; i < count; i++)
        if (out == 0 || cmp_ref_row(&rows[out - 1], &rows[i]) != 0) rows[out++] = rows[i];
    sahel_normalized_free(&nz);
    sahel_text_words_free(&tw);
    return out;
}

static uint32_t
next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*state >> 33);
}

START_TEST(test_against_reference)
{
    /* Random texts from the letters that matter, every width: the automaton and the
     * slow reference agree hit for hit. */
    static const uint32_t pool[] = {
        0x0627, 0x0644, 0x0646,  0x064A, 0x062C, 0x0631, 0x0645, 0x0648, 0x0641, 0x0628, 0x0643,
        0x062A, 0x0641, 0x0642,  0x0629, ' ',    ' ',    ' ',    0x064E, 0x0651, 0x0640, 0x200F,
        0x060C, '\n',   0x1F600, 0,      'A',    'E',    'S',    '-',    0x0623, 0x0639};
    static const char *chunks[] = {"مالي",  "النيجر", "اتفاق", "الولايات المتحدة",
                                   "لبنان", "ليبيا",  "عسكر",  "تعاون",
                                   "ساحل",  "لن"};
    size_t ne = sizeof lexicon / sizeof *lexicon;
    ref_entry *entries = calloc(ne, sizeof *entries);
    ck_assert_ptr_nonnull(entries);
    for (size_t j = 0; j < ne; j++) ref_prepare(&lexicon[j], OPTIONS, &entries[j]);
    sahel_lexicon *lx = build_default();
    uint64_t state = 2024;
    uint32_t t[96];
    static ref_row want[4096];
    size_t total = 0;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 0, target = next_random(&state) % 64;
        while (n < target) {
            uint32_t r = next_random(&state);
            if (r % 4 == 0) {
                uint32_t c[32];
                size_t cn = decode(chunks[r / 4 % (sizeof chunks / sizeof *chunks)], c, 32);
                if (n + cn > sizeof t / sizeof *t) break;
                memcpy(t + n, c, cn * sizeof *c);
                n += cn;
            }
            else {
                t[n++] = pool[r / 4 % (sizeof pool / sizeof *pool)];
            }
        }
        size_t nwant = ref_find(entries, ne, OPTIONS, t, n, want, sizeof want / sizeof *want);
        int kind = narrowest_kind(t, n);
        void *packed = pack(t, n, kind);
        sahel_lexicon_hits h = {0};
        ck_assert_int_eq(sahel_lexicon_find(lx, packed, kind, n, &h), SAHEL_OK);
        char got[8192], exp[8192];
        render(t, n, &h, 0, got, sizeof got);
        ck_assert_msg(h.count == nwant, "iteration %d: %zu hits, the reference %zu: %s", iter,
                      h.count, nwant, got);
        for (size_t i = 0; i < nwant; i++) {
            int same = h.value[i] == want[i].value && h.start[i] == want[i].start &&
                       h.stem[i] == want[i].stem && h.bare[i] == want[i].bare &&
                       h.end[i] == want[i].end;
            if (!same) {
                exp[0] = '\0';
                append(exp, sizeof exp, t, n);
            }
            ck_assert_msg(
                same,
                "iteration %d, hit %zu (%s): %d %zu/%zu/%zu/%zu, the reference %d %zu/%zu/%zu/%zu",
                iter, i, exp, (int)h.value[i], h.start[i], h.stem[i], h.bare[i], h.end[i],
                (int)want[i].value, want[i].start, want[i].stem, want[i].bare, want[i].end);
        }
        total += h.count;
        sahel_lexicon_hits_free(&h);
        free(packed);
    }
    ck_assert_uint_gt(total, 5000);
    sahel_lexicon_free(lx);
    free(entries);
}
END_TEST

typedef struct thread_job {
    const sahel_lexicon *lx;
    const uint32_t *text;
    size_t n;
    size_t count;
    int status;
} thread_job;

static void *
run_job(void *arg)
{
    thread_job *job = arg;
    for (int k = 0; k < 50; k++) {
        sahel_lexicon_hits h = {0};
        job->status = sahel_lexicon_find(job->lx, job->text, 4, job->n, &h);
        if (job->status != SAHEL_OK || (k > 0 && h.count != job->count)) job->status = -100;
        job->count = h.count;
        sahel_lexicon_hits_free(&h);
        if (job->status != SAHEL_OK) break;
    }
    return NULL;
}

START_TEST(test_threads)
{
    /* One lexicon, eight threads, the same answers. */
    sahel_lexicon *lx = build_default();
    const char *unit = "وقعت مالي والنيجر اتفاقية مع الولايات المتحدة الأمريكية وبوركينا فاسو، ";
    static uint32_t text[200 * 128];
    uint32_t u[128];
    size_t un = decode(unit, u, 128);
    for (size_t r = 0; r < 200; r++) memcpy(text + r * un, u, un * sizeof *u);
    thread_job jobs[8];
    pthread_t threads[8];
    for (int i = 0; i < 8; i++) {
        jobs[i] = (thread_job){lx, text, 200 * un, 0, 0};
        ck_assert_int_eq(pthread_create(&threads[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
        ck_assert_int_eq(jobs[i].status, SAHEL_OK);
        ck_assert_uint_eq(jobs[i].count,
                          200 * 6); /* مالي، النيجر، اتفاقية، 2 × USA، بوركينا فاسو */
    }
    sahel_lexicon_free(lx);
}
END_TEST

static Suite *
lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("words");
    tcase_add_loop_test(tc, test_proclitics, 0,
                        (int)(sizeof proclitic_cases / sizeof *proclitic_cases));
    tcase_add_loop_test(tc, test_article, 0, (int)(sizeof article_cases / sizeof *article_cases));
    tcase_add_loop_test(tc, test_prefix, 0, (int)(sizeof prefix_cases / sizeof *prefix_cases));
    tcase_add_loop_test(tc, test_phrases, 0, (int)(sizeof phrase_cases / sizeof *phrase_cases));
    tcase_add_test(tc, test_unnormalized);
    suite_add_tcase(s, tc);

    tc = tcase_create("spans");
    tcase_add_loop_test(tc, test_spans, 0, (int)(sizeof span_cases / sizeof *span_cases));
    tcase_add_test(tc, test_kinds_agree);
    tcase_add_test(tc, test_presentation_forms);
    tcase_add_test(tc, test_appends);
    tcase_add_loop_test(tc, test_text_words, 0,
                        (int)(sizeof text_word_cases / sizeof *text_word_cases));
    tcase_add_test(tc, test_text_words_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("build");
    tcase_add_test(tc, test_build_errors);
    tcase_add_test(tc, test_empty_lexicon);
    tcase_add_test(tc, test_stats);
    tcase_add_test(tc, test_stats_grow);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_odd_texts);
    tcase_add_test(tc, test_huge_text);
    tcase_add_test(tc, test_against_reference);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(lexicon_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Check suite for the gazetteer matcher (sahel_matcher.h). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sahel_matcher.h"
#include "sahel_normalize.h"
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

/* ---- the test gazetteer ---- */

enum {
    NIGER = 1,
    MALI = 2,
    EGYPT = 3,
    USA = 4,
    RUSSIAN = 6,
    KREMLIN = 7,
    AES = 8,
    BURKINA = 9,
    SAHEL = 10,
    SAHEL_REGION = 11,
    WAGNER = 12,
    ALGERIA = 13,
    LEBANON = 14,
    LIBYA = 15,
    YBYA = 16,
    BARKHANE = 18,
    AFRICAN_SAHEL = 19,
    LATIN_NIGER = 20,
    GERMANY = 21,
    GERMAN = 22,
    MYANMAR = 23,
    COCOS = 25,
    SOUTH_COCOS = 26
};

typedef struct alias_def {
    const char *alias;
    int32_t value;
    unsigned flags;
} alias_def;

static const alias_def gazetteer[] = {
    {"النيجر", NIGER, 0},
    {"مالي", MALI, 0},
    {"مصر", EGYPT, 0},
    {"الولايات المتحدة", USA, 0},
    {"الولايات المتحدة الأمريكية", USA, 0},
    {"روسي", RUSSIAN, SAHEL_ALIAS_ARTICLE_OPTIONAL},
    {"الكرملين", KREMLIN, SAHEL_ALIAS_ARTICLE_OPTIONAL},
    {"AES", AES, SAHEL_ALIAS_NO_PROCLITICS},
    {"بوركينا فاسو", BURKINA, 0},
    {"الساحل", SAHEL, 0},
    {"الساحل", SAHEL_REGION, 0}, /* the same alias, a second value */
    {"الساحل", SAHEL, 0},        /* an exact duplicate, ignored */
    {"فاغنر", WAGNER, SAHEL_ALIAS_AMBIGUOUS},
    {"الجزائر", ALGERIA, 0},
    {"لبنان", LEBANON, 0},
    {"ليبيا", LIBYA, 0},
    /* A made-up stem that لليبيا also yields (ل + ل + يبيا): two readings of one word. */
    {"يبيا", YBYA, SAHEL_ALIAS_ARTICLE_OPTIONAL},
    {"برخان", BARKHANE, SAHEL_ALIAS_AMBIGUOUS},
    {"الساحل الإفريقي", AFRICAN_SAHEL, SAHEL_ALIAS_AMBIGUOUS},
    {"Niger", LATIN_NIGER, SAHEL_ALIAS_NO_PROCLITICS},
    /* a hamza alef + ل is no article, though normalization makes it look like one */
    {"ألمانيا", GERMANY, 0},
    {"ألماني", GERMAN, SAHEL_ALIAS_ARTICLE_OPTIONAL},
    /* punctuation between the words of an alias */
    {"ميانمار (بورما)", MYANMAR, 0},
    {"جزر كوكوس (كيلينغ)", COCOS, 0},
    {"جزر كوكوس كيلينغ الجنوبية", SOUTH_COCOS, 0}, /* made up: the same words without the break */
};
#define DISTINCT_ALIASES 24 /* the table less its duplicate */

typedef struct rule_def {
    int32_t value;
    int side;
    const char *word;
    int effect;
} rule_def;

static const rule_def rules[] = {
    {WAGNER, SAHEL_CONTEXT_BEFORE, "مجموعة", SAHEL_ACCEPT},
    {WAGNER, SAHEL_CONTEXT_AFTER, "الروسية", SAHEL_ACCEPT},
    {WAGNER, SAHEL_CONTEXT_BEFORE, "الموسيقار", SAHEL_REJECT},
    {WAGNER, SAHEL_CONTEXT_AFTER, "أوبرا", SAHEL_REJECT},
    {BARKHANE, SAHEL_CONTEXT_BEFORE, "كثبان", SAHEL_REJECT},
};

static sahel_matcher *
build(unsigned options, const alias_def *aliases, size_t naliases)
{
    sahel_matcher_builder *b = sahel_builder_new(options);
    ck_assert_ptr_nonnull(b);
    uint32_t cps[MAXCP];
    for (size_t i = 0; i < naliases; i++) {
        size_t n = decode(aliases[i].alias, cps, MAXCP);
        ck_assert_int_eq(sahel_builder_add_alias(b, cps, n, aliases[i].value, aliases[i].flags),
                         SAHEL_OK);
    }
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        size_t n = decode(rules[i].word, cps, MAXCP);
        ck_assert_int_eq(
            sahel_builder_add_context(b, rules[i].value, rules[i].side, cps, n, rules[i].effect),
            SAHEL_OK);
    }
    ck_assert_int_eq(sahel_builder_set_default(b, AFRICAN_SAHEL, SAHEL_ACCEPT), SAHEL_OK);
    ck_assert_int_eq(sahel_builder_set_default(b, AFRICAN_SAHEL, SAHEL_REJECT),
                     SAHEL_OK); /* the last wins */
    ck_assert_int_eq(sahel_builder_set_default(b, WAGNER, SAHEL_REJECT), SAHEL_OK);
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    ck_assert_ptr_nonnull(m);
    return m;
}

static sahel_matcher *
build_default(unsigned options)
{
    return build(options, gazetteer, sizeof gazetteer / sizeof *gazetteer);
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

/* Checks what holds for every result, then renders each mention as
 * "value:proclitics|rest" (text[start:stem] and text[stem:end]), with "!d" for a
 * decision other than plain, separated by " ; ". */
static void
render(const uint32_t *t, size_t n, const sahel_mentions *ms, unsigned flags, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < ms->count; i++) {
        ck_assert_uint_le(ms->start[i], ms->stem[i]);
        ck_assert_uint_lt(ms->stem[i], ms->end[i]);
        ck_assert_uint_le(ms->end[i], n);
        ck_assert_uint_le(ms->decision[i], SAHEL_DECIDED_DEFAULT_REJECT);
        if (!(flags & SAHEL_FIND_KEEP_REJECTED))
            ck_assert_uint_le(ms->decision[i], SAHEL_DECIDED_DEFAULT_ACCEPT);
        if (i > 0) {
            /* by start, then longest first */
            ck_assert_uint_le(ms->start[i - 1], ms->start[i]);
            if (ms->start[i - 1] == ms->start[i]) ck_assert_uint_ge(ms->end[i - 1], ms->end[i]);
            append_str(buf, cap, " ; ");
        }
        char head[32];
        snprintf(head, sizeof head, "%d:", (int)ms->value[i]);
        append_str(buf, cap, head);
        append(buf, cap, t + ms->start[i], ms->stem[i] - ms->start[i]);
        append_str(buf, cap, "|");
        append(buf, cap, t + ms->stem[i], ms->end[i] - ms->stem[i]);
        if (ms->decision[i] != SAHEL_DECIDED_PLAIN) {
            snprintf(head, sizeof head, "!%d", (int)ms->decision[i]);
            append_str(buf, cap, head);
        }
    }
}

/* Runs the matcher over UTF-8 text in the given width (0: the narrowest that holds it). */
static void
find_rendered(const sahel_matcher *m, const char *text, int kind, unsigned flags, char *buf,
              size_t cap)
{
    static uint32_t t[4096];
    size_t n = decode(text, t, sizeof t / sizeof *t);
    if (kind == 0) kind = narrowest_kind(t, n);
    void *packed = pack(t, n, kind);
    sahel_mentions ms = {0};
    ck_assert_int_eq(sahel_matcher_find(m, packed, kind, n, flags, &ms), SAHEL_OK);
    render(t, n, &ms, flags, buf, cap);
    sahel_mentions_free(&ms);
    free(packed);
}

typedef struct find_case {
    const char *text;
    const char *want;
} find_case;

static void
check_case(const sahel_matcher *m, const find_case *c, unsigned flags)
{
    char got[4096];
    find_rendered(m, c->text, 0, flags, got, sizeof got);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s: got «%s», want «%s»", c->text, got, c->want);
}

/* ---- proclitics and the article ---- */

static const find_case proclitic_cases[] = {
    {"النيجر", "1:|النيجر"},
    {"والنيجر", "1:و|النيجر"},
    {"فالنيجر", "1:ف|النيجر"},
    {"بالنيجر", "1:ب|النيجر"},
    {"كالنيجر", "1:ك|النيجر"},
    {"وبالنيجر", "1:وب|النيجر"},
    {"فبالنيجر", "1:فب|النيجر"},
    {"وكالنيجر", "1:وك|النيجر"},
    /* ل + ال written لل: the stem starts at the second ل */
    {"للنيجر", "1:ل|لنيجر"},
    {"وللنيجر", "1:ول|لنيجر"},
    {"فللنيجر", "1:فل|لنيجر"},
    {"مالي", "2:|مالي"},
    {"ومالي", "2:و|مالي"},
    {"فمالي", "2:ف|مالي"},
    {"بمالي", "2:ب|مالي"},
    {"كمالي", "2:ك|مالي"},
    {"لمالي", "2:ل|مالي"},
    {"وبمالي", "2:وب|مالي"},
    {"ولمالي", "2:ول|مالي"},
    {"فبمالي", "2:فب|مالي"},
    {"فلمالي", "2:فل|مالي"},
    {"وكمالي", "2:وك|مالي"},
    {"فكمالي", "2:فك|مالي"},
    {"لمصر", "3:ل|مصر"},
    /* a stem that begins with ل */
    {"للبنان", "14:ل|لبنان"},
    {"ولبنان", "14:و|لبنان"},
    {"لليبيا", "15:ل|ليبيا ; 16:ل|ليبيا"},
    {"والجزائر", "13:و|الجزائر"},
    {"بالجزائر", "13:ب|الجزائر"},
    {"للجزائر", "13:ل|لجزائر"},
    /* not proclitics: letters the stem cannot spare, or a stranger letter */
    {"سمالي", ""},
    {"ومصري", ""},
};

/* The article must be as written, unless the alias says it is optional. */
static const find_case article_cases[] = {
    {"نيجر", ""},
    {"ونيجر", ""},
    {"المالي", ""},
    {"والمالي", ""},
    {"المصر", ""},
    {"جزائر", ""},
    {"روسي", "6:|روسي"},
    {"الروسي", "6:|الروسي"},
    {"والروسي", "6:و|الروسي"},
    {"للروسي", "6:ل|لروسي"},
    {"الكرملين", "7:|الكرملين"},
    {"كرملين", "7:|كرملين"},
    {"بالكرملين", "7:ب|الكرملين"},
    {"وكرملين", "7:و|كرملين"},
    /* no proclitics at all */
    {"AES", "8:|AES"},
    {"وAES", ""},
    {"AESX", ""},
    {"Niger", "20:|Niger"},
    {"Nigeria", ""},
    {"ألمانيا", "21:|ألمانيا"},
    {"المانيا", "21:|المانيا"},
    {"بألمانيا", "21:ب|ألمانيا"},
    {"مانيا", ""},
    {"ألماني", "22:|ألماني"},
    {"الألماني", "22:|الألماني"},
    {"والألماني", "22:و|الألماني"},
    {"للألماني", "22:ل|لألماني"},
    {"ماني", ""},
};

/* Whole words only. */
static const find_case whole_word_cases[] = {
    {"المالية", ""},
    {"الشمالية", ""},
    {"مالية", ""},
    {"الماليين", ""},
    {"مصراتة", ""},
    {"مصري", ""},
    {"النيجرية", ""},
    {"نيجيريا", ""},
    {"الأزمة المالية في مالي", "2:|مالي"},
    {"مصراتة ومصر", "3:و|مصر"},
};

/* Multi-word aliases: across spaces, tatweel, marks and invisible controls; not across punctuation.
 */
static const find_case phrase_cases[] = {
    {"الولايات المتحدة", "4:|الولايات المتحدة"},
    {"والولايات المتحدة", "4:و|الولايات المتحدة"},
    {"بالولايات المتحدة الأمريكية", "4:ب|الولايات المتحدة الأمريكية"},
    {"الولايات   المتحدة", "4:|الولايات   المتحدة"},
    {"الولايات\tالمتحدة", "4:|الولايات\tالمتحدة"},
    {"الولايات\u00a0المتحدة", "4:|الولايات\u00a0المتحدة"},
    {"الولايات ـــ المتحدة", "4:|الولايات ـــ المتحدة"},
    {"الولاياتـ المتحدة", "4:|الولاياتـ المتحدة"},
    {"الولايات َ المتحدة", "4:|الولايات َ المتحدة"},
    {"الولايات \u200fالمتحدة", "4:|الولايات \u200fالمتحدة"},
    {"الولايات\u2067 المتحدة\u2069", "4:|الولايات\u2067 المتحدة"},
    {"الوِلايات المُتّحدة", "4:|الوِلايات المُتّحدة"},
    {"بوركينا فاسو", "9:|بوركينا فاسو"},
    {"بوركينا-فاسو", "9:|بوركينا-فاسو"},
    {"لبوركينا فاسو", "9:ل|بوركينا فاسو"},
    {"الولايات، المتحدة", ""},
    {"الولايات.المتحدة", ""},
    {"الولايات\nالمتحدة", ""},
    {"الولايات (المتحدة)", ""},
    {"الولايات 2018 المتحدة", ""},
    {"بوركينا", ""},
    {"فاسو", ""},
    /* later words as written: no proclitics on them */
    {"الولايات المتحدة والأمريكية", "4:|الولايات المتحدة"},
    {"الولايات والمتحدة", ""},
    {"بوركينا وفاسو", ""},
    {"مصر والنيجر ومالي", "3:|مصر ; 1:و|النيجر ; 2:و|مالي"},
    {"مالي، النيجر\nومصر.", "2:|مالي ; 1:|النيجر ; 3:و|مصر"},
    /* an alias with punctuation lets any gap stand there, and only there */
    {"ميانمار (بورما)", "23:|ميانمار (بورما"},
    {"ميانمار بورما", "23:|ميانمار بورما"},
    {"في ميانمار، بورما", "23:|ميانمار، بورما"},
    {"ميانمار", ""},
    {"ميانمار (بورما", "23:|ميانمار (بورما"},
    {"(ميانمار) بورما", "23:|ميانمار) بورما"},
    {"جزر كوكوس (كيلينغ)", "25:|جزر كوكوس (كيلينغ"},
    {"جزر كوكوس كيلينغ", "25:|جزر كوكوس كيلينغ"},
    {"جزر كوكوس كيلينغ الجنوبية", "26:|جزر كوكوس كيلينغ الجنوبية"},
    {"جزر كوكوس (كيلينغ) الجنوبية", "25:|جزر كوكوس (كيلينغ"},
    {"جزر، كوكوس كيلينغ", ""},
};

/* Leftmost-longest (the default) against SAHEL_FIND_OVERLAPPING. */
static const find_case longest_cases[] = {
    {"الولايات المتحدة الأمريكية", "4:|الولايات المتحدة الأمريكية"},
    {"الساحل", "10:|الساحل ; 11:|الساحل"},
    {"في الساحل والنيجر", "10:|الساحل ; 11:|الساحل ; 1:و|النيجر"},
    /* a rejected longer candidate does not hide the accepted shorter one */
    {"الساحل الإفريقي", "10:|الساحل ; 11:|الساحل"},
    {"كثبان برخان", ""},
};
static const find_case overlapping_cases[] = {
    {"الولايات المتحدة الأمريكية", "4:|الولايات المتحدة الأمريكية ; 4:|الولايات المتحدة"},
    {"الساحل", "10:|الساحل ; 11:|الساحل"},
    {"الساحل الإفريقي", "10:|الساحل ; 11:|الساحل"},
    {"لليبيا", "15:ل|ليبيا ; 16:ل|ليبيا"},
    {"مصر والنيجر", "3:|مصر ; 1:و|النيجر"},
    /* both the joined path and the one through a break */
    {"جزر كوكوس كيلينغ الجنوبية", "26:|جزر كوكوس كيلينغ الجنوبية ; 25:|جزر كوكوس كيلينغ"},
    {"جزر كوكوس (كيلينغ) الجنوبية", "25:|جزر كوكوس (كيلينغ"},
};
static const find_case keep_rejected_cases[] = {
    {"الساحل الإفريقي", "19:|الساحل الإفريقي!4 ; 10:|الساحل ; 11:|الساحل"},
    {"فاغنر", "12:|فاغنر!4"},
    {"كثبان برخان", "18:|برخان!3"},
    {"الموسيقار فاغنر", "12:|فاغنر!3"},
    {"مجموعة فاغنر", "12:|فاغنر!1"},
};
static const find_case overlapping_rejected_cases[] = {
    {"الساحل الإفريقي", "19:|الساحل الإفريقي!4 ; 10:|الساحل ; 11:|الساحل"},
    {"الولايات المتحدة الأمريكية", "4:|الولايات المتحدة الأمريكية ; 4:|الولايات المتحدة"},
};

/* Context rules of ambiguous aliases. */
static const find_case context_cases[] = {
    {"فاغنر", ""}, /* default reject */
    {"مجموعة فاغنر", "12:|فاغنر!1"},
    {"ومجموعة فاغنر", "12:|فاغنر!1"},  /* the neighbour's proclitics are stripped */
    {"المجموعة فاغنر", "12:|فاغنر!1"}, /* and its article */
    {"مجموعة وفاغنر", "12:و|فاغنر!1"},
    {"فاغنر الروسية", "12:|فاغنر!1"},
    {"فاغنر روسية", "12:|فاغنر!1"}, /* the rule's own article was stripped */
    {"فاغنر والروسية", "12:|فاغنر!1"},
    {"الموسيقار فاغنر", ""},
    {"موسيقار فاغنر", ""},
    {"فاغنر أوبرا", ""},
    {"فاغنر اوبرا", ""},             /* normalized like the text */
    {"الموسيقار فاغنر الروسية", ""}, /* reject beats accept */
    {"مجموعة فاغنر أوبرا", ""},
    {"مجموعة، فاغنر", ""}, /* not across punctuation */
    {"مجموعة\nفاغنر", ""},
    {"فاغنر، الروسية", ""},
    {"مجموعة ـ فاغنر", "12:|فاغنر!1"}, /* across separators */
    {"برخان", "18:|برخان!2"},          /* default accept when never set */
    {"كثبان برخان", ""},
    {"كثبان، برخان", "18:|برخان!2"},
    {"عملية برخان في مالي", "18:|برخان!2 ; 2:|مالي"},
    /* the word before a match is the last word of the previous match */
    {"مالي فاغنر", "2:|مالي"},
    {"مجموعة فاغنر فاغنر", "12:|فاغنر!1"},
};

START_TEST(test_proclitics)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &proclitic_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_article)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &article_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_whole_words)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &whole_word_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_phrases)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &phrase_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_phrases_unnormalized)
{
    /* Without normalization the scanner itself treats tatweel, marks and invisible
     * controls between words as separators; inside a word they stay in it. */
    static const alias_def aliases[] = {{"الولايات المتحدة", USA, 0}, {"مصر", EGYPT, 0}};
    static const find_case cases[] = {
        {"الولايات ـــ المتحدة", "4:|الولايات ـــ المتحدة"},
        {"الولايات\u200f المتحدة", "4:|الولايات\u200f المتحدة"},
        {"الولايات\u200bالمتحدة", "4:|الولايات\u200bالمتحدة"},
        {"الولايات\u200c المتحدة", "4:|الولايات\u200c المتحدة"},
        {"الولاياتَ المتحدة", ""}, /* a trailing mark is part of the word */
        {"الولايات، المتحدة", ""},
        {"مصـر", ""},
        {"مصرـ", "3:|مصرـ"},
        {"مصرَ", ""},
        {"\u200fمصر\u200f", "3:|مصر"},
    };
    sahel_matcher *m = build(0, aliases, 2);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check_case(m, &cases[i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_longest)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &longest_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_overlapping)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &overlapping_cases[_i], SAHEL_FIND_OVERLAPPING);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_keep_rejected)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &keep_rejected_cases[_i], SAHEL_FIND_KEEP_REJECTED);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_overlapping_rejected)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &overlapping_rejected_cases[_i],
               SAHEL_FIND_OVERLAPPING | SAHEL_FIND_KEEP_REJECTED);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_context)
{
    sahel_matcher *m = build_default(OPTIONS);
    check_case(m, &context_cases[_i], 0);
    sahel_matcher_free(m);
}
END_TEST

/* ---- spans in the original text ---- */

typedef struct span_case {
    const char *text;
    int kind; /* 0: the narrowest */
    size_t start, stem, end;
} span_case;

static const span_case span_cases[] = {
    {"مالي", 0, 0, 0, 4},
    {"في مالي.", 0, 3, 3, 7},
    {"والنَّيجر", 0, 0, 1, 9}, /* shadda and fatha on the nun */
    {"للنيجر", 0, 0, 1, 6},
    {"وللنيجر", 0, 0, 2, 7},
    /* marks and tatweel right after the last word belong to the mention */
    {"النيجرَ ", 0, 0, 0, 7},
    {"النيجرـ ", 0, 0, 0, 7},
    {"النيجرـَـ،", 0, 0, 0, 9},
    /* an invisible control after it does not, nor what follows it */
    {"النيجر\u200f ", 0, 0, 0, 6},
    {"النيجرَ\u200fَ", 0, 0, 0, 7},
    {"\u200fالنيجر", 0, 1, 1, 7},
    {"\u200f\u200fوالنيجر\u200f", 0, 2, 3, 9},
    {"مـــالي", 0, 0, 0, 7},
    {"وَمالي", 0, 0, 2, 6},
    {"الولايات \u200fالمتحدة\u200f", 0, 0, 0, 17},
    /* widths: an emoji before the match is one code point */
    {"😀 مالي", 4, 2, 2, 6},
    {"😀😀والنيجر😀", 4, 2, 3, 9},
    {"في مالي", 4, 3, 3, 7},
    {"في مالي", 2, 3, 3, 7},
    {"le AES.", 1, 3, 3, 6},
    {"café AES", 1, 5, 5, 8},
    {"café AES", 2, 5, 5, 8},
    {"café AES", 4, 5, 5, 8},
};

START_TEST(test_spans)
{
    const span_case *c = &span_cases[_i];
    sahel_matcher *m = build_default(OPTIONS);
    uint32_t t[MAXCP];
    size_t n = decode(c->text, t, MAXCP);
    int kind = c->kind ? c->kind : narrowest_kind(t, n);
    void *packed = pack(t, n, kind);
    sahel_mentions ms = {0};
    ck_assert_int_eq(sahel_matcher_find(m, packed, kind, n, 0, &ms), SAHEL_OK);
    ck_assert_msg(ms.count == 1, "%s: %zu mentions", c->text, ms.count);
    ck_assert_msg(ms.start[0] == c->start && ms.stem[0] == c->stem && ms.end[0] == c->end,
                  "%s: got %zu/%zu/%zu, want %zu/%zu/%zu", c->text, ms.start[0], ms.stem[0],
                  ms.end[0], c->start, c->stem, c->end);
    sahel_mentions_free(&ms);
    free(packed);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_presentation_forms)
{
    /* NFKC expands the lam-alef ligature into two code points: spans still fall
     * on the original ones. */
    static const alias_def aliases[] = {{"أنغولا", 1, 0}, {"الولايات المتحدة", USA, 0}};
    static const span_case cases[] = {
        {" أنغوﻻَ ", 0, 1, 1, 7},
        {"ﺃﻧﻐﻮﻻ", 0, 0, 0, 5},
        {"ﺑﺄﻧﻐﻮﻻ،", 0, 0, 1, 6},
        {"الوﻻيات المتحدة", 0, 0, 0, 15},
    };
    sahel_matcher *m = build(SAHEL_NORM_PRESET_SEARCH, aliases, 2);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const span_case *c = &cases[i];
        uint32_t t[MAXCP];
        size_t n = decode(c->text, t, MAXCP);
        sahel_mentions ms = {0};
        ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, 0, &ms), SAHEL_OK);
        ck_assert_msg(ms.count == 1, "%s: %zu mentions", c->text, ms.count);
        ck_assert_msg(ms.start[0] == c->start && ms.stem[0] == c->stem && ms.end[0] == c->end,
                      "%s: got %zu/%zu/%zu, want %zu/%zu/%zu", c->text, ms.start[0], ms.stem[0],
                      ms.end[0], c->start, c->stem, c->end);
        sahel_mentions_free(&ms);
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_many_values)
{
    /* One alias with 300 values, added in reverse: each reported once, by value. */
    sahel_matcher_builder *b = sahel_builder_new(OPTIONS);
    uint32_t t[MAXCP];
    size_t n = decode("مالي", t, MAXCP);
    for (int32_t v = 299; v >= 0; v--) {
        ck_assert_int_eq(sahel_builder_add_alias(b, t, n, v, 0), SAHEL_OK);
        ck_assert_int_eq(sahel_builder_add_alias(b, t, n, v, SAHEL_ALIAS_ARTICLE_OPTIONAL),
                         SAHEL_OK);
    }
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    sahel_matcher_stats st;
    sahel_matcher_stats_get(m, &st);
    ck_assert_uint_eq(st.aliases, 300);
    n = decode("ومالي والمالي", t, MAXCP);
    for (unsigned flags = 0; flags < 4; flags++) {
        sahel_mentions ms = {0};
        ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, flags, &ms), SAHEL_OK);
        ck_assert_uint_eq(ms.count, 600); /* the second word only through the optional article */
        for (size_t i = 0; i < 600; i++) {
            ck_assert_int_eq(ms.value[i], (int32_t)(i % 300));
            ck_assert_uint_eq(ms.start[i], i < 300 ? 0 : 6);
            ck_assert_uint_eq(ms.stem[i], i < 300 ? 1 : 7);
            ck_assert_uint_eq(ms.decision[i], SAHEL_DECIDED_PLAIN);
        }
        sahel_mentions_free(&ms);
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_plain_entry_wins)
{
    /* The same alias and value, once ambiguous (rejected by default) and once
     * plain: the plain entry decides, and the mention is reported once. */
    sahel_matcher_builder *b = sahel_builder_new(OPTIONS);
    uint32_t t[MAXCP];
    size_t n = decode("فاغنر", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 5, SAHEL_ALIAS_AMBIGUOUS), SAHEL_OK);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 5, 0), SAHEL_OK);
    ck_assert_int_eq(sahel_builder_set_default(b, 5, SAHEL_REJECT), SAHEL_OK);
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    for (unsigned flags = 0; flags < 4; flags++) {
        sahel_mentions ms = {0};
        ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, flags, &ms), SAHEL_OK);
        ck_assert_uint_eq(ms.count, 1);
        ck_assert_uint_eq(ms.decision[0], SAHEL_DECIDED_PLAIN);
        sahel_mentions_free(&ms);
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_guard_on_plain_alias)
{
    /* A plain alias with rules (a guard): a reject rule drops it, an accept rule
     * changes nothing, and it stays plain elsewhere. */
    sahel_matcher_builder *b = sahel_builder_new(OPTIONS);
    uint32_t t[MAXCP], w[MAXCP];
    size_t n = decode("سلام", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 5, 0), SAHEL_OK);
    size_t nw = decode("عملية", w, MAXCP);
    ck_assert_int_eq(sahel_builder_add_context(b, 5, SAHEL_CONTEXT_BEFORE, w, nw, SAHEL_REJECT),
                     SAHEL_OK);
    nw = decode("مدينة", w, MAXCP);
    ck_assert_int_eq(sahel_builder_add_context(b, 5, SAHEL_CONTEXT_BEFORE, w, nw, SAHEL_ACCEPT),
                     SAHEL_OK);
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    static const struct {
        const char *text;
        size_t count, kept;
        uint8_t decision;
    } cases[] = {
        {"وصل إلى سلام", 1, 1, SAHEL_DECIDED_PLAIN},
        {"مدينة سلام", 1, 1, SAHEL_DECIDED_PLAIN},
        {"بدأت عملية سلام", 0, 1, SAHEL_DECIDED_RULE_REJECT},
        {"سلام عملية", 1, 1, SAHEL_DECIDED_PLAIN}, /* the word after */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint32_t text[MAXCP];
        size_t len = decode(cases[i].text, text, MAXCP);
        sahel_mentions ms = {0};
        ck_assert_int_eq(sahel_matcher_find(m, text, 4, len, 0, &ms), SAHEL_OK);
        ck_assert_uint_eq(ms.count, cases[i].count);
        sahel_mentions_free(&ms);
        ck_assert_int_eq(sahel_matcher_find(m, text, 4, len, SAHEL_FIND_KEEP_REJECTED, &ms),
                         SAHEL_OK);
        ck_assert_uint_eq(ms.count, cases[i].kept);
        ck_assert_uint_eq(ms.decision[0], cases[i].decision);
        sahel_mentions_free(&ms);
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_kinds_agree)
{
    /* The same text in every width that holds it gives the same mentions. */
    static const char *texts[] = {"AES, Niger and AES", "café AES Niger", "في مالي والنيجر"};
    sahel_matcher *m = build_default(OPTIONS);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char want[1024], got[1024];
        find_rendered(m, texts[i], 4, 0, want, sizeof want);
        ck_assert_str_ne(want, "");
        find_rendered(m, texts[i], 2, 0, got, sizeof got);
        ck_assert_str_eq(got, want);
        if (i < 2) {
            find_rendered(m, texts[i], 1, 0, got, sizeof got);
            ck_assert_str_eq(got, want);
        }
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_appends)
{
    /* Results are appended to what the mentions already hold. */
    sahel_matcher *m = build_default(OPTIONS);
    uint32_t t[MAXCP];
    size_t n = decode("مالي والنيجر", t, MAXCP);
    sahel_mentions ms = {0};
    ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, 0, &ms), SAHEL_OK);
    ck_assert_uint_eq(ms.count, 2);
    for (int k = 0; k < 20; k++) ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, 0, &ms), SAHEL_OK);
    ck_assert_uint_eq(ms.count, 42);
    ck_assert_uint_ge(ms.capacity, ms.count);
    ck_assert_int_eq(ms.value[40], MALI);
    ck_assert_int_eq(ms.value[41], NIGER);
    ck_assert_uint_eq(ms.stem[41], 6);
    sahel_mentions_free(&ms);
    ck_assert_uint_eq(ms.count, 0);
    ck_assert_ptr_null(ms.value);
    sahel_mentions_free(&ms);
    sahel_mentions_free(NULL);
    sahel_matcher_free(m);
}
END_TEST

/* ---- building ---- */

START_TEST(test_build_errors)
{
    sahel_matcher_builder *b = sahel_builder_new(OPTIONS);
    ck_assert_ptr_nonnull(b);
    uint32_t t[MAXCP];
    size_t n;
    ck_assert_int_eq(sahel_builder_add_alias(b, t, 0, 1, 0), SAHEL_ERR_EMPTY);
    ck_assert_int_eq(sahel_builder_add_alias(b, NULL, 0, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("...", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("َ ـ", t, MAXCP); /* a mark and a tatweel: nothing is left */
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 1, 0), SAHEL_ERR_EMPTY);
    n = decode("مالي", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, -1, 0), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 1, 1u << 7), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_alias(b, NULL, 3, 1, 0), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_alias(NULL, t, n, 1, 0), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_context(b, 1, 2, t, n, SAHEL_ACCEPT), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_context(b, 1, SAHEL_CONTEXT_AFTER, t, n, 5),
                     SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_context(b, -2, SAHEL_CONTEXT_AFTER, t, n, SAHEL_ACCEPT),
                     SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_add_context(b, 1, SAHEL_CONTEXT_AFTER, t, 0, SAHEL_ACCEPT),
                     SAHEL_ERR_EMPTY);
    size_t n2 = decode(" ، ", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_context(b, 1, SAHEL_CONTEXT_AFTER, t, n2, SAHEL_ACCEPT),
                     SAHEL_ERR_EMPTY);
    n2 = decode("دولة مالي", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_context(b, 1, SAHEL_CONTEXT_AFTER, t, n2, SAHEL_ACCEPT),
                     SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_set_default(b, 1, 7), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_set_default(b, -1, SAHEL_ACCEPT), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_builder_set_default(NULL, 1, SAHEL_ACCEPT), SAHEL_ERR_INVALID);
    /* the builder still works after errors; the failed aliases left nothing */
    n = decode("مالي", t, MAXCP);
    ck_assert_int_eq(sahel_builder_add_alias(b, t, n, 1, 0), SAHEL_OK);
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    sahel_matcher_stats st;
    sahel_matcher_stats_get(m, &st);
    ck_assert_uint_eq(st.aliases, 1);
    ck_assert_uint_eq(st.nodes, 2);
    sahel_mentions ms = {0};
    n = decode("مالي", t, MAXCP);
    ck_assert_int_eq(sahel_matcher_find(m, t, 3, n, 0, &ms), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_matcher_find(m, NULL, 4, 2, 0, &ms), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, 0, NULL), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_matcher_find(NULL, t, 4, n, 0, &ms), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_matcher_find(m, NULL, 4, 0, 0, &ms), SAHEL_OK);
    ck_assert_uint_eq(ms.count, 0);
    sahel_matcher_free(m);
    sahel_matcher_free(NULL);
    sahel_builder_free(NULL);
    ck_assert_int_eq(sahel_builder_finish(NULL, &m), SAHEL_ERR_INVALID);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(sahel_builder_finish(sahel_builder_new(0), NULL),
                     SAHEL_ERR_INVALID); /* frees it */
}
END_TEST

START_TEST(test_default_stats)
{
    sahel_matcher *m = build_default(OPTIONS);
    sahel_matcher_stats st;
    sahel_matcher_stats_get(m, &st);
    ck_assert_uint_eq(st.aliases, DISTINCT_ALIASES);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_empty_matcher)
{
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(sahel_builder_new(OPTIONS), &m), SAHEL_OK);
    sahel_matcher_stats st;
    sahel_matcher_stats_get(m, &st);
    ck_assert_uint_eq(st.aliases, 0);
    ck_assert_uint_eq(st.words, 0);
    ck_assert_uint_eq(st.nodes, 1);
    ck_assert_uint_gt(st.bytes, 0);
    uint32_t t[MAXCP];
    size_t n = decode("مالي والنيجر", t, MAXCP);
    sahel_mentions ms = {0};
    ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, SAHEL_FIND_OVERLAPPING, &ms), SAHEL_OK);
    ck_assert_uint_eq(ms.count, 0);
    sahel_mentions_free(&ms);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_stats)
{
    static const alias_def aliases[] = {
        {"الولايات المتحدة", USA, 0},
        {"الولايات المتحدة الأمريكية", USA, 0},
        {"الولايات المتحدة", USA, 0},                            /* a duplicate */
        {"الولايات المتحدة", 99, 0},                             /* a second value */
        {"الولايات المتحدة", USA, SAHEL_ALIAS_ARTICLE_OPTIONAL}, /* other flags, same pair */
        {"ولايات المتحدة", USA, 0},                              /* the same words, no article */
    };
    sahel_matcher *small = build(OPTIONS, aliases, 2);
    sahel_matcher *m = build(OPTIONS, aliases, sizeof aliases / sizeof *aliases);
    sahel_matcher_stats st, st_small;
    sahel_matcher_stats_get(small, &st_small);
    sahel_matcher_stats_get(m, &st);
    /* (alias, value) pairs: the two phrases, the second value, the article-less one */
    ck_assert_uint_eq(st.aliases, 4);
    ck_assert_uint_eq(st_small.aliases, 2);
    /* words: ولايات المتحدة الامريكية, and the rules' words */
    size_t rule_words = sizeof rules / sizeof *rules;
    ck_assert_uint_eq(st.words, 3 + rule_words);
    ck_assert_uint_eq(st.nodes, 4); /* root, ولايات, المتحدة, الامريكية */
    ck_assert_uint_eq(st_small.nodes, 4);
    ck_assert_uint_gt(st.bytes, sizeof(size_t) * 4);
    sahel_matcher_stats_get(NULL, &st);
    ck_assert_uint_eq(st.bytes, 0);
    sahel_matcher_free(small);
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_stats_grow)
{
    /* Memory is reported in proportion to what is held. */
    sahel_matcher_builder *b = sahel_builder_new(OPTIONS);
    uint32_t t[8] = {0x0645, 0x0627, 0x0644, 0x064A, 0, 0, 0, 0};
    for (uint32_t i = 0; i < 5000; i++) {
        t[4] = 0x0628 + i % 20;
        t[5] = 0x0628 + i / 20 % 20;
        t[6] = 0x0628 + i / 400 % 20;
        ck_assert_int_eq(sahel_builder_add_alias(b, t, 7, (int32_t)i, 0), SAHEL_OK);
    }
    sahel_matcher *m = NULL;
    ck_assert_int_eq(sahel_builder_finish(b, &m), SAHEL_OK);
    sahel_matcher_stats st;
    sahel_matcher_stats_get(m, &st);
    ck_assert_uint_eq(st.aliases, 5000);
    ck_assert_uint_eq(st.words, 5000);
    ck_assert_uint_eq(st.nodes, 5001);
    ck_assert_uint_gt(st.bytes, 5000 * 7 * sizeof(uint32_t));
    ck_assert_uint_lt(st.bytes, 5000 * 200);
    sahel_matcher_free(m);
}
END_TEST

/* ---- robustness ---- */

START_TEST(test_odd_texts)
{
    sahel_matcher *m = build_default(OPTIONS);
    const uint32_t texts[][8] = {
        {' ', ' ', '\t', 0x200F, 0x0640, 0x064E, '-', ' '}, /* separators only */
        {0, 0x0645, 0x0627, 0x0644, 0x064A, 0, 0xD800, 0},  /* NUL around a match */
        {0xDC00, 0x0645, 0x0627, 0x0644, 0x064A, 0xD800, 'x', 0},
        {0x1F600, 0x0645, 0x0627, 0x0644, 0x064A, 0x10FFFF, 0xE0001, 0x1F600},
        {0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644, 0x0644},
        {0x0648, 0x0627, 0x0644, 0x0640, 0x0640, 0x064E, 0x200D, 0x200C},
    };
    const size_t want[] = {0, 1, 1, 1, 0, 0};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        for (unsigned flags = 0; flags < 4; flags++) {
            sahel_mentions ms = {0};
            int kind = i < 3 ? 2 : 4;
            void *packed = pack(texts[i], 8, kind);
            ck_assert_int_eq(sahel_matcher_find(m, packed, kind, 8, flags, &ms), SAHEL_OK);
            ck_assert_uint_eq(ms.count, want[i]);
            if (ms.count == 1) {
                ck_assert_int_eq(ms.value[0], MALI);
                ck_assert_uint_eq(ms.end[0] - ms.start[0], 4);
            }
            sahel_mentions_free(&ms);
            free(packed);
        }
    }
    sahel_matcher_free(m);
}
END_TEST

START_TEST(test_huge_text)
{
    /* Ten million code points: a match every 12, and one word of a million letters. */
    sahel_matcher *m = build_default(OPTIONS);
    const char *unit = "ومالي، كتاب ";
    uint32_t u[32];
    size_t un = decode(unit, u, 32);
    size_t reps = 10000000 / un;
    size_t n = reps * un + 1000000;
    uint32_t *t = malloc(n * sizeof *t);
    ck_assert_ptr_nonnull(t);
    for (size_t r = 0; r < reps; r++) memcpy(t + r * un, u, un * sizeof *u);
    for (size_t i = reps * un; i < n; i++) t[i] = 0x0628;
    sahel_mentions ms = {0};
    ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, 0, &ms), SAHEL_OK);
    ck_assert_uint_eq(ms.count, reps);
    ck_assert_uint_eq(ms.start[reps - 1], (reps - 1) * un);
    ck_assert_uint_eq(ms.stem[reps - 1], (reps - 1) * un + 1);
    ck_assert_uint_eq(ms.end[reps - 1], (reps - 1) * un + 5);
    sahel_mentions_free(&ms);
    free(t);
    sahel_matcher_free(m);
}
END_TEST

/* A small deterministic generator for the fuzz test. */
static uint32_t
next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*state >> 33);
}

START_TEST(test_fuzz_properties)
{
    /* Random texts from the letters that matter: leftmost-longest results are
     * non-overlapping, in order, and each is among the overlapping results. */
    static const uint32_t pool[] = {
        0x0627, 0x0644, 0x0646,  0x064A, 0x062C, 0x0631, 0x0645, 0x0648, 0x0641, 0x0628, 0x0643,
        0x0635, 0x0633, 0x062D,  ' ',    ' ',    ' ',    0x064E, 0x0651, 0x0640, 0x200F, 0x200C,
        0x060C, '\n',   0x1F600, 0xD800, 0,      'A',    'E',    'S',    '-',    0x0623};
    sahel_matcher *m = build_default(OPTIONS);
    uint64_t state = 12345;
    uint32_t t[64];
    size_t total = 0;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = next_random(&state) % 64;
        for (size_t i = 0; i < n; i++) {
            /* bias towards the words of the gazetteer */
            uint32_t r = next_random(&state);
            if (r % 5 == 0 && i + 4 < n) {
                static const uint32_t mali[] = {0x0645, 0x0627, 0x0644, 0x064A};
                for (int k = 0; k < 4; k++) t[i + (size_t)k] = mali[k];
                i += 3;
                continue;
            }
            t[i] = pool[r / 5 % (sizeof pool / sizeof *pool)];
        }
        sahel_mentions lo = {0}, all = {0};
        ck_assert_int_eq(sahel_matcher_find(m, t, 4, n, SAHEL_FIND_KEEP_REJECTED, &lo), SAHEL_OK);
        ck_assert_int_eq(
            sahel_matcher_find(m, t, 4, n, SAHEL_FIND_OVERLAPPING | SAHEL_FIND_KEEP_REJECTED, &all),
            SAHEL_OK);
        char buf[8192];
        render(t, n, &lo, SAHEL_FIND_KEEP_REJECTED, buf, sizeof buf);
        render(t, n, &all, SAHEL_FIND_KEEP_REJECTED, buf, sizeof buf);
        ck_assert_uint_le(lo.count, all.count);
        size_t prev_end = 0;
        for (size_t i = 0; i < lo.count; i++) {
            if (lo.decision[i] <= SAHEL_DECIDED_DEFAULT_ACCEPT) {
                ck_assert_uint_ge(lo.start[i],
                                  i > 0 && lo.start[i] == lo.start[i - 1] ? lo.start[i] : prev_end);
                if (lo.end[i] > prev_end) prev_end = lo.end[i];
            }
            int found = 0;
            for (size_t j = 0; j < all.count && !found; j++)
                found = all.value[j] == lo.value[i] && all.start[j] == lo.start[i] &&
                        all.stem[j] == lo.stem[i] && all.end[j] == lo.end[i] &&
                        all.decision[j] == lo.decision[i];
            ck_assert_msg(
                found, "iteration %d: a leftmost-longest mention missing from the overlapping ones",
                iter);
        }
        total += lo.count;
        sahel_mentions_free(&lo);
        sahel_mentions_free(&all);
    }
    ck_assert_uint_gt(total, 1000);
    sahel_matcher_free(m);
}
END_TEST

typedef struct thread_job {
    const sahel_matcher *m;
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
        sahel_mentions ms = {0};
        job->status =
            sahel_matcher_find(job->m, job->text, 4, job->n, SAHEL_FIND_KEEP_REJECTED, &ms);
        if (job->status != SAHEL_OK || (k > 0 && ms.count != job->count)) job->status = -100;
        job->count = ms.count;
        sahel_mentions_free(&ms);
        if (job->status != SAHEL_OK) break;
    }
    return NULL;
}

START_TEST(test_threads)
{
    /* One matcher, eight threads, the same answers. */
    sahel_matcher *m = build_default(OPTIONS);
    const char *unit =
        "قالت مجموعة فاغنر في مالي والنيجر إن الولايات المتحدة الأمريكية وبوركينا فاسو، ";
    static uint32_t text[200 * 128];
    uint32_t u[128];
    size_t un = decode(unit, u, 128);
    for (size_t r = 0; r < 200; r++) memcpy(text + r * un, u, un * sizeof *u);
    thread_job jobs[8];
    pthread_t threads[8];
    for (int i = 0; i < 8; i++) {
        jobs[i] = (thread_job){m, text, 200 * un, 0, 0};
        ck_assert_int_eq(pthread_create(&threads[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
        ck_assert_int_eq(jobs[i].status, SAHEL_OK);
        ck_assert_uint_eq(jobs[i].count, 200 * 5);
    }
    sahel_matcher_free(m);
}
END_TEST

static Suite *
matcher_suite(void)
{
    Suite *s = suite_create("matcher");
    TCase *tc = tcase_create("words");
    tcase_add_loop_test(tc, test_proclitics, 0,
                        (int)(sizeof proclitic_cases / sizeof *proclitic_cases));
    tcase_add_loop_test(tc, test_article, 0, (int)(sizeof article_cases / sizeof *article_cases));
    tcase_add_loop_test(tc, test_whole_words, 0,
                        (int)(sizeof whole_word_cases / sizeof *whole_word_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("phrases");
    tcase_add_loop_test(tc, test_phrases, 0, (int)(sizeof phrase_cases / sizeof *phrase_cases));
    tcase_add_test(tc, test_phrases_unnormalized);
    tcase_add_loop_test(tc, test_longest, 0, (int)(sizeof longest_cases / sizeof *longest_cases));
    tcase_add_loop_test(tc, test_overlapping, 0,
                        (int)(sizeof overlapping_cases / sizeof *overlapping_cases));
    tcase_add_loop_test(tc, test_keep_rejected, 0,
                        (int)(sizeof keep_rejected_cases / sizeof *keep_rejected_cases));
    tcase_add_loop_test(
        tc, test_overlapping_rejected, 0,
        (int)(sizeof overlapping_rejected_cases / sizeof *overlapping_rejected_cases));
    tcase_add_loop_test(tc, test_context, 0, (int)(sizeof context_cases / sizeof *context_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("spans");
    tcase_add_loop_test(tc, test_spans, 0, (int)(sizeof span_cases / sizeof *span_cases));
    tcase_add_test(tc, test_presentation_forms);
    tcase_add_test(tc, test_kinds_agree);
    tcase_add_test(tc, test_appends);
    suite_add_tcase(s, tc);

    tc = tcase_create("build");
    tcase_add_test(tc, test_build_errors);
    tcase_add_test(tc, test_default_stats);
    tcase_add_test(tc, test_empty_matcher);
    tcase_add_test(tc, test_stats);
    tcase_add_test(tc, test_stats_grow);
    tcase_add_test(tc, test_many_values);
    tcase_add_test(tc, test_plain_entry_wins);
    tcase_add_test(tc, test_guard_on_plain_alias);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_odd_texts);
    tcase_add_test(tc, test_huge_text);
    tcase_add_test(tc, test_fuzz_properties);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(matcher_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Check suite for the word scanner and the proclitic analysis (sahel_words.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sahel_words.h"
#include "utf8_helpers.h"

#define MAXCP 256

/* ---- character classes ---- */

static const struct {
    uint32_t c;
    int cls;
} class_cases[] = {
    {'a', SAHEL_WC_LETTER},       {'Z', SAHEL_WC_LETTER},       {'5', SAHEL_WC_DIGIT},
    {' ', SAHEL_WC_SEPARATOR},    {'\t', SAHEL_WC_SEPARATOR},   {'-', SAHEL_WC_SEPARATOR},
    {'\n', SAHEL_WC_BREAK},       {'\r', SAHEL_WC_BREAK},       {',', SAHEL_WC_BREAK},
    {'.', SAHEL_WC_BREAK},        {'_', SAHEL_WC_SEPARATOR},    {'#', SAHEL_WC_SEPARATOR},
    {0, SAHEL_WC_BREAK},          {0x0621, SAHEL_WC_LETTER},    {0x0627, SAHEL_WC_LETTER},
    {0x064A, SAHEL_WC_LETTER},    {0x0640, SAHEL_WC_JOINER},    {0x064B, SAHEL_WC_MARK},
    {0x064E, SAHEL_WC_MARK},      {0x0651, SAHEL_WC_MARK},      {0x065F, SAHEL_WC_MARK},
    {0x0670, SAHEL_WC_MARK},      {0x0615, SAHEL_WC_MARK},      {0x0660, SAHEL_WC_DIGIT},
    {0x0669, SAHEL_WC_DIGIT},     {0x06F5, SAHEL_WC_DIGIT},     {0x066E, SAHEL_WC_LETTER},
    {0x0671, SAHEL_WC_LETTER},    {0x06A9, SAHEL_WC_LETTER},    {0x06CC, SAHEL_WC_LETTER},
    {0x06D3, SAHEL_WC_LETTER},    {0x06D4, SAHEL_WC_BREAK},     {0x06D5, SAHEL_WC_LETTER},
    {0x06EE, SAHEL_WC_LETTER},    {0x06FF, SAHEL_WC_LETTER},    {0x0750, SAHEL_WC_LETTER},
    {0x077F, SAHEL_WC_LETTER},    {0x08A0, SAHEL_WC_LETTER},    {0x060C, SAHEL_WC_BREAK},
    {0x061B, SAHEL_WC_BREAK},     {0x061F, SAHEL_WC_BREAK},     {0x066A, SAHEL_WC_BREAK},
    {0x00A0, SAHEL_WC_SEPARATOR}, {0x2003, SAHEL_WC_SEPARATOR}, {0x202F, SAHEL_WC_SEPARATOR},
    {0x3000, SAHEL_WC_SEPARATOR}, {0x200B, SAHEL_WC_SEPARATOR}, {0x200C, SAHEL_WC_JOINER},
    {0x200D, SAHEL_WC_JOINER},    {0x200E, SAHEL_WC_SEPARATOR}, {0x200F, SAHEL_WC_SEPARATOR},
    {0x061C, SAHEL_WC_SEPARATOR}, {0x202A, SAHEL_WC_SEPARATOR}, {0x202E, SAHEL_WC_SEPARATOR},
    {0x2066, SAHEL_WC_SEPARATOR}, {0x2069, SAHEL_WC_SEPARATOR}, {0xFEFF, SAHEL_WC_SEPARATOR},
    {0x00AD, SAHEL_WC_SEPARATOR}, {0x2013, SAHEL_WC_BREAK},     {0x00E9, SAHEL_WC_LETTER},
    {0x00D7, SAHEL_WC_BREAK},     {0x0100, SAHEL_WC_LETTER},    {0x0301, SAHEL_WC_MARK},
    {0x0430, SAHEL_WC_LETTER},    {0x2D30, SAHEL_WC_LETTER},    {0x07CA, SAHEL_WC_LETTER},
    {0x4E2D, SAHEL_WC_LETTER},    {0xFEFB, SAHEL_WC_LETTER},    {0x1F600, SAHEL_WC_BREAK},
    {0xD800, SAHEL_WC_BREAK},     {0xDFFF, SAHEL_WC_BREAK},     {0x10FFFF, SAHEL_WC_BREAK},
    {0x110000, SAHEL_WC_BREAK},   {0xFFFFFFFF, SAHEL_WC_BREAK},
};

START_TEST(test_class)
{
    ck_assert_msg(sahel_words_class(class_cases[_i].c) == class_cases[_i].cls,
                  "U+%04X: class %d, want %d", (unsigned)class_cases[_i].c,
                  sahel_words_class(class_cases[_i].c), class_cases[_i].cls);
}
END_TEST

/* Representative code points of every class, edges of their ranges first: the generated table
 * (tools/gen_chartable.py) must keep them where the hand-written ranges it replaced had them. */
static const struct {
    uint32_t c;
    int cls;
} class_pins[] = {
    /* BREAK: controls, punctuation, symbols, spacing modifiers, gaps between scripts, lone
     * surrogates, emoji, everything above U+1EEFF and past U+10FFFF. */
    {0x0008, SAHEL_WC_BREAK},
    {0x000A, SAHEL_WC_BREAK},
    {0x0021, SAHEL_WC_BREAK},
    {0x0022, SAHEL_WC_BREAK},
    {0x0024, SAHEL_WC_BREAK},
    {0x002E, SAHEL_WC_BREAK},
    {0x003A, SAHEL_WC_BREAK},
    {0x0040, SAHEL_WC_BREAK},
    {0x005B, SAHEL_WC_BREAK},
    {0x0060, SAHEL_WC_BREAK},
    {0x007B, SAHEL_WC_BREAK},
    {0x007F, SAHEL_WC_BREAK},
    {0x0085, SAHEL_WC_BREAK},
    {0x00A1, SAHEL_WC_BREAK},
    {0x00B2, SAHEL_WC_BREAK},
    {0x00BF, SAHEL_WC_BREAK},
    {0x00F7, SAHEL_WC_BREAK},
    {0x02B0, SAHEL_WC_BREAK},
    {0x02FF, SAHEL_WC_BREAK},
    {0x037E, SAHEL_WC_BREAK},
    {0x0387, SAHEL_WC_BREAK},
    {0x0482, SAHEL_WC_BREAK},
    {0x0530, SAHEL_WC_BREAK},
    {0x0557, SAHEL_WC_BREAK},
    {0x0560, SAHEL_WC_BREAK},
    {0x0588, SAHEL_WC_BREAK},
    {0x05BE, SAHEL_WC_BREAK},
    {0x05EB, SAHEL_WC_BREAK},
    {0x0600, SAHEL_WC_BREAK},
    {0x060F, SAHEL_WC_BREAK},
    {0x061D, SAHEL_WC_BREAK},
    {0x066D, SAHEL_WC_BREAK},
    {0x06DD, SAHEL_WC_BREAK},
    {0x06DE, SAHEL_WC_BREAK},
    {0x06E9, SAHEL_WC_BREAK},
    {0x0700, SAHEL_WC_BREAK},
    {0x0730, SAHEL_WC_BREAK},
    {0x07B2, SAHEL_WC_BREAK},
    {0x07F4, SAHEL_WC_BREAK},
    {0x0870, SAHEL_WC_BREAK},
    {0x089F, SAHEL_WC_BREAK},
    {0x08E2, SAHEL_WC_BREAK},
    {0x0E00, SAHEL_WC_BREAK},
    {0x0E3F, SAHEL_WC_BREAK},
    {0x0E4F, SAHEL_WC_BREAK},
    {0x135B, SAHEL_WC_BREAK},
    {0x1681, SAHEL_WC_BREAK},
    {0x1B00, SAHEL_WC_BREAK},
    {0x2012, SAHEL_WC_BREAK},
    {0x2030, SAHEL_WC_BREAK},
    {0x2061, SAHEL_WC_BREAK},
    {0x206A, SAHEL_WC_BREAK},
    {0x2100, SAHEL_WC_BREAK},
    {0x2D80, SAHEL_WC_BREAK},
    {0x3001, SAHEL_WC_BREAK},
    {0x3100, SAHEL_WC_BREAK},
    {0xA000, SAHEL_WC_BREAK},
    {0xD7A4, SAHEL_WC_BREAK},
    {0xDBFF, SAHEL_WC_BREAK},
    {0xDC00, SAHEL_WC_BREAK},
    {0xFB1C, SAHEL_WC_BREAK},
    {0xFD3E, SAHEL_WC_BREAK},
    {0xFD3F, SAHEL_WC_BREAK},
    {0xFE10, SAHEL_WC_BREAK},
    {0xFE30, SAHEL_WC_BREAK},
    {0xFEFD, SAHEL_WC_BREAK},
    {0xFF00, SAHEL_WC_BREAK},
    {0xFF1A, SAHEL_WC_BREAK},
    {0xFFFD, SAHEL_WC_BREAK},
    {0xFFFF, SAHEL_WC_BREAK},
    {0x10000, SAHEL_WC_BREAK},
    {0x1EDFF, SAHEL_WC_BREAK},
    {0x1EF00, SAHEL_WC_BREAK},
    {0x1F30D, SAHEL_WC_BREAK},
    {0x20000, SAHEL_WC_BREAK},
    {0xE0001, SAHEL_WC_BREAK},
    {0x10FFFF, SAHEL_WC_BREAK},
    {0x110000, SAHEL_WC_BREAK},
    {0x80000000, SAHEL_WC_BREAK},
    /* SEPARATOR: every space separator (Zs), tab, '#', '-', '_', soft hyphen, invisible and
     * bidi controls, hyphens, word joiner, BOM. */
    {0x0009, SAHEL_WC_SEPARATOR},
    {0x0020, SAHEL_WC_SEPARATOR},
    {0x0023, SAHEL_WC_SEPARATOR},
    {0x002D, SAHEL_WC_SEPARATOR},
    {0x005F, SAHEL_WC_SEPARATOR},
    {0x00A0, SAHEL_WC_SEPARATOR},
    {0x00AD, SAHEL_WC_SEPARATOR},
    {0x061C, SAHEL_WC_SEPARATOR},
    {0x1680, SAHEL_WC_SEPARATOR},
    {0x2000, SAHEL_WC_SEPARATOR},
    {0x200A, SAHEL_WC_SEPARATOR},
    {0x200B, SAHEL_WC_SEPARATOR},
    {0x200E, SAHEL_WC_SEPARATOR},
    {0x2011, SAHEL_WC_SEPARATOR},
    {0x202A, SAHEL_WC_SEPARATOR},
    {0x202F, SAHEL_WC_SEPARATOR},
    {0x205F, SAHEL_WC_SEPARATOR},
    {0x2060, SAHEL_WC_SEPARATOR},
    {0x2066, SAHEL_WC_SEPARATOR},
    {0x2069, SAHEL_WC_SEPARATOR},
    {0x3000, SAHEL_WC_SEPARATOR},
    {0xFEFF, SAHEL_WC_SEPARATOR},
    /* JOINER: tatweel, ZWNJ, ZWJ. */
    {0x0640, SAHEL_WC_JOINER},
    {0x200C, SAHEL_WC_JOINER},
    {0x200D, SAHEL_WC_JOINER},
    /* MARK: combining marks of Latin, Cyrillic, Hebrew, Arabic, N'Ko, the combining blocks,
     * variation selectors and half marks. */
    {0x0300, SAHEL_WC_MARK},
    {0x036F, SAHEL_WC_MARK},
    {0x0483, SAHEL_WC_MARK},
    {0x0489, SAHEL_WC_MARK},
    {0x0591, SAHEL_WC_MARK},
    {0x05BD, SAHEL_WC_MARK},
    {0x0610, SAHEL_WC_MARK},
    {0x061A, SAHEL_WC_MARK},
    {0x064B, SAHEL_WC_MARK},
    {0x0652, SAHEL_WC_MARK},
    {0x065F, SAHEL_WC_MARK},
    {0x0670, SAHEL_WC_MARK},
    {0x06D6, SAHEL_WC_MARK},
    {0x06DC, SAHEL_WC_MARK},
    {0x06DF, SAHEL_WC_MARK},
    {0x06E4, SAHEL_WC_MARK},
    {0x06E7, SAHEL_WC_MARK},
    {0x06E8, SAHEL_WC_MARK},
    {0x06EA, SAHEL_WC_MARK},
    {0x06ED, SAHEL_WC_MARK},
    {0x07EB, SAHEL_WC_MARK},
    {0x07F3, SAHEL_WC_MARK},
    {0x08CA, SAHEL_WC_MARK},
    {0x08E1, SAHEL_WC_MARK},
    {0x08E3, SAHEL_WC_MARK},
    {0x08FF, SAHEL_WC_MARK},
    {0x1AB0, SAHEL_WC_MARK},
    {0x1AFF, SAHEL_WC_MARK},
    {0x1DC0, SAHEL_WC_MARK},
    {0x1DFF, SAHEL_WC_MARK},
    {0x20D0, SAHEL_WC_MARK},
    {0x20FF, SAHEL_WC_MARK},
    {0xFE00, SAHEL_WC_MARK},
    {0xFE0F, SAHEL_WC_MARK},
    {0xFE20, SAHEL_WC_MARK},
    {0xFE2F, SAHEL_WC_MARK},
    /* LETTER: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic and its extensions, Syriac,
     * Thaana, N'Ko, Indic, Thai, Georgian, Hangul, Ethiopic, Tifinagh, kana, CJK, presentation
     * forms, fullwidth Latin, Arabic mathematical letters. */
    {0x0041, SAHEL_WC_LETTER},
    {0x005A, SAHEL_WC_LETTER},
    {0x0061, SAHEL_WC_LETTER},
    {0x007A, SAHEL_WC_LETTER},
    {0x00AA, SAHEL_WC_LETTER},
    {0x00B5, SAHEL_WC_LETTER},
    {0x00BA, SAHEL_WC_LETTER},
    {0x00C0, SAHEL_WC_LETTER},
    {0x00D6, SAHEL_WC_LETTER},
    {0x00D8, SAHEL_WC_LETTER},
    {0x00F8, SAHEL_WC_LETTER},
    {0x02AF, SAHEL_WC_LETTER},
    {0x0370, SAHEL_WC_LETTER},
    {0x0378, SAHEL_WC_LETTER},
    {0x03A9, SAHEL_WC_LETTER},
    {0x0481, SAHEL_WC_LETTER},
    {0x048A, SAHEL_WC_LETTER},
    {0x052F, SAHEL_WC_LETTER},
    {0x0531, SAHEL_WC_LETTER},
    {0x0587, SAHEL_WC_LETTER},
    {0x05D0, SAHEL_WC_LETTER},
    {0x05EA, SAHEL_WC_LETTER},
    {0x0620, SAHEL_WC_LETTER},
    {0x063F, SAHEL_WC_LETTER},
    {0x0641, SAHEL_WC_LETTER},
    {0x066F, SAHEL_WC_LETTER},
    {0x06D3, SAHEL_WC_LETTER},
    {0x06E5, SAHEL_WC_LETTER},
    {0x06E6, SAHEL_WC_LETTER},
    {0x06EF, SAHEL_WC_LETTER},
    {0x06FA, SAHEL_WC_LETTER},
    {0x06FD, SAHEL_WC_LETTER},
    {0x06FE, SAHEL_WC_LETTER},
    {0x0710, SAHEL_WC_LETTER},
    {0x0711, SAHEL_WC_LETTER},
    {0x072F, SAHEL_WC_LETTER},
    {0x07A6, SAHEL_WC_LETTER},
    {0x07B1, SAHEL_WC_LETTER},
    {0x07EA, SAHEL_WC_LETTER},
    {0x08C9, SAHEL_WC_LETTER},
    {0x0900, SAHEL_WC_LETTER},
    {0x0966, SAHEL_WC_LETTER},
    {0x0DFF, SAHEL_WC_LETTER},
    {0x0E01, SAHEL_WC_LETTER},
    {0x0E3A, SAHEL_WC_LETTER},
    {0x0E40, SAHEL_WC_LETTER},
    {0x0E4E, SAHEL_WC_LETTER},
    {0x10A0, SAHEL_WC_LETTER},
    {0x10FB, SAHEL_WC_LETTER},
    {0x1100, SAHEL_WC_LETTER},
    {0x1249, SAHEL_WC_LETTER},
    {0x135A, SAHEL_WC_LETTER},
    {0x1E00, SAHEL_WC_LETTER},
    {0x1FFF, SAHEL_WC_LETTER},
    {0x2D7F, SAHEL_WC_LETTER},
    {0x3040, SAHEL_WC_LETTER},
    {0x30FF, SAHEL_WC_LETTER},
    {0x3400, SAHEL_WC_LETTER},
    {0x4DBF, SAHEL_WC_LETTER},
    {0x4E00, SAHEL_WC_LETTER},
    {0x9FFF, SAHEL_WC_LETTER},
    {0xAC00, SAHEL_WC_LETTER},
    {0xD7A3, SAHEL_WC_LETTER},
    {0xFB1D, SAHEL_WC_LETTER},
    {0xFB50, SAHEL_WC_LETTER},
    {0xFBB2, SAHEL_WC_LETTER},
    {0xFD3D, SAHEL_WC_LETTER},
    {0xFD40, SAHEL_WC_LETTER},
    {0xFDF2, SAHEL_WC_LETTER},
    {0xFDFF, SAHEL_WC_LETTER},
    {0xFE70, SAHEL_WC_LETTER},
    {0xFE75, SAHEL_WC_LETTER},
    {0xFEFC, SAHEL_WC_LETTER},
    {0xFF21, SAHEL_WC_LETTER},
    {0xFF5A, SAHEL_WC_LETTER},
    {0x1EE00, SAHEL_WC_LETTER},
    {0x1EEFF, SAHEL_WC_LETTER},
    /* DIGIT: ASCII, Arabic-Indic, extended Arabic-Indic and fullwidth digits. */
    {0x0030, SAHEL_WC_DIGIT},
    {0x0039, SAHEL_WC_DIGIT},
    {0x0660, SAHEL_WC_DIGIT},
    {0x0669, SAHEL_WC_DIGIT},
    {0x06F0, SAHEL_WC_DIGIT},
    {0x06F9, SAHEL_WC_DIGIT},
    {0xFF10, SAHEL_WC_DIGIT},
    {0xFF19, SAHEL_WC_DIGIT},
};

START_TEST(test_class_pins)
{
    uint32_t c = class_pins[_i].c;
    ck_assert_msg(sahel_words_class(c) == class_pins[_i].cls, "U+%04X: class %d, want %d",
                  (unsigned)c, sahel_words_class(c), class_pins[_i].cls);
}
END_TEST

START_TEST(test_mark_or_tatweel)
{
    ck_assert(sahel_words_is_mark_or_tatweel(0x064E));
    ck_assert(sahel_words_is_mark_or_tatweel(0x0670));
    ck_assert(sahel_words_is_mark_or_tatweel(0x0640));
    ck_assert(!sahel_words_is_mark_or_tatweel(0x200F));
    ck_assert(!sahel_words_is_mark_or_tatweel(0x200C));
    ck_assert(!sahel_words_is_mark_or_tatweel(0x0627));
    ck_assert(!sahel_words_is_mark_or_tatweel(' '));
}
END_TEST

/* ---- scanning: each word as "|word" (after a break or at the start) or "+word" (joined) ---- */

static const struct {
    const char *text;
    const char *words;
} scan_cases[] = {
    {"", ""},
    {"   \t ", ""},
    {"،.؟!\n", ""},
    {"مالي", "|مالي"},
    {"مالي والنيجر", "|مالي+والنيجر"},
    {"  مالي   والنيجر  ", "|مالي+والنيجر"},
    {"مالي، النيجر", "|مالي|النيجر"},
    {"مالي,النيجر", "|مالي|النيجر"},
    {"مالي\nالنيجر", "|مالي|النيجر"},
    {"مالي.النيجر", "|مالي|النيجر"},
    {"(مالي)", "|مالي"},
    {"بوركينا-فاسو", "|بوركينا+فاسو"},
    {"مالي - النيجر", "|مالي+النيجر"},
    {"مالي – النيجر", "|مالي|النيجر"},
    {"مالي\tالنيجر", "|مالي+النيجر"},
    {"مالي\u00a0النيجر", "|مالي+النيجر"},
    /* tatweel inside a word, around it, and as the only separator */
    {"مصـــر", "|مصـــر"},
    {"مصرـ النيجر", "|مصر+النيجر"},
    {"ـمصر", "|مصر"},
    {"مصر ـ النيجر", "|مصر+النيجر"},
    /* marks: inside, trailing (kept with the word), leading (a separator) */
    {"مَالِي", "|مَالِي"},
    {"كتابٌ جديد", "|كتابٌ+جديد"},
    {"َمصر", "|مصر"},
    {"مصر َ النيجر", "|مصر+النيجر"},
    /* joiners and invisible controls */
    {"مي\u200cخواهم", "|مي\u200cخواهم"},
    {"مصر\u200c النيجر", "|مصر+النيجر"},
    {"مصر\u200f النيجر", "|مصر+النيجر"},
    {"مصر\u200bالنيجر", "|مصر+النيجر"},
    {"مصر\u2067النيجر\u2069", "|مصر+النيجر"},
    {"\ufeffمصر", "|مصر"},
    {"مصر\u00adالنيجر", "|مصر+النيجر"},
    /* digits are words, and take part in phrases */
    {"مصر 2024 النيجر", "|مصر+2024+النيجر"},
    {"٢٠٢٤", "|٢٠٢٤"},
    {"F16 AES", "|F16+AES"},
    {"café-crème", "|café+crème"},
    {"Нигер", "|Нигер"},
    {"ⵜⴰⵎⴰⵣⵉⵖⵜ", "|ⵜⴰⵎⴰⵣⵉⵖⵜ"},
    /* an emoji breaks a phrase */
    {"مالي😀النيجر", "|مالي|النيجر"},
    {"مالي 😀 النيجر", "|مالي|النيجر"},
};

static void
render_words(const uint32_t *t, size_t n, char *buf, size_t cap)
{
    sahel_word_scanner s;
    sahel_word w;
    buf[0] = '\0';
    sahel_words_init(&s, t, n);
    size_t last_end = 0;
    while (sahel_words_next(&s, &w)) {
        ck_assert_uint_lt(w.start, w.end);
        ck_assert_uint_le(w.end, n);
        ck_assert_uint_ge(w.start, last_end);
        last_end = w.end;
        ck_assert_uint_lt(strlen(buf) + 1, cap);
        strcat(buf, w.joined ? "+" : "|");
        append(buf, cap, t + w.start, w.end - w.start);
    }
    ck_assert_uint_eq(s.pos, n);
    ck_assert_int_eq(sahel_words_next(&s, &w), 0); /* stays at the end */
}

START_TEST(test_scan)
{
    uint32_t t[MAXCP];
    char got[1024];
    size_t n = decode(scan_cases[_i].text, t, MAXCP);
    render_words(t, n, got, sizeof got);
    ck_assert_msg(strcmp(got, scan_cases[_i].words) == 0, "%s: got %s, want %s",
                  scan_cases[_i].text, got, scan_cases[_i].words);
}
END_TEST

START_TEST(test_scan_odd_code_points)
{
    /* NUL, lone surrogates, astral and out-of-range values break words and never crash. */
    const uint32_t t[] = {0x0645, 0x0635,  0x0631,   0,      0x0645, 0xD800,   0x0645, 0x0645,
                          0xDFFF, 0x1F600, 0x10FFFF, 0x0645, 0x0645, 0x110000, 'a'};
    size_t n = sizeof t / sizeof *t;
    char got[256];
    render_words(t, n, got, sizeof got);
    ck_assert_str_eq(got, "|مصر|م|مم|مم|a");
}
END_TEST

START_TEST(test_scan_empty_and_null)
{
    sahel_word_scanner s;
    sahel_word w;
    sahel_words_init(&s, NULL, 0);
    ck_assert_int_eq(sahel_words_next(&s, &w), 0);
}
END_TEST

START_TEST(test_scan_resume)
{
    /* A copied scanner looks ahead without moving the original. */
    uint32_t t[MAXCP];
    size_t n = decode("في مالي، والنيجر", t, MAXCP);
    sahel_word_scanner s, ahead;
    sahel_word w, a;
    sahel_words_init(&s, t, n);
    ck_assert(sahel_words_next(&s, &w));
    ahead = s;
    ck_assert(sahel_words_next(&ahead, &a));
    ck_assert(sahel_words_next(&ahead, &a));
    ck_assert_int_eq(a.joined, 0);
    ck_assert(sahel_words_next(&s, &w));
    ck_assert_uint_eq(w.start, 3);
    ck_assert_uint_eq(w.end, 7);
    ck_assert_int_eq(w.joined, 1);
}
END_TEST

START_TEST(test_scan_resume_after)
{
    /* Taking up a look ahead: the scan goes on after the word the copy reached. */
    uint32_t t[MAXCP];
    size_t n = decode("في مالي والنيجر، تشاد", t, MAXCP);
    sahel_word_scanner s, ahead;
    sahel_word w, a;
    sahel_words_init(&s, t, n);
    ck_assert(sahel_words_next(&s, &w)); /* في */
    ahead = s;
    ck_assert(sahel_words_next(&ahead, &a)); /* مالي */
    ck_assert(sahel_words_next(&ahead, &a)); /* والنيجر */
    sahel_words_resume_after(&s, &a);
    ck_assert(sahel_words_next(&s, &w)); /* تشاد, after a break */
    ck_assert_uint_eq(w.start, 17);
    ck_assert_int_eq(w.joined, 0);
    ck_assert_int_eq(sahel_words_next(&s, &w), 0);
    /* Resuming after a word followed by a space: the next word is joined to it. */
    sahel_words_init(&s, t, n);
    ahead = s;
    ck_assert(sahel_words_next(&ahead, &a)); /* في */
    sahel_words_resume_after(&s, &a);
    ck_assert(sahel_words_next(&s, &w)); /* مالي */
    ck_assert_uint_eq(w.start, 3);
    ck_assert_int_eq(w.joined, 1);
}
END_TEST

START_TEST(test_scan_long_word)
{
    /* One word of a million letters: linear, one word. */
    size_t n = 1000000;
    uint32_t *t = malloc(n * sizeof *t);
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < n; i++) t[i] = i % 7 == 3 ? 0x064E : 0x0628;
    sahel_word_scanner s;
    sahel_word w;
    sahel_words_init(&s, t, n);
    ck_assert(sahel_words_next(&s, &w));
    ck_assert_uint_eq(w.start, 0);
    ck_assert_uint_eq(w.end, n);
    ck_assert(!sahel_words_next(&s, &w));
    sahel_reading r[SAHEL_READINGS_MAX];
    ck_assert_uint_eq(sahel_words_readings(t, n, r), 2); /* unsplit; ب + stem */
    free(t);
}
END_TEST

/* ---- readings: "proclitics:article:stem" per reading, separated by spaces ---- */

static const struct {
    const char *word;
    const char *readings;
} reading_cases[] = {
    {"مالي", "::مالي"},
    {"النيجر", "::النيجر :ال:نيجر"},
    {"ومالي", "::ومالي و::مالي"},
    {"فمالي", "::فمالي ف::مالي"},
    {"بمالي", "::بمالي ب::مالي"},
    {"كمالي", "::كمالي ك::مالي"},
    {"لمالي", "::لمالي ل::مالي"},
    {"وبمالي", "::وبمالي و::بمالي وب::مالي"},
    {"ولمالي", "::ولمالي و::لمالي ول::مالي"},
    {"فبمالي", "::فبمالي ف::بمالي فب::مالي"},
    {"فلمالي", "::فلمالي ف::لمالي فل::مالي"},
    {"وكمالي", "::وكمالي و::كمالي وك::مالي"},
    {"فكمالي", "::فكمالي ف::كمالي فك::مالي"},
    {"والنيجر", "::والنيجر و::النيجر و:ال:نيجر"},
    {"فالنيجر", "::فالنيجر ف::النيجر ف:ال:نيجر"},
    {"بالنيجر", "::بالنيجر ب::النيجر ب:ال:نيجر"},
    {"كالنيجر", "::كالنيجر ك::النيجر ك:ال:نيجر"},
    {"وبالنيجر", "::وبالنيجر و::بالنيجر وب::النيجر وب:ال:نيجر"},
    {"فكالنيجر", "::فكالنيجر ف::كالنيجر فك::النيجر فك:ال:نيجر"},
    /* ل + ال is written لل; never ل + ال spelled out */
    {"للنيجر", "::للنيجر ل::لنيجر ل:ل:نيجر"},
    {"وللنيجر", "::وللنيجر و::للنيجر ول::لنيجر ول:ل:نيجر"},
    {"فللنيجر", "::فللنيجر ف::للنيجر فل::لنيجر فل:ل:نيجر"},
    {"لالنيجر", "::لالنيجر ل::النيجر"},
    {"للبنان", "::للبنان ل::لبنان ل:ل:بنان"},
    /* a split stem keeps two letters */
    {"بر", "::بر"},
    {"وبر", "::وبر و::بر"},
    {"ولد", "::ولد و::لد"},
    {"ال", "::ال"},
    {"الم", "::الم"},
    {"الما", "::الما :ال:ما"},
    {"لله", "::لله ل::له"},
    {"و", "::و"},
    {"وال", "::وال و::ال"},
    {"والم", "::والم و::الم"},
    /* marks and tatweel written on a proclitic stay with it */
    {"وَالنيجر", "::وَالنيجر وَ::النيجر وَ:ال:نيجر"},
    {"بِالْنيجر", "::بِالْنيجر بِ::الْنيجر بِ:الْ:نيجر"},
    {"وـمالي", "::وـمالي وـ::مالي"},
    /* other first letters, other scripts */
    {"مصر", "::مصر"},
    {"Niger", "::Niger"},
    {"2024", "::2024"},
    {"ب2024", "::ب2024 ب::2024"},
};

START_TEST(test_readings)
{
    uint32_t w[MAXCP];
    size_t n = decode(reading_cases[_i].word, w, MAXCP);
    sahel_reading r[SAHEL_READINGS_MAX];
    size_t nr = sahel_words_readings(w, n, r);
    ck_assert_uint_ge(nr, 1);
    ck_assert_uint_le(nr, SAHEL_READINGS_MAX);
    char got[1024] = "";
    for (size_t k = 0; k < nr; k++) {
        ck_assert_uint_le(r[k].proclitic_len, r[k].stem);
        ck_assert_uint_le(r[k].stem, n);
        ck_assert_int_eq(r[k].has_article, r[k].stem > r[k].proclitic_len);
        if (k > 0) {
            ck_assert_uint_gt(r[k].stem, r[k - 1].stem);
            strcat(got, " ");
        }
        append(got, sizeof got, w, r[k].proclitic_len);
        strcat(got, ":");
        append(got, sizeof got, w + r[k].proclitic_len, r[k].stem - r[k].proclitic_len);
        strcat(got, ":");
        append(got, sizeof got, w + r[k].stem, n - r[k].stem);
    }
    ck_assert_uint_eq(r[0].stem, 0);
    ck_assert_msg(strcmp(got, reading_cases[_i].readings) == 0, "%s: got %s, want %s",
                  reading_cases[_i].word, got, reading_cases[_i].readings);
}
END_TEST

START_TEST(test_readings_empty)
{
    sahel_reading r[SAHEL_READINGS_MAX];
    ck_assert_uint_eq(sahel_words_readings(NULL, 0, r), 0);
}
END_TEST

START_TEST(test_readings_bounded)
{
    /* Every word built from proclitic letters stays within SAHEL_READINGS_MAX. */
    const uint32_t letters[] = {0x0648, 0x0641, 0x0628, 0x0643, 0x0644, 0x0627, 0x064E};
    uint32_t w[6];
    size_t combos = 1;
    for (int i = 0; i < 6; i++) combos *= 7;
    size_t seen_max = 0;
    for (size_t k = 0; k < combos; k++) {
        size_t x = k;
        for (int i = 0; i < 6; i++) w[i] = letters[x % 7], x /= 7;
        sahel_reading r[SAHEL_READINGS_MAX];
        size_t nr = sahel_words_readings(w, 6, r);
        ck_assert_uint_le(nr, SAHEL_READINGS_MAX);
        for (size_t j = 1; j < nr; j++) ck_assert_uint_gt(r[j].stem, r[j - 1].stem);
        if (nr > seen_max) seen_max = nr;
    }
    ck_assert_uint_ge(seen_max, 4);
}
END_TEST

static const struct {
    const char *word;
    size_t stem;
    int article;
} strip_cases[] = {
    {"النيجر", 2, 1},  {"الم", 0, 0},   {"ال", 0, 0}, {"مالي", 0, 0}, {"الْنيجر", 3, 1},
    {"والنيجر", 0, 0}, {"اليمن", 2, 1}, {"", 0, 0},   {"ا", 0, 0},    {"اب", 0, 0},
};

START_TEST(test_strip_article)
{
    uint32_t w[MAXCP];
    size_t n = decode(strip_cases[_i].word, w, MAXCP);
    int article = -1;
    size_t stem = sahel_words_strip_article(w, n, &article);
    ck_assert_msg(stem == strip_cases[_i].stem && article == strip_cases[_i].article,
                  "%s: got %zu/%d", strip_cases[_i].word, stem, article);
}
END_TEST

static Suite *
words_suite(void)
{
    Suite *s = suite_create("words");
    TCase *tc = tcase_create("class");
    tcase_add_loop_test(tc, test_class, 0, (int)(sizeof class_cases / sizeof *class_cases));
    tcase_add_loop_test(tc, test_class_pins, 0, (int)(sizeof class_pins / sizeof *class_pins));
    tcase_add_test(tc, test_mark_or_tatweel);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan");
    tcase_add_loop_test(tc, test_scan, 0, (int)(sizeof scan_cases / sizeof *scan_cases));
    tcase_add_test(tc, test_scan_odd_code_points);
    tcase_add_test(tc, test_scan_empty_and_null);
    tcase_add_test(tc, test_scan_resume);
    tcase_add_test(tc, test_scan_resume_after);
    tcase_add_test(tc, test_scan_long_word);
    suite_add_tcase(s, tc);

    tc = tcase_create("readings");
    tcase_add_loop_test(tc, test_readings, 0, (int)(sizeof reading_cases / sizeof *reading_cases));
    tcase_add_test(tc, test_readings_empty);
    tcase_add_test(tc, test_readings_bounded);
    tcase_add_loop_test(tc, test_strip_article, 0, (int)(sizeof strip_cases / sizeof *strip_cases));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(words_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Check suite for the normalizer core (csrc/sahel_normalize.c), linked without Python.
 * Every case runs in each width that can hold its input (1, 2, 4 bytes), with out_kind equal
 * to the input width and 4, with and without the offset map; each option is also checked
 * one code point at a time over the whole BMP against the specification written out below. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>

#include "pep393.h"
#include "sahel_normalize.h"

#define ALL SAHEL_NORM_ALL_OPTIONS
#define OFFS(...) ((const size_t[]){__VA_ARGS__, SIZE_MAX})

/* ---- helpers ---- */

/* Decodes UTF-8 (valid, from the literals below) into code points; returns the count. */
static size_t
utf8_decode(const char *s, size_t bytes, uint32_t *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + bytes;
    size_t n = 0;
    while (p < end) {
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more) c &= 0x3Fu >> more;
        while (more-- > 0) c = (c << 6) | (*p++ & 0x3Fu);
        out[n++] = c;
    }
    return n;
}

static void *
pack(const uint32_t *cps, size_t n, int kind)
{
    void *data = malloc(n * (size_t)kind + 1);
    ck_assert_ptr_nonnull(data);
    for (size_t k = 0; k < n; k++) {
        if (kind == 1) ((uint8_t *)data)[k] = (uint8_t)cps[k];
        else if (kind == 2) ((uint16_t *)data)[k] = (uint16_t)cps[k];
        else ((uint32_t *)data)[k] = cps[k];
    }
    return data;
}

static int
min_kind(const uint32_t *cps, size_t n)
{
    uint32_t m = 0;
    for (size_t k = 0; k < n; k++) m = cps[k] > m ? cps[k] : m;
    return m < 0x100 ? 1 : m < 0x10000 ? 2 : 4;
}

/* What the map must satisfy whatever the text: checkpoints strictly increasing in
 * the normalized index, non-decreasing in the original one, a last checkpoint
 * (norm_len, orig_len), every index mapped inside the original text and never
 * backwards, and no checkpoint that repeats the distance before it. */
static void
check_offsets_shape(const sahel_normalized *r, size_t orig_len, const char *name)
{
    const sahel_offsets *o = &r->offsets;
    size_t prev = 0;
    ck_assert_msg(o->count >= 1, "%s: no checkpoint", name);
    ck_assert_msg(o->norm[o->count - 1] == r->len && o->orig[o->count - 1] == orig_len,
                  "%s: last checkpoint is (%zu, %zu), want (%zu, %zu)", name, o->norm[o->count - 1],
                  o->orig[o->count - 1], r->len, orig_len);
    for (size_t k = 0; k < o->count; k++) {
        size_t pn = k ? o->norm[k - 1] : 0, po = k ? o->orig[k - 1] : 0;
        if (k)
            ck_assert_msg(o->norm[k] > pn && o->orig[k] >= po, "%s: checkpoint %zu out of order",
                          name, k);
        if (k + 1 < o->count)
            ck_assert_msg(o->orig[k] + pn != po + o->norm[k],
                          "%s: checkpoint %zu repeats the distance", name, k);
    }
    for (size_t j = 0; j <= r->len; j++) {
        size_t at = sahel_offsets_to_original(o, j);
        ck_assert_msg(at <= orig_len && at >= prev, "%s: index %zu maps to %zu", name, j, at);
        ck_assert_msg(j == r->len || at < orig_len, "%s: index %zu maps past the text", name, j);
        prev = at;
    }
}

/* ---- table of cases ---- */

typedef struct norm_case {
    const char *name;
    const char *input;
    unsigned options;
    const char *expected;  /* NULL: unchanged (changed == 0, no allocation) */
    const size_t *offsets; /* original index of every normalized index 0..len, or NULL */
} norm_case;

static const norm_case cases[] = {
    /* diacritics */
    {"diacritics on", u8"كَتَبَ", SAHEL_NORM_DIACRITICS, u8"كتب", OFFS(0, 2, 4, 6)},
    {"diacritics off", u8"كَتَبَ", ALL & ~SAHEL_NORM_DIACRITICS, NULL, NULL},
    {"all eight harakat and superscript alef",
     u8"ب\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652هٰذا", SAHEL_NORM_DIACRITICS, u8"بهذا",
     OFFS(0, 9, 11, 12, 13)},
    {"diacritics leave the extended marks", u8"ب\u0653\u0610", SAHEL_NORM_DIACRITICS, NULL, NULL},
    /* extended marks, and the five code points of their ranges that are not marks */
    {"extended marks on",
     u8"ب\u0653\u0654\u065Fا\u0610\u061A\u06D6\u06DC\u06DF\u06E4\u06E7\u06E8\u06EA\u06ED",
     SAHEL_NORM_EXTENDED_MARKS, u8"با", OFFS(0, 4, 15)},
    {"extended marks off", u8"ب\u0653\u0654ا\u0610\u06D6", ALL & ~SAHEL_NORM_EXTENDED_MARKS, NULL,
     NULL},
    {"non-marks of the extended ranges stay", u8"\u06DD\u06DE\u06E5\u06E6\u06E9", ALL, NULL, NULL},
    {"extended marks leave the harakat", u8"بَ", SAHEL_NORM_EXTENDED_MARKS, NULL, NULL},
    /* tatweel */
    {"tatweel on", u8"العـــربية", SAHEL_NORM_TATWEEL, u8"العربية", OFFS(0, 1, 2, 6, 7, 8, 9, 10)},
    {"tatweel off", u8"العـــربي", ALL & ~SAHEL_NORM_TATWEEL, NULL, NULL},
    /* letters */
    {"alef on", u8"أإآٱ\u0672\u0673ا", SAHEL_NORM_ALEF, u8"ااااااا", OFFS(0, 1, 2, 3, 4, 5, 6, 7)},
    {"alef off", u8"أإآٱ\u0672\u0673", ALL & ~SAHEL_NORM_ALEF, NULL, NULL},
    {"alef maksura on", u8"على", SAHEL_NORM_ALEF_MAKSURA, u8"علي", NULL},
    {"alef maksura off", u8"على", ALL & ~SAHEL_NORM_ALEF_MAKSURA, NULL, NULL},
    {"teh marbuta on", u8"مدينة", SAHEL_NORM_TEH_MARBUTA, u8"مدينه", NULL},
    {"teh marbuta off", u8"مدينة", ALL & ~SAHEL_NORM_TEH_MARBUTA, NULL, NULL},
    {"hamza seats on", u8"مؤتمر رئيس", SAHEL_NORM_HAMZA_SEATS, u8"موتمر رييس", NULL},
    {"hamza seats off", u8"مؤتمر رئيس", ALL & ~SAHEL_NORM_HAMZA_SEATS, NULL, NULL},
    {"hamza seats leave the alefs", u8"أإآء", SAHEL_NORM_HAMZA_SEATS, NULL, NULL},
    {"persian letters on",
     u8"\u06A9\u06AA\u06CC\u06CD\u06D0\u06D2\u06D3\u06BE\u06C0\u06C1\u06C2\u06D5",
     SAHEL_NORM_PERSIAN_LETTERS, u8"ككيييييههههه", NULL},
    {"persian letters off", u8"\u06A9\u06CC\u06C1", ALL & ~SAHEL_NORM_PERSIAN_LETTERS, NULL, NULL},
    {"peh tcheh veh gaf stay", u8"پاريس تشاد چ ڤولتا گاو", ALL, NULL, NULL},
    /* digits and punctuation */
    {"digits on", u8"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", SAHEL_NORM_DIGITS, "0123456789 0123456789", NULL},
    {"digits off", u8"٢٠٢٤ ۱۴۰۳", ALL & ~SAHEL_NORM_DIGITS, NULL, NULL},
    {"punctuation on", u8"نعم، لا؛ ماذا؟ ٥٪", SAHEL_NORM_PUNCTUATION, u8"نعم, لا; ماذا? ٥%", NULL},
    {"punctuation off", u8"نعم، لا؛ ماذا؟ ٪", ALL & ~SAHEL_NORM_PUNCTUATION, NULL, NULL},
    /* presentation forms: NFKC, then the other options on each code point */
    {"lam-alef ligature expands", u8"\uFEFB", SAHEL_NORM_PRESENTATION_FORMS, u8"لا", OFFS(0, 0, 1)},
    {"lam-alef inside a word", u8"ك\uFEFBم", SAHEL_NORM_PRESENTATION_FORMS, u8"كلام",
     OFFS(0, 1, 1, 2, 3)},
    {"presentation forms off", u8"\uFEFB\uFDFA\uFE87", ALL & ~SAHEL_NORM_PRESENTATION_FORMS, NULL,
     NULL},
    {"alef form then alef", u8"\uFE87", SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_ALEF, u8"ا",
     NULL},
    {"alef form without alef", u8"\uFE87", SAHEL_NORM_PRESENTATION_FORMS, u8"إ", NULL},
    {"lam-alef with hamza then alef", u8"\uFEF7", SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_ALEF,
     u8"لا", OFFS(0, 0, 1)},
    {"salla allahu alayhi wa sallam", u8"a\uFDFAb", SAHEL_NORM_PRESENTATION_FORMS,
     u8"aصلى الله عليه وسلمb", OFFS(0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3)},
    {"expansion through alef maksura and collapse", u8" \uFDFA ",
     SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_ALEF_MAKSURA | SAHEL_NORM_COLLAPSE_SPACES,
     u8" صلي الله عليه وسلم ", NULL},
    {"rial sign through persian yeh", u8"\uFDFC",
     SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_PERSIAN_LETTERS, u8"ريال", OFFS(0, 0, 0, 0, 1)},
    {"ligature of marks loses them", u8"ب\uFC5Eت",
     SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_DIACRITICS, u8"ب ت", OFFS(0, 1, 2, 3)},
    {"ligature of marks keeps them", u8"\uFC5E", SAHEL_NORM_PRESENTATION_FORMS, u8" \u064C\u0651",
     OFFS(0, 0, 0, 1)},
    {"isolated forms of letters", u8"\uFE8F\uFB8E\uFE94", SAHEL_NORM_PRESENTATION_FORMS, u8"بکة",
     NULL},
    {"presentation forms in the search preset", u8"\uFB8E\uFE94\uFEF9", SAHEL_NORM_PRESET_SEARCH,
     u8"كةلا", NULL},
    {"fathatan form then collapse", u8"a \uFE70b",
     SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_DIACRITICS | SAHEL_NORM_COLLAPSE_SPACES, u8"a b",
     OFFS(0, 1, 3, 4)},
    /* invisible */
    {"invisible on",
     u8"a\u200Bb\u200C\u200D\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068"
     u8"\u2069\uFEFF\u00ADc",
     SAHEL_NORM_INVISIBLE, "abc", OFFS(0, 2, 19, 20)},
    {"invisible off", u8"a\u200Bb\u200F\uFEFF\u00AD", ALL & ~SAHEL_NORM_INVISIBLE, NULL, NULL},
    {"soft hyphen in Latin-1", u8"co\u00ADop\u00AD", SAHEL_NORM_INVISIBLE, "coop",
     OFFS(0, 1, 3, 4, 6)},
    /* spaces */
    {"spaces on", u8"a\u00A0b\u1680c\u2000\u200Ad\u202F\u205F\u3000e", SAHEL_NORM_SPACES,
     "a b c  d   e", NULL},
    {"spaces off", u8"a\u00A0b\u2009c\u3000", ALL & ~SAHEL_NORM_SPACES, NULL, NULL},
    {"spaces leave zero width space", u8"a\u200Bb", SAHEL_NORM_SPACES, NULL, NULL},
    {"collapse on", "a  b   c ", SAHEL_NORM_COLLAPSE_SPACES, "a b c ", OFFS(0, 1, 3, 4, 7, 8, 9)},
    {"collapse keeps single spaces", " a b c ", SAHEL_NORM_COLLAPSE_SPACES, NULL, NULL},
    {"collapse off", "a  b", ALL & ~SAHEL_NORM_COLLAPSE_SPACES, NULL, NULL},
    {"leading and trailing runs", "   a   ", SAHEL_NORM_COLLAPSE_SPACES, " a ", OFFS(0, 3, 4, 7)},
    {"collapse after mapping", u8"a \u00A0\u2003b", SAHEL_NORM_SPACES | SAHEL_NORM_COLLAPSE_SPACES,
     "a b", OFFS(0, 1, 4, 5)},
    {"collapse leaves nbsp without spaces", u8"a \u00A0 b", SAHEL_NORM_COLLAPSE_SPACES, NULL, NULL},
    {"collapse across a deletion", u8"a \u200B b",
     SAHEL_NORM_INVISIBLE | SAHEL_NORM_COLLAPSE_SPACES, "a b", OFFS(0, 1, 4, 5)},
    {"collapse in Latin-1 after eight bytes", "The quick brown fox jumps  over",
     SAHEL_NORM_COLLAPSE_SPACES, "The quick brown fox jumps over", NULL},
    {"collapse across an eight-byte boundary", "abcdefg  hijklmnop", SAHEL_NORM_COLLAPSE_SPACES,
     "abcdefg hijklmnop", NULL},
    {"long Latin-1 untouched", "The quick brown fox jumps over the lazy dog, caf\u00E9 cr\u00E8me.",
     ALL, NULL, NULL},
    {"nbsp late in Latin-1", "The quick brown fox\u00A0jumps", SAHEL_NORM_SPACES,
     "The quick brown fox jumps", NULL},
    /* other scripts, emoji, combining marks */
    {"emoji around an alef", u8"😀أ😀", SAHEL_NORM_ALEF, u8"😀ا😀", OFFS(0, 1, 2, 3)},
    {"emoji and a diacritic", u8"👍🏽بَ😀", SAHEL_NORM_DIACRITICS, u8"👍🏽ب😀",
     OFFS(0, 1, 2, 4, 5)},
    {"emoji untouched", u8"😀👨‍👩‍👧 ok",
     SAHEL_NORM_ALL_OPTIONS & ~SAHEL_NORM_INVISIBLE, NULL, NULL},
    {"latin combining marks stay", u8"e\u0301أ", SAHEL_NORM_PRESET_SEARCH, u8"e\u0301ا", NULL},
    {"other scripts untouched", u8"Ελληνικά русский 中文 עברית", ALL, NULL, NULL},
    /* presets */
    {"search preset", u8"قالَ الرئيسُ إنّ ٣ جنودٍ قُتلوا في النيجر، يومَ الأحد.",
     SAHEL_NORM_PRESET_SEARCH, u8"قال الرئيس ان 3 جنود قتلوا في النيجر، يوم الاحد.", NULL},
    {"camel preset", u8"مدرسةٌ على الأرضِ، ٢٠٢٤", SAHEL_NORM_PRESET_CAMEL, u8"مدرسه علي الارض، ٢٠٢٤",
     NULL},
    {"everything", u8"  أَلْـــمَدْرَسَةُ\u00A0 الكُبْرَى؟ ٣٪\u200F", ALL, u8" المدرسه الكبري? 3%", NULL},
    /* edges */
    {"empty", "", ALL, NULL, NULL},
    {"no options", u8"أَ", 0, NULL, NULL},
    {"everything deleted", u8"\u064B\u064C\u0640", ALL, "", OFFS(3)},
    {"only a change at the end", u8"abcdefghijkأ", SAHEL_NORM_ALEF, u8"abcdefghijkا", NULL},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void
run_case(const norm_case *tc, int kind, int out_kind, int want)
{
    uint32_t in[512], exp[512];
    size_t n = utf8_decode(tc->input, strlen(tc->input), in);
    size_t m = tc->expected ? utf8_decode(tc->expected, strlen(tc->expected), exp) : 0;
    void *data = pack(in, n, kind);
    sahel_normalized r, again;
    char name[160];
    uint32_t maxc = 0;
    int rc;

    snprintf(name, sizeof name, "%s (kind %d -> %d%s)", tc->name, kind, out_kind,
             want ? ", offsets" : "");
    rc = sahel_normalize(data, kind, n, tc->options, out_kind, want, &r);
    ck_assert_msg(rc == SAHEL_OK, "%s: %s", name, sahel_strerror(rc));
    ck_assert_int_eq(r.kind, out_kind);
    if (!tc->expected) {
        ck_assert_msg(!r.changed && r.data == NULL && r.len == n && r.offsets.count == 0,
                      "%s: expected no change", name);
        free(data);
        return;
    }
    ck_assert_msg(r.changed == 1, "%s: not changed", name);
    ck_assert_msg(r.len == m, "%s: length %zu, want %zu", name, r.len, m);
    ck_assert_ptr_nonnull(r.data);
    for (size_t k = 0; k < m; k++) {
        uint32_t got = cp_at(r.data, out_kind, k);
        ck_assert_msg(got == exp[k], "%s: at %zu U+%04X, want U+%04X", name, k, got, exp[k]);
        maxc = exp[k] > maxc ? exp[k] : maxc;
    }
    ck_assert_msg(r.maxchar == maxc, "%s: maxchar U+%04X, want U+%04X", name, r.maxchar, maxc);
    if (want) {
        check_offsets_shape(&r, n, name);
        if (tc->offsets) {
            size_t count = 0;
            while (tc->offsets[count] != SIZE_MAX) count++;
            ck_assert_msg(count == m + 1, "%s: the case lists %zu offsets for %zu code points",
                          name, count, m);
            for (size_t j = 0; j <= m; j++) {
                size_t at = sahel_offsets_to_original(&r.offsets, j);
                ck_assert_msg(at == tc->offsets[j], "%s: index %zu maps to %zu, want %zu", name, j,
                              at, tc->offsets[j]);
            }
        }
    }
    else {
        ck_assert_msg(r.offsets.count == 0 && r.offsets.norm == NULL, "%s: unasked map", name);
    }
    /* idempotence: the output is left as it is */
    rc = sahel_normalize(r.data, out_kind, r.len, tc->options, out_kind, want, &again);
    ck_assert_int_eq(rc, SAHEL_OK);
    ck_assert_msg(!again.changed && again.data == NULL, "%s: not idempotent", name);
    sahel_normalized_free(&again);
    sahel_normalized_free(&r);
    ck_assert_msg(r.data == NULL && r.len == 0 && r.offsets.count == 0, "%s: free", name);
    free(data);
}

START_TEST(test_cases)
{
    const norm_case *tc = &cases[_i];
    uint32_t in[512];
    size_t n = utf8_decode(tc->input, strlen(tc->input), in);
    ck_assert_msg(n < 512, "%s: too long for the test buffer", tc->name);
    for (int kind = min_kind(in, n); kind <= 4; kind *= 2) {
        run_case(tc, kind, kind, 0);
        run_case(tc, kind, kind, 1);
        if (kind != 4) {
            run_case(tc, kind, 4, 0);
            run_case(tc, kind, 4, 1);
        }
    }
}
END_TEST

/* ---- each option, one code point at a time, against the specification ---- */

enum { DELETE = -1, DIGIT = -2, ICU_NFKC = -3 };

typedef struct spec_range {
    unsigned option;
    uint32_t first, last;
    int32_t to; /* a code point, DELETE, DIGIT (first -> '0', first + 1 -> '1', ...), or ICU_NFKC */
} spec_range;

static const spec_range spec[] = {
    {SAHEL_NORM_DIACRITICS, 0x064B, 0x0652, DELETE},
    {SAHEL_NORM_DIACRITICS, 0x0670, 0x0670, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x0610, 0x061A, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x0653, 0x065F, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x06D6, 0x06DC, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x06DF, 0x06E4, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x06E7, 0x06E8, DELETE},
    {SAHEL_NORM_EXTENDED_MARKS, 0x06EA, 0x06ED, DELETE},
    {SAHEL_NORM_TATWEEL, 0x0640, 0x0640, DELETE},
    {SAHEL_NORM_ALEF, 0x0622, 0x0623, 0x0627},
    {SAHEL_NORM_ALEF, 0x0625, 0x0625, 0x0627},
    {SAHEL_NORM_ALEF, 0x0671, 0x0673, 0x0627},
    {SAHEL_NORM_ALEF_MAKSURA, 0x0649, 0x0649, 0x064A},
    {SAHEL_NORM_TEH_MARBUTA, 0x0629, 0x0629, 0x0647},
    {SAHEL_NORM_HAMZA_SEATS, 0x0624, 0x0624, 0x0648},
    {SAHEL_NORM_HAMZA_SEATS, 0x0626, 0x0626, 0x064A},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06A9, 0x06AA, 0x0643},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06CC, 0x06CD, 0x064A},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06D0, 0x06D0, 0x064A},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06D2, 0x06D3, 0x064A},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06BE, 0x06BE, 0x0647},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06C0, 0x06C2, 0x0647},
    {SAHEL_NORM_PERSIAN_LETTERS, 0x06D5, 0x06D5, 0x0647},
    {SAHEL_NORM_DIGITS, 0x0660, 0x0669, DIGIT},
    {SAHEL_NORM_DIGITS, 0x06F0, 0x06F9, DIGIT},
    {SAHEL_NORM_PUNCTUATION, 0x060C, 0x060C, ','},
    {SAHEL_NORM_PUNCTUATION, 0x061B, 0x061B, ';'},
    {SAHEL_NORM_PUNCTUATION, 0x061F, 0x061F, '?'},
    {SAHEL_NORM_PUNCTUATION, 0x066A, 0x066A, '%'},
    {SAHEL_NORM_PRESENTATION_FORMS, 0xFB50, 0xFDFF, ICU_NFKC},
    {SAHEL_NORM_PRESENTATION_FORMS, 0xFE70, 0xFEFE, ICU_NFKC},
    {SAHEL_NORM_INVISIBLE, 0x00AD, 0x00AD, DELETE},
    {SAHEL_NORM_INVISIBLE, 0x061C, 0x061C, DELETE},
    {SAHEL_NORM_INVISIBLE, 0x200B, 0x200F, DELETE},
    {SAHEL_NORM_INVISIBLE, 0x202A, 0x202E, DELETE},
    {SAHEL_NORM_INVISIBLE, 0x2066, 0x2069, DELETE},
    {SAHEL_NORM_INVISIBLE, 0xFEFF, 0xFEFF, DELETE},
    {SAHEL_NORM_SPACES, 0x00A0, 0x00A0, ' '},
    {SAHEL_NORM_SPACES, 0x1680, 0x1680, ' '},
    {SAHEL_NORM_SPACES, 0x2000, 0x200A, ' '},
    {SAHEL_NORM_SPACES, 0x202F, 0x202F, ' '},
    {SAHEL_NORM_SPACES, 0x205F, 0x205F, ' '},
    {SAHEL_NORM_SPACES, 0x3000, 0x3000, ' '},
};

/* The expected output of c alone under `option`; returns its length (1 and c: unchanged). */
static size_t
expected_alone(unsigned option, uint32_t c, uint32_t *out)
{
    out[0] = c;
    for (size_t k = 0; k < sizeof(spec) / sizeof(spec[0]); k++) {
        const spec_range *s = &spec[k];
        if (s->option != option || c < s->first || c > s->last) continue;
        if (s->to == DELETE) return 0;
        if (s->to == DIGIT) {
            out[0] = '0' + (c - s->first);
        }
        else if (s->to == ICU_NFKC) {
            UErrorCode err = U_ZERO_ERROR;
            const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
            UChar src[1] = {(UChar)c}, dst[64];
            int32_t len = unorm2_normalize(nfkc, src, 1, dst, 64, &err);
            ck_assert(U_SUCCESS(err));
            for (int32_t i = 0; i < len; i++) out[i] = dst[i]; /* all BMP */
            return (size_t)len;
        }
        else {
            out[0] = (uint32_t)s->to;
        }
        return 1;
    }
    return 1;
}

static const unsigned option_bits[] = {
    SAHEL_NORM_DIACRITICS,  SAHEL_NORM_EXTENDED_MARKS,     SAHEL_NORM_TATWEEL,
    SAHEL_NORM_ALEF,        SAHEL_NORM_ALEF_MAKSURA,       SAHEL_NORM_TEH_MARBUTA,
    SAHEL_NORM_HAMZA_SEATS, SAHEL_NORM_PERSIAN_LETTERS,    SAHEL_NORM_DIGITS,
    SAHEL_NORM_PUNCTUATION, SAHEL_NORM_PRESENTATION_FORMS, SAHEL_NORM_INVISIBLE,
    SAHEL_NORM_SPACES,      SAHEL_NORM_COLLAPSE_SPACES,
};

START_TEST(test_option_over_bmp)
{
    unsigned option = option_bits[_i];
    size_t changed = 0;
    for (uint32_t c = 0; c < 0x10000 + 0x200; c++) {
        uint32_t want[64];
        size_t m = expected_alone(option, c, want);
        int unchanged = m == 1 && want[0] == c;
        int kind = c < 0x100 ? 1 : c < 0x10000 ? 2 : 4;
        uint8_t b1 = (uint8_t)c;
        uint16_t b2 = (uint16_t)c;
        uint32_t b4 = c;
        const void *in = kind == 1 ? (const void *)&b1 : kind == 2 ? (const void *)&b2 : &b4;
        sahel_normalized r;
        ck_assert_int_eq(sahel_normalize(in, kind, 1, option, kind, 1, &r), SAHEL_OK);
        if (unchanged) {
            ck_assert_msg(!r.changed, "option %#x: U+%04X changed", option, c);
        }
        else {
            changed++;
            ck_assert_msg(r.changed && r.len == m, "option %#x: U+%04X gives %zu code points",
                          option, c, r.len);
            for (size_t k = 0; k < m; k++)
                ck_assert_msg(cp_at(r.data, kind, k) == want[k], "option %#x: U+%04X at %zu",
                              option, c, k);
            for (size_t j = 0; j < m; j++)
                ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, j), 0);
            ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, m), 1);
        }
        sahel_normalized_free(&r);
    }
    ck_assert_msg(changed > 0 || option == SAHEL_NORM_COLLAPSE_SPACES, "option %#x touches nothing",
                  option);
}
END_TEST

/* ---- lone surrogates, NUL, bad arguments, growth ---- */

START_TEST(test_surrogates_and_nul)
{
    const uint16_t in2[] = {0xD800, 0x0623, 0x0000, 0xDC00, 0x064E, 0xDFFF};
    const uint32_t in4[] = {0xD800, 0x0623, 0x0000, 0xDC00, 0x064E, 0xDFFF, 0x1F600};
    const uint32_t want[] = {0xD800, 0x0627, 0x0000, 0xDC00, 0xDFFF, 0x1F600};
    sahel_normalized r;
    ck_assert_int_eq(sahel_normalize(in2, 2, 6, ALL, 2, 1, &r), SAHEL_OK);
    ck_assert_uint_eq(r.len, 5);
    for (size_t k = 0; k < 5; k++) ck_assert_uint_eq(((uint16_t *)r.data)[k], want[k]);
    ck_assert_uint_eq(r.maxchar, 0xDFFF);
    ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, 4), 5);
    sahel_normalized_free(&r);
    ck_assert_int_eq(sahel_normalize(in4, 4, 7, ALL, 4, 0, &r), SAHEL_OK);
    ck_assert_uint_eq(r.len, 6);
    ck_assert_int_eq(memcmp(r.data, want, sizeof want), 0);
    ck_assert_uint_eq(r.maxchar, 0x1F600);
    sahel_normalized_free(&r);
    /* untouched surrogates and NUL: the fast path */
    ck_assert_int_eq(sahel_normalize(in2, 2, 1, ALL, 2, 1, &r), SAHEL_OK);
    ck_assert(!r.changed && r.data == NULL && r.len == 1);
    ck_assert_int_eq(sahel_normalize("\0\0a", 1, 3, ALL, 1, 1, &r), SAHEL_OK);
    ck_assert(!r.changed && r.len == 3);
}
END_TEST

START_TEST(test_invalid_arguments)
{
    const uint16_t in[] = {0x0623};
    sahel_normalized r;
    const int bad[][2] = {{0, 0}, {3, 3}, {5, 5}, {8, 8}, {-1, 4}, {1, 2},
                          {2, 1}, {4, 2}, {4, 1}, {2, 3}, {1, 0}};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        memset(&r, 0xAB, sizeof r);
        ck_assert_int_eq(sahel_normalize(in, bad[k][0], 1, ALL, bad[k][1], 0, &r),
                         SAHEL_ERR_INVALID);
        ck_assert(r.data == NULL && r.offsets.norm == NULL && r.changed == 0);
    }
    ck_assert_int_eq(sahel_normalize(in, 2, 1, ALL + 1u, 2, 0, &r), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_normalize(in, 2, 1, 1u << 31, 2, 0, &r), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_normalize(NULL, 2, 1, ALL, 2, 0, &r), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_normalize(in, 2, 1, ALL, 2, 0, NULL), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_normalize(in, 2, SIZE_MAX / 2, ALL, 2, 0, &r), SAHEL_ERR_OVERFLOW);
    /* NULL with no code points is an empty text */
    ck_assert_int_eq(sahel_normalize(NULL, 4, 0, ALL, 4, 1, &r), SAHEL_OK);
    ck_assert(!r.changed && r.len == 0);
    sahel_normalized_free(NULL);
    memset(&r, 0, sizeof r);
    sahel_normalized_free(&r);
    ck_assert_uint_eq(sahel_offsets_to_original(NULL, 7), 7);
}
END_TEST

/* Under AddressSanitizer an impossible allocation must return NULL, as malloc does, rather
 * than stop the program: test_out_of_memory checks how the library handles NULL. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

/* The first code point is touched, so the output buffer (len code points) is asked for at
 * once and never read past: a length no machine can hold must fail cleanly. */
START_TEST(test_out_of_memory)
{
    const uint16_t in[] = {0x0623};
    sahel_normalized r;
    memset(&r, 0xAB, sizeof r);
    ck_assert_int_eq(sahel_normalize(in, 2, SIZE_MAX / 8, ALL, 2, 1, &r), SAHEL_ERR_NOMEM);
    ck_assert(r.data == NULL && r.offsets.norm == NULL && r.offsets.count == 0 && !r.changed);
    sahel_normalized_free(&r);
}
END_TEST

/* Many expansions: the buffer grows past the input length; deletions between them
 * move the map both ways. */
START_TEST(test_growth)
{
    enum { REPS = 3000 };
    uint16_t *in = malloc(REPS * 3 * sizeof(uint16_t));
    sahel_normalized r;
    ck_assert_ptr_nonnull(in);
    for (size_t k = 0; k < REPS; k++) {
        in[3 * k] = 0xFDFA;     /* 18 code points */
        in[3 * k + 1] = 0x064E; /* deleted */
        in[3 * k + 2] = 0xFEFB; /* 2 code points */
    }
    ck_assert_int_eq(sahel_normalize(in, 2, REPS * 3, SAHEL_NORM_PRESET_SEARCH, 2, 1, &r),
                     SAHEL_OK);
    ck_assert_uint_eq(r.len, REPS * 20);
    check_offsets_shape(&r, REPS * 3, "growth");
    for (size_t k = 0; k < REPS; k++) {
        for (size_t t = 0; t < 18; t++)
            ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, 20 * k + t), 3 * k);
        ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, 20 * k + 18), 3 * k + 2);
        ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, 20 * k + 19), 3 * k + 2);
        ck_assert_uint_eq(((uint16_t *)r.data)[20 * k + 18], 0x0644);
        ck_assert_uint_eq(((uint16_t *)r.data)[20 * k + 2], 0x064A); /* alef maksura in search */
    }
    sahel_normalized_free(&r);
    /* the same into 4-byte output, without the map */
    ck_assert_int_eq(sahel_normalize(in, 2, REPS * 3, SAHEL_NORM_PRESENTATION_FORMS, 4, 0, &r),
                     SAHEL_OK);
    ck_assert_uint_eq(r.len, REPS * 21);
    ck_assert_uint_eq(((uint32_t *)r.data)[18], 0x064E);
    sahel_normalized_free(&r);
    free(in);
}
END_TEST

/* A long text where every other code point is deleted: the map has one checkpoint
 * per deletion, and every index maps to its kept letter. */
START_TEST(test_offsets_every_index)
{
    enum { N = 10001 };
    uint32_t *in = malloc(N * sizeof(uint32_t));
    sahel_normalized r;
    ck_assert_ptr_nonnull(in);
    for (size_t k = 0; k < N; k++) in[k] = k % 2 ? 0x0651 : 0x0628 + (uint32_t)(k % 20);
    ck_assert_int_eq(sahel_normalize(in, 4, N, SAHEL_NORM_DIACRITICS, 4, 1, &r), SAHEL_OK);
    ck_assert_uint_eq(r.len, N / 2 + 1);
    check_offsets_shape(&r, N, "every other");
    for (size_t j = 0; j < r.len; j++) {
        size_t at = sahel_offsets_to_original(&r.offsets, j);
        ck_assert_uint_eq(at, 2 * j);
        ck_assert_uint_eq(((uint32_t *)r.data)[j], in[at]);
    }
    ck_assert_uint_eq(sahel_offsets_to_original(&r.offsets, r.len), N);
    sahel_normalized_free(&r);
    free(in);
}
END_TEST

static Suite *
normalize_suite(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc = tcase_create("cases");
    tcase_add_loop_test(tc, test_cases, 0, (int)N_CASES);
    suite_add_tcase(s, tc);
    tc = tcase_create("options");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_option_over_bmp, 0,
                        (int)(sizeof(option_bits) / sizeof(option_bits[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("edges");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_surrogates_and_nul);
    tcase_add_test(tc, test_invalid_arguments);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_test(tc, test_growth);
    tcase_add_test(tc, test_offsets_every_index);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(normalize_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

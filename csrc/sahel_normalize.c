/* Arabic text normalization in one pass over PEP 393 code-point arrays, with an
 * offset map back to the original (contract in sahel_normalize.h).
 *
 * Each code point has a class (generated table, sahel_chartable.h); the option
 * bits of a call turn each class into an action: keep, map to one code point,
 * delete, collapse into a preceding space, or expand through ICU's NFKC. The
 * loop is written once as a macro and instantiated for every (in, out) width. */
#include "sahel_normalize.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>

#include "sahel_chartable.h"

#if defined(__GNUC__) || defined(__clang__)
#define SAHEL_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SAHEL_LIKELY(x) (x)
#endif

/* Longest NFKC of one presentation form, in UTF-16 units: U+FDFA gives 18. */
#define SAHEL_NFKC_MAX 32

_Static_assert(SAHEL_CLASS_COUNT <= 64, "the touched-class set is a 64-bit mask");

/* What this call does with one class, 8 bytes so that the loop reads it in one
 * go. For keep, map and delete the output is target | (c & keep), advancing by
 * adv (0: deleted), with no branch. On ANT news text, a branch to skip this read
 * for untouched code points measured slower: at half the speed when it tested
 * "class 0" (U+0020 has a class of its own), and 17% slower with the camel preset
 * when it tested "touched by this call" (every alef with hamza and teh marbuta
 * mispredicts). `special` sends the rare cases (collapse, NFKC, deletions the
 * offset map must record) to the slow path. Every MAP target is in the BMP (the
 * generator checks it). */
typedef struct sahel_action {
    uint32_t keep;
    uint16_t target;
    uint8_t adv;
    uint8_t special; /* 0 or SAHEL_ACTION_DELETE / _COLLAPSE / _NFKC */
} sahel_action;

typedef struct sahel_run {
    sahel_action act[SAHEL_CLASS_COUNT];
    uint64_t touched;         /* classes some enabled option changes */
    sahel_offsets *offsets;   /* NULL unless the caller wants the map */
    const UNormalizer2 *nfkc; /* ICU's shared instance, fetched at the first presentation form */
} sahel_run;

static void
sahel_run_init(sahel_run *run, unsigned options, sahel_offsets *offsets)
{
    run->touched = 0;
    run->offsets = offsets;
    run->nfkc = NULL;
    for (unsigned cls = 0; cls < SAHEL_CLASS_COUNT; cls++) {
        const sahel_class_info *info = &sahel_class_infos[cls];
        sahel_action *a = &run->act[cls];
        a->keep = UINT32_MAX;
        a->target = 0;
        a->adv = 1;
        a->special = 0;
        if (cls == SAHEL_CLASS_KEEP || !(options & info->option)) continue;
        run->touched |= UINT64_C(1) << cls;
        switch (info->action) {
        case SAHEL_ACTION_DELETE:
            a->keep = 0;
            a->adv = 0;
            if (offsets) a->special = (uint8_t)SAHEL_ACTION_DELETE;
            break;
        case SAHEL_ACTION_MAP:
            a->keep = 0;
            a->target = (uint16_t)info->target;
            /* Spaces mapped to U+0020 collapse with U+0020 (collapsing comes after mapping). */
            if (info->target == 0x20 && (options & SAHEL_NORM_COLLAPSE_SPACES))
                a->special = (uint8_t)SAHEL_ACTION_COLLAPSE;
            break;
        default: /* COLLAPSE, NFKC */
            a->special = (uint8_t)info->action;
            break;
        }
    }
}

/* ---- offset map ---- */

static int
sahel_offsets_push(sahel_offsets *o, size_t norm, size_t orig)
{
    if (o->count == o->capacity) {
        size_t cap = o->capacity ? o->capacity * 2 : 16;
        size_t *p;
        if (o->capacity > SIZE_MAX / 2 / sizeof(size_t)) return SAHEL_ERR_OVERFLOW;
        p = realloc(o->norm, cap * sizeof(size_t));
        if (!p) return SAHEL_ERR_NOMEM;
        o->norm = p;
        p = realloc(o->orig, cap * sizeof(size_t));
        if (!p) return SAHEL_ERR_NOMEM;
        o->orig = p;
        o->capacity = cap;
    }
    o->norm[o->count] = norm;
    o->orig[o->count] = orig;
    o->count++;
    return SAHEL_OK;
}

/* From normalized index `norm` on, the distance is orig - norm. A checkpoint at
 * the same index is replaced, and none is kept that repeats the distance already
 * in force, so the map holds exactly the places where the distance changes. */
static int
sahel_offsets_set(sahel_offsets *o, size_t norm, size_t orig)
{
    size_t pn = 0, po = 0;
    if (o->count && o->norm[o->count - 1] == norm) o->count--;
    if (o->count) {
        pn = o->norm[o->count - 1];
        po = o->orig[o->count - 1];
    }
    if (orig + pn == po + norm) return SAHEL_OK;
    return sahel_offsets_push(o, norm, orig);
}

/* The last checkpoint always maps the normalized length to the original one. */
static int
sahel_offsets_finish(sahel_offsets *o, size_t norm_len, size_t orig_len)
{
    if (o->count && o->norm[o->count - 1] == norm_len) {
        o->orig[o->count - 1] = orig_len;
        return SAHEL_OK;
    }
    return sahel_offsets_push(o, norm_len, orig_len);
}

static void
sahel_offsets_clear(sahel_offsets *o)
{
    free(o->norm);
    free(o->orig);
    memset(o, 0, sizeof(*o));
}

size_t
sahel_offsets_to_original(const sahel_offsets *map, size_t norm_index)
{
    size_t lo = 0, hi;
    if (!map || map->count == 0) return norm_index;
    hi = map->count; /* find the first checkpoint past norm_index */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->norm[mid] <= norm_index) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return norm_index;
    return map->orig[lo - 1] + (norm_index - map->norm[lo - 1]);
}

/* ---- classes and NFKC ---- */

static inline unsigned
sahel_class_bmp(uint32_t c)
{
    return sahel_class_blocks[(size_t)sahel_class_stage1[c >> 8] << 8 | (c & 0xFF)];
}

/* One load for Latin and Arabic (c < 0x800), two for the rest of the BMP. */
#define SAHEL_CLASS_1(c) sahel_class_blocks[(c)]
#define SAHEL_CLASS_2(c) ((c) < 0x800 ? sahel_class_blocks[(c)] : sahel_class_bmp(c))
#define SAHEL_CLASS_4(c) \
    ((c) < 0x800 ? sahel_class_blocks[(c)] : (c) < 0x10000 ? sahel_class_bmp(c) : 0u)

/* The NFKC of the one presentation form c, as code points: returns their number
 * (1..SAHEL_NFKC_MAX) or a SAHEL_ERR_* code. The table marks only code points whose
 * NFKC differs (Python's decomposition data); ICU has the last word, and a code
 * point ICU's quick check passes comes back as itself. */
static int
sahel_nfkc(sahel_run *run, uint32_t c, uint32_t *cps)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar src[1], dst[SAHEL_NFKC_MAX];
    int32_t len, k;
    int n = 0;
    if (!run->nfkc) {
        run->nfkc = unorm2_getNFKCInstance(&err);
        if (U_FAILURE(err) || !run->nfkc) return SAHEL_ERR_ICU;
    }
    src[0] = (UChar)c; /* presentation forms are in the BMP */
    if (unorm2_quickCheck(run->nfkc, src, 1, &err) == UNORM_YES && U_SUCCESS(err)) {
        cps[0] = c;
        return 1;
    }
    err = U_ZERO_ERROR;
    len = unorm2_normalize(run->nfkc, src, 1, dst, SAHEL_NFKC_MAX, &err);
    if (U_FAILURE(err) || len <= 0 || len > SAHEL_NFKC_MAX) return SAHEL_ERR_ICU;
    for (k = 0; k < len; k++) {
        uint32_t u = dst[k];
        if (u >= 0xD800 && u < 0xDC00 && k + 1 < len && dst[k + 1] >= 0xDC00 &&
            dst[k + 1] < 0xE000) {
            u = 0x10000 + ((u - 0xD800) << 10) + (dst[k + 1] - 0xDC00u);
            k++;
        }
        cps[n++] = u;
    }
    return n;
}

/* ---- the fast path: where does the first change happen? ---- */

#define SAHEL_DEFINE_SCAN(NAME, IN_T, CLASS_OF)                                         \
    static size_t NAME(const IN_T *in, size_t from, size_t to, uint64_t touched)        \
    {                                                                                   \
        for (size_t i = from; i < to; i++) {                                            \
            uint32_t c = in[i];                                                         \
            unsigned cls = CLASS_OF(c);                                                 \
            /* A lone U+0020 stays even when spaces collapse: stop only at a second. */ \
            if (((touched >> cls) & 1u) &&                                              \
                (cls != SAHEL_CLASS_SPACE || (i > 0 && in[i - 1] == 0x20)))             \
                return i;                                                               \
        }                                                                               \
        return to;                                                                      \
    }

SAHEL_DEFINE_SCAN(sahel_scan_1, uint8_t, SAHEL_CLASS_1)
SAHEL_DEFINE_SCAN(sahel_scan_2, uint16_t, SAHEL_CLASS_2)
SAHEL_DEFINE_SCAN(sahel_scan_4, uint32_t, SAHEL_CLASS_4)

/* Latin-1 text is touched only at U+00A0, U+00AD and a second U+0020 in a row
 * (SAHEL_CLASSES_LATIN1), so eight bytes at a time are skipped when none has its
 * high bit set and, if spaces collapse, no two adjacent bytes are spaces. */
static size_t
sahel_scan_latin1(const uint8_t *in, size_t len, uint64_t touched)
{
    const uint64_t high = UINT64_C(0x8080808080808080), low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    const uint64_t spaces = UINT64_C(0x2020202020202020);
    int collapse = (int)((touched >> SAHEL_CLASS_SPACE) & 1u);
    size_t i = 0;
    if (!(touched & SAHEL_CLASSES_LATIN1)) return len;
    for (; i + 8 <= len; i += 8) {
        uint64_t w, flag;
        memcpy(&w, in + i, 8);
        flag = w & high;
        if (collapse) {
            uint64_t x = w ^ spaces;
            uint64_t is_space = ~(((x & low7) + low7) | x | low7); /* 0x80 in each space byte */
            flag |= is_space & ((is_space << 8) | (is_space >> 8));
            flag |= (uint64_t)(i > 0 && in[i - 1] == 0x20 && in[i] == 0x20);
        }
        if (flag) {
            size_t k = sahel_scan_1(in, i, i + 8, touched);
            if (k < i + 8) return k;
        }
    }
    return sahel_scan_1(in, i, len, touched);
}

/* ---- the pass ---- */

/* Normalizes in[first..len) after copying in[0..first), which nothing touches.
 * Every input code point writes at most one output code point except NFKC
 * expansions, so the buffer starts at len and grows only for those; before each
 * step, cap >= j + (len - i) holds. */
#define SAHEL_DEFINE_RUN(NAME, IN_T, OUT_T, CLASS_OF)                                             \
    static int NAME(const IN_T *in, size_t len, size_t first, sahel_run *run,                     \
                    sahel_normalized *res)                                                        \
    {                                                                                             \
        size_t cap = len, i, j;                                                                   \
        uint32_t maxc = 0;                                                                        \
        int rc = SAHEL_OK;                                                                        \
        OUT_T *out = malloc(cap * sizeof(OUT_T));                                                 \
        if (!out) return SAHEL_ERR_NOMEM;                                                         \
        for (j = 0; j < first; j++) {                                                             \
            uint32_t c = in[j];                                                                   \
            out[j] = (OUT_T)c;                                                                    \
            maxc = c > maxc ? c : maxc;                                                           \
        }                                                                                         \
        for (i = first; i < len; i++) {                                                           \
            uint32_t c = in[i], cps[SAHEL_NFKC_MAX];                                              \
            unsigned cls = CLASS_OF(c);                                                           \
            const sahel_action *a = &run->act[cls];                                               \
            size_t n;                                                                             \
            if (SAHEL_LIKELY(!a->special)) {                                                      \
                uint32_t v = a->target | (c & a->keep);                                           \
                out[j] = (OUT_T)v; /* written even when deleted: cap > j here */                  \
                j += a->adv;                                                                      \
                maxc = v > maxc ? v : maxc;                                                       \
                continue;                                                                         \
            }                                                                                     \
            cps[0] = c;                                                                           \
            n = 1;                                                                                \
            if (a->special == SAHEL_ACTION_NFKC) {                                                \
                size_t rest = len - i - 1;                                                        \
                if ((rc = sahel_nfkc(run, c, cps)) < 0) goto fail;                                \
                n = (size_t)rc;                                                                   \
                rc = SAHEL_OK;                                                                    \
                if (n > SIZE_MAX - j || rest > SIZE_MAX - j - n) {                                \
                    rc = SAHEL_ERR_OVERFLOW;                                                      \
                    goto fail;                                                                    \
                }                                                                                 \
                if (j + n + rest > cap) {                                                         \
                    size_t want = j + n + rest;                                                   \
                    size_t grow = cap <= SIZE_MAX - cap / 2 ? cap + cap / 2 : want;               \
                    OUT_T *bigger;                                                                \
                    if (grow < want) grow = want;                                                 \
                    if (grow > SIZE_MAX / sizeof(OUT_T)) {                                        \
                        rc = SAHEL_ERR_OVERFLOW;                                                  \
                        goto fail;                                                                \
                    }                                                                             \
                    bigger = realloc(out, grow * sizeof(OUT_T));                                  \
                    if (!bigger) {                                                                \
                        rc = SAHEL_ERR_NOMEM;                                                     \
                        goto fail;                                                                \
                    }                                                                             \
                    out = bigger;                                                                 \
                    cap = grow;                                                                   \
                }                                                                                 \
            }                                                                                     \
            /* Each code point of an expansion goes through the other options; every              \
             * output maps back to c. */                                                          \
            for (size_t k = 0; k < n; k++) {                                                      \
                uint32_t d = cps[k], v;                                                           \
                const sahel_action *b = &run->act[SAHEL_CLASS_4(d)];                              \
                if (b->special == SAHEL_ACTION_COLLAPSE) {                                        \
                    if (j > 0 && out[j - 1] == 0x20) continue;                                    \
                    v = 0x20;                                                                     \
                }                                                                                 \
                else if (b->special == SAHEL_ACTION_NFKC) {                                       \
                    v = d; /* ICU left it alone */                                                \
                }                                                                                 \
                else {                                                                            \
                    if (!b->adv) continue;                                                        \
                    v = b->target | (d & b->keep);                                                \
                }                                                                                 \
                if (run->offsets && (rc = sahel_offsets_set(run->offsets, j, i)) != 0) goto fail; \
                out[j++] = (OUT_T)v;                                                              \
                maxc = v > maxc ? v : maxc;                                                       \
            }                                                                                     \
            if (run->offsets && (rc = sahel_offsets_set(run->offsets, j, i + 1)) != 0) goto fail; \
        }                                                                                         \
        if (j == len) { /* only ICU's refusals touched anything? then nothing changed */          \
            size_t k = first;                                                                     \
            while (k < len && (uint32_t)out[k] == (uint32_t)in[k]) k++;                           \
            if (k == len) {                                                                       \
                free(out);                                                                        \
                if (run->offsets) sahel_offsets_clear(run->offsets);                              \
                return SAHEL_OK; /* res->changed stays 0 */                                       \
            }                                                                                     \
        }                                                                                         \
        if (run->offsets && (rc = sahel_offsets_finish(run->offsets, j, len)) != 0) goto fail;    \
        res->changed = 1;                                                                         \
        res->data = out;                                                                          \
        res->len = j;                                                                             \
        res->maxchar = maxc;                                                                      \
        return SAHEL_OK;                                                                          \
    fail:                                                                                         \
        free(out);                                                                                \
        return rc;                                                                                \
    }

SAHEL_DEFINE_RUN(sahel_run_1_1, uint8_t, uint8_t, SAHEL_CLASS_1)
SAHEL_DEFINE_RUN(sahel_run_1_4, uint8_t, uint32_t, SAHEL_CLASS_1)
SAHEL_DEFINE_RUN(sahel_run_2_2, uint16_t, uint16_t, SAHEL_CLASS_2)
SAHEL_DEFINE_RUN(sahel_run_2_4, uint16_t, uint32_t, SAHEL_CLASS_2)
SAHEL_DEFINE_RUN(sahel_run_4_4, uint32_t, uint32_t, SAHEL_CLASS_4)

int
sahel_normalize(const void *in, int in_kind, size_t len, unsigned options, int out_kind,
                int want_offsets, sahel_normalized *out)
{
    sahel_run run;
    size_t first;
    int rc;

    if (!out) return SAHEL_ERR_INVALID;
    memset(out, 0, sizeof(*out));
    if ((in_kind != 1 && in_kind != 2 && in_kind != 4) || (out_kind != in_kind && out_kind != 4) ||
        (options & ~(unsigned)SAHEL_NORM_ALL_OPTIONS) || (!in && len))
        return SAHEL_ERR_INVALID;
    if (len > SIZE_MAX / 4) return SAHEL_ERR_OVERFLOW;
    out->kind = out_kind;
    out->len = len;

    sahel_run_init(&run, options, want_offsets ? &out->offsets : NULL);
    switch (in_kind) {
    case 1:
        first = sahel_scan_latin1(in, len, run.touched);
        break;
    case 2:
        first = run.touched ? sahel_scan_2(in, 0, len, run.touched) : len;
        break;
    default:
        first = run.touched ? sahel_scan_4(in, 0, len, run.touched) : len;
        break;
    }
    if (first == len) return SAHEL_OK; /* unchanged: no allocation, data NULL */

    if (in_kind == 1)
        rc = out_kind == 1 ? sahel_run_1_1(in, len, first, &run, out)
                           : sahel_run_1_4(in, len, first, &run, out);
    else if (in_kind == 2)
        rc = out_kind == 2 ? sahel_run_2_2(in, len, first, &run, out)
                           : sahel_run_2_4(in, len, first, &run, out);
    else rc = sahel_run_4_4(in, len, first, &run, out);
    if (rc != SAHEL_OK) {
        sahel_offsets_clear(&out->offsets);
        memset(out, 0, sizeof(*out));
    }
    return rc;
}

void
sahel_normalized_free(sahel_normalized *out)
{
    if (!out) return;
    free(out->data);
    sahel_offsets_clear(&out->offsets);
    memset(out, 0, sizeof(*out));
}

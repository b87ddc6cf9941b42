/* Fuzz target for sahel_normalize: random code points, widths and options, checked
 * against invariants that hold for any input.
 *
 * With libFuzzer (clang):
 *   clang -g -O1 -std=c11 -DSAHEL_LIBFUZZER -fsanitize=fuzzer,address,undefined -I../../csrc \
 *       fuzz_normalize.c ../../csrc/sahel_normalize.c ../../csrc/sahel_error.c \
 *       $(pkg-config --cflags --libs icu-uc) -o fuzz_normalize
 *   ./fuzz_normalize -max_len=512 corpus/
 * Without it (gcc), the same checks replay the files named on the command line, so
 * every crash file becomes a regression test; with no file it runs SAHEL_FUZZ_RUNS
 * (default 20000) pseudo-random inputs from a fixed seed:
 *   gcc -g -O1 -std=c11 -fsanitize=address,undefined -I../../csrc fuzz_normalize.c \
 *       ../../csrc/sahel_normalize.c ../../csrc/sahel_error.c \
 *       $(pkg-config --cflags --libs icu-uc) -o fuzz_normalize
 *   ./fuzz_normalize [crash-file ...]
 *
 * Input layout: byte 0 picks the input width (1, 2, 4), the output width and whether
 * the offset map is asked for; bytes 1-2 are the option bits; the rest are code
 * points, biased toward the Arabic, presentation-form and punctuation blocks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pep393.h"
#include "sahel_normalize.h"

#define MAX_CPS 4096

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz_normalize: %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
            abort();                                                        \
        }                                                                   \
    } while (0)

static void
put_cp(void *data, int kind, size_t k, uint32_t c)
{
    if (kind == 1) ((uint8_t *)data)[k] = (uint8_t)c;
    else if (kind == 2) ((uint16_t *)data)[k] = (uint16_t)c;
    else ((uint32_t *)data)[k] = c;
}

/* Two bytes to a code point below `limit` (0x100, 0x10000 or 0x110000). */
static uint32_t
pick_cp(uint8_t a, uint8_t b, uint8_t extra, uint32_t limit)
{
    uint32_t c;
    if (limit == 0x100) /* every byte, with U+0020 eight times as likely */
        return a >= 0xF0 && (a & 1) ? 0x20 : a;
    switch (a >> 5) {
    case 0:
    case 1:
        c = 0x0600 + ((uint32_t)(a & 1) << 8) + b; /* Arabic */
        break;
    case 2:
        c = 0xFB00 + ((uint32_t)(a & 3) << 8) + b; /* presentation forms */
        break;
    case 3: /* U+0020, general punctuation and spaces, or ASCII and Latin-1 */
        if ((a & 6) == 0) c = 0x20;
        else c = (a & 1) ? 0x2000u + b : ((uint32_t)b & 0x7Fu) | ((a & 2) ? 0x80u : 0u);
        break;
    case 4:
        c = 0xD800 + ((uint32_t)(a & 7) << 8) + b; /* surrogates */
        break;
    default:
        c = ((uint32_t)a << 8 | b) + ((uint32_t)extra << 16);
        break;
    }
    return c % limit;
}

/* Checks one input in every way the library promises. */
static void
check_one(const void *in, int kind, size_t n, unsigned options, int out_kind, int want)
{
    sahel_normalized r, plain, again;
    uint32_t maxc = 0;
    int rc = sahel_normalize(in, kind, n, options, out_kind, want, &r);
    CHECK(rc == SAHEL_OK, "error %d (%s)", rc, sahel_strerror(rc));
    CHECK(r.kind == out_kind, "kind %d, asked %d", r.kind, out_kind);
    if (!r.changed) {
        CHECK(r.data == NULL && r.len == n && r.offsets.count == 0, "unchanged but data or map");
        return;
    }
    CHECK(r.data != NULL, "changed without data");
    for (size_t j = 0; j < r.len; j++) {
        uint32_t c = cp_at(r.data, out_kind, j);
        maxc = c > maxc ? c : maxc;
        CHECK(c < 0x110000, "output U+%X", c);
        if ((options & SAHEL_NORM_COLLAPSE_SPACES) && j > 0)
            CHECK(!(c == 0x20 && cp_at(r.data, out_kind, j - 1) == 0x20), "two spaces at %zu", j);
    }
    CHECK(r.maxchar == maxc, "maxchar U+%X, largest U+%X", r.maxchar, maxc);
    CHECK(kind != 1 || maxc < 0x100, "Latin-1 input gave U+%X", maxc);
    CHECK(kind != 2 || maxc < 0x10000, "BMP input gave U+%X", maxc);

    /* the same text with or without the map, in either output width */
    rc = sahel_normalize(in, kind, n, options, 4, !want, &plain);
    CHECK(rc == SAHEL_OK && plain.changed && plain.len == r.len, "second run differs");
    for (size_t j = 0; j < r.len; j++)
        CHECK(cp_at(plain.data, 4, j) == cp_at(r.data, out_kind, j), "outputs differ at %zu", j);

    if (want) {
        const sahel_offsets *o = &r.offsets;
        size_t prev = 0;
        CHECK(o->count >= 1 && o->norm[o->count - 1] == r.len && o->orig[o->count - 1] == n,
              "last checkpoint");
        for (size_t k = 1; k < o->count; k++)
            CHECK(o->norm[k] > o->norm[k - 1] && o->orig[k] >= o->orig[k - 1], "checkpoint order");
        for (size_t j = 0; j <= r.len; j++) {
            size_t at = sahel_offsets_to_original(o, j);
            CHECK(at >= prev && at <= n, "index %zu maps to %zu", j, at);
            CHECK(j == r.len || at < n, "index %zu maps past the end", j);
            prev = at;
            /* an output code point comes from its original code point, alone */
            if (j < r.len) {
                uint32_t src = cp_at(in, kind, at), want_c = cp_at(r.data, out_kind, j);
                uint32_t one[1] = {src};
                sahel_normalized single;
                int found = 0;
                rc = sahel_normalize(one, 4, 1, options, 4, 0, &single);
                CHECK(rc == SAHEL_OK, "single");
                if (!single.changed) found = src == want_c;
                for (size_t k = 0; single.changed && k < single.len; k++)
                    found |= cp_at(single.data, 4, k) == want_c;
                CHECK(found, "U+%X at %zu does not come from U+%X at %zu", want_c, j, src, at);
                sahel_normalized_free(&single);
            }
        }
    }

    /* idempotence */
    rc = sahel_normalize(r.data, out_kind, r.len, options, out_kind, want, &again);
    CHECK(rc == SAHEL_OK && !again.changed, "not idempotent");
    sahel_normalized_free(&again);
    sahel_normalized_free(&plain);
    sahel_normalized_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int kinds[3] = {1, 2, 4};
    static const uint32_t limits[3] = {0x100, 0x10000, 0x110000};
    int kind, out_kind, want;
    unsigned options;
    size_t n = 0, step;
    void *in;
    if (size < 3) return 0;
    kind = kinds[data[0] % 3];
    out_kind = (data[0] & 0x10) ? 4 : kind;
    want = (data[0] & 0x20) != 0;
    options = ((unsigned)data[1] | (unsigned)data[2] << 8) & SAHEL_NORM_ALL_OPTIONS;
    step = kind == 1 ? 1 : kind == 2 ? 2 : 3;
    in = malloc(MAX_CPS * 4);
    if (!in) return 0;
    for (size_t p = 3; p + step <= size && n < MAX_CPS; p += step) {
        uint8_t a = data[p], b = step > 1 ? data[p + 1] : 0, extra = step > 2 ? data[p + 2] : 0;
        put_cp(in, kind, n++, pick_cp(a, b, extra, limits[data[0] % 3]));
    }
    check_one(in, kind, n, options, out_kind, want);
    free(in);
    return 0;
}

#ifndef SAHEL_LIBFUZZER
#ifndef SAHEL_FUZZ_RUNS /* pseudo-random inputs run when no file is given */
#define SAHEL_FUZZ_RUNS 20000
#endif

static uint64_t
next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

int
main(int argc, char **argv)
{
    if (argc > 1) {
        for (int k = 1; k < argc; k++) {
            FILE *f = fopen(argv[k], "rb");
            uint8_t *buf;
            long size;
            if (!f) {
                fprintf(stderr, "%s: cannot open\n", argv[k]);
                return 1;
            }
            fseek(f, 0, SEEK_END);
            size = ftell(f);
            fseek(f, 0, SEEK_SET);
            buf = malloc((size_t)size + 1);
            if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
                fprintf(stderr, "%s: cannot read\n", argv[k]);
                return 1;
            }
            fclose(f);
            LLVMFuzzerTestOneInput(buf, (size_t)size);
            free(buf);
        }
        printf("fuzz_normalize: %d file(s) passed\n", argc - 1);
        return 0;
    }
    {
        uint64_t state = 0x5A4E4C2024ull;
        uint8_t buf[400];
        for (int run = 0; run < SAHEL_FUZZ_RUNS; run++) {
            size_t size = 3 + next_random(&state) % (sizeof(buf) - 3);
            for (size_t p = 0; p < size; p++) buf[p] = (uint8_t)next_random(&state);
            LLVMFuzzerTestOneInput(buf, size);
        }
        printf("fuzz_normalize: %d pseudo-random inputs passed\n", SAHEL_FUZZ_RUNS);
    }
    return 0;
}
#endif

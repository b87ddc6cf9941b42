/* The shared part of the fuzz targets other than fuzz_normalize.c: a byte reader, a code-point
 * picker biased toward Arabic, and the main() used without libFuzzer.
 *
 * With libFuzzer (clang, `make -C tests/c libfuzzer`) the target's LLVMFuzzerTestOneInput is
 * driven by -fsanitize=fuzzer. Without it (gcc, the plain and sanitized unit-test builds) main()
 * replays the files named on the command line, so every crash file in fuzz_crashes/<target>/
 * becomes a regression test, or with no file runs SAHEL_FUZZ_RUNS inputs from a fixed seed. */
#ifndef SAHEL_FUZZ_MAIN_H
#define SAHEL_FUZZ_MAIN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, ...)                                    \
    do {                                                    \
        if (!(cond)) {                                      \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                   \
            fputc('\n', stderr);                            \
            abort();                                        \
        }                                                   \
    } while (0)

/* Consumes the fuzzer's bytes from the front; reads past the end give 0. */
typedef struct {
    const uint8_t *data;
    size_t size, pos;
} fuzz_reader;

static inline uint8_t
fuzz_byte(fuzz_reader *r)
{
    return r->pos < r->size ? r->data[r->pos++] : 0;
}

/* A code point from two bytes: mostly Arabic letters and marks, spaces and punctuation,
 * sometimes anything below U+110000 (surrogates included). */
static inline uint32_t
fuzz_cp(fuzz_reader *r)
{
    uint8_t a = fuzz_byte(r), b = fuzz_byte(r);
    switch (a >> 5) {
    case 0:
    case 1:
    case 2:
        return 0x0620 + (b % 0x2B); /* letters */
    case 3:
        return 0x064B + (b % 0x15); /* marks, tatweel neighbours */
    case 4: {
        static const uint32_t separators[] = {0x20,   0x2E,   0x2D,   0x0A,   0x060C,
                                              0x061B, 0x061F, 0x200C, 0x200D, 0x00A0,
                                              0x0640, 0x0031, 0x0661};
        return separators[b % (sizeof(separators) / sizeof(separators[0]))];
    }
    case 5:
        return 0x0600 + b + ((uint32_t)(a & 1) << 8);
    case 6:
        return 0xFB50 + b + ((uint32_t)(a & 3) << 8); /* presentation forms */
    default:
        return ((uint32_t)a << 8 | b) * 17 % 0x110000;
    }
}

/* n code points into buf (UCS-4). */
static inline void
fuzz_cps(fuzz_reader *r, uint32_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) buf[i] = fuzz_cp(r);
}

/* The same code points stored `kind` bytes wide; those above the width are folded into it. */
static inline void *
fuzz_narrow(const uint32_t *cps, size_t n, int kind)
{
    void *out = malloc(n * (size_t)kind + 1);
    if (out == NULL) return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (kind == 1) ((uint8_t *)out)[i] = (uint8_t)(c > 0xFF ? 0x20 : c);
        else if (kind == 2) ((uint16_t *)out)[i] = (uint16_t)(c > 0xFFFF ? 0x0645 : c);
        else ((uint32_t *)out)[i] = c;
    }
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef SAHEL_LIBFUZZER
#ifndef SAHEL_FUZZ_RUNS
#define SAHEL_FUZZ_RUNS 5000
#endif

static uint64_t
fuzz_next_random(uint64_t *state)
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
            if (!f) {
                fprintf(stderr, "%s: cannot open\n", argv[k]);
                return 1;
            }
            uint8_t *buf = malloc(1 << 20);
            size_t size = buf ? fread(buf, 1, 1 << 20, f) : 0;
            fclose(f);
            if (!buf) return 1;
            LLVMFuzzerTestOneInput(buf, size);
            free(buf);
        }
        printf("%s: %d file(s) passed\n", argv[0], argc - 1);
        return 0;
    }
    uint64_t state = 0x5A4E4C2025ull;
    static uint8_t buf[1024];
    for (int run = 0; run < SAHEL_FUZZ_RUNS; run++) {
        size_t size = fuzz_next_random(&state) % sizeof(buf);
        for (size_t p = 0; p < size; p++) buf[p] = (uint8_t)fuzz_next_random(&state);
        LLVMFuzzerTestOneInput(buf, size);
    }
    printf("%s: %d pseudo-random inputs passed\n", argv[0], SAHEL_FUZZ_RUNS);
    return 0;
}
#endif
#endif

/* Throughput of the normalizer core alone, without Python: the baseline that the
 * binding's overhead is measured against (benchmarks/bench_normalize.py writes the
 * input and runs this).
 *
 * Input: a file of UTF-8 articles separated by NUL bytes. Each article is decoded
 * beforehand into the narrowest PEP 393 width that holds it, as CPython stores a
 * str, and sahel_normalize runs once per article (out_kind = in_kind). Prints one
 * line per preset, "preset MB/s", MB being the article bytes in UTF-8 (10^6 bytes),
 * best of 3 runs, timed in process CPU time so that other work on the machine
 * weighs less (the program is single-threaded).
 *
 * Build from the repository root:
 *   gcc -O2 -std=c11 -Icsrc -o bench_normalize_core benchmarks/bench_normalize_core.c \
 *       csrc/sahel_normalize.c csrc/sahel_error.c $(pkg-config --cflags --libs icu-uc)
 * Run: ./bench_normalize_core articles.bin */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sahel_normalize.h"

typedef struct article {
    void *data;
    size_t len;
    int kind;
} article;

static double
cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Decodes UTF-8 into code points (malformed bytes become U+FFFD). */
static size_t
decode(const unsigned char *p, size_t n, uint32_t *out)
{
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t c = p[i];
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if ((c >= 0x80 && c < 0xC0) || i + (size_t)more >= n) {
            out[k++] = 0xFFFD;
            i++;
            continue;
        }
        i++;
        if (more)
            c &= 0x3Fu >> more;
        for (; more > 0 && i < n; more--, i++)
            c = (c << 6) | (p[i] & 0x3Fu);
        out[k++] = c;
    }
    return k;
}

static int
load(const char *path, article **arts, size_t *count, size_t *utf8_bytes)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    uint32_t *cps;
    long size;
    size_t start = 0, cap = 1024;
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    cps = malloc(((size_t)size + 1) * sizeof(uint32_t));
    *arts = malloc(cap * sizeof(article));
    if (!buf || !cps || !*arts || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        return -1;
    }
    fclose(f);
    buf[size] = 0;
    *count = 0;
    *utf8_bytes = 0;
    for (size_t i = 0; i <= (size_t)size; i++) {
        size_t n, k;
        uint32_t maxc = 0;
        article *a;
        if (buf[i] != 0)
            continue;
        if (i > start) {
            n = decode(buf + start, i - start, cps);
            for (k = 0; k < n; k++)
                maxc = cps[k] > maxc ? cps[k] : maxc;
            if (*count == cap) {
                cap *= 2;
                *arts = realloc(*arts, cap * sizeof(article));
                if (!*arts)
                    return -1;
            }
            a = &(*arts)[(*count)++];
            a->kind = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
            a->len = n;
            a->data = malloc(n * (size_t)a->kind);
            if (!a->data)
                return -1;
            for (k = 0; k < n; k++) {
                if (a->kind == 1)
                    ((uint8_t *)a->data)[k] = (uint8_t)cps[k];
                else if (a->kind == 2)
                    ((uint16_t *)a->data)[k] = (uint16_t)cps[k];
                else
                    ((uint32_t *)a->data)[k] = cps[k];
            }
            *utf8_bytes += i - start;
        }
        start = i + 1;
    }
    free(buf);
    free(cps);
    return 0;
}

static double
best_seconds(const article *arts, size_t count, unsigned options, int want_offsets)
{
    double best = 1e30;
    for (int run = 0; run < 3; run++) {
        double t0 = cpu_seconds();
        for (size_t k = 0; k < count; k++) {
            sahel_normalized r;
            int rc = sahel_normalize(arts[k].data, arts[k].kind, arts[k].len, options,
                                     arts[k].kind, want_offsets, &r);
            if (rc != SAHEL_OK) {
                fprintf(stderr, "article %zu: %s\n", k, sahel_strerror(rc));
                exit(1);
            }
            sahel_normalized_free(&r);
        }
        double t = cpu_seconds() - t0;
        best = t < best ? t : best;
    }
    return best;
}

int
main(int argc, char **argv)
{
    article *arts;
    size_t count, bytes;
    struct {
        const char *name;
        unsigned options;
        int offsets;
    } presets[] = {
        {"search", SAHEL_NORM_PRESET_SEARCH, 0},
        {"camel", SAHEL_NORM_PRESET_CAMEL, 0},
        {"search+offsets", SAHEL_NORM_PRESET_SEARCH, 1},
    };
    if (argc != 2) {
        fprintf(stderr, "usage: %s ARTICLES (UTF-8 texts separated by NUL bytes)\n", argv[0]);
        return 2;
    }
    if (load(argv[1], &arts, &count, &bytes) != 0) {
        fprintf(stderr, "%s: cannot read the file or out of memory\n", argv[1]);
        return 1;
    }
    for (size_t p = 0; p < sizeof(presets) / sizeof(presets[0]); p++) {
        double s = best_seconds(arts, count, presets[p].options, presets[p].offsets);
        printf("%s %.1f\n", presets[p].name, (double)bytes / 1e6 / s);
    }
    for (size_t k = 0; k < count; k++)
        free(arts[k].data);
    free(arts);
    return 0;
}

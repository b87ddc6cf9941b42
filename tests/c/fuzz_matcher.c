/* Fuzz target for the matcher: a build from arbitrary aliases, context rules and defaults
 * (any flags, sides, effects and values, valid or not), then find over the text in 1, 2 and
 * 4 bytes with every find flag. One input in two (bit 7 of the flags byte) keeps every code point
 * of aliases, rules and text inside Latin-1, so that the 1-byte text holds the same code points
 * as the 4-byte one and their mentions are compared too. Whatever the input, the builder answers a
 * status, never crashes; a built matcher finds mentions inside the text, ordered, with start <=
 * stem < end, values among those added, and the same mentions whatever the width when the text fits
 * it. Replay and libFuzzer use: see fuzz_main.h. */
#include "fuzz_main.h"
#include "sahel_matcher.h"
#include "sahel_normalize.h"

#define MAX_ITEM 24
#define MAX_TEXT 2048

static int
ok_or_refused(int rc)
{
    return rc == SAHEL_OK || rc == SAHEL_ERR_INVALID || rc == SAHEL_ERR_EMPTY ||
           rc == SAHEL_ERR_NOMEM;
}

/* A code point of Latin-1: itself, or a letter, accented letter or space for one above it. */
static uint32_t
latin1(uint32_t c)
{
    if (c <= 0xFF) return c;
    switch (c % 4) {
    case 0:
        return 0x20;
    case 1:
        return 0x41 + c / 4 % 26;
    case 2:
        return 0x61 + c / 4 % 26;
    default:
        return 0xC0 + c / 4 % 64;
    }
}

/* n code points, folded into Latin-1 when `latin` is set. */
static void
fuzz_text(fuzz_reader *r, uint32_t *buf, size_t n, int latin)
{
    fuzz_cps(r, buf, n);
    if (latin)
        for (size_t i = 0; i < n; i++) buf[i] = latin1(buf[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size, 0};
    unsigned options =
        ((unsigned)fuzz_byte(&r) | (unsigned)fuzz_byte(&r) << 8) & SAHEL_NORM_ALL_OPTIONS;
    unsigned flags_byte = fuzz_byte(&r), find_flags = flags_byte & 3u;
    int latin = (flags_byte & 0x80u) != 0;
    size_t naliases = fuzz_byte(&r) % 12, nrules = fuzz_byte(&r) % 6, ndefaults = fuzz_byte(&r) % 3;
    uint32_t item[MAX_ITEM];
    int32_t max_value = 0;
    sahel_matcher_builder *b = sahel_builder_new(options);
    if (b == NULL) return 0;
    for (size_t i = 0; i < naliases; i++) {
        size_t len = fuzz_byte(&r) % MAX_ITEM;
        int32_t value = (int32_t)(fuzz_byte(&r) % 8) - 1; /* -1 must be refused */
        unsigned flags = fuzz_byte(&r) & 0x0Fu;           /* bit 3 is unknown */
        fuzz_text(&r, item, len, latin);
        int rc = sahel_builder_add_alias(b, item, len, value, flags);
        CHECK(ok_or_refused(rc), "add_alias: %d", rc);
        CHECK(rc != SAHEL_OK || value >= 0, "alias value %d accepted", value);
        if (rc == SAHEL_OK && value > max_value) max_value = value;
    }
    for (size_t i = 0; i < nrules; i++) {
        size_t len = fuzz_byte(&r) % 8;
        int32_t value = (int32_t)(fuzz_byte(&r) % 8);
        int side = fuzz_byte(&r) % 3, effect = fuzz_byte(&r) % 3;
        fuzz_text(&r, item, len, latin);
        int rc = sahel_builder_add_context(b, value, side, item, len, effect);
        CHECK(ok_or_refused(rc), "add_context: %d", rc);
    }
    for (size_t i = 0; i < ndefaults; i++) {
        int rc = sahel_builder_set_default(b, (int32_t)(fuzz_byte(&r) % 8), fuzz_byte(&r) % 3);
        CHECK(ok_or_refused(rc), "set_default: %d", rc);
    }
    sahel_matcher *m = NULL;
    int rc = sahel_builder_finish(b, &m); /* frees b */
    CHECK(ok_or_refused(rc), "finish: %d", rc);
    if (rc != SAHEL_OK) return 0;

    size_t n = (size - r.pos) / 2;
    if (n > MAX_TEXT) n = MAX_TEXT;
    uint32_t *cps = malloc(n * 4 + 4);
    if (cps != NULL) {
        fuzz_text(&r, cps, n, latin);
        sahel_mentions wide = {0};
        rc = sahel_matcher_find(m, cps, 4, n, find_flags, &wide);
        CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_NOMEM, "find: %d", rc);
        size_t last_start = 0, last_end = 0;
        for (size_t i = 0; rc == SAHEL_OK && i < wide.count; i++) {
            CHECK(wide.start[i] <= wide.stem[i] && wide.stem[i] < wide.end[i] && wide.end[i] <= n,
                  "mention %zu: %zu %zu %zu in %zu", i, wide.start[i], wide.stem[i], wide.end[i],
                  n);
            CHECK(wide.value[i] >= 0 && wide.value[i] <= max_value, "value %d", wide.value[i]);
            /* Accepted mentions do not overlap (without SAHEL_FIND_OVERLAPPING); one alias text
             * may stand for several values, which share one span. A rejected candidate
             * (SAHEL_FIND_KEEP_REJECTED) takes no room, so it is left out of the check. */
            int rejected = wide.decision[i] == SAHEL_DECIDED_RULE_REJECT ||
                           wide.decision[i] == SAHEL_DECIDED_DEFAULT_REJECT;
            if (!(find_flags & SAHEL_FIND_OVERLAPPING) && !rejected) {
                CHECK(wide.start[i] >= last_end ||
                          (wide.start[i] == last_start && wide.end[i] == last_end),
                      "mention %zu [%zu, %zu) overlaps [%zu, %zu)", i, wide.start[i], wide.end[i],
                      last_start, last_end);
                last_start = wide.start[i];
                last_end = wide.end[i];
            }
        }
        for (int kind = 1; kind <= 2; kind++) {
            uint32_t limit = kind == 1 ? 0x100 : 0x10000, fits = 1;
            for (size_t i = 0; i < n; i++) fits &= cps[i] < limit;
            void *text = fuzz_narrow(cps, n, kind);
            if (text == NULL) continue;
            sahel_mentions narrow = {0};
            int rc2 = sahel_matcher_find(m, text, kind, n, find_flags, &narrow);
            CHECK(rc2 == SAHEL_OK || rc2 == SAHEL_ERR_NOMEM, "find (%d bytes): %d", kind, rc2);
            if (fits && rc == SAHEL_OK && rc2 == SAHEL_OK) {
                CHECK(narrow.count == wide.count, "%zu mentions in %d bytes, %zu in 4",
                      narrow.count, kind, wide.count);
                for (size_t i = 0; i < narrow.count; i++)
                    CHECK(narrow.start[i] == wide.start[i] && narrow.end[i] == wide.end[i] &&
                              narrow.value[i] == wide.value[i],
                          "mention %zu differs in %d bytes", i, kind);
            }
            sahel_mentions_free(&narrow);
            free(text);
        }
        sahel_mentions_free(&wide);
        free(cps);
    }
    sahel_matcher_free(m);
    return 0;
}

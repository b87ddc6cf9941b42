/* Fuzz target for the lexicon automaton: a build from arbitrary entries (phrases of several
 * words, any flags and values, valid or not), then find over the text in 1, 2 and 4 bytes.
 * The builder answers a status and never crashes; hits lie inside the text with
 * start <= stem <= bare < end, values among those added, the same whatever the width when the
 * text fits it. Replay and libFuzzer use: see fuzz_main.h. */
#include "fuzz_main.h"
#include "sahel_lexicon.h"
#include "sahel_normalize.h"

#define MAX_ENTRY 24
#define MAX_TEXT 2048

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size, 0};
    unsigned options =
        ((unsigned)fuzz_byte(&r) | (unsigned)fuzz_byte(&r) << 8) & SAHEL_NORM_ALL_OPTIONS;
    size_t nentries = fuzz_byte(&r) % 12;
    uint32_t entry[MAX_ENTRY];
    int32_t max_value = 0;
    sahel_lexicon_builder *b = sahel_lexicon_builder_new(options);
    if (b == NULL) return 0;
    for (size_t i = 0; i < nentries; i++) {
        size_t len = fuzz_byte(&r) % MAX_ENTRY;
        int32_t value = (int32_t)(fuzz_byte(&r) % 8) - 1;
        unsigned flags = fuzz_byte(&r) & 0x07u; /* bit 2 is unknown */
        fuzz_cps(&r, entry, len);
        int rc = sahel_lexicon_builder_add(b, entry, len, value, flags);
        CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_INVALID || rc == SAHEL_ERR_EMPTY ||
                  rc == SAHEL_ERR_NOMEM,
              "add: %d", rc);
        if (rc == SAHEL_OK && value > max_value) max_value = value;
    }
    sahel_lexicon *lx = NULL;
    int rc = sahel_lexicon_builder_finish(b, &lx); /* frees b */
    CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_NOMEM, "finish: %d", rc);
    if (rc != SAHEL_OK) return 0;

    size_t n = (size - r.pos) / 2;
    if (n > MAX_TEXT) n = MAX_TEXT;
    uint32_t *cps = malloc(n * 4 + 4);
    if (cps != NULL) {
        fuzz_cps(&r, cps, n);
        sahel_lexicon_hits wide = {0};
        rc = sahel_lexicon_find(lx, cps, 4, n, &wide);
        CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_NOMEM, "find: %d", rc);
        for (size_t i = 0; rc == SAHEL_OK && i < wide.count; i++) {
            CHECK(wide.start[i] <= wide.stem[i] && wide.stem[i] <= wide.bare[i] &&
                      wide.bare[i] < wide.end[i] && wide.end[i] <= n,
                  "hit %zu: %zu %zu %zu %zu in %zu", i, wide.start[i], wide.stem[i], wide.bare[i],
                  wide.end[i], n);
            CHECK(wide.value[i] >= 0 && wide.value[i] <= max_value, "value %d", wide.value[i]);
        }
        for (int kind = 1; kind <= 2; kind++) {
            uint32_t limit = kind == 1 ? 0x100 : 0x10000, fits = 1;
            for (size_t i = 0; i < n; i++) fits &= cps[i] < limit;
            void *text = fuzz_narrow(cps, n, kind);
            if (text == NULL) continue;
            sahel_lexicon_hits narrow = {0};
            int rc2 = sahel_lexicon_find(lx, text, kind, n, &narrow);
            CHECK(rc2 == SAHEL_OK || rc2 == SAHEL_ERR_NOMEM, "find (%d bytes): %d", kind, rc2);
            if (fits && rc == SAHEL_OK && rc2 == SAHEL_OK) {
                CHECK(narrow.count == wide.count, "%zu hits in %d bytes, %zu in 4", narrow.count,
                      kind, wide.count);
                for (size_t i = 0; i < narrow.count; i++)
                    CHECK(narrow.start[i] == wide.start[i] && narrow.end[i] == wide.end[i] &&
                              narrow.value[i] == wide.value[i],
                          "hit %zu differs in %d bytes", i, kind);
            }
            sahel_lexicon_hits_free(&narrow);
            free(text);
        }
        sahel_lexicon_hits_free(&wide);
        free(cps);
    }
    sahel_lexicon_free(lx);
    return 0;
}

/* Fuzz target for the word scanner (sahel_words_*), the proclitic readings and
 * sahel_text_words_scan over 1/2/4-byte text: words are ordered, inside the text, non-empty;
 * a look ahead taken up with sahel_words_resume_after continues exactly like the plain scan;
 * every reading lies inside its word. Replay and libFuzzer use: see fuzz_main.h. */
#include "fuzz_main.h"
#include "sahel_lexicon.h"
#include "sahel_normalize.h"
#include "sahel_words.h"

#define MAX_CPS 2048

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size, 0};
    static const int kinds[3] = {1, 2, 4};
    int kind = kinds[fuzz_byte(&r) % 3];
    unsigned options =
        ((unsigned)fuzz_byte(&r) | (unsigned)fuzz_byte(&r) << 8) & SAHEL_NORM_ALL_OPTIONS;
    size_t n = (size - r.pos) / 2;
    if (n > MAX_CPS) n = MAX_CPS;
    uint32_t *cps = malloc(n * 4 + 4);
    if (cps == NULL) return 0;
    fuzz_cps(&r, cps, n);

    sahel_word_scanner s, ahead;
    sahel_word w, w2;
    size_t prev_end = 0, count = 0;
    sahel_words_init(&s, cps, n);
    while (sahel_words_next(&s, &w)) {
        CHECK(w.start < w.end && w.end <= n, "word [%zu, %zu) in %zu", w.start, w.end, n);
        CHECK(w.start >= prev_end, "word at %zu before the previous end %zu", w.start, prev_end);
        sahel_reading readings[SAHEL_READINGS_MAX];
        size_t k = sahel_words_readings(cps + w.start, w.end - w.start, readings);
        CHECK(k >= 1 && k <= SAHEL_READINGS_MAX, "%zu readings", k);
        for (size_t j = 0; j < k; j++)
            CHECK(readings[j].stem <= w.end - w.start, "reading stem %u past the word",
                  readings[j].stem);
        /* a look ahead of one word, taken up, goes on like the scan itself */
        ahead = s;
        if (sahel_words_next(&ahead, &w2)) {
            sahel_word_scanner resumed = s, plain = ahead;
            sahel_words_resume_after(&resumed, &w2);
            sahel_word a, b;
            int ha = sahel_words_next(&resumed, &a), hb = sahel_words_next(&plain, &b);
            CHECK(ha == hb, "resume_after: %d words against %d", ha, hb);
            if (ha)
                CHECK(a.start == b.start && a.end == b.end && a.joined == b.joined,
                      "resume_after gives [%zu, %zu) not [%zu, %zu)", a.start, a.end, b.start,
                      b.end);
        }
        prev_end = w.end;
        count++;
    }

    void *text = fuzz_narrow(cps, n, kind);
    if (text != NULL) {
        sahel_text_words tw = {0};
        int rc = sahel_text_words_scan(text, kind, n, options, &tw);
        CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_NOMEM, "text_words_scan: %d", rc);
        for (size_t i = 0; rc == SAHEL_OK && i < tw.count; i++) {
            CHECK(tw.start[i] < tw.end[i] && tw.end[i] <= n, "text word %zu: [%zu, %zu)", i,
                  tw.start[i], tw.end[i]);
            /* one original character may normalize to several words (a ligature such as
             * U+FDFA), so words may share an original start; they never go backwards */
            CHECK(i == 0 || (tw.start[i] >= tw.start[i - 1] && tw.end[i] >= tw.end[i - 1]),
                  "text word %zu [%zu, %zu) before [%zu, %zu)", i, tw.start[i], tw.end[i],
                  tw.start[i - 1], tw.end[i - 1]);
        }
        sahel_text_words_free(&tw);
        free(text);
    }
    free(cps);
    (void)count;
    return 0;
}

/* Arabic text normalization with an offset map back to the original text.
 *
 * Text is handled as arrays of code points in one of the three PEP 393 widths
 * (1, 2 or 4 bytes per code point), so every index is a code-point index into
 * the caller's own string and no UTF-8 round trip is paid. No Python here. */
#ifndef SAHEL_NORMALIZE_H
#define SAHEL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "sahel_error.h"

/* Option bits; each is one independent step. */
enum {
    SAHEL_NORM_DIACRITICS = 1u << 0, /* delete U+064B-U+0652 and U+0670 (CAMeL's set) */
    SAHEL_NORM_EXTENDED_MARKS = 1u
                                << 1, /* delete U+0653-U+065F, U+0610-U+061A, U+06D6-U+06ED marks */
    SAHEL_NORM_TATWEEL = 1u << 2,     /* delete U+0640 */
    SAHEL_NORM_ALEF = 1u << 3,        /* U+0622 U+0623 U+0625 U+0671 U+0672 U+0673 -> U+0627 */
    SAHEL_NORM_ALEF_MAKSURA = 1u << 4,        /* U+0649 -> U+064A */
    SAHEL_NORM_TEH_MARBUTA = 1u << 5,         /* U+0629 -> U+0647 */
    SAHEL_NORM_HAMZA_SEATS = 1u << 6,         /* U+0624 -> U+0648, U+0626 -> U+064A */
    SAHEL_NORM_PERSIAN_LETTERS = 1u << 7,     /* U+06A9 -> U+0643, U+06CC -> U+064A, ... */
    SAHEL_NORM_DIGITS = 1u << 8,              /* U+0660-U+0669, U+06F0-U+06F9 -> 0-9 */
    SAHEL_NORM_PUNCTUATION = 1u << 9,         /* U+060C U+061B U+061F U+066A -> , ; ? % */
    SAHEL_NORM_PRESENTATION_FORMS = 1u << 10, /* U+FB50-U+FDFF, U+FE70-U+FEFF through ICU NFKC */
    SAHEL_NORM_INVISIBLE =
        1u << 11, /* delete U+200B-U+200F, U+061C, U+202A-U+202E, U+2066-U+2069, U+FEFF, U+00AD */
    SAHEL_NORM_SPACES = 1u << 12,          /* Unicode space separators (Zs) -> U+0020 */
    SAHEL_NORM_COLLAPSE_SPACES = 1u << 13, /* runs of U+0020 -> one U+0020 */
    SAHEL_NORM_ALL_OPTIONS = (1u << 14) - 1
};

/* The defaults: what suits search and matching. */
#define SAHEL_NORM_PRESET_SEARCH                                                                \
    (SAHEL_NORM_DIACRITICS | SAHEL_NORM_EXTENDED_MARKS | SAHEL_NORM_TATWEEL | SAHEL_NORM_ALEF | \
     SAHEL_NORM_ALEF_MAKSURA | SAHEL_NORM_PERSIAN_LETTERS | SAHEL_NORM_DIGITS |                 \
     SAHEL_NORM_PRESENTATION_FORMS | SAHEL_NORM_INVISIBLE | SAHEL_NORM_SPACES)
/* CAMeL Tools: dediac_ar -> normalize_alef_ar -> normalize_alef_maksura_ar ->
 * normalize_teh_marbuta_ar */
#define SAHEL_NORM_PRESET_CAMEL \
    (SAHEL_NORM_DIACRITICS | SAHEL_NORM_ALEF | SAHEL_NORM_ALEF_MAKSURA | SAHEL_NORM_TEH_MARBUTA)

/* Offset map: sorted checkpoints (norm[k], orig[k]). For a normalized index j,
 * the original index is orig[k] + (j - norm[k]) for the last k with norm[k] <= j,
 * or j itself before the first checkpoint. A checkpoint is added only where the
 * distance between the two texts changes (deletions, expansions), and a last one
 * maps the normalized length to the original length, so memory grows with the
 * number of edits, not with the length of the text. */
typedef struct sahel_offsets {
    size_t count;
    size_t capacity;
    size_t *norm;
    size_t *orig;
} sahel_offsets;

/* The result of one normalization. */
typedef struct sahel_normalized {
    int changed; /* 0: the output equals the input; data is NULL and len is the input length */
    void *data;  /* len code points, `kind` bytes each; malloc'd, freed by sahel_normalized_free */
    size_t len;
    int kind;              /* the out_kind asked for */
    uint32_t maxchar;      /* largest code point written (0 for empty output) */
    sahel_offsets offsets; /* filled only when asked for and changed */
} sahel_normalized;

/* Normalizes `len` code points at `in`, `in_kind` bytes wide (1, 2 or 4), with
 * the `options` bits. Output code points are `out_kind` bytes wide: out_kind is
 * in_kind or 4 (normalization never raises a code point above the input's width).
 * When want_offsets is nonzero, out->offsets is filled. Lone surrogates and NUL
 * pass through untouched. Returns SAHEL_OK or a negative SAHEL_ERR_* code; on
 * error *out holds nothing to free. Thread-safe; no global state but ICU's. */
int sahel_normalize(const void *in, int in_kind, size_t len, unsigned options, int out_kind,
                    int want_offsets, sahel_normalized *out);

/* Frees what sahel_normalize allocated and zeroes *out. Safe on a zeroed struct. */
void sahel_normalized_free(sahel_normalized *out);

/* Maps a normalized index (0..normalized length) back to the original text. */
size_t sahel_offsets_to_original(const sahel_offsets *map, size_t norm_index);

#endif

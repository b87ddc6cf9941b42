/* The words of a text and the lexicon automaton (see sahel_lexicon.h). Entries
 * become sequences of interned normalized words in a trie whose edges are keyed
 * by (word id, whole word or prefix); the text is normalized, scanned word by
 * word, and each word is tried under each of its proclitic readings. */
#include "sahel_lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "sahel_normalize.h"
#include "sahel_words.h"
#include "sahel_wordtable.h"

#define NO_WORD SAHEL_NO_WORD
/* A trie key is (word id << 1 | prefix bit): ids stay below this. */
#define MAX_WORD_IDS SAHEL_MAX_WORD_IDS

/* ------------------------------------------------------------------------ */
/* Hashing, first code point to last: one pass over a stem gives the hash of
 * every prefix of it, so prefix entries cost no second walk. */

static uint32_t
hash_word(const uint32_t *s, size_t n)
{
    uint64_t g = 0;
    for (size_t i = 0; i < n; i++) g = sahel_hash_step(g, s[i]);
    return sahel_hash_final(g);
}

static int
table_intern(sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t *id)
{
    return sahel_wordtable_intern(t, s, n, hash_word(s, n), id);
}

/* ------------------------------------------------------------------------ */
/* A text seen through normalization: UCS-4 code points and the way back. */

typedef struct text_view {
    const uint32_t *t; /* the normalized text */
    size_t n;
    const void *orig; /* the original text */
    int kind;
    size_t orig_len;
    const sahel_offsets *map; /* NULL: indices are the same in both texts */
    sahel_normalized nz;
    uint32_t *wide; /* an unchanged 1- or 2-byte text, widened */
} text_view;

static inline uint32_t
orig_at(const void *text, int kind, size_t i)
{
    if (kind == 1) return ((const uint8_t *)text)[i];
    if (kind == 2) return ((const uint16_t *)text)[i];
    return ((const uint32_t *)text)[i];
}

static void
view_close(text_view *v)
{
    free(v->wide);
    sahel_normalized_free(&v->nz);
    memset(v, 0, sizeof *v);
}

static int
view_open(text_view *v, const void *text, int kind, size_t len, unsigned options)
{
    memset(v, 0, sizeof *v);
    v->orig = text;
    v->kind = kind;
    v->orig_len = len;
    int status = sahel_normalize(text, kind, len, options, 4, 1, &v->nz);
    if (status) return status;
    if (v->nz.changed) {
        v->t = v->nz.data;
        v->n = v->nz.len;
        if (v->nz.offsets.count > 0) v->map = &v->nz.offsets;
    }
    else if (kind == 4) {
        v->t = text;
        v->n = len;
    }
    else if (len > 0) {
        if (len > SIZE_MAX / sizeof *v->wide) {
            view_close(v);
            return SAHEL_ERR_OVERFLOW;
        }
        v->wide = malloc(len * sizeof *v->wide);
        if (v->wide == NULL) {
            view_close(v);
            return SAHEL_ERR_NOMEM;
        }
        for (size_t i = 0; i < len; i++) v->wide[i] = orig_at(text, kind, i);
        v->t = v->wide;
        v->n = len;
    }
    return SAHEL_OK;
}

static inline size_t
to_original(const text_view *v, size_t j)
{
    return v->map == NULL ? j : sahel_offsets_to_original(v->map, j);
}

/* The original index just past a word at normalized [s, e), over the marks and
 * tatweel after it: the end sahel_matcher_find reports, except that a word made
 * inside one original code point (U+FDFA expands to four words) spans all of it
 * rather than nothing. */
static size_t
original_end(const text_view *v, size_t s, size_t e)
{
    size_t hi = e < v->n ? to_original(v, e) : v->orig_len;
    size_t p = to_original(v, e - 1) + 1;
    if (p > hi) p = hi;
    size_t first = to_original(v, s);
    if (p <= first) p = first + 1;
    while (p < v->orig_len && sahel_words_is_mark_or_tatweel(orig_at(v->orig, v->kind, p))) p++;
    return p;
}

/* ------------------------------------------------------------------------ */
/* The words of a text. */

void
sahel_text_words_free(sahel_text_words *out)
{
    if (out == NULL) return;
    free(out->start);
    free(out->end);
    free(out->norm_start);
    free(out->norm_end);
    free(out->joined);
    free(out->norm);
    memset(out, 0, sizeof *out);
}

static int
text_words_reserve(sahel_text_words *out, size_t need)
{
    if (need <= out->capacity) return SAHEL_OK;
    size_t c = out->capacity ? out->capacity : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / sizeof(size_t)) return SAHEL_ERR_OVERFLOW;
        c *= 2;
    }
    /* Each array is grown in turn; a failure leaves the grown ones larger, which is harmless. */
    void *p;
    if ((p = realloc(out->start, c * sizeof *out->start)) == NULL) return SAHEL_ERR_NOMEM;
    out->start = p;
    if ((p = realloc(out->end, c * sizeof *out->end)) == NULL) return SAHEL_ERR_NOMEM;
    out->end = p;
    if ((p = realloc(out->norm_start, c * sizeof *out->norm_start)) == NULL) return SAHEL_ERR_NOMEM;
    out->norm_start = p;
    if ((p = realloc(out->norm_end, c * sizeof *out->norm_end)) == NULL) return SAHEL_ERR_NOMEM;
    out->norm_end = p;
    if ((p = realloc(out->joined, c * sizeof *out->joined)) == NULL) return SAHEL_ERR_NOMEM;
    out->joined = p;
    out->capacity = c;
    return SAHEL_OK;
}

int
sahel_text_words_scan(const void *text, int kind, size_t len, unsigned options,
                      sahel_text_words *out)
{
    if (out == NULL || (text == NULL && len > 0)) return SAHEL_ERR_INVALID;
    if (kind != 1 && kind != 2 && kind != 4) return SAHEL_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (len == 0) return SAHEL_OK;

    text_view v;
    int status = view_open(&v, text, kind, len, options);
    if (status) return status;
    if (v.n > 0) {
        /* The normalized text is handed over when it was made here, copied otherwise. */
        if (v.wide != NULL) {
            out->norm = v.wide;
            v.wide = NULL;
        }
        else if (v.nz.changed) {
            out->norm = v.nz.data;
            v.nz.data = NULL;
        }
        else {
            out->norm = malloc(v.n * sizeof *out->norm);
            if (out->norm == NULL) {
                status = SAHEL_ERR_NOMEM;
                goto done;
            }
            memcpy(out->norm, v.t, v.n * sizeof *out->norm);
        }
        out->norm_len = v.n;
        v.t = out->norm;
    }

    sahel_word_scanner scan;
    sahel_word w;
    sahel_words_init(&scan, v.t, v.n);
    while (sahel_words_next(&scan, &w)) {
        status = text_words_reserve(out, out->count + 1);
        if (status) goto done;
        size_t i = out->count++;
        out->start[i] = to_original(&v, w.start);
        out->end[i] = original_end(&v, w.start, w.end);
        out->norm_start[i] = w.start;
        out->norm_end[i] = w.end;
        out->joined[i] = (uint8_t)w.joined;
    }
    status = SAHEL_OK;
done:
    view_close(&v);
    if (status) sahel_text_words_free(out);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Builder. */

typedef struct build_entry {
    size_t keys_off; /* into keys: one trie key per word */
    uint32_t nwords;
    int32_t value;
    uint8_t flags;
    uint8_t article; /* the first word was written with ال, which a text word must have too */
} build_entry;

struct sahel_lexicon_builder {
    unsigned options;
    sahel_wordtable words;
    build_entry *entries;
    size_t nentries, entcap;
    uint32_t *keys;
    size_t nkeys, keycap;
};

sahel_lexicon_builder *
sahel_lexicon_builder_new(unsigned norm_options)
{
    sahel_lexicon_builder *b = calloc(1, sizeof *b);
    if (b == NULL) return NULL;
    b->options = norm_options;
    return b;
}

void
sahel_lexicon_builder_free(sahel_lexicon_builder *b)
{
    if (b == NULL) return;
    sahel_wordtable_free(&b->words);
    free(b->entries);
    free(b->keys);
    free(b);
}

int
sahel_lexicon_builder_add(sahel_lexicon_builder *b, const uint32_t *entry, size_t len,
                          int32_t value, unsigned flags)
{
    if (b == NULL || (entry == NULL && len > 0) || value < 0) return SAHEL_ERR_INVALID;
    if (flags & ~(unsigned)(SAHEL_LEX_PREFIX | SAHEL_LEX_NO_PROCLITICS)) return SAHEL_ERR_INVALID;
    if (len == 0) return SAHEL_ERR_EMPTY;

    sahel_normalized nz = {0};
    int status = sahel_normalize(entry, 4, len, b->options, 4, 0, &nz);
    if (status) return status;
    const uint32_t *s = nz.changed ? (const uint32_t *)nz.data : entry;
    size_t n = nz.changed ? nz.len : len;

    /* First the checks, so that a rejected entry interns no word. */
    sahel_word_scanner sc;
    sahel_word w;
    size_t nwords = 0;
    sahel_words_init(&sc, s, n);
    while (sahel_words_next(&sc, &w)) {
        if (nwords > 0 && !w.joined) {
            status = SAHEL_ERR_INVALID; /* punctuation between the words of a phrase */
            goto done;
        }
        nwords++;
    }
    if (nwords == 0) {
        status = SAHEL_ERR_EMPTY;
        goto done;
    }
    if (nwords >= UINT32_MAX) {
        status = SAHEL_ERR_OVERFLOW;
        goto done;
    }

    size_t first = b->nkeys;
    status = sahel_grow((void **)&b->keys, &b->keycap, b->nkeys + nwords, sizeof *b->keys);
    if (status) goto done;
    status = sahel_grow((void **)&b->entries, &b->entcap, b->nentries + 1, sizeof *b->entries);
    if (status) goto done;
    int article = 0;
    size_t k = 0;
    sahel_words_init(&sc, s, n);
    while (sahel_words_next(&sc, &w)) {
        size_t from = w.start;
        if (k == 0) from += sahel_words_strip_article(s + w.start, w.end - w.start, &article);
        uint32_t id;
        status = table_intern(&b->words, s + from, w.end - from, &id);
        if (status) goto done; /* the keys written so far are dropped: nkeys is unchanged */
        int prefix = k + 1 == nwords && (flags & SAHEL_LEX_PREFIX);
        b->keys[first + k++] = id << 1 | (uint32_t)prefix;
    }
    b->nkeys = first + nwords;
    build_entry *e = &b->entries[b->nentries++];
    e->keys_off = first;
    e->nwords = (uint32_t)nwords;
    e->value = value;
    e->flags = (uint8_t)flags;
    e->article = (uint8_t)article;
    status = SAHEL_OK;
done:
    sahel_normalized_free(&nz);
    return status;
}

/* ------------------------------------------------------------------------ */
/* The compiled lexicon. */

typedef struct lex_edge {
    uint32_t key;
    uint32_t child;
} lex_edge;

typedef struct lex_out {
    int32_t value;
    uint8_t flags;
    uint8_t article;
} lex_out;

#define FIRST_CHAR_BITS 65536u

struct sahel_lexicon {
    unsigned options;
    sahel_wordtable words;
    size_t nnodes;
    uint32_t *edge_start; /* nnodes + 1: node k's edges are edges[edge_start[k], edge_start[k+1]);
                           * the root's edges live in sahel_wordtable_entry.root */
    lex_edge *edges;      /* sorted by key within a node */
    uint32_t *out_start;  /* nnodes + 1, likewise into outs */
    lex_out *outs;
    uint8_t *prefix_len; /* max_prefix_len + 1 flags: some prefix word has this many code points */
    size_t max_prefix_len;
    size_t max_first_word;   /* the longest first word used whole */
    size_t max_first_prefix; /* the longest first word used as a prefix */
    uint64_t
        *first_chars; /* FIRST_CHAR_BITS bits: the first code points (mod 2^16) of first words */
    size_t max_words; /* the longest entry, in words */
    size_t entries;
    size_t bytes;
};

void
sahel_lexicon_free(sahel_lexicon *lx)
{
    if (lx == NULL) return;
    sahel_wordtable_free(&lx->words);
    free(lx->edge_start);
    free(lx->edges);
    free(lx->out_start);
    free(lx->outs);
    free(lx->prefix_len);
    free(lx->first_chars);
    free(lx);
}

void
sahel_lexicon_stats_get(const sahel_lexicon *lx, sahel_lexicon_stats *out)
{
    if (out == NULL) return;
    memset(out, 0, sizeof *out);
    if (lx == NULL) return;
    out->entries = lx->entries;
    out->words = lx->words.count;
    out->nodes = lx->nnodes;
    out->bytes = lx->bytes;
}

/* qsort passes no context, so each sort key carries what the comparison reads. */
typedef struct entry_key {
    const uint32_t *keys;
    uint32_t nwords;
    int32_t value;
    uint8_t flags;
    uint8_t article;
} entry_key;

static int
cmp_entry(const void *pa, const void *pb)
{
    const entry_key *a = pa, *b = pb;
    uint32_t n = a->nwords < b->nwords ? a->nwords : b->nwords;
    for (uint32_t i = 0; i < n; i++)
        if (a->keys[i] != b->keys[i]) return a->keys[i] < b->keys[i] ? -1 : 1;
    if (a->nwords != b->nwords) return a->nwords < b->nwords ? -1 : 1;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    if (a->article != b->article) return a->article < b->article ? -1 : 1;
    return (int)a->flags - (int)b->flags;
}

typedef struct pending_edge {
    uint32_t parent, key, child;
} pending_edge;

typedef struct pending_out {
    uint32_t node;
    uint32_t entry; /* index into the sorted keys */
} pending_out;

static inline void
set_first_char(uint64_t *bits, uint32_t c)
{
    c &= FIRST_CHAR_BITS - 1;
    bits[c >> 6] |= (uint64_t)1 << (c & 63);
}

static inline int
has_first_char(const uint64_t *bits, uint32_t c)
{
    c &= FIRST_CHAR_BITS - 1;
    return (int)(bits[c >> 6] >> (c & 63) & 1);
}

int
sahel_lexicon_builder_finish(sahel_lexicon_builder *b, sahel_lexicon **out)
{
    if (out == NULL) {
        sahel_lexicon_builder_free(b);
        return SAHEL_ERR_INVALID;
    }
    *out = NULL;
    if (b == NULL) return SAHEL_ERR_INVALID;

    int status = SAHEL_ERR_NOMEM;
    entry_key *ekeys = NULL;
    pending_edge *pedges = NULL;
    pending_out *pouts = NULL;
    uint32_t *path = NULL, *fill = NULL;
    sahel_lexicon *lx = calloc(1, sizeof *lx);
    if (lx == NULL) goto fail;
    lx->options = b->options;
    if (b->nentries >= UINT32_MAX || b->nkeys >= UINT32_MAX) {
        status = SAHEL_ERR_OVERFLOW;
        goto fail;
    }

    /* Sorted entries: equal ones are neighbours, and so are shared prefixes. */
    size_t ne = b->nentries;
    ekeys = malloc((ne ? ne : 1) * sizeof *ekeys);
    if (ekeys == NULL) goto fail;
    size_t max_words = 0;
    for (size_t i = 0; i < ne; i++) {
        const build_entry *e = &b->entries[i];
        ekeys[i].keys = b->keys + e->keys_off;
        ekeys[i].nwords = e->nwords;
        ekeys[i].value = e->value;
        ekeys[i].flags = e->flags;
        ekeys[i].article = e->article;
        if (e->nwords > max_words) max_words = e->nwords;
    }
    if (ne > 1) qsort(ekeys, ne, sizeof *ekeys, cmp_entry);
    lx->max_words = max_words;

    /* Trie nodes in depth-first order; node 0 is the root. */
    pedges = malloc((b->nkeys ? b->nkeys : 1) * sizeof *pedges);
    pouts = malloc((ne ? ne : 1) * sizeof *pouts);
    path = malloc((max_words + 1) * sizeof *path);
    if (pedges == NULL || pouts == NULL || path == NULL) goto fail;
    size_t nnodes = 1, npedges = 0, npouts = 0;
    path[0] = 0;
    for (size_t i = 0; i < ne; i++) {
        const entry_key *k = &ekeys[i];
        const entry_key *prev = i > 0 ? &ekeys[i - 1] : NULL;
        uint32_t common = 0;
        if (prev != NULL) {
            uint32_t n = prev->nwords < k->nwords ? prev->nwords : k->nwords;
            while (common < n && prev->keys[common] == k->keys[common]) common++;
            if (common == k->nwords && common == prev->nwords && prev->value == k->value &&
                prev->article == k->article && prev->flags == k->flags)
                continue; /* an exact duplicate */
        }
        for (uint32_t d = common; d < k->nwords; d++) {
            if (nnodes >= UINT32_MAX) {
                status = SAHEL_ERR_OVERFLOW;
                goto fail;
            }
            pedges[npedges].parent = path[d];
            pedges[npedges].key = k->keys[d];
            pedges[npedges].child = (uint32_t)nnodes;
            npedges++;
            path[d + 1] = (uint32_t)nnodes++;
        }
        pouts[npouts].node = path[k->nwords];
        pouts[npouts].entry = (uint32_t)i;
        npouts++;
    }
    lx->entries = npouts;
    lx->nnodes = nnodes;

    /* Edges and outputs grouped per node (counting sort; the order within a node is kept). */
    lx->edge_start = calloc(nnodes + 1, sizeof *lx->edge_start);
    lx->out_start = calloc(nnodes + 1, sizeof *lx->out_start);
    lx->edges = malloc((npedges ? npedges : 1) * sizeof *lx->edges);
    lx->outs = malloc((npouts ? npouts : 1) * sizeof *lx->outs);
    fill = malloc((nnodes + 1) * sizeof *fill);
    if (!lx->edge_start || !lx->out_start || !lx->edges || !lx->outs || !fill) goto fail;
    sahel_wordtable *words = &b->words;
    size_t max_prefix_len = 0;
    for (size_t i = 0; i < npedges; i++) {
        const pending_edge *pe = &pedges[i];
        const sahel_wordtable_entry *wd = &words->words[pe->key >> 1];
        if ((pe->key & 1) && wd->len > max_prefix_len) max_prefix_len = wd->len;
        if (pe->parent == 0) words->words[pe->key >> 1].root[pe->key & 1] = pe->child;
        else lx->edge_start[pe->parent + 1]++;
    }
    for (size_t k = 0; k < nnodes; k++) lx->edge_start[k + 1] += lx->edge_start[k];
    for (size_t i = 0; i < npouts; i++) lx->out_start[pouts[i].node + 1]++;
    for (size_t k = 0; k < nnodes; k++) lx->out_start[k + 1] += lx->out_start[k];
    /* Edges of one node were made in increasing key order (the entries are sorted). */
    memcpy(fill, lx->edge_start, (nnodes + 1) * sizeof *fill);
    for (size_t i = 0; i < npedges; i++) {
        if (pedges[i].parent == 0) continue;
        lex_edge *e = &lx->edges[fill[pedges[i].parent]++];
        e->key = pedges[i].key;
        e->child = pedges[i].child;
    }
    memcpy(fill, lx->out_start, (nnodes + 1) * sizeof *fill);
    for (size_t i = 0; i < npouts; i++) {
        const entry_key *k = &ekeys[pouts[i].entry];
        lex_out *o = &lx->outs[fill[pouts[i].node]++];
        o->value = k->value;
        o->flags = k->flags;
        o->article = k->article;
    }

    /* Cheap noes for most text words: the first code point and the length of a stem. */
    lx->prefix_len = calloc(max_prefix_len + 1, 1);
    lx->first_chars = calloc(FIRST_CHAR_BITS / 64, sizeof *lx->first_chars);
    if (lx->prefix_len == NULL || lx->first_chars == NULL) goto fail;
    lx->max_prefix_len = max_prefix_len;
    for (size_t i = 0; i < npedges; i++)
        if (pedges[i].key & 1) lx->prefix_len[words->words[pedges[i].key >> 1].len] = 1;
    for (size_t i = 0; i < words->count; i++) {
        const sahel_wordtable_entry *wd = &words->words[i];
        if (wd->root[0] == 0 && wd->root[1] == 0) continue;
        set_first_char(lx->first_chars, words->cps[wd->off]); /* a word is never empty */
        if (wd->root[0] && wd->len > lx->max_first_word) lx->max_first_word = wd->len;
        if (wd->root[1] && wd->len > lx->max_first_prefix) lx->max_first_prefix = wd->len;
    }

    /* The words move to the lexicon, shrunk to what they hold. */
    lx->words = b->words;
    memset(&b->words, 0, sizeof b->words);
    sahel_wordtable *t = &lx->words;
    if (t->count > 0 && t->count < t->cap) {
        void *p = realloc(t->words, t->count * sizeof *t->words);
        if (p != NULL) t->words = p, t->cap = t->count;
    }
    if (t->ncps > 0 && t->ncps < t->cpcap) {
        void *p = realloc(t->cps, t->ncps * sizeof *t->cps);
        if (p != NULL) t->cps = p, t->cpcap = t->ncps;
    }
    lx->bytes =
        sizeof *lx + (nnodes + 1) * 2 * sizeof(uint32_t) +
        (npedges ? npedges : 1) * sizeof(lex_edge) + (npouts ? npouts : 1) * sizeof(lex_out) +
        (max_prefix_len + 1) + FIRST_CHAR_BITS / 8 + t->cap * sizeof(sahel_wordtable_entry) +
        t->cpcap * sizeof(uint32_t) + (t->slots ? (t->mask + 1) * sizeof(sahel_wordtable_slot) : 0);

    free(ekeys);
    free(pedges);
    free(pouts);
    free(path);
    free(fill);
    sahel_lexicon_builder_free(b);
    *out = lx;
    return SAHEL_OK;

fail:
    free(ekeys);
    free(pedges);
    free(pouts);
    free(path);
    free(fill);
    sahel_lexicon_free(lx);
    sahel_lexicon_builder_free(b);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Finding. */

void
sahel_lexicon_hits_free(sahel_lexicon_hits *out)
{
    if (out == NULL) return;
    free(out->value);
    free(out->start);
    free(out->stem);
    free(out->bare);
    free(out->end);
    memset(out, 0, sizeof *out);
}

static int
hits_reserve(sahel_lexicon_hits *out, size_t need)
{
    if (need <= out->capacity) return SAHEL_OK;
    size_t c = out->capacity ? out->capacity : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / sizeof(size_t)) return SAHEL_ERR_OVERFLOW;
        c *= 2;
    }
    /* Each array is grown in turn; a failure leaves the grown ones larger, which is harmless. */
    void *p;
    if ((p = realloc(out->value, c * sizeof *out->value)) == NULL) return SAHEL_ERR_NOMEM;
    out->value = p;
    if ((p = realloc(out->start, c * sizeof *out->start)) == NULL) return SAHEL_ERR_NOMEM;
    out->start = p;
    if ((p = realloc(out->stem, c * sizeof *out->stem)) == NULL) return SAHEL_ERR_NOMEM;
    out->stem = p;
    if ((p = realloc(out->bare, c * sizeof *out->bare)) == NULL) return SAHEL_ERR_NOMEM;
    out->bare = p;
    if ((p = realloc(out->end, c * sizeof *out->end)) == NULL) return SAHEL_ERR_NOMEM;
    out->end = p;
    out->capacity = c;
    return SAHEL_OK;
}

/* A word of the lookahead window, with what was worked out about it. */
typedef struct look_word {
    sahel_word w;
    uint32_t id; /* the whole word's id, NO_WORD when no entry has it */
    int id_known;
    int prefixes_known;
    size_t pfx_off; /* ids of the prefix words it begins with: finder.pfx[pfx_off, + npfx) */
    size_t npfx;
} look_word;

/* A hit at the current word, in normalized indices. */
typedef struct hit {
    uint32_t depth; /* window index of the last word */
    int32_t value;
    size_t stem, bare;
} hit;

/* Per-call state; nothing here outlives sahel_lexicon_find. */
typedef struct finder {
    const sahel_lexicon *lx;
    text_view v;
    look_word *win; /* win[0]: the current word; win[k]: the k-th word joined after it */
    size_t nwin;
    int win_closed;
    const sahel_word_scanner *scan; /* the main scan, just past win[0] */
    int look_ready;
    sahel_word_scanner look;
    uint32_t *pfx;
    size_t npfx, pfxcap;
    hit *hits;
    size_t nhits, hitcap;
    uint32_t *stack; /* (node, depth) pairs still to visit */
    size_t nstack, stackcap;
} finder;

/* Makes win[k] available when the phrase run has a k-th word; returns 0 when it has not. */
static int
window_has(finder *f, size_t k)
{
    if (!f->look_ready) {
        f->look = *f->scan;
        f->look_ready = 1;
    }
    while (f->nwin <= k) {
        if (f->win_closed) return 0;
        look_word *lw = &f->win[f->nwin];
        if (!sahel_words_next(&f->look, &lw->w) || !lw->w.joined) {
            f->win_closed = 1;
            return 0;
        }
        lw->id_known = 0;
        lw->prefixes_known = 0;
        f->nwin++;
    }
    return 1;
}

static void
whole_id(finder *f, look_word *lw)
{
    if (lw->id_known) return;
    const uint32_t *s = f->v.t + lw->w.start;
    size_t n = lw->w.end - lw->w.start;
    lw->id = sahel_wordtable_find(&f->lx->words, s, n, hash_word(s, n));
    lw->id_known = 1;
}

static int
prefix_ids(finder *f, look_word *lw)
{
    if (lw->prefixes_known) return SAHEL_OK;
    const sahel_lexicon *lx = f->lx;
    const uint32_t *s = f->v.t + lw->w.start;
    size_t n = lw->w.end - lw->w.start;
    size_t lim = n < lx->max_prefix_len ? n : lx->max_prefix_len;
    lw->pfx_off = f->npfx;
    lw->npfx = 0;
    uint64_t g = 0;
    for (size_t i = 0; i < lim; i++) {
        g = sahel_hash_step(g, s[i]);
        if (!lx->prefix_len[i + 1]) continue;
        uint32_t id = sahel_wordtable_find(&lx->words, s, i + 1, sahel_hash_final(g));
        if (id == NO_WORD) continue;
        int status = sahel_grow((void **)&f->pfx, &f->pfxcap, f->npfx + 1, sizeof *f->pfx);
        if (status) return status;
        f->pfx[f->npfx++] = id;
        lw->npfx++;
    }
    lw->prefixes_known = 1;
    return SAHEL_OK;
}

static uint32_t
child_of(const sahel_lexicon *lx, uint32_t node, uint32_t key)
{
    size_t lo = lx->edge_start[node], hi = lx->edge_start[node + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lx->edges[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    if (lo < lx->edge_start[node + 1] && lx->edges[lo].key == key) return lx->edges[lo].child;
    return 0;
}

static int
push(finder *f, uint32_t node, uint32_t depth)
{
    int status = sahel_grow((void **)&f->stack, &f->stackcap, f->nstack + 2, sizeof *f->stack);
    if (status) return status;
    f->stack[f->nstack++] = node;
    f->stack[f->nstack++] = depth;
    return SAHEL_OK;
}

/* Whether an entry's first word may stand under reading r. */
static inline int
reading_fits(const lex_out *o, const sahel_reading *r)
{
    if (o->flags & SAHEL_LEX_NO_PROCLITICS)
        return r->proclitic_len == 0 && r->has_article == o->article;
    return !o->article || r->has_article;
}

/* Every entry reachable from `node` (reached by win[0] under reading r), as hits. */
static int
walk(finder *f, uint32_t node, const sahel_reading *r)
{
    const sahel_lexicon *lx = f->lx;
    size_t w0 = f->win[0].w.start;
    f->nstack = 0;
    int status = push(f, node, 0);
    if (status) return status;
    while (f->nstack > 0) {
        uint32_t depth = f->stack[--f->nstack];
        node = f->stack[--f->nstack];
        for (uint32_t o = lx->out_start[node]; o < lx->out_start[node + 1]; o++) {
            if (!reading_fits(&lx->outs[o], r)) continue;
            status = sahel_grow((void **)&f->hits, &f->hitcap, f->nhits + 1, sizeof *f->hits);
            if (status) return status;
            hit *h = &f->hits[f->nhits++];
            h->depth = depth;
            h->value = lx->outs[o].value;
            h->stem = w0 + r->proclitic_len;
            h->bare = w0 + r->stem;
        }
        if (lx->edge_start[node] == lx->edge_start[node + 1] || !window_has(f, (size_t)depth + 1))
            continue;
        look_word *next = &f->win[depth + 1];
        whole_id(f, next);
        if (next->id != NO_WORD) {
            uint32_t child = child_of(lx, node, next->id << 1);
            if (child && (status = push(f, child, depth + 1))) return status;
        }
        if (lx->max_prefix_len > 0) {
            status = prefix_ids(f, next);
            if (status) return status;
            for (size_t i = 0; i < next->npfx; i++) {
                uint32_t child = child_of(lx, node, f->pfx[next->pfx_off + i] << 1 | 1);
                if (child && (status = push(f, child, depth + 1))) return status;
            }
        }
    }
    return SAHEL_OK;
}

/* Tries win[0] under each of its readings: its stem whole, and each of its beginnings. */
static int
try_word(finder *f)
{
    const sahel_lexicon *lx = f->lx;
    const uint32_t *s = f->v.t + f->win[0].w.start;
    size_t n = f->win[0].w.end - f->win[0].w.start;
    sahel_reading r[SAHEL_READINGS_MAX];
    size_t nr;
    if (sahel_words_may_split(s[0])) {
        nr = sahel_words_readings(s, n, r);
    }
    else {
        r[0].proclitic_len = r[0].stem = 0;
        r[0].has_article = 0;
        nr = 1;
    }
    for (size_t k = 0; k < nr; k++) {
        const uint32_t *st = s + r[k].stem;
        size_t sn = n - r[k].stem;
        if (!has_first_char(lx->first_chars, st[0])) continue;
        int whole = sn <= lx->max_first_word;
        size_t lim = sn < lx->max_first_prefix ? sn : lx->max_first_prefix;
        if (whole) lim = sn;
        uint64_t g = 0;
        for (size_t i = 0; i < lim; i++) {
            g = sahel_hash_step(g, st[i]);
            size_t len = i + 1;
            int as_prefix = len <= lx->max_prefix_len && lx->prefix_len[len];
            int as_whole = whole && len == sn;
            if (!as_prefix && !as_whole) continue;
            uint32_t id = sahel_wordtable_find(&lx->words, st, len, sahel_hash_final(g));
            if (id == NO_WORD) continue;
            const sahel_wordtable_entry *wd = &lx->words.words[id];
            int status;
            if (as_prefix && wd->root[1] && (status = walk(f, wd->root[1], &r[k]))) return status;
            if (as_whole && wd->root[0] && (status = walk(f, wd->root[0], &r[k]))) return status;
        }
    }
    return SAHEL_OK;
}

/* Longest first, then by stem, bare and value. */
static int
cmp_hit(const void *pa, const void *pb)
{
    const hit *a = pa, *b = pb;
    if (a->depth != b->depth) return a->depth > b->depth ? -1 : 1;
    if (a->stem != b->stem) return a->stem < b->stem ? -1 : 1;
    if (a->bare != b->bare) return a->bare < b->bare ? -1 : 1;
    return a->value < b->value ? -1 : a->value > b->value;
}

static int
report(finder *f, sahel_lexicon_hits *out)
{
    if (f->nhits > 1) qsort(f->hits, f->nhits, sizeof *f->hits, cmp_hit);
    size_t start = to_original(&f->v, f->win[0].w.start);
    for (size_t i = 0; i < f->nhits; i++) {
        const hit *h = &f->hits[i];
        if (i > 0 && cmp_hit(h - 1, h) == 0) continue;
        int status = hits_reserve(out, out->count + 1);
        if (status) return status;
        size_t j = out->count++;
        out->value[j] = h->value;
        out->start[j] = start;
        out->stem[j] = to_original(&f->v, h->stem);
        out->bare[j] = to_original(&f->v, h->bare);
        out->end[j] = original_end(&f->v, f->win[h->depth].w.start, f->win[h->depth].w.end);
    }
    return SAHEL_OK;
}

/* One reported row, for the rare repair of the order below. */
typedef struct row {
    int32_t value;
    size_t start, stem, bare, end;
} row;

static int
cmp_row(const void *pa, const void *pb)
{
    const row *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1;
    if (a->stem != b->stem) return a->stem < b->stem ? -1 : 1;
    if (a->bare != b->bare) return a->bare < b->bare ? -1 : 1;
    return a->value < b->value ? -1 : a->value > b->value;
}

static inline row
row_at(const sahel_lexicon_hits *out, size_t i)
{
    row r = {out->value[i], out->start[i], out->stem[i], out->bare[i], out->end[i]};
    return r;
}

/* Words follow each other in the normalized text, but a presentation form that
 * expands to several words (U+FDFA) gives them one original span: their hits may
 * then come out of order or twice. Sorts and deduplicates out[from:] when so. */
static int
restore_order(sahel_lexicon_hits *out, size_t from)
{
    int sorted = 1;
    for (size_t i = from + 1; i < out->count && sorted; i++) {
        row a = row_at(out, i - 1), b = row_at(out, i);
        sorted = cmp_row(&a, &b) < 0;
    }
    if (sorted) return SAHEL_OK;
    size_t n = out->count - from;
    row *rows = malloc(n * sizeof *rows);
    if (rows == NULL) return SAHEL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) rows[i] = row_at(out, from + i);
    qsort(rows, n, sizeof *rows, cmp_row);
    size_t j = from;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && cmp_row(&rows[i - 1], &rows[i]) == 0) continue;
        out->value[j] = rows[i].value;
        out->start[j] = rows[i].start;
        out->stem[j] = rows[i].stem;
        out->bare[j] = rows[i].bare;
        out->end[j] = rows[i].end;
        j++;
    }
    out->count = j;
    free(rows);
    return SAHEL_OK;
}

int
sahel_lexicon_find(const sahel_lexicon *lx, const void *text, int kind, size_t len,
                   sahel_lexicon_hits *out)
{
    if (lx == NULL || out == NULL || (text == NULL && len > 0)) return SAHEL_ERR_INVALID;
    if (kind != 1 && kind != 2 && kind != 4) return SAHEL_ERR_INVALID;
    if (len == 0 || lx->nnodes <= 1) return SAHEL_OK;

    finder f;
    memset(&f, 0, sizeof f);
    f.lx = lx;
    int status = view_open(&f.v, text, kind, len, lx->options);
    if (status) return status;
    size_t from = out->count;
    f.win = malloc((lx->max_words + 1) * sizeof *f.win);
    if (f.win == NULL) {
        status = SAHEL_ERR_NOMEM;
        goto done;
    }

    sahel_word_scanner scan;
    sahel_words_init(&scan, f.v.t, f.v.n);
    f.scan = &scan;
    while (sahel_words_next(&scan, &f.win[0].w)) {
        f.win[0].id_known = 0;
        f.win[0].prefixes_known = 0;
        f.nwin = 1;
        f.win_closed = 0;
        f.look_ready = 0;
        f.npfx = 0;
        f.nhits = 0;
        status = try_word(&f);
        if (status) goto done;
        if (f.nhits > 0 && (status = report(&f, out))) goto done;
    }
    status = restore_order(out, from);

done:
    free(f.win);
    free(f.pfx);
    free(f.hits);
    free(f.stack);
    view_close(&f.v);
    return status;
}

/* The gazetteer matcher (see sahel_matcher.h): aliases become sequences of
 * interned normalized words in a trie keyed by word ids; the text is normalized,
 * scanned word by word, and each word is tried under each of its proclitic
 * readings against the first words of the aliases. */
#include "sahel_matcher.h"

#include <stdlib.h>
#include <string.h>

#include "sahel_normalize.h"
#include "sahel_words.h"
#include "sahel_wordtable.h"

#define NO_WORD SAHEL_NO_WORD
/* On a trie edge: punctuation or a newline may stand before this word, as it
 * did in the alias (ميانمار (بورما)). Word ids stay below it. */
#define AFTER_BREAK (1u << 31)

/* Word hashes run from the last code point to the first, so one pass over a
 * word gives the hash of every suffix: the stems of all its readings. */
static uint32_t
hash_word(const uint32_t *s, size_t n)
{
    uint64_t g = 0;
    while (n > 0) g = sahel_hash_step(g, s[--n]);
    return sahel_hash_final(g);
}

/* Intern a word of the gazetteer; its root (root[0]) is set when the trie is built. */
static int
table_intern(sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t *id)
{
    return sahel_wordtable_intern(t, s, n, hash_word(s, n), id);
}

/* ------------------------------------------------------------------------ */
/* Builder. */

typedef struct build_alias {
    size_t words_off; /* into alias_words: the first word's stem, then the later words */
    uint32_t nwords;
    int32_t value;
    uint8_t flags;
    uint8_t article; /* the first word was written with ال */
} build_alias;

typedef struct rule {
    int32_t value;
    uint32_t word;
    uint8_t side;
    uint8_t effect;
} rule;

typedef struct default_effect {
    int32_t value;
    uint32_t order; /* the last one set wins */
    uint8_t effect;
} default_effect;

struct sahel_matcher_builder {
    unsigned options;
    sahel_wordtable words;
    build_alias *aliases;
    size_t naliases, alcap;
    uint32_t *alias_words;
    size_t nalias_words, awcap;
    rule *rules;
    size_t nrules, rulecap;
    default_effect *defaults;
    size_t ndefaults, defcap;
};

sahel_matcher_builder *
sahel_builder_new(unsigned norm_options)
{
    sahel_matcher_builder *b = calloc(1, sizeof *b);
    if (b == NULL) return NULL;
    b->options = norm_options;
    return b;
}

void
sahel_builder_free(sahel_matcher_builder *b)
{
    if (b == NULL) return;
    sahel_wordtable_free(&b->words);
    free(b->aliases);
    free(b->alias_words);
    free(b->rules);
    free(b->defaults);
    free(b);
}

/* Normalizes UCS-4 input with the builder's options; *cps points into *nz or at the input. */
static int
normalize_ucs4(const sahel_matcher_builder *b, const uint32_t *s, size_t len, sahel_normalized *nz,
               const uint32_t **cps, size_t *n)
{
    int status = sahel_normalize(s, 4, len, b->options, 4, 1, nz);
    if (status) return status;
    *cps = nz->changed ? (const uint32_t *)nz->data : s;
    *n = nz->changed ? nz->len : len;
    return SAHEL_OK;
}

/* Where the stem of a dictionary word begins (normalized index), and whether it
 * was written with the article. Only a bare alef (or alef wasla) makes one: the
 * hamza of ألمانيا or إلينوي is lost to normalization, but not to the builder. */
static size_t
dictionary_stem(const uint32_t *orig, const sahel_normalized *nz, const uint32_t *s,
                const sahel_word *w, int *article)
{
    size_t skip = sahel_words_strip_article(s + w->start, w->end - w->start, article);
    if (!*article) return w->start;
    size_t at = nz->changed && nz->offsets.count > 0
                    ? sahel_offsets_to_original(&nz->offsets, w->start)
                    : w->start;
    if (orig[at] != 0x0627 && orig[at] != 0x0671) {
        *article = 0;
        return w->start;
    }
    return w->start + skip;
}

int
sahel_builder_add_alias(sahel_matcher_builder *b, const uint32_t *alias, size_t len, int32_t value,
                        unsigned flags)
{
    if (b == NULL || (alias == NULL && len > 0) || value < 0) return SAHEL_ERR_INVALID;
    if (flags & ~(unsigned)(SAHEL_ALIAS_ARTICLE_OPTIONAL | SAHEL_ALIAS_NO_PROCLITICS |
                            SAHEL_ALIAS_AMBIGUOUS))
        return SAHEL_ERR_INVALID;
    if (len == 0) return SAHEL_ERR_EMPTY;

    sahel_normalized nz = {0};
    const uint32_t *s;
    size_t n;
    int status = normalize_ucs4(b, alias, len, &nz, &s, &n);
    if (status) return status;

    size_t first = b->nalias_words;
    uint32_t nwords = 0;
    int article = 0;
    sahel_word_scanner sc;
    sahel_word w;
    sahel_words_init(&sc, s, n);
    while (sahel_words_next(&sc, &w)) {
        size_t from = nwords == 0 ? dictionary_stem(alias, &nz, s, &w, &article) : w.start;
        uint32_t id;
        status = table_intern(&b->words, s + from, w.end - from, &id);
        if (status) goto done;
        status =
            sahel_grow((void **)&b->alias_words, &b->awcap, b->nalias_words + 1, sizeof(uint32_t));
        if (status) goto done;
        /* Punctuation inside an alias lets any gap stand there in the text. */
        b->alias_words[b->nalias_words++] = id | (nwords > 0 && !w.joined ? AFTER_BREAK : 0);
        if (++nwords == UINT32_MAX) {
            status = SAHEL_ERR_OVERFLOW;
            goto done;
        }
    }
    if (nwords == 0) {
        status = SAHEL_ERR_EMPTY;
        goto done;
    }
    status = sahel_grow((void **)&b->aliases, &b->alcap, b->naliases + 1, sizeof *b->aliases);
    if (status) goto done;
    build_alias *a = &b->aliases[b->naliases++];
    a->words_off = first;
    a->nwords = nwords;
    a->value = value;
    a->flags = (uint8_t)flags;
    a->article = (uint8_t)article;
    first = b->nalias_words; /* keep the words */
done:
    b->nalias_words = first; /* drops the words of a failed alias (a no-op on success) */
    sahel_normalized_free(&nz);
    return status;
}

int
sahel_builder_add_context(sahel_matcher_builder *b, int32_t value, int side, const uint32_t *word,
                          size_t len, int effect)
{
    if (b == NULL || value < 0 || (word == NULL && len > 0)) return SAHEL_ERR_INVALID;
    if ((side != SAHEL_CONTEXT_BEFORE && side != SAHEL_CONTEXT_AFTER) ||
        (effect != SAHEL_REJECT && effect != SAHEL_ACCEPT))
        return SAHEL_ERR_INVALID;
    if (len == 0) return SAHEL_ERR_EMPTY;

    sahel_normalized nz = {0};
    const uint32_t *s;
    size_t n;
    int status = normalize_ucs4(b, word, len, &nz, &s, &n);
    if (status) return status;
    sahel_word_scanner sc;
    sahel_word w, extra;
    sahel_words_init(&sc, s, n);
    if (!sahel_words_next(&sc, &w)) {
        status = SAHEL_ERR_EMPTY;
        goto done;
    }
    if (sahel_words_next(&sc, &extra)) {
        status = SAHEL_ERR_INVALID; /* one word only */
        goto done;
    }
    /* The rule's word is a dictionary word: only its article is dropped, since
     * its first letter may well be و ف ب ك ل of the word itself (بلد, وزير). */
    int article;
    size_t from = dictionary_stem(word, &nz, s, &w, &article);
    uint32_t id;
    status = table_intern(&b->words, s + from, w.end - from, &id);
    if (status) goto done;
    status = sahel_grow((void **)&b->rules, &b->rulecap, b->nrules + 1, sizeof *b->rules);
    if (status) goto done;
    rule *r = &b->rules[b->nrules++];
    r->value = value;
    r->word = id;
    r->side = (uint8_t)side;
    r->effect = (uint8_t)effect;
done:
    sahel_normalized_free(&nz);
    return status;
}

int
sahel_builder_set_default(sahel_matcher_builder *b, int32_t value, int effect)
{
    if (b == NULL || value < 0 || (effect != SAHEL_REJECT && effect != SAHEL_ACCEPT))
        return SAHEL_ERR_INVALID;
    if (b->ndefaults >= UINT32_MAX) return SAHEL_ERR_OVERFLOW;
    int status =
        sahel_grow((void **)&b->defaults, &b->defcap, b->ndefaults + 1, sizeof *b->defaults);
    if (status) return status;
    default_effect *d = &b->defaults[b->ndefaults];
    d->value = value;
    d->order = (uint32_t)b->ndefaults++;
    d->effect = (uint8_t)effect;
    return SAHEL_OK;
}

/* ------------------------------------------------------------------------ */
/* The compiled matcher. */

typedef struct edge {
    uint32_t word;
    uint32_t child;
} edge;

typedef struct output {
    int32_t value;
    uint8_t flags;
    uint8_t article;
    uint8_t default_effect;        /* for ambiguous aliases */
    uint32_t rule_begin, rule_end; /* this value's context rules, sorted by side */
} output;

struct sahel_matcher {
    unsigned options;
    sahel_wordtable words;
    size_t nnodes;
    uint32_t *edge_start; /* nnodes + 1: node k's edges are edges[edge_start[k], edge_start[k+1]) */
    edge *edges;          /* sorted by word within a node; the root's edges live in
                             sahel_wordtable_entry.root[0] */
    uint32_t *out_start;  /* nnodes + 1, likewise into outs */
    output *outs;
    rule *rules; /* sorted by value, side, word */
    size_t nrules;
    /* Cheap noes for most text words, before and after hashing a stem, one bit
     * per first stem in each (about 16 bits per stem, at least 65536 bits): */
    uint64_t *shapes;     /* keyed by the stem's length, first two and last code points */
    uint64_t *bloom;      /* keyed by the stem's hash */
    uint32_t filter_mask; /* bits - 1, for both */
    size_t max_words;     /* the longest alias, in words */
    int has_breaks;       /* some alias has punctuation between its words */
    size_t aliases;
    size_t bytes; /* added up where the matcher's memory is allocated */
};

/* A stem's shape: what can be read without walking it (n > 0). */
static inline uint32_t
shape_key(const uint32_t *s, size_t n)
{
    uint64_t k = (uint64_t)s[0] * 0x9E3779B97F4A7C15ull +
                 (uint64_t)s[n > 1] * 0xC2B2AE3D27D4EB4Full +
                 (uint64_t)s[n - 1] * 0x165667B19E3779F9ull + n * 0x27D4EB2F165667C5ull;
    return (uint32_t)(k >> 32);
}

static inline int
has_bit(const uint64_t *bits, uint32_t key, uint32_t mask)
{
    key &= mask;
    return (int)(bits[key >> 6] >> (key & 63) & 1);
}

static inline void
set_bit(uint64_t *bits, uint32_t key, uint32_t mask)
{
    key &= mask;
    bits[key >> 6] |= (uint64_t)1 << (key & 63);
}

/* The bloom filter takes other bits of the hash than the word table's slots. */
static inline uint32_t
bloom_key(uint32_t h)
{
    return h >> 7 | h << 25;
}

void
sahel_matcher_free(sahel_matcher *m)
{
    if (m == NULL) return;
    sahel_wordtable_free(&m->words);
    free(m->edge_start);
    free(m->edges);
    free(m->out_start);
    free(m->outs);
    free(m->rules);
    free(m->bloom);
    free(m->shapes);
    free(m);
}

void
sahel_matcher_stats_get(const sahel_matcher *m, sahel_matcher_stats *out)
{
    if (out == NULL) return;
    memset(out, 0, sizeof *out);
    if (m == NULL) return;
    out->aliases = m->aliases;
    out->words = m->words.count;
    out->nodes = m->nnodes;
    out->bytes = m->bytes;
}

/* qsort passes no context, so each sort key carries what the comparison reads. */
typedef struct alias_key {
    const uint32_t *words;
    uint32_t nwords;
    uint32_t index;
    int32_t value;
    uint8_t flags;
    uint8_t article;
} alias_key;

static int
cmp_alias(const void *pa, const void *pb)
{
    const alias_key *a = pa, *b = pb;
    uint32_t n = a->nwords < b->nwords ? a->nwords : b->nwords;
    for (uint32_t i = 0; i < n; i++)
        if (a->words[i] != b->words[i]) return a->words[i] < b->words[i] ? -1 : 1;
    if (a->nwords != b->nwords) return a->nwords < b->nwords ? -1 : 1;
    if (a->article != b->article) return a->article < b->article ? -1 : 1;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    if (a->flags != b->flags) return a->flags < b->flags ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int
cmp_rule(const void *pa, const void *pb)
{
    const rule *a = pa, *b = pb;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    if (a->side != b->side) return a->side < b->side ? -1 : 1;
    if (a->word != b->word) return a->word < b->word ? -1 : 1;
    return (int)a->effect - (int)b->effect;
}

static int
cmp_default(const void *pa, const void *pb)
{
    const default_effect *a = pa, *b = pb;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

typedef struct pending_edge {
    uint32_t parent, word, child;
} pending_edge;

typedef struct pending_out {
    uint32_t node;
    uint32_t alias; /* index into the sorted keys */
} pending_out;

static uint8_t
default_for(const default_effect *defs, size_t ndefs, int32_t value)
{
    /* The last entry for the value (sorted by value, then order). */
    size_t lo = 0, hi = ndefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (defs[mid].value <= value) lo = mid + 1;
        else hi = mid;
    }
    if (lo > 0 && defs[lo - 1].value == value) return defs[lo - 1].effect;
    return SAHEL_ACCEPT;
}

static void
rules_for(const rule *rules, size_t nrules, int32_t value, uint32_t *begin, uint32_t *end)
{
    size_t lo = 0, hi = nrules;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rules[mid].value < value) lo = mid + 1;
        else hi = mid;
    }
    size_t e = lo;
    while (e < nrules && rules[e].value == value) e++;
    *begin = (uint32_t)lo;
    *end = (uint32_t)e;
}

/* Allocates count elements (at least one) of elem bytes for the matcher, zeroed or not, and
 * adds them to m->bytes: what stats report is what was allocated. NULL when out of memory. */
static void *
matcher_alloc(sahel_matcher *m, size_t count, size_t elem, int zeroed)
{
    if (count == 0) count = 1;
    if (count > SIZE_MAX / elem) return NULL;
    void *p = zeroed ? calloc(count, elem) : malloc(count * elem);
    if (p != NULL) m->bytes += count * elem;
    return p;
}

/* Takes an array the builder grew to `cap` elements: shrinks it to `count` (at least one)
 * and adds what it then holds to m->bytes. NULL stays NULL. */
static void *
matcher_take(sahel_matcher *m, void *p, size_t count, size_t cap, size_t elem)
{
    if (p == NULL) return NULL;
    if (count == 0) count = 1;
    void *q = realloc(p, count * elem);
    if (q == NULL) { /* it keeps its old size */
        m->bytes += (cap > count ? cap : count) * elem;
        return p;
    }
    m->bytes += count * elem;
    return q;
}

/* Step 1. The aliases as sort keys, sorted: equal word sequences are neighbours, and so
 * are shared prefixes. Notes the longest alias and whether any has breaks in m. */
static int
sort_aliases(const sahel_matcher_builder *b, sahel_matcher *m, alias_key **out)
{
    size_t na = b->naliases;
    alias_key *keys = malloc((na ? na : 1) * sizeof *keys);
    if (keys == NULL) return SAHEL_ERR_NOMEM;
    for (size_t i = 0; i < na; i++) {
        const build_alias *a = &b->aliases[i];
        keys[i].words = b->alias_words + a->words_off;
        keys[i].nwords = a->nwords;
        keys[i].index = (uint32_t)i;
        keys[i].value = a->value;
        keys[i].flags = a->flags;
        keys[i].article = a->article;
        if (a->nwords > m->max_words) m->max_words = a->nwords;
        for (uint32_t k = 1; k < a->nwords; k++)
            if (keys[i].words[k] & AFTER_BREAK) m->has_breaks = 1;
    }
    if (na > 1) qsort(keys, na, sizeof *keys, cmp_alias);
    *out = keys;
    return SAHEL_OK;
}

/* Step 2. The context rules sorted by value, side and word, without duplicates; the
 * defaults sorted by value, then by the order they were set. */
static void
sort_rules_and_defaults(sahel_matcher_builder *b)
{
    if (b->nrules > 1) qsort(b->rules, b->nrules, sizeof *b->rules, cmp_rule);
    size_t nr = 0;
    for (size_t i = 0; i < b->nrules; i++) {
        const rule *r = &b->rules[i];
        if (nr > 0) {
            const rule *p = &b->rules[nr - 1];
            if (p->value == r->value && p->side == r->side && p->word == r->word &&
                p->effect == r->effect)
                continue;
        }
        b->rules[nr++] = *r;
    }
    b->nrules = nr;
    if (b->ndefaults > 1) qsort(b->defaults, b->ndefaults, sizeof *b->defaults, cmp_default);
}

/* The trie before it is grouped per node: its edges and outputs in the order made. */
typedef struct pending_trie {
    pending_edge *edges;
    size_t nedges;
    pending_out *outs; /* one per sorted key, exact duplicates left out */
    size_t nouts;
    size_t nnodes; /* node 0 is the root; nodes are numbered depth-first */
    size_t nroot;  /* edges from the root */
} pending_trie;

static void
pending_trie_free(pending_trie *t)
{
    free(t->edges);
    free(t->outs);
    memset(t, 0, sizeof *t);
}

/* Step 3. The trie of the sorted aliases: an alias shares the nodes of its common prefix with
 * the alias before it and adds a node per further word. Exact duplicates (same words, article,
 * value and flags) are dropped; the same (words, article, value) with other flags keeps an
 * output each (the sort put the more permissive flags first) but counts as one alias. */
static int
build_trie(const sahel_matcher_builder *b, const alias_key *keys, size_t max_words, pending_trie *t,
           size_t *distinct)
{
    size_t na = b->naliases;
    t->edges = malloc((b->nalias_words ? b->nalias_words : 1) * sizeof *t->edges);
    t->outs = malloc((na ? na : 1) * sizeof *t->outs);
    uint32_t *path = malloc((max_words + 1) * sizeof *path); /* path[d]: the node at depth d */
    if (t->edges == NULL || t->outs == NULL || path == NULL) {
        free(path);
        return SAHEL_ERR_NOMEM;
    }
    t->nnodes = 1;
    *distinct = 0;
    path[0] = 0;
    for (size_t i = 0; i < na; i++) {
        const alias_key *k = &keys[i];
        const alias_key *prev = i > 0 ? &keys[i - 1] : NULL;
        uint32_t common = 0;
        if (prev != NULL) {
            uint32_t n = prev->nwords < k->nwords ? prev->nwords : k->nwords;
            while (common < n && prev->words[common] == k->words[common]) common++;
        }
        int same_words = prev != NULL && common == k->nwords && common == prev->nwords;
        if (same_words && prev->article == k->article && prev->value == k->value) {
            if (prev->flags == k->flags) continue; /* an exact duplicate */
        }
        else {
            (*distinct)++;
        }
        for (uint32_t d = common; d < k->nwords; d++) {
            if (t->nnodes >= UINT32_MAX) {
                free(path);
                return SAHEL_ERR_OVERFLOW;
            }
            pending_edge *e = &t->edges[t->nedges++];
            e->parent = path[d];
            e->word = k->words[d];
            e->child = (uint32_t)t->nnodes;
            if (e->parent == 0) t->nroot++;
            path[d + 1] = (uint32_t)t->nnodes++;
        }
        t->outs[t->nouts].node = path[k->nwords];
        t->outs[t->nouts].alias = (uint32_t)i;
        t->nouts++;
    }
    free(path);
    return SAHEL_OK;
}

/* A counting sort in place. start[k] holds the number of items of node k; afterwards it
 * holds the end of node k's items. Placing the items last first, each at --start[node], then
 * leaves start[k] at node k's first item and start[nnodes] at the total, and keeps the order
 * of the items within a node. */
static void
counts_to_ends(uint32_t *start, size_t nnodes)
{
    for (size_t k = 1; k <= nnodes; k++) start[k] += start[k - 1];
}

/* Step 4. The edges grouped per node, in word order within a node (the aliases are sorted).
 * The root's edges are not stored: each first stem's word entry holds its node. */
static int
compact_edges(sahel_matcher *m, const pending_trie *t, sahel_wordtable *words)
{
    m->nnodes = t->nnodes;
    m->edge_start = matcher_alloc(m, t->nnodes + 1, sizeof *m->edge_start, 1);
    m->edges = matcher_alloc(m, t->nedges - t->nroot, sizeof *m->edges, 0);
    if (m->edge_start == NULL || m->edges == NULL) return SAHEL_ERR_NOMEM;
    for (size_t i = 0; i < t->nedges; i++)
        if (t->edges[i].parent != 0) m->edge_start[t->edges[i].parent]++;
    counts_to_ends(m->edge_start, t->nnodes);
    for (size_t i = t->nedges; i-- > 0;) {
        const pending_edge *p = &t->edges[i];
        if (p->parent == 0) {
            words->words[p->word].root[0] = p->child;
            continue;
        }
        edge *e = &m->edges[--m->edge_start[p->parent]];
        e->word = p->word;
        e->child = p->child;
    }
    return SAHEL_OK;
}

/* Step 5. The outputs grouped per node, in sorted-key order within a node, each with its
 * value's default effect and range of context rules when ambiguous. */
static int
compact_outputs(sahel_matcher *m, const pending_trie *t, const alias_key *keys,
                const sahel_matcher_builder *b)
{
    m->out_start = matcher_alloc(m, t->nnodes + 1, sizeof *m->out_start, 1);
    m->outs = matcher_alloc(m, t->nouts, sizeof *m->outs, 0);
    if (m->out_start == NULL || m->outs == NULL) return SAHEL_ERR_NOMEM;
    for (size_t i = 0; i < t->nouts; i++) m->out_start[t->outs[i].node]++;
    counts_to_ends(m->out_start, t->nnodes);
    for (size_t i = t->nouts; i-- > 0;) {
        const alias_key *k = &keys[t->outs[i].alias];
        output *o = &m->outs[--m->out_start[t->outs[i].node]];
        o->value = k->value;
        o->flags = k->flags;
        o->article = k->article;
        o->default_effect = SAHEL_ACCEPT;
        o->rule_begin = o->rule_end = 0;
        /* A plain alias may have reject rules too (a guard): they apply, and no default. */
        rules_for(b->rules, b->nrules, k->value, &o->rule_begin, &o->rule_end);
        if (k->flags & SAHEL_ALIAS_AMBIGUOUS)
            o->default_effect = default_for(b->defaults, b->ndefaults, k->value);
    }
    return SAHEL_OK;
}

/* Step 6. The interned words and the rules move from the builder to the matcher, shrunk to
 * what they hold. */
static void
take_words_and_rules(sahel_matcher *m, sahel_matcher_builder *b)
{
    m->words = b->words;
    memset(&b->words, 0, sizeof b->words);
    sahel_wordtable *w = &m->words;
    w->words = matcher_take(m, w->words, w->count, w->cap, sizeof *w->words);
    w->cap = w->count;
    w->cps = matcher_take(m, w->cps, w->ncps, w->cpcap, sizeof *w->cps);
    w->cpcap = w->ncps;
    if (w->slots != NULL) m->bytes += (w->mask + 1) * sizeof *w->slots;
    m->rules = matcher_take(m, b->rules, b->nrules, b->rulecap, sizeof *m->rules);
    m->nrules = b->nrules;
    b->rules = NULL;
    b->nrules = 0;
}

/* Step 7. The bloom and shape filters over the first stems: about 16 bits per stem, at least
 * 65536 bits. */
static int
build_filters(sahel_matcher *m)
{
    size_t nroots = 0;
    for (size_t i = 0; i < m->words.count; i++) nroots += m->words.words[i].root[0] != 0;
    size_t bits = 65536;
    while (bits < nroots * 16 && bits < ((size_t)1 << 31)) bits *= 2;
    m->bloom = matcher_alloc(m, bits / 64, sizeof *m->bloom, 1);
    m->shapes = matcher_alloc(m, bits / 64, sizeof *m->shapes, 1);
    if (m->bloom == NULL || m->shapes == NULL) return SAHEL_ERR_NOMEM;
    m->filter_mask = (uint32_t)(bits - 1);
    for (size_t i = 0; i < m->words.count; i++) {
        const sahel_wordtable_entry *e = &m->words.words[i];
        if (e->root[0] == 0) continue;
        set_bit(m->bloom, bloom_key(e->hash), m->filter_mask);
        set_bit(m->shapes, shape_key(m->words.cps + e->off, e->len), m->filter_mask);
    }
    return SAHEL_OK;
}

int
sahel_builder_finish(sahel_matcher_builder *b, sahel_matcher **out)
{
    if (out == NULL) {
        sahel_builder_free(b);
        return SAHEL_ERR_INVALID;
    }
    *out = NULL;
    if (b == NULL) return SAHEL_ERR_INVALID;

    int status = SAHEL_ERR_NOMEM;
    alias_key *keys = NULL;
    pending_trie trie = {0};
    size_t distinct = 0;
    sahel_matcher *m = calloc(1, sizeof *m);
    if (m == NULL) goto done;
    m->bytes = sizeof *m;
    m->options = b->options;
    if (b->naliases >= UINT32_MAX || b->nrules >= UINT32_MAX) {
        status = SAHEL_ERR_OVERFLOW;
        goto done;
    }
    status = sort_aliases(b, m, &keys);
    if (status) goto done;
    sort_rules_and_defaults(b);
    status = build_trie(b, keys, m->max_words, &trie, &distinct);
    if (status) goto done;
    m->aliases = distinct;
    status = compact_edges(m, &trie, &b->words);
    if (status) goto done;
    status = compact_outputs(m, &trie, keys, b);
    if (status) goto done;
    take_words_and_rules(m, b);
    status = build_filters(m);

done:
    free(keys);
    pending_trie_free(&trie);
    sahel_builder_free(b);
    if (status != SAHEL_OK) {
        sahel_matcher_free(m);
        return status;
    }
    *out = m;
    return SAHEL_OK;
}

/* ------------------------------------------------------------------------ */
/* Matching. */

void
sahel_mentions_free(sahel_mentions *out)
{
    if (out == NULL) return;
    free(out->value);
    free(out->start);
    free(out->stem);
    free(out->end);
    free(out->decision);
    memset(out, 0, sizeof *out);
}

static int
mentions_reserve(sahel_mentions *out, size_t need)
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
    if ((p = realloc(out->end, c * sizeof *out->end)) == NULL) return SAHEL_ERR_NOMEM;
    out->end = p;
    if ((p = realloc(out->decision, c * sizeof *out->decision)) == NULL) return SAHEL_ERR_NOMEM;
    out->decision = p;
    out->capacity = c;
    return SAHEL_OK;
}

/* A word of the lookahead window, with what was worked out about it. */
typedef struct look_word {
    sahel_word w;
    uint32_t id; /* the interned id of the whole word, NO_WORD when unknown to the matcher */
    int id_known;
    int nstems; /* stems' ids for context rules; -1 until needed */
    uint32_t stems[SAHEL_READINGS_MAX];
} look_word;

typedef struct candidate {
    int32_t value;
    uint32_t out;   /* index into m->outs */
    uint32_t depth; /* index in the window of the phrase's last word */
    size_t stem;    /* normalized index where the alias proper begins */
    uint8_t decision;
} candidate;

/* Per-call state; nothing here outlives sahel_matcher_find. */
typedef struct finder {
    const sahel_matcher *m;
    const uint32_t *t; /* the normalized text */
    size_t n;
    const void *orig; /* the original text */
    int kind;
    size_t orig_len;
    const sahel_offsets *map; /* NULL: indices are the same in both texts */
    look_word *win; /* win[0]: the current word; win[k]: the k-th word of its phrase run */
    size_t nwin;    /* words in the window so far */
    int win_closed; /* no further word can join the window */
    const sahel_word_scanner *scan; /* the main scan, just past win[0] */
    int look_ready;                 /* look has been copied from scan for this window */
    sahel_word_scanner look;
    look_word prev; /* the word before win[0] in the same phrase run, when have_prev */
    int have_prev;
    candidate *cands;
    size_t ncands, candcap;
    uint32_t *branches; /* (node, depth) pairs still to walk */
    size_t nbranches, branchcap;
} finder;

static inline uint32_t
orig_at(const void *text, int kind, size_t i)
{
    if (kind == 1) return ((const uint8_t *)text)[i];
    if (kind == 2) return ((const uint16_t *)text)[i];
    return ((const uint32_t *)text)[i];
}

static size_t
to_original(const finder *f, size_t j)
{
    if (f->map == NULL) return j;
    return sahel_offsets_to_original(f->map, j);
}

static void
word_id(const finder *f, look_word *lw)
{
    if (lw->id_known) return;
    const uint32_t *s = f->t + lw->w.start;
    size_t n = lw->w.end - lw->w.start;
    lw->id = sahel_wordtable_find(&f->m->words, s, n, hash_word(s, n));
    lw->id_known = 1;
}

/* Ids of the word's stems under every reading (the unsplit word included). */
static void
stem_ids(const finder *f, look_word *lw)
{
    if (lw->nstems >= 0) return;
    const uint32_t *s = f->t + lw->w.start;
    size_t n = lw->w.end - lw->w.start;
    sahel_reading r[SAHEL_READINGS_MAX];
    size_t nr = sahel_words_readings(s, n, r);
    int k = 0;
    for (size_t i = 0; i < nr; i++) {
        uint32_t id = sahel_wordtable_find(&f->m->words, s + r[i].stem, n - r[i].stem,
                                           hash_word(s + r[i].stem, n - r[i].stem));
        if (id != NO_WORD) lw->stems[k++] = id;
    }
    lw->nstems = k;
}

/* Makes win[k] available when the phrase run has a k-th word; returns 0 when it has not. */
static int
window_has(finder *f, size_t k)
{
    if (!f->look_ready) {
        /* Copied only when needed: most words never look ahead. */
        f->look = *f->scan;
        f->look_ready = 1;
    }
    while (f->nwin <= k) {
        if (f->win_closed) return 0;
        sahel_word w;
        if (!sahel_words_next(&f->look, &w) || (!w.joined && !f->m->has_breaks)) {
            f->win_closed = 1;
            return 0;
        }
        look_word *lw = &f->win[f->nwin++];
        lw->w = w;
        lw->id_known = 0;
        lw->nstems = -1;
    }
    return 1;
}

static int
add_candidate(finder *f, uint32_t out, uint32_t depth, size_t stem)
{
    int status = sahel_grow((void **)&f->cands, &f->candcap, f->ncands + 1, sizeof *f->cands);
    if (status) return status;
    candidate *c = &f->cands[f->ncands++];
    c->value = f->m->outs[out].value;
    c->out = out;
    c->depth = depth;
    c->stem = stem;
    c->decision = SAHEL_DECIDED_PLAIN;
    return SAHEL_OK;
}

static inline int
reading_fits(const output *o, const sahel_reading *r)
{
    if (o->flags & SAHEL_ALIAS_NO_PROCLITICS)
        return r->proclitic_len == 0 && r->has_article == o->article;
    return r->has_article == o->article || (o->flags & SAHEL_ALIAS_ARTICLE_OPTIONAL);
}

static uint32_t
child_of(const sahel_matcher *m, uint32_t node, uint32_t word)
{
    size_t lo = m->edge_start[node], hi = m->edge_start[node + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->edges[mid].word < word) lo = mid + 1;
        else hi = mid;
    }
    if (lo < m->edge_start[node + 1] && m->edges[lo].word == word) return m->edges[lo].child;
    return 0;
}

/* Every alias reachable from `root` under reading r, as candidates. A joined
 * word may follow both an edge without a break and one with a break (aliases
 * "X Y" and "X (Y)"); the second path waits in f->branches. */
static int
walk(finder *f, uint32_t root, const sahel_reading *r)
{
    const sahel_matcher *m = f->m;
    size_t stem = f->win[0].w.start + r->proclitic_len;
    f->nbranches = 0;
    uint32_t node = root, depth = 0;
    for (;;) {
        for (uint32_t o = m->out_start[node]; o < m->out_start[node + 1]; o++) {
            if (!reading_fits(&m->outs[o], r)) continue;
            int status = add_candidate(f, o, depth, stem);
            if (status) return status;
        }
        uint32_t next_node = 0;
        if (m->edge_start[node] != m->edge_start[node + 1] && window_has(f, depth + 1)) {
            look_word *next = &f->win[depth + 1];
            word_id(f, next);
            if (next->id != NO_WORD) {
                uint32_t joined = next->w.joined ? child_of(m, node, next->id) : 0;
                uint32_t broken = m->has_breaks ? child_of(m, node, next->id | AFTER_BREAK) : 0;
                if (joined && broken) {
                    int status = sahel_grow((void **)&f->branches, &f->branchcap, f->nbranches + 2,
                                            sizeof *f->branches);
                    if (status) return status;
                    f->branches[f->nbranches++] = broken;
                    f->branches[f->nbranches++] = depth + 1;
                }
                next_node = joined ? joined : broken;
            }
        }
        if (next_node != 0) {
            node = next_node;
            depth++;
        }
        else if (f->nbranches > 0) {
            depth = f->branches[--f->nbranches];
            node = f->branches[--f->nbranches];
        }
        else {
            return SAHEL_OK;
        }
    }
}

static int
contains(const uint32_t *ids, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return 1;
    return 0;
}

static uint8_t
decide(finder *f, const candidate *c)
{
    const output *o = &f->m->outs[c->out];
    int ambiguous = (o->flags & SAHEL_ALIAS_AMBIGUOUS) != 0;
    if (!ambiguous && o->rule_begin == o->rule_end) return SAHEL_DECIDED_PLAIN;
    int reject = 0, accept = 0;
    look_word *before = NULL, *after = NULL;
    if (f->have_prev) before = &f->prev;
    if (window_has(f, c->depth + 1) && f->win[c->depth + 1].w.joined) after = &f->win[c->depth + 1];
    for (uint32_t i = o->rule_begin; i < o->rule_end; i++) {
        const rule *r = &f->m->rules[i];
        look_word *lw = r->side == SAHEL_CONTEXT_BEFORE ? before : after;
        if (lw == NULL) continue;
        stem_ids(f, lw);
        if (contains(lw->stems, lw->nstems, r->word)) {
            if (r->effect == SAHEL_REJECT) reject = 1;
            else accept = 1;
        }
    }
    if (reject) return SAHEL_DECIDED_RULE_REJECT;
    /* A guarded plain alias: its accept rules (none in valid data) change nothing. */
    if (!ambiguous) return SAHEL_DECIDED_PLAIN;
    if (accept) return SAHEL_DECIDED_RULE_ACCEPT;
    return o->default_effect == SAHEL_ACCEPT ? SAHEL_DECIDED_DEFAULT_ACCEPT
                                             : SAHEL_DECIDED_DEFAULT_REJECT;
}

static inline int
is_accepted(uint8_t decision)
{
    return decision <= SAHEL_DECIDED_DEFAULT_ACCEPT;
}

/* Overlapping: longest first, then by stem and value; the best decision first
 * among equals, so that duplicates can be dropped after it. */
static int
cmp_overlapping(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    if (a->depth != b->depth) return a->depth > b->depth ? -1 : 1;
    if (a->stem != b->stem) return a->stem < b->stem ? -1 : 1;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    return (int)a->decision - (int)b->decision;
}

/* Leftmost-longest: longest first, then by value; within a (length, value)
 * group accepted first, then the shortest proclitics and the best decision, so
 * that the group's first candidate is the one to report. */
static int
cmp_longest(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    if (a->depth != b->depth) return a->depth > b->depth ? -1 : 1;
    if (a->value != b->value) return a->value < b->value ? -1 : 1;
    int ra = !is_accepted(a->decision), rb = !is_accepted(b->decision);
    if (ra != rb) return ra - rb;
    if (a->stem != b->stem) return a->stem < b->stem ? -1 : 1;
    return (int)a->decision - (int)b->decision;
}

/* The original index just past the window's word k, over the marks and tatweel after it. */
static size_t
original_end(const finder *f, size_t k)
{
    size_t e = f->win[k].w.end; /* > start, so e - 1 is the word's last code point */
    size_t hi = e < f->n ? to_original(f, e) : f->orig_len;
    size_t p = to_original(f, e - 1) + 1;
    if (p > hi) p = hi;
    while (p < f->orig_len && sahel_words_is_mark_or_tatweel(orig_at(f->orig, f->kind, p))) p++;
    return p;
}

static int
emit(finder *f, sahel_mentions *out, const candidate *c)
{
    int status = mentions_reserve(out, out->count + 1);
    if (status) return status;
    size_t i = out->count;
    out->value[i] = c->value;
    out->start[i] = to_original(f, f->win[0].w.start);
    /* The stem: the first code point after the conjunction and preposition. In
     * لل that is the second ل, the article's own letter once its alef fell. */
    out->stem[i] = to_original(f, c->stem);
    out->end[i] = original_end(f, c->depth);
    out->decision[i] = c->decision;
    out->count = i + 1;
    return SAHEL_OK;
}

/* Decides and reports the candidates found at win[0]; returns through *consumed
 * the window index of the last word of the reported accepted match, or -1. */
static int
report(finder *f, unsigned flags, sahel_mentions *out, long *consumed)
{
    *consumed = -1;
    for (size_t i = 0; i < f->ncands; i++) f->cands[i].decision = decide(f, &f->cands[i]);
    int keep_rejected = (flags & SAHEL_FIND_KEEP_REJECTED) != 0;

    if (flags & SAHEL_FIND_OVERLAPPING) {
        if (f->ncands > 1) qsort(f->cands, f->ncands, sizeof *f->cands, cmp_overlapping);
        for (size_t i = 0; i < f->ncands; i++) {
            const candidate *c = &f->cands[i];
            if (i > 0) {
                const candidate *p = &f->cands[i - 1];
                if (p->depth == c->depth && p->stem == c->stem && p->value == c->value) continue;
            }
            if (!is_accepted(c->decision) && !keep_rejected) continue;
            int status = emit(f, out, c);
            if (status) return status;
        }
        return SAHEL_OK;
    }

    /* Leftmost-longest: the longest accepted phrase, each of its values once
     * (with the shortest proclitics); a rejected candidate never blocks it. */
    if (f->ncands > 1) qsort(f->cands, f->ncands, sizeof *f->cands, cmp_longest);
    long best = -1, best_rejected = -1;
    for (size_t i = 0; i < f->ncands; i++) {
        const candidate *c = &f->cands[i];
        long d = (long)c->depth;
        if (is_accepted(c->decision)) {
            if (d > best) best = d;
        }
        else if (d > best_rejected) {
            best_rejected = d;
        }
    }
    if (!keep_rejected) best_rejected = -1;
    /* Sorted longest first, so both groups come out in text order. A rejected
     * group head means no candidate of that value and length was accepted. */
    for (size_t i = 0; i < f->ncands; i++) {
        const candidate *c = &f->cands[i];
        if (i > 0 && f->cands[i - 1].depth == c->depth && f->cands[i - 1].value == c->value)
            continue;
        long d = (long)c->depth;
        if (is_accepted(c->decision) ? d != best : d != best_rejected) continue;
        int status = emit(f, out, c);
        if (status) return status;
    }
    *consumed = best;
    return SAHEL_OK;
}

/* Tries win[0] under each of its readings. */
static int
try_word(finder *f)
{
    const sahel_matcher *m = f->m;
    const uint32_t *s = f->t + f->win[0].w.start;
    size_t n = f->win[0].w.end - f->win[0].w.start;
    sahel_reading all[SAHEL_READINGS_MAX], r[SAHEL_READINGS_MAX];
    size_t nall, nr = 0;
    if (sahel_words_may_split(s[0])) {
        nall = sahel_words_readings(s, n, all);
    }
    else {
        all[0].proclitic_len = all[0].stem = 0;
        all[0].has_article = 0;
        nall = 1;
    }
    /* Keep the readings whose stem could begin an alias, by its shape. */
    for (size_t k = 0; k < nall; k++) {
        if (has_bit(m->shapes, shape_key(s + all[k].stem, n - all[k].stem), m->filter_mask))
            r[nr++] = all[k];
    }
    if (nr == 0) return SAHEL_OK;

    /* Suffix hashes for the readings' stems in one pass from the end. */
    uint32_t hashes[SAHEL_READINGS_MAX];
    uint64_t g = 0;
    size_t i = n, next = nr; /* readings are sorted by increasing stem */
    while (next > 0) {
        size_t stem = r[next - 1].stem;
        while (i > stem) g = sahel_hash_step(g, s[--i]);
        hashes[--next] = sahel_hash_final(g);
    }

    for (size_t k = 0; k < nr; k++) {
        uint32_t h = hashes[k];
        if (!has_bit(m->bloom, bloom_key(h), m->filter_mask)) continue;
        uint32_t id = sahel_wordtable_find(&m->words, s + r[k].stem, n - r[k].stem, h);
        if (id == NO_WORD || m->words.words[id].root[0] == 0) continue;
        int status = walk(f, m->words.words[id].root[0], &r[k]);
        if (status) return status;
    }
    return SAHEL_OK;
}

int
sahel_matcher_find(const sahel_matcher *m, const void *text, int kind, size_t len,
                   unsigned find_flags, sahel_mentions *out)
{
    if (m == NULL || out == NULL || (text == NULL && len > 0)) return SAHEL_ERR_INVALID;
    if (kind != 1 && kind != 2 && kind != 4) return SAHEL_ERR_INVALID;
    if (len == 0 || m->nnodes <= 1) return SAHEL_OK;

    sahel_normalized nz = {0};
    int status = sahel_normalize(text, kind, len, m->options, 4, 1, &nz);
    if (status) return status;

    finder f;
    memset(&f, 0, sizeof f);
    f.m = m;
    f.orig = text;
    f.kind = kind;
    f.orig_len = len;
    uint32_t *wide = NULL;
    if (nz.changed) {
        f.t = nz.data;
        f.n = nz.len;
        if (nz.offsets.count > 0) f.map = &nz.offsets;
    }
    else if (kind == 4) {
        f.t = text;
        f.n = len;
    }
    else {
        if (len > SIZE_MAX / sizeof *wide) {
            status = SAHEL_ERR_OVERFLOW;
            goto done;
        }
        wide = malloc(len * sizeof *wide);
        if (wide == NULL) {
            status = SAHEL_ERR_NOMEM;
            goto done;
        }
        for (size_t i = 0; i < len; i++) wide[i] = orig_at(text, kind, i);
        f.t = wide;
        f.n = len;
    }
    /* The window holds the longest alias plus the word after it (for context). */
    f.win = malloc((m->max_words + 1) * sizeof *f.win);
    if (f.win == NULL) {
        status = SAHEL_ERR_NOMEM;
        goto done;
    }

    sahel_word_scanner scan;
    sahel_words_init(&scan, f.t, f.n);
    f.scan = &scan;
    /* The scanner writes straight into the window: no struct copies per word. */
    while (sahel_words_next(&scan, &f.win[0].w)) {
        f.win[0].id_known = 0;
        f.win[0].nstems = -1;
        f.nwin = 1;
        f.win_closed = 0;
        f.look_ready = 0;
        if (!f.win[0].w.joined) f.have_prev = 0;
        f.ncands = 0;

        status = try_word(&f);
        if (status) goto done;
        look_word *last = &f.win[0];
        if (f.ncands > 0) {
            long consumed;
            status = report(&f, find_flags, out, &consumed);
            if (status) goto done;
            if (consumed > 0) {
                /* Resume after the match: its last word is the next one's "before". */
                last = &f.win[consumed];
                sahel_words_resume_after(&scan, &last->w);
            }
        }
        f.prev.w.start = last->w.start;
        f.prev.w.end = last->w.end;
        f.prev.w.joined = last->w.joined;
        f.prev.id_known = 0;
        f.prev.nstems = -1;
        f.have_prev = 1;
    }
    status = SAHEL_OK;

done:
    free(f.win);
    free(f.cands);
    free(f.branches);
    free(wide);
    sahel_normalized_free(&nz);
    return status;
}

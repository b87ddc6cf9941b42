/* Interned words for the automata (sahel_matcher, sahel_lexicon): normalized
 * code points -> dense word id, in an open-addressing table. Internal to the
 * core; no Python here. */
#ifndef SAHEL_WORDTABLE_H
#define SAHEL_WORDTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "sahel_error.h"

#define SAHEL_NO_WORD UINT32_MAX
/* Word ids stay below this, so that the automata may use the top bit of a key. */
#define SAHEL_MAX_WORD_IDS (UINT32_MAX >> 1)

/* One step of the word hash; the automata choose the direction (the matcher
 * hashes suffixes, last code point first; the lexicon prefixes). */
static inline uint64_t
sahel_hash_step(uint64_t g, uint32_t c)
{
    return (g + c + 1) * 0x9E3779B97F4A7C15ull;
}

static inline uint32_t
sahel_hash_final(uint64_t g)
{
    g ^= g >> 33;
    g *= 0xFF51AFD7ED558CCDull;
    g ^= g >> 33;
    g *= 0xC4CEB9FE1A85EC53ull;
    g ^= g >> 33;
    return (uint32_t)g;
}

typedef struct sahel_wordtable_entry {
    uint32_t hash;
    uint32_t len;
    size_t off;       /* into cps */
    uint32_t root[2]; /* trie nodes this word leads to as an entry's first word,
                       * for the automaton that owns the table; 0: none */
} sahel_wordtable_entry;

typedef struct sahel_wordtable_slot {
    uint32_t hash;
    uint32_t id1; /* word id + 1; 0: empty */
} sahel_wordtable_slot;

typedef struct sahel_wordtable {
    sahel_wordtable_entry *words;
    size_t count, cap;
    uint32_t *cps;
    size_t ncps, cpcap;
    sahel_wordtable_slot *slots;
    size_t mask; /* slot count - 1 (a power of two) */
} sahel_wordtable;

void sahel_wordtable_free(sahel_wordtable *t);

/* The id of the n code points at s whose hash is h, or SAHEL_NO_WORD. */
uint32_t sahel_wordtable_find(const sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t h);

/* Stores the id of the word in *id, adding it (roots 0) when new. SAHEL_OK,
 * SAHEL_ERR_NOMEM or SAHEL_ERR_OVERFLOW. */
int sahel_wordtable_intern(sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t h,
                           uint32_t *id);

/* Grows *p to hold at least `need` elements of `elem` bytes, doubling *cap. */
int sahel_grow(void **p, size_t *cap, size_t need, size_t elem);

#endif

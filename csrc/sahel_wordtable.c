/* Interned words for the automata (see sahel_wordtable.h). */
#include "sahel_wordtable.h"

#include <stdlib.h>
#include <string.h>

int
sahel_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return SAHEL_OK;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2) return SAHEL_ERR_OVERFLOW;
        c *= 2;
    }
    if (c > SIZE_MAX / elem) return SAHEL_ERR_OVERFLOW;
    void *q = realloc(*p, c * elem);
    if (q == NULL) return SAHEL_ERR_NOMEM;
    *p = q;
    *cap = c;
    return SAHEL_OK;
}

void
sahel_wordtable_free(sahel_wordtable *t)
{
    free(t->words);
    free(t->cps);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

uint32_t
sahel_wordtable_find(const sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t h)
{
    if (t->slots == NULL) return SAHEL_NO_WORD;
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        const sahel_wordtable_slot *slot = &t->slots[i];
        if (slot->id1 == 0) return SAHEL_NO_WORD;
        if (slot->hash == h) {
            const sahel_wordtable_entry *e = &t->words[slot->id1 - 1];
            if (e->len == n && memcmp(t->cps + e->off, s, n * sizeof *s) == 0) return slot->id1 - 1;
        }
    }
}

static int
rehash(sahel_wordtable *t, size_t nslots)
{
    sahel_wordtable_slot *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) return SAHEL_ERR_NOMEM;
    for (size_t id = 0; id < t->count; id++) {
        size_t i = t->words[id].hash & (nslots - 1);
        while (slots[i].id1 != 0) i = (i + 1) & (nslots - 1);
        slots[i].hash = t->words[id].hash;
        slots[i].id1 = (uint32_t)id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->mask = nslots - 1;
    return SAHEL_OK;
}

int
sahel_wordtable_intern(sahel_wordtable *t, const uint32_t *s, size_t n, uint32_t h, uint32_t *id)
{
    uint32_t found = sahel_wordtable_find(t, s, n, h);
    if (found != SAHEL_NO_WORD) {
        *id = found;
        return SAHEL_OK;
    }
    if (t->count >= SAHEL_MAX_WORD_IDS || n > UINT32_MAX) return SAHEL_ERR_OVERFLOW;
    /* Keep the load factor at or under 1/2. */
    if (t->slots == NULL || (t->count + 1) * 2 > t->mask + 1) {
        int status = rehash(t, t->slots ? (t->mask + 1) * 2 : 64);
        if (status) return status;
    }
    int status = sahel_grow((void **)&t->words, &t->cap, t->count + 1, sizeof *t->words);
    if (status) return status;
    if (t->ncps > SIZE_MAX - n) return SAHEL_ERR_OVERFLOW;
    status = sahel_grow((void **)&t->cps, &t->cpcap, t->ncps + n, sizeof *t->cps);
    if (status) return status;
    if (n > 0) memcpy(t->cps + t->ncps, s, n * sizeof *s);
    sahel_wordtable_entry *e = &t->words[t->count];
    e->hash = h;
    e->len = (uint32_t)n;
    e->off = t->ncps;
    e->root[0] = e->root[1] = 0;
    t->ncps += n;
    size_t i = h & t->mask;
    while (t->slots[i].id1 != 0) i = (i + 1) & t->mask;
    t->slots[i].hash = h;
    t->slots[i].id1 = (uint32_t)t->count + 1;
    *id = (uint32_t)t->count++;
    return SAHEL_OK;
}

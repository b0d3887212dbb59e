/* nlp/strtab.c — see strtab.h. Strings live in 64 KiB arena blocks (larger strings get
 * their own block) so that returned pointers never move when the table grows. */
#include "nlp/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

typedef struct {
    const char *s;
    uint32_t n;
    uint32_t hash32; /* the hash's low 32 bits: where it goes in a table of up to 2^32
                        slots, found again without reading the string when the table grows */
} entry;

struct rd_strtab {
    entry *ent;
    size_t n_ent, cap_ent;
    uint32_t *slot; /* id+1, 0 = empty */
    size_t n_slot;  /* power of two */
    block *blocks;
};

enum { BLOCK_SIZE = 64 * 1024 };

/* A simple multiply-xorshift hash over 8-byte words: fast on short tokens and good
 * enough for linear probing at load 1/2. */
uint64_t rd_strtab_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (n * 0xff51afd7ed558ccdu);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, s, n);
        h = (h ^ w) * 0x94d049bb133111ebu;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return h;
}

rd_strtab *rd_strtab_new(size_t hint)
{
    rd_strtab *t = calloc(1, sizeof *t);
    size_t ns = 64;
    if (!t)
        return NULL;
    while (ns < hint * 2)
        ns <<= 1;
    t->slot = calloc(ns, sizeof *t->slot);
    if (!t->slot) {
        free(t);
        return NULL;
    }
    t->n_slot = ns;
    return t;
}

void rd_strtab_free(rd_strtab *t)
{
    if (!t)
        return;
    for (block *b = t->blocks, *nx; b; b = nx) {
        nx = b->next;
        free(b);
    }
    free(t->ent);
    free(t->slot);
    free(t);
}

static size_t probe(const rd_strtab *t, const char *s, size_t n, uint64_t h, uint32_t *id)
{
    size_t mask = t->n_slot - 1, i = (size_t)h & mask;
    uint32_t h32 = (uint32_t)h;
    for (;;) {
        uint32_t v = t->slot[i];
        if (!v) {
            *id = RD_STRTAB_NONE;
            return i;
        }
        const entry *e = &t->ent[v - 1];
        if (e->hash32 == h32 && e->n == n && memcmp(e->s, s, n) == 0) {
            *id = v - 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

uint32_t rd_strtab_find(const rd_strtab *t, const char *s, size_t n)
{
    uint32_t id;
    probe(t, s, n, rd_strtab_hash(s, n), &id);
    return id;
}

static int grow_slots(rd_strtab *t)
{
    size_t ns = t->n_slot * 2, mask = ns - 1;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl)
        return -1;
    for (size_t id = 0; id < t->n_ent; id++) {
        const entry *e = &t->ent[id];
        size_t i = (ns - 1 <= UINT32_MAX ? (size_t)e->hash32 : (size_t)rd_strtab_hash(e->s, e->n)) & mask;
        while (sl[i])
            i = (i + 1) & mask;
        sl[i] = (uint32_t)id + 1;
    }
    free(t->slot);
    t->slot = sl;
    t->n_slot = ns;
    return 0;
}

static char *arena_copy(rd_strtab *t, const char *s, size_t n)
{
    block *b = t->blocks;
    if (!b || b->cap - b->used < n + 1) {
        /* blocks grow from 1 KiB to 64 KiB, so small tables stay small */
        size_t cap = b ? (b->cap < BLOCK_SIZE ? b->cap * 2 : BLOCK_SIZE) : 1024;
        if (cap < n + 1)
            cap = n + 1;
        block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && cap == n + 1 && n + 1 > BLOCK_SIZE) { /* big string: keep the current block in front */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            t->blocks = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

uint32_t rd_strtab_intern(rd_strtab *t, const char *s, size_t n, int *is_new)
{
    uint64_t h = rd_strtab_hash(s, n);
    uint32_t id;
    size_t i = probe(t, s, n, h, &id);
    if (is_new)
        *is_new = 0;
    if (id != RD_STRTAB_NONE)
        return id;
    if ((t->n_ent + 1) * 2 > t->n_slot) { /* keep the load at most 1/2 */
        if (grow_slots(t) != 0)
            return RD_STRTAB_NONE;
        i = probe(t, s, n, h, &id);
    }
    if (n > UINT32_MAX || t->n_ent >= UINT32_MAX - 1)
        return RD_STRTAB_NONE;
    if (RD_GROW_MIN(t->ent, t->cap_ent, t->n_ent + 1, 256))
        return RD_STRTAB_NONE;
    char *copy = arena_copy(t, s, n);
    if (!copy)
        return RD_STRTAB_NONE;
    id = (uint32_t)t->n_ent;
    t->ent[id] = (entry){copy, (uint32_t)n, (uint32_t)h};
    t->n_ent++;
    t->slot[i] = id + 1;
    if (is_new)
        *is_new = 1;
    return id;
}

const char *rd_strtab_str(const rd_strtab *t, uint32_t id, size_t *n)
{
    if (n)
        *n = t->ent[id].n;
    return t->ent[id].s;
}

size_t rd_strtab_count(const rd_strtab *t)
{
    return t->n_ent;
}

/* engine/rng.c — see rng.h. */
#include "engine/rng.h"

#include <math.h>
#include <stdlib.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void rd_rng_seed(rd_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

void rd_rng_fork(const rd_rng *r, uint64_t stream, rd_rng *child)
{
    /* Mix the parent's first state word with the stream number, then re-seed. */
    uint64_t x = r->s[0] ^ (stream * 0xd1342543de82ef95ull + 0x632be59bd9b4e019ull);
    rd_rng_seed(child, splitmix64(&x));
}

uint64_t rd_rng_next(rd_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rd_rng_uniform(rd_rng *r)
{
    return (double)(rd_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t rd_rng_below(rd_rng *r, uint64_t n)
{
    /* Rejection: draw until below the largest multiple of n. */
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rd_rng_next(r);
    while (x >= lim);
    return x % n;
}

double rd_rng_normal(rd_rng *r)
{
    /* Box–Muller without caching (the state stays a plain copyable struct): one normal
     * per two uniforms. u1 in (0, 1] so the log is finite. */
    double u1 = 1.0 - rd_rng_uniform(r), u2 = rd_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

size_t *rd_rng_sample(rd_rng *r, size_t n, size_t m)
{
    size_t *p = malloc((n ? n : 1) * sizeof *p);
    unsigned char *mark = calloc(n ? n : 1, 1);
    if (!p || !mark) {
        free(p);
        free(mark);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = i;
    for (size_t i = 0; i < m; i++) {
        size_t j = i + (size_t)rd_rng_below(r, n - i), t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    /* Ascending order by one pass over a mark per index: O(n), no sort. */
    for (size_t i = 0; i < m; i++)
        mark[p[i]] = 1;
    size_t q = 0;
    for (size_t i = 0; i < n; i++)
        if (mark[i])
            p[q++] = i;
    free(mark);
    return p;
}

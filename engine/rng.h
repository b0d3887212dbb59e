/* engine/rng.h — the one random number generator of the engine: xoshiro256** seeded
 * through splitmix64 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", 2021). Every random choice in rodedraad draws from an rd_rng passed
 * down from the options' seed, so a seed fixes the result; rand() is never used.
 * The state is a plain struct: copy it to fork a stream, no allocation. */
#ifndef RD_RNG_H
#define RD_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s[4];
} rd_rng;

/* Seeds r from one 64-bit value (any value, including 0, gives a usable state). */
void rd_rng_seed(rd_rng *r, uint64_t seed);

/* A child stream for task `stream`: a function of r's current state and `stream` alone;
 * r does not move. Forked from a state that does not advance (a freshly seeded one, or a
 * copy taken first), parallel or repeated work (restart i, subsample b) gets the same
 * numbers whatever ran before it. */
void rd_rng_fork(const rd_rng *r, uint64_t stream, rd_rng *child);

uint64_t rd_rng_next(rd_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double rd_rng_uniform(rd_rng *r);
/* Uniform integer in [0, n), without modulo bias; n > 0. */
uint64_t rd_rng_below(rd_rng *r, uint64_t n);
/* Standard normal (Box–Muller, one value per two uniforms). */
double rd_rng_normal(rd_rng *r);

/* m distinct indices of [0, n), drawn uniformly (partial Fisher–Yates), in ascending
 * order; m ≤ n. Returns a malloc'ed array (caller frees), NULL when memory runs out. */
size_t *rd_rng_sample(rd_rng *r, size_t n, size_t m);

#endif

/*
 * rng.h — a deterministic pseudo-random generator (xorshift) for the
 * allocation tests (test_allocate.c, test_allocate_counts.c), so failures
 * repeat: set rng_state, then rnd(lo, hi) is in [lo, hi].
 */
#ifndef PHULUC_TEST_RNG_H
#define PHULUC_TEST_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static inline int64_t rnd(int64_t lo, int64_t hi)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return lo + (int64_t)(rng_state % (uint64_t)(hi - lo + 1));
}

#endif

/*
 * allocate_counts.c — splitting the province's assigned number of
 * participants over its communes (see allocate.h, allocate_counts).
 *
 * All arithmetic is on exact integers. The communes' counts nᵢ must add up
 * to the assigned A exactly, each between its lower bound loᵢ (baseline,
 * last year's count) and its cap (the labour force, BHTN: the commune's
 * compulsory BHXH). The methods mean what they mean for rates:
 *   deu:   nᵢ = bᵢ + K·wᵢ   (every commune's rate rises by the same K:
 *                             the same share of its labour force)
 *   ty-le: nᵢ = bᵢ · K      (every baseline times the same factor)
 * with K = k / D, D = 2^28. Every count and weight is below D (number.c
 * accepts at most 2·10^8 people), so one step of k moves each quota by
 * wᵢ/D or bᵢ/D < 1: each ⌊quotaᵢ⌋ by at most one person. Counts are ⌊quotaᵢ⌋
 * held between their bounds, so S(k) = Σ nᵢ does not decrease with k;
 * bisection finds the largest k with S(k) ≤ A, and the A − S(k) people
 * left go one by one to the communes that the next step would move, by
 * largest remainder (ties: list order); there are more of those than people
 * left, since S(k + 1) > A.
 *
 * Products stay within 64 bits: deu k·wᵢ < 2^28·2^28; ty-le splits
 * k = kₕ·D + kₗ, so bᵢ·k/D = bᵢ·kₕ + bᵢ·kₗ/D with both products < 2^56.
 */
#include "run/allocate.h"

#include <stdlib.h>
#include <string.h>

#define COUNT_SHIFT 28
#define COUNT_DEN   ((int64_t)1 << COUNT_SHIFT)
#define COUNT_MAX   (COUNT_DEN - 1) /* every count and weight the arithmetic takes */

struct count_bounds {
	const struct count_problem *p;
	int64_t *lo, *cap;
};

/* ⌊quotaᵢ(k)⌋, and the remainder of the quota over D in *rem. */
static int64_t count_quota(const struct count_problem *p, int i, int64_t k, int64_t *rem)
{
	int64_t b = p->baseline[i] < 0 ? 0 : p->baseline[i];
	if (p->method == ALLOC_UNIFORM) {
		int64_t t = k * p->weight[i];
		*rem = t & (COUNT_DEN - 1);
		return b + (t >> COUNT_SHIFT);
	}
	int64_t t = b * (k & (COUNT_DEN - 1));
	*rem = t & (COUNT_DEN - 1);
	return b * (k >> COUNT_SHIFT) + (t >> COUNT_SHIFT);
}

static int64_t count_at(const struct count_bounds *cb, int i, int64_t k)
{
	int64_t rem, q = count_quota(cb->p, i, k, &rem);
	return q < cb->lo[i] ? cb->lo[i] : q > cb->cap[i] ? cb->cap[i] : q;
}

static int64_t count_sum_at(const struct count_bounds *cb, int64_t k)
{
	int64_t s = 0;
	for (int i = 0; i < cb->p->n; i++)
		s += count_at(cb, i, k);
	return s;
}

static int64_t count_sum_at_of(const void *cb, int64_t k)
{
	return count_sum_at(cb, k);
}

struct count_candidate {
	int i;
	int64_t rem;
};

static int by_count_remainder(const void *x, const void *y)
{
	const struct count_candidate *a = x, *b = y;
	if (a->rem != b->rem)
		return a->rem > b->rem ? -1 : 1;
	return a->i - b->i;
}

/* Lower bounds and caps; false when a figure is outside what the arithmetic takes. */
static bool count_limits(const struct count_problem *p, int64_t *lo, int64_t *cap, int64_t *k_max)
{
	*k_max = COUNT_DEN; /* deu: K = 1 puts everyone at their labour force, at or above the cap */
	for (int i = 0; i < p->n; i++) {
		int64_t b = p->baseline[i] < 0 ? 0 : p->baseline[i], w = p->weight[i];
		if (b > COUNT_MAX || w < 0 || w > COUNT_MAX || (p->floor && p->floor[i] > COUNT_MAX))
			return false;
		lo[i] = p->floor && p->floor[i] > b ? p->floor[i] : b;
		cap[i] = p->ceiling && p->ceiling[i] < w ? p->ceiling[i] : w;
		/* A zero baseline times any factor stays zero. */
		if (cap[i] < lo[i] || (p->method == ALLOC_PROPORTIONAL && b == 0))
			cap[i] = lo[i];
		/* ty-le: the factor that puts commune i at its cap, rounded up, bounds K. */
		if (p->method == ALLOC_PROPORTIONAL && b > 0) {
			int64_t f = (cap[i] + b - 1) / b + 1;
			if (f * COUNT_DEN > *k_max)
				*k_max = f * COUNT_DEN;
		}
	}
	return true;
}

/* The largest k with S(k) ≤ A (S(0) ≤ S_min < A), then the people left by largest remainder. */
static void count_fill(const struct count_bounds *cb, int64_t k_max, struct count_candidate *cand,
		       int64_t *out)
{
	const struct count_problem *p = cb->p;
	int64_t k_lo = allocate_largest_at_most(0, k_max + 1, count_sum_at_of, cb, p->assigned);
	int64_t s = 0;
	int n_cand = 0;
	for (int i = 0; i < p->n; i++) {
		int64_t rem, q = count_quota(p, i, k_lo, &rem);
		out[i] = count_at(cb, i, k_lo);
		s += out[i];
		/* Those that k + 1 could move: at or above their bound, under the cap. */
		if (q >= cb->lo[i] && out[i] < cb->cap[i])
			cand[n_cand++] = (struct count_candidate){i, rem};
	}
	qsort(cand, (size_t)n_cand, sizeof *cand, by_count_remainder);
	for (int k = 0; k < n_cand && s < p->assigned; k++, s++)
		out[cand[k].i]++;
}

enum allocate_status allocate_counts(const struct count_problem *p, int64_t *out, int64_t *reached)
{
	size_t n = (size_t)p->n + 1;
	int64_t *lo = malloc(n * sizeof *lo), *cap = malloc(n * sizeof *cap);
	struct count_candidate *cand = malloc(n * sizeof *cand);
	enum allocate_status st = ALLOC_OK;
	int64_t k_max = 0, s_min = 0, s_max = 0;
	if (!lo || !cap || !cand) {
		st = ALLOC_NO_MEMORY;
	} else if (!count_limits(p, lo, cap, &k_max)) {
		st = ALLOC_NO_WEIGHT;
		*reached = COUNT_NONE;
	} else {
		for (int i = 0; i < p->n; i++) {
			s_min += lo[i];
			s_max += cap[i];
		}
		struct count_bounds cb = {p, lo, cap};
		if (s_min >= p->assigned) {
			memcpy(out, lo, (size_t)p->n * sizeof *out);
			st = s_min == p->assigned ? ALLOC_OK : ALLOC_ABOVE;
			*reached = s_min;
		} else if (s_max < p->assigned) {
			memcpy(out, cap, (size_t)p->n * sizeof *out);
			st = ALLOC_UNREACHABLE;
			*reached = s_max;
		} else {
			count_fill(&cb, k_max, cand, out);
			*reached = p->assigned;
		}
	}
	free(lo);
	free(cap);
	free(cand);
	return st;
}

void allocate_split_count(int64_t total, int64_t bb0, int64_t tn0, int64_t *bb, int64_t *tn)
{
	int64_t den = bb0 + tn0;
	/* total ≤ 2·10^8 and bb0 ≤ den: the product stays far inside 64 bits. */
	*bb = den > 0 ? (2 * total * bb0 + den) / (2 * den) : total;
	*tn = total - *bb;
}

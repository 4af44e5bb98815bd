/* Unit tests: allocate_counts.c — commune counts that add up to the province's assigned number
 * exactly, for 1, 17 and 135 communes, both methods; baselines, last year's counts and caps
 * (labour force, BHTN within compulsory BHXH) held; unreachable and already-above cases; the BHXH
 * count split. Every sum is recomputed here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rng.h"
#include "run/allocate.h"

#define MAXN 200

static int64_t sum(int n, const int64_t *v)
{
	int64_t s = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* What every OK allocation satisfies, and the method's shape among the communes not held at a bound. */
static void check_ok(const struct count_problem *p, const int64_t *out)
{
	assert_int_equal(sum(p->n, out), p->assigned);
	bool free_[MAXN];
	for (int i = 0; i < p->n; i++) {
		int64_t cap = p->ceiling && p->ceiling[i] < p->weight[i] ? p->ceiling[i] : p->weight[i];
		assert_true(out[i] >= p->baseline[i]);
		if (p->floor)
			assert_true(out[i] >= p->floor[i]);
		assert_true(out[i] <= cap || out[i] == p->baseline[i] || (p->floor && out[i] == p->floor[i]));
		free_[i] = out[i] < cap && out[i] > p->baseline[i] && (!p->floor || out[i] > p->floor[i]);
	}
	for (int i = 0; i < p->n; i++)
		for (int j = 0; j < p->n; j++) {
			if (!free_[i] || !free_[j])
				continue;
			if (p->method == ALLOC_UNIFORM) /* (nᵢ − bᵢ)/wᵢ ≈ K within one person each */
				assert_true((out[i] - p->baseline[i] - 1) * p->weight[j] <
					    (out[j] - p->baseline[j] + 1) * p->weight[i]);
			else /* nᵢ/bᵢ ≈ K */
				assert_true((out[i] - 1) * p->baseline[j] < (out[j] + 1) * p->baseline[i]);
		}
}

static void exact_for_1_17_135_communes(void **state)
{
	(void)state;
	static const int sizes[] = {1, 17, 135};
	int64_t base[MAXN], floor_[MAXN], w[MAXN], ceil_[MAXN], out[MAXN], reached;
	for (int s = 0; s < 3; s++)
		for (int method = 0; method < 2; method++)
			for (int trial = 0; trial < 40; trial++) {
				int n = sizes[s];
				rng_state =
				    0x9E3779B97F4A7C15ull ^ (uint64_t)(s * 1000 + method * 100 + trial);
				for (int i = 0; i < n; i++) {
					w[i] = rnd(500, 150000);
					base[i] = rnd(1, w[i] / 3);
					floor_[i] = base[i] + rnd(0, w[i] / 50);
					ceil_[i] = rnd(w[i] / 2, w[i]);
				}
				bool floors = trial % 2, ceilings = trial % 3 == 0;
				int64_t lo = sum(n, floors ? floor_ : base), room = 0;
				for (int i = 0; i < n; i++)
					room += (ceilings ? ceil_[i] : w[i]) - (floors ? floor_[i] : base[i]);
				struct count_problem p = {n,
							  base,
							  floors ? floor_ : NULL,
							  w,
							  ceilings ? ceil_ : NULL,
							  lo + rnd(0, room / 4),
							  method};
				assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_OK);
				assert_int_equal(reached, p.assigned);
				check_ok(&p, out);
			}
}

/* By hand: deu gives every commune the same share of its labour force; ty-le the same factor. */
static void by_hand(void **state)
{
	(void)state;
	int64_t base[] = {100, 300}, w[] = {1000, 3000}, out[3], reached;
	struct count_problem p = {2, base, NULL, w, NULL, 800, ALLOC_UNIFORM};
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_OK);
	/* 400 more people: K = 10% of each labour force → +100, +300. */
	assert_int_equal(out[0], 200);
	assert_int_equal(out[1], 600);
	int64_t base2[] = {100, 400}, w2[] = {1000, 1000};
	struct count_problem q = {2, base2, NULL, w2, NULL, 1000, ALLOC_PROPORTIONAL};
	assert_int_equal(allocate_counts(&q, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 200); /* × 2 */
	assert_int_equal(out[1], 800);
	/* The residue: 3 communes, 1 person more; ties go in list order. */
	int64_t base3[] = {0, 0, 0}, w3[] = {10, 10, 10};
	struct count_problem r = {3, base3, NULL, w3, NULL, 1, ALLOC_UNIFORM};
	assert_int_equal(allocate_counts(&r, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1] + out[2], 0);
}

/* BHTN within compulsory BHXH: a capped commune leaves the rest to the others. */
static void ceiling_pushes_the_rest(void **state)
{
	(void)state;
	int64_t base[] = {100, 100}, w[] = {1000, 1000}, cap[] = {150, 1000}, out[2], reached;
	struct count_problem p = {2, base, NULL, w, cap, 600, ALLOC_UNIFORM};
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 150);
	assert_int_equal(out[1], 450);
}

/* More people than the labour force allows: unreachable, with the most reachable. */
static void unreachable_and_above(void **state)
{
	(void)state;
	int64_t base[] = {100, 0}, w[] = {1000, 500}, out[2], reached;
	struct count_problem p = {2, base, NULL, w, NULL, 1501, ALLOC_UNIFORM};
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_UNREACHABLE);
	assert_int_equal(reached, 1500);
	/* ty-le: a commune at 0 stays at 0, so at most the other's labour force. */
	p.method = ALLOC_PROPORTIONAL;
	p.assigned = 1001;
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_UNREACHABLE);
	assert_int_equal(reached, 1000);
	p.assigned = 1000;
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 1000);
	assert_int_equal(out[1], 0);
	/* Already above: kept at the baselines (the number is a minimum). */
	p.assigned = 50;
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_ABOVE);
	assert_int_equal(reached, 100);
	assert_int_equal(out[0], 100);
	/* Exactly the baselines. */
	p.assigned = 100;
	assert_int_equal(allocate_counts(&p, out, &reached), ALLOC_OK);
	/* The largest figures the arithmetic takes, and one beyond. */
	int64_t big_b[] = {1, 200000000}, big_w[] = {200000000, 200000000};
	struct count_problem b = {2, big_b, NULL, big_w, NULL, 399999999, ALLOC_PROPORTIONAL};
	assert_int_equal(allocate_counts(&b, out, &reached), ALLOC_OK);
	assert_int_equal(out[0] + out[1], 399999999);
	big_w[0] = (int64_t)1 << 28;
	assert_int_equal(allocate_counts(&b, out, &reached), ALLOC_NO_WEIGHT);
}

static void split_count(void **state)
{
	(void)state;
	int64_t bb, tn;
	allocate_split_count(1001, 900, 100, &bb, &tn);
	assert_int_equal(bb + tn, 1001);
	assert_true(bb >= 900 && tn >= 100);
	allocate_split_count(7, 0, 0, &bb, &tn);
	assert_int_equal(bb, 7);
	assert_int_equal(tn, 0);
	for (int64_t total = 1000; total < 1100; total++)
		for (int64_t t0 = 0; t0 <= 1000; t0 += 37) {
			allocate_split_count(total, 1000 - t0, t0, &bb, &tn);
			assert_int_equal(bb + tn, total);
			assert_true(bb >= 1000 - t0 && tn >= t0);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(exact_for_1_17_135_communes),
	    cmocka_unit_test(by_hand),
	    cmocka_unit_test(ceiling_pushes_the_rest),
	    cmocka_unit_test(unreachable_and_above),
	    cmocka_unit_test(split_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

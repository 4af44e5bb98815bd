/* Unit tests: allocate.c — commune rates that round to the province's figure exactly, for 1, 17 and
 * 135 communes, both methods; bounds, residue, unreachable and already-above cases; the BHXH split.
 * Every total is recomputed here with its own integer arithmetic. */
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

/* round(num / den) half away from zero, num ≥ 0: written here, not taken from number.c. */
static int64_t rounded(int64_t num, int64_t den)
{
	return (2 * num + den) / (2 * den);
}

static int64_t total_of(int n, const int32_t *r, const int64_t *w)
{
	int64_t s = 0, W = 0;
	for (int i = 0; i < n; i++) {
		s += (int64_t)r[i] * w[i];
		W += w[i];
	}
	return rounded(s, W);
}

/* Checks what every OK allocation must satisfy, and the method's shape. */
static void check_ok(int n, const int32_t *base, const int32_t *lower, const int64_t *w, int32_t assigned,
		     enum allocate_method method, const int32_t *out)
{
	assert_int_equal(total_of(n, out, w), assigned);
	for (int i = 0; i < n; i++) {
		assert_true(out[i] >= base[i]);
		if (lower)
			assert_true(out[i] >= lower[i]);
		assert_true(out[i] <= 10000);
	}
	/* Free communes: not held at a bound and not at 100%. */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			bool free_i = out[i] < 10000 && (!lower || out[i] > lower[i]) && out[i] > base[i];
			bool free_j = out[j] < 10000 && (!lower || out[j] > lower[j]) && out[j] > base[j];
			if (!free_i || !free_j)
				continue;
			if (method == ALLOC_UNIFORM) {
				/* The same increase, give or take the one hundredth of residue. */
				int64_t di = out[i] - base[i], dj = out[j] - base[j];
				assert_true(llabs(di - dj) <= 1);
			} else {
				/* One factor k with |out − base·k| < 1 for both: (oi − 1)/bi < (oj + 1)/bj.
				 */
				assert_true((int64_t)(out[i] - 1) * base[j] <
					    (int64_t)(out[j] + 1) * base[i]);
			}
		}
}

static void one_case(int n, enum allocate_method method, uint64_t seed)
{
	int32_t base[MAXN], out[MAXN], reached;
	int64_t w[MAXN];
	rng_state = seed;
	for (int i = 0; i < n; i++) {
		base[i] = (int32_t)rnd(300, 4500);
		w[i] = rnd(2000, 60000);
	}
	int32_t start = (int32_t)total_of(n, base, w);
	/* From just above the baseline to far above it. */
	int32_t targets[] = {start, start + 1, start + 37, start + 100, start + 1234, 9000, 10000};
	for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
		if (targets[t] > 10000)
			continue;
		struct allocation_problem p = {n, base, NULL, w, NULL, targets[t], method};
		enum allocate_status st = allocate_rates(&p, out, &reached);
		if (method == ALLOC_PROPORTIONAL && targets[t] == 10000 && st == ALLOC_UNREACHABLE)
			continue; /* cannot happen with positive baselines, but would not be a wrong answer */
		assert_int_equal(st, ALLOC_OK);
		assert_int_equal(reached, targets[t]);
		check_ok(n, base, NULL, w, targets[t], method, out);
	}
}

static void exact_for_1_17_135_communes(void **state)
{
	(void)state;
	int sizes[] = {1, 17, 135};
	for (int s = 0; s < 3; s++)
		for (uint64_t seed = 1; seed <= 20; seed++) {
			one_case(sizes[s], ALLOC_UNIFORM, seed * 7919 + (uint64_t)s);
			one_case(sizes[s], ALLOC_PROPORTIONAL, seed * 104729 + (uint64_t)s);
		}
}

/* Hand-checked: two communes of equal weight, 10% and 20%, province to 17%. */
static void uniform_by_hand(void **state)
{
	(void)state;
	int32_t base[] = {1000, 2000}, out[2], reached;
	int64_t w[] = {100, 100};
	struct allocation_problem p = {2, base, NULL, w, NULL, 1700, ALLOC_UNIFORM};
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	/* +2 points each: 12% and 22%. */
	assert_int_equal(out[0], 1200);
	assert_int_equal(out[1], 2200);

	/* Proportional: ×17/15 → 11,33…% and 22,66…%: 1133 + 2267 = 3400 (residue to the larger remainder).
	 */
	p.method = ALLOC_PROPORTIONAL;
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0] + out[1], 3400);
	assert_int_equal(reached, 1700);
	assert_true(out[0] == 1133 || out[0] == 1134);
}

/* A commune at 100% cannot take its share: the others take more. */
static void capped_commune_pushes_the_rest(void **state)
{
	(void)state;
	int32_t base[] = {9950, 1000, 1000}, out[3], reached;
	int64_t w[] = {1000, 1000, 1000};
	struct allocation_problem p = {3, base, NULL, w, NULL, 4650, ALLOC_UNIFORM};
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 10000);
	check_ok(3, base, NULL, w, 4650, ALLOC_UNIFORM, out);
	/* (10000 + 2·x)/3 = 46,50 → x ≈ 1975 each. */
	assert_true(out[1] >= 1974 && out[1] <= 1976);
}

/* Last year's rates are a floor too, and a province already above keeps everyone at the bounds. */
static void floors_and_above(void **state)
{
	(void)state;
	int32_t base[] = {1000, 2000}, lower[] = {1500, 2000}, out[2], reached;
	int64_t w[] = {100, 100};
	struct allocation_problem p = {2, base, lower, w, NULL, 1800, ALLOC_UNIFORM};
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	check_ok(2, base, lower, w, 1800, ALLOC_UNIFORM, out);

	p.assigned = 1600; /* the floors alone give 17,50% */
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_ABOVE);
	assert_int_equal(reached, 1750);
	assert_int_equal(out[0], 1500);
	assert_int_equal(out[1], 2000);
}

/* Proportional growth cannot lift a zero baseline: 0% and 50% of equal weight reach at most 50%. */
static void unreachable_reports_the_maximum(void **state)
{
	(void)state;
	int32_t base[] = {0, 5000}, out[2], reached;
	int64_t w[] = {100, 100};
	struct allocation_problem p = {2, base, NULL, w, NULL, 8000, ALLOC_PROPORTIONAL};
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_UNREACHABLE);
	assert_int_equal(reached, 5000);
	/* The uniform method reaches it. */
	p.method = ALLOC_UNIFORM;
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	check_ok(2, base, NULL, w, 8000, ALLOC_UNIFORM, out);
	/* No weight at all. */
	int64_t zero[] = {0, 0};
	p.weight = zero;
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_NO_WEIGHT);
}

/* 100% exactly, and a single commune. */
static void edges(void **state)
{
	(void)state;
	int32_t base[] = {4321}, out[1], reached;
	int64_t w[] = {7};
	struct allocation_problem p = {1, base, NULL, w, NULL, 10000, ALLOC_UNIFORM};
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 10000);
	p.assigned = 4322;
	p.method = ALLOC_PROPORTIONAL;
	assert_int_equal(allocate_rates(&p, out, &reached), ALLOC_OK);
	assert_int_equal(out[0], 4322);
}

static void split_adds_up(void **state)
{
	(void)state;
	int32_t bb, tn;
	allocate_split(4466, 4011, 455, 0, 0, &bb, &tn);
	assert_int_equal(bb + tn, 4466);
	assert_true(bb >= 4011 && tn >= 455);
	/* 3 : 1 of 10,01% → 7,51 + 2,50 (7,5075 rounds to 7,51). */
	allocate_split(1001, 300, 100, 0, 0, &bb, &tn);
	assert_int_equal(bb, 751);
	assert_int_equal(tn, 250);
	/* A zero baseline takes the fallback (province) proportions, then all compulsory. */
	allocate_split(1000, 0, 0, 1, 1, &bb, &tn);
	assert_int_equal(bb, 500);
	assert_int_equal(tn, 500);
	allocate_split(1000, 0, 0, 0, 0, &bb, &tn);
	assert_int_equal(bb, 1000);
	assert_int_equal(tn, 0);
	/* Parts never below their baseline when the total is not. */
	rng_state = 99;
	for (int k = 0; k < 10000; k++) {
		int32_t b0 = (int32_t)rnd(0, 3000), t0 = (int32_t)rnd(0, 3000);
		int32_t r = (int32_t)rnd(b0 + t0, 10000);
		allocate_split(r, b0, t0, 1, 1, &bb, &tn);
		assert_int_equal(bb + tn, r);
		if (b0 + t0 > 0) {
			assert_true(bb >= b0);
			assert_true(tn >= t0);
		}
	}
}

static void method_names(void **state)
{
	(void)state;
	enum allocate_method m;
	assert_int_equal(allocate_method_parse("deu", &m), 0);
	assert_int_equal(m, ALLOC_UNIFORM);
	assert_int_equal(allocate_method_parse("ty-le", &m), 0);
	assert_int_equal(m, ALLOC_PROPORTIONAL);
	assert_int_equal(allocate_method_parse("tyle", &m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(exact_for_1_17_135_communes),
	    cmocka_unit_test(uniform_by_hand),
	    cmocka_unit_test(capped_commune_pushes_the_rest),
	    cmocka_unit_test(floors_and_above),
	    cmocka_unit_test(unreachable_reports_the_maximum),
	    cmocka_unit_test(edges),
	    cmocka_unit_test(split_adds_up),
	    cmocka_unit_test(method_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

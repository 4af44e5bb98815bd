/* Unit tests: periods as clerks type them, and the progress figures (progress.c) on a hand-made model:
 * rates rounded half away from zero, people needed rounded up and never negative, the province as
 * ratio of sums, the change since the previous period. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/progress.h"
#include "progress_fixture.h"

static void periods_as_typed(void **state)
{
	(void)state;
	int y, m;
	const char *good[] = {"2025-07", "2025-7",	 "07/2025",	"7/2025",
			      "2025/07", "tháng 7/2025", " 2025-07-31 "};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		y = m = 0;
		assert_int_equal(period_parse(good[i], &y, &m), 0);
		assert_int_equal(y, 2025);
		assert_int_equal(m, 7);
	}
	const char *bad[] = {"",     "2025-13",	 "2025-00", "13/2025", "2025",
			     "7-25", "2025-07x", "abc",	    "1899-01"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(period_parse(bad[i], &y, &m), -1);
	struct period feb = {.year = 2024, .month = 2}, feb25 = {.year = 2025, .month = 2},
		      jul = {2025, 7, 0, 0};
	assert_int_equal(period_last_day(&feb), 29);
	assert_int_equal(period_last_day(&feb25), 28);
	assert_int_equal(period_last_day(&jul), 31);
	char buf[16];
	period_format(&jul, buf, sizeof buf);
	assert_string_equal(buf, "7/2025");
}

static void figures_exact(void **state)
{
	(void)state;
	struct small s;
	small_init(&s);
	/* Xã A: 1 of 3 → 33,33%; target 50% of 3 = 1,5 → 2 people, so 1 more. */
	set_bhxh(&s, 0, 1, 1, 0);
	set_bhxh(&s, 0, 0, 2, 0);
	/* Xã B: 2001 of 20000 = 10,005% → 10,01% (half away from zero), target 10,01%: 2002 needed, 1 more.
	 */
	set_bhxh(&s, 1, 1, 2000, 1);
	set_bhxh(&s, 1, 0, 1900, 1);
	struct progress_figures f;
	assert_true(progress_figures_of(&s.m, &s.p, 0, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 1);
	assert_int_equal(f.rate, 3333);
	assert_int_equal(f.gap, 3333 - 5000);
	assert_true(f.below);
	assert_int_equal(f.shortfall, 1);
	assert_true(f.has_change);
	assert_int_equal(f.change, -1);

	assert_true(progress_figures_of(&s.m, &s.p, 1, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 2001);
	assert_int_equal(f.rate, 1001);
	assert_int_equal(f.gap, 0);
	assert_false(f.below);
	assert_int_equal(f.shortfall, 1); /* on target at two decimals, one person short */
	assert_int_equal(f.change, 100);

	/* Well above target: nobody needed, never negative. */
	set_count(&s, 1, 1, IND_BHXH_BB, 19000);
	assert_true(progress_figures_of(&s.m, &s.p, 1, 1, IND_BHXH, &f));
	assert_int_equal(f.shortfall, 0);
	assert_int_equal(f.rate, 9501); /* 19001 / 20000 = 95,005% → 95,01% */

	/* The province: Σ participants / Σ labour = 19002 / 20003 = 94,9957…% → 95,00%. */
	assert_true(progress_figures_of(&s.m, &s.p, -1, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 19002);
	assert_int_equal(f.weight, 20003);
	assert_int_equal(f.rate, 9500);
	assert_int_equal(f.shortfall, 1); /* the sum of the localities' */
	int64_t province;
	assert_true(progress_province_shortfall(&s.m, &s.p, 1, IND_BHXH, &province));
	assert_int_equal(province, 0); /* Xã B makes up for Xã A */

	/* A count missing: no figures, nothing invented. */
	set_count(&s, 0, 1, IND_BHXH_TN, COUNT_NONE);
	assert_true(progress_figures_of(&s.m, &s.p, 0, 1, IND_BHXH, &f));
	assert_false(f.has_rate);
	assert_false(f.has_shortfall);
	assert_true(progress_figures_of(&s.m, &s.p, -1, 1, IND_BHXH, &f));
	assert_false(f.has_rate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(periods_as_typed),
	    cmocka_unit_test(figures_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests: periods as clerks type them, and the progress figures (progress.c) on a hand-made model:
 * rates rounded half away from zero, people needed rounded up and never negative, the province as
 * ratio of sums, the change since the previous period; and the summary's wording (summary.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/summary.h"
#include "model/progress.h"

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

/* Two localities, one year, two periods; BHXH from its parts. */
struct small {
	struct model m;
	struct job job;
	struct progress p;
	struct locality loc[2];
	int64_t labour[2], population[2];
	int32_t target[2 * IND_COUNT];
	struct period periods[2];
	int64_t count[2 * 2 * IND_COUNT];
	struct source src[2 * 2 * IND_COUNT];
	int row_line[4];
};

static void set_count(struct small *s, int loc, int per, enum indicator ind, int64_t n)
{
	s->count[(loc * 2 + per) * IND_COUNT + ind] = n;
}

static void small_init(struct small *s)
{
	memset(s, 0, sizeof *s);
	s->job.years[0] = 2025;
	s->job.n_years = 1;
	s->m.job = &s->job;
	s->m.years = s->job.years;
	s->m.n_years = 1;
	s->m.n_loc = 2;
	s->m.loc = s->loc;
	s->loc[0] = (struct locality){.code = "1", .name = "Xã A"};
	s->loc[1] = (struct locality){.code = "2", .name = "Xã B"};
	s->m.labour = s->labour;
	s->m.population = s->population;
	s->m.target = s->target;
	for (int i = 0; i < 2 * IND_COUNT; i++)
		s->target[i] = RATE_NONE;
	s->labour[0] = 3;     /* 1/3 = 33,333…% */
	s->labour[1] = 20000; /* 1 person = 0,005% */
	s->population[0] = s->population[1] = COUNT_NONE;
	s->target[0 * IND_COUNT + IND_BHXH] = 5000; /* 50,00% */
	s->target[1 * IND_COUNT + IND_BHXH] = 1001; /* 10,01% */
	s->p = (struct progress){.n_loc = 2,
				 .n_periods = 2,
				 .periods = s->periods,
				 .count = s->count,
				 .src = s->src,
				 .row_line = s->row_line,
				 .report = 1};
	s->p.has_indicator[IND_BHXH_BB] = s->p.has_indicator[IND_BHXH_TN] = true;
	s->periods[0] = (struct period){2025, 6, 2, 0};
	s->periods[1] = (struct period){2025, 7, 3, 0};
	for (int i = 0; i < 2 * 2 * IND_COUNT; i++)
		s->count[i] = COUNT_NONE;
	s->m.progress = &s->p;
}

static void figures_exact(void **state)
{
	(void)state;
	struct small s;
	small_init(&s);
	/* Xã A: 1 of 3 → 33,33%; target 50% of 3 = 1,5 → 2 people, so 1 more. */
	set_count(&s, 0, 1, IND_BHXH_BB, 1);
	set_count(&s, 0, 1, IND_BHXH_TN, 0);
	set_count(&s, 0, 0, IND_BHXH_BB, 2);
	set_count(&s, 0, 0, IND_BHXH_TN, 0);
	/* Xã B: 2001 of 20000 = 10,005% → 10,01% (half away from zero), target 10,01%: 2002 needed, 1 more.
	 */
	set_count(&s, 1, 1, IND_BHXH_BB, 2000);
	set_count(&s, 1, 1, IND_BHXH_TN, 1);
	set_count(&s, 1, 0, IND_BHXH_BB, 1900);
	set_count(&s, 1, 0, IND_BHXH_TN, 1);
	struct progress_figures f;
	assert_true(progress_figures_of(&s.m, 0, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 1);
	assert_int_equal(f.rate, 3333);
	assert_int_equal(f.gap, 3333 - 5000);
	assert_true(f.below);
	assert_int_equal(f.shortfall, 1);
	assert_true(f.has_change);
	assert_int_equal(f.change, -1);

	assert_true(progress_figures_of(&s.m, 1, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 2001);
	assert_int_equal(f.rate, 1001);
	assert_int_equal(f.gap, 0);
	assert_false(f.below);
	assert_int_equal(f.shortfall, 1); /* on target at two decimals, one person short */
	assert_int_equal(f.change, 100);

	/* Well above target: nobody needed, never negative. */
	set_count(&s, 1, 1, IND_BHXH_BB, 19000);
	assert_true(progress_figures_of(&s.m, 1, 1, IND_BHXH, &f));
	assert_int_equal(f.shortfall, 0);
	assert_int_equal(f.rate, 9501); /* 19001 / 20000 = 95,005% → 95,01% */

	/* The province: Σ participants / Σ labour = 19002 / 20003 = 94,9957…% → 95,00%. */
	assert_true(progress_figures_of(&s.m, -1, 1, IND_BHXH, &f));
	assert_int_equal(f.participants, 19002);
	assert_int_equal(f.weight, 20003);
	assert_int_equal(f.rate, 9500);
	assert_int_equal(f.shortfall, 1); /* the sum of the localities' */
	int64_t province;
	assert_true(progress_province_shortfall(&s.m, 1, IND_BHXH, &province));
	assert_int_equal(province, 0); /* Xã B makes up for Xã A */

	/* A count missing: no figures, nothing invented. */
	set_count(&s, 0, 1, IND_BHXH_TN, COUNT_NONE);
	assert_true(progress_figures_of(&s.m, 0, 1, IND_BHXH, &f));
	assert_false(f.has_rate);
	assert_false(f.has_shortfall);
	assert_true(progress_figures_of(&s.m, -1, 1, IND_BHXH, &f));
	assert_false(f.has_rate);
}

static void summary_wording(void **state)
{
	(void)state;
	struct small s;
	small_init(&s);
	set_count(&s, 0, 1, IND_BHXH_BB, 1);
	set_count(&s, 0, 1, IND_BHXH_TN, 0);
	set_count(&s, 0, 0, IND_BHXH_BB, 1);
	set_count(&s, 0, 0, IND_BHXH_TN, 0);
	set_count(&s, 1, 1, IND_BHXH_BB, 1500);
	set_count(&s, 1, 1, IND_BHXH_TN, 1);
	set_count(&s, 1, 0, IND_BHXH_BB, 1000);
	set_count(&s, 1, 0, IND_BHXH_TN, 1);
	bool shows[IND_COUNT] = {[IND_BHXH] = true};
	char *text = summary_text(&s.m, 1, shows);
	assert_non_null(text);
	/* 1502 of 20003 = 7,51%; target (5000·3 + 1001·20000) / 20003 = 10,016% → 10,02%; ⌈2003,5⌉ − 1502 =
	 * 502 short. */
	assert_string_equal(text,
			    "Tính đến ngày 31/7/2025, số người tham gia BHXH là 1.502 người (bắt buộc 1.501 "
			    "người, tự nguyện 1 người), tỷ lệ lực lượng lao động trong độ tuổi tham gia "
			    "BHXH là 7,51%, tăng 500 người so với tháng 6/2025; chưa đạt kế hoạch UBND tỉnh "
			    "giao (10,02%), còn thiếu 502 người. Có 2/2 địa bàn chưa đạt chỉ tiêu; cách xa "
			    "chỉ tiêu nhất là Xã A (33,33%, chỉ tiêu 50,00%) và Xã B (7,51%, chỉ tiêu "
			    "10,01%).\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(periods_as_typed),
	    cmocka_unit_test(figures_exact),
	    cmocka_unit_test(summary_wording),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

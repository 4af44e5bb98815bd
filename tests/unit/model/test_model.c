/* Unit tests: the labour-force-weighted total and its rounding (model.c), on a hand-made model and on
 * the Gia Lai example read through job.c/csvfile.c/model.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"

/* A model of n localities and one year, arrays owned by the caller. */
struct small {
	struct model m;
	struct job job;
	int64_t labour[4];
	int32_t target[4 * IND_COUNT];
};

static void small_init(struct small *s, int n, const int32_t *rates, const int64_t *labour)
{
	memset(s, 0, sizeof *s);
	s->job.years[0] = 2024;
	s->job.n_years = 1;
	s->m.job = &s->job;
	s->m.years = s->job.years;
	s->m.n_years = 1;
	s->m.n_loc = n;
	s->m.labour = s->labour;
	s->m.target = s->target;
	for (int i = 0; i < 4 * IND_COUNT; i++)
		s->target[i] = RATE_NONE;
	for (int l = 0; l < n; l++) {
		s->labour[l] = labour[l];
		s->target[l * IND_COUNT + IND_BHXH] = rates[l];
	}
}

static void weighted_and_rounded_half_away(void **state)
{
	(void)state;
	struct small s;
	int32_t rate;
	int64_t rw, w;

	/* (10,00% + 20,01%) / 2 = 15,005% → 15,01% (half away from zero, not to even). */
	small_init(&s, 2, (int32_t[]){1000, 2001}, (int64_t[]){1, 1});
	assert_true(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, &rw, &w));
	assert_int_equal(rate, 1501);
	assert_int_equal(rw, 3001);
	assert_int_equal(w, 2);

	/* Weights matter: 3×10% + 1×20% = 12,5%. */
	small_init(&s, 2, (int32_t[]){1000, 2000}, (int64_t[]){3, 1});
	assert_true(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, NULL, NULL));
	assert_int_equal(rate, 1250);

	/* Just under a half rounds down: 1/3 of 0,01 points. */
	small_init(&s, 3, (int32_t[]){1, 0, 0}, (int64_t[]){1, 1, 1});
	assert_true(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, NULL, NULL));
	assert_int_equal(rate, 0);

	/* Big figures stay exact: 3 localities of 150 million people. */
	small_init(&s, 3, (int32_t[]){10000, 9999, 1}, (int64_t[]){150000000, 150000000, 150000000});
	assert_true(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, NULL, NULL));
	assert_int_equal(rate, 6667); /* 20000/3 = 6666,67 → 6667 */

	/* A missing rate or zero labour force: no total. */
	small_init(&s, 2, (int32_t[]){1000, RATE_NONE}, (int64_t[]){1, 1});
	assert_false(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, NULL, NULL));
	small_init(&s, 2, (int32_t[]){1000, 2000}, (int64_t[]){0, 0});
	assert_false(model_weighted_rate(&s.m, 0, IND_BHXH, &rate, NULL, NULL));
}

static void gia_lai_totals(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	struct job job;
	struct model m;
	struct error err = {0};
	assert_int_equal(job_read("input/gia-lai-2023-2025", &job, &fs, &err), 0);
	assert_int_equal(model_load(&m, &job, &fs, &err), 0);
	assert_int_equal(fs.n, 0);
	assert_int_equal(m.n_loc, 17);
	assert_string_equal(m.loc[0].name, "Thành phố Pleiku");
	assert_int_equal(model_target(&m, 0, 0, IND_BHXH), 4151);
	/* The annex's "Toàn tỉnh" row. */
	const int32_t want[3][4] = {{1483, 1223, 260, 916}, {1583, 1255, 328, 954}, {1683, 1288, 395, 985}};
	const enum indicator inds[4] = {IND_BHXH, IND_BHXH_BB, IND_BHXH_TN, IND_BHTN};
	for (int y = 0; y < 3; y++)
		for (int i = 0; i < 4; i++) {
			int32_t rate;
			assert_true(model_weighted_rate(&m, y, inds[i], &rate, NULL, NULL));
			assert_int_equal(rate, want[y][i]);
		}
	model_free(&m);
	job_free(&job);
	findings_free(&fs);
}

/* Wide column keys: indicator, kind and year; anything else names none. */
static void column_keys(void **state)
{
	(void)state;
	bool count;
	int year;
	assert_int_equal(indicator_from_column_key("bhxh_bb_2025", &count, &year), IND_BHXH_BB);
	assert_false(count);
	assert_int_equal(year, 2025);
	assert_int_equal(indicator_from_column_key("so_nguoi_bhyt_2026", &count, &year), IND_BHYT);
	assert_true(count);
	assert_int_equal(year, 2026);
	assert_int_equal(
	    indicator_from_column_key("so_doi_tuong_tham_gia_bao_hiem_xa_hoi_tu_nguyen_2027", &count, &year),
	    IND_BHXH_TN);
	assert_true(count);
	/* A year it does not know still comes back (build says "year not in phu_luc.nam"). */
	assert_int_equal(indicator_from_column_key("bhtn_1999", &count, &year), IND_BHTN);
	assert_int_equal(year, 1999);
	assert_int_equal(indicator_from_column_key("ghi_chu_2025", &count, &year), -1);
	assert_int_equal(year, 2025);
	assert_int_equal(indicator_from_column_key("bhxh", &count, &year), -1);
	assert_int_equal(year, 0);
	assert_int_equal(indicator_from_column_key("bhxh2025x", &count, &year), -1);
	char longer[200];
	memset(longer, 'a', sizeof longer - 6);
	strcpy(longer + sizeof longer - 6, "_2025");
	assert_int_equal(indicator_from_column_key(longer, &count, &year), -1);
	assert_false(count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(weighted_and_rounded_half_away),
	    cmocka_unit_test(gia_lai_totals),
	    cmocka_unit_test(column_keys),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}

/* Unit tests: carrying former units into new ones (merge.c), on small jobs written as CSV: shares as
 * clerks type them, people split by largest remainder so the parts add up, rates recomputed exactly
 * (Σ rate × people ÷ Σ people, BHXH kept equal to its two parts), and each merge rule's finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "job_fixture.h"
#include "model/merge.h"

static const char INI[] = "[phu_luc]\nmau = ke-hoach-chi-tieu\ntieu_de = Thử\nnam = 2025\n"
			  "[du_lieu]\ndia_ban = dia_ban.csv\nlao_dong = lao_dong.csv\n"
			  "chi_tieu = chi_tieu.csv\nsap_nhap = sap_nhap.csv\n";

static const char NEW_UNITS[] = "ma,ten\nN1,Phường Một\nN2,Xã Hai\nN3,Xã Ba\n";
static const char OLD_LABOUR[] = "ma,nam,luc_luong_lao_dong\nA,2025,100\nB,2025,50\n";
static const char OLD_TARGETS[] = "ma,ten,bhxh_2025,bhxh_bb_2025,bhxh_tn_2025\n"
				  "A,Huyện A,\"40,00\",\"30,00\",\"10,00\"\n"
				  "B,Huyện B,\"20,00\",\"15,00\",\"5,00\"\n";

static void load(struct tmp_job *t, const char *map)
{
	tmp_job_init(t, INI);
	tmp_job_write(t, "dia_ban.csv", NEW_UNITS);
	tmp_job_write(t, "lao_dong.csv", OLD_LABOUR);
	tmp_job_write(t, "chi_tieu.csv", OLD_TARGETS);
	tmp_job_write(t, "sap_nhap.csv", map);
	assert_int_equal(tmp_job_load(t), 0);
}

static int64_t labour(const struct model *m, int l)
{
	return m->labour[l * m->n_years];
}

static void shares_as_typed(void **state)
{
	(void)state;
	int64_t v;
	const struct {
		const char *text;
		int64_t want;
	} good[] = {{"1", SHARE_ONE},	{"0,35", 350000},   {"0.35", 350000},	  {"35%", 350000},
		    {"35,5 %", 355000}, {" 1 ", SHARE_ONE}, {"0,333334", 333334}, {"12,3456%", 123456}};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		v = -1;
		assert_int_equal(merge_share_parse(good[i].text, &v), 0);
		assert_int_equal(v, good[i].want);
	}
	const char *bad[] = {"", "abc", "0,1234567", "1,5x", "12,34567%", "%"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(merge_share_parse(bad[i], &v), -1);
}

/* A (100 people) in thirds: 33,3333 + 33,3333 + 33,3334 → 33, 33, 34 (the largest remainder gets the rest).
 */
static void people_by_largest_remainder(void **state)
{
	(void)state;
	struct tmp_job t;
	load(&t, "ma_cu,ma_moi,ty_le\nA,N1,\"0,333333\"\nA,N2,\"0,333333\"\nA,N3,\"0,333334\"\nB,N3,\n");
	const struct model *m = &t.data.model;
	assert_non_null(t.data.merge);
	assert_int_equal(t.data.merge->n_old, 2);
	assert_int_equal(t.data.merge->n_links, 4);
	assert_int_equal(m->n_loc, 3);
	assert_int_equal(labour(m, 0), 33);
	assert_int_equal(labour(m, 1), 33);
	assert_int_equal(labour(m, 2), 34 + 50);
	assert_int_equal(tmp_job_count(&t, "conservation"), 0);
	assert_int_equal(tmp_job_count(&t, "merge-share"), 0);
	tmp_job_free(&t);

	/* Equal remainders: the earlier row of sap_nhap gets the person. 3 people in halves: 2 and 1. */
	tmp_job_init(&t, INI);
	tmp_job_write(&t, "dia_ban.csv", "ma,ten\nN1,Phường Một\nN2,Xã Hai\n");
	tmp_job_write(&t, "lao_dong.csv", "ma,nam,luc_luong_lao_dong\nA,2025,3\n");
	tmp_job_write(&t, "chi_tieu.csv", "ma,bhxh_2025\nA,\"10,00\"\n");
	tmp_job_write(&t, "sap_nhap.csv", "ma_cu,ma_moi,ty_le\nA,N2,50%\nA,N1,50%\n");
	assert_int_equal(tmp_job_load(&t), 0);
	assert_int_equal(labour(&t.data.model, 1), 2); /* N2: its row comes first */
	assert_int_equal(labour(&t.data.model, 0), 1);
	tmp_job_free(&t);
}

/* N3 = 34 people of A (40,00 = 30,00 + 10,00) and 50 of B (20,00 = 15,00 + 5,00). */
static void rates_recomputed_exactly(void **state)
{
	(void)state;
	struct tmp_job t;
	load(&t, "ma_cu,ma_moi,ty_le\nA,N1,\"0,333333\"\nA,N2,\"0,333333\"\nA,N3,\"0,333334\"\nB,N3,\n");
	const struct model *m = &t.data.model;
	/* A single part keeps its rates and its source. */
	assert_int_equal(model_target(m, 0, 0, IND_BHXH), 4000);
	assert_int_equal(model_target(m, 0, 0, IND_BHXH_BB), 3000);
	assert_int_equal(model_target(m, 1, 0, IND_BHXH_TN), 1000);
	/* (4000·34 + 2000·50) / 84 = 2809,52… → 28,10%. */
	assert_int_equal(model_target(m, 2, 0, IND_BHXH), 2810);
	/* bb 177000/84 = 2107,14…, tn 59000/84 = 702,38…: rounded alone 21,07 + 7,02 = 28,09 ≠ 28,10, so
	 * the part with the larger remainder (tn: 32/84 against 12/84) takes the hundredth. */
	assert_int_equal(model_target(m, 2, 0, IND_BHXH_BB), 2107);
	assert_int_equal(model_target(m, 2, 0, IND_BHXH_TN), 703);
	/* Not given by the former units: absent after too. */
	assert_int_equal(model_target(m, 2, 0, IND_BHTN), RATE_NONE);
	/* The province from the merged units: (4000·33 + 4000·33 + 2810·84) / 150 = 3333,6 → 33,34%. */
	int32_t rate;
	assert_true(model_weighted_rate(m, 0, IND_BHXH, &rate, NULL, NULL));
	assert_int_equal(rate, 3334);
	assert_int_equal(findings_count(&t.fs, SEV_ERROR), 0);
	tmp_job_free(&t);
}

static void expect_message(const struct tmp_job *t, const char *rule, const char *message)
{
	const struct finding *f = tmp_job_finding(t, rule, 0);
	assert_non_null(f);
	assert_string_equal(f->message, message);
}

static void merge_rules(void **state)
{
	(void)state;
	struct tmp_job t;
	/* Shares of A add up to 0,9: merge-share, and the labour force is no longer the same. */
	load(&t, "ma_cu,ma_moi,ty_le\nA,N1,\"0,5\"\nA,N2,\"0,4\"\nB,N3,1\n");
	expect_message(&t, "merge-share",
		       "the merge shares of former unit A (A) add up to 0,9, not 1 (100%)");
	assert_int_equal(tmp_job_finding(&t, "merge-share", 0)->line, 2);
	expect_message(&t, "conservation",
		       "labour force of 2025: 150 people before the merger, 140 after; they must be equal");
	assert_int_equal(labour(&t.data.model, 0), 50);
	assert_int_equal(labour(&t.data.model, 1), 40);
	tmp_job_free(&t);

	/* B is not mapped; N9 is not a new unit; A → N1 twice; nothing goes into N3. */
	load(&t, "ma_cu,ten_cu,ma_moi,ten_moi,ty_le\nA,Huyện A,N1,Phường Một,\"0,5\"\nA,Huyện A,N2,Xã "
		 "Khác,\"0,5\"\n"
		 "A,Huyện A,N1,Phường Một,\"0,5\"\nX,Huyện X,N9,,\n");
	char want[256];
	snprintf(
	    want, sizeof want,
	    "code B is not in the ma_cu column of %s/sap_nhap.csv: where this former unit went is unknown",
	    t.dir);
	expect_message(&t, "unmapped-locality", want);
	assert_int_equal(tmp_job_count(&t, "unmapped-locality"), 2); /* lao_dong and chi_tieu */
	expect_message(&t, "unknown-locality", "new code N9 is not in the list of localities (dia_ban)");
	expect_message(&t, "duplicate-locality", "A → N1 already on line 2");
	assert_int_equal(tmp_job_finding(&t, "duplicate-locality", 0)->line, 4);
	expect_message(&t, "name-mismatch",
		       "code N2 is \"Xã Hai\" in the list of localities, here \"Xã Khác\"");
	expect_message(&t, "missing-locality",
		       "no former unit is merged into Xã Ba (code N3, line 4 of the list of localities)");
	assert_int_equal(tmp_job_count(&t, "merge-share"), 0); /* the repeated row is not counted */
	tmp_job_free(&t);

	/* Without ma_moi nothing can be merged: one finding, no links. */
	load(&t, "ma_cu,ty_le\nA,1\n");
	expect_message(&t, "missing-column", "column \"ma_moi\" is missing");
	assert_int_equal(t.data.merge->n_links, 0);
	tmp_job_free(&t);

	/* A share that is not one, or out of range. */
	load(&t, "ma_cu,ma_moi,ty_le\nA,N1,abc\nA,N2,\"1,5\"\nB,N3,\n");
	expect_message(&t, "not-a-number", "\"abc\" is not a merge share (examples: 1 · 0,35 · 35%)");
	expect_message(&t, "out-of-range", "merge share \"1,5\" must be above 0 and at most 1 (100%)");
	tmp_job_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shares_as_typed),
	    cmocka_unit_test(people_by_largest_remainder),
	    cmocka_unit_test(rates_recomputed_exactly),
	    cmocka_unit_test(merge_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests: each rule the check stage runs (checks.c, progress_checks.c, figure_rules.c), on small
 * jobs written as CSV and read with job_data_load: component-sum (within and beyond kiem_tra.sai_so,
 * for targets and for counts), province-target with the people short, trend, bhtn-exceeds-compulsory,
 * total-row, missing values, and the progress rules (exceeds-labour-force, sudden-drop,
 * missing-locality, missing-column, job-file), and each figure chi_tieu_tinh assigns checked in the
 * form the job gives it (assigned_checks.c: a compulsory number made of BHXH − voluntary, a rate of
 * numbers, one given in no form). Each finding is checked to the letter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/job_fixture.h"
#include "check/checks.h"

#define PROGRESS_KEY "thuc_hien = thuc_hien.csv\n"

static const char INI[] =
    "[phu_luc]\nmau = ke-hoach-chi-tieu\ntieu_de = Thử\nnam = 2024, 2025\n"
    "[du_lieu]\ndia_ban = dia_ban.csv\nlao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\n"
    "chi_tieu_tinh = chi_tieu_tinh.csv\n" PROGRESS_KEY "[kiem_tra]\nsai_so = 0,01\n";

static const char LOCALITIES[] = "ma,ten\n1,Xã A\n2,Xã B\n";
static const char LABOUR[] =
    "ma,nam,luc_luong_lao_dong\n1,2024,1000\n1,2025,1000\n2,2024,3000\n2,2025,3000\n";
static const char HEAD[] = "ma,ten,bhxh_2024,bhxh_bb_2024,bhxh_tn_2024,bhtn_2024,"
			   "bhxh_2025,bhxh_bb_2025,bhxh_tn_2025,bhtn_2025\n";
/* Every target consistent and rising: nothing to find. */
static const char ROW_A[] =
    "1,Xã A,\"40,00\",\"30,00\",\"10,00\",\"20,00\",\"42,00\",\"31,00\",\"11,00\",\"21,00\"\n";
static const char ROW_B[] =
    "2,Xã B,\"20,00\",\"15,00\",\"5,00\",\"10,00\",\"22,00\",\"16,00\",\"6,00\",\"11,00\"\n";
/* 2024: (40·1000 + 20·3000) / 4000 = 25,00%; 2025: (42·1000 + 22·3000) / 4000 = 27,00%. */
static const char ASSIGNED[] = "nam,chi_so,gia_tri\n2024,bhxh,\"25,00\"\n2025,bhxh,\"27,00\"\n";
static const char PROGRESS[] = "ma,ky,bhxh_bb,bhxh_tn,bhxh,bhtn\n"
			       "1,2025-06,300,100,400,200\n1,2025-07,310,100,410,300\n"
			       "2,2025-06,500,100,600,300\n2,2025-07,520,100,620,300\n";

/* Writes the job (NULL targets or assigned: the clean ones; NULL progress: no file) and reads it. */
static void load(struct tmp_job *t, const char *ini, const char *targets, const char *assigned,
		 const char *progress)
{
	tmp_job_init(t, ini);
	char clean[1024];
	snprintf(clean, sizeof clean, "%s%s%s", HEAD, ROW_A, ROW_B);
	tmp_job_write(t, "dia_ban.csv", LOCALITIES);
	tmp_job_write(t, "lao_dong.csv", LABOUR);
	tmp_job_write(t, "chi_tieu.csv", targets ? targets : clean);
	tmp_job_write(t, "chi_tieu_tinh.csv", assigned ? assigned : ASSIGNED);
	if (progress)
		tmp_job_write(t, "thuc_hien.csv", progress);
	assert_int_equal(tmp_job_load(t), 0);
}

/* Every check, for an annex that shows every target but BHYT and, when `required`, reports the
 * participants of BHXH and BHTN. */
static void check(struct tmp_job *t, bool required)
{
	struct check_needs needs = {.progress = required};
	for (int y = 0; y < 2; y++)
		for (int i = 0; i < IND_COUNT; i++)
			needs.targets[y][i] = i != IND_BHYT;
	needs.shows[IND_BHXH] = needs.shows[IND_BHTN] = true;
	checks_run(&t->data, &needs, &t->fs);
}

static void run(struct tmp_job *t, const char *targets, const char *assigned, const char *progress,
		bool required)
{
	load(t, INI, targets, assigned, progress);
	check(t, required);
}

static void expect(const struct tmp_job *t, const char *rule, int n, enum severity sev, int line,
		   const char *message)
{
	const struct finding *f = tmp_job_finding(t, rule, n);
	assert_non_null(f);
	assert_string_equal(f->message, message);
	assert_int_equal(f->severity, sev);
	assert_int_equal(f->line, line);
}

static const char *const RULES[] = {
    "component-sum",  "province-target",      "trend",	     "bhtn-exceeds-compulsory",
    "total-row",      "exceeds-labour-force", "sudden-drop", "missing-locality",
    "missing-column", "missing-value",	      "job-file"};

static int rule_findings(const struct tmp_job *t)
{
	int n = 0;
	for (size_t i = 0; i < sizeof RULES / sizeof *RULES; i++)
		n += tmp_job_count(t, RULES[i]);
	return n;
}

static void clean_job_finds_nothing(void **state)
{
	(void)state;
	struct tmp_job t;
	run(&t, NULL, NULL, PROGRESS, true);
	assert_int_equal(rule_findings(&t), 0);
	assert_non_null(t.data.progress);
	assert_int_equal(t.data.progress->n_periods, 2);
	tmp_job_free(&t);
}

static void component_sum_of_targets(void **state)
{
	(void)state;
	struct tmp_job t;
	char targets[1024];
	/* 42,01 against 31,00 + 11,00: within the tolerance of 0,01 points. */
	snprintf(targets, sizeof targets, "%s%s%s", HEAD,
		 "1,Xã A,\"40,00\",\"30,00\",\"10,00\",\"20,00\",\"42,01\",\"31,00\",\"11,00\",\"21,00\"\n",
		 ROW_B);
	run(&t, targets, NULL, NULL, false);
	assert_int_equal(tmp_job_count(&t, "component-sum"), 0);
	tmp_job_free(&t);
	/* 42,02: beyond it. */
	snprintf(targets, sizeof targets, "%s%s%s", HEAD,
		 "1,Xã A,\"40,00\",\"30,00\",\"10,00\",\"20,00\",\"42,02\",\"31,00\",\"11,00\",\"21,00\"\n",
		 ROW_B);
	run(&t, targets, NULL, NULL, false);
	expect(&t, "component-sum", 0, SEV_ERROR, 2,
	       "Xã A, 2025: BHXH 42,02% differs from compulsory 31,00% + voluntary 11,00% = 42,00%");
	assert_string_equal(tmp_job_finding(&t, "component-sum", 0)->column, "bhxh_2025");
	assert_int_equal(tmp_job_count(&t, "component-sum"), 1);
	tmp_job_free(&t);
}

static void component_sum_in_vietnamese(void **state)
{
	(void)state;
	struct tmp_job t;
	char targets[1024];
	snprintf(targets, sizeof targets, "%s%s%s", HEAD, ROW_A,
		 "2,Xã B,\"21,00\",\"15,00\",\"5,00\",\"10,00\",\"22,00\",\"16,00\",\"6,00\",\"11,00\"\n");
	tmp_job_init(&t, INI);
	t.fs.lang = LANG_VI;
	tmp_job_write(&t, "dia_ban.csv", LOCALITIES);
	tmp_job_write(&t, "lao_dong.csv", LABOUR);
	tmp_job_write(&t, "chi_tieu.csv", targets);
	tmp_job_write(&t, "chi_tieu_tinh.csv", ASSIGNED);
	assert_int_equal(tmp_job_load(&t), 0);
	check(&t, false);
	expect(&t, "component-sum", 0, SEV_ERROR, 3,
	       "Xã B năm 2024: BHXH 21,00% khác BHXH bắt buộc 15,00% + tự nguyện 5,00% = 20,00%");
	tmp_job_free(&t);
}

static void province_target_people_short(void **state)
{
	(void)state;
	struct tmp_job t;
	/* 2025: 27,02% assigned, 27,00% computed: ⌈(2702·4000 − 10.800.000) / 10000⌉ = ⌈0,8⌉ = 1 person. */
	run(&t, NULL, "nam,chi_so,gia_tri\n2024,bhxh,\"20,00\"\n2025,bhxh,\"27,02\"\n", NULL, false);
	expect(&t, "province-target", 0, SEV_NOTE, 2,
	       "the provincial BHXH rate for 2024 computed from the localities is 25,00%, above the assigned "
	       "20,00%");
	expect(&t, "province-target", 1, SEV_ERROR, 3,
	       "the provincial BHXH rate for 2025 computed from the localities is 27,00%, below the assigned "
	       "27,02%; 1 more participants are needed");
	assert_int_equal(tmp_job_count(&t, "province-target"), 2);
	tmp_job_free(&t);
	/* 30,00%: 120 people. Within the tolerance (25,01% against 25,00%): nothing. */
	run(&t, NULL, "nam,chi_so,gia_tri\n2024,bhxh,\"25,01\"\n2025,bhxh,\"30,00\"\n", NULL, false);
	expect(&t, "province-target", 0, SEV_ERROR, 3,
	       "the provincial BHXH rate for 2025 computed from the localities is 27,00%, below the assigned "
	       "30,00%; 120 more participants are needed");
	assert_int_equal(tmp_job_count(&t, "province-target"), 1);
	tmp_job_free(&t);
}

static void trend_and_bhtn(void **state)
{
	(void)state;
	struct tmp_job t;
	char targets[1024];
	snprintf(targets, sizeof targets, "%s%s%s", HEAD,
		 "1,Xã A,\"40,00\",\"30,00\",\"10,00\",\"35,00\",\"42,00\",\"31,00\",\"11,00\",\"21,00\"\n",
		 "2,Xã B,\"20,00\",\"15,00\",\"5,00\",\"10,00\",\"19,00\",\"14,00\",\"5,00\",\"11,00\"\n");
	run(&t, targets, NULL, NULL, false);
	expect(&t, "trend", 0, SEV_WARNING, 2,
	       "Xã A: the BHTN target for 2025 (21,00%) is lower than for 2024 (35,00%)");
	expect(&t, "trend", 1, SEV_WARNING, 3,
	       "Xã B: the BHXH target for 2025 (19,00%) is lower than for 2024 (20,00%)");
	expect(&t, "trend", 2, SEV_WARNING, 3,
	       "Xã B: the BHXH bắt buộc target for 2025 (14,00%) is lower than for 2024 (15,00%)");
	assert_int_equal(tmp_job_count(&t, "trend"), 3); /* 5,00 → 5,00 is no fall */
	expect(&t, "bhtn-exceeds-compulsory", 0, SEV_WARNING, 2,
	       "Xã A, 2024: unemployment insurance 35,00% is above compulsory social insurance 30,00%");
	assert_string_equal(tmp_job_finding(&t, "bhtn-exceeds-compulsory", 0)->column, "bhtn_2024");
	assert_int_equal(tmp_job_count(&t, "bhtn-exceeds-compulsory"), 1);
	tmp_job_free(&t);
}

static void total_row_and_missing_value(void **state)
{
	(void)state;
	struct tmp_job t;
	char targets[1024];
	snprintf(targets, sizeof targets, "%s%s%s%s", HEAD, ROW_A,
		 "2,Xã B,\"20,00\",\"15,00\",\"5,00\",\"10,00\",\"22,00\",,\"6,00\",\"11,00\"\n",
		 ",Toàn tỉnh,\"25,02\",,,,\"27,01\",,,\n");
	run(&t, targets, NULL, NULL, false);
	expect(
	    &t, "total-row", 0, SEV_ERROR, 4,
	    "the total row says 25,02%; computed from the localities (weighted by lực lượng lao động) it is "
	    "25,00%");
	assert_int_equal(tmp_job_count(&t, "total-row"), 1); /* 27,01 is within the tolerance */
	expect(&t, "missing-value", 0, SEV_ERROR, 3, "the BHXH bắt buộc rate for 2025 of Xã B is missing");
	tmp_job_free(&t);
}

static void progress_rules(void **state)
{
	(void)state;
	struct tmp_job t;
	run(&t, NULL, NULL,
	    "ma,ky,bhxh_bb,bhxh_tn,bhxh,bhtn\n"
	    "1,2025-06,300,100,400,200\n1,2025-07,310,100,420,320\n"
	    "2,2025-06,500,100,600,300\n2,2025-07,3100,100,3200,200\n",
	    true);
	expect(&t, "component-sum", 0, SEV_ERROR, 3,
	       "Xã A, 7/2025: BHXH 420 participants differs from compulsory 310 + voluntary 100 = 410");
	assert_string_equal(tmp_job_finding(&t, "component-sum", 0)->column, "bhxh");
	expect(&t, "bhtn-exceeds-compulsory", 0, SEV_WARNING, 3,
	       "Xã A, 7/2025: 320 unemployment insurance participants, more than compulsory social insurance "
	       "(310)");
	expect(
	    &t, "exceeds-labour-force", 0, SEV_ERROR, 5,
	    "Xã B, 7/2025: 3.200 BHXH participants, more than the working-age labour force of 2025 (3.000)");
	expect(
	    &t, "exceeds-labour-force", 1, SEV_ERROR, 5,
	    "Xã B, 7/2025: 3.100 BHXH bắt buộc participants, more than the working-age labour force of 2025 "
	    "(3.000)");
	expect(&t, "sudden-drop", 0, SEV_WARNING, 5,
	       "Xã B: BHTN participants fell from 300 (6/2025) to 200 (7/2025), by 33,33%");
	assert_int_equal(tmp_job_count(&t, "component-sum"), 1);
	assert_int_equal(tmp_job_count(&t, "sudden-drop"), 1);
	tmp_job_free(&t);

	/* Compulsory and voluntary each within the labour force, their sum not. */
	run(&t, NULL, NULL, "ma,ky,bhxh_bb,bhxh_tn\n1,2025-07,900,200\n2,2025-07,600,100\n", true);
	expect(&t, "exceeds-labour-force", 0, SEV_ERROR, 2,
	       "Xã A, 7/2025: compulsory 900 + voluntary 200 = 1.100 participants, more than the working-age "
	       "labour force of 2025 (1.000)");
	assert_string_equal(tmp_job_finding(&t, "exceeds-labour-force", 0)->column, "bhxh_tn");
	/* bhtn is shown but not given; bhxh comes from its two parts. */
	expect(&t, "missing-column", 0, SEV_ERROR, 1, "column \"bhtn\" is missing (BHTN participants)");
	assert_int_equal(tmp_job_count(&t, "missing-column"), 1);
	tmp_job_free(&t);

	/* A locality without a row for a period. */
	run(&t, NULL, NULL, "ma,ky,bhxh,bhtn\n1,2025-06,400,200\n1,2025-07,400,200\n2,2025-07,600,300\n",
	    true);
	expect(&t, "missing-locality", 0, SEV_ERROR, 0, "no participants for 6/2025 for Xã B (code 2)");
	assert_int_equal(tmp_job_count(&t, "missing-locality"), 1);
	tmp_job_free(&t);
}

static void progress_required(void **state)
{
	(void)state;
	struct tmp_job t;
	/* The template reports participants; the job names no thuc_hien file. */
	char ini[1024];
	snprintf(ini, sizeof ini, "%s", INI);
	char *key = strstr(ini, PROGRESS_KEY);
	memmove(key, key + strlen(PROGRESS_KEY), strlen(key + strlen(PROGRESS_KEY)) + 1);
	load(&t, ini, NULL, NULL, NULL);
	assert_null(t.data.progress);
	check(&t, true);
	expect(
	    &t, "job-file", 0, SEV_ERROR, 0,
	    "template ke-hoach-chi-tieu reports participants: key du_lieu.thuc_hien is needed (the file of "
	    "participants per period)");
	tmp_job_free(&t);
	/* Not required: no word about the file, yet its rows are checked. */
	run(&t, NULL, NULL, "ma,ky,bhxh\n1,2025-07,1001\n2,2025-07,10\n", false);
	assert_int_equal(tmp_job_count(&t, "job-file"), 0);
	assert_int_equal(tmp_job_count(&t, "missing-column"), 0);
	expect(
	    &t, "exceeds-labour-force", 0, SEV_ERROR, 2,
	    "Xã A, 7/2025: 1.001 BHXH participants, more than the working-age labour force of 2025 (1.000)");
	tmp_job_free(&t);
}

/* A job in numbers: 2024 gives BHXH and its voluntary part, 2025 the compulsory part too. */
static const char COUNTS[] = "ma,ten,so_nguoi_bhxh_2024,so_nguoi_bhxh_tn_2024,so_nguoi_bhxh_2025,"
			     "so_nguoi_bhxh_bb_2025,so_nguoi_bhxh_tn_2025\n"
			     "1,Xã A,400,100,420,310,110\n2,Xã B,600,100,620,500,120\n";

/*
 * Each figure chi_tieu_tinh assigns, with nothing shown (so nothing the annex would report
 * already): the job, then every finding it must give, in order ("JOB" stands for the job's folder).
 */
static const struct assigned_case {
	const char *targets, *assigned;
	struct {
		const char *rule;
		int line;
		const char *message;
	} want[4];
} ASSIGNED_CASES[] = {
    /* 2024: compulsory = BHXH − voluntary = 300 + 500 = 800; 2025: the column, 310 + 500 = 810. */
    {COUNTS,
     "nam,chi_so,gia_tri\n2024,so_nguoi_bhxh,1000\n2024,so_nguoi_bhxh_bb,801\n"
     "2025,so_nguoi_bhxh,1040\n2025,so_nguoi_bhxh_bb,811\n2025,so_nguoi_bhxh_tn,231\n",
     {{"province-target", 3,
       "the province's BHXH bắt buộc participants for 2024 add up to 800 from the localities, below "
       "the assigned 801; 1 more participants are needed"},
      {"province-target", 5,
       "the province's BHXH bắt buộc participants for 2025 add up to 810 from the localities, below "
       "the assigned 811; 1 more participants are needed"},
      {"province-target", 6,
       "the province's BHXH tự nguyện participants for 2025 add up to 230 from the localities, below "
       "the assigned 231; 1 more participants are needed"}}},
    /* Rates of numbers: 1000 of 4000 people is 25,00%, and 25,03% needs ⌈(2503·4000 − 1000·10000) /
     * 10000⌉ = 2 more; compulsory 2024 (BHXH − voluntary) 800 of 4000 is exactly 20,00%; 2025: 810,
     * 20,25% (20,26% would be within kiem_tra.sai_so). */
    {COUNTS,
     "nam,chi_so,gia_tri\n2024,bhxh,\"25,03\"\n2024,bhxh_bb,\"20,00\"\n2025,bhxh_bb,\"20,27\"\n",
     {{"province-target", 2,
       "the provincial BHXH rate for 2024 computed from the localities is 25,00%, below the assigned "
       "25,03%; 2 more participants are needed"},
      {"province-target", 4,
       "the provincial BHXH bắt buộc rate for 2025 computed from the localities is 20,25%, below the "
       "assigned 20,27%; 1 more participants are needed"}}},
    /* BHTN in no form at all; BHYT only for Xã A; BHXH's rate of its numbers, 2.600 short of 90,00%. */
    {"ma,ten,so_nguoi_bhxh_2024,so_nguoi_bhyt_2024\n1,Xã A,400,900\n2,Xã B,600,\n",
     "nam,chi_so,gia_tri\n2024,bhtn,\"10,00\"\n2024,so_nguoi_bhtn,100\n2024,so_nguoi_bhyt,100\n"
     "2024,bhxh,\"90,00\"\n",
     {{"missing-column", 1,
       "no BHTN target for 2024, as a rate (bhtn_2024) or a number of participants (so_nguoi_bhtn_2024), "
       "to check the figure assigned in JOB/chi_tieu_tinh.csv"},
      {"missing-column", 1,
       "column so_nguoi_bhtn_2024 is missing (number of BHTN participants for 2024, assigned in "
       "JOB/chi_tieu_tinh.csv)"},
      {"missing-value", 3,
       "no BHYT target for 2024 of Xã B, which the figure assigned in JOB/chi_tieu_tinh.csv needs"},
      {"province-target", 5,
       "the provincial BHXH rate for 2024 computed from the localities is 25,00%, below the assigned "
       "90,00%; 2.600 more participants are needed"}}},
};

static void assigned_figures(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof ASSIGNED_CASES / sizeof *ASSIGNED_CASES; c++) {
		const struct assigned_case *k = &ASSIGNED_CASES[c];
		struct tmp_job t;
		load(&t, INI, k->targets, k->assigned, NULL);
		struct check_needs none = {0};
		checks_run(&t.data, &none, &t.fs);
		int n_rule = 0;
		for (int i = 0; i < 4 && k->want[i].rule; i++) {
			char msg[512];
			const char *job = strstr(k->want[i].message, "JOB");
			if (job)
				snprintf(msg, sizeof msg, "%.*s%s%s", (int)(job - k->want[i].message),
					 k->want[i].message, t.dir, job + 3);
			else
				snprintf(msg, sizeof msg, "%s", k->want[i].message);
			int nth = 0;
			for (int j = 0; j < i; j++)
				nth += strcmp(k->want[j].rule, k->want[i].rule) == 0;
			expect(&t, k->want[i].rule, nth, SEV_ERROR, k->want[i].line, msg);
			n_rule += strcmp(k->want[i].rule, "province-target") == 0;
		}
		assert_int_equal(tmp_job_count(&t, "province-target"), n_rule);
		tmp_job_free(&t);
	}
}

int main(void)
{
	/* Vietnamese messages from the catalog the build made (tests run from the checkout). */
	messages_use(LANG_VI, "build/locale");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_job_finds_nothing),
	    cmocka_unit_test(component_sum_of_targets),
	    cmocka_unit_test(component_sum_in_vietnamese),
	    cmocka_unit_test(province_target_people_short),
	    cmocka_unit_test(trend_and_bhtn),
	    cmocka_unit_test(total_row_and_missing_value),
	    cmocka_unit_test(progress_rules),
	    cmocka_unit_test(progress_required),
	    cmocka_unit_test(assigned_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

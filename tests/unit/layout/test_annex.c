/*
 * Unit tests: a small hand-made model and a template → the table
 * (annex.c). The header tree expands a theo_nam node once per year; body
 * cells carry the figure table's formats; the total row's cells carry
 * their exact units and the aggregate the XLSX writes (weighted mean over
 * the hidden weight column, sum; ratio and difference in a progress
 * report); groups get a heading, renumbered STT and a subtotal over their
 * rows only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "layout/annex.h"
#include "model/job_data.h"
#include "model/progress.h"

#define DIR "tests/tmp/annex_unit"

/* Three localities, years 2023 and 2024, BHXH targets and labour force. */
struct fixture {
	struct job job;
	struct job_data data; /* the model, and the progress data beside it */
	struct locality loc[3];
	int64_t labour[3 * 2], population[3 * 2];
	int32_t target[3 * 2 * IND_COUNT];
	int64_t target_count[3 * 2 * IND_COUNT];
	struct template t;
	struct document doc;
	/* progress_fixture: one reported period (July 2024), after June. */
	struct progress p;
	struct period periods[2];
	int64_t count[3 * 2 * IND_COUNT];
};

static void fixture_init(struct fixture *s)
{
	memset(s, 0, sizeof *s);
	s->job = (struct job){.number = "01",
			      .title = "Chỉ tiêu",
			      .attached_to = "",
			      .total_label = "Toàn tỉnh",
			      .note = "",
			      .n_years = 2,
			      .years = {2023, 2024}};
	s->data.model = (struct model){.job = &s->job,
				       .n_loc = 3,
				       .loc = s->loc,
				       .n_years = 2,
				       .years = s->job.years,
				       .labour = s->labour,
				       .population = s->population,
				       .target = s->target,
				       .target_count = s->target_count};
	s->loc[0] = (struct locality){.code = "1", .name = "Xã A", .group = ""};
	s->loc[1] = (struct locality){.code = "2", .name = "Xã B", .group = ""};
	s->loc[2] = (struct locality){.code = "3", .name = "Xã C", .group = ""};
	for (size_t i = 0; i < sizeof s->target / sizeof *s->target; i++) {
		s->target[i] = RATE_NONE;
		s->target_count[i] = COUNT_NONE;
	}
	static const int64_t labour[3][2] = {{1000, 1100}, {3000, 3000}, {2000, 1900}};
	static const int32_t bhxh[3][2] = {{1000, 1100}, {2000, 2100}, {3050, 3000}};
	for (int l = 0; l < 3; l++)
		for (int y = 0; y < 2; y++) {
			s->labour[l * 2 + y] = labour[l][y];
			s->population[l * 2 + y] = COUNT_NONE;
			s->target[(l * 2 + y) * IND_COUNT + IND_BHXH] = bhxh[l][y];
		}
}

/* The only place these tests set the job's progress data. */
static void progress_fixture(struct fixture *s)
{
	s->p = (struct progress){
	    .n_loc = 3, .n_periods = 2, .periods = s->periods, .count = s->count, .report = 1};
	s->p.has_indicator[IND_BHXH] = true;
	s->periods[0] = (struct period){2024, 6, 2, 1};
	s->periods[1] = (struct period){2024, 7, 5, 1};
	for (size_t i = 0; i < sizeof s->count / sizeof *s->count; i++)
		s->count[i] = COUNT_NONE;
	static const int64_t july[3] = {100, 700, 600}, june[3] = {90, 650, 600};
	for (int l = 0; l < 3; l++) {
		s->count[(l * 2 + 0) * IND_COUNT + IND_BHXH] = june[l];
		s->count[(l * 2 + 1) * IND_COUNT + IND_BHXH] = july[l];
	}
	s->data.progress = &s->p;
}

static void build(struct fixture *s, const char *name, const char *yaml)
{
	mkdir("tests/tmp", 0777);
	mkdir(DIR, 0777);
	mkdir(DIR "/templates", 0777);
	char path[256];
	snprintf(path, sizeof path, DIR "/templates/%s.yaml", name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(yaml, f);
	fclose(f);
	struct error err = {0};
	if (template_load(name, DIR, NULL, &s->t, &err) ||
	    annex_build(&s->t, &s->job, &s->data, false, 0, &s->doc, &err))
		fail_msg("%s", err.text);
}

static void fixture_free(struct fixture *s)
{
	document_free(&s->doc);
	template_free(&s->t);
}

static const struct table_cell *at(const struct fixture *s, int row, int col)
{
	return table_cell(&s->doc.table, row, col);
}

static void assert_text(const struct fixture *s, int row, int col, const char *want)
{
	assert_int_equal(at(s, row, col)->type, CELL_TEXT);
	assert_string_equal(at(s, row, col)->text, want);
}

static void assert_number(const struct fixture *s, int row, int col, int64_t units, int decimals)
{
	assert_int_equal(at(s, row, col)->type, CELL_NUMBER);
	assert_int_equal(at(s, row, col)->units, units);
	assert_int_equal(at(s, row, col)->format.decimals, decimals);
}

static void assert_rows(const struct aggregate *a, int n, const int *rows)
{
	assert_int_equal(a->n_rows, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(a->rows[i], rows[i]);
}

static const char PLAN[] = "cot:\n"
			   "  - {tieu_de: STT, gia_tri: stt}\n"
			   "  - {tieu_de: Địa bàn, gia_tri: ten}\n"
			   "  - tieu_de: \"Năm {nam}\"\n"
			   "    theo_nam: true\n"
			   "    con:\n"
			   "      - {tieu_de: BHXH, gia_tri: chi_tieu, chi_so: bhxh}\n"
			   "      - {tieu_de: LLLĐ, gia_tri: luc_luong_lao_dong}\n"
			   "dong_tong: {nhan_nhom: \"Cộng {nhom}\"}\n";

static void plan_table(void **state)
{
	(void)state;
	struct fixture s;
	fixture_init(&s);
	build(&s, "plan", PLAN);
	const struct table *t = &s.doc.table;
	/* STT, name, 2 × (target, labour), then one hidden labour column per year. */
	assert_int_equal(t->n_cols, 8);
	assert_int_equal(t->n_rows, 2 + 3 + 1);
	assert_int_equal(table_header_rows(t), 2);
	assert_text(&s, 0, 2, "Năm 2023");
	assert_int_equal(at(&s, 0, 2)->col_span, 2);
	assert_text(&s, 0, 4, "Năm 2024");
	assert_text(&s, 1, 4, "BHXH");
	assert_int_equal(at(&s, 0, 0)->row_span, 2);
	assert_text(&s, 0, 6, "Lực lượng lao động năm 2023 (người)");
	assert_text(&s, 0, 7, "Lực lượng lao động năm 2024 (người)");
	assert_false(t->cols[6].printed);
	assert_true(t->cols[5].printed);
	assert_true(t->cols[1].is_label);
	/* Body: formats and alignment from the figure table. */
	assert_number(&s, 2, 0, 1, 0);
	assert_text(&s, 3, 1, "Xã B");
	assert_number(&s, 4, 2, 3050, 2);
	assert_true(at(&s, 4, 2)->format.percent);
	assert_int_equal(at(&s, 4, 2)->style.align, ALIGN_CENTER);
	assert_number(&s, 4, 5, 1900, 0);
	assert_true(at(&s, 4, 5)->format.thousands);
	assert_int_equal(at(&s, 4, 5)->style.align, ALIGN_RIGHT);
	assert_number(&s, 3, 7, 3000, 0); /* hidden weight, 2024 */
	/* Total: (1000·1000 + 3000·2000 + 2000·3050) / 6000 = 2183,33… → 21,83%. */
	const int body[] = {2, 3, 4};
	assert_int_equal(t->rows[5].kind, ROW_TOTAL);
	assert_text(&s, 5, 1, "Toàn tỉnh");
	assert_int_equal(at(&s, 5, 0)->type, CELL_BLANK);
	assert_number(&s, 5, 2, 2183, 2);
	assert_true(at(&s, 5, 2)->style.bold);
	assert_int_equal(at(&s, 5, 2)->agg.op, AGG_WEIGHTED_MEAN);
	assert_int_equal(at(&s, 5, 2)->agg.weight_col, 6);
	assert_rows(&at(&s, 5, 2)->agg, 3, body);
	/* 2024: (1100·1100 + 3000·2100 + 1900·3000) / 6000 = 2201,66… → 22,02%. */
	assert_number(&s, 5, 4, 2202, 2);
	assert_int_equal(at(&s, 5, 4)->agg.weight_col, 7);
	assert_number(&s, 5, 3, 6000, 0);
	assert_int_equal(at(&s, 5, 3)->agg.op, AGG_SUM);
	assert_rows(&at(&s, 5, 3)->agg, 3, body);
	assert_number(&s, 5, 6, 6000, 0); /* the hidden column is summed too */
	fixture_free(&s);
}

static void groups_and_subtotals(void **state)
{
	(void)state;
	struct fixture s;
	fixture_init(&s);
	s.loc[0].group = s.loc[1].group = "Huyện Một";
	s.loc[2].group = "Huyện Hai";
	build(&s, "plan", PLAN);
	const struct table *t = &s.doc.table;
	/* header ×2, I, A, B, subtotal, II, C, subtotal, total */
	assert_int_equal(t->n_rows, 10);
	assert_int_equal(t->rows[2].kind, ROW_GROUP);
	assert_text(&s, 2, 0, "I");
	assert_text(&s, 2, 1, "Huyện Một");
	assert_text(&s, 6, 0, "II");
	assert_number(&s, 7, 0, 1, 0); /* STT from 1 again */
	assert_int_equal(t->rows[5].kind, ROW_SUBTOTAL);
	assert_text(&s, 5, 1, "Cộng Huyện Một");
	/* (1000·1000 + 3000·2000) / 4000 = 17,50% over the group's rows only. */
	const int first[] = {3, 4}, all[] = {3, 4, 7};
	assert_number(&s, 5, 2, 1750, 2);
	assert_int_equal(at(&s, 5, 2)->agg.op, AGG_WEIGHTED_MEAN);
	assert_rows(&at(&s, 5, 2)->agg, 2, first);
	assert_number(&s, 5, 3, 4000, 0);
	assert_number(&s, 8, 2, 3050, 2);
	assert_text(&s, 8, 1, "Cộng Huyện Hai");
	assert_rows(&at(&s, 9, 3)->agg, 3, all);
	assert_number(&s, 9, 2, 2183, 2);
	fixture_free(&s);
}

/* The columns of a progress report's templates here: name, target, participants, rate. */
#define PROGRESS_COLUMNS                                                                                     \
	"cot:\n"                                                                                             \
	"  - {tieu_de: Địa bàn, gia_tri: ten}\n"                                                         \
	"  - {tieu_de: \"Chỉ tiêu {nam}\", gia_tri: chi_tieu, chi_so: bhxh}\n"                            \
	"  - {tieu_de: Người, gia_tri: thuc_hien, chi_so: bhxh}\n"                                        \
	"  - {tieu_de: Tỷ lệ, gia_tri: ty_le_thuc_hien, chi_so: bhxh}\n"

/* The fixture with its progress data, built with a progress template. */
static void build_progress(struct fixture *s, const char *name, const char *yaml)
{
	fixture_init(s);
	progress_fixture(s);
	build(s, name, yaml);
}

static void progress_report(void **state)
{
	(void)state;
	struct fixture s;
	build_progress(&s, "progress",
		       PROGRESS_COLUMNS
		       "  - {tieu_de: Chênh lệch, gia_tri: chenh_lech, chi_so: bhxh}\n"
		       "  - {tieu_de: \"So với {ky_truoc}\", gia_tri: thay_doi, chi_so: bhxh}\n");
	const struct table *t = &s.doc.table;
	assert_int_equal(t->n_cols, 6 + 1);
	assert_text(&s, 0, 1, "Chỉ tiêu 2024");
	assert_text(&s, 0, 5, "So với 6/2024");
	/* Xã A: 100 / 1100 = 9,09%, target 11,00%: 1,91 points below, marked bold. */
	assert_number(&s, 1, 3, 909, 2);
	assert_number(&s, 1, 4, -191, 2);
	assert_true(t->cols[4].mark_below);
	assert_true(at(&s, 1, 4)->style.bold);
	assert_number(&s, 1, 5, 10, 0);
	/* Toàn tỉnh: 1400 / 6000 = 23,33%; the ratio of the sums, participants over the weight column. */
	const int body[] = {1, 2, 3};
	assert_number(&s, 4, 2, 1400, 0);
	assert_int_equal(at(&s, 4, 2)->agg.op, AGG_SUM);
	assert_number(&s, 4, 3, 2333, 2);
	assert_int_equal(at(&s, 4, 3)->agg.op, AGG_RATIO);
	assert_int_equal(at(&s, 4, 3)->agg.num_col, 2);
	assert_int_equal(at(&s, 4, 3)->agg.weight_col, 6);
	assert_rows(&at(&s, 4, 3)->agg, 3, body);
	/* The gap is the row's own rate − target: 23,33% − 22,02%. */
	assert_number(&s, 4, 4, 131, 2);
	assert_int_equal(at(&s, 4, 4)->agg.op, AGG_DIFF);
	assert_int_equal(at(&s, 4, 4)->agg.num_col, 3);
	assert_int_equal(at(&s, 4, 4)->agg.sub_col, 1);
	assert_int_equal(at(&s, 4, 4)->agg.n_rows, 0);
	assert_number(&s, 4, 5, 60, 0);
	fixture_free(&s);
}

static void change_column_dropped_without_previous_period(void **state)
{
	(void)state;
	struct fixture s;
	fixture_init(&s);
	progress_fixture(&s);
	s.p.n_periods = 1; /* July only */
	s.p.periods = s.periods + 1;
	s.p.report = 0;
	static const int64_t july[3] = {100, 700, 600};
	for (size_t i = 0; i < sizeof s.count / sizeof *s.count; i++)
		s.count[i] = COUNT_NONE;
	for (int l = 0; l < 3; l++)
		s.count[l * IND_COUNT + IND_BHXH] = july[l];
	build(&s, "dropped",
	      "cot:\n"
	      "  - {tieu_de: Địa bàn, gia_tri: ten}\n"
	      "  - {tieu_de: Người, gia_tri: thuc_hien, chi_so: bhxh}\n"
	      "  - {tieu_de: Tăng, gia_tri: thay_doi, chi_so: bhxh}\n"
	      "dong_tong: {co: false}\n");
	assert_int_equal(s.doc.table.n_cols, 2);
	assert_number(&s, 1, 1, 100, 0);
	fixture_free(&s);
}

/* Targets in numbers of participants: the rate each makes of its labour force, a formula in its own row. */
static void count_rates_without_total_row(void **state)
{
	(void)state;
	struct fixture s;
	fixture_init(&s);
	static const int64_t counts[3][2] = {{100, 121}, {600, 660}, {1001, 950}};
	for (int l = 0; l < 3; l++)
		for (int y = 0; y < 2; y++)
			s.target_count[(l * 2 + y) * IND_COUNT + IND_BHXH] = counts[l][y];
	build(&s, "counts",
	      "cot:\n"
	      "  - {tieu_de: STT, gia_tri: stt}\n"
	      "  - {tieu_de: Địa bàn, gia_tri: ten}\n"
	      "  - tieu_de: \"Năm {nam}\"\n"
	      "    theo_nam: true\n"
	      "    con:\n"
	      "      - {tieu_de: Số người, gia_tri: so_nguoi, chi_so: bhxh}\n"
	      "      - {tieu_de: Tỷ lệ, gia_tri: ty_le_so_nguoi, chi_so: bhxh}\n"
	      "dong_tong: {co: false}\n");
	const struct table *t = &s.doc.table;
	/* STT, name, 2 × (count, rate), then the labour force of each year, not printed. */
	assert_int_equal(t->n_cols, 8);
	assert_false(t->cols[6].printed);
	assert_text(&s, 0, 7, "Lực lượng lao động năm 2024 (người)");
	/* Xã C 2023: 1001 / 2000 = 50,05%; 2024: 950 / 1900 = 50,00%, each over its own year. */
	assert_number(&s, 4, 3, 5005, 2);
	assert_int_equal(at(&s, 4, 3)->agg.op, AGG_RATIO);
	assert_int_equal(at(&s, 4, 3)->agg.num_col, 2);
	assert_int_equal(at(&s, 4, 3)->agg.weight_col, 6);
	const int own[] = {4};
	assert_rows(&at(&s, 4, 3)->agg, 1, own);
	assert_number(&s, 4, 5, 5000, 2);
	assert_int_equal(at(&s, 4, 5)->agg.num_col, 4);
	assert_int_equal(at(&s, 4, 5)->agg.weight_col, 7);
	assert_number(&s, 4, 7, 1900, 0);
	fixture_free(&s);

	/* Counts alone need no weight: no column the formulas would not use. */
	fixture_init(&s);
	s.target_count[IND_BHXH] = 100;
	build(&s, "counts_only",
	      "cot:\n"
	      "  - {tieu_de: Địa bàn, gia_tri: ten}\n"
	      "  - tieu_de: \"Năm {nam}\"\n"
	      "    theo_nam: true\n"
	      "    con:\n"
	      "      - {tieu_de: Số người, gia_tri: so_nguoi, chi_so: bhxh}\n");
	assert_int_equal(s.doc.table.n_cols, 3);
	assert_int_equal(at(&s, 2, 1)->agg.op, AGG_NONE);
	fixture_free(&s);
}

/* A progress report without a total row still writes its rows' rate and people needed as formulas. */
static void progress_without_total_row(void **state)
{
	(void)state;
	struct fixture s;
	build_progress(&s, "progress_rows",
		       PROGRESS_COLUMNS "  - {tieu_de: Còn thiếu, gia_tri: con_thieu, chi_so: bhxh}\n"
					"dong_tong: {co: false}\n");
	const struct table *t = &s.doc.table;
	assert_int_equal(t->n_cols, 5 + 1);
	assert_int_equal(t->n_rows, 1 + 3);
	assert_false(t->cols[5].printed);
	assert_number(&s, 1, 5, 1100, 0); /* Xã A's labour force, 2024 */
	assert_number(&s, 1, 3, 909, 2);
	assert_int_equal(at(&s, 1, 3)->agg.op, AGG_RATIO);
	assert_int_equal(at(&s, 1, 3)->agg.num_col, 2);
	assert_int_equal(at(&s, 1, 3)->agg.weight_col, 5);
	/* ⌈11,00% × 1100⌉ − 100 = 21 people. */
	assert_number(&s, 1, 4, 21, 0);
	assert_int_equal(at(&s, 1, 4)->agg.op, AGG_SHORTFALL);
	assert_int_equal(at(&s, 1, 4)->agg.weight_col, 5);
	assert_int_equal(at(&s, 1, 4)->agg.sub_col, 1);
	fixture_free(&s);
}

int main(void)
{
	unsetenv("PHULUC_TEMPLATE_DIR");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plan_table),
	    cmocka_unit_test(groups_and_subtotals),
	    cmocka_unit_test(progress_report),
	    cmocka_unit_test(change_column_dropped_without_previous_period),
	    cmocka_unit_test(count_rates_without_total_row),
	    cmocka_unit_test(progress_without_total_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests: loading a template (template.c). The shipped templates load
 * with the figures, indicators and wording they spell out; a hand-written
 * header tree comes back as written (theo_nam nodes, sub-columns, formats);
 * a template that omits the wording gets the defaults; and each mistake a
 * template can hold is refused with its exact message and file:line:column.
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

#include "layout/figures.h"
#include "layout/template.h"

#define DIR "tests/tmp/template_unit"

/* Writes DIR/templates/<name>.yaml. */
static void write_template(const char *name, const char *yaml)
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
}

static void load_ok(const char *name, const char *yaml, struct template *t)
{
	write_template(name, yaml);
	struct error err = {0};
	int rc = template_load(name, DIR, NULL, t, &err);
	if (rc)
		fail_msg("%s", err.text);
}

/* The template is refused with exactly "DIR/templates/<name>.yaml:<want>". */
static void load_fails(const char *name, const char *yaml, const char *want)
{
	write_template(name, yaml);
	struct template t;
	struct error err = {0};
	assert_int_equal(template_load(name, DIR, NULL, &t, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	char full[1100];
	snprintf(full, sizeof full, DIR "/templates/%s.yaml:%s", name, want);
	assert_string_equal(err.text, full);
	template_free(&t);
}

static void shipped_templates_load(void **state)
{
	(void)state;
	static const char *const names[] = {"ke-hoach-chi-tieu", "giao-chi-tieu-xa", "hop-nhat-tinh",
					    "bao-cao-thuc-hien"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct template t;
		struct error err = {0};
		assert_int_equal(template_load(names[i], NULL, "templates", &t, &err), 0);
		assert_int_equal(t.columns[0].figure, FIG_SEQ);
		assert_string_equal(t.labels.draft_mark, "DỰ THẢO");
		assert_string_equal(t.labels.labour_column, "Lực lượng lao động năm {nam} (người)");
		assert_string_equal(t.labels.population_column, "Dân số năm {nam} (người)");
		template_free(&t);
	}
	struct template t;
	struct error err = {0};
	assert_int_equal(template_load("bao-cao-thuc-hien", NULL, "templates", &t, &err), 0);
	assert_string_equal(t.sheet_name, "Thực hiện");
	assert_int_equal(t.n_charts, 2);
	assert_int_equal(t.charts[1].indicator, IND_BHTN);
	assert_string_equal(t.charts[0].value_axis, "Tỷ lệ (%)");
	assert_string_equal(t.charts[0].actual_label, "Thực hiện đến {ngay_cuoi_ky}");
	assert_string_equal(t.charts[0].target_label, "Chỉ tiêu năm {nam_ky}");
	assert_string_equal(t.labels.chart_sheet, "Biểu đồ");
	assert_string_equal(t.labels.continued, "(tiếp theo)");
	/* cot: STT, Địa bàn, BHXH (7 figures: the target as a rate or a number, tuy_chon), BHTN (7). */
	assert_int_equal(t.n_columns, 4);
	assert_int_equal(t.columns[2].n_children, 7);
	assert_int_equal(t.columns[2].children[0].figure, FIG_TARGET);
	assert_true(t.columns[2].children[0].optional);
	assert_int_equal(t.columns[2].children[1].figure, FIG_TARGET_COUNT);
	assert_true(t.columns[2].children[1].optional);
	assert_int_equal(t.columns[2].children[6].figure, FIG_CHANGE);
	assert_int_equal(t.columns[3].children[3].figure, FIG_ACTUAL_RATE);
	assert_int_equal(t.columns[3].children[3].indicator, IND_BHTN);
	template_free(&t);
}

static void header_tree_as_written(void **state)
{
	(void)state;
	struct template t;
	load_ok("tree",
		"cot:\n"
		"  - {tieu_de: STT, gia_tri: stt}\n"
		"  - {tieu_de: Mã, gia_tri: ma}\n"
		"  - tieu_de: Chỉ tiêu\n"
		"    con:\n"
		"      - tieu_de: \"Năm {nam}\"\n"
		"        theo_nam: true\n"
		"        con:\n"
		"          - {tieu_de: BHXH, gia_tri: chi_tieu, chi_so: bhxh}\n"
		"          - {tieu_de: Người, gia_tri: dan_so, dinh_dang: ty_le}\n"
		"dong_tong: {co: khong}\n",
		&t);
	assert_int_equal(t.n_columns, 3);
	assert_string_equal(t.columns[1].title, "Mã");
	assert_int_equal(t.columns[1].figure, FIG_CODE);
	assert_int_equal(t.columns[1].indicator, -1);
	const struct tpl_column *inner = &t.columns[2];
	assert_int_equal(inner->figure, FIG_NONE);
	assert_false(inner->per_year);
	assert_int_equal(inner->n_children, 1);
	const struct tpl_column *year = &inner->children[0];
	assert_true(year->per_year);
	assert_string_equal(year->title, "Năm {nam}");
	assert_int_equal(year->n_children, 2);
	assert_int_equal(year->children[0].figure, FIG_TARGET);
	assert_int_equal(year->children[0].indicator, IND_BHXH);
	assert_false(year->children[0].has_format);
	assert_int_equal(year->children[1].figure, FIG_POPULATION);
	assert_true(year->children[1].has_format);
	assert_int_equal(year->children[1].format.decimals, 2);
	assert_true(year->children[1].format.percent);
	assert_false(t.total_row);
	/* What the template leaves out gets its default. */
	assert_string_equal(t.sheet_name, "Phụ lục");
	assert_string_equal(t.subject, "{tieu_de}");
	assert_string_equal(t.total_label, "{dong_tong}");
	assert_string_equal(t.group_total_label, "Cộng");
	assert_string_equal(t.labels.draft_mark, "DỰ THẢO");
	assert_string_equal(t.labels.chart_sheet, "Biểu đồ");
	template_free(&t);
}

static void wording_from_the_template(void **state)
{
	(void)state;
	struct template t;
	load_ok(
	    "wording",
	    "cot:\n"
	    "  - {tieu_de: Tên, gia_tri: ten}\n"
	    "  - {tieu_de: Tỷ lệ, gia_tri: ty_le_thuc_hien, chi_so: bhyt}\n"
	    "bieu_do:\n"
	    "  - {tieu_de: BHYT, chi_so: bhyt, truc: Phần trăm, chu_giai_thuc_hien: Đã đạt}\n"
	    "nhan: {du_thao: BẢN NHÁP, trang_bieu_do: Hình, tiep_theo: (tiếp), cot_dan_so: \"DS {nam}\"}\n",
	    &t);
	assert_string_equal(t.labels.draft_mark, "BẢN NHÁP");
	assert_string_equal(t.labels.chart_sheet, "Hình");
	assert_string_equal(t.labels.continued, "(tiếp)");
	assert_string_equal(t.labels.population_column, "DS {nam}");
	assert_string_equal(t.labels.labour_column, "Lực lượng lao động năm {nam} (người)");
	assert_string_equal(t.charts[0].value_axis, "Phần trăm");
	assert_string_equal(t.charts[0].actual_label, "Đã đạt");
	assert_string_equal(t.charts[0].target_label, "Chỉ tiêu năm {nam_ky}");
	template_free(&t);
}

static void errors_name_line_and_column(void **state)
{
	(void)state;
	load_fails("e1", "cot:\n  - {tieu_de: STT, gia_tri: stt}\nmau_sac: do\n",
		   "3:1: unknown key \"mau_sac\"");
	load_fails("e2", "cot:\n  - {tieu_de: STT, gia_tri: so}\n",
		   "2:29: gia_tri: expected stt, ten, ma, chi_tieu, luc_luong_lao_dong, dan_so, "
		   "so_nguoi, ty_le_so_nguoi, thuc_hien, ty_le_thuc_hien, chenh_lech, con_thieu or thay_doi");
	load_fails("e3", "cot:\n  - {tieu_de: Chỉ tiêu, gia_tri: chi_tieu}\n",
		   "2:5: chi_so: expected bhxh, bhxh_bb, bhxh_tn, bhtn or bhyt");
	load_fails("e4", "cot:\n  - {tieu_de: STT, gia_tri: stt, chi_so: bhxh}\n",
		   "2:42: chi_so only goes with gia_tri: chi_tieu or a progress value");
	load_fails("e5", "cot:\n  - {tieu_de: STT, gia_tri: stt, dinh_dang: tien}\n",
		   "2:45: dinh_dang: expected ty_le or so_nguoi");
	load_fails("e6", "cot:\n  - {gia_tri: stt}\n", "2:5: a column needs tieu_de");
	load_fails("e7", "cot:\n  - tieu_de: A\n    gia_tri: stt\n    con: [{tieu_de: B, gia_tri: ten}]\n",
		   "2:5: a column has either con (sub-columns) or gia_tri, not both");
	load_fails("e8", "cot:\n  - {tieu_de: STT, gia_tri: stt}\nnhan: {du_thao: X, mau: Y}\n",
		   "3:20: unknown key \"mau\"");
	load_fails("e9", "cot:\n  - {tieu_de: STT, gia_tri: stt}\nnhan: [du_thao]\n",
		   "3:7: nhan: expected du_thao / cot_luc_luong_lao_dong / cot_dan_so / trang_bieu_do / "
		   "tiep_theo");
	load_fails(
	    "e10",
	    "cot:\n  - {tieu_de: STT, gia_tri: stt}\nbieu_do:\n  - {tieu_de: A, chi_so: bhxh, mau: 1}\n",
	    "4:32: unknown key \"mau\"");
	load_fails("e11", "cot:\n  - {tieu_de: STT, gia_tri: stt}\ndong_tong: {vi_tri: giua}\n",
		   "3:21: vi_tri: expected dau (first) or cuoi (last)");
	load_fails("e12", "cot: [\n", "2:1: did not find expected node content");
}

static void figure_table(void **state)
{
	(void)state;
	const struct figure *f = figure_by_name("chi_tieu");
	assert_non_null(f);
	assert_int_equal(f->id, FIG_TARGET);
	assert_true(f->needs_indicator);
	assert_int_equal(f->format.decimals, 2);
	assert_true(f->format.percent);
	assert_int_equal(f->total, AGG_WEIGHTED_MEAN);
	assert_int_equal(f->subtotal, AGG_WEIGHTED_MEAN);
	assert_true(figure_weighted(f));
	f = figure_by_name("chenh_lech");
	assert_int_equal(f->total, AGG_DIFF);
	assert_int_equal(f->operand_a, FIG_ACTUAL_RATE);
	assert_int_equal(f->operand_b, FIG_TARGET);
	assert_int_equal(f->subtotal, AGG_NONE);
	assert_int_equal(figure_by_name("ty_le_thuc_hien")->total, AGG_RATIO);
	assert_int_equal(figure_by_name("luc_luong_lao_dong")->total, AGG_SUM);
	assert_true(figure_by_name("thay_doi")->needs_previous);
	assert_null(figure_by_name("so"));
	assert_null(figure_by_name(NULL));
	for (int id = FIG_SEQ; id < FIG_COUNT; id++)
		assert_int_equal(figure_by_name(figure_of(id)->name)->id, id);
	char *names = figure_names();
	assert_string_equal(
	    names, "stt, ten, ma, chi_tieu, luc_luong_lao_dong, dan_so, so_nguoi, ty_le_so_nguoi, thuc_hien, "
		   "ty_le_thuc_hien, chenh_lech, con_thieu or thay_doi");
	free(names);
}

int main(void)
{
	unsetenv("PHULUC_TEMPLATE_DIR");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shipped_templates_load),
	    cmocka_unit_test(header_tree_as_written),
	    cmocka_unit_test(wording_from_the_template),
	    cmocka_unit_test(errors_name_line_and_column),
	    cmocka_unit_test(figure_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

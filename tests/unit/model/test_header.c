/*
 * test_header.c — the header row of a clerk's table (model/header.c) and the
 * habits the loader understands (model/model.c): title lines skipped, two-row
 * headers joined, typed total rows, names matched exactly before loosely,
 * codes that lost their leading zeros, look-alike letters folded.
 */
#include "base/finding.h"
#include "base/text.h"
#include "input/csvfile.h"
#include "job_fixture.h"
#include "model/header.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Parses text and chooses its header; the caller frees csv. */
static void parse_and_choose(const char *text, struct csv_file *csv)
{
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	assert_int_equal(csv_file_parse(text, "t.csv", csv, &fs, &err), 0);
	assert_int_equal(fs.n, 0);
	assert_int_equal(header_choose(csv, &err), 0);
	findings_free(&fs);
}

static void line_one_kept(void **state)
{
	(void)state;
	struct csv_file csv;
	parse_and_choose("ma,ten,bhxh_2024\n622,Pleiku,\"40,00\"\n", &csv);
	assert_int_equal(csv.header_line, 1);
	assert_string_equal(csv.header[0], "ma");
	assert_int_equal(csv.n_rows, 1);
	csv_file_free(&csv);
}

static void title_lines_skipped(void **state)
{
	(void)state;
	struct csv_file csv;
	parse_and_choose(
	    "PHỤ LỤC CHỈ TIÊU,,\n(Kèm theo Kế hoạch),,\nMã,Tên địa bàn,BHXH 2024\n622,Pleiku,\"40,00\"\n",
	    &csv);
	assert_int_equal(csv.header_line, 3);
	assert_string_equal(csv.header[1], "Tên địa bàn");
	assert_string_equal(csv.key[1], "ten_dia_ban");
	assert_int_equal(csv.n_rows, 1);
	assert_int_equal(csv.rows[0].line, 4);
	csv_file_free(&csv);
}

static void two_row_header_joined(void **state)
{
	(void)state;
	struct csv_file csv;
	parse_and_choose(
	    "Mã,Tên,BHXH,,BHTN\n,,2024,bắt buộc 2024,2024\n622,Pleiku,\"40,00\",\"38,00\",\"30,00\"\n", &csv);
	assert_int_equal(csv.header_line, 1);
	assert_string_equal(csv.header[2], "BHXH 2024");
	assert_string_equal(csv.header[3], "BHXH bắt buộc 2024");
	assert_string_equal(csv.header[4], "BHTN 2024");
	assert_int_equal(csv.n_rows, 1);
	assert_int_equal(csv.rows[0].line, 3);
	char *key = header_canonical_key(csv.key[3]);
	assert_string_equal(key, "bhxh_bb_2024");
	free(key);
	csv_file_free(&csv);
}

static void nothing_known_keeps_line_one(void **state)
{
	(void)state;
	struct csv_file csv;
	parse_and_choose("x,y\n1,2\n3,4\n", &csv);
	assert_int_equal(csv.header_line, 1);
	assert_string_equal(csv.header[0], "x");
	assert_int_equal(csv.n_rows, 2);
	csv_file_free(&csv);
}

static void lookalikes_folded(void **state)
{
	(void)state;
	const char *found, *meant;
	bool oom = false;
	char *fixed = text_lookalikes("X\xC3\x90ông H\xD0\xBE"
				      "a",
				      &found, &meant, &oom);
	assert_string_equal(fixed, "XĐông Hoa");
	assert_string_equal(found, "Ð (U+00D0)");
	assert_string_equal(meant, "Đ (U+0110)");
	free(fixed);
	assert_null(text_lookalikes("Xã Đông Hòa", &found, &meant, &oom));
	assert_false(oom);
}

static const char *const INI =
    "[phu_luc]\nmau = ke-hoach-chi-tieu\ntieu_de = Thử\nnam = 2024\ndong_tong = Toàn tỉnh\n"
    "[du_lieu]\ndia_ban = dia_ban.csv\nlao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\n";

/* A job of two localities, Đông Hòa and Đồng Hòa, with chi_tieu as given. */
static void load_pair(struct tmp_job *t, const char *targets)
{
	tmp_job_init(t, INI);
	tmp_job_write(t, "dia_ban.csv", "ma,ten\n00001,Xã Đông Hòa\n00002,Xã Đồng Hòa\n");
	tmp_job_write(t, "lao_dong.csv", "ma,nam,luc_luong_lao_dong\n00001,2024,1000\n00002,2024,3000\n");
	tmp_job_write(t, "chi_tieu.csv", targets);
	assert_int_equal(tmp_job_load(t), 0);
}

static void names_exact_before_loose(void **state)
{
	(void)state;
	struct tmp_job t;
	load_pair(&t, "ten,bhxh_2024\nXã Đồng Hòa,\"20,00\"\nXã Đông Hòa,\"40,00\"\n");
	assert_int_equal(t.fs.n, 0);
	assert_int_equal(model_target(&t.data.model, 0, 0, IND_BHXH), 4000);
	assert_int_equal(model_target(&t.data.model, 1, 0, IND_BHXH), 2000);
	tmp_job_free(&t);
	/* Loosely, "xa dong hoa" is both: an error naming both, never a guess. */
	load_pair(&t, "ten,bhxh_2024\nXA DONG HOA,\"20,00\"\nXã Đông Hòa,\"40,00\"\n");
	const struct finding *f = tmp_job_finding(&t, "unknown-locality", 0);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "Xã Đông Hòa (code 00001) or Xã Đồng Hòa (code 00002)"));
	tmp_job_free(&t);
}

static void total_row_and_codes_without_zeros(void **state)
{
	(void)state;
	struct tmp_job t;
	load_pair(&t, "ma,ten,bhxh_2024\n1,Xã Đông Hòa,\"40,00\"\n2,Xã Đồng Hòa,\"20,00\"\nCộng toàn "
		      "tỉnh,,\"25,00\"\n");
	assert_int_equal(t.fs.n, 0);
	assert_int_equal(model_target(&t.data.model, 0, 0, IND_BHXH), 4000);
	assert_true(t.data.model.has_given_total);
	assert_int_equal(t.data.model.given_total[0][IND_BHXH], 2500);
	tmp_job_free(&t);
	load_pair(
	    &t, "ma,ten,bhxh_2024\n1,Xã Đông Hòa,\"40,00\"\n2,Xã Đồng Hòa,\"20,00\"\n,Tổng cộng,\"25,00\"\n");
	assert_int_equal(t.fs.n, 0);
	assert_int_equal(t.data.model.given_total[0][IND_BHXH], 2500);
	tmp_job_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(line_one_kept),
	    cmocka_unit_test(title_lines_skipped),
	    cmocka_unit_test(two_row_header_joined),
	    cmocka_unit_test(nothing_known_keeps_line_one),
	    cmocka_unit_test(lookalikes_folded),
	    cmocka_unit_test(names_exact_before_loose),
	    cmocka_unit_test(total_row_and_codes_without_zeros),
	};
	return cmocka_run_group_tests_name("header", tests, NULL, NULL);
}

/*
 * Unit tests: the limits of csvfile.c — a file with too many columns, rows
 * or cells is a csv-syntax finding at the row that crossed the limit, not an
 * unbounded allocation; what came before is kept, the file is `broken`.
 * And csv_file_column_any, a column found by one of its names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "input/csvfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing string of CSV text. */
struct text {
	char *s;
	size_t n, cap;
};

static void put(struct text *t, const char *s)
{
	size_t k = strlen(s);
	if (t->n + k + 1 > t->cap) {
		t->cap = (t->n + k + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->n, s, k + 1);
	t->n += k;
}

/* A row of n fields "1,1,…,1\n". */
static void put_row(struct text *t, long n)
{
	for (long i = 0; i < n; i++)
		put(t, i ? ",1" : "1");
	put(t, "\n");
}

/* The only finding in fs is a csv-syntax error on line `line`. */
static void assert_one_syntax_error(const struct findings *fs, int line)
{
	assert_int_equal(fs->n, 1);
	assert_string_equal(fs->v[0].rule, "csv-syntax");
	assert_int_equal(fs->v[0].severity, SEV_ERROR);
	assert_int_equal(fs->v[0].line, line);
}

static void header_too_wide(void **state)
{
	(void)state;
	struct text t = {0};
	put_row(&t, CSV_MAX_COLUMNS + 1);
	put_row(&t, 2);
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse(t.s, "wide.csv", &csv, &fs, &err), 0);
	assert_one_syntax_error(&fs, 1);
	assert_non_null(strstr(fs.v[0].message, "more than 1000 fields"));
	assert_true(csv.broken);
	assert_null(csv.header);
	assert_int_equal(csv.n_rows, 0);
	csv_file_free(&csv);
	findings_free(&fs);
	free(t.s);
}

static void row_too_wide(void **state)
{
	(void)state;
	struct text t = {0};
	put(&t, "a,b\n1,2\n\n");
	put_row(&t, CSV_MAX_COLUMNS + 5);
	put(&t, "3,4\n");
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse(t.s, "wide.csv", &csv, &fs, &err), 0);
	assert_one_syntax_error(&fs, 4);
	assert_true(csv.broken);
	assert_int_equal(csv.n_cols, 2);
	assert_int_equal(csv.n_rows, 1); /* the rows after the limit are not read */
	csv_file_free(&csv);
	findings_free(&fs);
	free(t.s);
}

/* Exactly CSV_MAX_COLUMNS is fine. */
static void widest_row_accepted(void **state)
{
	(void)state;
	struct text t = {0};
	put_row(&t, CSV_MAX_COLUMNS);
	put_row(&t, CSV_MAX_COLUMNS);
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse(t.s, "ok.csv", &csv, &fs, &err), 0);
	assert_int_equal(fs.n, 0);
	assert_false(csv.broken);
	assert_int_equal(csv.n_cols, CSV_MAX_COLUMNS);
	assert_int_equal(csv.n_rows, 1);
	csv_file_free(&csv);
	findings_free(&fs);
	free(t.s);
}

static void too_many_rows(void **state)
{
	(void)state;
	struct text t = {0};
	put(&t, "x\n");
	for (long r = 0; r < CSV_MAX_ROWS + 3; r++)
		put(&t, r == 10 ? "\n1\n" : "1\n"); /* a blank line: counted, not a row */
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse(t.s, "long.csv", &csv, &fs, &err), 0);
	/* header on line 1, a blank line among the rows: the first row too many is on MAX + 3 */
	assert_one_syntax_error(&fs, (int)CSV_MAX_ROWS + 3);
	assert_non_null(strstr(fs.v[0].message, "more than 200000 data rows"));
	assert_true(csv.broken);
	assert_int_equal(csv.n_rows, CSV_MAX_ROWS);
	assert_int_equal(csv.rows[CSV_MAX_ROWS - 1].line, (int)CSV_MAX_ROWS + 2);
	csv_file_free(&csv);
	findings_free(&fs);
	free(t.s);
}

static void too_many_cells(void **state)
{
	(void)state;
	/* 1000 columns: the header and 3999 rows make exactly 4,000,000 cells. */
	struct text t = {0};
	long rows = CSV_MAX_CELLS / CSV_MAX_COLUMNS - 1;
	for (long r = 0; r <= rows + 1; r++)
		put_row(&t, CSV_MAX_COLUMNS);
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse(t.s, "big.csv", &csv, &fs, &err), 0);
	assert_one_syntax_error(&fs, (int)rows + 2);
	assert_non_null(strstr(fs.v[0].message, "more than 4000000 cells"));
	assert_int_equal(csv.n_rows, rows);
	csv_file_free(&csv);
	findings_free(&fs);
	free(t.s);
}

/* csv_file_column_any: the column of the first of the names the file has, whatever the columns' order. */
static void column_by_any_name(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct csv_file csv;
	assert_int_equal(csv_file_parse("Tên,Mã đơn vị cũ\nA,1\n", "s.csv", &csv, &fs, &err), 0);
	static const char *const code[] = {"ma_cu", "ma_don_vi_cu", NULL}, *const name[] = {
									       "ten", "ma_don_vi_cu", NULL};
	static const char *const other[] = {"ty_le", NULL}, *const none[] = {NULL};
	assert_int_equal(csv_file_column_any(&csv, code), 1);
	assert_int_equal(csv_file_column_any(&csv, name), 0);
	assert_int_equal(csv_file_column_any(&csv, other), -1);
	assert_int_equal(csv_file_column_any(&csv, none), -1);
	assert_int_equal(fs.n, 0);
	csv_file_free(&csv);
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(header_too_wide),	   cmocka_unit_test(row_too_wide),
	    cmocka_unit_test(widest_row_accepted), cmocka_unit_test(too_many_rows),
	    cmocka_unit_test(too_many_cells),	   cmocka_unit_test(column_by_any_name),
	};
	return cmocka_run_group_tests_name("csvfile", tests, NULL, NULL);
}

/*
 * Unit tests: xlsx.c, the workbook reader — sheets listed and chosen, every
 * kind of cell (shared, inline and rich strings, numbers as Excel writes
 * them, percent and date formats, booleans, formulas with their cached
 * value, error cells), merged title rows and two-row headers, empty rows,
 * the exact reading of numbers, and every hostile workbook.
 *
 * The workbooks come from writers independent of the reader: openpyxl and
 * hand-written XML zipped by Python (tests/unit/input/make_xlsx.py, run once
 * into a temporary directory), and LibreOffice (tests/unit/input/data/lo.*,
 * checked in, remade by data/make_lo.sh). Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "input/number.h"
#include "input/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];

static int make_workbooks(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test-xlsx-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/unit/input/make_xlsx.py '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int remove_workbooks(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *name)
{
	static char path[160];
	if (strncmp(name, "lo.", 3) == 0)
		snprintf(path, sizeof path, "tests/unit/input/data/%s", name);
	else
		snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void open_ok(const char *name, struct xlsx_book *b)
{
	struct error err = {0};
	int rc = xlsx_open(at(name), name, NULL, b, &err);
	if (rc)
		fail_msg("%s", err.text);
}

static void read_ok(struct xlsx_book *b, int sheet, struct xlsx_table *t)
{
	struct error err = {0};
	int rc = xlsx_table_read(b, sheet, t, &err);
	if (rc)
		fail_msg("%s", err.text);
}

/* The cell (r, c) of t: its text, type and format. */
static void assert_cell(const struct xlsx_table *t, int r, int c, const char *text, enum xlsx_type type,
			enum xlsx_format format)
{
	assert_true(r < t->csv.n_rows && c < t->csv.n_cols);
	assert_string_equal(t->csv.rows[r].f[c], text);
	assert_int_equal(t->kind[r][c].type, type);
	assert_int_equal(t->kind[r][c].format, format);
}

static void expect_open_error(const char *name, const struct xlsx_limits *lim, const char *message)
{
	struct xlsx_book b;
	struct error err = {0};
	assert_int_equal(xlsx_open(at(name), name, lim, &b, &err), -1);
	assert_string_equal(err.text, message);
	assert_int_equal(err.kind, ERR_DATA);
	assert_null(b.sheets);
	xlsx_book_free(&b);
}

static void expect_read_error(const char *name, const struct xlsx_limits *lim, const char *message)
{
	struct xlsx_book b;
	struct error err = {0};
	if (xlsx_open(at(name), name, lim, &b, &err))
		fail_msg("%s", err.text);
	struct xlsx_table t;
	assert_int_equal(xlsx_table_read(&b, 0, &t, &err), -1);
	assert_string_equal(err.text, message);
	assert_int_equal(err.kind, ERR_DATA);
	assert_int_equal(t.csv.n_rows, 0);
	xlsx_table_free(&t);
	xlsx_book_free(&b);
}

static void sheets_listed_and_chosen(void **state)
{
	(void)state;
	struct xlsx_book b;
	open_ok("book.xlsx", &b);
	assert_false(b.date1904);
	assert_int_equal(b.n_sheets, 3);
	assert_string_equal(b.sheets[0].name, "Địa bàn");
	assert_string_equal(b.sheets[1].name, "Chỉ tiêu");
	assert_string_equal(b.sheets[2].name, "Trống");
	assert_string_equal(b.sheets[1].part, "xl/worksheets/sheet2.xml");
	struct error err = {0};
	int i = -1;
	assert_int_equal(xlsx_sheet_find(&b, NULL, &i, &err), 0);
	assert_int_equal(i, 0);
	assert_int_equal(xlsx_sheet_find(&b, "", &i, &err), 0);
	assert_int_equal(i, 0);
	assert_int_equal(xlsx_sheet_find(&b, "Chỉ tiêu", &i, &err), 0);
	assert_int_equal(i, 1);
	assert_int_equal(xlsx_sheet_find(&b, "Chi\xcc\x89 tie\xcc\x82u", &i, &err), 0); /* NFD */
	assert_int_equal(i, 1);
	assert_int_equal(xlsx_sheet_find(&b, "CHI TIEU", &i, &err), 0);
	assert_int_equal(i, 1);
	assert_int_equal(xlsx_sheet_find(&b, "trong", &i, &err), 0);
	assert_int_equal(i, 2);
	assert_int_equal(xlsx_sheet_find(&b, "Dữ liệu", &i, &err), -1);
	assert_int_equal(i, -1);
	assert_string_equal(err.text, "book.xlsx: no sheet \"Dữ liệu\"; the workbook's sheets are \"Địa "
				      "bàn\", \"Chỉ tiêu\", \"Trống\"");
	assert_int_equal(err.kind, ERR_DATA);
	assert_false(b.sheets[0].hidden);
	xlsx_book_free(&b);
	xlsx_book_free(&b); /* a freed book is zeroed */
	open_ok("hidden.xlsx", &b);
	assert_true(b.sheets[0].hidden);
	assert_int_equal(xlsx_sheet_find(&b, NULL, &i, &err), 0);
	assert_int_equal(i, 1); /* the first sheet the clerk sees */
	assert_int_equal(xlsx_sheet_find(&b, "ẩn", &i, &err), 0);
	assert_int_equal(i, 0); /* named, a hidden sheet is read */
	xlsx_book_free(&b);
}

/* openpyxl's clerk sheet: a merged title row, an empty row, the header, data. */
static void clerk_sheet_cells(void **state)
{
	(void)state;
	struct xlsx_book b;
	struct xlsx_table t;
	open_ok("book.xlsx", &b);
	read_ok(&b, 0, &t);
	xlsx_book_free(&b); /* the table does not point into the book */
	assert_string_equal(t.csv.name, "book.xlsx:Địa bàn");
	assert_string_equal(t.sheet, "Địa bàn");
	assert_int_equal(t.csv.n_rows, 4);
	assert_int_equal(t.csv.n_cols, 7);
	assert_null(t.csv.header);
	const int lines[] = {1, 3, 4, 6};
	for (int r = 0; r < 4; r++) {
		assert_int_equal(t.csv.rows[r].line, lines[r]);
		assert_int_equal(t.csv.rows[r].n, 7);
	}
	assert_cell(&t, 0, 0, "DANH SÁCH ĐỊA BÀN", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 0, 1, "", XLSX_EMPTY, XLSX_FMT_GENERAL);
	assert_int_equal(t.n_merges, 1);
	const struct xlsx_range *m = xlsx_merge_at(&t, 0, 6);
	assert_non_null(m);
	assert_int_equal(m->row0, 0);
	assert_int_equal(m->col0, 0);
	assert_int_equal(m->row1, 0);
	assert_int_equal(m->col1, 6);
	assert_null(xlsx_merge_at(&t, 1, 0));
	assert_null(xlsx_merge_at(&t, 0, 7));
	assert_cell(&t, 1, 2, "ty_le", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 2, 0, "4", XLSX_NUMBER, XLSX_FMT_GENERAL); /* the code 00004, as Excel keeps it */
	assert_cell(&t, 2, 1, "Xã Đông Hòa", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 2, 2, "0.4151", XLSX_NUMBER, XLSX_FMT_PERCENT);
	assert_cell(&t, 2, 3, "264650", XLSX_NUMBER, XLSX_FMT_NUMBER);
	assert_cell(&t, 2, 4, "45366", XLSX_NUMBER, XLSX_FMT_DATE);
	assert_cell(&t, 2, 5, "TRUE", XLSX_BOOL, XLSX_FMT_GENERAL);
	assert_cell(&t, 2, 6, "#N/A", XLSX_ERROR, XLSX_FMT_GENERAL);
	int64_t v = 0;
	assert_int_equal(xlsx_number_exact(t.csv.rows[2].f[2], 4, &v), XLSX_EXACT_OK);
	assert_int_equal(v, 4151);
	char shown[32];
	assert_string_equal(number_format_vi(v, (struct number_format){2, true, false}, shown, sizeof shown),
			    "41,51%");
	char date[11];
	assert_int_equal(xlsx_date_text(t.csv.rows[2].f[4], b.date1904, date), 0);
	assert_string_equal(date, "2024-03-15");
	assert_cell(&t, 3, 0, "00007", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 3, 1, "Xã Đồng Hòa", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 3, 2, "0.41515", XLSX_NUMBER, XLSX_FMT_PERCENT); /* custom 0.000% */
	assert_int_equal(xlsx_number_exact(t.csv.rows[3].f[2], 4, &v), XLSX_EXACT_FRACTION);
	assert_cell(&t, 3, 3, "1234.5", XLSX_NUMBER, XLSX_FMT_NUMBER); /* "người "0.0: quoted text */
	assert_cell(&t, 3, 4, "44927", XLSX_NUMBER, XLSX_FMT_DATE);    /* built-in 14 */
	assert_int_equal(xlsx_date_text(t.csv.rows[3].f[4], false, date), 0);
	assert_string_equal(date, "2023-01-01");
	assert_cell(&t, 3, 5, "FALSE", XLSX_BOOL, XLSX_FMT_GENERAL);
	assert_cell(&t, 3, 6, "18.9449", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_number_exact(t.csv.rows[3].f[6], 2, &v), XLSX_EXACT_FRACTION);

	struct error err = {0};
	assert_int_equal(xlsx_table_take_header(&t, 1, &err), 0);
	assert_int_equal(t.csv.n_rows, 2);
	assert_int_equal(t.header_line, 3);
	assert_int_equal(t.csv.rows[0].line, 4);
	assert_int_equal(t.csv.rows[1].line, 6);
	char ref[XLSX_REF_MAX];
	xlsx_table_ref(&t, 1, 3, ref);
	assert_string_equal(ref, "D6");
	assert_string_equal(t.csv.header[3], "so_nguoi");
	assert_int_equal(csv_file_column(&t.csv, "ty_le"), 2);
	assert_int_equal(t.header_kind[2].type, XLSX_TEXT);
	assert_cell(&t, 0, 2, "0.4151", XLSX_NUMBER, XLSX_FMT_PERCENT);
	assert_cell(&t, 1, 0, "00007", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_table_take_header(&t, 0, &err), -1); /* once only */
	assert_string_equal(err.text, "book.xlsx:Địa bàn: no row 1 to take as the header");
	xlsx_table_free(&t);
	xlsx_table_free(&t);
}

/* A two-row header: ma and ten merged down, BHXH merged across 2024 and 2025. */
static void two_row_header(void **state)
{
	(void)state;
	struct xlsx_book b;
	struct xlsx_table t;
	open_ok("book.xlsx", &b);
	read_ok(&b, 1, &t);
	assert_int_equal(t.csv.n_rows, 3);
	assert_int_equal(t.csv.n_cols, 4);
	assert_cell(&t, 0, 2, "BHXH", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 0, 3, "", XLSX_EMPTY, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 0, "", XLSX_EMPTY, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 2, "2024", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 3, "2025", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_int_equal(t.n_merges, 3);
	const struct xlsx_range *m = xlsx_merge_at(&t, 1, 0); /* A2 belongs to A1 */
	assert_non_null(m);
	assert_int_equal(m->row0, 0);
	assert_int_equal(m->row1, 1);
	assert_int_equal(m->col0, 0);
	m = xlsx_merge_at(&t, 0, 3); /* D1 belongs to C1 */
	assert_non_null(m);
	assert_int_equal(m->col0, 2);
	assert_int_equal(m->col1, 3);
	assert_null(xlsx_merge_at(&t, 1, 3));
	assert_cell(&t, 2, 0, "00004", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 2, 2, "0.4151", XLSX_NUMBER, XLSX_FMT_PERCENT);
	xlsx_table_free(&t);
	read_ok(&b, 2, &t); /* the empty sheet */
	assert_int_equal(t.csv.n_rows, 0);
	assert_int_equal(t.csv.n_cols, 0);
	assert_string_equal(t.csv.name, "book.xlsx:Trống");
	xlsx_table_free(&t);
	xlsx_book_free(&b);
}

/* Hand-written XML: what openpyxl does not write. */
static void raw_cells(void **state)
{
	(void)state;
	struct xlsx_book b;
	struct xlsx_table t;
	open_ok("raw.xlsx", &b);
	assert_int_equal(b.n_sheets, 2);
	assert_string_equal(b.sheets[0].name, "Dữ liệu");
	assert_true(b.date1904);
	assert_string_equal(b.sheets[0].part, "xl/worksheets/data.xml"); /* absolute target */
	assert_string_equal(b.sheets[1].part, "xl/worksheets/last.xml"); /* ../xl/… */
	read_ok(&b, 0, &t);
	assert_int_equal(t.csv.n_rows, 3);
	assert_int_equal(t.csv.n_cols, 10);
	assert_cell(&t, 0, 0, "Toàn tỉnh", XLSX_TEXT, XLSX_FMT_GENERAL); /* runs joined, no phonetic */
	assert_cell(&t, 0, 1, "Tổng cộng", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 0, 2, "A\rB_x0041_ Đệ _xD800_ _x41_", XLSX_TEXT, XLSX_FMT_GENERAL); /* _xHHHH_ */
	assert_int_equal(t.csv.rows[1].line, 3);
	assert_cell(&t, 1, 0, "Xã Ia Tô", XLSX_TEXT, XLSX_FMT_GENERAL); /* inline rich text */
	assert_false(t.kind[1][0].formula);
	assert_cell(&t, 1, 1, "Xã Ia Tô", XLSX_TEXT, XLSX_FMT_GENERAL); /* t="str", no r= */
	assert_true(t.kind[1][1].formula);
	assert_cell(&t, 1, 2, "3", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_true(t.kind[1][2].formula);
	assert_cell(&t, 1, 3, "", XLSX_EMPTY, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 4, "", XLSX_EMPTY, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 5, "#DIV/0!", XLSX_ERROR, XLSX_FMT_GENERAL);
	assert_true(t.kind[1][5].formula);
	assert_cell(&t, 1, 6, "FALSE", XLSX_BOOL, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 7, "0.30000000000000004", XLSX_NUMBER, XLSX_FMT_PERCENT);
	int64_t v = 0;
	assert_int_equal(xlsx_number_exact(t.csv.rows[1].f[7], 4, &v), XLSX_EXACT_OK);
	assert_int_equal(v, 3000);
	assert_cell(&t, 1, 8, "5", XLSX_NUMBER, XLSX_FMT_NUMBER); /* "%" quoted, \% escaped */
	assert_cell(&t, 1, 9, "2024-03-15", XLSX_TEXT, XLSX_FMT_DATE);
	assert_int_equal(t.csv.rows[2].line, 4); /* <row> without r= */
	assert_cell(&t, 2, 0, "1E-3", XLSX_NUMBER, XLSX_FMT_GENERAL);
	/* row 5 holds only empty strings: no row, as a blank CSV line (n_rows is 3) */
	xlsx_table_free(&t);
	read_ok(&b, 1, &t);
	assert_int_equal(t.csv.n_rows, 1);
	assert_int_equal(t.csv.rows[0].line, 1048576);
	assert_cell(&t, 0, 0, "1", XLSX_NUMBER, XLSX_FMT_GENERAL);
	xlsx_table_free(&t);
	xlsx_book_free(&b);
}

/* LibreOffice's conversion of a clerk's CSV. */
static void libreoffice_book(void **state)
{
	(void)state;
	struct xlsx_book b;
	struct xlsx_table t;
	open_ok("lo.xlsx", &b);
	assert_int_equal(b.n_sheets, 1);
	assert_string_equal(b.sheets[0].name, "lo");
	read_ok(&b, 0, &t);
	assert_int_equal(t.csv.n_rows, 3);
	assert_int_equal(t.csv.n_cols, 6);
	assert_cell(&t, 0, 5, "tong", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 0, "4", XLSX_NUMBER, XLSX_FMT_GENERAL); /* 00004 */
	assert_cell(&t, 1, 1, "Xã Đông Hòa", XLSX_TEXT, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 2, "0.4151", XLSX_NUMBER, XLSX_FMT_PERCENT); /* "41.51%", custom 0.00% */
	int64_t v = 0;
	assert_int_equal(xlsx_number_exact(t.csv.rows[1].f[2], 4, &v), XLSX_EXACT_OK);
	assert_int_equal(v, 4151);
	assert_cell(&t, 2, 2, "0.075", XLSX_NUMBER, XLSX_FMT_PERCENT);
	assert_int_equal(xlsx_number_exact(t.csv.rows[2].f[2], 4, &v), XLSX_EXACT_OK);
	assert_int_equal(v, 750);
	assert_cell(&t, 1, 3, "264650", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_cell(&t, 1, 4, "45366", XLSX_NUMBER, XLSX_FMT_DATE);
	assert_cell(&t, 1, 5, "3", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_true(t.kind[1][5].formula);
	assert_cell(&t, 2, 5, "265850", XLSX_NUMBER, XLSX_FMT_GENERAL);
	assert_cell(&t, 2, 1, "Phường Hội Thương", XLSX_TEXT, XLSX_FMT_GENERAL);
	xlsx_table_free(&t);
	xlsx_book_free(&b);
	expect_open_error(
	    "lo.xls", NULL,
	    "lo.xls: an old Excel 97-2003 workbook (.xls) cannot be read: save it as an Excel Workbook "
	    "(.xlsx)");
}

static void number_exact(void **state)
{
	(void)state;
	const struct {
		const char *text;
		int shift;
		enum xlsx_exact rc;
		int64_t v;
	} cases[] = {
	    {"0.41510000000000002", 4, XLSX_EXACT_OK, 4151}, /* Excel's 17 digits */
	    {"4.1509999999999998E-1", 4, XLSX_EXACT_OK, 4151},
	    {"0.4151", 4, XLSX_EXACT_OK, 4151},
	    {"41.51", 2, XLSX_EXACT_OK, 4151},
	    {"0.30000000000000004", 4, XLSX_EXACT_OK, 3000},
	    {"264650", 0, XLSX_EXACT_OK, 264650},
	    {"264650.00000000003", 0, XLSX_EXACT_OK, 264650},
	    {"0.999999999999999999", 0, XLSX_EXACT_OK, 1},
	    {"-0.5", 2, XLSX_EXACT_OK, -50},
	    {"1E-3", 4, XLSX_EXACT_OK, 10},
	    {"0", 4, XLSX_EXACT_OK, 0},
	    {"-0", 0, XLSX_EXACT_OK, 0},
	    {"1.5E+3", 0, XLSX_EXACT_OK, 1500},
	    {"123456789012345", 0, XLSX_EXACT_OK, 123456789012345},
	    {"0.41515", 4, XLSX_EXACT_FRACTION, 0},
	    {"0.415100000001", 4, XLSX_EXACT_FRACTION, 0}, /* 12 digits: real, not noise */
	    {"18.9449", 2, XLSX_EXACT_FRACTION, 0},
	    {"1234.5", 0, XLSX_EXACT_FRACTION, 0},
	    {"1E-400", 0, XLSX_EXACT_FRACTION, 0},
	    {"1234567890123456", 0, XLSX_EXACT_RANGE, 0},
	    {"1E20", 0, XLSX_EXACT_RANGE, 0},
	    {"1E99999999999", 0, XLSX_EXACT_RANGE, 0},
	    {"", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {"abc", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {"4,5", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {"1.2.3", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {"1e", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {" 4", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {".", 0, XLSX_EXACT_NOT_NUMBER, 0},
	    {"NaN", 0, XLSX_EXACT_NOT_NUMBER, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t v = -7;
		enum xlsx_exact rc = xlsx_number_exact(cases[i].text, cases[i].shift, &v);
		if (rc != cases[i].rc || (rc == XLSX_EXACT_OK && v != cases[i].v))
			fail_msg("\"%s\" << %d: got %d, %lld", cases[i].text, cases[i].shift, rc,
				 (long long)v);
		if (rc != XLSX_EXACT_OK)
			assert_int_equal(v, -7);
	}
	int64_t v;
	assert_int_equal(xlsx_number_exact(NULL, 0, &v), XLSX_EXACT_NOT_NUMBER);
}

static void references(void **state)
{
	(void)state;
	char ref[XLSX_REF_MAX];
	const struct {
		int row, col;
		const char *ref;
	} cases[] = {{4, 3, "D5"},
		     {0, 0, "A1"},
		     {0, 25, "Z1"},
		     {0, 26, "AA1"},
		     {9, 701, "ZZ10"},
		     {0, 702, "AAA1"},
		     {1048575, 16383, "XFD1048576"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		xlsx_ref(cases[i].row, cases[i].col, ref);
		assert_string_equal(ref, cases[i].ref);
		int r = -1, c = -1;
		assert_int_equal(xlsx_ref_parse(cases[i].ref, &r, &c), 0);
		assert_int_equal(r, cases[i].row);
		assert_int_equal(c, cases[i].col);
	}
	int r, c;
	assert_int_equal(xlsx_ref_parse("$B$2", &r, &c), 0);
	assert_int_equal(r, 1);
	assert_int_equal(c, 1);
	assert_int_equal(xlsx_ref_parse("d5", &r, &c), 0);
	assert_int_equal(r, 4);
	const char *bad[] = {"XFE1", "A0", "A1048577", "A01", "1A", "A", "", "AAAA1", "A1B", "A-1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (xlsx_ref_parse(bad[i], &r, &c) == 0)
			fail_msg("\"%s\" was read as a reference", bad[i]);
}

static void dates(void **state)
{
	(void)state;
	const struct {
		const char *serial;
		bool date1904;
		const char *date;
	} cases[] = {{"45366", false, "2024-03-15"}, {"45366.75", false, "2024-03-15"},
		     {"1", false, "1900-01-01"},     {"59", false, "1900-02-28"},
		     {"60", false, "1900-02-29"},    {"61", false, "1900-03-01"},
		     {"36526", false, "2000-01-01"}, {"2958465", false, "9999-12-31"},
		     {"0", true, "1904-01-01"},	     {"1461", true, "1908-01-01"}};
	char out[11];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(xlsx_date_text(cases[i].serial, cases[i].date1904, out), 0);
		assert_string_equal(out, cases[i].date);
	}
	assert_int_equal(xlsx_date_text("0", false, out), -1);
	assert_int_equal(xlsx_date_text("-1", false, out), -1);
	assert_int_equal(xlsx_date_text("2958466", false, out), -1);
	assert_int_equal(xlsx_date_text("abc", false, out), -1);
	assert_int_equal(xlsx_date_text("1E300", false, out), -1);
	assert_int_equal(xlsx_date_text("2957003", true, out), 0);
	assert_string_equal(out, "9999-12-31");
	assert_int_equal(xlsx_date_text("2957004", true, out), -1);
}

static void zip_bombs(void **state)
{
	(void)state;
	expect_read_error("bomb.xlsx", NULL,
			  "bomb.xlsx: xl/worksheets/sheet1.xml: the part inflates to more than 100 times its "
			  "compressed size (a ZIP bomb?)");
	expect_read_error(
	    "bomb-lies.xlsx", NULL,
	    "bomb-lies.xlsx: xl/worksheets/sheet1.xml: the part inflates to more than 100 times its "
	    "compressed size (a ZIP bomb?)");
	struct xlsx_limits lim = xlsx_default_limits();
	lim.ratio = 1000000;
	lim.part_bytes = 1 << 20;
	expect_read_error(
	    "bomb.xlsx", &lim,
	    "bomb.xlsx: xl/worksheets/sheet1.xml: the part declares 52428972 bytes inflated, more "
	    "than 1048576 (a ZIP bomb?)");
	expect_read_error(
	    "bomb-lies.xlsx", &lim, /* declares 100 bytes: counted as inflated */
	    "bomb-lies.xlsx: xl/worksheets/sheet1.xml: the part inflates to more than 1048576 bytes "
	    "(a ZIP bomb?)");
	lim = xlsx_default_limits();
	lim.total_bytes = 2000;
	expect_open_error(
	    "book.xlsx", &lim,
	    "book.xlsx: xl/styles.xml: the workbook's parts inflate to more than 2000 bytes in all (a "
	    "ZIP bomb?)");
	lim = xlsx_default_limits();
	lim.parts = 5;
	expect_open_error("book.xlsx", &lim,
			  "book.xlsx: the ZIP archive has 11 entries, more than the 5 a workbook may have");
}

static void hostile_xml(void **state)
{
	(void)state;
	expect_read_error("deep.xlsx", NULL,
			  "deep.xlsx: xl/worksheets/sheet1.xml: XML nested deeper than 64 elements");
	expect_open_error(
	    "laughs.xlsx", NULL,
	    "laughs.xlsx: xl/sharedStrings.xml: the XML has a DOCTYPE: document types and entities "
	    "are not allowed in a workbook");
	expect_read_error("bad-xml.xlsx", NULL,
			  "bad-xml.xlsx: xl/worksheets/sheet1.xml: XML error at line 1: mismatched tag");
	struct xlsx_limits lim = xlsx_default_limits();
	lim.strings = 10;
	expect_open_error("strings.xlsx", &lim,
			  "strings.xlsx: xl/sharedStrings.xml: more than 10 shared strings");
	lim = xlsx_default_limits();
	lim.string_bytes = 10;
	expect_open_error("strings.xlsx", &lim,
			  "strings.xlsx: xl/sharedStrings.xml: the shared strings hold more than 10 bytes");
	expect_read_error(
	    "sst-index.xlsx", NULL,
	    "sst-index.xlsx: xl/worksheets/sheet1.xml: cell A1: shared string 11 does not exist "
	    "(there are 11)");
	struct xlsx_book b;
	struct xlsx_table t;
	open_ok("strings.xlsx", &b); /* 11 strings are fine by default */
	read_ok(&b, 0, &t);
	assert_cell(&t, 0, 0, "x", XLSX_TEXT, XLSX_FMT_GENERAL);
	xlsx_table_free(&t);
	xlsx_book_free(&b);
}

static void missing_parts(void **state)
{
	(void)state;
	expect_open_error("no-workbook.xlsx", NULL,
			  "no-workbook.xlsx: not an Excel workbook: it has no xl/workbook.xml");
	expect_open_error("binary.xlsx", NULL,
			  "binary.xlsx: an Excel Binary Workbook (.xlsb) cannot be read: save it as an Excel "
			  "Workbook (.xlsx)");
	expect_open_error("no-rel.xlsx", NULL,
			  "no-rel.xlsx: xl/workbook.xml: sheet \"S\" names relationship rId9, which "
			  "xl/_rels/workbook.xml.rels does not have");
	expect_read_error("no-sheet.xlsx", NULL,
			  "no-sheet.xlsx: xl/worksheets/sheet9.xml: the part of sheet \"S\" is missing");
	expect_open_error(
	    "escape.xlsx", NULL,
	    "escape.xlsx: xl/_rels/workbook.xml.rels: sheet \"S\": target \"../../etc/passwd\" is "
	    "outside the workbook");
}

static void not_workbooks(void **state)
{
	(void)state;
	expect_open_error("text.xlsx", NULL,
			  "text.xlsx: not an Excel workbook (.xlsx): the file is not a ZIP archive");
	expect_open_error("encrypted.xlsx", NULL,
			  "encrypted.xlsx: the workbook is encrypted (password-protected): open it in Excel, "
			  "remove the password (File > Info > Protect Workbook) and save it again");
	expect_open_error("old.xls", NULL,
			  "old.xls: an old Excel 97-2003 workbook (.xls) cannot be read: save it as an Excel "
			  "Workbook (.xlsx)");
	expect_open_error(
	    "truncated.xlsx", NULL,
	    "truncated.xlsx: not an Excel workbook (.xlsx): the ZIP archive has no central directory "
	    "(truncated?)");
	expect_read_error("crc.xlsx", NULL,
			  "crc.xlsx: xl/worksheets/sheet1.xml: the part is corrupt (CRC error)");
	struct xlsx_book b;
	struct error err = {0};
	assert_int_equal(xlsx_open_bytes("", 0, "empty.xlsx", NULL, &b, &err), -1);
	assert_string_equal(err.text,
			    "empty.xlsx: not an Excel workbook (.xlsx): the file is not a ZIP archive");
	assert_int_equal(xlsx_open("/nonexistent/so_lieu.xlsx", "so_lieu.xlsx", NULL, &b, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, "/nonexistent/so_lieu.xlsx"));
}

static void bad_cells(void **state)
{
	(void)state;
	const char *S = "xl/worksheets/sheet1.xml";
	const struct {
		const char *file, *message;
	} cases[] = {
	    {"dup-cell.xlsx", "cell A1 comes after cell A1 (duplicate or out of order)"},
	    {"order-cell.xlsx", "cell A2 comes after cell B2 (duplicate or out of order)"},
	    {"dup-row.xlsx", "row 2 comes after row 2 (duplicate or out of order)"},
	    {"wrong-row.xlsx", "cell A3 is inside row 2"},
	    {"far-col.xlsx", "cell reference \"XFE1\" is malformed or beyond XFD1048576"},
	    {"far-row.xlsx", "row number \"1048577\" is not between 1 and 1048576"},
	    {"wide.xlsx", "cell XFD1 is beyond the 1000 columns a table may have"},
	    {"not-number.xlsx", "cell A1: \"4,5\" is not a number"},
	    {"no-style.xlsx", "cell A1: style 7 does not exist (0 in xl/styles.xml)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char want[512];
		snprintf(want, sizeof want, "%s: %s: %s", cases[i].file, S, cases[i].message);
		expect_read_error(cases[i].file, NULL, want);
	}
	struct xlsx_limits lim = xlsx_default_limits();
	lim.rows = 3;
	expect_read_error("book.xlsx", &lim,
			  "book.xlsx: xl/worksheets/sheet1.xml: more than 3 rows with values");
	lim = xlsx_default_limits();
	lim.cells = 20;
	expect_read_error("book.xlsx", &lim, "book.xlsx: xl/worksheets/sheet1.xml: more than 20 cells");
	lim.cells = 27; /* 22 cells, but 4 rows of 7 columns */
	expect_read_error("book.xlsx", &lim,
			  "book.xlsx: xl/worksheets/sheet1.xml: 4 rows of 7 columns are more than 27 cells");
	struct xlsx_book b;
	struct xlsx_table t;
	struct error err = {0};
	open_ok("book.xlsx", &b);
	assert_int_equal(xlsx_table_read(&b, 3, &t, &err), -1);
	assert_string_equal(err.text, "book.xlsx: no sheet 4 (the workbook has 3)");
	xlsx_book_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sheets_listed_and_chosen),
	    cmocka_unit_test(clerk_sheet_cells),
	    cmocka_unit_test(two_row_header),
	    cmocka_unit_test(raw_cells),
	    cmocka_unit_test(libreoffice_book),
	    cmocka_unit_test(number_exact),
	    cmocka_unit_test(references),
	    cmocka_unit_test(dates),
	    cmocka_unit_test(zip_bombs),
	    cmocka_unit_test(hostile_xml),
	    cmocka_unit_test(missing_parts),
	    cmocka_unit_test(not_workbooks),
	    cmocka_unit_test(bad_cells),
	};
	return cmocka_run_group_tests(tests, make_workbooks, remove_workbooks);
}

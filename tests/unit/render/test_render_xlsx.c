/*
 * test_render_xlsx.c — render_xlsx_planned on documents built by hand.
 *
 * The workbooks land in tests/tmp/render_xlsx/ where tests/e2e/xlsx.sh reads
 * them back with openpyxl and LibreOffice (merges, number formats, formulas
 * and their cached values, print setup). Here: the calls succeed, the output
 * is byte-identical when written twice, and every failure is an ERR_IO that
 * names the path.
 *
 *   annex.xlsx       the Gia Lai layout: 4 header rows with merges, percent
 *                    rates, two labour-force columns outside the print area,
 *                    a weighted-mean total row
 *   grouped.xlsx     groups with subtotals and a grand total over
 *                    non-contiguous rows; draft; a note under the table
 *   counts.xlsx      portrait, counts with thousands, a SUM total
 *   wrong-cache.xlsx annex.xlsx with a total cached 1 point too high: the
 *                    LibreOffice recalculation check must catch it
 */
#define OUT "tests/tmp/render_xlsx"
#include "render_fixture.h"

/* Columns of the annex. */
enum {
	C_STT,
	C_NAME,
	C_BHXH23,
	C_BB23,
	C_TN23,
	C_BHXH24,
	C_BB24,
	C_TN24,
	C_BHTN23,
	C_BHTN24,
	C_LF23, /* labour force 2023, not printed */
	C_LF24, /* labour force 2024, not printed */
	N_COLS
};

struct locality {
	const char *name;
	int64_t bb23, tn23, bb24, tn24, bhtn23, bhtn24; /* hundredths of a percent */
	int64_t lf23, lf24;				/* people */
};

static const struct locality localities[] = {
    {"Thành phố Pleiku", 2650, 410, 2712, 455, 2280, 2330, 140250, 141020},
    {"Thị xã An Khê", 1320, 290, 1380, 325, 1105, 1150, 38775, 38990},
    {"Thị xã Ayun Pa", 1190, 305, 1240, 340, 1010, 1045, 23410, 23600},
    {"Huyện Kbang", 845, 215, 880, 260, 702, 731, 41230, 41575},
    {"Huyện Đak Đoa", 910, 198, 955, 236, 770, 802, 72690, 73120},
    {"Huyện Chư Păh", 780, 176, 822, 214, 655, 690, 44615, 44980},
};
#define N_LOC ((int)(sizeof localities / sizeof localities[0]))

/* Σ(value × weight) / Σ weight rounded half away from zero, exactly. */
static int64_t weighted_mean(const int64_t *value, const int64_t *weight, int n)
{
	int64_t num = 0, den = 0;
	for (int i = 0; i < n; i++) {
		num += value[i] * weight[i];
		den += weight[i];
	}
	return (2 * num + den) / (2 * den);
}

static int64_t loc_field(const struct locality *l, int col)
{
	switch (col) {
	case C_BHXH23:
		return l->bb23 + l->tn23;
	case C_BB23:
		return l->bb23;
	case C_TN23:
		return l->tn23;
	case C_BHXH24:
		return l->bb24 + l->tn24;
	case C_BB24:
		return l->bb24;
	case C_TN24:
		return l->tn24;
	case C_BHTN23:
		return l->bhtn23;
	case C_BHTN24:
		return l->bhtn24;
	case C_LF23:
		return l->lf23;
	default:
		return l->lf24;
	}
}

static int weight_col(int col)
{
	return col == C_BHXH23 || col == C_BB23 || col == C_TN23 || col == C_BHTN23 ? C_LF23 : C_LF24;
}

static void header(struct table *t)
{
	for (int i = 0; i < 4; i++)
		assert_int_equal(table_add_row(t, ROW_HEADER), i);
	set_text(t, 0, C_STT, "STT", HEAD);
	table_merge(t, 0, C_STT, 4, 1);
	set_text(t, 0, C_NAME, "Địa bàn", HEAD);
	table_merge(t, 0, C_NAME, 4, 1);
	set_text(t, 0, C_BHXH23, "Tỷ lệ % tham gia so với lực lượng lao động trong độ tuổi", HEAD);
	table_merge(t, 0, C_BHXH23, 1, 8);
	set_text(t, 0, C_LF23, "Lực lượng lao động trong độ tuổi (người)", HEAD);
	table_merge(t, 0, C_LF23, 1, 2);
	set_text(t, 1, C_BHXH23, "Bảo hiểm xã hội", HEAD);
	table_merge(t, 1, C_BHXH23, 1, 6);
	set_text(t, 1, C_BHTN23, "Bảo hiểm thất nghiệp", HEAD);
	table_merge(t, 1, C_BHTN23, 2, 2);
	set_text(t, 1, C_LF23, "Năm 2023", HEAD);
	table_merge(t, 1, C_LF23, 3, 1);
	set_text(t, 1, C_LF24, "Năm 2024", HEAD);
	table_merge(t, 1, C_LF24, 3, 1);
	set_text(t, 2, C_BHXH23, "Năm 2023", HEAD);
	table_merge(t, 2, C_BHXH23, 1, 3);
	set_text(t, 2, C_BHXH24, "Năm 2024", HEAD);
	table_merge(t, 2, C_BHXH24, 1, 3);
	for (int y = 0; y < 2; y++) {
		set_text(t, 3, C_BHXH23 + 3 * y, "BHXH", HEAD);
		set_text(t, 3, C_BB23 + 3 * y, "Trong đó BHXH bắt buộc", HEAD);
		set_text(t, 3, C_TN23 + 3 * y, "Trong đó BHXH tự nguyện", HEAD);
	}
	set_text(t, 3, C_BHTN23, "Năm 2023", HEAD);
	set_text(t, 3, C_BHTN24, "Năm 2024", HEAD);
}

static void body_row(struct table *t, int stt, const struct locality *l)
{
	int r = table_add_row(t, ROW_BODY);
	assert_true(r >= 0);
	char n[16];
	snprintf(n, sizeof n, "%d", stt);
	set_text(t, r, C_STT, n, BODY_CENTER);
	set_text(t, r, C_NAME, l->name, BODY_TEXT);
	for (int c = C_BHXH23; c < N_COLS; c++)
		table_set_number(t, r, c, loc_field(l, c), c >= C_LF23 ? COUNT : PCT, BODY_NUM);
}

/* An aggregate row over the given table rows (owned copy made here). */
static int aggregate_row(struct table *t, enum row_kind kind, const char *label, const int *rows,
			 const struct locality *const *locs, int n, int64_t bias)
{
	int r = table_add_row(t, kind);
	assert_true(r >= 0);
	set_text(t, r, C_STT, label, TOTAL_TEXT);
	table_merge(t, r, C_STT, 1, 2);
	for (int c = C_BHXH23; c < N_COLS; c++) {
		int64_t v[16], wgt[16], units = 0;
		for (int i = 0; i < n; i++) {
			v[i] = loc_field(locs[i], c);
			wgt[i] = loc_field(locs[i], weight_col(c));
			units += v[i];
		}
		bool rate = c < C_LF23;
		if (rate)
			units = weighted_mean(v, wgt, n) + bias;
		table_set_number(t, r, c, units, rate ? PCT : COUNT, TOTAL_NUM);
		struct aggregate *a = &table_at(t, r, c)->agg;
		a->op = rate ? AGG_WEIGHTED_MEAN : AGG_SUM;
		a->weight_col = rate ? weight_col(c) : 0;
		a->n_rows = n;
		a->rows = malloc((size_t)n * sizeof *a->rows);
		assert_non_null(a->rows);
		memcpy(a->rows, rows, (size_t)n * sizeof *a->rows);
	}
	return r;
}

static void page(struct document *doc, enum orientation o)
{
	doc->page = (struct page_setup){
	    .orientation = o,
	    .margin_top_mm = 20,
	    .margin_bottom_mm = 20,
	    .margin_left_mm = 30,
	    .margin_right_mm = 15,
	    .body_size_pt = 12,
	    .header_size_pt = 12,
	};
}

static void title_lines(struct document *doc, const char *title)
{
	struct text_style center_bold = {.bold = true, .align = ALIGN_CENTER, .wrap = true};
	struct text_style center_italic = {.italic = true, .align = ALIGN_CENTER, .wrap = true};
	assert_int_equal(document_add_paragraph(&doc->before, &doc->n_before, "Phụ lục", center_bold, 14), 0);
	assert_int_equal(document_add_paragraph(&doc->before, &doc->n_before, title, center_bold, 13), 0);
	assert_int_equal(document_add_paragraph(&doc->before, &doc->n_before,
						"(Kèm theo Kế hoạch số 12/KH-UBND ngày 15 tháng 3 năm 2023 "
						"của Ủy ban nhân dân tỉnh Gia Lai)",
						center_italic, 14),
			 0);
	doc->before[doc->n_before - 1].rule_after = true;
}

static void metadata(struct document *doc, const char *title)
{
	doc->title = strdup(title);
	doc->subject = strdup("Chỉ tiêu phát triển đối tượng tham gia BHXH, BHTN");
	doc->author = strdup("Sở Nội vụ tỉnh Gia Lai");
	doc->sheet_name = strdup("Phụ lục");
	assert_non_null(doc->title);
	assert_non_null(doc->sheet_name);
	doc->created = 1700000000; /* 2023-11-14T22:13:20Z */
}

#define ANNEX_TITLE                                                                                                                    \
	"CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI, BẢO HIỂM THẤT NGHIỆP GIAI ĐOẠN 2023 - " \
	"2024 "                                                                                                                        \
	"TRÊN ĐỊA BÀN TỈNH GIA LAI"

/* The flat annex; `bias` is added to every cached rate of the total row. */
static void build_annex(struct document *doc, int64_t bias)
{
	memset(doc, 0, sizeof *doc);
	metadata(doc, "Phụ lục chỉ tiêu BHXH, BHTN 2023 - 2024");
	page(doc, ORIENT_LANDSCAPE);
	title_lines(doc, ANNEX_TITLE);
	assert_int_equal(table_init(&doc->table, N_COLS), 0);
	doc->table.cols[C_NAME].is_label = true;
	doc->table.cols[C_LF23].printed = false;
	doc->table.cols[C_LF24].printed = false;
	header(&doc->table);
	int rows[N_LOC];
	const struct locality *locs[N_LOC];
	for (int i = 0; i < N_LOC; i++) {
		body_row(&doc->table, i + 1, &localities[i]);
		rows[i] = doc->table.n_rows - 1;
		locs[i] = &localities[i];
	}
	aggregate_row(&doc->table, ROW_TOTAL, "Toàn tỉnh", rows, locs, N_LOC, bias);
}

/* Two groups with subtotals; the grand total skips the subtotal rows. */
static void build_grouped(struct document *doc)
{
	memset(doc, 0, sizeof *doc);
	metadata(doc, "Phụ lục theo nhóm (dự thảo)");
	page(doc, ORIENT_LANDSCAPE);
	doc->draft = true;
	doc->draft_mark = strdup("DỰ THẢO"); /* the templates' nhan.du_thao */
	assert_non_null(doc->draft_mark);
	title_lines(doc, ANNEX_TITLE);
	struct text_style note = {.italic = true, .align = ALIGN_LEFT, .wrap = true};
	assert_int_equal(
	    document_add_paragraph(&doc->after, &doc->n_after,
				   "Ghi chú: Tỷ lệ toàn tỉnh là bình quân gia quyền theo lực lượng "
				   "lao động trong độ tuổi của từng địa bàn; số liệu lực lượng lao "
				   "động lấy theo niên giám thống kê.",
				   note, 12),
	    0);
	struct table *t = &doc->table;
	assert_int_equal(table_init(t, N_COLS), 0);
	t->cols[C_NAME].is_label = true;
	t->cols[C_LF23].printed = false;
	t->cols[C_LF24].printed = false;
	header(t);
	int all[N_LOC], n_all = 0, stt = 1;
	const struct locality *all_locs[N_LOC];
	const char *groups[2] = {"Khu vực đô thị", "Khu vực nông thôn"};
	for (int g = 0; g < 2; g++) {
		int r = table_add_row(t, ROW_GROUP);
		set_text(t, r, C_STT, groups[g], (struct text_style){.bold = true, .align = ALIGN_LEFT});
		table_merge(t, r, C_STT, 1, N_COLS - 2);
		int rows[N_LOC], n = 0;
		const struct locality *locs[N_LOC];
		for (int i = g * 3; i < g * 3 + 3; i++) {
			body_row(t, stt++, &localities[i]);
			rows[n] = all[n_all] = t->n_rows - 1;
			locs[n++] = all_locs[n_all++] = &localities[i];
		}
		aggregate_row(t, ROW_SUBTOTAL, "Cộng", rows, locs, n, 0);
	}
	aggregate_row(t, ROW_TOTAL, "Toàn tỉnh", all, all_locs, n_all, 0);
}

/* Portrait, counts only, a plain sum. */
static void build_counts(struct document *doc)
{
	memset(doc, 0, sizeof *doc);
	metadata(doc, "Số người tham gia BHXH");
	page(doc, ORIENT_PORTRAIT);
	title_lines(doc, "Số người tham gia bảo hiểm xã hội");
	struct table *t = &doc->table;
	assert_int_equal(table_init(t, 3), 0);
	t->cols[1].is_label = true;
	assert_int_equal(table_add_row(t, ROW_HEADER), 0);
	set_text(t, 0, 0, "STT", HEAD);
	set_text(t, 0, 1, "Địa bàn", HEAD);
	set_text(t, 0, 2, "Số người tham gia BHXH (người)", HEAD);
	int rows[N_LOC];
	int64_t sum = 0;
	for (int i = 0; i < N_LOC; i++) {
		int r = table_add_row(t, ROW_BODY);
		char n[16];
		snprintf(n, sizeof n, "%d", i + 1);
		set_text(t, r, 0, n, BODY_CENTER);
		set_text(t, r, 1, localities[i].name, BODY_TEXT);
		table_set_number(t, r, 2, localities[i].lf24 * 3, COUNT, BODY_NUM);
		sum += localities[i].lf24 * 3;
		rows[i] = r;
	}
	int r = table_add_row(t, ROW_TOTAL);
	set_text(t, r, 0, "Toàn tỉnh", TOTAL_TEXT);
	table_merge(t, r, 0, 1, 2);
	table_set_number(t, r, 2, sum, COUNT, TOTAL_NUM);
	struct aggregate *a = &table_at(t, r, 2)->agg;
	a->op = AGG_SUM;
	a->n_rows = N_LOC;
	a->rows = malloc(sizeof rows);
	assert_non_null(a->rows);
	memcpy(a->rows, rows, sizeof rows);
}

static void write_ok(const struct document *doc, const char *path)
{
	struct error err = {0};
	int rc = render_xlsx_planned(doc, &fonts, NULL, path, &err);
	if (rc)
		print_error("%s\n", err.text);
	assert_int_equal(rc, 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1000);
}

/* The sums the test expects are the ones spelled out in the annex. */
static void test_weighted_mean_helper(void **state)
{
	(void)state;
	int64_t v[2] = {4151, 1000}, w[2] = {1, 1};
	assert_int_equal(weighted_mean(v, w, 2), 2576); /* 2575,5 rounds away from zero */
	int64_t v3[3] = {1000, 2000, 3000}, w3[3] = {1, 1, 2};
	assert_int_equal(weighted_mean(v3, w3, 3), 2250);
}

static void test_annex(void **state)
{
	(void)state;
	struct document doc;
	build_annex(&doc, 0);
	write_ok(&doc, OUT "/annex.xlsx");
	/* Twice, across a zip timestamp tick (2 s): the bytes must not change. */
	sleep(2);
	write_ok(&doc, OUT "/annex-again.xlsx");
	size_t n1, n2;
	char *a = slurp(OUT "/annex.xlsx", &n1), *b = slurp(OUT "/annex-again.xlsx", &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
	/* Through the default entry point (fonts from PHULUC_FONT_DIR), same bytes. */
	struct error err = {0};
	assert_int_equal(render_xlsx_planned(&doc, NULL, NULL, OUT "/annex-default.xlsx", &err), 0);
	a = slurp(OUT "/annex.xlsx", &n1);
	b = slurp(OUT "/annex-default.xlsx", &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
	document_free(&doc);
}

static void test_grouped_draft(void **state)
{
	(void)state;
	struct document doc;
	build_grouped(&doc);
	write_ok(&doc, OUT "/grouped.xlsx");
	document_free(&doc);
}

static void test_counts_portrait(void **state)
{
	(void)state;
	struct document doc;
	build_counts(&doc);
	write_ok(&doc, OUT "/counts.xlsx");
	document_free(&doc);
}

/* The negative control for the recalculation check in tests/e2e/xlsx.sh. */
static void test_wrong_cache(void **state)
{
	(void)state;
	struct document doc;
	build_annex(&doc, 100);
	write_ok(&doc, OUT "/wrong-cache.xlsx");
	document_free(&doc);
}

static void expect_io_error(const struct document *doc, const struct font_files *f, const char *path)
{
	struct error err = {0};
	assert_int_equal(render_xlsx_planned(doc, f, NULL, path, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, f == &fonts ? path : f->regular));
	assert_int_equal(access(path, F_OK), -1);
}

static void test_errors(void **state)
{
	(void)state;
	struct document doc;
	build_annex(&doc, 0);

	/* A directory that does not exist, and a "directory" that is a file. */
	expect_io_error(&doc, &fonts, OUT "/no-such-dir/annex.xlsx");
	FILE *f = fopen(OUT "/plain-file", "w");
	assert_non_null(f);
	fclose(f);
	expect_io_error(&doc, &fonts, OUT "/plain-file/annex.xlsx");

	/* A missing font is an I/O error naming the font. */
	struct font_files missing = {.regular = "fonts/none.ttf", .bold = fonts.bold, .italic = fonts.italic};
	expect_io_error(&doc, &missing, OUT "/missing-font.xlsx");

	/* A sheet name Excel refuses: nothing is written. */
	free(doc.sheet_name);
	doc.sheet_name = strdup("Phụ lục [1]");
	expect_io_error(&doc, &fonts, OUT "/bad-sheet.xlsx");

	/* No printed column: nothing to lay out. */
	free(doc.sheet_name);
	doc.sheet_name = strdup("Phụ lục");
	for (int c = 0; c < doc.table.n_cols; c++)
		doc.table.cols[c].printed = false;
	expect_io_error(&doc, &fonts, OUT "/no-columns.xlsx");
	document_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_weighted_mean_helper), cmocka_unit_test(test_annex),
	    cmocka_unit_test(test_grouped_draft),	 cmocka_unit_test(test_counts_portrait),
	    cmocka_unit_test(test_wrong_cache),		 cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup_out, NULL);
}

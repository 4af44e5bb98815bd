/*
 * test_render_pdf.c — render_pdf_planned on documents built by hand.
 *
 * The PDFs land in tests/tmp/render_pdf/ where tests/e2e/pdf.sh reads them
 * back with poppler and qpdf (fonts, text, pages, header repetition, page
 * numbers, draft mark, ink of the diacritics). Here: the calls succeed,
 * the output is a complete PDF, byte-identical when written twice, and
 * every failure is -1 with an ERR_IO that names the path or the character.
 *
 *   annex.pdf    an annex-like table: a 3-level merged header, percent
 *                rates, a count with thousands, one column outside the
 *                print area, a total row, a note under the table
 *   annex2.pdf   annex.pdf written a second time (must be identical)
 *   long.pdf     135 body rows and a total row: several pages
 *   glyphs.pdf   cells "E", "Ệ", "Ế", "O", "Ỡ": the ink test's input
 *   draft.pdf    a long draft: DỰ THẢO on every page
 *   wide.pdf     10 columns of long numbers in portrait: the type must
 *                shrink so that nothing crosses a cell border
 *   bands.pdf    26 such columns: too wide even at 8 pt, split into column
 *                bands
 */
#define OUT "tests/tmp/render_pdf"
#include "render_fixture.h"

/* Columns of the test annex. */
enum {
	C_STT,
	C_NAME,
	C_BHXH23,
	C_BB23,
	C_BHXH24,
	C_BB24,
	C_BHTN23,
	C_BHTN24,
	C_LF,	  /* labour force: printed, a count with thousands */
	C_HIDDEN, /* data for the XLSX formulas: not drawn */
	N_COLS
};

static const char *const names[] = {
    "Thành phố Pleiku", "Thị xã An Khê",   "Huyện Kbang",     "Huyện Đak Đoa", "Huyện Chư Păh",
    "Huyện Ia Grai",	"Huyện Mang Yang", "Huyện Kông Chro", "Huyện Đức Cơ",  "Huyện Chư Prông",
};

static void paragraphs(struct document *doc, const char *title)
{
	struct text_style centre_bold = {.bold = true, .align = ALIGN_CENTER, .wrap = true};
	struct text_style centre_italic = {.italic = true, .align = ALIGN_CENTER, .wrap = true};
	struct text_style note = {.italic = true, .align = ALIGN_LEFT, .wrap = true};
	assert_int_equal(document_add_paragraph(&doc->before, &doc->n_before, "Phụ lục II", centre_bold, 14),
			 0);
	assert_int_equal(document_add_paragraph(&doc->before, &doc->n_before, title, centre_bold, 14), 0);
	assert_int_equal(
	    document_add_paragraph(&doc->before, &doc->n_before,
				   "(Kèm theo Kế hoạch số:      /KH-UBND ngày    tháng    năm 2025 "
				   "của Ủy ban nhân dân tỉnh)",
				   centre_italic, 14),
	    0);
	doc->before[doc->n_before - 1].rule_after = true;
	assert_int_equal(document_add_paragraph(&doc->after, &doc->n_after,
						"Ghi chú: Tỷ lệ bao phủ BHXH, BHTN chưa bao gồm lực lượng vũ "
						"trang đóng chân trên địa bàn.",
						note, 13),
			 0);
}

/*
 * The header of the test annex, three levels:
 *   STT | Địa bàn | Tỷ lệ % trên lực lượng lao động ...                 | Lực lượng lao động
 *       |         | Bảo hiểm xã hội                 | Bảo hiểm thất nghiệp |
 *       |         | Năm 2023      | Năm 2024        | Năm 2023 | Năm 2024  |
 *       |         | BHXH | Trong đó BHXH bắt buộc ...                      |
 */
static void header(struct table *t)
{
	for (int i = 0; i < 4; i++)
		assert_int_equal(table_add_row(t, ROW_HEADER), i);
	set_text(t, 0, C_STT, "STT", HEAD);
	table_merge(t, 0, C_STT, 4, 1);
	set_text(t, 0, C_NAME, "Địa bàn", HEAD);
	table_merge(t, 0, C_NAME, 4, 1);
	set_text(t, 0, C_BHXH23, "Tỷ lệ % trên lực lượng lao động trong độ tuổi", HEAD);
	table_merge(t, 0, C_BHXH23, 1, 6);
	set_text(t, 0, C_LF, "Lực lượng lao động năm 2024 (người)", HEAD);
	table_merge(t, 0, C_LF, 4, 1);
	set_text(t, 0, C_HIDDEN, "Dữ liệu ẩn", HEAD);
	table_merge(t, 0, C_HIDDEN, 4, 1);
	set_text(t, 1, C_BHXH23, "Bảo hiểm xã hội", HEAD);
	table_merge(t, 1, C_BHXH23, 1, 4);
	set_text(t, 1, C_BHTN23, "Bảo hiểm thất nghiệp", HEAD);
	table_merge(t, 1, C_BHTN23, 1, 2);
	set_text(t, 2, C_BHXH23, "Năm 2023", HEAD);
	table_merge(t, 2, C_BHXH23, 1, 2);
	set_text(t, 2, C_BHXH24, "Năm 2024", HEAD);
	table_merge(t, 2, C_BHXH24, 1, 2);
	set_text(t, 2, C_BHTN23, "Năm 2023", HEAD);
	table_merge(t, 2, C_BHTN23, 2, 1);
	set_text(t, 2, C_BHTN24, "Năm 2024", HEAD);
	table_merge(t, 2, C_BHTN24, 2, 1);
	for (int y = 0; y < 2; y++) {
		set_text(t, 3, C_BHXH23 + 2 * y, "BHXH", HEAD);
		set_text(t, 3, C_BB23 + 2 * y, "Trong đó BHXH bắt buộc", HEAD);
	}
}

/* An annex with n body rows (names cycle, numbered after the tenth) and a total row. */
static void annex(struct document *doc, int n, bool draft)
{
	memset(doc, 0, sizeof *doc);
	doc->title = strdup("Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội (thử nghiệm)");
	doc->subject = strdup("Phụ lục kèm theo Kế hoạch");
	doc->author = strdup("Ủy ban nhân dân tỉnh Gia Lai");
	doc->sheet_name = strdup("Phụ lục II");
	doc->page = (struct page_setup){.orientation = ORIENT_LANDSCAPE,
					.margin_top_mm = 20,
					.margin_bottom_mm = 20,
					.margin_left_mm = 30,
					.margin_right_mm = 15,
					.body_size_pt = 12,
					.header_size_pt = 12};
	doc->draft = draft;
	doc->draft_mark = strdup("DỰ THẢO"); /* the templates' nhan.du_thao */
	assert_non_null(doc->draft_mark);
	doc->created = 1700000000;
	paragraphs(doc, "CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI, BẢO HIỂM THẤT NGHIỆP "
			"GIAI ĐOẠN 2023 - 2024 CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ");

	struct table *t = &doc->table;
	assert_int_equal(table_init(t, N_COLS), 0);
	t->cols[C_NAME].is_label = true;
	t->cols[C_HIDDEN].printed = false;
	header(t);
	for (int i = 0; i < n; i++) {
		int r = table_add_row(t, ROW_BODY);
		assert_true(r >= 0);
		char stt[16], name[64];
		snprintf(stt, sizeof stt, "%d", i + 1);
		if (i < 10)
			snprintf(name, sizeof name, "%s", names[i]);
		else
			snprintf(name, sizeof name, "%s %d", names[i % 10], i + 1);
		set_text(t, r, C_STT, stt, BODY_CENTER);
		set_text(t, r, C_NAME, name, BODY_TEXT);
		int64_t base = 400 + (i * 397) % 3800;
		table_set_number(t, r, C_BHXH23, base + 278, PCT, BODY_NUM);
		table_set_number(t, r, C_BB23, base, PCT, BODY_NUM);
		table_set_number(t, r, C_BHXH24, base + 350, PCT, BODY_NUM);
		table_set_number(t, r, C_BB24, base + 40, PCT, BODY_NUM);
		table_set_number(t, r, C_BHTN23, base / 2, PCT, BODY_NUM);
		table_set_number(t, r, C_BHTN24, base / 2 + 31, PCT, BODY_NUM);
		table_set_number(t, r, C_LF, 2000 + (int64_t)i * 1931, COUNT, BODY_NUM);
		table_set_number(t, r, C_HIDDEN, 123456789, COUNT, BODY_NUM);
	}
	/* The first row carries the figures of the Gia Lai annex, to find them in the text. */
	table_set_number(t, 4, C_BHXH23, 4151, PCT, BODY_NUM);
	table_set_number(t, 4, C_LF, 264650, COUNT, BODY_NUM);
	int r = table_add_row(t, ROW_TOTAL);
	assert_true(r >= 0);
	set_text(t, r, C_NAME, "Toàn tỉnh", TOTAL_TEXT);
	for (int c = C_BHXH23; c <= C_BHTN24; c++)
		table_set_number(t, r, c, 1483, PCT, TOTAL_NUM);
	table_set_number(t, r, C_LF, 1234567, COUNT, TOTAL_NUM);
}

/* A written file is a whole PDF: header, and %%EOF at the end. */
static void assert_pdf(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char head[5] = {0}, tail[16] = {0};
	assert_int_equal(fread(head, 1, 4, f), 4);
	assert_string_equal(head, "%PDF");
	assert_int_equal(fseek(f, -7, SEEK_END), 0);
	size_t n = fread(tail, 1, sizeof tail - 1, f);
	fclose(f);
	assert_true(n >= 5);
	assert_non_null(strstr(tail, "%%EOF"));
}

static void render_ok(const struct document *doc, const char *path)
{
	struct error err = {0};
	int rc = render_pdf_planned(doc, &fonts, path, NULL, &err);
	if (rc)
		fail_msg("render_pdf_planned(%s): %s", path, err.text);
	assert_int_equal(err.kind, ERR_NONE);
	assert_pdf(path);
}

static void test_annex(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 10, false);
	render_ok(&doc, OUT "/annex.pdf");
	render_ok(&doc, OUT "/annex2.pdf");
	document_free(&doc);
	size_t n1, n2;
	char *a = slurp(OUT "/annex.pdf", &n1), *b = slurp(OUT "/annex2.pdf", &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
}

static void test_long_table(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 135, false);
	render_ok(&doc, OUT "/long.pdf");
	document_free(&doc);
}

static void test_draft(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 60, true);
	render_ok(&doc, OUT "/draft.pdf");
	document_free(&doc);
}

/* One row of single letters: bare and with Vietnamese marks, far apart so each is a word. */
static void test_glyphs(void **state)
{
	(void)state;
	static const char *const letters[] = {"E", "Ệ", "Ế", "O", "Ỡ", "A", "Ặ"};
	enum { N = sizeof letters / sizeof letters[0] };
	struct document doc = {0};
	doc.page = (struct page_setup){.orientation = ORIENT_PORTRAIT,
				       .margin_top_mm = 20,
				       .margin_bottom_mm = 20,
				       .margin_left_mm = 30,
				       .margin_right_mm = 15,
				       .body_size_pt = 28,
				       .header_size_pt = 13};
	doc.title = strdup("Kiểm tra dấu tiếng Việt");
	struct table *t = &doc.table;
	assert_int_equal(table_init(t, N), 0);
	int h = table_add_row(t, ROW_HEADER), r = table_add_row(t, ROW_BODY);
	assert_true(h >= 0 && r >= 0);
	for (int c = 0; c < N; c++) {
		char label[32];
		snprintf(label, sizeof label, "Cột %d", c + 1);
		set_text(t, h, c, label, HEAD);
		set_text(t, r, c, letters[c], BODY_CENTER);
	}
	render_ok(&doc, OUT "/glyphs.pdf");
	document_free(&doc);
}

/* A portrait table of n columns of 7-digit counts; caller frees. */
static void counts_table(struct document *doc, int n)
{
	memset(doc, 0, sizeof *doc);
	doc->page = (struct page_setup){.orientation = ORIENT_PORTRAIT,
					.margin_top_mm = 20,
					.margin_bottom_mm = 20,
					.margin_left_mm = 30,
					.margin_right_mm = 15,
					.body_size_pt = 12,
					.header_size_pt = 12};
	struct table *t = &doc->table;
	assert_int_equal(table_init(t, n), 0);
	int h = table_add_row(t, ROW_HEADER);
	assert_true(h >= 0);
	for (int c = 0; c < n; c++) {
		char label[32];
		snprintf(label, sizeof label, "Chỉ số %d", c + 1);
		set_text(t, h, c, label, HEAD);
	}
	for (int i = 0; i < 5; i++) {
		int r = table_add_row(t, ROW_BODY);
		assert_true(r >= 0);
		for (int c = 0; c < n; c++)
			table_set_number(t, r, c, 1000000 + 7919 * (i + 1) * (c + 1), COUNT, BODY_NUM);
	}
}

/* 10 columns of counts in portrait: too wide at 12 pt, so the type must shrink to fit. */
static void test_wide(void **state)
{
	(void)state;
	struct document doc;
	counts_table(&doc, 10);
	render_ok(&doc, OUT "/wide.pdf");
	document_free(&doc);
}

/*
 * 26 such columns do not fit even at the smallest type, on A4 landscape:
 * the table is split into column bands, never refused (SPEC §3).
 */
static void test_bands(void **state)
{
	(void)state;
	struct document doc;
	counts_table(&doc, 26);
	render_ok(&doc, OUT "/bands.pdf");
	document_free(&doc);
}

static void test_unwritable_path(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 3, false);
	struct error err = {0};
	const char *path = OUT "/no-such-dir/annex.pdf";
	assert_int_equal(render_pdf_planned(&doc, &fonts, path, NULL, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, path));
	assert_int_equal(access(path, F_OK), -1);
	document_free(&doc);
}

static void test_missing_font(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 3, false);
	struct font_files bad = fonts;
	bad.bold = "fonts/NoSuchFont-Bold.ttf";
	struct error err = {0};
	const char *path = OUT "/nofont.pdf";
	assert_int_equal(render_pdf_planned(&doc, &bad, path, NULL, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, "NoSuchFont-Bold.ttf"));
	assert_int_equal(access(path, F_OK), -1);
	document_free(&doc);
}

/* A character Liberation Serif cannot draw (CJK) is named, and nothing is written. */
static void test_missing_glyph(void **state)
{
	(void)state;
	struct document doc;
	annex(&doc, 3, false);
	set_text(&doc.table, 5, C_NAME, "Huyện 中", BODY_TEXT);
	struct error err = {0};
	const char *path = OUT "/noglyph.pdf";
	assert_int_equal(render_pdf_planned(&doc, &fonts, path, NULL, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, "U+4E2D"));
	assert_non_null(strstr(err.text, path));
	assert_non_null(strstr(err.text, "LiberationSerif-Regular.ttf"));
	assert_int_equal(access(path, F_OK), -1);

	/* In the header it is drawn bold: the bold file is the one named. */
	set_text(&doc.table, 5, C_NAME, "Huyện", BODY_TEXT);
	set_text(&doc.table, 3, C_BHXH23, "BHXH ☃", HEAD);
	err = (struct error){0};
	assert_int_equal(render_pdf_planned(&doc, &fonts, path, NULL, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, "U+2603"));
	assert_non_null(strstr(err.text, "LiberationSerif-Bold.ttf"));
	assert_int_equal(access(path, F_OK), -1);
	document_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_annex),
	    cmocka_unit_test(test_long_table),
	    cmocka_unit_test(test_draft),
	    cmocka_unit_test(test_glyphs),
	    cmocka_unit_test(test_wide),
	    cmocka_unit_test(test_bands),
	    cmocka_unit_test(test_unwritable_path),
	    cmocka_unit_test(test_missing_font),
	    cmocka_unit_test(test_missing_glyph),
	};
	return cmocka_run_group_tests(tests, setup_out, NULL);
}

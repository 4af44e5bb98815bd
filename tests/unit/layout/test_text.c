/* Unit tests: Unicode folding, upper case, NFC (text.c); line wrapping and widths (metrics.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"
#include "layout/metrics.h"

#include <utf8proc.h>

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void folding_headers(void **state)
{
	(void)state;
	check_fold("Mã", "ma");
	check_fold("Tên địa bàn", "ten_dia_ban");
	check_fold("BHXH bắt buộc 2023", "bhxh_bat_buoc_2023");
	check_fold("  Lực lượng lao động (người) ", "luc_luong_lao_dong_nguoi");
	check_fold("ĐỊA BÀN", "dia_ban");
	check_fold("bhxh_bb_2023", "bhxh_bb_2023");
	/* Decomposed (NFD) input folds the same as precomposed. */
	check_fold("Te\xCC\x82n", "ten");
}

static void upper_case_vietnamese(void **state)
{
	(void)state;
	char *u =
	    text_upper("Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn tỉnh Gia Lai");
	assert_string_equal(
	    u, "CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI TRÊN ĐỊA BÀN TỈNH GIA LAI");
	free(u);
}

static void nfc_composes(void **state)
{
	(void)state;
	/* "Việt" with the dot below and circumflex as combining marks. */
	char *n = text_nfc("Vie\xCC\xA3\xCC\x82t");
	assert_string_equal(n, "Việt");
	free(n);
	assert_true(text_valid_utf8("Việt", strlen("Việt")));
	assert_false(text_valid_utf8("Vi\xE1t", 4));
}

static struct metrics *open_metrics(void)
{
	struct font_files f = {.regular = "fonts/LiberationSerif-Regular.ttf",
			       .bold = "fonts/LiberationSerif-Bold.ttf",
			       .italic = "fonts/LiberationSerif-Italic.ttf"};
	struct error err = {0};
	struct metrics *m = metrics_open(&f, &err);
	assert_non_null(m);
	return m;
}

/* A text longer than one NFC block: the same result as utf8proc on the whole. */
static void nfc_long_text_in_blocks(void **state)
{
	(void)state;
	/* Decomposed Vietnamese ("Thành phố", "Đắk Đoa"), and runs of "á" decomposed:
	 * every other byte ASCII, so blocks are cut between a letter and its mark unless
	 * the cut is placed right. */
	const char *parts[] = {"Tha\xCC\x80nh pho\xCC\x82\xCC\x81 Pleiku,\"41,51\"\n",
			       "\xC4\x90"
			       "a\xCC\x86\xCC\x81k \xC4\x90"
			       "oa;x\r\n",
			       "a\xCC\x81"};
	size_t cap = 400000, n = 0;
	char *s = malloc(cap + 1);
	assert_non_null(s);
	for (int i = 0; n + 64 < cap; i++) {
		const char *part = parts[i % 2];
		if (i % 5000 == 4999) /* 4000 bytes with no ASCII pair */
			for (int k = 0; k < 1000; k++, n += 3)
				memcpy(s + n, parts[2], 3);
		memcpy(s + n, part, strlen(part));
		n += strlen(part);
	}
	s[n] = '\0';
	char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	char *got = text_nfc(s);
	assert_non_null(want);
	assert_non_null(got);
	assert_true(strlen(got) < n);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(s);
}

static void widths(void **state)
{
	(void)state;
	struct metrics *m = open_metrics();
	/* Liberation Serif = Times New Roman metrics: 'T' 611, 'h' 500 units per 1000. */
	assert_float_equal(metrics_width(m, FACE_REGULAR, 10, "T"), 6.10, 0.02);
	assert_float_equal(metrics_width(m, FACE_REGULAR, 10, "Th"), 11.10, 0.02);
	assert_true(metrics_width(m, FACE_BOLD, 12, "Toàn tỉnh") >
		    metrics_width(m, FACE_REGULAR, 12, "Toàn tỉnh"));
	assert_int_equal(metrics_missing_glyph(m, FACE_REGULAR, "Ệ ế ữ đ Đ"), 0);
	assert_int_equal(metrics_missing_glyph(m, FACE_REGULAR, "漢"), 0x6F22);
	metrics_close(m);
}

static void wrapping(void **state)
{
	(void)state;
	struct metrics *m = open_metrics();
	const char *text = "Trong đó BHXH bắt buộc";
	char **lines = NULL;
	double max = metrics_width(m, FACE_BOLD, 12, "Trong đó") + 0.5;
	int n = wrap_text(m, FACE_BOLD, 12, text, max, &lines);
	assert_true(n >= 3);
	assert_string_equal(lines[0], "Trong đó");
	char joined[128] = "";
	for (int i = 0; i < n; i++) {
		assert_true(metrics_width(m, FACE_BOLD, 12, lines[i]) <= max);
		if (i)
			strcat(joined, " ");
		strcat(joined, lines[i]);
	}
	assert_string_equal(joined, text); /* nothing lost, nothing added */
	wrap_free(lines, n);

	/* A word wider than the line is cut, never overflows. */
	n = wrap_text(m, FACE_REGULAR, 12, "Kbang-Krông-Pa-Phú-Thiện", 30, &lines);
	assert_true(n > 1);
	for (int i = 0; i < n; i++)
		assert_true(metrics_width(m, FACE_REGULAR, 12, lines[i]) <= 30);
	wrap_free(lines, n);

	/* Runs of spaces inside a line are kept (blanks left to fill by hand). */
	n = wrap_text(m, FACE_ITALIC, 14, "số:      /KH-UBND", 1000, &lines);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "số:      /KH-UBND");
	wrap_free(lines, n);

	/* Explicit newlines break; an empty text is one empty line. */
	n = wrap_text(m, FACE_REGULAR, 12, "a\nb", 1000, &lines);
	assert_int_equal(n, 2);
	wrap_free(lines, n);
	n = wrap_text(m, FACE_REGULAR, 12, "", 1000, &lines);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "");
	wrap_free(lines, n);

	assert_float_equal(metrics_longest_word(m, FACE_REGULAR, 12, "ab abcd a"),
			   metrics_width(m, FACE_REGULAR, 12, "abcd"), 0.001);
	metrics_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(folding_headers), cmocka_unit_test(upper_case_vietnamese),
	    cmocka_unit_test(nfc_composes),    cmocka_unit_test(nfc_long_text_in_blocks),
	    cmocka_unit_test(widths),	       cmocka_unit_test(wrapping),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}

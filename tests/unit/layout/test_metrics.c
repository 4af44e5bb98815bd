/* Unit tests: text widths, missing glyphs and line wrapping with the cut fonts (layout/metrics.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/metrics.h"

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
	    cmocka_unit_test(widths),
	    cmocka_unit_test(wrapping),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}

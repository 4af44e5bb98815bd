/*
 * render_fixture.h — what the renderer tests (test_render_pdf.c,
 * test_render_xlsx.c) share: the Liberation Serif fonts, the cell styles
 * and number formats of an annex, a cell-text setter that must succeed,
 * the output folder OUT (each test defines it before including this) made
 * before the tests, and a whole file read into memory.
 */
#ifndef PHULUC_TEST_RENDER_FIXTURE_H
#define PHULUC_TEST_RENDER_FIXTURE_H

#include "base/error.h"
#include "layout/document.h"
#include "render/render.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#ifndef OUT
#error "define OUT, the output folder, before including render_fixture.h"
#endif

static const struct font_files fonts = {
    .regular = "fonts/LiberationSerif-Regular.ttf",
    .bold = "fonts/LiberationSerif-Bold.ttf",
    .italic = "fonts/LiberationSerif-Italic.ttf",
};

static const struct text_style HEAD = {.bold = true, .align = ALIGN_CENTER, .wrap = true};
static const struct text_style BODY_TEXT = {.align = ALIGN_LEFT, .wrap = true};
static const struct text_style BODY_CENTER = {.align = ALIGN_CENTER};
static const struct text_style BODY_NUM = {.align = ALIGN_RIGHT};
static const struct text_style TOTAL_TEXT = {.bold = true, .align = ALIGN_CENTER, .wrap = true};
static const struct text_style TOTAL_NUM = {.bold = true, .align = ALIGN_RIGHT};
static const struct number_format PCT = {.decimals = 2, .percent = true};
static const struct number_format COUNT = {.decimals = 0, .thousands = true};

static inline void set_text(struct table *t, int r, int c, const char *text, struct text_style s)
{
	assert_int_equal(table_set_text(t, r, c, text, s), 0);
}

/* Group setup: tests/tmp and OUT exist. */
static inline int setup_out(void **state)
{
	(void)state;
	mkdir("tests/tmp", 0777);
	mkdir(OUT, 0777);
	return 0;
}

/* Whole file into memory, not empty; *size set. Caller frees. */
static inline char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	char *buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

#endif

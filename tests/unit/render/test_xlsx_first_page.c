/*
 * test_xlsx_first_page.c — xlsx_first_page_header on packages built here
 * with libzip, their sheet deflated by zlib in every way a deflate stream
 * can be made: one large Huffman block (libxlsxwriter's usual), many
 * blocks, short blocks, fixed codes, stored blocks, Huffman codes only, runs only, and a
 * sheet too short to cut (the parts handed to libzip already deflated, by
 * xlsx_deflated_part). Each time the sheet read back (libzip checks its
 * CRC, zlib its stream) must be the old one with differentFirst="1" and the
 * first page's header, byte for byte, and the other part unchanged; a sheet
 * without a page header is left alone. The negative control: a package
 * whose sheet lies about its size is refused and removed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render/xlsx_first_page.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#define OUT   "tests/tmp/xlsx_first_page"
#define SHEET "xl/worksheets/sheet1.xml"
#define OTHER "xl/workbook.xml"

static int setup_out(void **state)
{
	(void)state;
	mkdir("tests/tmp", 0755);
	mkdir(OUT, 0755);
	return 0;
}

/*
 * A package of two parts at path, the sheet deflated with this level and
 * strategy, a block ended every `block` bytes when not 0 (short blocks: the
 * end-of-block code is short, and not all ones); size: what it claims.
 */
static void make_package(const char *path, const char *sheet, int level, int strategy, size_t block,
			 size_t size)
{
	size_t len = strlen(sheet);
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy), Z_OK);
	size_t cap = deflateBound(&z, (uLong)len) + 64;
	unsigned char *bytes = malloc(cap);
	assert_non_null(bytes);
	z.next_out = bytes;
	z.avail_out = (uInt)cap;
	for (size_t at = 0; block && at + block < len; at += block) {
		z.next_in = (Bytef *)sheet + at;
		z.avail_in = (uInt)block;
		assert_int_equal(deflate(&z, Z_BLOCK), Z_OK);
	}
	z.next_in = (Bytef *)sheet + z.total_in;
	z.avail_in = (uInt)(len - z.total_in);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t deflated = z.total_out;
	deflateEnd(&z);

	unlink(path);
	int ze;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	static const char other[] = "<workbook>the other part</workbook>";
	zip_source_t *o = zip_source_buffer(za, other, sizeof other - 1, 0);
	assert_true(zip_file_add(za, OTHER, o, 0) >= 0);
	zip_source_t *s = xlsx_deflated_part(za, bytes, deflated, size,
					     (uint32_t)crc32(0, (const Bytef *)sheet, (uInt)len));
	assert_non_null(s);
	assert_true(zip_file_add(za, SHEET, s, 0) >= 0);
	assert_int_equal(zip_close(za), 0);
}

/* A part of the package at path, or NULL if it cannot be read whole (libzip checks the CRC). */
static char *read_part(const char *path, const char *name)
{
	int ze;
	zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
	if (!za)
		return NULL;
	zip_stat_t st;
	char *text = NULL;
	if (zip_stat(za, name, 0, &st) == 0 && (text = calloc(1, st.size + 1))) {
		zip_file_t *f = zip_fopen(za, name, 0);
		zip_int64_t got = f ? zip_fread(f, text, st.size + 1) : -1;
		if (f && zip_fclose(f) != 0)
			got = -1;
		if (got != (zip_int64_t)st.size) {
			free(text);
			text = NULL;
		}
	}
	zip_discard(za);
	return text;
}

/*
 * A sheet: `rows` rows of cells (words drawn by an LCG when `varied`, so
 * that zlib makes several blocks; else the same few repeated), then the page
 * setup, the header and `after` bytes of column breaks.
 */
static char *make_sheet(int rows, bool varied, int after, bool with_header)
{
	size_t cap = (size_t)rows * 200 + (size_t)after + 4096, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "<?xml version=\"1.0\"?><worksheet><sheetData>");
	uint32_t seed = 12345;
	for (int r = 0; r < rows; r++) {
		n += (size_t)snprintf(s + n, cap - n, "<row r=\"%d\">", r + 1);
		for (int c = 0; c < 4; c++) {
			seed = seed * 1103515245u + 12345u;
			unsigned v = varied ? (seed >> 8) % 1000003u : (unsigned)(r % 7) * 100 + (unsigned)c;
			n += (size_t)snprintf(s + n, cap - n, "<c r=\"%c%d\" s=\"%u\"><v>%u</v></c>", 'A' + c,
					      r + 1, varied ? (seed >> 4) % 9 : 1u, v);
		}
		n += (size_t)snprintf(s + n, cap - n, "</row>");
	}
	n += (size_t)snprintf(s + n, cap - n, "</sheetData><pageSetup paperSize=\"9\"/>");
	if (with_header)
		n += (size_t)snprintf(s + n, cap - n,
				      "<headerFooter><oddHeader>&amp;C&amp;P</oddHeader></headerFooter>");
	n += (size_t)snprintf(s + n, cap - n, "<colBreaks>");
	for (int i = 0; n + 64 < cap && i < after / 40; i++)
		n += (size_t)snprintf(s + n, cap - n, "<brk id=\"%d\" max=\"1048575\" man=\"1\"/>", i + 1);
	snprintf(s + n, cap - n, "</colBreaks></worksheet>");
	return s;
}

/* What the sheet must become. */
static char *expected(const char *sheet, const char *first)
{
	const char *open = strstr(sheet, "<headerFooter>"), *close = strstr(sheet, "</headerFooter>");
	size_t cap = strlen(sheet) + 256;
	char *e = malloc(cap);
	assert_non_null(e);
	snprintf(e, cap, "%.*s<headerFooter differentFirst=\"1\">%.*s%s%s%s%s", (int)(open - sheet), sheet,
		 (int)(close - open - 14), open + 14, first ? "<firstHeader>" : "", first ? first : "",
		 first ? "</firstHeader>" : "", close);
	return e;
}

static void check_rewrite(const char *name, char *sheet, int level, int strategy, size_t block)
{
	char path[256];
	snprintf(path, sizeof path, OUT "/%s.xlsx", name);
	make_package(path, sheet, level, strategy, block, strlen(sheet));
	struct error err = {0};
	assert_int_equal(xlsx_first_page_header(path, "&L&KFF0000DỰ THẢO <1>", &err), 0);
	char *got = read_part(path, SHEET), *other = read_part(path, OTHER);
	char *want = expected(sheet, "&amp;L&amp;KFF0000DỰ THẢO &lt;1&gt;");
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: the sheet read back is not the expected one (%zu bytes, want %zu)", name,
			 strlen(got), strlen(want));
	assert_string_equal(other, "<workbook>the other part</workbook>");
	free(got);
	free(other);
	free(want);
	free(sheet);
}

static void test_streams(void **state)
{
	(void)state;
	check_rewrite("one-block", make_sheet(3000, false, 400, true), 6, Z_DEFAULT_STRATEGY, 0);
	check_rewrite("many-blocks", make_sheet(6000, true, 400, true), 6, Z_DEFAULT_STRATEGY, 0);
	check_rewrite("fast", make_sheet(6000, true, 400, true), 1, Z_DEFAULT_STRATEGY, 0);
	check_rewrite("fixed", make_sheet(3000, true, 400, true), 6, Z_FIXED, 0);
	check_rewrite("stored", make_sheet(3000, true, 400, true), 0, Z_DEFAULT_STRATEGY, 0);
	check_rewrite("huffman-only", make_sheet(3000, true, 400, true), 6, Z_HUFFMAN_ONLY, 0);
	check_rewrite("rle", make_sheet(3000, false, 400, true), 6, Z_RLE, 0);
	check_rewrite("short-blocks", make_sheet(3000, true, 400, true), 6, Z_DEFAULT_STRATEGY, 700);
	check_rewrite("short", make_sheet(3, true, 40, true), 6, Z_DEFAULT_STRATEGY, 0);
	/* The header farther from the end than where the cut is first tried. */
	check_rewrite("early-header", make_sheet(3000, true, 20000, true), 6, Z_DEFAULT_STRATEGY, 0);
}

static void test_no_header(void **state)
{
	(void)state;
	char *sheet = make_sheet(1000, true, 40, false);
	make_package(OUT "/no-header.xlsx", sheet, 6, Z_DEFAULT_STRATEGY, 0, strlen(sheet));
	struct error err = {0};
	assert_int_equal(xlsx_first_page_header(OUT "/no-header.xlsx", NULL, &err), 0);
	char *got = read_part(OUT "/no-header.xlsx", SHEET);
	assert_non_null(got);
	assert_string_equal(got, sheet);
	free(got);
	free(sheet);
}

/* Without a first page's header: differentFirst alone (page 1 has an empty header). */
static void test_no_first_header(void **state)
{
	(void)state;
	char *sheet = make_sheet(3000, false, 40, true);
	make_package(OUT "/empty-first.xlsx", sheet, 6, Z_DEFAULT_STRATEGY, 0, strlen(sheet));
	struct error err = {0};
	assert_int_equal(xlsx_first_page_header(OUT "/empty-first.xlsx", "", &err), 0);
	char *got = read_part(OUT "/empty-first.xlsx", SHEET), *want = expected(sheet, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(sheet);
}

/* The negative control: a sheet whose stream is longer than its stated size cannot be read back. */
static void test_bad_size(void **state)
{
	(void)state;
	char *sheet = make_sheet(1000, true, 40, true);
	make_package(OUT "/bad-size.xlsx", sheet, 6, Z_DEFAULT_STRATEGY, 0, strlen(sheet) - 10);
	struct error err = {0};
	assert_int_equal(xlsx_first_page_header(OUT "/bad-size.xlsx", NULL, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, "bad-size.xlsx"));
	assert_int_equal(access(OUT "/bad-size.xlsx", F_OK), -1);
	free(sheet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_streams), cmocka_unit_test(test_no_header),
					   cmocka_unit_test(test_no_first_header),
					   cmocka_unit_test(test_bad_size)};
	return cmocka_run_group_tests(tests, setup_out, NULL);
}

/*
 * fuzz_xlsx.c — libFuzzer harness for the workbook reader (src/input/xlsx.c).
 *
 * Each input is read two ways:
 *  1. if it starts with "PK", as a whole .xlsx file: opened, every sheet
 *     found by name and read, its header taken, every cell read exactly;
 *  2. otherwise as the XML of the parts themselves, so that mutations reach
 *     the XML parsers instead of breaking the ZIP's checksums: split at
 *     ASCII RS bytes (0x1E) into xl/worksheets/sheet1.xml,
 *     xl/sharedStrings.xml, xl/styles.xml and xl/workbook.xml (a fixed
 *     one-sheet workbook when absent), zipped in memory with libzip
 *     (stored, uncompressed), then read as in 1.
 * Limits are smaller than the defaults so that a run stays within
 * -rss_limit_mb; they are the same code paths.
 *
 * Built and run by `make fuzz-xlsx` (clang, -fsanitize=fuzzer,address,undefined);
 * seeds in tests/fuzz/corpus/xlsx.
 */
#include "input/xlsx.h"

#include <zip.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char WORKBOOK[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Chỉ tiêu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void read_book(const void *bytes, size_t len)
{
	struct xlsx_limits lim = xlsx_default_limits();
	lim.part_bytes = lim.total_bytes = 8u << 20;
	lim.cells = 200000;
	struct xlsx_book book;
	struct error err = {0};
	if (xlsx_open_bytes(bytes, len, "fuzz.xlsx", &lim, &book, &err))
		return;
	for (int s = 0; s < book.n_sheets; s++) {
		int index;
		if (xlsx_sheet_find(&book, book.sheets[s].name, &index, &err))
			continue;
		struct xlsx_table t;
		if (xlsx_table_read(&book, index, &t, &err))
			continue;
		for (int r = 0; r < t.csv.n_rows; r++)
			for (int c = 0; c < t.csv.n_cols; c++) {
				int64_t v;
				char date[11], ref[XLSX_REF_MAX];
				for (int shift = 0; shift <= 4; shift += 2)
					xlsx_number_exact(t.csv.rows[r].f[c], shift, &v);
				xlsx_date_text(t.csv.rows[r].f[c], book.date1904, date);
				xlsx_ref(t.csv.rows[r].line - 1, c, ref);
				xlsx_merge_at(&t, t.csv.rows[r].line - 1, c);
			}
		if (t.csv.n_rows > 0)
			xlsx_table_take_header(&t, t.csv.n_rows / 2, &err);
		xlsx_table_free(&t);
	}
	xlsx_sheet_find(&book, "chi tieu", &(int){0}, &err);
	xlsx_book_free(&book);
}

/* Adds len bytes (copied by libzip) as entry name; returns -1 on failure. */
static int add_part(zip_t *z, const char *name, const uint8_t *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	if (!s)
		return -1;
	zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
	if (i < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* The parts zipped in memory; the archive's bytes in a malloc'd *out. */
static int make_zip(const uint8_t *data, size_t size, uint8_t **out, size_t *out_len)
{
	static const char *const PARTS[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
					    "xl/styles.xml", "xl/workbook.xml"};
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z) {
		if (src)
			zip_source_free(src);
		return -1;
	}
	zip_source_keep(src);
	size_t at = 0; /* where the next part starts; size + 1 once the last is taken */
	bool have_workbook = false;
	int rc = add_part(z, "xl/_rels/workbook.xml.rels", (const uint8_t *)RELS, sizeof RELS - 1);
	for (size_t i = 0; rc == 0 && i < 4 && at <= size; i++) {
		const uint8_t *rs = i + 1 < 4 ? memchr(data + at, 0x1E, size - at) : NULL;
		size_t stop = rs ? (size_t)(rs - data) : size;
		rc = add_part(z, PARTS[i], data + at, stop - at);
		have_workbook = i == 3;
		at = stop + 1;
	}
	if (rc == 0 && !have_workbook)
		rc = add_part(z, "xl/workbook.xml", (const uint8_t *)WORKBOOK, sizeof WORKBOOK - 1);
	if (rc || zip_close(z)) {
		zip_discard(z);
		zip_source_free(src);
		return -1;
	}
	zip_stat_t st;
	rc = -1;
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		*out = malloc(st.size + 1);
		if (*out && zip_source_read(src, *out, st.size) == (zip_int64_t)st.size) {
			*out_len = st.size;
			rc = 0;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		read_book(data, size);
		return 0;
	}
	uint8_t *zip = NULL;
	size_t len = 0;
	if (make_zip(data, size, &zip, &len) == 0)
		read_book(zip, len);
	free(zip);
	return 0;
}

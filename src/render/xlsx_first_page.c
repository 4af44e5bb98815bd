/*
 * xlsx_first_page.c — a first page without its number in a written workbook
 * (see xlsx_first_page.h), with libzip: the worksheet part is read, its
 * <headerFooter> given differentFirst="1" and a <firstHeader>, and the part
 * replaced; zip_close writes the package again beside it and renames it over.
 */
#include "render/xlsx_first_page.h"

#include "base/vec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define SHEET "xl/worksheets/sheet1.xml"
/* The date libxlsxwriter gives every part: 1980-01-01 00:00 in MS-DOS form. */
#define DOS_TIME 0
#define DOS_DATE ((1 << 5) | 1)

/* The part's bytes, NUL-terminated; NULL on failure (*oom: out of memory). */
static char *read_part(zip_t *z, zip_int64_t idx, zip_uint64_t *len, bool *oom)
{
	zip_stat_t st;
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > 256u * 1024 * 1024)
		return NULL;
	char *text = malloc(st.size + 1);
	*oom = !text;
	zip_file_t *f = text ? zip_fopen_index(z, (zip_uint64_t)idx, 0) : NULL;
	zip_int64_t got = f ? zip_fread(f, text, st.size) : -1;
	if (f)
		zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(text);
		return NULL;
	}
	text[st.size] = '\0';
	*len = st.size;
	return text;
}

/* Appends s XML-escaped. */
static int append_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '&'   ? "&amp;"
				: *s == '<' ? "&lt;"
				: *s == '>' ? "&gt;"
				: *s == '"' ? "&quot;"
					    : NULL;
		if (e ? buf_printf(b, "%s", e) : buf_printf(b, "%c", *s))
			return -1;
	}
	return 0;
}

/* The sheet with differentFirst and the first page's header; NULL when it has no header (or on OOM). */
static char *with_first_page(const char *sheet, const char *first_header, bool *oom)
{
	const char *open = strstr(sheet, "<headerFooter>"),
		   *close = open ? strstr(open, "</headerFooter>") : NULL;
	*oom = false;
	if (!close)
		return NULL;
	struct buf b = {0};
	int rc = buf_printf(&b, "%.*s<headerFooter differentFirst=\"1\">%.*s", (int)(open - sheet), sheet,
			    (int)(close - open - strlen("<headerFooter>")), open + strlen("<headerFooter>"));
	if (!rc && first_header && first_header[0])
		rc = buf_printf(&b, "<firstHeader>") || append_escaped(&b, first_header) ||
		     buf_printf(&b, "</firstHeader>");
	if (!rc)
		rc = buf_printf(&b, "%s", close);
	if (rc) {
		buf_free(&b);
		*oom = true;
		return NULL;
	}
	return buf_detach(&b);
}

int xlsx_first_page_header(const char *path, const char *first_header, struct error *err)
{
	int ze = 0;
	zip_t *z = zip_open(path, 0, &ze);
	if (!z)
		return error_set(err, ERR_IO, "cannot write %s: cannot reopen it to number its pages", path);
	zip_int64_t idx = zip_name_locate(z, SHEET, 0);
	zip_uint64_t len = 0;
	bool oom = false;
	char *sheet = idx >= 0 ? read_part(z, idx, &len, &oom) : NULL;
	char *text = sheet ? with_first_page(sheet, first_header, &oom) : NULL;
	bool read = sheet != NULL;
	free(sheet);
	if (!text) {
		zip_discard(z);
		if (oom)
			return error_set(err, ERR_IO, "cannot write %s: out of memory", path);
		if (read)
			return 0; /* no page header to change */
		remove(path);
		return error_set(err, ERR_IO, "cannot write %s: cannot read it back", path);
	}
	zip_source_t *src = zip_source_buffer(z, text, strlen(text), 1);
	bool ok = src != NULL;
	if (!src)
		free(text);
	else if (zip_file_replace(z, (zip_uint64_t)idx, src, 0) != 0) {
		zip_source_free(src); /* not taken by the archive */
		ok = false;
	}
	ok =
	    ok && zip_file_set_dostime(z, (zip_uint64_t)idx, DOS_TIME, DOS_DATE, 0) == 0 && zip_close(z) == 0;
	if (!ok) {
		zip_discard(z); /* frees a source the archive took */
		remove(path);
		return error_set(err, ERR_IO, "cannot write %s: cannot number its pages", path);
	}
	return 0;
}

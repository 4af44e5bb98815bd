/*
 * xlsx_first_page.c — a first page without its number in a written workbook
 * (see xlsx_first_page.h), with libzip: the worksheet part is read, its
 * <headerFooter> given differentFirst="1" and a <firstHeader>, and the
 * package built again in memory with the new part, then written over the
 * file (no second temporary file beside it).
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

/*
 * Every part of src into dst, in order, the sheet (index sheet) replaced by
 * text (taken: freed on failure too), each with libxlsxwriter's fixed date.
 * The other parts are copied as libxlsxwriter compressed them
 * (ZIP_FL_COMPRESSED): inflating and deflating them again was a sixth of the
 * time of a 135-row annex.
 */
static bool copy_parts(zip_t *dst, zip_t *src, zip_int64_t sheet, char *text)
{
	zip_int64_t n = zip_get_num_entries(src, 0);
	bool ok = n > 0;
	for (zip_int64_t i = 0; ok && i < n; i++) {
		const char *name = zip_get_name(src, (zip_uint64_t)i, 0);
		zip_source_t *part =
		    !name	 ? NULL
		    : i == sheet ? zip_source_buffer(dst, text, strlen(text), 1)
				 : zip_source_zip(dst, src, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
		if (part && i == sheet)
			text = NULL; /* the source owns it now */
		zip_int64_t k = part ? zip_file_add(dst, name, part, 0) : -1;
		if (part && k < 0)
			zip_source_free(part);
		ok = k >= 0 && zip_file_set_dostime(dst, (zip_uint64_t)k, DOS_TIME, DOS_DATE, 0) == 0;
		/* The sheet, deflated again: at zlib's usual level, not libzip's maximum. */
		if (ok && i == sheet)
			ok = zip_set_file_compression(dst, (zip_uint64_t)k, ZIP_CM_DEFLATE, 6) == 0;
	}
	free(text);
	return ok;
}

/* The bytes of a closed in-memory archive into path (truncated first); false on failure (*oom: no memory). */
static bool write_back(zip_source_t *mem, const char *path, bool *oom)
{
	zip_stat_t st;
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(mem) != 0)
		return false;
	char *bytes = malloc(st.size ? st.size : 1);
	*oom = !bytes;
	bool ok = bytes && zip_source_read(mem, bytes, st.size) == (zip_int64_t)st.size;
	zip_source_close(mem);
	FILE *f = ok ? fopen(path, "wb") : NULL;
	ok = f && fwrite(bytes, 1, st.size, f) == st.size;
	if (f && fclose(f) != 0)
		ok = false;
	free(bytes);
	return ok;
}

/*
 * The package again, in memory, with the new sheet; then written over path
 * (the caller's temporary file: nothing else is created beside it, so an
 * interrupted run leaves only what output.h removes). True when done.
 */
static bool rebuild(zip_t *src, zip_int64_t sheet, char *text, const char *path, bool *oom)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *dst = NULL;
	if (mem) {
		zip_source_keep(mem); /* read after zip_close */
		dst = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	}
	bool ok = dst && copy_parts(dst, src, sheet, text);
	if (!dst)
		free(text);
	if (ok)
		ok = zip_close(dst) == 0;
	else if (dst)
		zip_discard(dst);
	ok = ok && write_back(mem, path, oom);
	if (mem)
		zip_source_free(mem);
	zip_error_fini(&ze);
	return ok;
}

int xlsx_first_page_header(const char *path, const char *first_header, struct error *err)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
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
	bool ok = rebuild(z, idx, text, path, &oom);
	zip_discard(z);
	if (!ok) {
		remove(path); /* never a half-rewritten workbook */
		return oom ? error_set(err, ERR_IO, "cannot write %s: out of memory", path)
			   : error_set(err, ERR_IO, "cannot write %s: cannot number its pages", path);
	}
	return 0;
}

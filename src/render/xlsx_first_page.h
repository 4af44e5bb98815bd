/*
 * xlsx_first_page.h — the first printed page of a written workbook without
 * the page number (Nghị định 30/2020: pages are numbered from the second).
 *
 * libxlsxwriter 1.1.4 writes only an odd-page header: worksheet_set_header
 * and worksheet_set_header_opt (lxw_header_footer_options: a margin and
 * images) have no "different first page", and its header codes have no
 * condition on the page number. So render_xlsx.c writes the workbook, then
 * this rewrites the first worksheet's <headerFooter> in place with
 * differentFirst="1" and a <firstHeader> (the draft mark alone, or none):
 *
 *   if (xlsx_first_page_header(path, draft ? "&L&KFF0000DỰ THẢO" : NULL, &err)) ...
 *
 * The other parts of the package are copied as they are and the sheet keeps
 * libxlsxwriter's fixed date, so the output stays byte-identical for
 * identical input. Nothing is owned, but what xlsx_deflated_part takes.
 */
#ifndef PHULUC_XLSX_FIRST_PAGE_H
#define PHULUC_XLSX_FIRST_PAGE_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>
#include <zip.h>

/*
 * first_header: header codes for page 1 (not XML-escaped), NULL or "" for
 * an empty header. Returns 0, or -1 with err (the file is then left as
 * libxlsxwriter wrote it, or removed when it could not be rewritten whole).
 */
int xlsx_first_page_header(const char *path, const char *first_header, struct error *err);

/*
 * An already deflated part as a libzip source for dst (zip_file_add):
 * bytes, len of them, raw deflate of `size` bytes whose CRC-32 is crc.
 * bytes is taken (freed with the source, or at once when NULL is returned:
 * out of memory). libzip copies such a part as it is.
 */
zip_source_t *xlsx_deflated_part(zip_t *dst, unsigned char *bytes, size_t len, uint64_t size, uint32_t crc);

#endif

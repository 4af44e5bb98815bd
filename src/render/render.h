/*
 * render.h — the two renderers. They draw a struct document and know nothing
 * about social insurance. Each writes to exactly the path it is given (the
 * caller passes a temporary path and renames it into place, see output.h).
 */
#ifndef PHULUC_RENDER_H
#define PHULUC_RENDER_H

#include "base/error.h"
#include "layout/document.h"
#include "layout/metrics.h"

/*
 * Writes doc as a PDF (A4, Decree 30 layout) to path.
 * Returns 0, or -1 with err filled (ERR_IO).
 *
 *   struct font_files f = {"fonts/LiberationSerif-Regular.ttf", ...};
 *   if (render_pdf(&doc, &f, "out/annex.pdf.tmp", &err)) ...
 */
int render_pdf(const struct document *doc, const struct font_files *fonts, const char *path,
	       struct error *err);

/* Writes doc as an XLSX workbook to path. Returns 0, or -1 with err filled. */
int render_xlsx(const struct document *doc, const char *path, struct error *err);

/*
 * The same, measuring text (column widths, wrapped row heights) with these
 * fonts; render_xlsx uses the Liberation Serif files in PHULUC_FONT_DIR.
 */
int render_xlsx_fonts(const struct document *doc, const struct font_files *fonts, const char *path,
		      struct error *err);

#endif

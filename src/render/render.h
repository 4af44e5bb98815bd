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
 * How the PDF lays the table out, for the XLSX print setup to match: the
 * paper, and the column bands (one band: the table fits the page width).
 * The order of fallbacks is in render_pdf.c (choose_layout) and the guide.
 * band_lo/band_hi: first and last table column of each band (the repeated
 * columns, table_column.repeat, print in every band besides); owned, freed
 * by pdf_plan_free (which accepts a zeroed struct).
 */
struct pdf_plan {
	bool a3;
	enum orientation orientation;
	int n_bands;
	int *band_lo, *band_hi;
};

/* Returns 0 with plan filled, or -1 with err (ERR_IO: fonts, out of memory). */
int render_pdf_plan(const struct document *doc, const struct font_files *fonts, struct pdf_plan *plan,
		    struct error *err);
void pdf_plan_free(struct pdf_plan *plan);

/*
 * Writes doc as a PDF (A4, Decree 30 layout) to path, and hands back the
 * plan it laid the table out by, so that render_xlsx_planned need not work
 * it out again. plan: NULL, or owned by the caller, filled on success
 * (zeroed on failure); free it with pdf_plan_free.
 * Returns 0, or -1 with err filled (ERR_IO).
 *
 *   struct font_files f = {"fonts/LiberationSerif-Regular.ttf", ...};
 *   struct pdf_plan plan = {0};
 *   if (render_pdf_planned(&doc, &f, pdf_tmp, &plan, &err) == 0 &&
 *       render_xlsx_planned(&doc, &f, &plan, xlsx_tmp, &err) == 0) ...
 *   pdf_plan_free(&plan);
 */
int render_pdf_planned(const struct document *doc, const struct font_files *fonts, const char *path,
		       struct pdf_plan *plan, struct error *err);

/*
 * Writes doc as an XLSX workbook to path, measuring text (column widths,
 * wrapped row heights) with fonts (NULL: the Liberation Serif files in
 * PHULUC_FONT_DIR), with the print setup taken from plan (borrowed; as
 * render_pdf_planned gave it for this doc and these fonts), or worked out
 * here when plan is NULL. Returns 0, or -1 with err filled.
 */
int render_xlsx_planned(const struct document *doc, const struct font_files *fonts,
			const struct pdf_plan *plan, const char *path, struct error *err);

#endif

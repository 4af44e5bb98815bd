/*
 * pdf_chart.h — the document's charts (document.h: struct chart) drawn as
 * vector graphics on PDF pages after the table. Internal to the PDF
 * renderer: render_pdf.c owns the libharu document, the fonts and the page
 * furniture (page numbers, draft mark), and lends them through a canvas.
 *
 * Text is checked against the fonts first: a character they cannot draw is
 * an error naming it, as for the table.
 *
 * A chart is horizontal bars, one band per body row of the table (the
 * locality's name on the left), one bar per series (greys that stay apart
 * in black and white, the first series labelled with its value), a value
 * axis with gridlines, ticks and Vietnamese figures (0%, 10%…), the title
 * and a legend. A chart with more rows than a page holds continues on the
 * next pages, each with the title (tiếp theo), legend and axis.
 */
#ifndef PHULUC_PDF_CHART_H
#define PHULUC_PDF_CHART_H

#include "base/error.h"
#include "layout/document.h"
#include "layout/metrics.h"

#include <hpdf.h>

struct pdf_canvas {
	const struct metrics *m;
	/* Draws text with its baseline at (x, baseline); every text goes through it (render_pdf.c keeps
	 * account of the codes drawn to cut the embedded fonts). */
	void (*text)(void *ctx, enum face face, double size, double x, double baseline, const char *text);
	double left, right, top, bottom; /* margins, pt */
	/* Starts a new page (numbered, marked as a draft if need be); 0 or -1. */
	int (*new_page)(void *ctx, HPDF_Page *page, double *width, double *height);
	void *ctx;
};

/* Draws chart c of doc on new pages. Returns 0, or -1 (err set when it is not a libharu failure). */
int pdf_chart_draw(const struct pdf_canvas *cv, const struct document *doc, const struct chart *c,
		   struct error *err);

#endif

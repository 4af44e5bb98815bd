/*
 * pdf_ops.h — text and table borders written straight into a libharu
 * page's content stream. Internal to the PDF renderer (render_pdf.c).
 *
 * libharu spends about 2,000 instructions on each operator that takes
 * coordinates (it clears a 512-byte buffer a byte at a time, then writes
 * five decimals), and a table of a few thousand cells drawn with its calls —
 * a text object, a move and a show per cell, a rectangle stroked per cell,
 * so every inner border twice — was most of a large annex's time, and of
 * the bytes zlib then compresses. Here:
 *  - border coordinates are written to 0.01 pt (a 7,200th of an inch);
 *    text positions and sizes as libharu wrote them (a float to five
 *    decimals), so that text extraction, which lays text out by position,
 *    reads as it did;
 *  - the texts of a table row share one text object (BT … ET), each placed
 *    with Td relative to the one before; the font is set (Tf) only when it
 *    changes, and PDF keeps it across text objects;
 *  - cell borders are collected as runs — a row's top edges joined into one
 *    line, a column's left edges down the page into one line — and stroked
 *    once per page (pdf_ops_stroke_grid) with projecting caps, which fill
 *    the corners as a stroked rectangle's mitred joins did.
 * Text is shown as 2-byte codes equal to the Unicode code points, in
 * literal strings (half the bytes of hex ones) (the
 * fonts' encoding is Identity-H, their CIDToGIDMap maps each code drawn to
 * its glyph: see render_pdf.c).
 *
 * Operators are gathered in `out` and reach the page with pdf_ops_flush,
 * which the renderer calls before anything it draws with libharu's own
 * functions, so the order on the page is the order of the calls.
 * Ownership: the struct owns its buffers; pdf_ops_free releases them (and
 * accepts a zeroed struct). The page and fonts are borrowed.
 */
#ifndef PHULUC_PDF_OPS_H
#define PHULUC_PDF_OPS_H

#include "base/vec.h"
#include "layout/metrics.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>

/* A border run being extended: a line from (a0, at) to (a1, at), in 0.01 pt. */
struct pdf_run {
	bool open;
	int64_t at, a0, a1;
};

struct pdf_ops {
	HPDF_Page page;
	HPDF_Font font[FACE_COUNT];
	struct buf out;	   /* operators not yet in the page's stream */
	struct buf grid;   /* border runs of the page not yet stroked */
	bool in_text;	   /* inside BT … ET (pdf_ops_text_begin) */
	int64_t tx, ty;	   /* start of the current text line, 0.00001 pt (as_libharu) */
	int tf_face;	   /* the font of the page's text state, -1: none yet */
	double tf_size;	   /* and its size */
	struct pdf_run h;  /* the horizontal run */
	struct pdf_run *v; /* [n_v] vertical runs (x in `at`), one per column boundary */
	int n_v;
	bool oom; /* an append failed: the page is incomplete */
};

/* Room for n_boundaries vertical runs; 0, or -1 on out of memory. */
int pdf_ops_init(struct pdf_ops *o, int n_boundaries);
void pdf_ops_free(struct pdf_ops *o);

/* Starts drawing on page (its text state is fresh: no font). */
void pdf_ops_page(struct pdf_ops *o, HPDF_Page page);

/* Writes the gathered operators to the page's stream. 0, or -1 (libharu's error, or o->oom). */
int pdf_ops_flush(struct pdf_ops *o);

/*
 * Text with its baseline starting at (x, baseline). Inside
 * pdf_ops_text_begin/end it joins the open text object; else it is a text
 * object of its own.
 */
void pdf_ops_text(struct pdf_ops *o, enum face face, double size, double x, double baseline,
		  const char *text);
void pdf_ops_text_begin(struct pdf_ops *o);
void pdf_ops_text_end(struct pdf_ops *o);

/*
 * Text rotated by the angle whose cosine and sine are c and s, starting at
 * (x, y), filled in grey (0 black, 1 white); the graphics state is
 * restored after it.
 */
void pdf_ops_text_rotated(struct pdf_ops *o, enum face face, double size, double c, double s, double x,
			  double y, double grey, const char *text);

/* A rectangle filled in grey (not inside a text object). */
void pdf_ops_fill(struct pdf_ops *o, double x, double y, double w, double h, double grey);

/*
 * Border edges of the table: a horizontal one at y from x0 to x1 joins the
 * horizontal run when it continues it; a vertical one at boundary
 * `boundary` (0 ≤ boundary < n_boundaries: the column it is the left edge
 * of, or the table's right edge) from top down to bottom joins that
 * boundary's run.
 */
void pdf_ops_hline(struct pdf_ops *o, double y, double x0, double x1);
void pdf_ops_vline(struct pdf_ops *o, int boundary, double x, double top, double bottom);

/* Strokes the page's border runs (line width in pt) and forgets them. */
void pdf_ops_stroke_grid(struct pdf_ops *o, double line_width);

#endif

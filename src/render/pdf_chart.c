/*
 * pdf_chart.c — a chart of the document as horizontal bars on PDF pages
 * (see pdf_chart.h). Everything is measured with metrics.h, as the table
 * is, so labels never run into each other: the label column is as wide as
 * the longest name (names that would take more than a third of the width
 * are set smaller), the value axis ends on a round figure above the largest
 * value, with room to the right for the value printed after each bar.
 */
#include "render/pdf_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_PT   13.0
#define LABEL_PT   10.0
#define SMALL_PT   8.5
#define BAR_PT	   7.0	/* thickness of one bar, at least */
#define BAR_MAX_PT 12.0 /* and at most, when the page has room */
#define BAND_GAP   6.0	/* between two localities' bars */
#define SWATCH_PT  9.0

/* Greys that stay apart when printed in black and white; every bar has a black outline. */
static const double GREYS[CHART_MAX_SERIES] = {0.25, 0.8, 0.5, 0.95};

struct plot {
	const struct pdf_canvas *cv;
	const struct document *doc;
	const struct chart *c;
	HPDF_Page page;
	double page_w, page_h;
	int *rows; /* the body rows of the table */
	int n_rows;
	double axis_max; /* percent */
	double step;	 /* percent between ticks */
	double label_w;	 /* the names' column */
	double bar;	 /* thickness of one bar on this page */
};

static void text_at(const struct plot *p, enum face face, double size, double x, double baseline,
		    const char *text)
{
	if (text[0])
		p->cv->text(p->cv->ctx, face, size, x, baseline, text);
}

/* The first character of the chart's texts that its face cannot draw, or 0. */
static uint32_t missing_glyph(const struct pdf_canvas *cv, const struct document *doc, const struct chart *c)
{
	const struct table *t = &doc->table;
	uint32_t m = metrics_missing_glyph(cv->m, FACE_BOLD, c->title);
	m = m ? m : metrics_missing_glyph(cv->m, FACE_BOLD, " (tiếp theo)");
	m = m ? m : metrics_missing_glyph(cv->m, FACE_ITALIC, c->value_title ? c->value_title : "");
	for (int s = 0; !m && s < c->n_series; s++)
		m = metrics_missing_glyph(cv->m, FACE_REGULAR, c->series[s].name);
	for (int r = 0; !m && r < t->n_rows; r++) {
		const struct table_cell *cell = table_cell(t, r, c->category_col);
		if (t->rows[r].kind == ROW_BODY && cell->type == CELL_TEXT && cell->text)
			m = metrics_missing_glyph(cv->m, FACE_REGULAR, cell->text);
	}
	return m;
}

static double width(const struct plot *p, enum face face, double size, const char *text)
{
	return metrics_width(p->cv->m, face, size, text);
}

/* A body cell's value in percent, or NAN if it has none. */
static double value_of(const struct plot *p, int row, int col)
{
	const struct table_cell *cell = table_cell(&p->doc->table, row, col);
	if (cell->type != CELL_NUMBER)
		return NAN;
	return (double)cell->units / pow(10, cell->format.decimals);
}

/* The axis: a round step (1, 2, 5 × 10^k percent) giving at most 10 ticks, ending above the largest value. */
static void choose_axis(struct plot *p)
{
	double max = 0;
	for (int i = 0; i < p->n_rows; i++)
		for (int s = 0; s < p->c->n_series; s++) {
			double v = value_of(p, p->rows[i], p->c->series[s].col);
			if (!isnan(v) && v > max)
				max = v;
		}
	if (max <= 0)
		max = 1;
	static const double steps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50};
	p->step = 50;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (max / steps[i] <= 10) {
			p->step = steps[i];
			break;
		}
	p->axis_max = ceil(max / p->step - 1e-9) * p->step;
	if (p->axis_max > 100 && max <= 100)
		p->axis_max = 100;
}

/* "10%", "2,5%": Vietnamese figures, as few decimals as the step needs. */
static void tick_label(double v, double step, char *buf, size_t size)
{
	int decimals = step >= 1 ? 0 : 1;
	struct number_format f = {.decimals = decimals, .percent = true};
	number_format_vi((int64_t)llround(v * (decimals ? 10 : 1)), f, buf, size);
}

static void fill_rect(HPDF_Page page, double grey, double x, double y, double w, double h)
{
	HPDF_Page_SetGrayFill(page, (HPDF_REAL)grey);
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetLineWidth(page, 0.5f);
	HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_FillStroke(page);
	HPDF_Page_SetGrayFill(page, 0);
}

/* Title and legend at the top of a page; returns the y under them, or NAN when out of memory. */
static double draw_heading(const struct plot *p, bool continued)
{
	const struct pdf_canvas *cv = p->cv;
	double w = p->page_w - cv->left - cv->right, y = p->page_h - cv->top;
	char title[1024];
	snprintf(title, sizeof title, "%s%s", p->c->title, continued ? " (tiếp theo)" : "");
	char **lines = NULL;
	int n = wrap_text(cv->m, FACE_BOLD, TITLE_PT, title, w, &lines);
	if (n < 0)
		return NAN; /* out of memory */
	for (int i = 0; i < n; i++) {
		y -= TITLE_PT * 1.2;
		text_at(p, FACE_BOLD, TITLE_PT, cv->left + (w - width(p, FACE_BOLD, TITLE_PT, lines[i])) / 2,
			y + TITLE_PT * 0.2, lines[i]);
	}
	if (n > 0)
		wrap_free(lines, n);
	/* Legend: swatch + name, centred on one line. */
	double total = 0;
	for (int s = 0; s < p->c->n_series; s++)
		total += SWATCH_PT + 4 + width(p, FACE_REGULAR, LABEL_PT, p->c->series[s].name) + 18;
	double x = cv->left + (w - total + 18) / 2;
	y -= LABEL_PT * 1.8;
	for (int s = 0; s < p->c->n_series; s++) {
		fill_rect(p->page, GREYS[s], x, y, SWATCH_PT, SWATCH_PT);
		x += SWATCH_PT + 4;
		text_at(p, FACE_REGULAR, LABEL_PT, x, y + 1, p->c->series[s].name);
		x += width(p, FACE_REGULAR, LABEL_PT, p->c->series[s].name) + 18;
	}
	return y - LABEL_PT;
}

/* The value axis under the plot, gridlines over its height [bottom, top]. */
static void draw_axis(const struct plot *p, double x0, double plot_w, double bottom, double top)
{
	HPDF_Page page = p->page;
	char buf[32];
	for (double v = 0; v <= p->axis_max + 1e-9; v += p->step) {
		double x = x0 + plot_w * v / p->axis_max;
		HPDF_Page_SetGrayStroke(page, v == 0 ? 0 : 0.75f);
		HPDF_Page_SetLineWidth(page, v == 0 ? 0.8f : 0.4f);
		HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)top);
		HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)(bottom - 3));
		HPDF_Page_Stroke(page);
		tick_label(v, p->step, buf, sizeof buf);
		text_at(p, FACE_REGULAR, SMALL_PT, x - width(p, FACE_REGULAR, SMALL_PT, buf) / 2,
			bottom - 3 - SMALL_PT, buf);
	}
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetLineWidth(page, 0.8f);
	HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)bottom);
	HPDF_Page_LineTo(page, (HPDF_REAL)(x0 + plot_w), (HPDF_REAL)bottom);
	HPDF_Page_Stroke(page);
	const char *name = p->c->value_title ? p->c->value_title : "";
	text_at(p, FACE_ITALIC, LABEL_PT, x0 + (plot_w - width(p, FACE_ITALIC, LABEL_PT, name)) / 2,
		bottom - 6 - SMALL_PT - LABEL_PT * 1.2, name);
}

/* The name of row i, set smaller when it is wider than the label column. */
static void draw_label(const struct plot *p, int row, double right, double mid)
{
	const struct table_cell *cell = table_cell(&p->doc->table, row, p->c->category_col);
	const char *name = cell->type == CELL_TEXT && cell->text ? cell->text : "";
	double size = LABEL_PT, w = width(p, FACE_REGULAR, size, name);
	if (w > p->label_w - 6 && w > 0) {
		size = size * (p->label_w - 6) / w;
		w = width(p, FACE_REGULAR, size, name);
	}
	text_at(p, FACE_REGULAR, size, right - 6 - w, mid - size * 0.33, name);
}

/* Draws rows [from, to) on the current page under `top`. */
static void draw_bars(const struct plot *p, int from, int to, double top)
{
	const struct pdf_canvas *cv = p->cv;
	int ns = p->c->n_series;
	double band = ns * p->bar + BAND_GAP;
	double x0 = cv->left + p->label_w;
	double value_room = width(p, FACE_REGULAR, SMALL_PT, "100,00%") + 6;
	double plot_w = p->page_w - cv->right - x0 - value_room;
	double bottom = top - band * (to - from);
	draw_axis(p, x0, plot_w, bottom, top);
	char buf[32];
	for (int i = from; i < to; i++) {
		double band_top = top - band * (i - from) - BAND_GAP / 2;
		draw_label(p, p->rows[i], x0, band_top - ns * p->bar / 2);
		for (int s = 0; s < ns; s++) {
			double v = value_of(p, p->rows[i], p->c->series[s].col);
			if (isnan(v))
				continue;
			double y = band_top - (s + 1) * p->bar;
			double len = plot_w * (v < 0 ? 0 : v > p->axis_max ? p->axis_max : v) / p->axis_max;
			fill_rect(p->page, GREYS[s], x0, y, len, p->bar);
			if (s == 0) {
				const struct table_cell *cell =
				    table_cell(&p->doc->table, p->rows[i], p->c->series[s].col);
				number_format_vi(cell->units, cell->format, buf, sizeof buf);
				text_at(p, FACE_REGULAR, SMALL_PT, x0 + len + 3,
					y + (p->bar - SMALL_PT * 0.7) / 2, buf);
			}
		}
	}
}

int pdf_chart_draw(const struct pdf_canvas *cv, const struct document *doc, const struct chart *c,
		   struct error *err)
{
	const struct table *t = &doc->table;
	if (c->n_series <= 0 || c->category_col < 0 || c->category_col >= t->n_cols)
		return 0;
	for (int s = 0; s < c->n_series; s++)
		if (c->series[s].col < 0 || c->series[s].col >= t->n_cols)
			return 0;
	uint32_t missing = missing_glyph(cv, doc, c);
	if (missing)
		return error_set(err, ERR_IO, "the chart \"%s\": the font has no glyph for U+%04X", c->title,
				 (unsigned)missing);
	struct plot p = {.cv = cv, .doc = doc, .c = c};
	p.rows = malloc(((size_t)t->n_rows + 1) * sizeof *p.rows);
	if (!p.rows)
		return error_set(err, ERR_IO, "out of memory");
	double longest = 0;
	for (int r = 0; r < t->n_rows; r++)
		if (t->rows[r].kind == ROW_BODY) {
			p.rows[p.n_rows++] = r;
			const struct table_cell *cell = table_cell(t, r, c->category_col);
			if (cell->type == CELL_TEXT && cell->text)
				longest =
				    fmax(longest, metrics_width(cv->m, FACE_REGULAR, LABEL_PT, cell->text));
		}
	choose_axis(&p);
	int rc = 0;
	for (int from = 0; from < p.n_rows && rc == 0;) {
		if (cv->new_page(cv->ctx, &p.page, &p.page_w, &p.page_h)) {
			rc = -1;
			break;
		}
		double w = p.page_w - cv->left - cv->right;
		p.label_w = fmin(longest + 8, w / 3);
		double top = draw_heading(&p, from > 0) - 4;
		if (isnan(top)) {
			rc = error_set(err, ERR_IO, "out of memory");
			break;
		}
		/* Room under the bars: tick labels and the axis title. */
		double room = top - cv->bottom - (SMALL_PT + LABEL_PT * 1.2 + 12);
		double band = c->n_series * BAR_PT + BAND_GAP;
		int fit = (int)(room / band);
		if (fit < 1)
			fit = 1;
		int to = from + fit < p.n_rows ? from + fit : p.n_rows;
		/* Thicker bars when the page has room for them. */
		p.bar = fmin(BAR_MAX_PT, fmax(BAR_PT, (room / (to - from) - BAND_GAP) / c->n_series));
		draw_bars(&p, from, to, top);
		from = to;
	}
	free(p.rows);
	return rc;
}

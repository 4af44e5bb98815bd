/*
 * render_xlsx.c — the annex as an editable workbook (libxlsxwriter).
 *
 * One worksheet: the paragraphs above the table (heading, title, "Kèm theo"
 * line) as rows merged across the printed columns, the table with its merged
 * header, the note under it. Numbers are written as numbers with Vietnamese
 * number formats ([$-42A]), aggregates as formulas whose cached result is the
 * cell's exact value (LibreOffice does not recalculate on load, so the cache
 * is what most clerks see). Columns the PDF does not print (the labour force
 * the weighted means need) stay in the workbook, visible, to the right of the
 * print area, so editing them recomputes the totals.
 *
 * Spreadsheets have no autofit for merged or wrapped cells, so column widths
 * and row heights are computed here from the same font metrics the PDF uses
 * (Liberation Serif is metric-compatible with Times New Roman, the font every
 * cell names).
 *
 * Output is byte-identical for identical input: the creation date comes from
 * doc->created and libxlsxwriter writes fixed zip timestamps.
 */
#include "base/vec.h"
#include "layout/metrics.h"
#include "render/render.h"
#include "render/xlsx_first_page.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#ifndef PHULUC_FONT_DIR
#define PHULUC_FONT_DIR "fonts"
#endif

/*
 * Viewers lay text out a little differently from our metrics (hinting,
 * screen resolution, inner cell margins), so every width is measured with
 * some slack: better a little air than a cut-off digit.
 */
#define PAD_PT	    2.0	 /* inner cell margin, each side (Excel: 2-3 px) */
#define SLACK	    1.03 /* text measured 3 % wider than the metrics say */
#define LINE_FACTOR 1.25 /* line height / font size (Times New Roman in Excel ≈ 1.22) */
#define VPAD_PT	    3.0	 /* extra height per row, top + bottom */
#define MIN_COL_PT  18.0
#define MAX_ROW_PT  409.0 /* Excel's limit */
#define PT_PER_MM   (72.0 / 25.4)
#define GAP_COL_PX  16 /* the empty column between the print area and the data columns */

/* Everything a format can differ in; formats are shared between cells. */
struct format_key {
	bool bold, italic, wrap, border, red;
	enum text_align align;
	double size_pt;
	char num_format[40];
	bool rule_below; /* the short rule under the "Kèm theo" line */
};

/* The formats made so far, each with the key it was made for. */
struct cached_format {
	struct format_key key;
	lxw_format *format;
};

struct format_cache {
	struct cached_format *v; /* vec.h */
	int n, cap;
};

/* The state of one render_xlsx call. */
struct writer {
	const struct document *doc;
	const struct table *t;
	struct metrics *m;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct format_cache fc;
	lxw_error lxerr; /* first libxlsxwriter failure */
	bool oom;

	int n_printed; /* printed columns: sheet columns 0 .. n_printed-1 */
	int *xcol;     /* sheet column of each table column */
	double *width; /* width of each table column, points */
	double *row_h; /* height of each table row, points */
	int table_top; /* sheet row of table row 0 */
	int header_rows;
	const struct pdf_plan *plan; /* how the PDF lays the table out: print setup to match */
	struct pdf_plan own_plan;    /* computed here when the caller gave none */
	char first_header[400]; /* page 1's header codes (xlsx_first_page.h): the draft mark or nothing */
};

/* --- small helpers --------------------------------------------------------- */

static void note(struct writer *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->lxerr == LXW_NO_ERROR)
		w->lxerr = e;
}

static double line_height(double size_pt)
{
	return size_pt * LINE_FACTOR;
}

static double rows_height(int lines, double size_pt)
{
	double h = lines * line_height(size_pt) + VPAD_PT;
	return h > MAX_ROW_PT ? MAX_ROW_PT : h;
}

/* Width a cell needs to hold text on one line. */
static double need_width(const struct writer *w, enum face f, double size_pt, const char *text)
{
	return metrics_width(w->m, f, size_pt, text) * SLACK + 2 * PAD_PT;
}

/* Lines text breaks into in a cell width_pt wide. */
static int lines_in(struct writer *w, enum face f, double size_pt, const char *text, double width_pt)
{
	double avail = (width_pt - 2 * PAD_PT) / SLACK;
	if (avail < 1)
		avail = 1;
	int n = wrap_text(w->m, f, size_pt, text, avail, NULL);
	if (n < 0) {
		w->oom = true;
		return 1;
	}
	return n;
}

static bool is_header(const struct table *t, int r)
{
	return t->rows[r].kind == ROW_HEADER;
}

/* Header cells are always bold, centred and wrapped, whatever the template says. */
static struct text_style cell_style(const struct table *t, int r, const struct table_cell *cell)
{
	struct text_style s = cell->style;
	if (is_header(t, r)) {
		s.bold = true;
		s.wrap = true;
		s.align = ALIGN_CENTER;
	}
	return s;
}

static enum face face_of(struct text_style s)
{
	return s.bold ? FACE_BOLD : s.italic ? FACE_ITALIC : FACE_REGULAR;
}

static double cell_size(const struct writer *w, int r)
{
	return is_header(w->t, r) ? w->doc->page.header_size_pt : w->doc->page.body_size_pt;
}

/* The text a cell shows: its string, or its number the Vietnamese way. */
static const char *cell_text(const struct table_cell *cell, char *buf, size_t size)
{
	if (cell->type == CELL_TEXT)
		return cell->text ? cell->text : "";
	if (cell->type == CELL_NUMBER)
		return number_format_vi(cell->units, cell->format, buf, size);
	return "";
}

/* Sum of widths of table columns [c0, c1] that are (not) printed. */
static double span_width(const struct writer *w, int c0, int c1, bool printed)
{
	double sum = 0;
	for (int c = c0; c <= c1; c++)
		if (w->t->cols[c].printed == printed)
			sum += w->width[c];
	return sum;
}

static double printed_width(const struct writer *w)
{
	return span_width(w, 0, w->t->n_cols - 1, true);
}

/* --- formats --------------------------------------------------------------- */

static bool key_equal(const struct format_key *a, const struct format_key *b)
{
	return a->bold == b->bold && a->italic == b->italic && a->wrap == b->wrap && a->border == b->border &&
	       a->red == b->red && a->align == b->align && a->size_pt == b->size_pt &&
	       a->rule_below == b->rule_below && strcmp(a->num_format, b->num_format) == 0;
}

/* The workbook format for key, made once and shared; NULL on out of memory. */
static lxw_format *format_for(struct writer *w, const struct format_key *key)
{
	struct format_cache *fc = &w->fc;
	for (int i = 0; i < fc->n; i++)
		if (key_equal(&fc->v[i].key, key))
			return fc->v[i].format;
	if (vec_reserve(&fc->v, &fc->cap, fc->n + 1, sizeof *fc->v)) {
		w->oom = true;
		return NULL;
	}
	lxw_format *f = workbook_add_format(w->wb);
	if (!f) {
		w->oom = true;
		return NULL;
	}
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, key->size_pt);
	if (key->bold)
		format_set_bold(f);
	if (key->italic)
		format_set_italic(f);
	if (key->red)
		format_set_font_color(f, LXW_COLOR_RED);
	format_set_align(f, key->align == ALIGN_LEFT	? LXW_ALIGN_LEFT
			    : key->align == ALIGN_RIGHT ? LXW_ALIGN_RIGHT
							: LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (key->wrap)
		format_set_text_wrap(f);
	if (key->border)
		format_set_border(f, LXW_BORDER_THIN);
	if (key->rule_below)
		format_set_bottom(f, LXW_BORDER_THIN);
	if (key->num_format[0])
		format_set_num_format(f, key->num_format);
	fc->v[fc->n++] = (struct cached_format){*key, f};
	return f;
}

/*
 * The number format for a cell. [$-42A] is the Vietnamese locale: with it
 * LibreOffice and a Vietnamese Excel show ',' for decimals and '.' for
 * thousands (41,51%, 264.650) whatever the viewer's own locale.
 */
static void number_format_code(struct number_format nf, char *buf, size_t size)
{
	/* Put together by hand: every number cell asks for its code. */
	char code[32] = "[$-42A]";
	size_t n = strlen(code);
	int d = nf.decimals < 0 ? 0 : nf.decimals > 6 ? 6 : nf.decimals;
	const char *whole = nf.thousands ? "#,##0" : "0";
	memcpy(code + n, whole, strlen(whole));
	n += strlen(whole);
	if (d)
		code[n++] = '.';
	memset(code + n, '0', (size_t)d);
	n += (size_t)d;
	if (nf.percent)
		code[n++] = '%';
	if (size == 0)
		return;
	n = n < size - 1 ? n : size - 1;
	memcpy(buf, code, n);
	buf[n] = '\0';
}

static lxw_format *table_format(struct writer *w, int r, const struct table_cell *cell)
{
	struct text_style s = cell_style(w->t, r, cell);
	struct format_key key = {
	    .bold = s.bold,
	    .italic = s.italic,
	    .wrap = s.wrap,
	    .border = true,
	    .align = s.align,
	    .size_pt = cell_size(w, r),
	};
	if (cell->type == CELL_NUMBER)
		number_format_code(cell->format, key.num_format, sizeof key.num_format);
	return format_for(w, &key);
}

/* A paragraph's size; one without falls back to the table's body size. */
static double paragraph_size(const struct writer *w, const struct paragraph *p)
{
	return p->size_pt > 0 ? p->size_pt : w->doc->page.body_size_pt > 0 ? w->doc->page.body_size_pt : 12;
}

static lxw_format *paragraph_format(struct writer *w, const struct paragraph *p)
{
	struct format_key key = {
	    .bold = p->style.bold,
	    .italic = p->style.italic,
	    .wrap = true,
	    .align = p->style.align,
	    .size_pt = paragraph_size(w, p),
	};
	return format_for(w, &key);
}

/* --- layout ---------------------------------------------------------------- */

/* Narrowest width (≥ from) at which text takes at most max_lines lines. */
static double width_for_lines(struct writer *w, enum face f, double size_pt, const char *text, int max_lines,
			      double from)
{
	double full = need_width(w, f, size_pt, text);
	double x = from;
	while (x < full && lines_in(w, f, size_pt, text, x) > max_lines)
		x += 0.5;
	return x < full ? x : (from > full ? from : full);
}

/*
 * Lines a header cell needs per row it spans, at the current widths. Cells
 * spanning several rows have that many rows to fill.
 */
static int header_level(struct writer *w, int r, int c)
{
	const struct table_cell *cell = table_cell(w->t, r, c);
	if (cell->covered || cell->type != CELL_TEXT || !w->t->cols[c].printed)
		return 0;
	char buf[64];
	const char *text = cell_text(cell, buf, sizeof buf);
	double width = span_width(w, c, c + cell->col_span - 1, true);
	int lines = lines_in(w, FACE_BOLD, cell_size(w, r), text, width);
	return (lines + cell->row_span - 1) / cell->row_span;
}

static int max_header_level(struct writer *w)
{
	int level = 0;
	for (int r = 0; r < w->header_rows; r++)
		for (int c = 0; c < w->t->n_cols; c++) {
			int l = header_level(w, r, c);
			if (l > level)
				level = l;
		}
	return level;
}

/*
 * Widens the columns so that no header cell needs more than `level` lines per
 * row (level 0: so that each holds its longest word). Single-column cells
 * first, then spanning cells spread what they still lack over their
 * columns. Only printed columns unless `all`.
 */
static void fit_header_level(struct writer *w, int level, bool all)
{
	const struct table *t = w->t;
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < w->header_rows; r++)
			for (int c = 0; c < t->n_cols; c++) {
				const struct table_cell *cell = table_cell(t, r, c);
				if (cell->covered || cell->type != CELL_TEXT)
					continue;
				if ((pass == 0) != (cell->col_span == 1))
					continue;
				int last = c + cell->col_span - 1;
				for (int part = 0; part < 2; part++) {
					bool printed = part == 0;
					if (!printed && !all)
						continue;
					int n = 0;
					for (int k = c; k <= last; k++)
						n += t->cols[k].printed == printed;
					if (n == 0)
						continue;
					double have = span_width(w, c, last, printed);
					double size = cell_size(w, r), want;
					if (level > 0)
						want = width_for_lines(w, FACE_BOLD, size, cell->text,
								       level * cell->row_span, have);
					else
						want = fmax(have, metrics_longest_word(w->m, FACE_BOLD, size,
										       cell->text) *
									  SLACK +
								      2 * PAD_PT);
					for (int k = c; k <= last; k++)
						if (t->cols[k].printed == printed)
							w->width[k] += (want - have) / n;
				}
			}
}

/* The page's width between the margins, in pt, on the paper the PDF chose (w->plan). */
static double printable_width(const struct writer *w)
{
	const struct page_setup *pg = &w->doc->page;
	bool wide = w->plan->orientation == ORIENT_LANDSCAPE;
	double paper_mm = w->plan->a3 ? (wide ? 420 : 297) : wide ? 297 : 210;
	return (paper_mm - pg->margin_left_mm - pg->margin_right_mm) * PT_PER_MM;
}

/*
 * Column widths: every column gets what its numbers and unwrapped body text
 * need (and at least its longest word); then, while the page has room, the
 * header is made shorter a line at a time; what is left goes to the label
 * column, as in the PDF. A table too wide for the page wraps its label
 * column first; past that, fit-to-width scales the print.
 */
static void layout_columns(struct writer *w)
{
	const struct table *t = w->t;
	double avail = printable_width(w);
	double *minw = calloc((size_t)t->n_cols, sizeof *minw);
	if (!minw) {
		w->oom = true;
		return;
	}

	for (int c = 0; c < t->n_cols; c++)
		w->width[c] = minw[c] = MIN_COL_PT;
	for (int r = 0; r < t->n_rows; r++)
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			if (cell->covered || cell->type == CELL_BLANK)
				continue;
			struct text_style s = cell_style(t, r, cell);
			char buf[64];
			const char *text = cell_text(cell, buf, sizeof buf);
			double size = cell_size(w, r), lo, hi;
			if (cell->type == CELL_NUMBER || !s.wrap) {
				lo = hi = need_width(w, face_of(s), size, text);
			} else {
				lo = metrics_longest_word(w->m, face_of(s), size, text) * SLACK + 2 * PAD_PT;
				hi = is_header(t, r) ? lo : need_width(w, face_of(s), size, text);
			}
			if (cell->col_span > 1)
				continue; /* spanning cells are fitted below */
			if (lo > minw[c])
				minw[c] = lo;
			if (hi > w->width[c])
				w->width[c] = hi;
		}
	for (int c = 0; c < t->n_cols; c++)
		if (minw[c] > w->width[c])
			w->width[c] = minw[c];

	double total = printed_width(w);
	if (total > avail) {
		/* Wrap the label column rather than shrink the whole print. */
		for (int c = 0; c < t->n_cols && total > avail; c++) {
			if (!t->cols[c].printed || !t->cols[c].is_label)
				continue;
			double give = w->width[c] - minw[c];
			if (give > total - avail)
				give = total - avail;
			w->width[c] -= give;
			total -= give;
		}
	}

	/* Spanning header cells must at least hold their longest word on each line. */
	fit_header_level(w, 0, true);

	/* Shorten the header while the page has room. */
	double *saved = malloc((size_t)t->n_cols * sizeof *saved);
	if (!saved) {
		free(minw);
		w->oom = true;
		return;
	}
	for (int level = max_header_level(w); level > 1 && !w->oom; level--) {
		memcpy(saved, w->width, (size_t)t->n_cols * sizeof *saved);
		fit_header_level(w, level - 1, false);
		if (printed_width(w) > avail) {
			memcpy(w->width, saved, (size_t)t->n_cols * sizeof *saved);
			break;
		}
	}
	/* Data columns outside the print area: as short a header as the printed ones. */
	fit_header_level(w, max_header_level(w) > 0 ? max_header_level(w) : 1, true);

	total = printed_width(w);
	if (total < avail) {
		int labels = 0, printed = 0;
		for (int c = 0; c < t->n_cols; c++) {
			labels += t->cols[c].printed && t->cols[c].is_label;
			printed += t->cols[c].printed;
		}
		for (int c = 0; c < t->n_cols; c++)
			if (t->cols[c].printed && (labels ? t->cols[c].is_label : true))
				w->width[c] += (avail - total) / (labels ? labels : printed);
	}
	free(saved);
	free(minw);
}

/* Row heights from the wrapped lines of every cell. */
static void layout_rows(struct writer *w)
{
	const struct table *t = w->t;
	for (int r = 0; r < t->n_rows; r++)
		w->row_h[r] = rows_height(1, cell_size(w, r));
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < t->n_rows; r++)
			for (int c = 0; c < t->n_cols; c++) {
				const struct table_cell *cell = table_cell(t, r, c);
				if (cell->covered || cell->type == CELL_BLANK)
					continue;
				if ((pass == 0) != (cell->row_span == 1))
					continue;
				struct text_style s = cell_style(t, r, cell);
				char buf[64];
				const char *text = cell_text(cell, buf, sizeof buf);
				int last = c + cell->col_span - 1;
				int lines = 1;
				for (int part = 0; part < 2 && s.wrap; part++) {
					double width = span_width(w, c, last, part == 0);
					if (width <= 0)
						continue;
					int l = lines_in(w, face_of(s), cell_size(w, r), text, width);
					if (l > lines)
						lines = l;
				}
				double need = rows_height(lines, cell_size(w, r));
				int end = r + cell->row_span - 1;
				double have = 0;
				for (int k = r; k <= end; k++)
					have += w->row_h[k];
				if (need > have)
					w->row_h[end] += need - have;
			}
}

/* --- writing --------------------------------------------------------------- */

/* Writes text over sheet columns [x0, x1] of row y, merged when wider than one. */
static void write_merged(struct writer *w, int y, int x0, int x1, const char *text, lxw_format *f)
{
	if (x1 > x0)
		note(w, worksheet_merge_range(w->ws, (lxw_row_t)y, (lxw_col_t)x0, (lxw_row_t)y, (lxw_col_t)x1,
					      text, f));
	else
		note(w, worksheet_write_string(w->ws, (lxw_row_t)y, (lxw_col_t)x0, text, f));
}

/* A paragraph as one row merged across the printed columns; returns the next row. */
static int write_paragraph(struct writer *w, int y, const struct paragraph *p)
{
	double width = printed_width(w);
	enum face f = p->style.bold ? FACE_BOLD : p->style.italic ? FACE_ITALIC : FACE_REGULAR;
	double size = paragraph_size(w, p);
	int lines = lines_in(w, f, size, p->text, width);
	note(w, worksheet_set_row(w->ws, (lxw_row_t)y, rows_height(lines, size), NULL));
	write_merged(w, y, 0, w->n_printed - 1, p->text, paragraph_format(w, p));
	y++;
	if (p->rule_after) {
		/*
		 * Decree 30's short rule under the line: the bottom border of a
		 * thin row, over the printed columns whose middle lies in the
		 * middle third.
		 */
		struct format_key key = {.rule_below = true, .size_pt = size};
		lxw_format *rule = format_for(w, &key);
		double x = 0;
		for (int c = 0; c < w->t->n_cols; c++) {
			if (!w->t->cols[c].printed)
				continue;
			double mid = x + w->width[c] / 2;
			if (mid > width / 3 && mid < 2 * width / 3)
				note(w,
				     worksheet_write_blank(w->ws, (lxw_row_t)y, (lxw_col_t)w->xcol[c], rule));
			x += w->width[c];
		}
		note(w, worksheet_set_row(w->ws, (lxw_row_t)y, 6, NULL));
		y++;
	}
	return y;
}

/* A formula as it grows (vec.h's buf); oom is sticky, so the appends need no checks between them. */
struct strbuf {
	struct buf s;
	bool oom;
};

#define sb_printf(b, ...) ((b)->oom = (b)->oom || buf_printf(&(b)->s, __VA_ARGS__) != 0)

/* Appends "A5:A9" for sheet column x over table rows [r0, r1]. */
static void sb_range(struct strbuf *b, const struct writer *w, int x, int r0, int r1)
{
	char range[64];
	lxw_rowcol_to_range(range, (lxw_row_t)(w->table_top + r0), (lxw_col_t)x,
			    (lxw_row_t)(w->table_top + r1), (lxw_col_t)x);
	sb_printf(b, "%s", range);
}

/*
 * Appends the ranges of column x over the aggregate's rows, contiguous runs
 * compressed into one range each, `before`/`after` around each and `sep`
 * between: SUM wants "A1:A3,A5", SUMPRODUCT one call per run.
 */
static void sb_runs(struct strbuf *b, const struct writer *w, const struct aggregate *a, int x, int wx,
		    const char *sep)
{
	for (int i = 0; i < a->n_rows;) {
		int j = i;
		while (j + 1 < a->n_rows && a->rows[j + 1] == a->rows[j] + 1)
			j++;
		if (i > 0)
			sb_printf(b, "%s", sep);
		if (wx >= 0)
			sb_printf(b, "SUMPRODUCT(");
		sb_range(b, w, x, a->rows[i], a->rows[j]);
		if (wx >= 0) {
			sb_printf(b, ",");
			sb_range(b, w, wx, a->rows[i], a->rows[j]);
			sb_printf(b, ")");
		}
		i = j + 1;
	}
}

static bool valid_col(const struct writer *w, int c)
{
	return c >= 0 && c < w->t->n_cols;
}

/* Digits of a number cell's value as the sheet stores it (a percent is a fraction: two more). */
static int value_digits(const struct table_cell *cell)
{
	return cell->format.decimals + (cell->format.percent ? 2 : 0);
}

/*
 * The people still needed in row r (document.h: AGG_SHORTFALL). A target
 * rate times the weight is rounded to the rate's digits first, so that an
 * exact product (7% of 100) is not pushed over the integer by the binary
 * fraction before ROUNDUP.
 */
static bool shortfall_formula(struct strbuf *b, const struct writer *w, const struct aggregate *a, int r)
{
	if (!valid_col(w, a->num_col) || !valid_col(w, a->sub_col))
		return false;
	sb_printf(b, "=MAX(0,");
	if (a->weight_col >= 0) {
		if (!valid_col(w, a->weight_col))
			return false;
		sb_printf(b, "ROUNDUP(ROUND(");
		sb_range(b, w, w->xcol[a->sub_col], r, r);
		sb_printf(b, "*");
		sb_range(b, w, w->xcol[a->weight_col], r, r);
		sb_printf(b, ",%d),0)", value_digits(table_cell(w->t, r, a->sub_col)));
	} else {
		sb_range(b, w, w->xcol[a->sub_col], r, r);
	}
	sb_printf(b, "-");
	sb_range(b, w, w->xcol[a->num_col], r, r);
	sb_printf(b, ")");
	return true;
}

/* The formula of an aggregate cell at table (r, c), or NULL (none / out of memory). */
static char *aggregate_formula(struct writer *w, const struct table_cell *cell, int r, int c)
{
	const struct aggregate *a = &cell->agg;
	bool own_row = a->op == AGG_DIFF || a->op == AGG_SHORTFALL;
	if (a->op == AGG_NONE || cell->type != CELL_NUMBER || (!own_row && a->n_rows <= 0))
		return NULL;
	struct strbuf b = {0};
	int x = w->xcol[c];
	int digits = cell->format.decimals + (cell->format.percent ? 2 : 0);
	if (a->op == AGG_DIFF) {
		if (!valid_col(w, a->num_col) || !valid_col(w, a->sub_col))
			return NULL;
		sb_printf(&b, "=");
		sb_range(&b, w, w->xcol[a->num_col], r, r);
		sb_printf(&b, "-");
		if (a->weight_col >= 0) {
			/* Against a count: the rate that number makes of the weight. */
			if (!valid_col(w, a->weight_col))
				return NULL;
			sb_printf(&b, "ROUND(");
			sb_range(&b, w, w->xcol[a->sub_col], r, r);
			sb_printf(&b, "/");
			sb_range(&b, w, w->xcol[a->weight_col], r, r);
			sb_printf(&b, ",%d)", digits);
		} else {
			sb_range(&b, w, w->xcol[a->sub_col], r, r);
		}
	} else if (a->op == AGG_SHORTFALL) {
		if (!shortfall_formula(&b, w, a, r))
			return NULL;
	} else if (a->op == AGG_RATIO && a->n_rows == 1) {
		/* A row's own rate (a body cell): participants ÷ weight. */
		if (!valid_col(w, a->num_col) || !valid_col(w, a->weight_col))
			return NULL;
		sb_printf(&b, "=ROUND(");
		sb_range(&b, w, w->xcol[a->num_col], a->rows[0], a->rows[0]);
		sb_printf(&b, "/");
		sb_range(&b, w, w->xcol[a->weight_col], a->rows[0], a->rows[0]);
		sb_printf(&b, ",%d)", digits);
	} else if (a->op == AGG_RATIO) {
		if (!valid_col(w, a->num_col) || !valid_col(w, a->weight_col))
			return NULL;
		sb_printf(&b, "=ROUND(SUM(");
		sb_runs(&b, w, a, w->xcol[a->num_col], -1, ",");
		sb_printf(&b, ")/SUM(");
		sb_runs(&b, w, a, w->xcol[a->weight_col], -1, ",");
		sb_printf(&b, "),%d)", digits);
	} else if (a->op == AGG_SUM) {
		sb_printf(&b, "=SUM(");
		sb_runs(&b, w, a, x, -1, ",");
		sb_printf(&b, ")");
	} else {
		if (a->weight_col < 0 || a->weight_col >= w->t->n_cols)
			return NULL;
		int wx = w->xcol[a->weight_col];
		bool runs = a->n_rows > 1 && a->rows[a->n_rows - 1] - a->rows[0] != a->n_rows - 1;
		sb_printf(&b, "=ROUND(%s", runs ? "(" : "");
		sb_runs(&b, w, a, x, wx, "+");
		sb_printf(&b, "%s/SUM(", runs ? ")" : "");
		sb_runs(&b, w, a, wx, -1, ",");
		sb_printf(&b, "),%d)", digits);
	}
	if (b.oom) {
		buf_free(&b.s);
		w->oom = true;
		return NULL;
	}
	return buf_detach(&b.s);
}

/* A cell's value as the sheet stores it: units / 10^decimals, percent as a fraction. */
static double cell_value(const struct table_cell *cell)
{
	int digits = cell->format.decimals + (cell->format.percent ? 2 : 0);
	/* One division of two exact doubles: the nearest double to the true value. */
	return (double)cell->units / pow(10, digits);
}

static void write_table(struct writer *w)
{
	const struct table *t = w->t;
	for (int r = 0; r < t->n_rows; r++) {
		lxw_row_t y = (lxw_row_t)(w->table_top + r);
		note(w, worksheet_set_row(w->ws, y, w->row_h[r], NULL));
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			if (cell->covered)
				continue; /* written by its merge */
			lxw_format *f = table_format(w, r, cell);
			lxw_col_t x = (lxw_col_t)w->xcol[c];
			if (cell->row_span > 1 || cell->col_span > 1) {
				/*
				 * Printed and data columns are apart in the
				 * sheet, so a span across both becomes two merges.
				 */
				int last = c + cell->col_span - 1;
				for (int part = 0; part < 2; part++) {
					int x0 = -1, x1 = -1;
					for (int k = c; k <= last; k++)
						if (t->cols[k].printed == (part == 0)) {
							if (x0 < 0)
								x0 = w->xcol[k];
							x1 = w->xcol[k];
						}
					if (x0 < 0)
						continue;
					char buf[64];
					const char *text = cell_text(cell, buf, sizeof buf);
					if (x1 > x0 || cell->row_span > 1)
						note(w,
						     worksheet_merge_range(w->ws, y, (lxw_col_t)x0,
									   y + (lxw_row_t)cell->row_span - 1,
									   (lxw_col_t)x1, text, f));
					else
						note(w, worksheet_write_string(w->ws, y, (lxw_col_t)x0, text,
									       f));
				}
				/* A merged number is rare; write it over the string merge_range left. */
				if (cell->type == CELL_NUMBER && t->cols[c].printed)
					note(w, worksheet_write_number(w->ws, y, x, cell_value(cell), f));
				continue;
			}
			if (cell->type == CELL_TEXT) {
				note(w, worksheet_write_string(w->ws, y, x, cell->text ? cell->text : "", f));
			} else if (cell->type == CELL_NUMBER) {
				char *formula = aggregate_formula(w, cell, r, c);
				if (formula)
					note(w, worksheet_write_formula_num(w->ws, y, x, formula, f,
									    cell_value(cell)));
				else
					note(w, worksheet_write_number(w->ws, y, x, cell_value(cell), f));
				free(formula);
			} else {
				note(w, worksheet_write_blank(w->ws, y, x, f));
			}
		}
	}
}

/*
 * Text for a page header: & is the header codes' escape, so it is doubled.
 * A text too long for buf is cut between two characters, not inside one.
 */
static const char *header_text(const char *text, char *buf, size_t size)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		size_t out = *p == '&' ? 2 : n;
		if (o + out >= size || strnlen((const char *)p, n) < n)
			break;
		if (*p == '&')
			buf[o++] = '&';
		memcpy(buf + o, p, n);
		o += n;
		p += n;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Where the PDF split the table into column bands: the same bands as
 * manual page breaks, STT and name repeated on each (print titles), at the
 * largest scale at which every band fits the page width. Fit to page would
 * override the breaks.
 */
static void band_setup(struct writer *w)
{
	const struct table *t = w->t;
	int lo = -1, hi = -1;
	for (int c = 0; c < t->n_cols; c++)
		if (t->cols[c].printed && t->cols[c].repeat) {
			lo = lo < 0 ? w->xcol[c] : lo;
			hi = w->xcol[c];
		}
	if (lo >= 0)
		note(w, worksheet_repeat_columns(w->ws, (lxw_col_t)lo, (lxw_col_t)hi));
	lxw_col_t *breaks = calloc((size_t)w->plan->n_bands + 1, sizeof *breaks);
	if (!breaks) {
		w->oom = true;
		return;
	}
	int n = 0;
	for (int b = 1; b < w->plan->n_bands && n < 1023; b++)
		breaks[n++] = (lxw_col_t)w->xcol[w->plan->band_lo[b]];
	note(w, worksheet_set_v_pagebreaks(w->ws, breaks));
	free(breaks);
	/* The scale at which the widest band (repeated columns and its own) fits the page width. */
	double avail = printable_width(w), widest = 1;
	for (int b = 0; b < w->plan->n_bands; b++) {
		double sum = 0;
		for (int c = 0; c < t->n_cols; c++)
			if (t->cols[c].printed &&
			    (t->cols[c].repeat || (c >= w->plan->band_lo[b] && c <= w->plan->band_hi[b])))
				sum += ceil(w->width[c] * 96.0 / 72.0) * 72.0 / 96.0;
		widest = fmax(widest, sum);
	}
	long scale = (long)floor(100 * avail / (widest * SLACK));
	worksheet_set_print_scale(w->ws, (uint16_t)(scale < 10 ? 10 : scale > 100 ? 100 : scale));
}

/* Paper, margins, repeated header, page numbers, print area: as the PDF (render_pdf_plan). */
static void print_setup(struct writer *w, int last_row)
{
	const struct page_setup *pg = &w->doc->page;
	worksheet_set_paper(w->ws, w->plan->a3 ? 8 : 9); /* A3, A4 */
	if (w->plan->orientation == ORIENT_LANDSCAPE)
		worksheet_set_landscape(w->ws);
	else
		worksheet_set_portrait(w->ws);
	worksheet_set_margins(w->ws, pg->margin_left_mm / 25.4, pg->margin_right_mm / 25.4,
			      pg->margin_top_mm / 25.4, pg->margin_bottom_mm / 25.4);
	worksheet_center_horizontally(w->ws);
	if (w->plan->n_bands > 1)
		band_setup(w);
	else
		worksheet_fit_to_pages(w->ws, 1, 0);
	if (w->header_rows > 0)
		note(w, worksheet_repeat_rows(w->ws, (lxw_row_t)w->table_top,
					      (lxw_row_t)(w->table_top + w->header_rows - 1)));
	note(w, worksheet_print_area(w->ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)(w->n_printed - 1)));
	/*
	 * Decree 30 numbers pages from the second one: libxlsxwriter 1.1.4 has
	 * no differentFirst header, so the odd-page header carries the number
	 * and xlsx_first_page_header gives page 1 its own, without it, once the
	 * workbook is written.
	 */
	char header[400], mark[160];
	int size = (int)lround(pg->body_size_pt > 0 ? pg->body_size_pt : 12);
	w->first_header[0] = '\0';
	if (w->doc->draft && w->doc->draft_mark && w->doc->draft_mark[0]) {
		header_text(w->doc->draft_mark, mark, sizeof mark);
		snprintf(header, sizeof header,
			 "&L&\"Times New Roman,Bold\"&%d&KFF0000%s&C&\"Times New Roman,Regular\"&%d&P", size,
			 mark, size);
		snprintf(w->first_header, sizeof w->first_header, "&L&\"Times New Roman,Bold\"&%d&KFF0000%s",
			 size, mark);
	} else {
		snprintf(header, sizeof header, "&C&\"Times New Roman,Regular\"&%d&P", size);
	}
	note(w, worksheet_set_header(w->ws, header));
}

/*
 * The marks of document.h (a locality below its target) as conditional
 * formats, so they follow the clerk's edits: each marked column, over the
 * rows under the header, bold on grey when its row's value < limit.
 */
static void write_marks(struct writer *w)
{
	const struct table *t = w->t;
	int first = w->header_rows, last = t->n_rows - 1;
	lxw_format *f = NULL;
	for (int c = 0; c < t->n_cols && first <= last; c++) {
		const struct table_column *tc = &t->cols[c];
		if (!tc->mark_below || !valid_col(w, tc->mark_value_col) || !valid_col(w, tc->mark_limit_col))
			continue;
		if (!f) {
			f = workbook_add_format(w->wb);
			if (!f) {
				w->oom = true;
				return;
			}
			format_set_bold(f);
			format_set_bg_color(f, 0xD9D9D9);
		}
		char value[16], limit[16], formula[160];
		lxw_col_to_name(value, (lxw_col_t)w->xcol[tc->mark_value_col], true);
		lxw_col_to_name(limit, (lxw_col_t)w->xcol[tc->mark_limit_col], true);
		/* Relative to the range's first row, as Excel reads conditional formulas. */
		int row1 = w->table_top + first + 1;
		snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s%d),ISNUMBER(%s%d),%s%d<%s%d)", value,
			 row1, limit, row1, value, row1, limit, row1);
		lxw_conditional_format cf = {
		    .type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = formula, .format = f};
		note(w, worksheet_conditional_format_range(
			    w->ws, (lxw_row_t)(w->table_top + first), (lxw_col_t)w->xcol[c],
			    (lxw_row_t)(w->table_top + last), (lxw_col_t)w->xcol[c], &cf));
	}
}

/*
 * The document's charts as native Excel bar charts on a sheet of their own
 * ("Biểu đồ"), one under the other; their series point at the table's
 * cells, so they follow the clerk's edits too. Horizontal bars, labels in
 * the table's order from the top, greys that print in black and white.
 */
static void write_charts(struct writer *w)
{
	const struct document *doc = w->doc;
	const struct table *t = w->t;
	int first = -1, last = -1;
	for (int r = 0; r < t->n_rows; r++)
		if (t->rows[r].kind == ROW_BODY) {
			first = first < 0 ? r : first;
			last = r;
		}
	if (doc->n_charts == 0 || first < 0)
		return;
	lxw_worksheet *sheet = workbook_add_worksheet(w->wb, doc->chart_sheet_name);
	if (!sheet) {
		w->oom = true;
		return;
	}
	const char *data_sheet = w->ws->name;
	lxw_row_t at = 1;
	static const lxw_color_t fills[CHART_MAX_SERIES] = {0x404040, 0xBFBFBF, 0x808080, 0xE0E0E0};
	for (int i = 0; i < doc->n_charts; i++) {
		const struct chart *ch = &doc->charts[i];
		if (!valid_col(w, ch->category_col))
			continue;
		lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
		if (!chart) {
			w->oom = true;
			return;
		}
		lxw_chart_font title_font = {.name = "Times New Roman", .size = 13, .bold = true};
		lxw_chart_font font = {.name = "Times New Roman", .size = 10};
		chart_title_set_name(chart, ch->title);
		chart_title_set_name_font(chart, &title_font);
		for (int s = 0; s < ch->n_series; s++) {
			if (!valid_col(w, ch->series[s].col))
				continue;
			lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
			if (!series) {
				w->oom = true;
				return;
			}
			lxw_row_t r0 = (lxw_row_t)(w->table_top + first),
				  r1 = (lxw_row_t)(w->table_top + last);
			chart_series_set_categories(series, data_sheet, r0,
						    (lxw_col_t)w->xcol[ch->category_col], r1,
						    (lxw_col_t)w->xcol[ch->category_col]);
			chart_series_set_values(series, data_sheet, r0, (lxw_col_t)w->xcol[ch->series[s].col],
						r1, (lxw_col_t)w->xcol[ch->series[s].col]);
			chart_series_set_name(series, ch->series[s].name);
			lxw_chart_fill fill = {.color = fills[s]};
			lxw_chart_line line = {.color = LXW_COLOR_BLACK, .width = 0.5};
			chart_series_set_fill(series, &fill);
			chart_series_set_line(series, &line);
		}
		/* In a bar chart x is the value axis (horizontal), y the categories. */
		chart_axis_set_name(chart->x_axis, ch->value_title);
		chart_axis_set_name_font(chart->x_axis, &font);
		chart_axis_set_num_font(chart->x_axis, &font);
		chart_axis_set_num_format(chart->x_axis, "0%");
		chart_axis_set_min(chart->x_axis, 0);
		chart_axis_set_num_font(chart->y_axis, &font);
		chart_axis_set_reverse(chart->y_axis); /* first locality at the top, as in the table */
		chart_legend_set_position(chart, LXW_CHART_LEGEND_TOP);
		chart_legend_set_font(chart, &font);
		/* 480×288 px by default: as wide as a landscape page, 26 px per locality. */
		int n = last - first + 1;
		double height = 120 + 26.0 * n;
		lxw_chart_options opt = {.x_scale = 960.0 / 480, .y_scale = height / 288};
		note(w, worksheet_insert_chart_opt(sheet, at, 1, chart, &opt));
		at += (lxw_row_t)(height / 20) + 3; /* default rows are 20 px */
	}
}

static void write_sheet(struct writer *w)
{
	const struct document *doc = w->doc;
	const struct table *t = w->t;
	if (!w->plan) {
		struct font_files fonts = {.metrics =
					       w->m}; /* open: render_pdf_plan fails only out of memory */
		struct error err = {0};
		if (render_pdf_plan(doc, &fonts, &w->own_plan, &err)) {
			w->oom = true;
			return;
		}
		w->plan = &w->own_plan;
	}
	layout_columns(w);
	layout_rows(w);
	for (int c = 0; c < t->n_cols; c++) {
		/* Pixels at 96 dpi; libxlsxwriter turns them into character units. */
		double px = ceil(w->width[c] * 96.0 / 72.0);
		note(w, worksheet_set_column_pixels(w->ws, (lxw_col_t)w->xcol[c], (lxw_col_t)w->xcol[c],
						    (uint32_t)px, NULL));
	}
	if (w->n_printed < t->n_cols)
		note(w, worksheet_set_column_pixels(w->ws, (lxw_col_t)w->n_printed, (lxw_col_t)w->n_printed,
						    GAP_COL_PX, NULL));

	int y = 0;
	if (doc->draft && doc->draft_mark && doc->draft_mark[0]) {
		double size = doc->n_before > 0 ? paragraph_size(w, &doc->before[0]) : 14;
		struct format_key key = {.bold = true, .red = true, .align = ALIGN_CENTER, .size_pt = size};
		note(w, worksheet_set_row(w->ws, (lxw_row_t)y, rows_height(1, size), NULL));
		write_merged(w, y, 0, w->n_printed - 1, doc->draft_mark, format_for(w, &key));
		y++;
	}
	for (int i = 0; i < doc->n_before; i++)
		y = write_paragraph(w, y, &doc->before[i]);
	if (doc->n_before > 0)
		y++; /* a blank line between the title lines and the table */
	w->table_top = y;
	write_table(w);
	y += t->n_rows;
	int last_row = y - 1;
	if (doc->n_after > 0) {
		y++;
		for (int i = 0; i < doc->n_after; i++)
			y = write_paragraph(w, y, &doc->after[i]);
		last_row = y - 1;
	}
	print_setup(w, last_row);
	write_marks(w);
	write_charts(w);
}

static int writer_alloc(struct writer *w)
{
	const struct table *t = w->t;
	size_t nc = (size_t)(t->n_cols > 0 ? t->n_cols : 1), nr = (size_t)(t->n_rows > 0 ? t->n_rows : 1);
	w->xcol = calloc(nc, sizeof *w->xcol);
	w->width = calloc(nc, sizeof *w->width);
	w->row_h = calloc(nr, sizeof *w->row_h);
	if (!w->xcol || !w->width || !w->row_h)
		return -1;
	/* Printed columns first, in order; then a gap; then the data columns. */
	int x = 0;
	for (int c = 0; c < t->n_cols; c++)
		if (t->cols[c].printed)
			w->xcol[c] = x++;
	w->n_printed = x;
	x++;
	for (int c = 0; c < t->n_cols; c++)
		if (!t->cols[c].printed)
			w->xcol[c] = x++;
	w->header_rows = table_header_rows(t);
	return 0;
}

static void writer_free(struct writer *w)
{
	free(w->xcol);
	free(w->width);
	free(w->row_h);
	free(w->fc.v);
	pdf_plan_free(&w->own_plan);
}

int render_xlsx_planned(const struct document *doc, const struct font_files *fonts,
			const struct pdf_plan *plan, const char *path, struct error *err)
{
	static const struct font_files liberation = {
	    .regular = PHULUC_FONT_DIR "/LiberationSerif-Regular.ttf",
	    .bold = PHULUC_FONT_DIR "/LiberationSerif-Bold.ttf",
	    .italic = PHULUC_FONT_DIR "/LiberationSerif-Italic.ttf",
	};
	struct writer w = {.doc = doc, .t = &doc->table, .plan = plan};
	if (!fonts)
		fonts = &liberation;
	int printed = 0;
	for (int c = 0; c < doc->table.n_cols; c++)
		printed += doc->table.cols[c].printed;
	if (printed == 0)
		return error_set(err, ERR_IO, "cannot write %s: the table has no printed column", path);
	/*
	 * libxlsxwriter opens the file only when everything is laid out, and
	 * then prints its own complaint on stderr; trying first gives the
	 * reason (errno) and keeps stderr to the one message main.c prints.
	 */
	FILE *probe = fopen(path, "wb");
	if (!probe)
		return error_set(err, ERR_IO, "cannot write %s: %s (%s)", path,
				 lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE), strerror(errno));
	fclose(probe);
	w.m = fonts->metrics ? fonts->metrics : metrics_open(fonts, err);
	if (!w.m) {
		remove(path);
		return -1;
	}
	if (writer_alloc(&w)) {
		writer_free(&w);
		if (w.m != fonts->metrics)
			metrics_close(w.m);
		remove(path);
		return error_set(err, ERR_IO, "cannot write %s: out of memory", path);
	}

	w.wb = workbook_new(path);
	if (w.wb) {
		const char *name = doc->sheet_name && doc->sheet_name[0] ? doc->sheet_name : NULL;
		lxw_error e = name ? workbook_validate_sheet_name(w.wb, name) : LXW_NO_ERROR;
		note(&w, e);
		if (e == LXW_NO_ERROR)
			w.ws = workbook_add_worksheet(w.wb, name);
	}
	if (w.ws) {
		/*
		 * created fixes docProps/core.xml; 0 would mean "now" to
		 * libxlsxwriter, so the epoch itself becomes one second after.
		 */
		lxw_doc_properties props = {
		    .title = doc->title,
		    .subject = doc->subject,
		    .author = doc->author,
		    .created = doc->created ? (time_t)doc->created : 1,
		};
		note(&w, workbook_set_properties(w.wb, &props));
		write_sheet(&w);
	}

	int rc = 0;
	if (!w.wb || (!w.ws && w.lxerr == LXW_NO_ERROR) || w.oom) {
		rc = error_set(err, ERR_IO, "cannot write %s: out of memory", path);
	} else if (w.lxerr != LXW_NO_ERROR) {
		rc = error_set(err, ERR_IO, "cannot write %s: %s", path, lxw_strerror(w.lxerr));
	}
	if (rc) {
		lxw_workbook_free(w.wb); /* without writing anything */
		remove(path);		 /* the empty probe */
	} else {
		lxw_error e = workbook_close(w.wb);
		if (e != LXW_NO_ERROR) {
			rc = error_set(err, ERR_IO, "cannot write %s: %s", path, lxw_strerror(e));
			remove(path); /* never leave a truncated workbook behind */
		} else {
			rc = xlsx_first_page_header(path, w.first_header, err);
		}
	}
	writer_free(&w);
	if (w.m != fonts->metrics)
		metrics_close(w.m);
	return rc;
}

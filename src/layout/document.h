/*
 * document.h — the one model both renderers draw from.
 *
 * A document is what an annex looks like, with nothing of BHXH left in it:
 * paragraphs above the table (heading, title, "Kèm theo" line), a table of
 * cells with row/column spans, styles and number formats, and paragraphs
 * under it (the note). annex.c builds one from a template and the data;
 * render_pdf.c and render_xlsx.c draw it. Because both outputs come from the
 * same cells, they cannot disagree.
 *
 * Numbers are exact: a cell holds an integer `units` and a number format with
 * `decimals`; the value is units / 10^decimals. A percent format means the
 * value is already in percent (4151 with 2 decimals is 41,51%).
 *
 * Ownership: every string inside a document is owned by it and freed by
 * document_free(). Builders copy what they are given.
 */
#ifndef PHULUC_DOCUMENT_H
#define PHULUC_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/number.h"

enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct text_style {
	bool bold;
	bool italic;
	enum text_align align;
	bool wrap; /* may break over several lines (text cells, paragraphs) */
};

enum cell_type { CELL_BLANK, CELL_TEXT, CELL_NUMBER };

/*
 * An aggregate over other cells of the same column, for the XLSX renderer to
 * write as a formula (the cell's `units` is its exact, already rounded value,
 * written as the formula's cached result).
 *   AGG_SUM:           sum of the column over the rows
 *   AGG_WEIGHTED_MEAN: Σ(value × weight) / Σ weight, rounded to the cell's
 *                      number format, weights from `weight_col`
 * Rows are given as a list of table row indices (not necessarily contiguous,
 * so that a grand total can skip group subtotal rows).
 */
enum aggregate_op { AGG_NONE, AGG_SUM, AGG_WEIGHTED_MEAN, AGG_RATIO, AGG_DIFF, AGG_SHORTFALL };
/*
 *   AGG_RATIO:         Σ column `num_col` / Σ column `weight_col` over the
 *                      rows, rounded to the cell's number format (a rate of
 *                      totals: participants over labour force)
 *   AGG_DIFF:          column `num_col` − column `sub_col`, in the cell's own
 *                      row (rows unused); with a weight column, `sub_col` is
 *                      a count and its rate (÷ weight, rounded to the cell's
 *                      format) is subtracted
 *   AGG_SHORTFALL:     the people still needed, in the cell's own row (rows
 *                      unused): with a weight column, the target rate in
 *                      `sub_col` times the weight, rounded up, minus the
 *                      participants in `num_col`; without one (weight_col
 *                      -1), the target count in `sub_col` minus them; at
 *                      least 0
 * A body cell may carry AGG_RATIO (rows: its own row) or AGG_DIFF /
 * AGG_SHORTFALL too: a figure computed from other cells of its row, so that
 * a corrected count changes it.
 */

struct aggregate {
	enum aggregate_op op;
	int weight_col; /* AGG_WEIGHTED_MEAN, AGG_RATIO */
	int num_col;	/* AGG_RATIO, AGG_DIFF */
	int sub_col;	/* AGG_DIFF */
	int n_rows;
	int *rows; /* owned */
};

struct table_cell {
	enum cell_type type;
	char *text;    /* CELL_TEXT: UTF-8, NFC; owned */
	int64_t units; /* CELL_NUMBER */
	struct number_format format;
	struct text_style style;
	int row_span; /* ≥ 1 on a cell that is drawn */
	int col_span; /* ≥ 1 on a cell that is drawn */
	bool covered; /* inside another cell's span: not drawn */
	struct aggregate agg;
};

enum row_kind {
	ROW_HEADER, /* repeated on every page; bold, centred */
	ROW_BODY,
	ROW_GROUP, /* a group heading row inside the body */
	ROW_SUBTOTAL,
	ROW_TOTAL /* the grand total: bold, never alone on a page */
};

struct table_row {
	enum row_kind kind;
	struct table_cell *cells; /* n_cols of them */
};

struct table_column {
	bool printed;  /* false: data the XLSX formulas need (labour force),
			  kept in the workbook but outside the print area and
			  not drawn in the PDF */
	bool is_label; /* the locality-name column: gets spare width, wraps to at most two lines */
	bool repeat;   /* repeated at the left of every column band (STT, name) when
			  the PDF splits a table too wide for the page into bands */
	/*
	 * Marked cells (a locality below its target): when `mark_below` is
	 * set, a non-header cell of this column is marked if, in its row, the
	 * number in column mark_value_col is less than the one in
	 * mark_limit_col (see table_cell_marked). The PDF shades and bolds
	 * marked cells, the XLSX gives the column a conditional format with
	 * the same test, so it follows the clerk's edits.
	 */
	bool mark_below;
	int mark_value_col, mark_limit_col;
};

struct table {
	int n_cols;
	int n_rows;
	int cap_rows;
	struct table_column *cols;
	struct table_row *rows;
};

struct paragraph {
	char *text; /* owned */
	struct text_style style;
	double size_pt;
	bool rule_after; /* a short centred rule under it (Decree 30) */
};

/*
 * A bar chart of some table columns against the body rows' labels: the
 * XLSX draws it as a native chart whose series point at the table's cells,
 * the PDF on pages of its own after the table. Values are the body rows'
 * number cells (missing ones are left out).
 */
#define CHART_MAX_SERIES 4

struct chart_series {
	char *name; /* legend entry; owned */
	int col;    /* table column of the values */
};

struct chart {
	char *title;	   /* owned */
	char *value_title; /* the value axis, e.g. "Tỷ lệ (%)"; owned */
	char *continued; /* after the title on the chart's further pages, e.g. "(tiếp theo)"; owned or NULL */
	int category_col; /* table column of the labels (text cells) */
	int n_series;
	struct chart_series series[CHART_MAX_SERIES];
};

enum orientation { ORIENT_PORTRAIT, ORIENT_LANDSCAPE };

/*
 * A table too wide for the page is never refused: the PDF renderer tries the
 * template's size shrinking to MIN 8 pt (names on up to two lines), then A4
 * landscape, then A3 landscape when allow_a3, and else splits the table into
 * column bands (render.h: render_pdf_plan).
 */
struct page_setup {
	enum orientation orientation;
	bool allow_a3; /* the template's cho_phep_a3 */
	double margin_top_mm, margin_bottom_mm, margin_left_mm, margin_right_mm;
	double body_size_pt;   /* table text */
	double header_size_pt; /* table header text */
};

struct document {
	char *title; /* metadata (PDF Info, XLSX properties); owned */
	char *subject;
	char *author;
	char *sheet_name;	  /* ≤ 31 characters, no []:*?/\ */
	struct paragraph *before; /* above the table */
	int n_before;
	struct paragraph *after; /* under the table (note) */
	int n_after;
	struct table table;
	struct page_setup page;
	struct chart *charts; /* after the table; owned */
	int n_charts;
	char *summary;	  /* plain text written beside the outputs (<job>.tom_tat.txt); NULL if none; owned */
	bool draft;	  /* mark every page with draft_mark */
	char *draft_mark; /* the draft mark's wording (the template's nhan.du_thao); owned or NULL */
	char *chart_sheet_name; /* the XLSX sheet of the charts; owned or NULL (libxlsxwriter's default) */
	int64_t created;	/* seconds since the epoch, for metadata; from
				   SOURCE_DATE_EPOCH or a fixed date, so output
				   is byte-identical for identical input */
};

/* Build helpers. All return 0 on success, -1 on out of memory. */
int table_init(struct table *t, int n_cols);
/* Appends a row of blank cells (row_span = col_span = 1); returns its index or -1. */
int table_add_row(struct table *t, enum row_kind kind);
struct table_cell *table_at(struct table *t, int row, int col);
const struct table_cell *table_cell(const struct table *t, int row, int col);
int table_set_text(struct table *t, int row, int col, const char *text, struct text_style style);
void table_set_number(struct table *t, int row, int col, int64_t units, struct number_format fmt,
		      struct text_style style);
/* Merges rows×cols starting at (row, col); the cells it covers become covered. */
void table_merge(struct table *t, int row, int col, int rows, int cols);
/* Number of leading ROW_HEADER rows. */
int table_header_rows(const struct table *t);
/* Whether the cell is marked by its column's mark_below rule (see struct table_column). */
bool table_cell_marked(const struct table *t, int row, int col);

int document_add_paragraph(struct paragraph **list, int *n, const char *text, struct text_style style,
			   double size_pt);
void document_free(struct document *doc);

#endif

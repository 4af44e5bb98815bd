/*
 * document.c — building and freeing the table model of document.h.
 */
#include "layout/document.h"

#include "base/vec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int table_init(struct table *t, int n_cols)
{
	memset(t, 0, sizeof *t);
	t->cols = calloc((size_t)n_cols, sizeof *t->cols);
	if (!t->cols)
		return -1;
	t->n_cols = n_cols;
	for (int c = 0; c < n_cols; c++)
		t->cols[c].printed = true;
	return 0;
}

int table_add_row(struct table *t, enum row_kind kind)
{
	if (vec_reserve(&t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows))
		return -1;
	struct table_cell *cells = calloc((size_t)t->n_cols, sizeof *cells);
	if (!cells)
		return -1;
	for (int c = 0; c < t->n_cols; c++) {
		cells[c].row_span = 1;
		cells[c].col_span = 1;
	}
	t->rows[t->n_rows].kind = kind;
	t->rows[t->n_rows].cells = cells;
	return t->n_rows++;
}

struct table_cell *table_at(struct table *t, int row, int col)
{
	return &t->rows[row].cells[col];
}

const struct table_cell *table_cell(const struct table *t, int row, int col)
{
	return &t->rows[row].cells[col];
}

int table_set_text(struct table *t, int row, int col, const char *text, struct text_style style)
{
	struct table_cell *cell = table_at(t, row, col);
	char *copy = strdup(text ? text : "");
	if (!copy)
		return -1;
	free(cell->text);
	cell->text = copy;
	cell->type = CELL_TEXT;
	cell->style = style;
	return 0;
}

void table_set_number(struct table *t, int row, int col, int64_t units, struct number_format fmt,
		      struct text_style style)
{
	struct table_cell *cell = table_at(t, row, col);
	free(cell->text);
	cell->text = NULL;
	cell->type = CELL_NUMBER;
	cell->units = units;
	cell->format = fmt;
	cell->style = style;
}

void table_merge(struct table *t, int row, int col, int rows, int cols)
{
	for (int r = row; r < row + rows; r++)
		for (int c = col; c < col + cols; c++)
			table_at(t, r, c)->covered = (r != row || c != col);
	table_at(t, row, col)->row_span = rows;
	table_at(t, row, col)->col_span = cols;
}

int table_header_rows(const struct table *t)
{
	int n = 0;
	while (n < t->n_rows && t->rows[n].kind == ROW_HEADER)
		n++;
	return n;
}

int document_add_paragraph(struct paragraph **list, int *n, const char *text, struct text_style style,
			   double size_pt)
{
	struct paragraph *grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
	if (!grown)
		return -1;
	*list = grown;
	char *copy = strdup(text);
	if (!copy)
		return -1;
	grown[*n] = (struct paragraph){.text = copy, .style = style, .size_pt = size_pt};
	(*n)++;
	return 0;
}

static void table_free(struct table *t)
{
	for (int r = 0; r < t->n_rows; r++) {
		for (int c = 0; c < t->n_cols; c++) {
			free(t->rows[r].cells[c].text);
			free(t->rows[r].cells[c].agg.rows);
		}
		free(t->rows[r].cells);
	}
	free(t->rows);
	free(t->cols);
	memset(t, 0, sizeof *t);
}

bool table_cell_marked(const struct table *t, int row, int col)
{
	const struct table_column *tc = &t->cols[col];
	if (!tc->mark_below || t->rows[row].kind == ROW_HEADER || tc->mark_value_col < 0 ||
	    tc->mark_value_col >= t->n_cols || tc->mark_limit_col < 0 || tc->mark_limit_col >= t->n_cols)
		return false;
	const struct table_cell *v = table_cell(t, row, tc->mark_value_col),
				*lim = table_cell(t, row, tc->mark_limit_col);
	return v->type == CELL_NUMBER && lim->type == CELL_NUMBER && v->units < lim->units;
}

static void paragraphs_free(struct paragraph *list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i].text);
	free(list);
}

void document_free(struct document *doc)
{
	if (!doc)
		return;
	free_all(doc->title, doc->subject, doc->author, doc->sheet_name, doc->draft_mark,
		 doc->chart_sheet_name);
	paragraphs_free(doc->before, doc->n_before);
	paragraphs_free(doc->after, doc->n_after);
	table_free(&doc->table);
	for (int i = 0; i < doc->n_charts; i++) {
		struct chart *c = &doc->charts[i];
		free_all(c->title, c->value_title, c->continued);
		for (int s = 0; s < c->n_series; s++)
			free(c->series[s].name);
	}
	free_all(doc->charts, doc->summary);
	memset(doc, 0, sizeof *doc);
}

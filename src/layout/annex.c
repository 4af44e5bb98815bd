/*
 * annex.c — template + job + model → document (see annex.h).
 *
 * The header tree of the template is expanded (a `theo_nam` node once per
 * year) and laid out as merged header cells: a node at depth d sits in
 * header row d and spans its leaves; a leaf spans down to the last header
 * row. Each leaf is a column of the table. The total row carries, besides
 * its exact value, the aggregate that produced it, so the XLSX can write it
 * as a formula over the rows above; the weights that formula needs (labour
 * force, population) are added as columns that are not printed.
 */
#include "layout/annex.h"

#include "base/text.h"
#include "input/number.h"
#include "layout/summary.h"
#include "model/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One column of the table, as the template's leaves expand. */
struct leaf {
	enum value_kind value;
	int indicator;
	int year; /* index into the job's years, or -1 */
	struct number_format format;
};

struct builder {
	const struct template *t;
	const struct job *job;
	const struct model *m;
	const struct progress *progress; /* thuc_hien, NULL if none */
	struct document *doc;
	struct error *err;
	struct leaf *leaves;
	int n_leaves;
	int header_rows;
	/* Progress reports: the template reports on a period, which one. */
	bool reports_progress;
	int report;   /* index into progress->periods, -1 if none */
	int report_y; /* its year (index into the job's years), -1 if none */
};

/* ---- placeholders ----------------------------------------------------- */

static const char *placeholder(const struct builder *b, const char *name, int year, char *buf, size_t size)
{
	const struct job *job = b->job;
	const struct progress *pr = b->progress;
	/* The reported period: {ky} 7/2025, {ky_truoc} 6/2025, {ngay_cuoi_ky} 31/7/2025. */
	if (pr && b->report >= 0) {
		const struct period *p = &pr->periods[b->report];
		if (strcmp(name, "ky") == 0) {
			period_format(p, buf, size);
			return buf;
		}
		if (strcmp(name, "ky_truoc") == 0 && b->report > 0) {
			period_format(p - 1, buf, size);
			return buf;
		}
		if (strcmp(name, "ngay_cuoi_ky") == 0) {
			snprintf(buf, size, "%d/%d/%d", period_last_day(p), p->month, p->year);
			return buf;
		}
	}
	if (strcmp(name, "so") == 0)
		return job->number;
	if (strcmp(name, "tieu_de") == 0)
		return job->title;
	if (strcmp(name, "kem_theo") == 0)
		return job->attached_to;
	if (strcmp(name, "dong_tong") == 0)
		return job->total_label;
	if (strcmp(name, "ghi_chu") == 0)
		return job->note;
	int y = -1;
	if (strcmp(name, "nam") == 0)
		y = year >= 0 ? job->years[year] : -1;
	else if (strcmp(name, "nam_dau") == 0 && job->n_years > 0)
		y = job->years[0];
	else if (strcmp(name, "nam_cuoi") == 0 && job->n_years > 0)
		y = job->years[job->n_years - 1];
	else if (strcmp(name, "nam_ky") == 0 && b->report_y >= 0)
		y = job->years[b->report_y];
	if (y < 0)
		return NULL;
	snprintf(buf, size, "%d", y);
	return buf;
}

/* Fills {placeholders}; unknown ones stay as typed. Trims the ends. Caller frees. */
static char *expand(const struct builder *b, const char *text, int year)
{
	const struct job *job = b->job;
	size_t cap = strlen(text) + 1, len = 0;
	for (const char *p = text; *p; p++)
		if (*p == '{')
			cap += 1024;
	char *out = malloc(cap + strlen(job->title) + strlen(job->attached_to) + strlen(job->note) +
			   strlen(job->total_label) + strlen(job->number));
	if (!out)
		return NULL;
	for (const char *p = text; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close && close - p < 32) {
			char name[32], num[32];
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			const char *value = placeholder(b, name, year, num, sizeof num);
			if (value) {
				memcpy(out + len, value, strlen(value));
				len += strlen(value);
				p = close + 1;
				continue;
			}
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	char *trimmed = text_trim(out);
	free(out);
	return trimmed;
}

static bool placeholder_empty(const struct builder *b, const char *name)
{
	char num[32];
	const char *v = placeholder(b, name, -1, num, sizeof num);
	return !v || !v[0];
}

/* ---- header tree -------------------------------------------------------- */

static int depth(const struct tpl_column *c)
{
	int d = 0;
	for (int i = 0; i < c->n_children; i++) {
		int k = depth(&c->children[i]);
		if (k > d)
			d = k;
	}
	return d + 1;
}

static bool is_progress_value(enum value_kind v)
{
	return v >= VAL_PARTICIPANTS;
}

/* A change column is left out when there is no previous period to compare with. */
static bool dropped(const struct builder *b, const struct tpl_column *c)
{
	return c->n_children == 0 && c->value == VAL_CHANGE && b->report < 1;
}

static int count_leaves(const struct builder *b, const struct tpl_column *c, int n_years)
{
	int one = 0;
	if (c->n_children == 0)
		one = !dropped(b, c);
	for (int i = 0; i < c->n_children; i++)
		one += count_leaves(b, &c->children[i], n_years);
	return c->per_year ? one * n_years : one;
}

static struct number_format default_format(enum value_kind v)
{
	switch (v) {
	case VAL_TARGET:
	case VAL_ACTUAL_RATE:
	case VAL_GAP:
		return (struct number_format){.decimals = 2, .percent = true};
	case VAL_LABOUR:
	case VAL_POPULATION:
	case VAL_PARTICIPANTS:
	case VAL_SHORTFALL:
	case VAL_CHANGE:
		return (struct number_format){.thousands = true};
	default:
		return (struct number_format){0};
	}
}

static const struct text_style HEADER_STYLE = {.bold = true, .align = ALIGN_CENTER, .wrap = true};

/* Lays out node c (one instance, for year index `year`) at (row, *col). */
static int place_one(struct builder *b, const struct tpl_column *c, int year, int row, int *col);

static int place(struct builder *b, const struct tpl_column *c, int year, int row, int *col)
{
	if (count_leaves(b, c, 1) == 0)
		return 0;
	if (!c->per_year)
		return place_one(b, c, year, row, col);
	for (int y = 0; y < b->job->n_years; y++)
		if (place_one(b, c, y, row, col))
			return -1;
	return 0;
}

static int place_one(struct builder *b, const struct tpl_column *c, int year, int row, int *col)
{
	struct table *t = &b->doc->table;
	int first = *col;
	/* A progress report is about one period: its figures are of that period's year. */
	if (b->reports_progress && year < 0)
		year = b->report_y;
	char *title = expand(b, c->title, year);
	if (!title || table_set_text(t, row, first, title, HEADER_STYLE)) {
		free(title);
		return error_set(b->err, ERR_IO, "out of memory");
	}
	free(title);
	if (c->n_children == 0) {
		if ((c->value == VAL_TARGET || c->value == VAL_LABOUR || c->value == VAL_POPULATION) &&
		    year < 0 && !b->reports_progress)
			return error_set(
			    b->err, ERR_USAGE,
			    "%s: column \"%s\" shows a yearly figure but is not under theo_nam: true",
			    b->t->path, c->title);
		b->leaves[*col] = (struct leaf){c->value, c->indicator, year,
						c->has_format ? c->format : default_format(c->value)};
		table_merge(t, row, first, b->header_rows - row, 1);
		(*col)++;
		return 0;
	}
	for (int i = 0; i < c->n_children; i++)
		if (place(b, &c->children[i], year, row + 1, col))
			return -1;
	table_merge(t, row, first, 1, *col - first);
	return 0;
}

static void mark_needs(const struct tpl_column *c, int year, int n_years,
		       bool needs[JOB_MAX_YEARS][IND_COUNT])
{
	int from = c->per_year ? 0 : year, to = c->per_year ? n_years - 1 : year;
	for (int y = from; y <= to; y++) {
		if (c->value == VAL_TARGET && y >= 0 && c->indicator >= 0)
			needs[y][c->indicator] = true;
		/* A progress report's period is only known from the data: every year's target is needed. */
		if (y < 0 && c->indicator >= 0 &&
		    (c->value == VAL_TARGET || c->value == VAL_GAP || c->value == VAL_SHORTFALL))
			for (int k = 0; k < n_years; k++)
				needs[k][c->indicator] = true;
		for (int i = 0; i < c->n_children; i++)
			mark_needs(&c->children[i], y, n_years, needs);
	}
}

static bool progress_leaves(const struct tpl_column *c, bool shows[IND_COUNT])
{
	bool any = is_progress_value(c->value);
	if (any && c->indicator >= 0)
		shows[c->indicator] = true;
	for (int i = 0; i < c->n_children; i++)
		any = progress_leaves(&c->children[i], shows) || any;
	return any;
}

bool annex_progress_needs(const struct template *t, bool shows[IND_COUNT])
{
	memset(shows, 0, sizeof(bool) * IND_COUNT);
	bool any = false;
	for (int i = 0; i < t->n_columns; i++)
		any = progress_leaves(&t->columns[i], shows) || any;
	for (int i = 0; i < t->n_charts; i++) {
		shows[t->charts[i].indicator] = true;
		any = true;
	}
	return any;
}

void annex_needs(const struct template *t, const struct job *job, bool needs[JOB_MAX_YEARS][IND_COUNT])
{
	memset(needs, 0, sizeof(bool) * JOB_MAX_YEARS * IND_COUNT);
	for (int i = 0; i < t->n_columns; i++)
		mark_needs(&t->columns[i], -1, job->n_years, needs);
}

/* ---- the table ------------------------------------------------------------ */

/* The weight column (not printed) for a target leaf, appended on first need. */
static int weight_column(struct builder *b, const struct leaf *l, int *n_cols)
{
	enum value_kind kind = indicator_over_population(l->indicator) ? VAL_POPULATION : VAL_LABOUR;
	for (int c = 0; c < *n_cols; c++)
		if (b->leaves[c].value == kind && b->leaves[c].year == l->year &&
		    !b->doc->table.cols[c].printed)
			return c;
	if (*n_cols >= b->doc->table.n_cols)
		return -1; /* cannot happen: build_table counted them with annex_needs */
	int c = (*n_cols)++;
	b->leaves[c] = (struct leaf){kind, -1, l->year, default_format(kind)};
	return c;
}

static const struct text_style BODY_TEXT = {.align = ALIGN_LEFT, .wrap = true};
static const struct text_style BODY_CENTER = {.align = ALIGN_CENTER};

/* The column of the first leaf showing `value` for `indicator`, or -1. */
static int find_leaf(const struct builder *b, enum value_kind value, int indicator)
{
	for (int c = 0; c < b->doc->table.n_cols; c++)
		if (b->leaves[c].value == value && b->leaves[c].indicator == indicator)
			return c;
	return -1;
}

static int set_aggregate(struct table_cell *cell, enum aggregate_op op, const int *rows, int n_rows)
{
	cell->agg.op = op;
	if (op == AGG_DIFF || n_rows <= 0)
		return 0;
	cell->agg.rows = malloc((size_t)n_rows * sizeof *cell->agg.rows);
	if (!cell->agg.rows)
		return -1;
	memcpy(cell->agg.rows, rows, (size_t)n_rows * sizeof *rows);
	cell->agg.n_rows = n_rows;
	return 0;
}

/*
 * A progress figure (progress.h) of a locality, or of the province when loc
 * is -1: then the cell also carries the aggregate the XLSX writes as a
 * formula over the body rows — sums, the rate of the sums, the difference
 * of two cells of the row — when the columns it needs are in the table.
 */
static int fill_progress_cell(struct builder *b, int row, int col, int loc, const int *body_rows, int n_body,
			      const int *weight_of)
{
	struct table *t = &b->doc->table;
	const struct leaf *l = &b->leaves[col];
	struct progress_figures f;
	if (!progress_figures_of(b->m, b->progress, loc, b->report, l->indicator, &f))
		return 0;
	bool total = loc < 0;
	struct text_style style = {.align = ALIGN_RIGHT,
				   .bold = total || (f.below && t->cols[col].mark_below)};
	enum aggregate_op op = AGG_SUM;
	int64_t v;
	switch (l->value) {
	case VAL_PARTICIPANTS:
		if (f.participants == COUNT_NONE)
			return 0;
		v = f.participants;
		break;
	case VAL_ACTUAL_RATE:
		if (!f.has_rate)
			return 0;
		v = f.rate;
		style.align = ALIGN_CENTER;
		op = AGG_RATIO;
		break;
	case VAL_GAP:
		if (!f.has_gap)
			return 0;
		v = f.gap;
		style.align = ALIGN_CENTER;
		op = AGG_DIFF;
		break;
	case VAL_SHORTFALL:
		if (!f.has_shortfall)
			return 0;
		v = f.shortfall;
		break;
	case VAL_CHANGE:
		if (!f.has_change)
			return 0;
		v = f.change;
		break;
	default:
		return 0;
	}
	table_set_number(t, row, col, v, l->format, style);
	if (!total)
		return 0;
	struct table_cell *cell = table_at(t, row, col);
	if (op == AGG_RATIO) {
		cell->agg.num_col = find_leaf(b, VAL_PARTICIPANTS, l->indicator);
		cell->agg.weight_col = weight_of[col];
		if (cell->agg.num_col < 0 || cell->agg.weight_col < 0)
			return 0; /* no formula: the figure alone */
	} else if (op == AGG_DIFF) {
		cell->agg.num_col = find_leaf(b, VAL_ACTUAL_RATE, l->indicator);
		cell->agg.sub_col = find_leaf(b, VAL_TARGET, l->indicator);
		if (cell->agg.num_col < 0 || cell->agg.sub_col < 0)
			return 0;
	}
	return set_aggregate(cell, op, body_rows, n_body);
}

/* Marks the rate, gap and shortfall columns of each indicator whose rate and target the table shows. */
static void mark_columns(struct builder *b)
{
	struct table *t = &b->doc->table;
	for (int c = 0; c < t->n_cols; c++) {
		enum value_kind v = b->leaves[c].value;
		if (v != VAL_ACTUAL_RATE && v != VAL_GAP && v != VAL_SHORTFALL)
			continue;
		int rate = find_leaf(b, VAL_ACTUAL_RATE, b->leaves[c].indicator);
		int target = find_leaf(b, VAL_TARGET, b->leaves[c].indicator);
		if (rate < 0 || target < 0)
			continue;
		t->cols[c].mark_below = true;
		t->cols[c].mark_value_col = rate;
		t->cols[c].mark_limit_col = target;
	}
}

static int fill_body_cell(struct builder *b, int row, int col, int loc)
{
	struct table *t = &b->doc->table;
	const struct model *m = b->m;
	const struct leaf *l = &b->leaves[col];
	size_t i = (size_t)loc * (size_t)m->n_years + (size_t)(l->year < 0 ? 0 : l->year);
	switch (l->value) {
	case VAL_SEQ:
		table_set_number(t, row, col, loc + 1, l->format, BODY_CENTER);
		return 0;
	case VAL_NAME:
		return table_set_text(t, row, col, m->loc[loc].name, BODY_TEXT);
	case VAL_CODE:
		return table_set_text(t, row, col, m->loc[loc].code, BODY_CENTER);
	case VAL_TARGET: {
		if (l->year < 0)
			return 0; /* a progress report without its data (a draft) */
		int32_t r = model_target(m, loc, l->year, l->indicator);
		if (r != RATE_NONE)
			table_set_number(t, row, col, r, l->format, BODY_CENTER);
		return 0;
	}
	case VAL_LABOUR:
	case VAL_POPULATION: {
		int64_t v = l->year < 0		     ? COUNT_NONE
			    : l->value == VAL_LABOUR ? m->labour[i]
						     : m->population[i];
		if (v != COUNT_NONE)
			table_set_number(t, row, col, v, l->format,
					 (struct text_style){.align = ALIGN_RIGHT});
		return 0;
	}
	case VAL_PARTICIPANTS:
	case VAL_ACTUAL_RATE:
	case VAL_GAP:
	case VAL_SHORTFALL:
	case VAL_CHANGE:
		return fill_progress_cell(b, row, col, loc, NULL, 0, NULL);
	default:
		return 0;
	}
}

static int fill_total_row(struct builder *b, int row, const int *body_rows, int n_body, const int *weight_of)
{
	struct table *t = &b->doc->table;
	struct text_style bold_center = {.bold = true, .align = ALIGN_CENTER};
	bool labelled = false;
	for (int c = 0; c < t->n_cols; c++) {
		const struct leaf *l = &b->leaves[c];
		struct table_cell *cell = table_at(t, row, c);
		if (is_progress_value(l->value)) {
			if (fill_progress_cell(b, row, c, -1, body_rows, n_body, weight_of))
				return -1;
			continue;
		}
		if (l->value == VAL_NAME && !labelled) {
			char *label = expand(b, b->t->total_label, -1);
			int rc =
			    label ? table_set_text(t, row, c, label, (struct text_style){.bold = true}) : -1;
			free(label);
			if (rc)
				return -1;
			labelled = true;
			continue;
		}
		enum aggregate_op op = AGG_NONE;
		int64_t units = 0;
		bool known = false;
		if (l->value == VAL_TARGET && l->year >= 0) {
			int32_t rate;
			known = model_weighted_rate(b->m, l->year, l->indicator, &rate, NULL, NULL);
			units = rate;
			op = AGG_WEIGHTED_MEAN;
		} else if (l->value == VAL_LABOUR || l->value == VAL_POPULATION) {
			known = true;
			for (int k = 0; k < n_body; k++) {
				const struct table_cell *bc = table_cell(t, body_rows[k], c);
				known = known && bc->type == CELL_NUMBER;
				units += bc->units;
			}
			op = AGG_SUM;
		}
		if (op == AGG_NONE || !known)
			continue;
		table_set_number(t, row, c, units, l->format,
				 l->value == VAL_TARGET
				     ? bold_center
				     : (struct text_style){.bold = true, .align = ALIGN_RIGHT});
		cell->agg.op = op;
		cell->agg.weight_col = weight_of[c];
		cell->agg.n_rows = n_body;
		cell->agg.rows = malloc((size_t)n_body * sizeof *cell->agg.rows);
		if (!cell->agg.rows)
			return -1;
		memcpy(cell->agg.rows, body_rows, (size_t)n_body * sizeof *body_rows);
	}
	return 0;
}

/* ---- groups (dia_ban.nhom) ------------------------------------------------------- */

/* I, II, III … as the annexes number groups. */
static void roman(int n, char *buf, size_t size)
{
	static const struct {
		int v;
		const char *s;
	} digits[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
		      {40, "XL"},  {10, "X"},	{9, "IX"},  {5, "V"},	 {4, "IV"},  {1, "I"}};
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
		while (n >= digits[i].v && o + strlen(digits[i].s) < size) {
			strcpy(buf + o, digits[i].s);
			o += strlen(digits[i].s);
			n -= digits[i].v;
		}
}

/* The heading row of group number n: its numeral in the STT column, its label in the name column. */
static int add_group_heading(struct builder *b, int n, const char *group)
{
	struct table *t = &b->doc->table;
	int row = table_add_row(t, ROW_GROUP);
	if (row < 0)
		return -1;
	char numeral[32];
	roman(n, numeral, sizeof numeral);
	bool named = false;
	for (int c = 0; c < t->n_cols; c++) {
		enum value_kind v = b->leaves[c].value;
		if (v == VAL_SEQ && table_set_text(t, row, c, numeral,
						   (struct text_style){.bold = true, .align = ALIGN_CENTER}))
			return -1;
		if (v == VAL_NAME && !named) {
			named = true;
			if (table_set_text(t, row, c, group, (struct text_style){.bold = true, .wrap = true}))
				return -1;
		}
	}
	return 0;
}

/* STT counts from 1 again in every group. */
static void renumber(struct builder *b, int row, int seq)
{
	struct table *t = &b->doc->table;
	for (int c = 0; c < t->n_cols; c++)
		if (b->leaves[c].value == VAL_SEQ)
			table_at(t, row, c)->units = seq;
}

/*
 * The subtotal row of the group of localities [from, to) (table rows
 * body_rows[from..to)): each rate weighted by labour force (population for
 * BHYT) over the group only, people summed; the XLSX writes them as
 * formulas over the group's rows. Progress figures are left to the total.
 */
static int add_group_subtotal(struct builder *b, const char *group, const int *body_rows, int from, int to,
			      const int *weight_of)
{
	struct table *t = &b->doc->table;
	const struct model *m = b->m;
	int row = table_add_row(t, ROW_SUBTOTAL);
	if (row < 0)
		return -1;
	bool labelled = false;
	for (int c = 0; c < t->n_cols; c++) {
		const struct leaf *l = &b->leaves[c];
		if (l->value == VAL_NAME && !labelled) {
			labelled = true;
			char *label = expand(b, b->t->group_total_label, -1);
			const char *at = label ? strstr(label, "{nhom}") : NULL;
			char *full = NULL;
			if (label && asprintf(&full, "%.*s%s%s", at ? (int)(at - label) : (int)strlen(label),
					      label, at ? group : "", at ? at + 6 : "") < 0)
				full = NULL;
			int rc = full ? table_set_text(t, row, c, full,
						       (struct text_style){.bold = true, .wrap = true})
				      : -1;
			free(label);
			free(full);
			if (rc)
				return -1;
			continue;
		}
		int64_t units = 0;
		enum aggregate_op op = AGG_NONE;
		bool known = true;
		if (l->value == VAL_TARGET && l->year >= 0) {
			int32_t rate = 0;
			known =
			    model_weighted_rate_range(m, l->year, l->indicator, from, to, &rate, NULL, NULL);
			units = known ? rate : 0;
			op = AGG_WEIGHTED_MEAN;
		} else if (l->value == VAL_LABOUR || l->value == VAL_POPULATION) {
			for (int k = from; k < to; k++) {
				const struct table_cell *bc = table_cell(t, body_rows[k], c);
				known = known && bc->type == CELL_NUMBER;
				units += bc->units;
			}
			op = AGG_SUM;
		}
		if (op == AGG_NONE || !known)
			continue;
		table_set_number(
		    t, row, c, units, l->format,
		    (struct text_style){.bold = true,
					.align = l->value == VAL_TARGET ? ALIGN_CENTER : ALIGN_RIGHT});
		struct table_cell *cell = table_at(t, row, c);
		cell->agg.op = op;
		cell->agg.weight_col = weight_of[c];
		cell->agg.rows = malloc((size_t)(to - from) * sizeof *cell->agg.rows);
		if (!cell->agg.rows)
			return -1;
		cell->agg.n_rows = to - from;
		memcpy(cell->agg.rows, body_rows + from, (size_t)(to - from) * sizeof *body_rows);
	}
	return 0;
}

/* Which weights the rate leaves under c need; returns -1 if a node is theo_nam. */
static int rate_leaves(const struct tpl_column *c, bool *labour, bool *population)
{
	if (c->per_year)
		return -1;
	if (c->n_children == 0 && (c->value == VAL_TARGET || c->value == VAL_ACTUAL_RATE) &&
	    c->indicator >= 0) {
		if (indicator_over_population(c->indicator))
			*population = true;
		else
			*labour = true;
	}
	for (int i = 0; i < c->n_children; i++)
		if (rate_leaves(&c->children[i], labour, population))
			return -1;
	return 0;
}

static int build_table(struct builder *b)
{
	const struct template *t = b->t;
	const struct model *m = b->m;
	struct table *table = &b->doc->table;

	int printed = 0;
	b->header_rows = 0;
	for (int i = 0; i < t->n_columns; i++) {
		printed += count_leaves(b, &t->columns[i], b->job->n_years);
		int d = depth(&t->columns[i]);
		if (d > b->header_rows)
			b->header_rows = d;
	}
	/* The weight columns the total row's formulas need: labour force per year, population for BHYT. */
	int n_weights = 0;
	if (t->total_row && b->reports_progress) {
		/* One period, so one year: labour force and/or population of it. */
		bool labour = false, population = false;
		for (int i = 0; i < t->n_columns; i++)
			if (rate_leaves(&t->columns[i], &labour, &population))
				return error_set(
				    b->err, ERR_USAGE,
				    "%s: a progress report is about one period: theo_nam is not used",
				    t->path);
		n_weights = b->report_y >= 0 ? labour + population : 0;
	} else if (t->total_row) {
		bool needs[JOB_MAX_YEARS][IND_COUNT];
		annex_needs(t, b->job, needs);
		for (int y = 0; y < b->job->n_years; y++) {
			bool labour = false;
			for (int ind = 0; ind < IND_COUNT; ind++)
				labour = labour || (needs[y][ind] && !indicator_over_population(ind));
			n_weights += labour + needs[y][IND_BHYT];
		}
	}
	int n_cols = printed + n_weights;
	b->leaves = calloc((size_t)n_cols, sizeof *b->leaves);
	int *weight_of = calloc((size_t)n_cols, sizeof *weight_of); /* read for every column */
	if (!b->leaves || !weight_of || table_init(table, n_cols)) {
		free(weight_of);
		return error_set(b->err, ERR_IO, "out of memory");
	}
	for (int r = 0; r < b->header_rows; r++)
		if (table_add_row(table, ROW_HEADER) < 0) {
			free(weight_of);
			return error_set(b->err, ERR_IO, "out of memory");
		}
	int col = 0;
	for (int i = 0; i < t->n_columns; i++)
		if (place(b, &t->columns[i], -1, 0, &col)) {
			free(weight_of);
			return -1;
		}

	/* Weight columns after the printed ones, in the order the targets first need them. */
	for (int c = printed; c < n_cols; c++)
		table->cols[c].printed = false;
	int added = printed;
	for (int c = 0; c < n_cols; c++)
		weight_of[c] = -1;
	for (int c = 0; c < printed; c++) {
		if ((b->leaves[c].value == VAL_TARGET || b->leaves[c].value == VAL_ACTUAL_RATE) &&
		    t->total_row && b->leaves[c].year >= 0)
			weight_of[c] = weight_column(b, &b->leaves[c], &added);
	}
	for (int c = printed; c < n_cols; c++) {
		const struct leaf *l = &b->leaves[c];
		char title[160];
		snprintf(title, sizeof title, "%s năm %d (người)",
			 l->value == VAL_POPULATION ? "Dân số" : "Lực lượng lao động",
			 b->job->years[l->year]);
		if (table_set_text(table, 0, c, title, HEADER_STYLE)) {
			free(weight_of);
			return error_set(b->err, ERR_IO, "out of memory");
		}
		table_merge(table, 0, c, b->header_rows, 1);
	}
	for (int c = 0; c < n_cols; c++)
		table->cols[c].is_label = b->leaves[c].value == VAL_NAME;
	mark_columns(b);

	int *body_rows = malloc(((size_t)m->n_loc + 1) * sizeof *body_rows);
	int total = -1;
	if (!body_rows) {
		free(weight_of);
		return error_set(b->err, ERR_IO, "out of memory");
	}
	if (t->total_row && t->total_first)
		total = table_add_row(table, ROW_TOTAL);
	/* Groups: runs of localities with the same dia_ban.nhom, each under a heading, with a subtotal. */
	bool grouped = false;
	for (int l = 0; l < m->n_loc; l++)
		grouped = grouped || m->loc[l].group[0];
	int group_start = 0, n_groups = 0;
	for (int l = 0; l < m->n_loc; l++) {
		const char *group = m->loc[l].group;
		bool opens = grouped && (l == 0 || strcmp(group, m->loc[l - 1].group) != 0);
		bool closes = grouped && (l + 1 == m->n_loc || strcmp(group, m->loc[l + 1].group) != 0);
		if (opens)
			group_start = l;
		int row = opens && group[0] && add_group_heading(b, ++n_groups, group)
			      ? -1
			      : table_add_row(table, ROW_BODY);
		body_rows[l] = row;
		for (int c = 0; row >= 0 && c < n_cols; c++)
			if (fill_body_cell(b, row, c, l))
				row = -1;
		if (row >= 0 && grouped)
			renumber(b, row, l - group_start + 1);
		if (row >= 0 && closes && group[0] &&
		    add_group_subtotal(b, group, body_rows, group_start, l + 1, weight_of))
			row = -1;
		if (row < 0) {
			free(body_rows);
			free(weight_of);
			return error_set(b->err, ERR_IO, "out of memory");
		}
	}
	if (t->total_row && !t->total_first)
		total = table_add_row(table, ROW_TOTAL);
	int rc = 0;
	if (t->total_row && (total < 0 || fill_total_row(b, total, body_rows, m->n_loc, weight_of)))
		rc = error_set(b->err, ERR_IO, "out of memory");
	free(body_rows);
	free(weight_of);
	return rc;
}

/* ---- paragraphs and the whole document -------------------------------------- */

static int add_paragraphs(struct builder *b, const struct tpl_paragraph *p, int n, struct paragraph **list,
			  int *count)
{
	for (int i = 0; i < n; i++) {
		if (p[i].only_if && placeholder_empty(b, p[i].only_if))
			continue;
		char *text = expand(b, p[i].text, -1);
		if (text && p[i].upper) {
			char *upper = text_upper(text);
			free(text);
			text = upper;
		}
		int rc = text ? document_add_paragraph(list, count, text, p[i].style, p[i].size_pt) : -1;
		free(text);
		if (rc)
			return error_set(b->err, ERR_IO, "out of memory");
		(*list)[*count - 1].rule_after = p[i].rule_after;
	}
	return 0;
}

/* The template's charts: actual against target rate of an indicator, per locality. */
static int add_charts(struct builder *b)
{
	struct document *doc = b->doc;
	if (b->t->n_charts == 0)
		return 0;
	doc->charts = calloc((size_t)b->t->n_charts, sizeof *doc->charts);
	if (!doc->charts)
		return error_set(b->err, ERR_IO, "out of memory");
	int names = find_leaf(b, VAL_NAME, -1);
	for (int i = 0; i < b->t->n_charts; i++) {
		const struct tpl_chart *tc = &b->t->charts[i];
		int rate = find_leaf(b, VAL_ACTUAL_RATE, tc->indicator);
		int target = find_leaf(b, VAL_TARGET, tc->indicator);
		if (names < 0 || rate < 0)
			return error_set(b->err, ERR_USAGE,
					 "%s: bieu_do \"%s\" needs the columns gia_tri: ten and gia_tri: "
					 "ty_le_thuc_hien with chi_so: %s",
					 b->t->path, tc->title, indicator_key(tc->indicator));
		struct chart *c = &doc->charts[doc->n_charts++];
		c->category_col = names;
		c->title = expand(b, tc->title, b->report_y);
		c->value_title = strdup("Tỷ lệ (%)");
		c->series[c->n_series].col = rate;
		c->series[c->n_series++].name = expand(b, "Thực hiện đến {ngay_cuoi_ky}", b->report_y);
		if (target >= 0) {
			c->series[c->n_series].col = target;
			c->series[c->n_series++].name = expand(b, "Chỉ tiêu năm {nam_ky}", b->report_y);
		}
		for (int k = 0; k < c->n_series; k++)
			if (!c->series[k].name)
				return error_set(b->err, ERR_IO, "out of memory");
		if (!c->title || !c->value_title)
			return error_set(b->err, ERR_IO, "out of memory");
	}
	return 0;
}

int annex_build(const struct template *t, const struct job *job, const struct job_data *data, bool draft,
		int64_t created, struct document *doc, struct error *err)
{
	memset(doc, 0, sizeof *doc);
	const struct model *m = &data->model;
	struct builder b = {.t = t,
			    .job = job,
			    .m = m,
			    .progress = data->progress,
			    .doc = doc,
			    .err = err,
			    .report = -1,
			    .report_y = -1};
	bool shows[IND_COUNT];
	b.reports_progress = annex_progress_needs(t, shows);
	if (b.reports_progress && b.progress && b.progress->report >= 0) {
		b.report = b.progress->report;
		b.report_y = b.progress->periods[b.report].y;
	}
	doc->page = t->page;
	doc->draft = draft;
	doc->created = created;
	doc->title = strdup(job->title);
	doc->subject = expand(&b, t->subject, -1);
	doc->sheet_name = strdup(t->sheet_name);
	if (!doc->title || !doc->subject || !doc->sheet_name)
		return error_set(err, ERR_IO, "out of memory");
	int rc = add_paragraphs(&b, t->before, t->n_before, &doc->before, &doc->n_before);
	if (!rc)
		rc = add_paragraphs(&b, t->after, t->n_after, &doc->after, &doc->n_after);
	if (!rc)
		rc = build_table(&b);
	if (!rc)
		rc = add_charts(&b);
	if (!rc && b.report >= 0) {
		doc->summary = summary_text(m, b.progress, b.report, shows);
		if (!doc->summary)
			rc = error_set(err, ERR_IO, "out of memory");
	}
	free(b.leaves);
	return rc;
}

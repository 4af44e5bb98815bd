/*
 * annex.c — template + job + model → document (see annex.h).
 *
 * The header tree of the template is expanded (a `theo_nam` node once per
 * year) and laid out as merged header cells: a node at depth d sits in
 * header row d and spans its leaves; a leaf spans down to the last header
 * row. Each leaf is a column of the table and shows one figure of the
 * figure table (figures.h), which says how to compute it and how the total
 * and subtotal rows aggregate it. An aggregate cell carries, besides its
 * exact value, the aggregate that produced it, so the XLSX can write it as
 * a formula over the rows above; a body cell computed from its row (a rate
 * over a count) carries its own formula. The weights those formulas need
 * (labour force, population), and only those, are added as columns that
 * are not printed, whether or not the template has a total row.
 */
#include "layout/annex.h"

#include "base/text.h"
#include "base/vec.h"
#include "input/number.h"
#include "layout/figures.h"
#include "layout/summary.h"
#include "model/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One column of the table, as the template's leaves expand. */
struct leaf {
	const struct figure *figure;
	int indicator;
	int year; /* index into the job's years, or -1 */
	struct number_format format;
};

struct builder {
	const struct template *t;
	const struct job *job;
	const struct model *m;
	struct document *doc;
	struct error *err;
	struct leaf *leaves;
	int n_leaves;
	int header_rows;
	int printed;	/* leaves printed; the weight columns follow them */
	int *weight_of; /* per column: its weight column, or -1 */
	int *body_rows; /* per locality: its table row */
	/* Progress reports: the template reports on a period, which one. */
	bool reports_progress;
	const struct progress *pr; /* the job's progress data (job_data.h), NULL if none */
	int report;		   /* index into pr->periods, -1 if none */
	int report_y;		   /* its year (index into the job's years), -1 if none */
	struct figure_source src;
};

static const struct text_style HEADER_STYLE = {.bold = true, .align = ALIGN_CENTER, .wrap = true};

static enum figure_id leaf_figure(const struct builder *b, int col)
{
	return b->leaves[col].figure->id;
}

/* ---- placeholders ----------------------------------------------------- */

/* The reported period: {ky} 7/2025, {ky_truoc} 6/2025, {ngay_cuoi_ky} 31/7/2025; NULL for other names. */
static const char *period_placeholder(const struct builder *b, const char *name, char *buf, size_t size)
{
	if (!b->pr || b->report < 0)
		return NULL;
	const struct period *p = &b->pr->periods[b->report];
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
	return NULL;
}

static const char *placeholder(const struct builder *b, const char *name, int year, char *buf, size_t size)
{
	const struct job *job = b->job;
	const char *period = period_placeholder(b, name, buf, size);
	if (period)
		return period;
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

/* Fills {placeholders}; unknown ones stay as typed. Trims the ends. Caller frees; NULL on out of memory. */
static char *expand(const struct builder *b, const char *text, int year)
{
	struct buf out = {0};
	int rc = buf_append(&out, "", 0);
	for (const char *p = text; *p && !rc;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close && close - p < 32) {
			char name[32], num[32];
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			const char *value = placeholder(b, name, year, num, sizeof num);
			if (value) {
				rc = buf_append_str(&out, value);
				p = close + 1;
				continue;
			}
		}
		rc = buf_append(&out, p++, 1);
	}
	char *trimmed = rc ? NULL : text_trim(out.s);
	buf_free(&out);
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

/* A change column is left out when there is no previous period to compare with. */
static bool dropped(const struct builder *b, const struct tpl_column *c)
{
	return c->n_children == 0 && figure_of(c->figure)->needs_previous && b->report < 1;
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

/* Lays out node c (one instance, for year index `year`) at (row, *col). */
static int place_one(struct builder *b, const struct tpl_column *c, int year, int row, int *col);

static int place(struct builder *b, const struct tpl_column *c, int year, int row, int *col)
{
	/* Nothing to show (a draft of a job without phu_luc.nam has no years): no header cell either. */
	if (count_leaves(b, c, b->job->n_years) == 0)
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
		const struct figure *f = figure_of(c->figure);
		if (f->yearly && year < 0 && !b->reports_progress)
			return error_set(
			    b->err, ERR_USAGE,
			    "%s: column \"%s\" shows a yearly figure but is not under theo_nam: true",
			    b->t->path, c->title);
		b->leaves[*col] = (struct leaf){f, c->indicator, year, c->has_format ? c->format : f->format};
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

/* ---- what the template needs from the data ------------------------------- */

static void mark_needs(const struct tpl_column *c, int year, int n_years,
		       bool needs[JOB_MAX_YEARS][IND_COUNT])
{
	const struct figure *f = figure_of(c->figure);
	int from = c->per_year ? 0 : year, to = c->per_year ? n_years - 1 : year;
	for (int y = from; y <= to; y++) {
		if (f->shows_target && y >= 0 && c->indicator >= 0)
			needs[y][c->indicator] = true;
		/* A progress report's period is only known from the data: every year's target is needed. */
		if (y < 0 && c->indicator >= 0 && f->needs_target)
			for (int k = 0; k < n_years; k++)
				needs[k][c->indicator] = true;
		for (int i = 0; i < c->n_children; i++)
			mark_needs(&c->children[i], y, n_years, needs);
	}
}

static bool progress_leaves(const struct tpl_column *c, bool shows[IND_COUNT])
{
	bool any = figure_of(c->figure)->progress;
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

static void mark_count_needs(const struct tpl_column *c, int year, int n_years,
			     bool needs[JOB_MAX_YEARS][IND_COUNT])
{
	int from = c->per_year ? 0 : year, to = c->per_year ? n_years - 1 : year;
	for (int y = from; y <= to; y++) {
		if (figure_of(c->figure)->shows_count && y >= 0 && c->indicator >= 0)
			needs[y][c->indicator] = true;
		for (int i = 0; i < c->n_children; i++)
			mark_count_needs(&c->children[i], y, n_years, needs);
	}
}

void annex_count_needs(const struct template *t, const struct job *job, bool needs[JOB_MAX_YEARS][IND_COUNT])
{
	memset(needs, 0, sizeof(bool) * JOB_MAX_YEARS * IND_COUNT);
	for (int i = 0; i < t->n_columns; i++)
		mark_count_needs(&t->columns[i], -1, job->n_years, needs);
}

void annex_progress_counts(const struct template *t, const struct model *m,
			   bool rates[JOB_MAX_YEARS][IND_COUNT], bool counts[JOB_MAX_YEARS][IND_COUNT])
{
	bool shows[IND_COUNT];
	if (!annex_progress_needs(t, shows))
		return;
	for (int ind = 0; ind < IND_COUNT; ind++) {
		if (m->has_indicator[ind])
			continue; /* rates given: they are the targets, as before */
		bool parts = ind == IND_BHXH && !m->has_count[ind] && m->has_count[IND_BHXH_BB] &&
			     m->has_count[IND_BHXH_TN];
		if (!m->has_count[ind] && !parts)
			continue;
		for (int y = 0; y < m->n_years && y < JOB_MAX_YEARS; y++) {
			if (!rates[y][ind])
				continue;
			rates[y][ind] = false;
			if (parts)
				counts[y][IND_BHXH_BB] = counts[y][IND_BHXH_TN] = true;
			else
				counts[y][ind] = true;
		}
	}
}

/* What annex_keep_given learns while it drops columns. */
struct given {
	const struct model *m;
	struct findings *fs;
	bool noted[2][IND_COUNT];   /* [count?][indicator]: the left-out note given */
	bool printed[2][IND_COUNT]; /* a kept column prints it */
};

static bool keep_given(const struct tpl_column *leaf, void *ctx)
{
	struct given *g = ctx;
	const struct figure *f = figure_of(leaf->figure);
	int ind = leaf->indicator;
	if ((!f->shows_target && !f->shows_count) || ind < 0 || f->progress)
		return true;
	bool count = f->shows_count;
	bool has = count ? g->m->has_count[ind] : g->m->has_indicator[ind];
	if (has) {
		g->printed[count][ind] = true;
		/* The rate a count makes is printed beside it: a rate given too is checked against it. */
		g->printed[0][ind] = g->printed[0][ind] || f->id == FIG_COUNT_RATE;
		return true;
	}
	if (!leaf->optional && !g->noted[count][ind] && g->m->targets_file) {
		g->noted[count][ind] = true;
		finding_add(g->fs, RULE_COLUMN_LEFT_OUT, g->m->targets_file, 1, NULL,
			    count ? N_("the job gives no number of %s participants for any year: its columns "
				       "are left out")
				  : N_("the job gives no %s rate for any year: its columns are left out"),
			    indicator_label(ind));
	}
	return false;
}

void annex_keep_given(struct template *t, const struct model *m, struct findings *fs)
{
	struct given g = {.m = m, .fs = fs};
	template_drop_columns(t, keep_given, &g);
	bool shows[IND_COUNT];
	if (annex_progress_needs(t, shows))
		return; /* a progress report prints the targets it compares with, not every one */
	for (int ind = 0; ind < IND_COUNT && m->targets_file; ind++) {
		if (m->has_indicator[ind] && !g.printed[0][ind])
			finding_add(fs, RULE_UNKNOWN_COLUMN, m->targets_file, 1, NULL,
				    "the job gives %s rates, but template %s has no column for them: they "
				    "are not printed",
				    indicator_label(ind), m->job->template_name);
		if (m->has_count[ind] && !g.printed[1][ind])
			finding_add(fs, RULE_UNKNOWN_COLUMN, m->targets_file, 1, NULL,
				    "the job gives numbers of %s participants, but template %s has no "
				    "column for them: they are not printed",
				    indicator_label(ind), m->job->template_name);
	}
}

/* ---- the weight columns --------------------------------------------------- */

/* Whether a progress report's node c has a theo_nam node under it (or is one). */
static bool has_per_year(const struct tpl_column *c)
{
	if (c->per_year)
		return true;
	for (int i = 0; i < c->n_children; i++)
		if (has_per_year(&c->children[i]))
			return true;
	return false;
}

/*
 * Whether a leaf's formulas need its weight column (labour force, BHYT
 * population): those of the total and subtotal rows, or its own row's (a
 * rate over a count: ty_le_so_nguoi, ty_le_thuc_hien, con_thieu), which
 * are there with or without a total row.
 */
static bool leaf_needs_weight(const struct builder *b, const struct figure *f)
{
	return figure_weighted(f) && (b->t->total_row || f->body == AGG_RATIO || f->body == AGG_SHORTFALL);
}

/*
 * Marks the weights [year][population?] the leaves under c (one instance,
 * for year index `year`) need, as place() expands them: a progress
 * report's figures are of its period's year.
 */
static void mark_weights(const struct builder *b, const struct tpl_column *c, int year,
			 bool w[JOB_MAX_YEARS][2])
{
	if (b->reports_progress && year < 0)
		year = b->report_y;
	int from = c->per_year ? 0 : year, to = c->per_year ? b->job->n_years - 1 : year;
	for (int y = from; y <= to; y++) {
		const struct figure *f = figure_of(c->figure);
		if (c->n_children == 0 && !dropped(b, c) && y >= 0 && y < JOB_MAX_YEARS &&
		    c->indicator >= 0 && leaf_needs_weight(b, f))
			w[y][indicator_over_population(c->indicator)] = true;
		for (int i = 0; i < c->n_children; i++)
			mark_weights(b, &c->children[i], y, w);
	}
}

/* How many weight columns the formulas need: labour force and/or population of each year that needs them. */
static int count_weight_columns(struct builder *b, int *n_weights)
{
	const struct template *t = b->t;
	bool w[JOB_MAX_YEARS][2] = {{false}};
	*n_weights = 0;
	for (int i = 0; i < t->n_columns; i++) {
		if (t->total_row && b->reports_progress && has_per_year(&t->columns[i]))
			return error_set(b->err, ERR_USAGE,
					 "%s: a progress report is about one period: theo_nam is not used",
					 t->path);
		mark_weights(b, &t->columns[i], -1, w);
	}
	for (int y = 0; y < JOB_MAX_YEARS; y++)
		*n_weights += w[y][0] + w[y][1];
	return 0;
}

/* The weight column (not printed) for a weighted leaf, appended on first need. */
static int weight_column(struct builder *b, const struct leaf *l, int *n_cols)
{
	enum figure_id kind = indicator_over_population(l->indicator) ? FIG_POPULATION : FIG_LABOUR;
	for (int c = 0; c < *n_cols; c++)
		if (leaf_figure(b, c) == kind && b->leaves[c].year == l->year &&
		    !b->doc->table.cols[c].printed)
			return c;
	if (*n_cols >= b->doc->table.n_cols)
		return -1; /* cannot happen: count_weight_columns counted them with annex_needs */
	int c = (*n_cols)++;
	const struct figure *f = figure_of(kind);
	b->leaves[c] = (struct leaf){f, -1, l->year, f->format};
	return c;
}

/* Weight columns after the printed ones, in the order the weighted leaves first need them. */
static int add_weight_columns(struct builder *b)
{
	struct table *table = &b->doc->table;
	for (int c = b->printed; c < table->n_cols; c++)
		table->cols[c].printed = false;
	int added = b->printed;
	for (int c = 0; c < table->n_cols; c++)
		b->weight_of[c] = -1;
	for (int c = 0; c < b->printed; c++)
		if (leaf_needs_weight(b, b->leaves[c].figure) && b->leaves[c].year >= 0 &&
		    b->leaves[c].indicator >= 0)
			b->weight_of[c] = weight_column(b, &b->leaves[c], &added);
	for (int c = b->printed; c < table->n_cols; c++) {
		const struct leaf *l = &b->leaves[c];
		const struct tpl_labels *labels = &b->t->labels;
		char *title = expand(
		    b, l->figure->id == FIG_POPULATION ? labels->population_column : labels->labour_column,
		    l->year);
		int rc = title ? table_set_text(table, 0, c, title, HEADER_STYLE) : -1;
		free(title);
		if (rc)
			return error_set(b->err, ERR_IO, "out of memory");
		table_merge(table, 0, c, b->header_rows, 1);
	}
	return 0;
}

/* ---- body cells ------------------------------------------------------------ */

/* The column of the leaf showing figure `id` for `indicator` in `year` (index), or -1. */
static int find_leaf_of_year(const struct builder *b, enum figure_id id, int indicator, int year)
{
	for (int c = 0; c < b->doc->table.n_cols; c++)
		if (leaf_figure(b, c) == id && b->leaves[c].indicator == indicator &&
		    b->leaves[c].year == year)
			return c;
	return -1;
}

/* The column of the first leaf showing figure `id` for `indicator`, or -1. */
static int find_leaf(const struct builder *b, enum figure_id id, int indicator)
{
	for (int c = 0; c < b->doc->table.n_cols; c++)
		if (leaf_figure(b, c) == id && b->leaves[c].indicator == indicator)
			return c;
	return -1;
}

/* Marks the columns of the figures marked below target, for each indicator whose rate and target the table
 * shows. */
static void mark_columns(struct builder *b)
{
	struct table *t = &b->doc->table;
	for (int c = 0; c < t->n_cols; c++) {
		if (!b->leaves[c].figure->marked)
			continue;
		int rate = find_leaf(b, FIG_ACTUAL_RATE, b->leaves[c].indicator);
		int target = find_leaf(b, FIG_TARGET, b->leaves[c].indicator);
		if (target < 0) {
			/* Against a count target: participants below that number. */
			rate = find_leaf(b, FIG_PARTICIPANTS, b->leaves[c].indicator);
			target = find_leaf(b, FIG_TARGET_COUNT, b->leaves[c].indicator);
		}
		if (rate < 0 || target < 0)
			continue;
		t->cols[c].mark_below = true;
		t->cols[c].mark_value_col = rate;
		t->cols[c].mark_limit_col = target;
	}
}

static int set_aggregate(struct table_cell *cell, enum aggregate_op op, const int *rows, int n_rows)
{
	cell->agg.op = op;
	if (op == AGG_DIFF || op == AGG_SHORTFALL || n_rows <= 0)
		return 0;
	cell->agg.rows = malloc((size_t)n_rows * sizeof *cell->agg.rows);
	if (!cell->agg.rows)
		return -1;
	memcpy(cell->agg.rows, rows, (size_t)n_rows * sizeof *rows);
	cell->agg.n_rows = n_rows;
	return 0;
}

/*
 * Where a figure compares with the target rate (operand_b FIG_TARGET) and the
 * table shows the target as a number of participants instead (so_nguoi, the
 * 2026–2030 plans): that column, and the weight its rate needs (that of the
 * indicator's actual rate column) in *w; -1 when there is none.
 */
static int count_target_column(const struct builder *b, const struct leaf *l, int *w)
{
	if (l->figure->operand_b != FIG_TARGET)
		return -1;
	int c = find_leaf(b, FIG_TARGET_COUNT, l->indicator),
	    rate = find_leaf(b, FIG_ACTUAL_RATE, l->indicator);
	*w = rate >= 0 ? b->weight_of[rate] : -1;
	return c;
}

/*
 * The column of an operand of leaf l's figure: the leaf showing figure id
 * for l's indicator in l's year (each year of a plan has its own), else in
 * any year; -1 when the table has none.
 */
static int operand_leaf(const struct builder *b, enum figure_id id, const struct leaf *l)
{
	int c = l->year >= 0 ? find_leaf_of_year(b, id, l->indicator, l->year) : -1;
	return c >= 0 ? c : find_leaf(b, id, l->indicator);
}

/*
 * A body figure computed from other cells of its row (figures.h: body)
 * carries that formula for the XLSX, when the columns it needs are in the
 * table (otherwise the figure alone). Against a count target (so_nguoi):
 * the people still needed are that number − participants, the gap the
 * rate − the number's rate.
 */
static int set_body_formula(struct builder *b, int row, int col, int loc)
{
	const struct leaf *l = &b->leaves[col];
	const struct figure *f = l->figure;
	int a = operand_leaf(b, f->operand_a, l), s = operand_leaf(b, f->operand_b, l);
	int w = b->weight_of[col], cw = -1, cc = count_target_column(b, l, &cw);
	bool by_count =
	    cc >= 0 && figure_of(FIG_TARGET_COUNT)->of_locality(&b->src, loc, l->year, l->indicator).known;
	if (by_count && f->body == AGG_SHORTFALL) {
		s = cc;
		w = -1;
	} else if (by_count && f->body == AGG_DIFF && cw >= 0) {
		s = cc;
		w = cw;
	}
	bool weighted = f->body == AGG_RATIO || (f->body == AGG_SHORTFALL && !by_count);
	if (f->body == AGG_NONE || a < 0 || (f->body != AGG_RATIO && s < 0) || (weighted && w < 0))
		return 0;
	struct table_cell *cell = table_at(&b->doc->table, row, col);
	cell->agg.weight_col = w;
	cell->agg.num_col = a;
	cell->agg.sub_col = s;
	return set_aggregate(cell, f->body, &row, 1);
}

static int fill_body_cell(struct builder *b, int row, int col, int loc)
{
	struct table *t = &b->doc->table;
	const struct leaf *l = &b->leaves[col];
	if (l->figure->id == FIG_NONE)
		return 0;
	struct figure_value v = l->figure->of_locality(&b->src, loc, l->year, l->indicator);
	if (!v.known)
		return 0;
	struct text_style style = l->figure->style;
	style.bold = v.below && t->cols[col].mark_below;
	if (v.text)
		return table_set_text(t, row, col, v.text, style);
	table_set_number(t, row, col, v.units, l->format, style);
	return set_body_formula(b, row, col, loc);
}

/* ---- aggregate rows (the total, a group's subtotal) ------------------------ */

/*
 * The cell of column col in an aggregate row over the localities [from,
 * to): the figure's exact aggregate, and the aggregate op the XLSX writes
 * as a formula, when the columns that formula needs are in the table
 * (otherwise the figure alone).
 */
static int fill_aggregate_cell(struct builder *b, int row, int col, enum aggregate_op op, int from, int to)
{
	struct table *t = &b->doc->table;
	const struct leaf *l = &b->leaves[col];
	const struct figure *f = l->figure;
	if (op == AGG_NONE)
		return 0;
	struct figure_value v = figure_aggregate(f, &b->src, from, to, l->year, l->indicator);
	if (!v.known)
		return 0;
	table_set_number(t, row, col, v.units, l->format,
			 (struct text_style){.bold = true, .align = f->style.align});
	struct table_cell *cell = table_at(t, row, col);
	cell->agg.weight_col = b->weight_of[col];
	if (op == AGG_RATIO)
		cell->agg.num_col = l->year >= 0 ? find_leaf_of_year(b, f->operand_a, l->indicator, l->year)
						 : find_leaf(b, f->operand_a, l->indicator);
	if (op == AGG_DIFF) {
		cell->agg.num_col = find_leaf(b, f->operand_a, l->indicator);
		cell->agg.sub_col = find_leaf(b, f->operand_b, l->indicator);
		int cw = -1, cc = count_target_column(b, l, &cw);
		if (cell->agg.sub_col < 0 && cc >= 0 && cw >= 0) {
			/* Against a count target: the rate − Σ count ÷ Σ weight, both totals of the row. */
			cell->agg.sub_col = cc;
			cell->agg.weight_col = cw;
		}
	}
	if ((op == AGG_RATIO && (cell->agg.num_col < 0 || cell->agg.weight_col < 0)) ||
	    (op == AGG_DIFF && (cell->agg.num_col < 0 || cell->agg.sub_col < 0)))
		return 0; /* no formula: the figure alone */
	return set_aggregate(cell, op, b->body_rows + from, to - from);
}

/*
 * An aggregate row over the localities [from, to): the label in the first
 * name column, each figure aggregated as the figure table says for a total
 * (`total`) or a group's subtotal. Returns 0 or -1 (out of memory).
 */
static int add_aggregate_row(struct builder *b, int row, bool total, const char *label,
			     struct text_style label_style, int from, int to)
{
	struct table *t = &b->doc->table;
	bool labelled = false;
	for (int c = 0; c < t->n_cols; c++) {
		const struct figure *f = b->leaves[c].figure;
		if (f->id == FIG_NAME && !labelled) {
			labelled = true;
			if (table_set_text(t, row, c, label, label_style))
				return -1;
			continue;
		}
		if (fill_aggregate_cell(b, row, c, total ? f->total : f->subtotal, from, to))
			return -1;
	}
	return 0;
}

static int fill_total_row(struct builder *b, int row)
{
	char *label = expand(b, b->t->total_label, -1);
	int rc =
	    label ? add_aggregate_row(b, row, true, label, (struct text_style){.bold = true}, 0, b->m->n_loc)
		  : -1;
	free(label);
	return rc;
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

/*
 * The heading row of group number n: its numeral in the STT column, its
 * label from the name column merged across the printed columns after it,
 * so that a long group name reads on one line instead of squeezing into
 * the name column.
 */
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
		enum figure_id v = leaf_figure(b, c);
		if (v == FIG_SEQ && table_set_text(t, row, c, numeral,
						   (struct text_style){.bold = true, .align = ALIGN_CENTER}))
			return -1;
		if (v == FIG_NAME && !named) {
			named = true;
			if (table_set_text(t, row, c, group, (struct text_style){.bold = true, .wrap = true}))
				return -1;
			int last = c;
			while (last + 1 < t->n_cols && t->cols[last + 1].printed)
				last++;
			table_merge(t, row, c, 1, last - c + 1);
		}
	}
	return 0;
}

/* STT counts from 1 again in every group. */
static void renumber(struct builder *b, int row, int seq)
{
	struct table *t = &b->doc->table;
	for (int c = 0; c < t->n_cols; c++)
		if (leaf_figure(b, c) == FIG_SEQ)
			table_at(t, row, c)->units = seq;
}

/*
 * The subtotal row of the group of localities [from, to): each figure as
 * the figure table aggregates a subtotal (rates weighted over the group
 * only, people summed; progress figures are left to the total); the XLSX
 * writes them as formulas over the group's rows.
 */
static int add_group_subtotal(struct builder *b, const char *group, int from, int to)
{
	int row = table_add_row(&b->doc->table, ROW_SUBTOTAL);
	if (row < 0)
		return -1;
	char *label = expand(b, b->t->group_total_label, -1);
	const char *at = label ? strstr(label, "{nhom}") : NULL;
	char *full = NULL;
	if (label && asprintf(&full, "%.*s%s%s", at ? (int)(at - label) : (int)strlen(label), label,
			      at ? group : "", at ? at + 6 : "") < 0)
		full = NULL;
	int rc = full ? add_aggregate_row(b, row, false, full,
					  (struct text_style){.bold = true, .wrap = true}, from, to)
		      : -1;
	free(label);
	free(full);
	return rc;
}

/* ---- the table ------------------------------------------------------------ */

/* The header: the template's tree over header_rows rows, then the weight columns. */
static int add_header(struct builder *b)
{
	const struct template *t = b->t;
	struct table *table = &b->doc->table;
	b->printed = 0;
	b->header_rows = 0;
	for (int i = 0; i < t->n_columns; i++) {
		b->printed += count_leaves(b, &t->columns[i], b->job->n_years);
		int d = depth(&t->columns[i]);
		if (d > b->header_rows)
			b->header_rows = d;
	}
	int n_weights;
	if (count_weight_columns(b, &n_weights))
		return -1;
	int n_cols = b->printed + n_weights;
	b->n_leaves = n_cols;
	b->leaves = calloc((size_t)n_cols, sizeof *b->leaves);
	b->weight_of = calloc((size_t)n_cols, sizeof *b->weight_of);
	b->body_rows = malloc(((size_t)b->m->n_loc + 1) * sizeof *b->body_rows);
	if (!b->leaves || !b->weight_of || !b->body_rows || table_init(table, n_cols))
		return error_set(b->err, ERR_IO, "out of memory");
	for (int c = 0; c < n_cols; c++)
		b->leaves[c].figure = figure_of(FIG_NONE);
	for (int r = 0; r < b->header_rows; r++)
		if (table_add_row(table, ROW_HEADER) < 0)
			return error_set(b->err, ERR_IO, "out of memory");
	int col = 0;
	for (int i = 0; i < t->n_columns; i++)
		if (place(b, &t->columns[i], -1, 0, &col))
			return -1;
	if (add_weight_columns(b))
		return -1;
	for (int c = 0; c < n_cols; c++) {
		table->cols[c].is_label = leaf_figure(b, c) == FIG_NAME;
		table->cols[c].repeat = table->cols[c].is_label || leaf_figure(b, c) == FIG_SEQ;
	}
	mark_columns(b);
	return 0;
}

/* The localities' rows; groups (runs of the same dia_ban.nhom) each under a heading, with a subtotal. */
static int add_body(struct builder *b)
{
	const struct model *m = b->m;
	struct table *table = &b->doc->table;
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
		b->body_rows[l] = row;
		for (int c = 0; row >= 0 && c < table->n_cols; c++)
			if (fill_body_cell(b, row, c, l))
				row = -1;
		if (row >= 0 && grouped)
			renumber(b, row, l - group_start + 1);
		if (row >= 0 && closes && group[0] && add_group_subtotal(b, group, group_start, l + 1))
			row = -1;
		if (row < 0)
			return error_set(b->err, ERR_IO, "out of memory");
	}
	return 0;
}

static int build_table(struct builder *b)
{
	const struct template *t = b->t;
	if (add_header(b))
		return -1;
	int total = -1;
	if (t->total_row && t->total_first)
		total = table_add_row(&b->doc->table, ROW_TOTAL);
	if (add_body(b))
		return -1;
	if (t->total_row && !t->total_first)
		total = table_add_row(&b->doc->table, ROW_TOTAL);
	if (t->total_row && (total < 0 || fill_total_row(b, total)))
		return error_set(b->err, ERR_IO, "out of memory");
	return 0;
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
	int names = find_leaf(b, FIG_NAME, -1);
	for (int i = 0; i < b->t->n_charts; i++) {
		const struct tpl_chart *tc = &b->t->charts[i];
		int rate = find_leaf(b, FIG_ACTUAL_RATE, tc->indicator);
		int target = find_leaf(b, FIG_TARGET, tc->indicator);
		if (names < 0 || rate < 0)
			return error_set(b->err, ERR_USAGE,
					 "%s: bieu_do \"%s\" needs the columns gia_tri: ten and gia_tri: "
					 "ty_le_thuc_hien with chi_so: %s",
					 b->t->path, tc->title, indicator_key(tc->indicator));
		struct chart *c = &doc->charts[doc->n_charts++];
		c->category_col = names;
		c->title = expand(b, tc->title, b->report_y);
		c->continued = expand(b, b->t->labels.continued, b->report_y);
		c->value_title = expand(b, tc->value_axis, b->report_y);
		c->series[c->n_series].col = rate;
		c->series[c->n_series++].name = expand(b, tc->actual_label, b->report_y);
		if (target >= 0) {
			c->series[c->n_series].col = target;
			c->series[c->n_series++].name = expand(b, tc->target_label, b->report_y);
		}
		for (int k = 0; k < c->n_series; k++)
			if (!c->series[k].name)
				return error_set(b->err, ERR_IO, "out of memory");
		if (!c->title || !c->value_title || !c->continued)
			return error_set(b->err, ERR_IO, "out of memory");
	}
	return 0;
}

/*
 * The one place annex.c reads the job's progress data: which period the
 * report is about. Everything else goes through b->pr and the figure table.
 */
static void find_report(struct builder *b, const struct job_data *data)
{
	b->pr = data->progress;
	if (b->reports_progress && b->pr && b->pr->report >= 0) {
		b->report = b->pr->report;
		b->report_y = b->pr->periods[b->report].y;
	}
	b->src = (struct figure_source){.m = &data->model, .progress = b->pr, .report = b->report};
}

/* Metadata and the wording the renderers draw besides the table. */
static int add_document_texts(struct builder *b)
{
	struct document *doc = b->doc;
	doc->title = strdup(b->job->title ? b->job->title : ""); /* a --draft of a job file without it */
	doc->subject = expand(b, b->t->subject, -1);
	doc->sheet_name = strdup(b->t->sheet_name);
	doc->draft_mark = expand(b, b->t->labels.draft_mark, -1);
	doc->chart_sheet_name = expand(b, b->t->labels.chart_sheet, -1);
	if (!doc->title || !doc->subject || !doc->sheet_name || !doc->draft_mark || !doc->chart_sheet_name)
		return error_set(b->err, ERR_IO, "out of memory");
	return 0;
}

int annex_build(const struct template *t, const struct job *job, const struct job_data *data, bool draft,
		int64_t created, struct document *doc, struct error *err)
{
	memset(doc, 0, sizeof *doc);
	const struct model *m = &data->model;
	struct builder b = {.t = t, .job = job, .m = m, .doc = doc, .err = err, .report = -1, .report_y = -1};
	bool shows[IND_COUNT];
	b.reports_progress = annex_progress_needs(t, shows);
	find_report(&b, data);
	doc->page = t->page;
	doc->page.allow_a3 = t->page.allow_a3 || job->allow_a3;
	doc->draft = draft;
	doc->created = created;
	int rc = add_document_texts(&b);
	if (!rc)
		rc = add_paragraphs(&b, t->before, t->n_before, &doc->before, &doc->n_before);
	if (!rc)
		rc = add_paragraphs(&b, t->after, t->n_after, &doc->after, &doc->n_after);
	if (!rc)
		rc = build_table(&b);
	if (!rc)
		rc = add_charts(&b);
	if (!rc && b.report >= 0) {
		doc->summary = summary_text(m, b.pr, b.report, shows);
		if (!doc->summary)
			rc = error_set(err, ERR_IO, "out of memory");
	}
	free(b.leaves);
	free(b.weight_of);
	free(b.body_rows);
	return rc;
}

/*
 * checks.c — comparing figures (see checks.h): the target checks here, the
 * progress checks in progress_checks.c, the rules both share in
 * figure_rules.c. All comparisons are on exact integers: rates in
 * hundredths of a percent, people as int64; the tolerance (kiem_tra.sai_so)
 * is in hundredths of a percentage point.
 */
#include "check/checks.h"

#include "base/messages.h"

#include "check/assigned_checks.h"
#include "check/count_checks.h"
#include "check/figure_rules.h"
#include "check/progress_checks.h"
#include "input/number.h"

#include <stdlib.h>
#include <string.h>

/* Whether the locality has any target cell (a locality with none is missing-locality). */
static bool has_row(const struct model *m, int l)
{
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			if (model_target_src(m, l, y, ind)->line)
				return true;
	return false;
}

/*
 * Whether chi_tieu's header has the column of ind and year: its rows may all
 * have failed (unknown codes, reported), which is no missing column.
 */
static bool column_given(const struct model *m, enum indicator ind, int year)
{
	char key[64];
	snprintf(key, sizeof key, "%s_%d", indicator_key(ind), year);
	for (int i = 0; i < m->n_files; i++)
		if (m->files[i].name && strcmp(m->files[i].name, m->targets_file) == 0)
			return csv_file_column(&m->files[i], key) >= 0;
	return false;
}

/* Every target rate the annex shows must be there: a whole column, or one cell. */
static void check_missing(const struct model *m, const bool needs[JOB_MAX_YEARS][IND_COUNT],
			  struct findings *fs)
{
	if (m->n_loc == 0 || !m->targets_file)
		return;
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			if (!needs[y][ind])
				continue;
			bool any = false;
			for (int l = 0; l < m->n_loc && !any; l++)
				any = model_target_src(m, l, y, ind)->line != 0;
			if (!any && !column_given(m, ind, m->years[y])) {
				finding_add(fs, RULE_MISSING_COLUMN, m->targets_file, 1, NULL,
					    "column %s_%d is missing (%s rate for %d)", indicator_key(ind),
					    m->years[y], indicator_label(ind), m->years[y]);
				continue;
			}
			for (int l = 0; l < m->n_loc; l++) {
				const struct source *s = model_target_src(m, l, y, ind);
				if (model_target(m, l, y, ind) != RATE_NONE || s->reported || !has_row(m, l))
					continue;
				finding_add(fs, RULE_MISSING_VALUE, s->line ? s->file : m->targets_file,
					    s->line, s->column, "the %s rate for %d of %s is missing",
					    indicator_label(ind), m->years[y], m->loc[l].name);
			}
		}
}

/* A locality's targets of one year, for the rules shared with the progress counts. */
static struct figures_at targets_at(const struct model *m, int l, int y)
{
	struct figures_at f = {
	    .locality = m->loc[l].name, .year = m->years[y], .tolerance = m->job->tolerance};
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int32_t r = model_target(m, l, y, ind);
		f.value[ind] = r == RATE_NONE ? FIGURE_NONE : r;
		f.src[ind] = model_target_src(m, l, y, ind);
	}
	return f;
}

static void check_components(const struct model *m, struct findings *fs)
{
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++) {
			struct figures_at f = targets_at(m, l, y);
			rule_component_sum(&f, fs);
		}
}

/* A total row typed into chi_tieu against the rates computed from the localities. */
static void check_total_row(const struct model *m, struct findings *fs)
{
	int64_t tol = m->job->tolerance;
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			int32_t rate, typed = m->given_total[y][ind];
			int64_t sum_rw, sum_w;
			if (!m->has_given_total || typed == RATE_NONE ||
			    !model_weighted_rate(m, y, ind, &rate, &sum_rw, &sum_w) ||
			    llabs((int64_t)typed - rate) <= tol)
				continue;
			char computed[32], given[32];
			const struct source *s = &m->given_total_src[y][ind];
			finding_add(fs, RULE_TOTAL_ROW, s->file, s->line, s->column,
				    "the total row says %s; computed from the localities (weighted "
				    "by %s) it is %s",
				    number_rate_vi(typed, given, sizeof given),
				    indicator_over_population(ind) ? "dân số" : "lực lượng lao động",
				    number_rate_vi(rate, computed, sizeof computed));
		}
}

static void check_trends(const struct model *m, struct findings *fs)
{
	for (int l = 0; l < m->n_loc; l++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			for (int y = 1; y < m->n_years; y++) {
				int32_t before = model_target(m, l, y - 1, ind),
					now = model_target(m, l, y, ind);
				if (before == RATE_NONE || now == RATE_NONE || now >= before ||
				    m->years[y] != m->years[y - 1] + 1)
					continue;
				char a[32], b[32];
				const struct source *s = model_target_src(m, l, y, ind);
				finding_add(fs, RULE_TREND, s->file, s->line, s->column,
					    "%s: the %s target for %d (%s) is lower than for %d (%s)",
					    m->loc[l].name, indicator_label(ind), m->years[y],
					    number_rate_vi(now, a, sizeof a), m->years[y - 1],
					    number_rate_vi(before, b, sizeof b));
			}
}

static void check_bhtn(const struct model *m, struct findings *fs)
{
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++) {
			struct figures_at f = targets_at(m, l, y);
			rule_bhtn_exceeds_compulsory(&f, fs);
		}
}

void checks_run(const struct job_data *d, const struct check_needs *needs, struct findings *fs)
{
	const struct model *m = &d->model;
	check_missing(m, needs->targets, fs);
	check_components(m, fs);
	check_total_row(m, fs);
	assigned_checks_run(m, needs->targets, needs->counts, fs);
	check_trends(m, fs);
	check_bhtn(m, fs);
	count_checks_run(m, needs->counts, d->progress, fs);
	progress_check(m, d->progress, needs->progress, needs->shows, fs);
}

/*
 * checks.c — comparing figures (see checks.h): the target checks here, the
 * progress checks in progress_checks.c, the rules both share in
 * figure_rules.c. All comparisons are on exact integers: rates in
 * hundredths of a percent, people as int64; the tolerance (kiem_tra.sai_so)
 * is in hundredths of a percentage point.
 */
#include "check/checks.h"

#include "base/messages.h"

#include "check/count_checks.h"
#include "check/figure_rules.h"
#include "check/progress_checks.h"
#include "input/number.h"

#include <stdlib.h>
#include <string.h>

static const char *rate_vi(int64_t hundredths, char *buf, size_t size)
{
	return number_format_vi(hundredths, (struct number_format){.decimals = 2, .percent = true}, buf,
				size);
}

static const char *people_vi(int64_t n, char *buf, size_t size)
{
	return number_format_vi(n, (struct number_format){.thousands = true}, buf, size);
}

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

/*
 * A province-target check that cannot be made (a locality's weight is
 * unreadable or absent, already reported) says so, naming the figure.
 */
static void report_unchecked(const struct model *m, int y, enum indicator ind, struct findings *fs)
{
	const struct source *s = &m->assigned_src[y][ind];
	if (m->assigned[y][ind] == RATE_NONE)
		return;
	for (int l = 0; l < m->n_loc; l++) {
		size_t i = (size_t)l * (size_t)m->n_years + (size_t)y;
		if (model_target(m, l, y, ind) == RATE_NONE || model_weight(m, l, y, ind) >= 0 ||
		    !m->labour_src[i].line)
			continue; /* a row not given is missing-locality already */
		bool pop = indicator_over_population(ind);
		finding_add(fs, RULE_PROVINCE_TARGET_UNCHECKED, s->file, s->line, s->column,
			    "the provincial %s rate for %d is not checked: the %s for %d of %s (code %s) is "
			    "unreadable",
			    indicator_label(ind), m->years[y],
			    message_in(fs->lang, pop ? N_("population") : N_("labour force")), m->years[y],
			    m->loc[l].name, m->loc[l].code);
		return;
	}
}

static void check_totals(const struct model *m, struct findings *fs)
{
	int64_t tol = m->job->tolerance;
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			int32_t rate;
			int64_t sum_rw, sum_w;
			if (!model_weighted_rate(m, y, ind, &rate, &sum_rw, &sum_w)) {
				report_unchecked(m, y, ind, fs);
				continue;
			}
			char computed[32], given[32];
			int32_t typed = m->given_total[y][ind];
			if (m->has_given_total && typed != RATE_NONE && llabs((int64_t)typed - rate) > tol) {
				const struct source *s = &m->given_total_src[y][ind];
				finding_add(fs, RULE_TOTAL_ROW, s->file, s->line, s->column,
					    "the total row says %s; computed from the localities (weighted "
					    "by %s) it is %s",
					    rate_vi(typed, given, sizeof given),
					    indicator_over_population(ind) ? "dân số" : "lực lượng lao động",
					    rate_vi(rate, computed, sizeof computed));
			}
			int32_t assigned = m->assigned[y][ind];
			if (assigned == RATE_NONE)
				continue;
			const struct source *s = &m->assigned_src[y][ind];
			rate_vi(rate, computed, sizeof computed);
			rate_vi(assigned, given, sizeof given);
			if ((int64_t)assigned - rate > tol) {
				/* People short of the assigned rate: ceil((A·ΣW − Σ r·W) / 10000). */
				int64_t gap = div_ceil((int64_t)assigned * sum_w - sum_rw, 10000);
				char people[32];
				finding_add(fs, RULE_PROVINCE_TARGET, s->file, s->line, s->column,
					    "the provincial %s rate for %d computed from the localities is "
					    "%s, below the "
					    "assigned %s; %s more participants are needed",
					    indicator_label(ind), m->years[y], computed, given,
					    people_vi(gap, people, sizeof people));
			} else if (rate - (int64_t)assigned > tol) {
				finding_add(fs, RULE_PROVINCE_TARGET_ABOVE, s->file, s->line, s->column,
					    "the provincial %s rate for %d computed from the localities is "
					    "%s, above the "
					    "assigned %s",
					    indicator_label(ind), m->years[y], computed, given);
			}
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
					    rate_vi(now, a, sizeof a), m->years[y - 1],
					    rate_vi(before, b, sizeof b));
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
	check_totals(m, fs);
	check_trends(m, fs);
	check_bhtn(m, fs);
	count_checks_run(m, needs->counts, d->progress, fs);
	progress_check(m, d->progress, needs->progress, needs->shows, fs);
}

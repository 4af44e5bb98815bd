/*
 * progress_checks.c — the checks on progress reports (see
 * progress_checks.h). Counts are compared as exact people; the rules that
 * hold for targets too (component-sum, bhtn-exceeds-compulsory) are in
 * figure_rules.c.
 */
#include "check/progress_checks.h"

#include "check/figure_rules.h"
#include "input/number.h"

#include <stdio.h>

/* Which indicators a report of `shows` needs from the file, given what it has. */
static void check_columns(const struct progress *p, const bool shows[IND_COUNT], struct findings *fs)
{
	for (int ind = 0; ind < IND_COUNT; ind++) {
		if (!shows[ind] || p->has_indicator[ind])
			continue;
		if (ind == IND_BHXH && p->has_indicator[IND_BHXH_BB] && p->has_indicator[IND_BHXH_TN])
			continue;
		finding_add(fs, RULE_MISSING_COLUMN, p->file, 1, indicator_key(ind),
			    ind == IND_BHXH ? N_("column \"%s\" is missing (%s participants; or the two "
						 "columns bhxh_bb and bhxh_tn)")
					    : N_("column \"%s\" is missing (%s participants)"),
			    indicator_key(ind), indicator_label(ind));
	}
}

static void check_rows(const struct model *m, const struct progress *p, struct findings *fs)
{
	for (int per = 0; per < p->n_periods; per++)
		for (int l = 0; l < m->n_loc; l++)
			if (!p->row_line[(size_t)l * (size_t)p->n_periods + (size_t)per])
				finding_add(fs, RULE_MISSING_LOCALITY, p->file, 0, "ma",
					    "no participants for %d/%d for %s (code %s)",
					    p->periods[per].month, p->periods[per].year, m->loc[l].name,
					    m->loc[l].code);
}

/* exceeds-labour-force, then the rules shared with the targets, for one row. */
static void check_labour(const struct model *m, const struct progress *p, int l, int per, struct findings *fs)
{
	int y = p->periods[per].y;
	char a[32], b[32], c[32], d[32];
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int64_t n = progress_count(p, l, per, ind), w = model_weight(m, l, y, ind);
		if (n == COUNT_NONE || w < 0 || n <= w)
			continue;
		const struct source *s = progress_source(p, l, per, ind);
		bool pop = indicator_over_population(ind);
		finding_add(fs, RULE_EXCEEDS_LABOUR_FORCE, s->file, s->line, s->column,
			    pop ? N_("%s, %d/%d: %s %s participants, more than the population of %d (%s)")
				: N_("%s, %d/%d: %s %s participants, more than the working-age labour force "
				     "of %d (%s)"),
			    m->loc[l].name, p->periods[per].month, p->periods[per].year,
			    number_people_vi(n, a, sizeof a), indicator_label(ind), m->years[y],
			    number_people_vi(w, b, sizeof b));
	}
	int64_t bb = progress_count(p, l, per, IND_BHXH_BB), tn = progress_count(p, l, per, IND_BHXH_TN);
	int64_t w = model_weight(m, l, y, IND_BHXH);
	if (bb != COUNT_NONE && tn != COUNT_NONE && w >= 0 && bb <= w && tn <= w && bb + tn > w) {
		const struct source *s = progress_source(p, l, per, IND_BHXH_TN);
		finding_add(fs, RULE_EXCEEDS_LABOUR_FORCE, s->file, s->line, s->column,
			    "%s, %d/%d: compulsory %s + voluntary %s = %s participants, more than the "
			    "working-age labour force of %d (%s)",
			    m->loc[l].name, p->periods[per].month, p->periods[per].year,
			    number_people_vi(bb, a, sizeof a), number_people_vi(tn, b, sizeof b),
			    number_people_vi(bb + tn, c, sizeof c), m->years[y],
			    number_people_vi(w, d, sizeof d));
	}
	struct figures_at f = {
	    .locality = m->loc[l].name, .year = p->periods[per].year, .month = p->periods[per].month};
	for (int ind = 0; ind < IND_COUNT; ind++) {
		f.value[ind] = figure_of_count(progress_count(p, l, per, ind));
		f.src[ind] = progress_source(p, l, per, ind);
	}
	rules_on_counts(&f, fs);
}

/* A fall of more than 10% from the previous period: 10·(before − now) > before. */
static void check_drop(const struct model *m, const struct progress *p, int l, int per, struct findings *fs)
{
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int64_t before = progress_count(p, l, per - 1, ind), now = progress_count(p, l, per, ind);
		if (before == COUNT_NONE || now == COUNT_NONE || before <= 0 || 10 * (before - now) <= before)
			continue;
		char a[32], b[32], pct[32];
		const struct source *s = progress_source(p, l, per, ind);
		number_rate_vi(div_round_half_away((before - now) * 10000, before), pct, sizeof pct);
		finding_add(fs, RULE_SUDDEN_DROP, s->file, s->line, s->column,
			    "%s: %s participants fell from %s (%d/%d) to %s (%d/%d), by %s", m->loc[l].name,
			    indicator_label(ind), number_people_vi(before, a, sizeof a),
			    p->periods[per - 1].month, p->periods[per - 1].year,
			    number_people_vi(now, b, sizeof b), p->periods[per].month, p->periods[per].year,
			    pct);
	}
}

void progress_check(const struct model *m, const struct progress *p, bool required,
		    const bool shows[IND_COUNT], struct findings *fs)
{
	if (!p) {
		if (required && m->job && m->n_loc > 0)
			finding_add(fs, RULE_JOB_FILE, m->job->ini_path, 0, "du_lieu.thuc_hien",
				    "template %s reports participants: key du_lieu.thuc_hien is needed (the "
				    "file of participants per period)",
				    m->job->template_name ? m->job->template_name : "");
		return;
	}
	if (required)
		check_columns(p, shows, fs);
	check_rows(m, p, fs);
	for (int per = 0; per < p->n_periods; per++)
		for (int l = 0; l < m->n_loc; l++) {
			check_labour(m, p, l, per, fs);
			if (per > 0)
				check_drop(m, p, l, per, fs);
		}
	if (required && p->n_periods == 0)
		finding_add(fs, RULE_MISSING_VALUE, p->file, 1, "ky", "the file has no valid period");
}

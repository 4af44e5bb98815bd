/*
 * count_checks.c — the checks of targets in numbers of participants (see
 * count_checks.h). Counts are people, compared exactly: the province's
 * figure is the plain sum, so a shortfall of one person is one person.
 */
#include "check/count_checks.h"

#include "check/figure_rules.h"
#include "input/number.h"

#include <stdlib.h>

/* A typed total row against the province's sum (the assigned numbers: assigned_checks.c). */
static void check_count_total(const struct model *m, int y, int ind, struct findings *fs)
{
	int64_t sum, typed = m->given_total_count[y][ind];
	char a[32], b[32];
	if (!m->has_given_total || typed == COUNT_NONE || !model_count_sum(m, y, ind, &sum) || typed == sum)
		return;
	const struct source *s = &m->given_total_count_src[y][ind];
	finding_add(fs, RULE_TOTAL_ROW, s->file, s->line, s->column,
		    "the total row says %s %s participants for %d; the localities add up to %s",
		    number_people_vi(typed, a, sizeof a), indicator_label(ind), m->years[y],
		    number_people_vi(sum, b, sizeof b));
}

/*
 * A count against its weight (labour force; BHYT: population), the two
 * rules that name the weight: the count is not above it, and it agrees with
 * the rate given beside it. A rate r (hundredths) and a count n agree when
 * one is the other rounded: n / w rounds to r (the rate was computed from
 * the count), or r × w rounds to n (the count was computed from the rate;
 * with a small weight a rate of two decimals may not be reachable by a
 * whole number of people).
 */
static void check_count_weight(const struct model *m, int l, int y, int ind, struct findings *fs)
{
	int64_t n = model_target_count(m, l, y, ind), w = model_weight(m, l, y, ind);
	int32_t r = model_target(m, l, y, ind), made;
	if (n == COUNT_NONE || w < 0)
		return;
	bool disagree = r != RATE_NONE && w > 0 && count_rate(n, w, &made) && made != r &&
			div_round_half_away((int64_t)r * w, 10000) != n;
	char count[32], weight[32], b[32], d[32];
	const struct source *s = model_target_count_src(m, l, y, ind);
	const char *name = m->loc[l].name, *label = indicator_label(ind);
	number_people_vi(n, count, sizeof count);
	number_people_vi(w, weight, sizeof weight);
	bool population = indicator_over_population(ind);
	if (n > w)
		finding_add(
		    fs, RULE_EXCEEDS_LABOUR_FORCE, s->file, s->line, s->column,
		    population
			? N_("%s, %d: %s %s participants, more than the population (%s)")
			: N_("%s, %d: %s %s participants, more than the working-age labour force (%s)"),
		    name, m->years[y], count, label, weight);
	if (disagree)
		finding_add(
		    fs, RULE_RATE_COUNT_MISMATCH, s->file, s->line, s->column,
		    population
			? N_("%s, %d: %s %s participants are %s of the population (%s), not the %s given")
			: N_("%s, %d: %s %s participants are %s of the labour force (%s), not the %s given"),
		    name, m->years[y], count, label, number_rate_vi(made, b, sizeof b), weight,
		    number_rate_vi(r, d, sizeof d));
}

/* A locality's counts lower than the year before. */
static void check_count_trend(const struct model *m, int l, int y, int ind, struct findings *fs)
{
	if (y == 0 || m->years[y] != m->years[y - 1] + 1)
		return;
	int64_t before = model_target_count(m, l, y - 1, ind), now = model_target_count(m, l, y, ind);
	if (before == COUNT_NONE || now == COUNT_NONE || now >= before)
		return;
	char a[32], b[32];
	const struct source *s = model_target_count_src(m, l, y, ind);
	finding_add(fs, RULE_TREND, s->file, s->line, s->column,
		    "%s: the number of %s participants for %d (%s) is lower than for %d (%s)", m->loc[l].name,
		    indicator_label(ind), m->years[y], number_people_vi(now, a, sizeof a), m->years[y - 1],
		    number_people_vi(before, b, sizeof b));
}

/* component-sum and bhtn-exceeds-compulsory on a locality's counts of one year, exactly. */
static void check_count_rules(const struct model *m, int l, int y, struct findings *fs)
{
	struct figures_at f = {.locality = m->loc[l].name, .year = m->years[y], .people = true};
	for (int ind = 0; ind < IND_COUNT; ind++) {
		f.value[ind] = figure_of_count(model_target_count(m, l, y, ind));
		f.src[ind] = model_target_count_src(m, l, y, ind);
	}
	rules_on_counts(&f, fs);
}

/* Whether the job gives BHYT figures of any kind (their totals are weighted by dan_so). */
static bool uses_bhyt(const struct model *m, const struct progress *p)
{
	bool any = m->has_indicator[IND_BHYT] || m->has_count[IND_BHYT] || (p && p->has_indicator[IND_BHYT]);
	for (int y = 0; y < m->n_years && !any; y++)
		any = m->assigned[y][IND_BHYT] != RATE_NONE || m->assigned_count[y][IND_BHYT] != COUNT_NONE;
	return any;
}

/* BHYT without dan_so: once for the file when no row has it, else once per row that lacks it. */
static void check_population(const struct model *m, const struct progress *p, struct findings *fs)
{
	if (!uses_bhyt(m, p))
		return;
	size_t cells = (size_t)m->n_loc * (size_t)m->n_years, given = 0;
	for (size_t i = 0; i < cells; i++)
		given += m->population[i] != COUNT_NONE || m->labour_src[i].reported;
	if (given == 0 && cells > 0) {
		const char *name = m->labour_src[0].file ? m->labour_src[0].file
				   : m->job->file_labour ? m->job->file_labour
							 : m->job->ini_path;
		finding_add(fs, RULE_MISSING_WEIGHT, name, 1, "dan_so",
			    "the job has BHYT figures, a share of the population, but no dan_so column "
			    "(population)");
		return;
	}
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++) {
			size_t i = (size_t)l * (size_t)m->n_years + (size_t)y;
			const struct source *s = &m->labour_src[i];
			if (s->line && m->population[i] == COUNT_NONE)
				finding_add(fs, RULE_MISSING_WEIGHT, s->file, s->line, "dan_so",
					    "%s, %d: no population (dan_so), which the BHYT figures need",
					    m->loc[l].name, m->years[y]);
		}
}

/* Every count the annex shows must be there: a whole column, or one cell. */
static void check_count_missing(const struct model *m, int y, int ind, struct findings *fs)
{
	bool any = false;
	for (int l = 0; l < m->n_loc && !any; l++)
		any = model_target_count_src(m, l, y, ind)->line != 0;
	if (!any) {
		finding_add(fs, RULE_MISSING_COLUMN, m->targets_file, 1, NULL,
			    "column %s_%d is missing (number of %s participants for %d)",
			    indicator_count_key(ind), m->years[y], indicator_label(ind), m->years[y]);
		return;
	}
	for (int l = 0; l < m->n_loc; l++) {
		const struct source *s = model_target_count_src(m, l, y, ind);
		if (model_target_count(m, l, y, ind) != COUNT_NONE || s->reported)
			continue;
		finding_add(fs, RULE_MISSING_VALUE, s->line ? s->file : m->targets_file, s->line, s->column,
			    "the number of %s participants for %d of %s is missing", indicator_label(ind),
			    m->years[y], m->loc[l].name);
	}
}

void count_checks_run(const struct model *m, const bool needs[JOB_MAX_YEARS][IND_COUNT],
		      const struct progress *progress, struct findings *fs)
{
	check_population(m, progress, fs);
	for (int y = 0; y < m->n_years && m->n_loc > 0 && m->targets_file; y++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			if (needs[y][ind])
				check_count_missing(m, y, ind, fs);
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			check_count_total(m, y, ind, fs);
		}
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++) {
			check_count_rules(m, l, y, fs);
			for (int ind = 0; ind < IND_COUNT; ind++) {
				check_count_weight(m, l, y, ind, fs);
				check_count_trend(m, l, y, ind, fs);
			}
		}
}

/*
 * assigned_checks.c — every figure chi_tieu_tinh assigns against the
 * province's figure made from the localities (see assigned_checks.h). One
 * pass per assigned (year, indicator, rate or number): each locality's
 * share is looked up in the forms the job may give it, summed exactly, and
 * compared; a locality whose share cannot be made stops that comparison with
 * the finding that says why.
 */
#include "check/assigned_checks.h"

#include "base/messages.h"
#include "input/number.h"

#include <stdlib.h>

/* A rate in hundredths (41,51%) or people (264.650), as the message shows it. */
static const char *figure_text(int64_t v, bool people, char *buf, size_t size)
{
	return people ? number_people_vi(v, buf, size) : number_rate_vi(v, buf, size);
}

/*
 * ind of BHXH = compulsory + voluntary from the other two of v (indexed by
 * indicator, `none` where absent); `none` for BHTN and BHYT, when a part is
 * absent, or when the two given would make it negative.
 */
static int64_t from_parts(int ind, const int64_t v[3], int64_t none)
{
	int a = ind == IND_BHXH ? IND_BHXH_BB : IND_BHXH, b = ind == IND_BHXH_TN ? IND_BHXH_BB : IND_BHXH_TN;
	if (ind > IND_BHXH_TN || v[a] == none || v[b] == none)
		return none;
	int64_t x = ind == IND_BHXH ? v[a] + v[b] : v[a] - v[b];
	return x < 0 ? none : x;
}

/* A locality's number of participants: given, or made of BHXH's parts. COUNT_NONE if neither. */
static int64_t count_of(const struct model *m, int l, int y, int ind)
{
	int64_t n = model_target_count(m, l, y, ind), v[3];
	if (n != COUNT_NONE || ind > IND_BHXH_TN)
		return n;
	for (int i = 0; i < 3; i++)
		v[i] = model_target_count(m, l, y, i);
	return from_parts(ind, v, COUNT_NONE);
}

/*
 * A locality's rate × weight (hundredths × people): from its rate, given or
 * made of BHXH's parts, else from its number (n × 10000, exactly what the
 * number makes of the weight). -1 when it has neither.
 */
static int64_t rate_weight_of(const struct model *m, int l, int y, int ind, int64_t w)
{
	int64_t r = model_target(m, l, y, ind), v[3];
	if (r == RATE_NONE && ind <= IND_BHXH_TN) {
		for (int i = 0; i < 3; i++) {
			int32_t p = model_target(m, l, y, i);
			v[i] = p == RATE_NONE ? -1 : p;
		}
		r = from_parts(ind, v, -1);
	}
	if (r != RATE_NONE && r >= 0)
		return r * w;
	int64_t n = count_of(m, l, y, ind);
	return n == COUNT_NONE ? -1 : n * 10000; /* n ≤ 2·10^8: far inside 64 bits */
}

/*
 * Whether a source of ind for the locality (its number, with `rates` its rate
 * too; with `parts` BHXH's parts as well) was given, or with `reported` was
 * unreadable.
 */
static bool any_source(const struct model *m, int l, int y, int ind, bool rates, bool parts, bool reported)
{
	bool family = parts && ind <= IND_BHXH_TN;
	for (int i = family ? IND_BHXH : ind; i <= (family ? IND_BHXH_TN : ind); i++) {
		const struct source *c = model_target_count_src(m, l, y, i);
		const struct source *r = rates ? model_target_src(m, l, y, i) : c;
		if (reported ? r->reported || c->reported : r->line || c->line)
			return true;
	}
	return false;
}

/* The line of the locality's row in chi_tieu, 0 when it has none (then it is missing-locality). */
static int row_line(const struct model *m, int l)
{
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			const struct source *r = model_target_src(m, l, y, ind),
					    *c = model_target_count_src(m, l, y, ind);
			if (r->line || c->line)
				return r->line ? r->line : c->line;
		}
	return 0;
}

/* One assigned figure: what it is and the sums made for it. */
struct assigned {
	const struct model *m;
	int y, ind;
	bool people; /* a number of participants, not a rate */
	bool shown;  /* the annex shows this figure: its absence is reported there */
	const struct source *src;
	int64_t value;	    /* the assigned figure */
	int64_t sum, sum_w; /* Σ counts, or Σ rate × weight and Σ weight */
	int lacking;	    /* localities whose share cannot be made */
};

/* A locality's share: count, or rate × weight (-1: it has none); *w its weight. */
static int64_t share_of(const struct assigned *a, int l, int64_t *w)
{
	*w = model_weight(a->m, l, a->y, a->ind);
	int64_t v = a->people ? count_of(a->m, l, a->y, a->ind)
			      : rate_weight_of(a->m, l, a->y, a->ind, *w < 0 ? 0 : *w);
	return v == COUNT_NONE ? -1 : v;
}

/* Sums the localities' shares, counting those that lack one (or, for a rate, their weight). */
static void sum_shares(struct assigned *a)
{
	for (int l = 0; l < a->m->n_loc; l++) {
		int64_t w, v = share_of(a, l, &w);
		if (v < 0 || (!a->people && w < 0)) {
			a->lacking++;
			continue;
		}
		a->sum += v;
		a->sum_w += w;
	}
}

/* A missing-value finding for each locality that lacks its share, unless already said. */
static void report_lacking(const struct assigned *a, struct findings *fs)
{
	const struct model *m = a->m;
	for (int l = 0; l < m->n_loc; l++) {
		int64_t w;
		int line = row_line(m, l);
		if (share_of(a, l, &w) >= 0 || !line ||
		    any_source(m, l, a->y, a->ind, !a->people, true, true))
			continue; /* a weight lacking is reported below; an unreadable cell was already */
		finding_add(fs, RULE_MISSING_VALUE, m->targets_file, line, NULL,
			    "no %s target for %d of %s, which the figure assigned in %s needs",
			    indicator_label(a->ind), m->years[a->y], m->loc[l].name, a->src->file);
	}
}

/* No locality gives the figure in any form: the column is missing (unless the annex said so). */
static void report_absent(const struct assigned *a, struct findings *fs)
{
	const struct model *m = a->m;
	const char *key = indicator_key(a->ind), *count_key = indicator_count_key(a->ind);
	int year = m->years[a->y];
	if (a->people)
		finding_add(fs, RULE_MISSING_COLUMN, m->targets_file, 1, NULL,
			    "column %s_%d is missing (number of %s participants for %d, assigned in %s)",
			    count_key, year, indicator_label(a->ind), year, a->src->file);
	else
		finding_add(fs, RULE_MISSING_COLUMN, m->targets_file, 1, NULL,
			    "no %s target for %d, as a rate (%s_%d) or a number of participants (%s_%d), to "
			    "check the figure assigned in %s",
			    indicator_label(a->ind), year, key, year, count_key, year, a->src->file);
}

/* A weight that cannot be read stops the rate's check: say which (lao_dong reported the cell). */
static void report_unchecked(const struct assigned *a, struct findings *fs)
{
	const struct model *m = a->m;
	for (int l = 0; l < m->n_loc; l++) {
		size_t i = (size_t)l * (size_t)m->n_years + (size_t)a->y;
		if (rate_weight_of(m, l, a->y, a->ind, 0) < 0 || model_weight(m, l, a->y, a->ind) >= 0 ||
		    !m->labour_src[i].line)
			continue; /* a row not given is missing-locality already */
		bool pop = indicator_over_population(a->ind);
		finding_add(fs, RULE_PROVINCE_TARGET_UNCHECKED, a->src->file, a->src->line, a->src->column,
			    "the provincial %s rate for %d is not checked: the %s for %d of %s (code %s) is "
			    "unreadable",
			    indicator_label(a->ind), m->years[a->y],
			    message_in(fs->lang, pop ? N_("population") : N_("labour force")), m->years[a->y],
			    m->loc[l].name, m->loc[l].code);
		return;
	}
}

/* The province's figure against the assigned one: below is an error with the people short. */
static void compare(const struct assigned *a, struct findings *fs)
{
	const struct model *m = a->m;
	const struct source *s = a->src;
	int64_t have = a->sum, short_by = a->value - a->sum, above = a->sum - a->value, tol = 0;
	if (!a->people) {
		int32_t rate;
		if (!weighted_rate(a->sum, a->sum_w, &rate))
			return;
		have = rate;
		tol = m->job->tolerance;
		short_by = div_ceil(a->value * a->sum_w - a->sum, 10000); /* ⌈(A·ΣW − Σ r·W) / 10000⌉ */
		above = rate - a->value;
		if (a->value - rate <= tol)
			short_by = 0;
	}
	char c[32], g[32], p[32];
	figure_text(have, a->people, c, sizeof c);
	figure_text(a->value, a->people, g, sizeof g);
	figure_text(short_by, true, p, sizeof p);
	const char *label = indicator_label(a->ind);
	int year = m->years[a->y];
	if (short_by > 0 && a->people)
		finding_add(fs, RULE_PROVINCE_TARGET, s->file, s->line, s->column,
			    "the province's %s participants for %d add up to %s from the localities, below "
			    "the assigned %s; %s more participants are needed",
			    label, year, c, g, p);
	else if (short_by > 0)
		finding_add(fs, RULE_PROVINCE_TARGET, s->file, s->line, s->column,
			    "the provincial %s rate for %d computed from the localities is %s, below the "
			    "assigned %s; %s more participants are needed",
			    label, year, c, g, p);
	else if (above > tol && a->people)
		finding_add(fs, RULE_PROVINCE_TARGET_ABOVE, s->file, s->line, s->column,
			    "the province's %s participants for %d add up to %s from the localities, above "
			    "the assigned %s",
			    label, year, c, g);
	else if (above > tol)
		finding_add(fs, RULE_PROVINCE_TARGET_ABOVE, s->file, s->line, s->column,
			    "the provincial %s rate for %d computed from the localities is %s, above the "
			    "assigned %s",
			    label, year, c, g);
}

static void check_assigned(struct assigned *a, struct findings *fs)
{
	const struct model *m = a->m;
	sum_shares(a);
	if (a->lacking == 0) {
		compare(a, fs);
		return;
	}
	if (!a->people)
		report_unchecked(a, fs);
	if (a->shown || !m->targets_file)
		return; /* the annex's own checks say what is missing */
	bool given = false;
	for (int l = 0; l < m->n_loc && !given; l++)
		given = any_source(m, l, a->y, a->ind, !a->people, false, false);
	if (given)
		report_lacking(a, fs);
	else
		report_absent(a, fs);
}

void assigned_checks_run(const struct model *m, const bool rates[JOB_MAX_YEARS][IND_COUNT],
			 const bool counts[JOB_MAX_YEARS][IND_COUNT], struct findings *fs)
{
	for (int y = 0; y < m->n_years; y++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			for (int people = 0; people < 2; people++) {
				struct assigned a = {.m = m, .y = y, .ind = ind, .people = people};
				a.value = people ? model_assigned_count(m, y, ind) : m->assigned[y][ind];
				if (a.value == (people ? COUNT_NONE : RATE_NONE))
					continue;
				a.src = people ? &m->assigned_count_src[y][ind] : &m->assigned_src[y][ind];
				a.shown = people ? counts[y][ind] : rates[y][ind] || counts[y][ind];
				check_assigned(&a, fs);
			}
}

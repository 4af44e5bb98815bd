/*
 * figure_rules.c — the rules shared by targets and progress counts (see
 * figure_rules.h). The rule is one comparison; its message names the
 * figures as the file gave them: rates as 41,51%, people as 264.650, a
 * year as "năm 2025", a period as "kỳ 7/2025".
 */
#include "check/figure_rules.h"

#include "input/number.h"

#include <stdbool.h>
#include <stdlib.h>

static bool is_period(const struct figures_at *f)
{
	return f->month != 0;
}

/* A figure as the report shows it: a rate in hundredths, or people. */
static const char *figure_vi(const struct figures_at *f, int64_t v, char *buf, size_t size)
{
	return is_period(f) || f->people ? number_people_vi(v, buf, size) : number_rate_vi(v, buf, size);
}

void rule_component_sum(const struct figures_at *f, struct findings *fs)
{
	int64_t all = f->value[IND_BHXH], bb = f->value[IND_BHXH_BB], tn = f->value[IND_BHXH_TN];
	if (all == FIGURE_NONE || bb == FIGURE_NONE || tn == FIGURE_NONE ||
	    llabs(all - bb - tn) <= f->tolerance)
		return;
	char a[32], b[32], c[32], d[32];
	const struct source *s = f->src[IND_BHXH];
	figure_vi(f, all, a, sizeof a);
	figure_vi(f, bb, b, sizeof b);
	figure_vi(f, tn, c, sizeof c);
	figure_vi(f, bb + tn, d, sizeof d);
	if (is_period(f))
		finding_add(fs, RULE_COMPONENT_SUM, s->file, s->line, s->column,
			    "%s, %d/%d: BHXH %s participants differs from compulsory %s + voluntary %s = %s",
			    f->locality, f->month, f->year, a, b, c, d);
	else
		finding_add(fs, RULE_COMPONENT_SUM, s->file, s->line, s->column,
			    "%s, %d: BHXH %s differs from compulsory %s + voluntary %s = %s", f->locality,
			    f->year, a, b, c, d);
}

void rule_bhtn_exceeds_compulsory(const struct figures_at *f, struct findings *fs)
{
	int64_t bhtn = f->value[IND_BHTN], bb = f->value[IND_BHXH_BB];
	if (bhtn == FIGURE_NONE || bb == FIGURE_NONE || bhtn <= bb)
		return;
	char a[32], b[32];
	const struct source *s = f->src[IND_BHTN];
	figure_vi(f, bhtn, a, sizeof a);
	figure_vi(f, bb, b, sizeof b);
	if (is_period(f))
		finding_add(fs, RULE_BHTN_EXCEEDS_COMPULSORY, s->file, s->line, s->column,
			    "%s, %d/%d: %s unemployment insurance participants, more than compulsory social "
			    "insurance (%s)",
			    f->locality, f->month, f->year, a, b);
	else
		finding_add(fs, RULE_BHTN_EXCEEDS_COMPULSORY, s->file, s->line, s->column,
			    "%s, %d: unemployment insurance %s is above compulsory social insurance %s",
			    f->locality, f->year, a, b);
}

void rules_on_counts(const struct figures_at *f, struct findings *fs)
{
	rule_component_sum(f, fs);
	rule_bhtn_exceeds_compulsory(f, fs);
}

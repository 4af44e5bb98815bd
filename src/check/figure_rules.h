/*
 * figure_rules.h — the rules that hold for a locality's figures whatever
 * file gave them: the targets of a year (chi_tieu, rates) and the counts
 * of a period (thuc_hien, people). Each rule is written once here; the
 * target checks (checks.c) and the progress checks (progress_checks.c)
 * fill a `struct figures_at` and call it.
 *
 *   component-sum            BHXH is compulsory + voluntary (to within the tolerance)
 *   bhtn-exceeds-compulsory  BHTN above compulsory BHXH (a warning)
 *
 * Nothing is owned: the struct points at the caller's strings and sources.
 */
#ifndef PHULUC_FIGURE_RULES_H
#define PHULUC_FIGURE_RULES_H

#include "base/finding.h"
#include "model/model.h"

#include <stdint.h>

#define FIGURE_NONE INT64_MIN /* the figure is absent */

/* One locality's figures at one time. */
struct figures_at {
	const char *locality; /* its name, for messages */
	int year;
	int month;   /* 0: a year's target rates (hundredths); 1..12: a period's counts of participants */
	bool people; /* a year's targets in numbers of participants (month 0): values are people */
	int64_t value[IND_COUNT];	     /* FIGURE_NONE when absent */
	const struct source *src[IND_COUNT]; /* where each came from (where a finding points) */
	int64_t tolerance;		     /* the difference component-sum allows */
};

void rule_component_sum(const struct figures_at *f, struct findings *fs);
void rule_bhtn_exceeds_compulsory(const struct figures_at *f, struct findings *fs);

/* A count of participants (COUNT_NONE when absent) as a figure. */
static inline int64_t figure_of_count(int64_t n)
{
	return n == COUNT_NONE ? FIGURE_NONE : n;
}

/* The rules that hold for a locality's counts of participants (targets or a period's), in order. */
void rules_on_counts(const struct figures_at *f, struct findings *fs);

#endif

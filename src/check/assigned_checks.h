/*
 * assigned_checks.h — province-target (SPEC §2): every figure chi_tieu_tinh
 * assigns, of every indicator and year of the annex, rate or number of
 * participants, against what the localities' targets make of it, in
 * whatever form the job gives them:
 *
 *   an assigned rate    Σ(rateᵢ × weightᵢ) / Σ weightᵢ (weight: labour force,
 *                       BHYT: population), rounded half away from zero;
 *                       a locality's rate is given, or made of BHXH's parts
 *                       (BHXH = compulsory + voluntary, any one from the
 *                       other two), or its number of participants (nᵢ ×
 *                       10000 / weightᵢ exactly: Σ n / Σ weight)
 *   an assigned number  Σ countᵢ exactly, a count given or made of BHXH's
 *                       parts; rates make no whole number of people, so
 *                       they cannot check it
 *
 * Below the assigned figure is an error at its chi_tieu_tinh line, with the
 * computed and assigned values and the people short; above it, a note. Each
 * assigned figure is a minimum (the voluntary number too). A figure no
 * locality gives in any form is missing-column, a locality lacking it
 * missing-value (unless the annex asks for it anyway, and says so), a weight
 * that cannot be read a note that the figure is not checked.
 *
 *   assigned_checks_run(&model, needs.targets, needs.counts, &fs);
 *
 * Called by checks_run (checks.h); nothing is kept or owned.
 */
#ifndef PHULUC_ASSIGNED_CHECKS_H
#define PHULUC_ASSIGNED_CHECKS_H

#include "base/finding.h"
#include "model/model.h"

#include <stdbool.h>

/*
 * rates, counts: the target rates and numbers the annex shows (checks.h,
 * struct check_needs), whose absence is reported by the checks that need
 * them.
 */
void assigned_checks_run(const struct model *m, const bool rates[JOB_MAX_YEARS][IND_COUNT],
			 const bool counts[JOB_MAX_YEARS][IND_COUNT], struct findings *fs);

#endif

/*
 * count_checks.h — the checks of targets given as numbers of participants
 * (model_target_count), SPEC §2, and of the weights they need:
 *
 *   total-row             a typed total row that differs from Σ countᵢ
 *                         (the assigned numbers, province-target, are
 *                         checked with the assigned rates: assigned_checks.h)
 *   component-sum         BHXH ≠ compulsory + voluntary, exactly
 *   bhtn-exceeds-compulsory, trend, exceeds-labour-force (BHYT: population)
 *   rate-count-mismatch   a rate and a count of the same cell that disagree
 *                         beyond the rounding of the rate
 *   missing-weight        BHYT figures without dan_so
 *
 * Called by checks_run (checks.h); nothing is kept or owned.
 */
#ifndef PHULUC_COUNT_CHECKS_H
#define PHULUC_COUNT_CHECKS_H

#include "base/finding.h"
#include "model/model.h"
#include "model/progress.h"

/*
 * Every count check on m; needs: the counts the annex shows (each must be
 * given); progress: the job's reports or NULL (for missing-weight).
 */
void count_checks_run(const struct model *m, const bool needs[JOB_MAX_YEARS][IND_COUNT],
		      const struct progress *progress, struct findings *fs);

#endif

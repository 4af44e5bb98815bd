/*
 * checks.h — the check stage: every figure check of SPEC §2 that compares
 * values with each other, on the targets and on the progress counts alike
 * (the cell-level ones — not a number, out of range, unknown locality … —
 * are found while reading, in model/). They know nothing of PDF or XLSX.
 *
 *   struct check_needs needs = {0};
 *   annex_needs(&tpl, &job, needs.targets);
 *   needs.progress = annex_progress_needs(&tpl, needs.shows);
 *   checks_run(&data, &needs, &fs);
 */
#ifndef PHULUC_CHECKS_H
#define PHULUC_CHECKS_H

#include "base/finding.h"
#include "model/job_data.h"
#include "model/model.h"

#include <stdbool.h>

/* What the annex shows, so what the data must give. */
struct check_needs {
	bool targets[JOB_MAX_YEARS][IND_COUNT]; /* target rates it shows (annex_needs): must be present */
	bool counts[JOB_MAX_YEARS][IND_COUNT];	/* target numbers it shows (annex_count_needs): the same */
	bool progress;				/* it reports progress: thuc_hien is required */
	bool shows[IND_COUNT];			/* the indicators whose participants it reports */
};

/* Runs every check on d's figures. Findings go to fs; nothing is kept. */
void checks_run(const struct job_data *d, const struct check_needs *needs, struct findings *fs);

#endif

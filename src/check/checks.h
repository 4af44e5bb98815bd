/*
 * checks.h — the figure checks of SPEC §2 that compare values with each
 * other (the cell-level ones — not a number, out of range, unknown locality
 * … — are found while reading, in model.c). They know nothing of PDF or XLSX.
 */
#ifndef PHULUC_CHECKS_H
#define PHULUC_CHECKS_H

#include "base/finding.h"
#include "model/model.h"

#include <stdbool.h>

/*
 * Runs every check on m. `needs` says which target rates the annex shows
 * (see annex_needs): those must be present. Findings go to fs.
 */
void checks_run(const struct model *m, const bool needs[JOB_MAX_YEARS][IND_COUNT], struct findings *fs);

#endif

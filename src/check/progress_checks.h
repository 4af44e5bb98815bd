/*
 * progress_checks.h — the checks on progress reports (thuc_hien; SPEC §2
 * and docs/huong-dan.md): exceeds-labour-force, component-sum,
 * bhtn-exceeds-compulsory, sudden-drop, missing-locality, missing-value,
 * missing-column, and job-file when the template needs the file. Called
 * by checks_run; the reading problems (bad-period, not-a-number…) are
 * found by progress.c as it reads.
 */
#ifndef PHULUC_PROGRESS_CHECKS_H
#define PHULUC_PROGRESS_CHECKS_H

#include "base/finding.h"
#include "model/model.h"
#include "model/progress.h"

#include <stdbool.h>

/*
 * p was read against m (NULL when the job gave none). `required`: the
 * template reports progress, so the job must give thuc_hien; `shows`: the
 * indicators it reports.
 */
void progress_check(const struct model *m, const struct progress *p, bool required,
		    const bool shows[IND_COUNT], struct findings *fs);

#endif

/*
 * annex.h — the bridge from data to drawing: fills a struct document (the
 * table model of document.h) from a template, the job and the model. This
 * is the only place that knows both what an annex means and how it is laid
 * out as cells; the renderers after it know nothing of BHXH.
 */
#ifndef PHULUC_ANNEX_H
#define PHULUC_ANNEX_H

#include "base/error.h"
#include "input/job.h"
#include "layout/document.h"
#include "layout/template.h"
#include "model/job_data.h"
#include "model/model.h"

#include <stdbool.h>

/*
 * Which target rates (year × indicator) the template shows: the checks
 * require exactly these to be present.
 */
void annex_needs(const struct template *t, const struct job *job, bool needs[JOB_MAX_YEARS][IND_COUNT]);

/* Which target numbers of participants (year × indicator) it shows (so_nguoi, ty_le_so_nguoi). */
void annex_count_needs(const struct template *t, const struct job *job, bool needs[JOB_MAX_YEARS][IND_COUNT]);

/*
 * A progress report compares with the targets the job gives: for an
 * indicator whose targets are numbers of participants only (the 2026–2030
 * plans), the rate needs of annex_needs become count needs (BHXH: its two
 * parts when only they are given). Nothing for another template.
 */
void annex_progress_counts(const struct template *t, const struct model *m,
			   bool rates[JOB_MAX_YEARS][IND_COUNT], bool counts[JOB_MAX_YEARS][IND_COUNT]);

/*
 * Prints the indicators the job has (SPEC §3): drops the template's target
 * columns (chi_tieu; so_nguoi, ty_le_so_nguoi) whose indicator the job gives
 * for no year, with a note unless the column is tuy_chon, and warns about
 * figures the job gives that no column of t prints. Call it before
 * annex_needs.
 */
void annex_keep_given(struct template *t, const struct model *m, struct findings *fs);

/*
 * Whether the template reports progress (thuc_hien, ty_le_thuc_hien,
 * chenh_lech, con_thieu, thay_doi or a chart), and for which indicators.
 */
bool annex_progress_needs(const struct template *t, bool shows[IND_COUNT]);

/*
 * Builds the document. Missing values (possible only in a draft) leave blank
 * cells. The figures are data's: its model, and for a progress report its
 * progress's reported period; it
 * gets its charts and a summary paragraph (doc->summary, summary.h).
 * `created` is the metadata date (see document.h). Returns 0, or -1
 * with err (ERR_USAGE for a template that does not fit the job, ERR_IO for
 * out of memory). Free doc with document_free().
 */
int annex_build(const struct template *t, const struct job *job, const struct job_data *data, bool draft,
		int64_t created, struct document *doc, struct error *err);

#endif

/*
 * job_data.h — everything a job's data files give, read in one place and
 * handed down the pipeline as one value: the model (localities × years ×
 * figures), and beside it the progress reports (thuc_hien) and the merge
 * of former units (sap_nhap) when the job has them. Later stages take
 * what they need from it: the checks all three, the annex the model and
 * the progress.
 *
 *   struct job_data d;
 *   if (job_data_load(&d, &job, &fs, &err) == 0) checks_run(&d, &needs, &fs);
 *   job_data_free(&d);
 *
 * d owns everything it points to; `job` must outlive it (d keeps a copy
 * of it, the models point at the copy).
 */
#ifndef PHULUC_JOB_DATA_H
#define PHULUC_JOB_DATA_H

#include "base/error.h"
#include "base/finding.h"
#include "input/job.h"
#include "input/xlsx.h"
#include "model/merge.h"
#include "model/model.h"
#include "model/progress.h"

struct job_data {
	struct model model;	   /* what the annex shows: dia_ban's localities (the former units'
				      figures consolidated into them when the job has sap_nhap) */
	struct progress *progress; /* thuc_hien, read against `model`; NULL when the job names none or
				      it cannot be used */
	struct merge *merge;	   /* sap_nhap: the former units and where they went; NULL without it */
	struct job job;		   /* the caller's, its strings borrowed, books = &this->books */
	struct xlsx_cache books;   /* the workbooks the job's tables are in, each opened once */
};

/*
 * Reads the job's data: dia_ban, lao_dong, chi_tieu, chi_tieu_tinh, and
 * thuc_hien and sap_nhap when the job names them. Problems in the data are
 * findings; returns 0, or -1 with err (I/O, out of memory). Free d with
 * job_data_free, also after a failure.
 */
int job_data_load(struct job_data *d, const struct job *job, struct findings *fs, struct error *err);

void job_data_free(struct job_data *d); /* accepts a zeroed struct */

#endif

/*
 * job_data.c — reading a job's data in one place (see job_data.h). The
 * order is that of the findings a clerk has always seen: the new units
 * (dia_ban…), then thuc_hien against them, then sap_nhap and the former
 * units' files.
 */
#include "model/job_data.h"

#include <stdlib.h>
#include <string.h>

/* thuc_hien, once the localities are known (a model without any reads nothing more). */
static int load_progress(struct job_data *d, const struct job *job, struct findings *fs, struct error *err)
{
	if (d->model.n_loc == 0)
		return 0;
	return progress_load(&d->model, job, fs, &d->progress, err);
}

static int load(struct job_data *d, const struct job *job, struct findings *fs, struct error *err)
{
	if (!job->file_merge) {
		if (model_load(&d->model, job, fs, err))
			return -1;
		return load_progress(d, job, fs, err);
	}
	d->merge = calloc(1, sizeof *d->merge);
	if (!d->merge)
		return error_set(err, ERR_IO, "out of memory");
	if (merge_load_new_units(&d->model, job, fs, err) || load_progress(d, job, fs, err))
		return -1;
	return merge_load(d->merge, &d->model, job, fs, err);
}

int job_data_load(struct job_data *d, const struct job *job, struct findings *fs, struct error *err)
{
	memset(d, 0, sizeof *d);
	d->job = *job;
	d->job.books = &d->books;
	int rc = load(d, &d->job, fs, err);
	xlsx_cache_free(&d->books); /* every table is read: the workbooks are not needed any more */
	return rc;
}

void job_data_free(struct job_data *d)
{
	if (!d)
		return;
	progress_free(d->progress);
	merge_free(d->merge);
	free(d->merge);
	model_free(&d->model);
	xlsx_cache_free(&d->books);
	memset(d, 0, sizeof *d);
}

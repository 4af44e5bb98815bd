/*
 * job.h — a job directory's phuluc.ini (SPEC §1).
 *
 * Problems in the job file are findings on phuluc.ini (rule `job-file`),
 * like any other data problem, so the clerk sees them all at once.
 */
#ifndef PHULUC_JOB_H
#define PHULUC_JOB_H

#include "base/error.h"
#include "base/finding.h"
#include "input/decode.h"

#include <stdint.h>

#define JOB_MAX_YEARS 16

struct xlsx_cache; /* input/xlsx.h */

struct job {
	char *dir;	     /* the job directory, as given */
	char *name;	     /* its last path component: names the outputs */
	char *ini_path;	     /* dir/phuluc.ini, as shown in findings */
	char *template_name; /* phu_luc.mau */
	char *number;	     /* phu_luc.so, may be "" */
	char *title;	     /* phu_luc.tieu_de, as typed */
	char *attached_to;   /* phu_luc.kem_theo */
	char *total_label;   /* phu_luc.dong_tong */
	char *note;	     /* phu_luc.ghi_chu, may be "" */
	char *period;	     /* phu_luc.ky: a progress report's period ("2025-07"); NULL: latest */
	bool allow_a3;	     /* phu_luc.cho_phep_a3: a table too wide for A4 may go on A3 */
	int n_years;
	int years[JOB_MAX_YEARS];
	int years_line; /* line of phu_luc.nam, for findings */
	/* du_lieu.*: file names relative to the job; NULL when not given */
	char *file_localities; /* dia_ban */
	char *file_labour;     /* lao_dong */
	char *file_targets;    /* chi_tieu */
	char *file_province;   /* chi_tieu_tinh */
	char *file_progress;   /* thuc_hien */
	char *file_merge;      /* sap_nhap: former units → new ones (merge.h) */
	int64_t tolerance;     /* kiem_tra.sai_so, hundredths of a point */
	/* Encoding of the CSV files: ENC_AUTO, or forced by --encoding (set by the caller). */
	enum encoding encoding;
	/* Borrowed: the workbooks already open (job_data_load sets it on its copy); NULL: each
	   sheet is read from a freshly opened workbook. */
	struct xlsx_cache *books;
};

/*
 * Reads dir/phuluc.ini. Returns 0 (possibly with job-file findings), or -1
 * with err: ERR_USAGE if dir has no phuluc.ini, ERR_IO on other failures.
 */
int job_read(const char *dir, struct job *job, struct findings *fs, struct error *err);

/*
 * The data files the job names (du_lieu.*), as given in phuluc.ini, in a
 * fixed order; keys not given are skipped. Returns how many were stored
 * (at most max). Every du_lieu key belongs here: `phuluc batch` decides
 * that a job is unchanged by hashing exactly these files.
 */
int job_data_files(const struct job *job, const char **names, int max);

/* dir/name as a new string (caller frees), or NULL. */
char *job_path(const struct job *job, const char *name);

void job_free(struct job *job); /* accepts a zeroed struct */

#endif

/*
 * model.h — the job's data as exact numbers: localities × years × indicators.
 *
 * Rates are integer hundredths of a percent, people int64. Every value keeps
 * where it came from (file, line, column) so checks can point at it. The
 * model owns the CSV files it was read from; source references point into
 * them. The progress reports (progress.h) and the merge (merge.h) are read
 * beside it, not into it: job_data.h holds the three.
 */
#ifndef PHULUC_MODEL_H
#define PHULUC_MODEL_H

#include "base/error.h"
#include "base/finding.h"
#include "input/csvfile.h"
#include "input/job.h"
#include "model/indicator.h"

#include <search.h>
#include <stdbool.h>
#include <stdint.h>

/* Where a value came from. Strings point into the model's CSV files. */
struct source {
	const char *file;
	int line;
	const char *column;
	bool reported; /* the value was unreadable and already has a finding */
};

struct locality {
	const char *code; /* strings point into the dia_ban CSV */
	const char *name;
	const char *level;
	const char *parent;
	const char *group;
	int line; /* in dia_ban (in sap_nhap for former units) */
	/* name == code (the same pointer) when the list gave no name: names in data files are then not
	 * compared */
};

struct model {
	const struct job *job;
	int n_loc;
	struct locality *loc;
	struct hsearch_data by_code; /* code → index + 1, so lookups stay O(1) per row */
	bool has_index;
	int n_years;
	const int *years; /* the job's years, in column order */

	/* [loc * n_years + y] */
	int64_t *labour;     /* COUNT_NONE when absent */
	int64_t *population; /* COUNT_NONE when absent */
	struct source *labour_src;
	/* [(loc * n_years + y) * IND_COUNT + ind] */
	int32_t *target; /* hundredths; RATE_NONE when absent */
	struct source *target_src;
	bool has_indicator[IND_COUNT]; /* the chi_tieu file gives its rate */
	const char *targets_file;      /* the chi_tieu file's name in findings, NULL if unread */

	/*
	 * Targets as numbers of participants (so_nguoi_bhxh_2026, chi_so =
	 * so_nguoi_bhxh…), beside the rates: [(loc * n_years + y) * IND_COUNT +
	 * ind], people, COUNT_NONE when absent. Read them with
	 * model_target_count. A locality may have a rate, a count or both.
	 */
	int64_t *target_count;
	struct source *target_count_src;
	bool has_count[IND_COUNT]; /* the chi_tieu file gives its count */

	/* A total row typed into chi_tieu (checked against the computed one). */
	bool has_given_total;
	int32_t given_total[JOB_MAX_YEARS][IND_COUNT];
	struct source given_total_src[JOB_MAX_YEARS][IND_COUNT];

	/* The same for counts, COUNT_NONE when absent. */
	int64_t given_total_count[JOB_MAX_YEARS][IND_COUNT];
	struct source given_total_count_src[JOB_MAX_YEARS][IND_COUNT];

	/* chi_tieu_tinh: figures assigned to the province, RATE_NONE when absent. */
	int32_t assigned[JOB_MAX_YEARS][IND_COUNT];
	struct source assigned_src[JOB_MAX_YEARS][IND_COUNT];
	/*
	 * chi_tieu_tinh rows `so_nguoi_<indicator>`: the number of participants
	 * assigned (people), COUNT_NONE when absent; read with
	 * model_assigned_count. Each is a minimum: Σ countᵢ must reach it
	 * (for bhxh_tn it is the voluntary minimum of Nghị quyết 403/NQ-CP).
	 */
	int64_t assigned_count[JOB_MAX_YEARS][IND_COUNT];
	struct source assigned_count_src[JOB_MAX_YEARS][IND_COUNT];

	/*
	 * Set by model_load_units: the file the localities came from (sap_nhap);
	 * codes not in it are `unmapped-locality`.
	 */
	const char *units_file;

	/* The files, kept for the source strings. */
	struct csv_file files[5];
	int n_files;
};

/*
 * Reads the job's CSV files into m. Problems in the data become findings;
 * returns -1 with err only on I/O failure or out of memory.
 */
int model_load(struct model *m, const struct job *job, struct findings *fs, struct error *err);

/*
 * Like model_load, but the localities are given (former units, listed by
 * merge.c from sap_nhap; the strings must outlive m) and only lao_dong and
 * chi_tieu are read; a code in them that is not one of `units` is an
 * `unmapped-locality` finding naming units_file.
 */
int model_load_units(struct model *m, const struct job *job, const struct locality *units, int n_units,
		     const char *units_file, struct findings *fs, struct error *err);

void model_free(struct model *m); /* accepts a zeroed struct */

/*
 * Reads one of the job's files (`relative` to the job's folder, not NULL) as
 * model_open_csv does, but leaves its columns as they are. Returns 0, 1
 * when not there or broken (findings say why) or -1 with err; the caller
 * frees csv with csv_file_free.
 */
int model_read_csv(const struct job *job, const char *relative, const char *what, struct csv_file *csv,
		   struct findings *fs, struct error *err);

/*
 * Opens one of the job's CSV files (`relative` to the job's folder; `what`
 * its key in phuluc.ini, for the finding when it is not there) with its
 * columns' canonical keys ("Mã" → "ma", "BHXH bắt buộc 2025" → "bhxh_bb_2025")
 * and duplicate columns reported. Returns 0 when csv holds the file; 1
 * when it cannot be used (not named by the job, not there, or broken:
 * findings say why); -1 with err (I/O, out of memory). Whatever it
 * returns, the caller frees csv with csv_file_free.
 */
int model_open_csv(const struct job *job, const char *relative, const char *what, struct csv_file *csv,
		   struct findings *fs, struct error *err);

int year_index(const struct model *m, int year); /* -1 if not a job year */

/*
 * The index of the locality with this code, or -1: exactly, else the one
 * code it equals with leading zeros (Excel's 4 for 00004; -1 if two do).
 */
int model_find_locality(const struct model *m, const char *code);

/* The index of a locality's figure for a year (index y) in target, target_src, target_count… */
static inline size_t model_cell(const struct model *m, int loc, int y, enum indicator ind)
{
	return ((size_t)loc * (size_t)m->n_years + (size_t)y) * IND_COUNT + ind;
}

static inline int32_t model_target(const struct model *m, int loc, int y, enum indicator ind)
{
	return m->target[model_cell(m, loc, y, ind)];
}

/* Where the target came from (line 0: not given). */
static inline const struct source *model_target_src(const struct model *m, int loc, int y, enum indicator ind)
{
	return &m->target_src[model_cell(m, loc, y, ind)];
}

/*
 * Counts of participants (people). The target count of a locality for a
 * year and indicator, COUNT_NONE when the job gives none:
 *
 *   int64_t n = model_target_count(m, loc, y, IND_BHXH_TN);
 *   if (n != COUNT_NONE) ... n people ...
 *   int64_t a = model_assigned_count(m, y, IND_BHXH_TN); // voluntary minimum, or COUNT_NONE
 *   int64_t sum;
 *   if (model_count_sum(m, y, IND_BHXH, &sum) && a != COUNT_NONE && sum < a) ... short by a - sum ...
 */
static inline int64_t model_target_count(const struct model *m, int loc, int y, enum indicator ind)
{
	return m->target_count[model_cell(m, loc, y, ind)];
}

/* Where the count came from (line 0: not given). */
static inline const struct source *model_target_count_src(const struct model *m, int loc, int y,
							  enum indicator ind)
{
	return &m->target_count_src[model_cell(m, loc, y, ind)];
}

/* The province's assigned count for the year (index y), COUNT_NONE when chi_tieu_tinh gives none. */
static inline int64_t model_assigned_count(const struct model *m, int y, enum indicator ind)
{
	return m->assigned_count[y][ind];
}

/* Whether the job gives any count, or any rate, of ind (for any year). */
static inline bool model_has_count(const struct model *m, enum indicator ind)
{
	return m->has_count[ind];
}

/*
 * Σ count over the localities [from, to) for year index y, exactly. False
 * when a locality's count is missing (the sum is then not known).
 */
bool model_count_sum_range(const struct model *m, int y, enum indicator ind, int from, int to, int64_t *sum);
bool model_count_sum(const struct model *m, int y, enum indicator ind, int64_t *sum);

/*
 * The rate a count makes of its weight: count × 10000 / weight in
 * hundredths, rounded half away from zero (the same rounding as
 * weighted_rate). False when the weight is 0 or absent or the count absent.
 */
bool count_rate(int64_t count, int64_t weight, int32_t *rate);

/*
 * A weighted mean of rates: sum_rw (Σ rate × weight) ÷ sum_w (Σ weight),
 * rounded half away from zero to hundredths. False when sum_w is 0. The
 * one formula behind the province's, a group's and a merged unit's rate.
 */
bool weighted_rate(int64_t sum_rw, int64_t sum_w, int32_t *rate);

/* The weight of a locality's rate: labour force (or population for BHYT). */
int64_t model_weight(const struct model *m, int loc, int y, enum indicator ind);

/*
 * The provincial figure: Σ(rate × weight) / Σ weight over the localities,
 * exactly, rounded half away from zero to hundredths. Returns false when a
 * rate or weight is missing or Σ weight is 0. Also gives the exact sums.
 */
bool model_weighted_rate(const struct model *m, int y, enum indicator ind, int32_t *rate, int64_t *sum_rw,
			 int64_t *sum_w);

/* The same over the localities [from, to) only (a group's subtotal). */
bool model_weighted_rate_range(const struct model *m, int y, enum indicator ind, int from, int to,
			       int32_t *rate, int64_t *sum_rw, int64_t *sum_w);

#endif

/*
 * merge.h — carrying the data of former units into the new ones after the
 * 2025 reorganisation (districts abolished, provinces and communes merged).
 *
 * A job with `du_lieu.sap_nhap` keeps its data files (lao_dong, chi_tieu)
 * as the former units gave them, under their old codes; `dia_ban` lists the
 * NEW units, as the annex prints them; the mapping file says where each
 * former unit went:
 *
 *   ma_cu, [ten_cu,] ma_moi, [ten_moi,] [ty_le]
 *   622,  Thành phố Pleiku, 30101, Phường Pleiku, "0,40"
 *
 * `ty_le` is the share of the former unit's labour force (and population)
 * that went to the new unit: 1 when empty or absent, written 0,35 / 0.35 /
 * 35%. A former unit split over several new ones has one row per part.
 *
 * Consolidation, exact: each part's people are share × the former unit's,
 * rounded so the parts add up to the whole (largest remainder, the one
 * rounding of number.c for each quota); participants are rate × people of
 * each part; a new unit's labour force and participants are the sums of its
 * parts and its rate Σ participants / Σ labour force, rounded half away from
 * zero to hundredths. BHXH's two parts are rounded so they still add up.
 *
 * Checks (findings): `merge-share` (a former unit's shares do not sum to 1),
 * `unmapped-locality` (a code in the data files that sap_nhap does not map),
 * `unknown-locality` (a new code not in dia_ban), `missing-locality` (a new
 * unit nothing is merged into), `duplicate-locality`, `conservation` (labour
 * force or participants of a year not the same before and after).
 *
 * job_data.c calls the two steps (a job's data is read in one place):
 *
 *   struct model after; struct merge mg;
 *   if (merge_load_new_units(&after, &job, &fs, &err) == 0 &&
 *       merge_load(&mg, &after, &job, &fs, &err) == 0) ... after holds the merged figures ...
 *   merge_free(&mg); model_free(&after);
 */
#ifndef PHULUC_MERGE_H
#define PHULUC_MERGE_H

#include "base/error.h"
#include "base/finding.h"
#include "input/csvfile.h"
#include "input/job.h"
#include "model/model.h"

#include <stdint.h>

/* Shares are kept in millionths: 0,35 → 350000. */
#define SHARE_ONE 1000000

struct merge_link {
	int old_unit;  /* index into `before` */
	int new_unit;  /* index into `after`, -1 if unknown */
	int64_t share; /* millionths */
	int line;      /* in sap_nhap */
};

/* The former units and where they went; the new units' model is the caller's. */
struct merge {
	struct model before; /* the former units, as lao_dong and chi_tieu give them */
	struct csv_file map; /* sap_nhap */
	struct locality *old_units;
	int n_old;
	struct merge_link *links;
	int n_links;
};

/*
 * Step 1: reads the new units into `after` (dia_ban, chi_tieu_tinh: the
 * job's lao_dong and chi_tieu are the former units'). `after` is then the
 * job's model (after->job == job). Returns 0, or -1 with err; free `after`
 * with model_free (also after a failure).
 */
int merge_load_new_units(struct model *after, const struct job *job, struct findings *fs, struct error *err);

/*
 * Step 2: reads sap_nhap and the former units' data, and consolidates it
 * into `after` (read by step 1). Problems are findings; returns 0, or -1
 * with err (I/O, out of memory). `job` and `after` must outlive mg. Free
 * with merge_free (also after a failure).
 */
int merge_load(struct merge *mg, struct model *after, const struct job *job, struct findings *fs,
	       struct error *err);

/* Parses a share: "1", "0,35", "0.35", "35%", "35,5 %" → millionths. Returns 0, or -1. */
int merge_share_parse(const char *text, int64_t *out);

void merge_free(struct merge *mg); /* accepts a zeroed struct */

#endif

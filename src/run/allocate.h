/*
 * allocate.h — proposing commune targets that add up to the province's
 * (`phuluc phan-bo`, Nghị quyết 403/NQ-CP: Sở Nội vụ proposes a target for
 * every commune so that the province reaches what the Government assigned).
 *
 * Each commune starts from a baseline rate (its target in the last year the
 * job's chi_tieu gives, or its actual rate in the latest thuc_hien period).
 * For every year after the baseline that chi_tieu_tinh assigns a figure,
 * the communes get rates such that the labour-force-weighted provincial
 * figure, rounded half away from zero to hundredths, equals the assigned
 * figure exactly, with no commune below its baseline (nor below its rate of
 * the year before) and none above 100%. Two methods:
 *   ALLOC_UNIFORM      (`deu`)   every commune + the same number of points
 *   ALLOC_PROPORTIONAL (`ty-le`) every baseline × the same factor
 * The exact share (a rational) is found by bisection on exact integer sums;
 * rates are rounded down to hundredths and the residue goes, one hundredth
 * at a time, to the largest remainders (ties: list order) until the total
 * rounds to the assigned figure. When BHXH is allocated its compulsory and
 * voluntary parts follow in the baseline's proportions and add up exactly.
 *
 *   int32_t out[n], reached;
 *   struct allocation_problem p = {n, baseline, NULL, labour, NULL, 1683, ALLOC_UNIFORM};
 *   if (allocate_rates(&p, out, &reached) == ALLOC_OK) ... reached == 1683
 */
#ifndef PHULUC_ALLOCATE_H
#define PHULUC_ALLOCATE_H

#include "base/error.h"
#include "base/finding.h"
#include "model/model.h"
#include "run/pipeline.h"

#include <stdbool.h>
#include <stdint.h>

enum allocate_method { ALLOC_UNIFORM, ALLOC_PROPORTIONAL };

/* "deu" / "ty-le" → method; returns 0, or -1 for another name. */
int allocate_method_parse(const char *name, enum allocate_method *out);

/* One indicator in one year: pure arithmetic. */
struct allocation_problem {
	int n;
	const int32_t *baseline; /* hundredths, 0..10000; the method starts from these */
	const int32_t *floor;	 /* lower bounds ≥ baseline (last year's rates), or NULL */
	const int64_t *weight;	 /* labour force (population for BHYT), ≥ 0 */
	const int32_t *ceiling;	 /* upper bounds (BHTN: the commune's compulsory BHXH), or NULL: 100% */
	int32_t assigned;	 /* the province's figure, hundredths */
	enum allocate_method method;
};
/* (Fields in this order: {n, baseline, floor, weight, ceiling, assigned, method}.) */

enum allocate_status {
	ALLOC_OK,	   /* out rounds to the assigned figure exactly */
	ALLOC_ABOVE,	   /* the lower bounds alone are above it: out = the bounds */
	ALLOC_UNREACHABLE, /* even at the method's maximum it stays below: out = that maximum */
	ALLOC_NO_WEIGHT,   /* Σ weight is 0 */
	ALLOC_NO_MEMORY
};

/*
 * Fills out[p->n] and *reached (the weighted figure of out, rounded). On
 * ALLOC_UNREACHABLE *reached is the most the method can reach (every commune
 * at its ceiling, or, for ALLOC_PROPORTIONAL, those with a zero baseline at it).
 */
enum allocate_status allocate_rates(const struct allocation_problem *p, int32_t *out, int32_t *reached);

/*
 * Splits a BHXH rate into compulsory + voluntary in the proportions of the
 * baseline (bb0 : tn0), so that *bb + *tn == rate. When bb0 + tn0 is 0 the
 * fallback proportions (fb_bb : fb_tn, e.g. the province's) are used, and
 * when those are 0 too the rate is all compulsory.
 */
void allocate_split(int32_t rate, int32_t bb0, int32_t tn0, int64_t fb_bb, int64_t fb_tn, int32_t *bb,
		    int32_t *tn);

/*
 * One indicator in one year in numbers of participants (the 2026–2030
 * cycle, Nghị quyết 403/NQ-CP: the province is assigned a number): integer
 * counts that add up to `assigned` exactly, none below its baseline (nor its
 * lower bound), none above its labour force (population for BHYT) nor its
 * ceiling. The methods mean what they mean for rates:
 *   ALLOC_UNIFORM      every commune's rate rises by the same points: the
 *                      same share K of its labour force, nᵢ = bᵢ + K·wᵢ
 *   ALLOC_PROPORTIONAL every baseline times the same factor, nᵢ = bᵢ·K
 * rounded down, the people left over going one each to the largest
 * remainders (ties: list order). Counts and weights up to 2^28 − 1 people
 * (number.c accepts at most 2·10^8).
 *
 *   int64_t out[n], reached;
 *   struct count_problem p = {n, baseline, NULL, labour, NULL, 264650, ALLOC_UNIFORM};
 *   if (allocate_counts(&p, out, &reached) == ALLOC_OK) ... Σ out == 264650 ...
 */
struct count_problem {
	int n;
	const int64_t *baseline; /* people; the method starts from these */
	const int64_t *floor;	 /* lower bounds ≥ baseline (last year's counts), or NULL */
	const int64_t *weight;	 /* labour force (population for BHYT): also the cap */
	const int64_t *ceiling;	 /* upper bounds (BHTN: the commune's compulsory BHXH), or NULL */
	int64_t assigned;	 /* the province's number, people */
	enum allocate_method method;
};
/* (Fields in this order: {n, baseline, floor, weight, ceiling, assigned, method}.) */

/*
 * Fills out[p->n] and *reached (Σ out). Statuses as allocate_rates: on
 * ALLOC_ABOVE out holds the lower bounds (their sum is above the number, a
 * minimum: fine); on ALLOC_UNREACHABLE every commune is at its cap and
 * *reached is the most the province can reach; ALLOC_NO_WEIGHT: a figure
 * beyond 2^28 − 1 people (or a negative weight).
 */
enum allocate_status allocate_counts(const struct count_problem *p, int64_t *out, int64_t *reached);

/*
 * Splits a BHXH count into compulsory + voluntary in the proportions of the
 * baseline (bb0 : tn0), rounded half up, *bb + *tn == total; all compulsory
 * when bb0 + tn0 is 0. With total ≥ bb0 + tn0 neither part falls below
 * its baseline.
 */
void allocate_split_count(int64_t total, int64_t bb0, int64_t tn0, int64_t *bb, int64_t *tn);

/* The proposal for a whole job, in the model's layout. */
struct allocation {
	int baseline_year; /* index into the model's years */
	int n_years, n_loc;
	/* [(loc * n_years + y) * IND_COUNT + ind], RATE_NONE where not proposed */
	int32_t *rate;
	bool column[JOB_MAX_YEARS][IND_COUNT]; /* which (year, indicator) columns the CSV has */
	/* The same for numbers of participants (so_nguoi_<chi_so>_<nam>), COUNT_NONE where not proposed. */
	int64_t *count;
	bool count_column[JOB_MAX_YEARS][IND_COUNT];
};

/*
 * Proposes targets for every year after the baseline year that the model's
 * chi_tieu_tinh assigns: rates where it assigns rates, numbers of
 * participants where it assigns numbers (so_nguoi_*, allocate_counts; BHXH's
 * two parts follow its baseline proportions, the voluntary part raised
 * where needed so that Σ voluntary reaches so_nguoi_bhxh_tn, the
 * province's voluntary minimum; BHTN within each commune's compulsory
 * BHXH). `baseline` and `baseline_count` hold the baseline rates and counts
 * in the model's target layout for year index baseline_year, from
 * `baseline_file` (both NULL: the model's own targets of the last year
 * chi_tieu gives; a count missing there is its rate × labour force, rounded).
 * Problems (no baseline, a missing value, an unreachable figure) are
 * findings; returns 0, or -1 with err on out of memory. Free with
 * allocation_free.
 */
int allocate_job(const struct model *m, enum allocate_method method, const int32_t *baseline,
		 const int64_t *baseline_count, int baseline_year, const char *baseline_file,
		 struct allocation *a, struct findings *fs, struct error *err);

/*
 * Writes the proposal as a wide chi_tieu CSV (ma;ten;<chi_so>_<nam>…) for
 * Excel on Vietnamese Windows: UTF-8 with BOM, ';' between fields, decimal
 * commas, every field quoted, CRLF. With labour_path (a merged job: m holds
 * the new units' consolidated figures), also the units' lao_dong there
 * (ma;ten;nam;luc_luong_lao_dong[;dan_so], people as plain digits), so that
 * the proposal builds without sap_nhap. Atomically, the two as one set
 * (output.h). Returns 0 or -1 with err.
 */
int allocation_write_csv(const struct allocation *a, const struct model *m, const char *path,
			 const char *labour_path, struct error *err);

void allocation_free(struct allocation *a); /* accepts a zeroed struct */

struct allocate_options {
	enum allocate_method method;
	bool
	    from_progress; /* --tu-thuc-hien: baselines are the actual rates of the latest thuc_hien period */
	enum lang lang;
	enum encoding encoding;
	const char *out_file;
};

/*
 * `phuluc phan-bo JOB -o FILE`: reads the job (consolidating former units
 * when it has sap_nhap, see merge.h), proposes the targets and, when there
 * is no error, writes FILE (and for a merged job the new units' labour
 * force beside it, FILE without .csv + ".lao_dong.csv", with a
 * `merged-allocation` note saying how phuluc.ini points at the two). Fills r like pipeline_run (findings,
 * err, the file written) and returns its status: 0, 1 data errors (nothing written), 2 usage, 3 I/O.
 */
int allocate_run(const char *job_dir, const struct allocate_options *o, struct pipeline_result *r);

/*
 * The largest k in [lo, hi) with sum(ctx, k) <= target, by bisection; sum
 * must not decrease in k and sum(ctx, lo) <= target. Both the rate and the
 * count allocation find their common increase this way.
 */
int64_t allocate_largest_at_most(int64_t lo, int64_t hi, int64_t (*sum)(const void *ctx, int64_t k),
				 const void *ctx, int64_t target);

#endif

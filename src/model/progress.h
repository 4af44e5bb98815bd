/*
 * progress.h — the progress reports (thuc_hien, SPEC §1): how many people
 * took part in each scheme, per locality, at the end of each period
 * (`YYYY-MM`), and the figures a monthly report derives from them against
 * the plan's targets.
 *
 * Reading: progress_load opens the job's thuc_hien file as model.c opens
 * the others (model_open_csv: columns matched by canonical key, so `Mã`,
 * `Kỳ`, `BHXH bắt buộc` work) and hands it to progress_read, which keeps
 * the counts (people, int64; COUNT_NONE when absent) with their sources.
 * The progress is read against a model but lives beside it (job_data.h). Periods are sorted; the reported one
 * is the job's phu_luc.ky if given, else the latest.
 *
 * Figures (all exact, rounding only in number.c):
 *   participants  the count; for bhxh, bhxh_bb + bhxh_tn when bhxh itself is
 *                 not given
 *   actual rate   participants ÷ labour force of the period's year (BHYT: ÷
 *                 population), hundredths of a percent, half away from zero
 *   gap           actual rate − target rate of that year (hundredths of a point)
 *   shortfall     ceil(target × labour ÷ 10000) − participants, at least 0:
 *                 the people still needed to reach the target; when the
 *                 target is a number of participants (so_nguoi_*, the
 *                 2026–2030 plans), that number − participants, exactly
 *                 (a count target governs when both are given; its rate,
 *                 count ÷ weight, stands for the target rate where the job
 *                 gives no rate)
 *   change        participants − those of the previous period
 * For the whole province: Σ participants ÷ Σ labour force, the target
 * weighted by labour force (model_weighted_rate; with count targets Σ count
 * ÷ Σ labour force), and the shortfall the sum of the localities'
 * shortfalls.
 *
 *   struct progress_figures f;
 *   if (progress_figures_of(m, p, loc, p->report, IND_BHXH, &f)) ... f.rate ...
 *
 * The checks on these counts are in check/progress_checks.c.
 */
#ifndef PHULUC_PROGRESS_H
#define PHULUC_PROGRESS_H

#include "base/error.h"
#include "base/finding.h"
#include "input/csvfile.h"
#include "model/model.h"

#include <stdbool.h>
#include <stdint.h>

struct period {
	int year;  /* 2025 */
	int month; /* 1..12 */
	int line;  /* first line of the file that gives it */
	int y;	   /* index into the job's years (always ≥ 0: other periods are rejected) */
};

struct progress {
	struct csv_file csv; /* thuc_hien as read (progress_load), for the source strings; owned */
	const char *file;    /* the file's name in findings (points into csv) */
	int n_loc;
	int n_periods;
	struct period *periods; /* ascending; owned */
	/* [(loc * n_periods + p) * IND_COUNT + ind] */
	int64_t *count;		       /* people; COUNT_NONE when absent; owned */
	struct source *src;	       /* owned; line 0 when the row is absent */
	int *row_line;		       /* [loc * n_periods + p]: the row's line, 0 if none; owned */
	bool has_indicator[IND_COUNT]; /* the file has a column for it */
	int report;		       /* the period reported on: index into periods, -1 if none */
};

/*
 * Reads the job's thuc_hien (du_lieu.thuc_hien) against m's localities and
 * years. *out is NULL when the job names none or the file cannot be used
 * (a finding says why). Returns 0, or -1 with err (I/O, out of memory).
 * Free *out with progress_free.
 */
int progress_load(const struct model *m, const struct job *job, struct findings *fs, struct progress **out,
		  struct error *err);

/*
 * Reads the canonicalised csv (model_open_csv; csv stays the caller's) against the model's
 * localities and years. Problems become findings (bad-period,
 * period-outside-plan, unknown-locality, duplicate-locality, not-a-number,
 * out-of-range, missing-value, unknown-column); `wanted` is phu_luc.ky
 * ("2025-07", NULL or "" for the latest). Returns 0 with *out set (caller
 * frees with progress_free), or -1 with err (out of memory).
 */
int progress_read(const struct model *m, const struct csv_file *csv, const char *wanted, struct findings *fs,
		  struct progress **out, struct error *err);

void progress_free(struct progress *p); /* accepts NULL */

/*
 * Parses a period as clerks type it: "2025-07", "2025-7", "07/2025", "7/2025",
 * "2025/07", "tháng 7/2025" (and Excel's date "2025-07-31"). Returns 0, -1 if
 * it is no period, or -2 when out of memory.
 */
int period_parse(const char *text, int *year, int *month);

/* "7/2025" (as Vietnamese reports write a month). */
void period_format(const struct period *p, char *buf, size_t size);

/* The last day of the period's month: 28..31. */
int period_last_day(const struct period *p);

/* Where the count of a locality, period and indicator came from (line 0 when its row is absent). */
const struct source *progress_source(const struct progress *p, int loc, int period, enum indicator ind);

/* The raw count (COUNT_NONE when absent). */
int64_t progress_count(const struct progress *p, int loc, int period, enum indicator ind);

/* Participants as the report counts them (bhxh from its parts when not given); COUNT_NONE if unknown. */
int64_t progress_participants(const struct progress *p, int loc, int period, enum indicator ind);

struct progress_figures {
	int64_t participants; /* COUNT_NONE if unknown */
	int64_t weight;	      /* labour force (BHYT: population); COUNT_NONE if unknown */
	int32_t target;	      /* hundredths; RATE_NONE if unknown */
	int64_t target_count; /* the target as a number of participants; COUNT_NONE if none */
	bool has_rate;	      /* participants and a weight > 0 */
	int32_t rate;	      /* actual rate, hundredths */
	bool has_gap;	      /* rate and target */
	int32_t gap;	      /* rate − target */
	bool has_shortfall;
	int64_t shortfall; /* people still needed, ≥ 0 */
	bool has_change;
	int64_t change; /* participants − the previous period's */
	bool below;	/* participants < target_count, or (a rate target) has_gap && gap < 0 */
};

/*
 * The figures of one locality (loc ≥ 0) or of the whole province (loc = -1)
 * for a period and an indicator, p having been read against m. Returns
 * false when p is NULL or the period is out of range; unknown parts are
 * flagged in *f.
 */
bool progress_figures_of(const struct model *m, const struct progress *p, int loc, int period,
			 enum indicator ind, struct progress_figures *f);

/*
 * The province's own shortfall: ceil(Σ target·weight ÷ 10000) − Σ participants,
 * at least 0 (localities above their target make up for others); a
 * locality's count target, where given, counts as itself. Returns false
 * when a figure is missing.
 */
bool progress_province_shortfall(const struct model *m, const struct progress *p, int period,
				 enum indicator ind, int64_t *people);

#endif

/*
 * progress.c — progress reports: reading thuc_hien and the figures a monthly
 * report derives from it (see progress.h). The checks on it are in
 * check/progress_checks.c.
 *
 * Counts are people (int64). A rate is participants × 10000 ÷ weight, so
 * it cannot overflow for any count number.c accepts (≤ 2·10^8).
 */
#include "model/progress.h"

#include "base/text.h"
#include "base/vec.h"
#include "input/number.h"
#include "model/cells.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- periods ------------------------------------------------------------ */

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int period_parse(const char *text, int *year, int *month)
{
	char *t = text_trim(text);
	if (!t)
		return -2;
	const char *s = t;
	/* "tháng 7/2025", "Tháng 07-2025" */
	if (strncmp(s, "tháng ", strlen("tháng ")) == 0 || strncmp(s, "Tháng ", strlen("Tháng ")) == 0)
		s += strlen("tháng ");
	size_t a = strspn(s, "0123456789");
	char sep = s[a];
	const char *rest = s + a + (sep ? 1 : 0);
	size_t b = strspn(rest, "0123456789");
	long y = -1, mo = -1;
	if ((sep == '-' || sep == '/' || sep == '.') && all_digits(s, a) && all_digits(rest, b)) {
		if (a == 4 && b <= 2) {
			/* 2025-07, 2025/7, or Excel's 2025-07-31 */
			y = strtol(s, NULL, 10);
			mo = strtol(rest, NULL, 10);
			const char *after = rest + b;
			if (*after == '-' && sep == '-' && all_digits(after + 1, strlen(after + 1)) &&
			    strlen(after + 1) <= 2)
				after += strlen(after);
			if (*after)
				y = -1;
		} else if (a <= 2 && b == 4 && !rest[b]) {
			/* 07/2025, 7-2025 */
			mo = strtol(s, NULL, 10);
			y = strtol(rest, NULL, 10);
		}
	}
	free(t);
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12)
		return -1;
	*year = (int)y;
	*month = (int)mo;
	return 0;
}

void period_format(const struct period *p, char *buf, size_t size)
{
	snprintf(buf, size, "%d/%d", p->month, p->year);
}

int period_last_day(const struct period *p)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (p->year % 4 == 0 && p->year % 100 != 0) || p->year % 400 == 0;
	return p->month == 2 && leap ? 29 : days[p->month - 1];
}

static int period_cmp(const void *a, const void *b)
{
	const struct period *x = a, *y = b;
	return x->year != y->year ? (x->year > y->year) - (x->year < y->year)
				  : (x->month > y->month) - (x->month < y->month);
}

/* ---- reading -------------------------------------------------------------- */

static size_t cell(const struct progress *p, int loc, int period, enum indicator ind)
{
	return ((size_t)loc * (size_t)p->n_periods + (size_t)period) * IND_COUNT + (size_t)ind;
}

/*
 * The indicator a count column names: "bhxh_bb", "bhxh_bat_buoc", and the
 * same after "so_nguoi_tham_gia_" / "so_nguoi_" ("Số người tham gia BHXH bắt
 * buộc"). -1 if none.
 */
static int count_column_indicator(const char *key)
{
	static const char *const prefixes[] = {"so_nguoi_tham_gia_", "so_nguoi_", "so_", ""};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(key, prefixes[i], n) == 0) {
			int ind = indicator_from_key(key + n);
			if (ind >= 0)
				return ind;
		}
	}
	return -1;
}

/* The period a row gives, as an index into `periods` (sorted), or -1. */
static int find_period(const struct progress *p, int year, int month)
{
	for (int i = 0; i < p->n_periods; i++)
		if (p->periods[i].year == year && p->periods[i].month == month)
			return i;
	return -1;
}

/* Collects the distinct valid periods of the file; reports bad ones. */
static int collect_periods(const struct model *m, const struct csv_file *csv, int c_period,
			   struct progress *p, struct findings *fs, struct error *err)
{
	p->periods = calloc((size_t)csv->n_rows + 1, sizeof *p->periods);
	if (!p->periods)
		return error_set(err, ERR_IO, "out of memory");
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int year, month;
		int parsed = period_parse(row->f[c_period], &year, &month);
		if (parsed == -2)
			return error_set(err, ERR_IO, "out of memory");
		if (parsed) {
			finding_add(fs, RULE_BAD_PERIOD, csv->name, row->line, csv->header[c_period],
				    "period \"%s\" is not valid (example: 2025-07)", row->f[c_period]);
			continue;
		}
		if (find_period(p, year, month) >= 0)
			continue;
		int y = year_index(m, year);
		if (y < 0) {
			char years[128] = "";
			for (int i = 0; i < m->n_years; i++)
				snprintf(years + strlen(years), sizeof years - strlen(years), "%s%d",
					 i ? ", " : "", m->years[i]);
			finding_add(fs, RULE_PERIOD_OUTSIDE_PLAN, csv->name, row->line, csv->header[c_period],
				    "period %d/%d is not in the plan's years (phu_luc.nam: %s)", month, year,
				    years);
			/* Kept in the list (y = -1) so its other rows are not reported again. */
		}
		p->periods[p->n_periods++] = (struct period){year, month, row->line, y};
	}
	qsort(p->periods, (size_t)p->n_periods, sizeof *p->periods, period_cmp);
	/* Periods outside the plan are dropped now that they have been reported once. */
	int kept = 0;
	for (int i = 0; i < p->n_periods; i++)
		if (p->periods[i].y >= 0)
			p->periods[kept++] = p->periods[i];
	p->n_periods = kept;
	return 0;
}

/* Which indicator each column counts (-1: none); warns of the columns nothing reads. */
static void read_columns(const struct csv_file *csv, int c_code, int c_period, struct progress *p,
			 int *col_ind, struct findings *fs)
{
	for (int c = 0; c < csv->n_cols; c++) {
		col_ind[c] = count_column_indicator(csv->key[c]);
		if (col_ind[c] >= 0)
			p->has_indicator[col_ind[c]] = true;
	}
	for (int c = 0; c < csv->n_cols; c++)
		if (c != c_code && c != c_period && strcmp(csv->key[c], "ten") != 0 && col_ind[c] < 0)
			column_unused(csv, c, fs);
}

static int allocate_counts(const struct model *m, struct progress *p, struct error *err)
{
	size_t rows = (size_t)(m->n_loc ? m->n_loc : 1) * (size_t)(p->n_periods ? p->n_periods : 1);
	p->count = malloc(rows * IND_COUNT * sizeof *p->count);
	p->src = calloc(rows * IND_COUNT, sizeof *p->src);
	p->row_line = calloc(rows, sizeof *p->row_line);
	if (!p->count || !p->src || !p->row_line)
		return error_set(err, ERR_IO, "out of memory");
	for (size_t i = 0; i < rows * IND_COUNT; i++)
		p->count[i] = COUNT_NONE;
	return 0;
}

/* The counts of one row, period `per` of locality l. */
static void read_counts(const struct csv_file *csv, const struct csv_row *row, const int *col_ind, int l,
			int per, struct progress *p, struct findings *fs)
{
	for (int c = 0; c < csv->n_cols; c++) {
		if (col_ind[c] < 0)
			continue;
		size_t i = cell(p, l, per, col_ind[c]);
		if (p->src[i].line) {
			finding_add(fs, RULE_DUPLICATE_COLUMN, csv->name, csv->header_line, csv->header[c],
				    "column \"%s\" repeats column \"%s\"", csv->header[c], p->src[i].column);
			continue;
		}
		p->count[i] = cell_count(csv, row, c, COUNT_OF_PARTICIPANTS, fs);
		p->src[i] = (struct source){csv->name, row->line, csv->header[c], p->count[i] == COUNT_NONE};
	}
}

/* Every row of a plan period: its locality (known, given once) and its counts. */
static void read_rows(const struct model *m, const struct csv_file *csv, int c_code, int c_period,
		      const int *col_ind, struct progress *p, struct findings *fs)
{
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int year, month;
		int parsed = period_parse(row->f[c_period], &year, &month);
		if (parsed == -2)
			fs->oom = 1; /* the pipeline reports out of memory */
		if (parsed)
			continue; /* reported */
		int per = find_period(p, year, month);
		if (per < 0)
			continue; /* outside the plan: reported */
		int l = model_find_locality(m, row->f[c_code]);
		if (l < 0) {
			finding_add(fs, RULE_UNKNOWN_LOCALITY, csv->name, row->line, csv->header[c_code],
				    "code %s is not in the list of localities", row->f[c_code]);
			continue;
		}
		int *line = &p->row_line[(size_t)l * (size_t)p->n_periods + (size_t)per];
		if (*line) {
			finding_add(fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line, csv->header[c_code],
				    "code %s, period %d/%d already on line %d", row->f[c_code], month, year,
				    *line);
			continue;
		}
		*line = row->line;
		read_counts(csv, row, col_ind, l, per, p, fs);
	}
}

/* The period reported on: phu_luc.ky when given, else the latest. */
static void choose_report(const struct model *m, const struct csv_file *csv, const char *wanted,
			  struct progress *p, struct findings *fs)
{
	p->report = p->n_periods - 1;
	if (!wanted || !wanted[0])
		return;
	int year = 0, month = 0;
	int parsed = period_parse(wanted, &year, &month);
	if (parsed == -2) {
		fs->oom = 1; /* the pipeline reports out of memory */
		return;
	}
	p->report = parsed == 0 ? find_period(p, year, month) : -1;
	if (p->report < 0)
		finding_add(fs, RULE_BAD_PERIOD, m->job->ini_path, 0, "phu_luc.ky",
			    "the reported period \"%s\" is not in %s", wanted, csv->name);
}

/* Reads the file into p; 0 (maybe with findings), or -1 with err. */
static int read_file_into(const struct model *m, const struct csv_file *csv, const char *wanted,
			  struct progress *p, int *col_ind, struct findings *fs, struct error *err)
{
	int c_code = csv_file_column(csv, "ma"), c_period = csv_file_column(csv, "ky");
	read_columns(csv, c_code, c_period, p, col_ind, fs);
	if (c_code < 0)
		finding_add(fs, RULE_MISSING_COLUMN, csv->name, csv->header_line, "ma",
			    "column \"%s\" is missing", "ma");
	if (c_period < 0)
		finding_add(fs, RULE_MISSING_COLUMN, csv->name, csv->header_line, "ky",
			    "column \"%s\" is missing (the period, e.g. 2025-07)", "ky");
	if (c_code < 0 || c_period < 0)
		return 0;
	if (collect_periods(m, csv, c_period, p, fs, err) || allocate_counts(m, p, err))
		return -1;
	read_rows(m, csv, c_code, c_period, col_ind, p, fs);
	choose_report(m, csv, wanted, p, fs);
	return 0;
}

int progress_read(const struct model *m, const struct csv_file *csv, const char *wanted, struct findings *fs,
		  struct progress **out, struct error *err)
{
	*out = NULL;
	struct progress *p = calloc(1, sizeof *p);
	int *col_ind = calloc((size_t)csv->n_cols + 1, sizeof *col_ind);
	if (!p || !col_ind) {
		free(p);
		free(col_ind);
		return error_set(err, ERR_IO, "out of memory");
	}
	p->file = csv->name;
	p->n_loc = m->n_loc;
	p->report = -1;
	int rc = read_file_into(m, csv, wanted, p, col_ind, fs, err);
	free(col_ind);
	if (rc) {
		progress_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

int progress_load(const struct model *m, const struct job *job, struct findings *fs, struct progress **out,
		  struct error *err)
{
	*out = NULL;
	struct csv_file csv;
	int rc = model_open_csv(job, job->file_progress, "du_lieu.thuc_hien", &csv, fs, err);
	if (rc == 0)
		rc = progress_read(m, &csv, job->period, fs, out, err);
	else if (rc > 0)
		rc = 0;
	if (*out)
		(*out)->csv = csv; /* the rows and strings stay where they are: p->file points into them */
	else
		csv_file_free(&csv);
	return rc;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	free_all(p->periods, p->count, p->src, p->row_line);
	csv_file_free(&p->csv);
	free(p);
}

/* ---- figures ------------------------------------------------------------------ */

const struct source *progress_source(const struct progress *p, int loc, int period, enum indicator ind)
{
	return &p->src[cell(p, loc, period, ind)];
}

int64_t progress_count(const struct progress *p, int loc, int period, enum indicator ind)
{
	if (!p || loc < 0 || loc >= p->n_loc || period < 0 || period >= p->n_periods)
		return COUNT_NONE;
	return p->count[cell(p, loc, period, ind)];
}

int64_t progress_participants(const struct progress *p, int loc, int period, enum indicator ind)
{
	int64_t n = progress_count(p, loc, period, ind);
	if (n != COUNT_NONE || ind != IND_BHXH || p->has_indicator[IND_BHXH])
		return n;
	int64_t bb = progress_count(p, loc, period, IND_BHXH_BB),
		tn = progress_count(p, loc, period, IND_BHXH_TN);
	return bb == COUNT_NONE || tn == COUNT_NONE ? COUNT_NONE : bb + tn;
}

/* A locality's target as a number of participants (BHXH from its two parts); COUNT_NONE if none. */
static int64_t target_count_of(const struct model *m, int loc, int y, enum indicator ind)
{
	int64_t n = model_target_count(m, loc, y, ind);
	if (n == COUNT_NONE && ind == IND_BHXH) {
		int64_t bb = model_target_count(m, loc, y, IND_BHXH_BB),
			tn = model_target_count(m, loc, y, IND_BHXH_TN);
		if (bb != COUNT_NONE && tn != COUNT_NONE)
			n = bb + tn;
	}
	return n;
}

/* Participants, weight and target of one locality; false if any is unknown. */
static void locality_parts(const struct model *m, const struct progress *p, int loc, int period,
			   enum indicator ind, struct progress_figures *f)
{
	int y = p->periods[period].y;
	f->participants = progress_participants(p, loc, period, ind);
	f->weight = model_weight(m, loc, y, ind);
	f->target = model_target(m, loc, y, ind);
	f->target_count = target_count_of(m, loc, y, ind);
	int32_t r;
	if (f->target == RATE_NONE && f->target_count != COUNT_NONE &&
	    count_rate(f->target_count, f->weight, &r))
		f->target = r;
	if (period > 0) {
		int64_t before = progress_participants(p, loc, period - 1, ind);
		f->has_change = before != COUNT_NONE && f->participants != COUNT_NONE;
		f->change = f->has_change ? f->participants - before : 0;
	}
}

static int64_t shortfall(int32_t target, int64_t weight, int64_t participants)
{
	int64_t need = div_ceil((int64_t)target * weight, 10000) - participants;
	return need > 0 ? need : 0;
}

bool progress_figures_of(const struct model *m, const struct progress *p, int loc, int period,
			 enum indicator ind, struct progress_figures *f)
{
	*f = (struct progress_figures){.participants = COUNT_NONE,
				       .weight = COUNT_NONE,
				       .target = RATE_NONE,
				       .target_count = COUNT_NONE};
	if (!p || period < 0 || period >= p->n_periods || loc >= m->n_loc)
		return false;
	if (loc >= 0) {
		locality_parts(m, p, loc, period, ind, f);
		if (f->target_count != COUNT_NONE) {
			/* A number to reach: exactly that many people, not via its rate. */
			f->has_shortfall = f->participants != COUNT_NONE;
			f->shortfall = f->has_shortfall && f->target_count > f->participants
					   ? f->target_count - f->participants
					   : 0;
		} else {
			f->has_shortfall =
			    f->participants != COUNT_NONE && f->weight >= 0 && f->target != RATE_NONE;
			if (f->has_shortfall)
				f->shortfall = shortfall(f->target, f->weight, f->participants);
		}
	} else {
		/* The province: sums over the localities, unknown if any part is. */
		int64_t sum_p = 0, sum_w = 0, sum_short = 0, sum_change = 0, sum_count = 0;
		bool known_p = m->n_loc > 0, known_w = known_p, known_short = known_p,
		     known_change = period > 0, known_count = known_p;
		for (int l = 0; l < m->n_loc; l++) {
			struct progress_figures one;
			progress_figures_of(m, p, l, period, ind, &one);
			known_p = known_p && one.participants != COUNT_NONE;
			known_w = known_w && one.weight >= 0;
			known_short = known_short && one.has_shortfall;
			known_change = known_change && one.has_change;
			known_count = known_count && one.target_count != COUNT_NONE;
			sum_count += known_count ? one.target_count : 0;
			sum_p += known_p ? one.participants : 0;
			sum_w += known_w ? one.weight : 0;
			sum_short += known_short ? one.shortfall : 0;
			sum_change += known_change ? one.change : 0;
		}
		f->participants = known_p ? sum_p : COUNT_NONE;
		f->weight = known_w ? sum_w : COUNT_NONE;
		int32_t target;
		f->target_count = known_count ? sum_count : COUNT_NONE;
		if (model_weighted_rate(m, p->periods[period].y, ind, &target, NULL, NULL))
			f->target = target;
		else if (known_count && known_w && count_rate(sum_count, sum_w, &target))
			f->target = target;
		f->has_shortfall = known_short;
		f->shortfall = sum_short;
		f->has_change = known_change;
		f->change = sum_change;
	}
	/* A count far beyond the labour force (an error, shown with --draft) must not wrap the rate. */
	int64_t scaled = 0, rate = 0;
	f->has_rate = f->participants != COUNT_NONE && f->weight > 0 &&
		      !__builtin_mul_overflow(f->participants, (int64_t)10000, &scaled) &&
		      (rate = div_round_half_away(scaled, f->weight)) <= INT32_MAX && rate >= INT32_MIN;
	if (f->has_rate)
		f->rate = (int32_t)rate;
	f->has_gap = f->has_rate && f->target != RATE_NONE;
	if (f->has_gap)
		f->gap = f->rate - f->target;
	f->below = f->target_count != COUNT_NONE && f->participants != COUNT_NONE
		       ? f->participants < f->target_count
		       : f->has_gap && f->gap < 0;
	return true;
}

bool progress_province_shortfall(const struct model *m, const struct progress *p, int period,
				 enum indicator ind, int64_t *people)
{
	if (!p || period < 0 || period >= p->n_periods)
		return false;
	int y = p->periods[period].y;
	int64_t sum_tw = 0, sum_p = 0, sum_count = 0;
	for (int l = 0; l < m->n_loc; l++) {
		int32_t t = model_target(m, l, y, ind);
		int64_t w = model_weight(m, l, y, ind), n = progress_participants(p, l, period, ind);
		int64_t c = target_count_of(m, l, y, ind);
		if ((c == COUNT_NONE && (t == RATE_NONE || w < 0)) || n == COUNT_NONE)
			return false;
		if (c != COUNT_NONE)
			sum_count += c;
		else
			sum_tw += (int64_t)t * w;
		sum_p += n;
	}
	int64_t need = div_ceil(sum_tw, 10000) + sum_count - sum_p;
	*people = need > 0 ? need : 0;
	return m->n_loc > 0;
}

/*
 * progress.c — progress reports: reading thuc_hien, the figures a monthly
 * report derives from it, and the checks on it (see progress.h).
 *
 * Counts are people (int64). A rate is participants × 10000 ÷ weight, so
 * it cannot overflow for any count number.c accepts (≤ 2·10^8).
 */
#include "model/progress.h"

#include "base/text.h"
#include "input/number.h"

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
		return -1;
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
		if (period_parse(row->f[c_period], &year, &month)) {
			finding_add(fs, SEV_ERROR, "bad-period", csv->name, row->line, csv->header[c_period],
				    "kỳ báo cáo \"%s\" không hợp lệ (ví dụ đúng: 2025-07)",
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
			finding_add(
			    fs, SEV_ERROR, "period-outside-plan", csv->name, row->line, csv->header[c_period],
			    "kỳ %d/%d không thuộc các năm của kế hoạch (phu_luc.nam: %s)",
			    "period %d/%d is not in the plan's years (phu_luc.nam: %s)", month, year, years);
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

static void warn_unknown(const struct csv_file *csv, const bool *known, struct findings *fs)
{
	for (int c = 0; c < csv->n_cols; c++)
		if (!known[c])
			finding_add(fs, SEV_WARNING, "unknown-column", csv->name, 1, csv->header[c],
				    "cột \"%s\" không được dùng", "column \"%s\" is not used",
				    csv->header[c]);
}

/* Parses one count cell; COUNT_NONE (with a finding) if it cannot be read. */
static int64_t read_people(const struct csv_file *csv, const struct csv_row *row, int col,
			   struct findings *fs)
{
	int64_t v;
	const char *text = row->f[col];
	switch (number_parse(text, NUMBER_COUNT, &v)) {
	case NUMBER_OK:
		if (v < 0 || v > 200000000) {
			finding_add(fs, SEV_ERROR, "out-of-range", csv->name, row->line, csv->header[col],
				    "số người \"%s\" nằm ngoài khoảng 0–200.000.000",
				    "count \"%s\" is outside 0–200.000.000", text);
			return COUNT_NONE;
		}
		return v;
	case NUMBER_EMPTY:
		finding_add(fs, SEV_ERROR, "missing-value", csv->name, row->line, csv->header[col],
			    "ô trống: cần số người tham gia",
			    "empty cell: a count of participants is needed");
		return COUNT_NONE;
	default:
		finding_add(fs, SEV_ERROR, "not-a-number", csv->name, row->line, csv->header[col],
			    "\"%s\" không phải là số người (ví dụ đúng: 264.650)",
			    "\"%s\" is not a count of people (example: 264.650)", text);
		return COUNT_NONE;
	}
}

int progress_read(const struct model *m, const struct csv_file *csv, const char *wanted, struct findings *fs,
		  struct progress **out, struct error *err)
{
	*out = NULL;
	struct progress *p = calloc(1, sizeof *p);
	bool *known = calloc((size_t)csv->n_cols + 1, sizeof *known);
	int *col_ind = calloc((size_t)csv->n_cols + 1, sizeof *col_ind);
	if (!p || !known || !col_ind) {
		free(p);
		free(known);
		free(col_ind);
		return error_set(err, ERR_IO, "out of memory");
	}
	p->file = csv->name;
	p->n_loc = m->n_loc;
	p->report = -1;
	int c_code = csv_file_column(csv, "ma"), c_period = csv_file_column(csv, "ky");
	for (int c = 0; c < csv->n_cols; c++) {
		col_ind[c] = count_column_indicator(csv->key[c]);
		known[c] = c == c_code || c == c_period || strcmp(csv->key[c], "ten") == 0 || col_ind[c] >= 0;
		if (col_ind[c] >= 0)
			p->has_indicator[col_ind[c]] = true;
	}
	warn_unknown(csv, known, fs);
	int rc = 0;
	if (c_code < 0 || c_period < 0) {
		if (c_code < 0)
			finding_add(fs, SEV_ERROR, "missing-column", csv->name, 1, "ma", "thiếu cột \"%s\"",
				    "column \"%s\" is missing", "ma");
		if (c_period < 0)
			finding_add(fs, SEV_ERROR, "missing-column", csv->name, 1, "ky",
				    "thiếu cột \"%s\" (kỳ báo cáo, ví dụ 2025-07)",
				    "column \"%s\" is missing (the period, e.g. 2025-07)", "ky");
		goto done;
	}
	if (collect_periods(m, csv, c_period, p, fs, err)) {
		rc = -1;
		goto done;
	}
	size_t rows = (size_t)(m->n_loc ? m->n_loc : 1) * (size_t)(p->n_periods ? p->n_periods : 1);
	p->count = malloc(rows * IND_COUNT * sizeof *p->count);
	p->src = calloc(rows * IND_COUNT, sizeof *p->src);
	p->row_line = calloc(rows, sizeof *p->row_line);
	if (!p->count || !p->src || !p->row_line) {
		rc = error_set(err, ERR_IO, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < rows * IND_COUNT; i++)
		p->count[i] = COUNT_NONE;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int year, month;
		if (period_parse(row->f[c_period], &year, &month))
			continue; /* reported */
		int per = find_period(p, year, month);
		if (per < 0)
			continue; /* outside the plan: reported */
		int l = model_find_locality(m, row->f[c_code]);
		if (l < 0) {
			finding_add(fs, SEV_ERROR, "unknown-locality", csv->name, row->line,
				    csv->header[c_code], "mã %s không có trong danh sách địa bàn",
				    "code %s is not in the list of localities", row->f[c_code]);
			continue;
		}
		int *line = &p->row_line[(size_t)l * (size_t)p->n_periods + (size_t)per];
		if (*line) {
			finding_add(fs, SEV_ERROR, "duplicate-locality", csv->name, row->line,
				    csv->header[c_code], "mã %s kỳ %d/%d đã có ở dòng %d",
				    "code %s, period %d/%d already on line %d", row->f[c_code], month, year,
				    *line);
			continue;
		}
		*line = row->line;
		for (int c = 0; c < csv->n_cols; c++) {
			if (col_ind[c] < 0)
				continue;
			size_t i = cell(p, l, per, col_ind[c]);
			if (p->src[i].line) {
				finding_add(fs, SEV_ERROR, "duplicate-column", csv->name, 1, csv->header[c],
					    "cột \"%s\" trùng với cột \"%s\"",
					    "column \"%s\" repeats column \"%s\"", csv->header[c],
					    p->src[i].column);
				continue;
			}
			p->count[i] = read_people(csv, row, c, fs);
			p->src[i] =
			    (struct source){csv->name, row->line, csv->header[c], p->count[i] == COUNT_NONE};
		}
	}
	p->report = p->n_periods - 1;
	if (wanted && wanted[0]) {
		int year = 0, month = 0;
		p->report = period_parse(wanted, &year, &month) == 0 ? find_period(p, year, month) : -1;
		if (p->report < 0)
			finding_add(fs, SEV_ERROR, "bad-period", m->job->ini_path, 0, "phu_luc.ky",
				    "kỳ báo cáo \"%s\" không có trong %s",
				    "the reported period \"%s\" is not in %s", wanted, csv->name);
	}
done:
	free(known);
	free(col_ind);
	if (rc) {
		progress_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	free(p->periods);
	free(p->count);
	free(p->src);
	free(p->row_line);
	free(p);
}

/* ---- figures ------------------------------------------------------------------ */

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

/* Participants, weight and target of one locality; false if any is unknown. */
static void locality_parts(const struct model *m, int loc, int period, enum indicator ind,
			   struct progress_figures *f)
{
	const struct progress *p = m->progress;
	int y = p->periods[period].y;
	f->participants = progress_participants(p, loc, period, ind);
	f->weight = model_weight(m, loc, y, ind);
	f->target = model_target(m, loc, y, ind);
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

bool progress_figures_of(const struct model *m, int loc, int period, enum indicator ind,
			 struct progress_figures *f)
{
	*f = (struct progress_figures){.participants = COUNT_NONE, .weight = COUNT_NONE, .target = RATE_NONE};
	const struct progress *p = m->progress;
	if (!p || period < 0 || period >= p->n_periods || loc >= m->n_loc)
		return false;
	if (loc >= 0) {
		locality_parts(m, loc, period, ind, f);
		f->has_shortfall = f->participants != COUNT_NONE && f->weight >= 0 && f->target != RATE_NONE;
		if (f->has_shortfall)
			f->shortfall = shortfall(f->target, f->weight, f->participants);
	} else {
		/* The province: sums over the localities, unknown if any part is. */
		int64_t sum_p = 0, sum_w = 0, sum_short = 0, sum_change = 0;
		bool known_p = m->n_loc > 0, known_w = known_p, known_short = known_p,
		     known_change = period > 0;
		for (int l = 0; l < m->n_loc; l++) {
			struct progress_figures one;
			progress_figures_of(m, l, period, ind, &one);
			known_p = known_p && one.participants != COUNT_NONE;
			known_w = known_w && one.weight >= 0;
			known_short = known_short && one.has_shortfall;
			known_change = known_change && one.has_change;
			sum_p += known_p ? one.participants : 0;
			sum_w += known_w ? one.weight : 0;
			sum_short += known_short ? one.shortfall : 0;
			sum_change += known_change ? one.change : 0;
		}
		f->participants = known_p ? sum_p : COUNT_NONE;
		f->weight = known_w ? sum_w : COUNT_NONE;
		int32_t target;
		if (model_weighted_rate(m, p->periods[period].y, ind, &target, NULL, NULL))
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
	f->below = f->has_gap && f->gap < 0;
	return true;
}

bool progress_province_shortfall(const struct model *m, int period, enum indicator ind, int64_t *people)
{
	const struct progress *p = m->progress;
	if (!p || period < 0 || period >= p->n_periods)
		return false;
	int y = p->periods[period].y;
	int64_t sum_tw = 0, sum_p = 0;
	for (int l = 0; l < m->n_loc; l++) {
		int32_t t = model_target(m, l, y, ind);
		int64_t w = model_weight(m, l, y, ind), n = progress_participants(p, l, period, ind);
		if (t == RATE_NONE || w < 0 || n == COUNT_NONE)
			return false;
		sum_tw += (int64_t)t * w;
		sum_p += n;
	}
	int64_t need = div_ceil(sum_tw, 10000) - sum_p;
	*people = need > 0 ? need : 0;
	return m->n_loc > 0;
}

/* ---- checks ------------------------------------------------------------------- */

static const char *people_vi(int64_t n, char *buf, size_t size)
{
	return number_format_vi(n, (struct number_format){.thousands = true}, buf, size);
}

/* Which indicators a report of `shows` needs from the file, given what it has. */
static void check_columns(const struct progress *p, const bool shows[IND_COUNT], struct findings *fs)
{
	for (int ind = 0; ind < IND_COUNT; ind++) {
		if (!shows[ind] || p->has_indicator[ind])
			continue;
		if (ind == IND_BHXH && p->has_indicator[IND_BHXH_BB] && p->has_indicator[IND_BHXH_TN])
			continue;
		finding_add(fs, SEV_ERROR, "missing-column", p->file, 1, indicator_key(ind),
			    ind == IND_BHXH ? "thiếu cột \"%s\" (số người tham gia %s; hoặc hai cột bhxh_bb "
					      "và bhxh_tn)"
					    : "thiếu cột \"%s\" (số người tham gia %s)",
			    ind == IND_BHXH ? "column \"%s\" is missing (%s participants; or the two columns "
					      "bhxh_bb and bhxh_tn)"
					    : "column \"%s\" is missing (%s participants)",
			    indicator_key(ind), indicator_label(ind));
	}
}

static void check_rows(const struct model *m, const struct progress *p, struct findings *fs)
{
	for (int per = 0; per < p->n_periods; per++)
		for (int l = 0; l < m->n_loc; l++)
			if (!p->row_line[(size_t)l * (size_t)p->n_periods + (size_t)per])
				finding_add(fs, SEV_ERROR, "missing-locality", p->file, 0, "ma",
					    "không có số người tham gia kỳ %d/%d của %s (mã %s)",
					    "no participants for %d/%d for %s (code %s)",
					    p->periods[per].month, p->periods[per].year, m->loc[l].name,
					    m->loc[l].code);
}

static void check_labour(const struct model *m, const struct progress *p, int l, int per, struct findings *fs)
{
	int y = p->periods[per].y;
	char a[32], b[32], c[32], d[32];
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int64_t n = progress_count(p, l, per, ind), w = model_weight(m, l, y, ind);
		if (n == COUNT_NONE || w < 0 || n <= w)
			continue;
		const struct source *s = &p->src[cell(p, l, per, ind)];
		bool pop = indicator_over_population(ind);
		finding_add(
		    fs, SEV_ERROR, "exceeds-labour-force", s->file, s->line, s->column,
		    pop ? "%s kỳ %d/%d: %s người tham gia %s, nhiều hơn dân số năm %d (%s người)"
			: "%s kỳ %d/%d: %s người tham gia %s, nhiều hơn lực lượng lao động trong độ "
			  "tuổi năm %d (%s người)",
		    pop ? "%s, %d/%d: %s %s participants, more than the population of %d (%s)"
			: "%s, %d/%d: %s %s participants, more than the working-age labour force of %d "
			  "(%s)",
		    m->loc[l].name, p->periods[per].month, p->periods[per].year, people_vi(n, a, sizeof a),
		    indicator_label(ind), m->years[y], people_vi(w, b, sizeof b));
	}
	int64_t bb = progress_count(p, l, per, IND_BHXH_BB), tn = progress_count(p, l, per, IND_BHXH_TN);
	int64_t w = model_weight(m, l, y, IND_BHXH);
	if (bb != COUNT_NONE && tn != COUNT_NONE && w >= 0 && bb <= w && tn <= w && bb + tn > w) {
		const struct source *s = &p->src[cell(p, l, per, IND_BHXH_TN)];
		finding_add(fs, SEV_ERROR, "exceeds-labour-force", s->file, s->line, s->column,
			    "%s kỳ %d/%d: BHXH bắt buộc %s + tự nguyện %s = %s người, nhiều hơn lực lượng "
			    "lao động trong độ tuổi năm %d (%s người)",
			    "%s, %d/%d: compulsory %s + voluntary %s = %s participants, more than the "
			    "working-age labour force of %d (%s)",
			    m->loc[l].name, p->periods[per].month, p->periods[per].year,
			    people_vi(bb, a, sizeof a), people_vi(tn, b, sizeof b),
			    people_vi(bb + tn, c, sizeof c), m->years[y], people_vi(w, d, sizeof d));
	}
	int64_t all = progress_count(p, l, per, IND_BHXH);
	if (all != COUNT_NONE && bb != COUNT_NONE && tn != COUNT_NONE && all != bb + tn) {
		const struct source *s = &p->src[cell(p, l, per, IND_BHXH)];
		finding_add(fs, SEV_ERROR, "component-sum", s->file, s->line, s->column,
			    "%s kỳ %d/%d: BHXH %s người khác BHXH bắt buộc %s + tự nguyện %s = %s người",
			    "%s, %d/%d: BHXH %s participants differs from compulsory %s + voluntary %s = %s",
			    m->loc[l].name, p->periods[per].month, p->periods[per].year,
			    people_vi(all, a, sizeof a), people_vi(bb, b, sizeof b),
			    people_vi(tn, c, sizeof c), people_vi(bb + tn, d, sizeof d));
	}
	int64_t bhtn = progress_count(p, l, per, IND_BHTN);
	if (bhtn != COUNT_NONE && bb != COUNT_NONE && bhtn > bb) {
		const struct source *s = &p->src[cell(p, l, per, IND_BHTN)];
		finding_add(fs, SEV_WARNING, "bhtn-exceeds-compulsory", s->file, s->line, s->column,
			    "%s kỳ %d/%d: %s người tham gia BHTN, nhiều hơn BHXH bắt buộc (%s người)",
			    "%s, %d/%d: %s unemployment insurance participants, more than compulsory social "
			    "insurance (%s)",
			    m->loc[l].name, p->periods[per].month, p->periods[per].year,
			    people_vi(bhtn, a, sizeof a), people_vi(bb, b, sizeof b));
	}
}

/* A fall of more than 10% from the previous period: 10·(before − now) > before. */
static void check_drop(const struct model *m, const struct progress *p, int l, int per, struct findings *fs)
{
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int64_t before = progress_count(p, l, per - 1, ind), now = progress_count(p, l, per, ind);
		if (before == COUNT_NONE || now == COUNT_NONE || before <= 0 || 10 * (before - now) <= before)
			continue;
		char a[32], b[32], pct[32];
		const struct source *s = &p->src[cell(p, l, per, ind)];
		number_format_vi(div_round_half_away((before - now) * 10000, before),
				 (struct number_format){.decimals = 2, .percent = true}, pct, sizeof pct);
		finding_add(fs, SEV_WARNING, "sudden-drop", s->file, s->line, s->column,
			    "%s: số người tham gia %s giảm từ %s (kỳ %d/%d) xuống %s (kỳ %d/%d), giảm %s",
			    "%s: %s participants fell from %s (%d/%d) to %s (%d/%d), by %s", m->loc[l].name,
			    indicator_label(ind), people_vi(before, a, sizeof a), p->periods[per - 1].month,
			    p->periods[per - 1].year, people_vi(now, b, sizeof b), p->periods[per].month,
			    p->periods[per].year, pct);
	}
}

void progress_check(const struct model *m, bool required, const bool shows[IND_COUNT], struct findings *fs)
{
	const struct progress *p = m->progress;
	if (!p) {
		if (required && m->job && m->n_loc > 0)
			finding_add(fs, SEV_ERROR, "job-file", m->job->ini_path, 0, "du_lieu.thuc_hien",
				    "mẫu %s báo cáo số người tham gia: cần khóa du_lieu.thuc_hien (tệp số "
				    "người tham gia theo kỳ)",
				    "template %s reports participants: key du_lieu.thuc_hien is needed (the "
				    "file of participants per period)",
				    m->job->template_name ? m->job->template_name : "");
		return;
	}
	if (required)
		check_columns(p, shows, fs);
	check_rows(m, p, fs);
	for (int per = 0; per < p->n_periods; per++)
		for (int l = 0; l < m->n_loc; l++) {
			check_labour(m, p, l, per, fs);
			if (per > 0)
				check_drop(m, p, l, per, fs);
		}
	if (required && p->n_periods == 0)
		finding_add(fs, SEV_ERROR, "missing-value", p->file, 1, "ky",
			    "tệp không có kỳ báo cáo hợp lệ nào", "the file has no valid period");
}

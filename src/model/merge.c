/*
 * merge.c — the former units' data carried into the new units (see
 * merge.h). The former units are read by model.c like any other (from the
 * job's lao_dong and chi_tieu, against the list sap_nhap gives); the new
 * model is read from dia_ban and chi_tieu_tinh, then filled here.
 */
#include "model/merge.h"

#include "base/ranking.h"
#include "base/text.h"
#include "input/number.h"
#include "model/cells.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int merge_share_parse(const char *text, int64_t *out)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	int64_t whole = 0, frac = 0;
	int n_whole = 0, n_frac = 0;
	while (isdigit((unsigned char)*p) && n_whole < 4)
		whole = whole * 10 + (*p++ - '0'), n_whole++;
	if (*p == ',' || *p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && n_frac < 7)
			frac = frac * 10 + (*p++ - '0'), n_frac++;
	}
	while (*p == ' ')
		p++;
	bool percent = *p == '%';
	if (percent)
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p || n_whole + n_frac == 0 || n_frac > (percent ? 4 : 6))
		return -1;
	for (int k = n_frac; k < 6; k++)
		frac *= 10;
	int64_t v = whole * SHARE_ONE + frac;
	*out = percent ? v / 100 : v; /* exact: at most 4 decimals of a percent */
	return 0;
}

/* ---- codes, sorted for lookups --------------------------------------------------- */

struct code_index {
	int n;
	int *order; /* indices sorted by code */
	const char *const *codes;
};

static int by_code(const void *a, const void *b, void *arg)
{
	const char *const *codes = arg;
	return strcmp(codes[*(const int *)a], codes[*(const int *)b]);
}

static int index_build(struct code_index *ix, const char *const *codes, int n)
{
	ix->n = n;
	ix->codes = codes;
	ix->order = malloc(((size_t)n + 1) * sizeof *ix->order);
	if (!ix->order)
		return -1;
	for (int i = 0; i < n; i++)
		ix->order[i] = i;
	qsort_r(ix->order, (size_t)n, sizeof *ix->order, by_code, (void *)codes);
	return 0;
}

static int index_find(const struct code_index *ix, const char *code)
{
	int lo = 0, hi = ix->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(ix->codes[ix->order[mid]], code);
		if (c == 0)
			return ix->order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- reading sap_nhap ------------------------------------------------------------ */

static const char *const OLD_CODE[] = {"ma_cu", "ma_don_vi_cu", "ma_dia_ban_cu", "ma_dvhc_cu", NULL};
static const char *const OLD_NAME[] = {"ten_cu", "ten_don_vi_cu", "ten_dia_ban_cu", "don_vi_cu", NULL};
static const char *const NEW_CODE[] = {"ma_moi", "ma_don_vi_moi", "ma_dia_ban_moi", "ma_dvhc_moi", NULL};
static const char *const NEW_NAME[] = {"ten_moi", "ten_don_vi_moi", "ten_dia_ban_moi", "don_vi_moi", NULL};
static const char *const SHARE[] = {"ty_le", "ti_le", "ty_le_sap_nhap", "ty_le_lao_dong", "share", NULL};

static const char *share_vi(int64_t millionths, char *buf, size_t size)
{
	/* 0,35 — as many decimals as needed, at most 6. */
	int64_t w = millionths / SHARE_ONE, f = millionths % SHARE_ONE;
	int n = snprintf(buf, size, "%lld", (long long)w);
	if (f && n > 0 && (size_t)n < size) {
		char digits[8];
		snprintf(digits, sizeof digits, "%06lld", (long long)f);
		for (int k = 5; k > 0 && digits[k] == '0'; k--)
			digits[k] = '\0';
		snprintf(buf + n, size - (size_t)n, ",%s", digits);
	}
	return buf;
}

/* The columns of sap_nhap, -1 when absent. */
struct map_columns {
	int old_code, new_code, old_name, new_name, share;
};

/* What reading the rows needs besides the merge: lookups and running sums. */
struct map_reader {
	const struct model *after;
	const struct csv_file *csv;
	struct map_columns c;
	int *last_of, *prev_of;	  /* each former unit's links, chained back from its last one */
	struct hsearch_data olds; /* former unit's code → index + 1 */
	bool has_olds;
	const char **new_codes;
	struct code_index news;
	int64_t *share_sum; /* [former unit]: Σ its shares */
};

static void map_reader_free(struct map_reader *rd)
{
	if (rd->has_olds)
		hdestroy_r(&rd->olds);
	free(rd->news.order);
	free(rd->last_of);
	free(rd->prev_of);
	free(rd->new_codes);
	free(rd->share_sum);
}

static int map_reader_init(struct map_reader *rd, struct merge *mg, const struct model *after,
			   const struct csv_file *csv)
{
	size_t rows = (size_t)csv->n_rows + 1;
	rd->after = after;
	rd->csv = csv;
	mg->links = calloc(rows, sizeof *mg->links);
	mg->old_units = calloc(rows, sizeof *mg->old_units);
	rd->last_of = malloc(rows * sizeof *rd->last_of);
	rd->prev_of = malloc(rows * sizeof *rd->prev_of);
	rd->new_codes = calloc((size_t)after->n_loc + 1, sizeof *rd->new_codes);
	rd->share_sum = calloc(rows, sizeof *rd->share_sum);
	if (!mg->links || !mg->old_units || !rd->last_of || !rd->prev_of || !rd->new_codes || !rd->share_sum)
		return -1;
	for (int r = 0; r < csv->n_rows; r++)
		rd->last_of[r] = -1;
	for (int l = 0; l < after->n_loc; l++)
		rd->new_codes[l] = after->loc[l].code;
	if (index_build(&rd->news, rd->new_codes, after->n_loc))
		return -1;
	/* Former units in order of first appearance, found by code in a hash table. */
	if (!hcreate_r((size_t)csv->n_rows * 2 + 16, &rd->olds))
		return -1;
	rd->has_olds = true;
	return 0;
}

/* The row's share (1 when not given); false when it is unreadable or out of range (reported). */
static bool read_share(const struct map_reader *rd, const struct csv_row *row, int64_t *share,
		       struct findings *fs)
{
	const struct csv_file *csv = rd->csv;
	int c = rd->c.share;
	*share = SHARE_ONE;
	if (c < 0 || !row->f[c][0])
		return true;
	if (merge_share_parse(row->f[c], share)) {
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[c],
			    "\"%s\" is not a merge share (examples: 1 · 0,35 · 35%%)", row->f[c]);
		return false;
	}
	if (*share <= 0 || *share > SHARE_ONE) {
		finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[c],
			    "merge share \"%s\" must be above 0 and at most 1 (100%%)", row->f[c]);
		return false;
	}
	return true;
}

/* The new unit a row names, index into `after`, or -1 (reported); warns when its name differs. */
static int new_unit_of(const struct map_reader *rd, const struct csv_row *row, struct findings *fs)
{
	const struct csv_file *csv = rd->csv;
	const char *now = row->f[rd->c.new_code];
	int n = index_find(&rd->news, now);
	if (n < 0) {
		finding_add(fs, RULE_UNKNOWN_LOCALITY, csv->name, row->line, csv->header[rd->c.new_code],
			    "new code %s is not in the list of localities (dia_ban)", now);
		return -1;
	}
	int c = rd->c.new_name;
	if (c >= 0 && row->f[c][0]) {
		char *a = text_fold(row->f[c]), *b = text_fold(rd->after->loc[n].name);
		if (a && b && strcmp(a, b) != 0)
			finding_add(fs, RULE_NAME_MISMATCH, csv->name, row->line, csv->header[c],
				    "code %s is \"%s\" in the list of localities, here \"%s\"", now,
				    rd->after->loc[n].name, row->f[c]);
		free(a);
		free(b);
	}
	return n;
}

/* One row of sap_nhap: a link from a former unit to a new one. Returns 0, or -1 (out of memory). */
static int read_link(struct merge *mg, struct map_reader *rd, const struct csv_row *row, struct findings *fs)
{
	const struct csv_file *csv = rd->csv;
	const char *old = row->f[rd->c.old_code], *now = row->f[rd->c.new_code];
	if (!old[0] || !now[0]) {
		finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line,
			    csv->header[old[0] ? rd->c.new_code : rd->c.old_code],
			    "empty cell: a unit code is needed");
		return 0;
	}
	int64_t share;
	if (!read_share(rd, row, &share, fs))
		return 0;
	ENTRY want = {.key = (char *)old, .data = (void *)(intptr_t)(mg->n_old + 1)}, *found = NULL;
	if (!hsearch_r(want, ENTER, &found, &rd->olds))
		return -1;
	int o = (int)(intptr_t)found->data - 1;
	if (o == mg->n_old) {
		mg->n_old++;
		int c = rd->c.old_name;
		const char *name = c >= 0 && row->f[c][0] ? row->f[c] : old;
		mg->old_units[o] = (struct locality){
		    .code = old, .name = name, .level = "", .parent = "", .group = "", .line = row->line};
	}
	int n = new_unit_of(rd, row, fs);
	/* The same pair twice: the earlier rows of this former unit are chained. */
	for (int k = rd->last_of[o]; k >= 0; k = rd->prev_of[k])
		if (n >= 0 && mg->links[k].new_unit == n) {
			finding_add(fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line,
				    csv->header[rd->c.new_code], "%s → %s already on line %d", old, now,
				    mg->links[k].line);
			return 0;
		}
	rd->prev_of[mg->n_links] = rd->last_of[o];
	rd->last_of[o] = mg->n_links;
	mg->links[mg->n_links++] = (struct merge_link){o, n, share, row->line};
	rd->share_sum[o] += share;
	return 0;
}

/* merge-share: each former unit's shares add up to 1; missing-locality: each new unit gets one. */
static void check_map(const struct merge *mg, const struct map_reader *rd, struct findings *fs)
{
	const struct csv_file *csv = rd->csv;
	const struct model *after = rd->after;
	for (int o = 0; o < mg->n_old; o++)
		if (rd->share_sum[o] != SHARE_ONE) {
			char sum[32];
			finding_add(fs, RULE_MERGE_SHARE, csv->name, mg->old_units[o].line,
				    rd->c.share >= 0 ? csv->header[rd->c.share] : "ty_le",
				    "the merge shares of former unit %s (%s) add up to %s, not 1 (100%%)",
				    mg->old_units[o].name, mg->old_units[o].code,
				    share_vi(rd->share_sum[o], sum, sizeof sum));
		}
	for (int n = 0; n < after->n_loc; n++) {
		bool any = false;
		for (int k = 0; k < mg->n_links && !any; k++)
			any = mg->links[k].new_unit == n;
		if (!any)
			finding_add(
			    fs, RULE_MISSING_LOCALITY, csv->name, 0, NULL,
			    "no former unit is merged into %s (code %s, line %d of the list of localities)",
			    after->loc[n].name, after->loc[n].code, after->loc[n].line);
	}
}

/* Finds sap_nhap's columns, warns of the others; false when ma_cu or ma_moi is missing (reported). */
static bool map_columns_of(const struct csv_file *csv, struct map_columns *c, struct findings *fs)
{
	*c = (struct map_columns){csv_file_column_any(csv, OLD_CODE), csv_file_column_any(csv, NEW_CODE),
				  csv_file_column_any(csv, OLD_NAME), csv_file_column_any(csv, NEW_NAME),
				  csv_file_column_any(csv, SHARE)};
	for (int k = 0; k < csv->n_cols; k++)
		if (k != c->old_code && k != c->new_code && k != c->old_name && k != c->new_name &&
		    k != c->share)
			column_unused(csv, k, fs);
	if (c->old_code < 0 || c->new_code < 0) {
		const char *key = c->old_code < 0 ? "ma_cu" : "ma_moi";
		finding_add(fs, RULE_MISSING_COLUMN, csv->name, 1, key, "column \"%s\" is missing", key);
		return false;
	}
	return true;
}

/* Reads sap_nhap into mg->links and mg->old_units. Returns 0 (maybe with findings) or -1 with err. */
static int read_map(struct merge *mg, const struct model *after, const struct job *job, struct findings *fs,
		    struct error *err)
{
	int rc = model_read_csv(job, job->file_merge, "du_lieu.sap_nhap", &mg->map, fs, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct map_reader rd = {0};
	if (!map_columns_of(&mg->map, &rd.c, fs))
		return 0;
	if (map_reader_init(&rd, mg, after, &mg->map)) {
		map_reader_free(&rd);
		return error_set(err, ERR_IO, "out of memory");
	}
	for (int r = 0; r < mg->map.n_rows && rc == 0; r++)
		if (read_link(mg, &rd, &mg->map.rows[r], fs))
			rc = error_set(err, ERR_IO, "out of memory");
	if (rc == 0)
		check_map(mg, &rd, fs);
	map_reader_free(&rd);
	return rc;
}

/* ---- consolidation -------------------------------------------------------------- */

/* The links of each former unit and of each new unit, chained in file order. */
struct chains {
	int *first_old, *next_old; /* [n_old], [n_links] */
	int *first_new, *next_new; /* [n_loc], [n_links] */
	int *count_new;		   /* links into each new unit */
};

static void chains_free(struct chains *ch)
{
	free(ch->first_old);
	free(ch->next_old);
	free(ch->first_new);
	free(ch->next_new);
	free(ch->count_new);
}

static int chains_build(const struct merge *mg, const struct model *after, struct chains *ch)
{
	size_t nl = (size_t)mg->n_links + 1, no = (size_t)mg->n_old + 1, nn = (size_t)after->n_loc + 1;
	ch->first_old = malloc(no * sizeof(int));
	ch->next_old = malloc(nl * sizeof(int));
	ch->first_new = malloc(nn * sizeof(int));
	ch->next_new = malloc(nl * sizeof(int));
	ch->count_new = calloc(nn, sizeof(int));
	int *last_old = malloc(no * sizeof(int)), *last_new = malloc(nn * sizeof(int));
	if (!ch->first_old || !ch->next_old || !ch->first_new || !ch->next_new || !ch->count_new ||
	    !last_old || !last_new) {
		free(last_old);
		free(last_new);
		return -1;
	}
	for (int o = 0; o < mg->n_old; o++)
		ch->first_old[o] = last_old[o] = -1;
	for (int n = 0; n < after->n_loc; n++)
		ch->first_new[n] = last_new[n] = -1;
	for (int k = 0; k < mg->n_links; k++) {
		int o = mg->links[k].old_unit, n = mg->links[k].new_unit;
		ch->next_old[k] = ch->next_new[k] = -1;
		if (last_old[o] < 0)
			ch->first_old[o] = k;
		else
			ch->next_old[last_old[o]] = k;
		last_old[o] = k;
		if (n < 0)
			continue;
		if (last_new[n] < 0)
			ch->first_new[n] = k;
		else
			ch->next_new[last_new[n]] = k;
		last_new[n] = k;
		ch->count_new[n]++;
	}
	free(last_old);
	free(last_new);
	return 0;
}

/*
 * Splits `people` of former unit o over its links: part[k] = share_k ×
 * people, floors first, then the rest (the rounded total minus the floors)
 * one by one to the largest remainders, so the parts add up to the rounded
 * total — to `people` itself when the shares add up to 1.
 */
static void split_people(const struct merge *mg, const struct chains *ch, int o, int64_t people,
			 int64_t *part, struct ranked *q)
{
	int n = 0;
	int64_t shares = 0, floors = 0;
	for (int k = ch->first_old[o]; k >= 0; k = ch->next_old[k]) {
		int64_t num = mg->links[k].share * people;
		part[k] = num / SHARE_ONE;
		floors += part[k];
		shares += mg->links[k].share;
		q[n++] = (struct ranked){k, num % SHARE_ONE};
	}
	int64_t rest = div_round_half_away(shares * people, SHARE_ONE) - floors;
	ranked_sort(q, n);
	for (int i = 0; i < n && rest > 0; i++, rest--)
		part[q[i].index]++;
}

static size_t cell(const struct model *m, int l, int y)
{
	return (size_t)l * (size_t)m->n_years + (size_t)y;
}

/* Consolidating one year: the links' chains and, per link, the people of its part. */
struct parts {
	const struct merge *mg;
	const struct model *b; /* the former units */
	struct model *a;       /* the new units, being filled */
	struct chains ch;
	int64_t *lab, *pop; /* [link]: people of the part; COUNT_NONE if unknown */
	int64_t *cnt;	    /* [link]: the part's target number of participants (consolidate_counts) */
	struct ranked *q;   /* room for split_people */
	int y;
};

/* The figures the new units take as they are: which indicators, the typed total row. */
static void copy_given(struct model *a, const struct model *b)
{
	for (int ind = 0; ind < IND_COUNT; ind++) {
		a->has_indicator[ind] = b->has_indicator[ind];
		a->has_count[ind] = b->has_count[ind];
	}
	a->targets_file = b->targets_file;
	a->has_given_total = b->has_given_total;
	memcpy(a->given_total, b->given_total, sizeof a->given_total);
	memcpy(a->given_total_src, b->given_total_src, sizeof a->given_total_src);
}

/* People of each part, then of each new unit: the sums of its parts. */
static void consolidate_people(struct parts *pt)
{
	const struct merge *mg = pt->mg;
	const struct model *b = pt->b;
	struct model *a = pt->a;
	int y = pt->y;
	const int *first = pt->ch.first_new, *count = pt->ch.count_new;
	for (int k = 0; k < mg->n_links; k++)
		pt->lab[k] = pt->pop[k] = COUNT_NONE;
	for (int o = 0; o < mg->n_old; o++) {
		int64_t L = b->labour[cell(b, o, y)], P = b->population[cell(b, o, y)];
		if (L != COUNT_NONE)
			split_people(mg, &pt->ch, o, L, pt->lab, pt->q);
		if (P != COUNT_NONE)
			split_people(mg, &pt->ch, o, P, pt->pop, pt->q);
	}
	for (int n = 0; n < a->n_loc; n++) {
		int64_t L = count[n] ? 0 : COUNT_NONE, P = count[n] ? 0 : COUNT_NONE;
		for (int k = first[n]; k >= 0; k = pt->ch.next_new[k]) {
			L = L == COUNT_NONE || pt->lab[k] == COUNT_NONE ? COUNT_NONE : L + pt->lab[k];
			P = P == COUNT_NONE || pt->pop[k] == COUNT_NONE ? COUNT_NONE : P + pt->pop[k];
		}
		a->labour[cell(a, n, y)] = L;
		a->population[cell(a, n, y)] = P;
		if (first[n] >= 0) {
			const struct merge_link *f = &mg->links[first[n]];
			a->labour_src[cell(a, n, y)] =
			    count[n] == 1 ? b->labour_src[cell(b, f->old_unit, y)]
					  : (struct source){mg->map.name, f->line, "ma_moi", false};
		}
	}
}

/*
 * Target numbers of participants (so_nguoi_*), split like people: each part
 * share × the former unit's number (split_people, so the parts add up to
 * it), a new unit's number the sum of its parts; unknown if any part is.
 */
static void consolidate_counts(struct parts *pt)
{
	const struct merge *mg = pt->mg;
	const struct model *b = pt->b;
	struct model *a = pt->a;
	int y = pt->y;
	for (int ind = 0; ind < IND_COUNT; ind++) {
		if (!b->has_count[ind])
			continue;
		for (int k = 0; k < mg->n_links; k++)
			pt->cnt[k] = COUNT_NONE;
		for (int o = 0; o < mg->n_old; o++) {
			int64_t c = b->target_count[model_cell(b, o, y, ind)];
			if (c != COUNT_NONE)
				split_people(mg, &pt->ch, o, c, pt->cnt, pt->q);
		}
		for (int n = 0; n < a->n_loc; n++) {
			int first = pt->ch.first_new[n];
			int64_t c = first >= 0 ? 0 : COUNT_NONE;
			for (int k = first; k >= 0; k = pt->ch.next_new[k])
				c = c == COUNT_NONE || pt->cnt[k] == COUNT_NONE ? COUNT_NONE : c + pt->cnt[k];
			a->target_count[model_cell(a, n, y, ind)] = c;
			if (first >= 0)
				a->target_count_src[model_cell(a, n, y, ind)] =
				    pt->ch.count_new[n] == 1
					? b->target_count_src[model_cell(b, mg->links[first].old_unit, y,
									 ind)]
					: (struct source){mg->map.name, mg->links[first].line, "ma_moi",
							  false};
		}
	}
}

/* The rates of one new unit, Σ rate × people over Σ people of its parts, with what is unknown. */
struct unit_rates {
	int64_t num[IND_COUNT], den[IND_COUNT];
	bool known[IND_COUNT];
	struct source missing[IND_COUNT]; /* the first part's cell that is missing */
	int32_t rate[IND_COUNT];
};

/* Rates: Σ rate × people of the parts over Σ people (weighted_rate, as every weighted rate). */
static void unit_rates_of(const struct parts *pt, int n, struct unit_rates *u)
{
	const struct merge *mg = pt->mg;
	const struct model *b = pt->b;
	int y = pt->y, first = pt->ch.first_new[n];
	*u = (struct unit_rates){0};
	for (int ind = 0; ind < IND_COUNT; ind++)
		u->known[ind] = pt->ch.count_new[n] > 0;
	for (int k = first; k >= 0; k = pt->ch.next_new[k]) {
		const struct merge_link *lk = &mg->links[k];
		for (int ind = 0; ind < IND_COUNT; ind++) {
			int32_t r = b->target[model_cell(b, lk->old_unit, y, ind)];
			int64_t w = indicator_over_population(ind) ? pt->pop[k] : pt->lab[k];
			if (r == RATE_NONE || w == COUNT_NONE) {
				if (u->known[ind])
					u->missing[ind] = b->target_src[model_cell(b, lk->old_unit, y, ind)];
				u->known[ind] = false;
				continue;
			}
			/* A unit without people still has a rate: weigh by the share then. */
			u->num[ind] += (int64_t)r * w;
			u->den[ind] += w;
		}
	}
	for (int ind = 0; ind < IND_COUNT; ind++) {
		u->rate[ind] = RATE_NONE;
		if (u->known[ind] && !weighted_rate(u->num[ind], u->den[ind], &u->rate[ind]))
			/* No people at all: the rate of the first part, as given. */
			u->rate[ind] = b->target[model_cell(b, mg->links[first].old_unit, y, ind)];
	}
}

/* BHXH = its two parts exactly before: keep it so after rounding (largest remainder first). */
static void keep_bhxh_sum(struct unit_rates *u)
{
	int64_t d = u->den[IND_BHXH];
	const int64_t *num = u->num;
	if (u->rate[IND_BHXH] == RATE_NONE || u->rate[IND_BHXH_BB] == RATE_NONE ||
	    u->rate[IND_BHXH_TN] == RATE_NONE || d <= 0 || d != u->den[IND_BHXH_BB] ||
	    d != u->den[IND_BHXH_TN] || num[IND_BHXH] != num[IND_BHXH_BB] + num[IND_BHXH_TN])
		return;
	int64_t bb = num[IND_BHXH_BB] / d, tn = num[IND_BHXH_TN] / d;
	int64_t rest = u->rate[IND_BHXH] - bb - tn;
	bool bb_first = num[IND_BHXH_BB] % d >= num[IND_BHXH_TN] % d;
	for (int i = 0; i < 2 && rest > 0; i++, rest--) {
		if ((i == 0) == bb_first)
			bb++;
		else
			tn++;
	}
	u->rate[IND_BHXH_BB] = (int32_t)bb;
	u->rate[IND_BHXH_TN] = (int32_t)tn;
}

/* Stores a new unit's rates with their sources: the former unit's cell when it is one, else sap_nhap. */
static void store_rates(const struct parts *pt, int n, const struct unit_rates *u)
{
	const struct merge *mg = pt->mg;
	const struct model *b = pt->b;
	struct model *a = pt->a;
	int y = pt->y, first = pt->ch.first_new[n], count = pt->ch.count_new[n];
	for (int ind = 0; ind < IND_COUNT; ind++) {
		a->target[model_cell(a, n, y, ind)] = u->rate[ind];
		if (first < 0)
			continue;
		const struct merge_link *f = &mg->links[first];
		struct source s = count == 1 ? b->target_src[model_cell(b, f->old_unit, y, ind)]
					     : (struct source){mg->map.name, f->line, "ma_moi", false};
		if (!u->known[ind] && u->missing[ind].line)
			s = u->missing[ind];
		if (!u->known[ind] && count > 1)
			s.reported = true; /* the former unit's own cell is at fault, reported there */
		a->target_src[model_cell(a, n, y, ind)] = s;
	}
}

/* Participants of an indicator, in hundredths × people, over a model's localities; false if unknown. */
static bool participants_x100(const struct model *m, int y, enum indicator ind, int64_t *sum, int64_t *slack)
{
	*sum = *slack = 0;
	for (int l = 0; l < m->n_loc; l++) {
		int32_t r = m->target[model_cell(m, l, y, ind)];
		int64_t w = model_weight(m, l, y, ind);
		if (r == RATE_NONE || w == COUNT_NONE)
			return false;
		*sum += (int64_t)r * w;
		/* Each new rate's rounding may move them by ≤ w/2; BHXH's parts may each be a whole
		 * hundredth off, so that they add up. */
		bool part = ind == IND_BHXH_BB || ind == IND_BHXH_TN;
		*slack += part ? w : (w + 1) / 2;
	}
	return true;
}

/* Conservation: the same labour force, and the same participants, before and after. */
static void check_conservation(const struct parts *pt, struct findings *fs)
{
	const struct model *b = pt->b, *a = pt->a;
	const char *map = pt->mg->map.name;
	int y = pt->y;
	int64_t before_l = 0, after_l = 0;
	bool all = true;
	for (int o = 0; o < pt->mg->n_old; o++) {
		all = all && b->labour[cell(b, o, y)] != COUNT_NONE;
		before_l += b->labour[cell(b, o, y)];
	}
	for (int n = 0; n < a->n_loc; n++) {
		all = all && a->labour[cell(a, n, y)] != COUNT_NONE;
		after_l += a->labour[cell(a, n, y)];
	}
	if (!all)
		return;
	char x1[32], x2[32];
	if (before_l != after_l) {
		finding_add(fs, RULE_CONSERVATION, map, 0, "ty_le",
			    "labour force of %d: %s people before the merger, %s after; they must be equal",
			    a->years[y], number_people_vi(before_l, x1, sizeof x1),
			    number_people_vi(after_l, x2, sizeof x2));
		return;
	}
	for (int ind = 0; ind < IND_COUNT; ind++) {
		int64_t pb, pa, unused, slack;
		if (!b->has_indicator[ind] || !participants_x100(b, y, ind, &pb, &unused) ||
		    !participants_x100(a, y, ind, &pa, &slack) || llabs(pa - pb) <= slack)
			continue;
		finding_add(fs, RULE_CONSERVATION, map, 0, "ty_le",
			    "%s participants of %d: %s before the merger, %s after; more apart than rounding "
			    "the rates explains",
			    indicator_label(ind), a->years[y],
			    number_people_vi(div_round_half_away(pb, 10000), x1, sizeof x1),
			    number_people_vi(div_round_half_away(pa, 10000), x2, sizeof x2));
	}
}

/* Fills the new model's people, then its rates, and checks that nothing was lost. */
static int consolidate(struct merge *mg, struct model *after, struct findings *fs, struct error *err)
{
	size_t nl = (size_t)mg->n_links + 1;
	struct parts pt = {.mg = mg, .b = &mg->before, .a = after};
	pt.lab = malloc(nl * sizeof *pt.lab);
	pt.pop = malloc(nl * sizeof *pt.pop);
	pt.q = malloc(nl * sizeof *pt.q);
	pt.cnt = malloc(nl * sizeof *pt.cnt);
	int rc = 0;
	if (!pt.lab || !pt.pop || !pt.q || !pt.cnt || chains_build(mg, after, &pt.ch)) {
		rc = error_set(err, ERR_IO, "out of memory");
		goto out;
	}
	copy_given(after, &mg->before);
	for (pt.y = 0; pt.y < after->n_years; pt.y++) {
		consolidate_people(&pt);
		consolidate_counts(&pt);
		for (int n = 0; n < after->n_loc; n++) {
			struct unit_rates u;
			unit_rates_of(&pt, n, &u);
			keep_bhxh_sum(&u);
			store_rates(&pt, n, &u);
		}
		check_conservation(&pt, fs);
	}
out:
	free(pt.lab);
	free(pt.pop);
	free(pt.q);
	free(pt.cnt);
	chains_free(&pt.ch);
	return rc;
}

int merge_load_new_units(struct model *after, const struct job *job, struct findings *fs, struct error *err)
{
	/* The new units: dia_ban, chi_tieu_tinh; lao_dong and chi_tieu are the former units'. */
	struct job job_new = *job;
	job_new.file_labour = job_new.file_targets = NULL;
	int rc = model_load(after, &job_new, fs, err);
	after->job = job;
	after->years = job->years;
	return rc;
}

int merge_load(struct merge *mg, struct model *after, const struct job *job, struct findings *fs,
	       struct error *err)
{
	memset(mg, 0, sizeof *mg);
	if (after->n_loc == 0)
		return 0;
	if (read_map(mg, after, job, fs, err))
		return -1;
	if (mg->n_old == 0)
		return 0;
	/* The former units: lao_dong and chi_tieu, as the data files give them. */
	if (model_load_units(&mg->before, job, mg->old_units, mg->n_old, mg->map.name, fs, err))
		return -1;
	return consolidate(mg, after, fs, err);
}

void merge_free(struct merge *mg)
{
	if (!mg)
		return;
	model_free(&mg->before);
	csv_file_free(&mg->map);
	free(mg->old_units);
	free(mg->links);
	memset(mg, 0, sizeof *mg);
}

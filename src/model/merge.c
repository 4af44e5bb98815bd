/*
 * merge.c — the former units' data carried into the new units (see
 * merge.h). The former units are read by model.c like any other (from the
 * job's lao_dong and chi_tieu, against the list sap_nhap gives); the new
 * model is read from dia_ban and chi_tieu_tinh, then filled here.
 */
#include "model/merge.h"

#include "base/text.h"
#include "input/number.h"

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

/* The column with one of these folded names, or -1. */
static int column_of(const struct csv_file *csv, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		int c = csv_file_column(csv, names[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}

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

/* Reads sap_nhap into mg->links and mg->old_units. Returns 0 (maybe with findings) or -1 with err. */
static int read_map(struct merge *mg, const struct job *job, struct findings *fs, struct error *err)
{
	char *path = job_path(job, job->file_merge);
	if (!path)
		return error_set(err, ERR_IO, "out of memory");
	struct error local = {0};
	int rc = csv_file_read(path, path, job->encoding, &mg->map, fs, &local);
	if (rc && local.kind == ERR_IO && access(path, F_OK) != 0) {
		finding_add(fs, RULE_JOB_FILE, job->ini_path, 0, "du_lieu.sap_nhap", "không mở được tệp %s",
			    "cannot open file %s", path);
		free(path);
		return 0;
	}
	free(path);
	if (rc) {
		*err = local;
		return -1;
	}
	struct csv_file *csv = &mg->map;
	if (csv->broken)
		return 0;
	int c_old = column_of(csv, OLD_CODE), c_new = column_of(csv, NEW_CODE);
	int c_old_name = column_of(csv, OLD_NAME), c_new_name = column_of(csv, NEW_NAME);
	int c_share = column_of(csv, SHARE);
	for (int c = 0; c < csv->n_cols; c++)
		if (c != c_old && c != c_new && c != c_old_name && c != c_new_name && c != c_share)
			finding_add(fs, RULE_UNKNOWN_COLUMN, csv->name, 1, csv->header[c],
				    "cột \"%s\" không được dùng", "column \"%s\" is not used",
				    csv->header[c]);
	if (c_old < 0 || c_new < 0) {
		const char *key = c_old < 0 ? "ma_cu" : "ma_moi";
		finding_add(fs, RULE_MISSING_COLUMN, csv->name, 1, key, "thiếu cột \"%s\"",
			    "column \"%s\" is missing", key);
		return 0;
	}

	mg->links = calloc((size_t)csv->n_rows + 1, sizeof *mg->links);
	mg->old_units = calloc((size_t)csv->n_rows + 1, sizeof *mg->old_units);
	int *last_of = malloc(((size_t)csv->n_rows + 1) * sizeof *last_of);
	int *prev_of = malloc(((size_t)csv->n_rows + 1) * sizeof *prev_of);
	bool has_olds = false;
	struct hsearch_data olds = {0};
	const char **new_codes = calloc((size_t)mg->after.n_loc + 1, sizeof *new_codes);
	int64_t *share_sum = calloc((size_t)csv->n_rows + 1, sizeof *share_sum);
	struct code_index news = {0};
	rc = 0;
	if (!mg->links || !mg->old_units || !last_of || !prev_of || !new_codes || !share_sum) {
		rc = error_set(err, ERR_IO, "out of memory");
		goto out;
	}
	for (int r = 0; r < csv->n_rows; r++)
		last_of[r] = -1;
	for (int l = 0; l < mg->after.n_loc; l++)
		new_codes[l] = mg->after.loc[l].code;
	if (index_build(&news, new_codes, mg->after.n_loc)) {
		rc = error_set(err, ERR_IO, "out of memory");
		goto out;
	}
	/* Former units in order of first appearance, found by code in a hash table. */
	if (!hcreate_r((size_t)csv->n_rows * 2 + 16, &olds)) {
		rc = error_set(err, ERR_IO, "out of memory");
		goto out;
	}
	has_olds = true;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		const char *old = row->f[c_old], *now = row->f[c_new];
		if (!old[0] || !now[0]) {
			finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line,
				    csv->header[old[0] ? c_new : c_old], "ô trống: cần mã đơn vị",
				    "empty cell: a unit code is needed");
			continue;
		}
		int64_t share = SHARE_ONE;
		if (c_share >= 0 && row->f[c_share][0]) {
			if (merge_share_parse(row->f[c_share], &share)) {
				finding_add(
				    fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[c_share],
				    "\"%s\" không phải là tỷ lệ sáp nhập (ví dụ đúng: 1 · 0,35 · 35%%)",
				    "\"%s\" is not a merge share (examples: 1 · 0,35 · 35%%)",
				    row->f[c_share]);
				continue;
			}
			if (share <= 0 || share > SHARE_ONE) {
				finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[c_share],
					    "tỷ lệ sáp nhập \"%s\" phải lớn hơn 0 và không quá 1 (100%%)",
					    "merge share \"%s\" must be above 0 and at most 1 (100%%)",
					    row->f[c_share]);
				continue;
			}
		}
		ENTRY want = {.key = (char *)old, .data = (void *)(intptr_t)(mg->n_old + 1)}, *found = NULL;
		if (!hsearch_r(want, ENTER, &found, &olds)) {
			rc = error_set(err, ERR_IO, "out of memory");
			goto out;
		}
		int o = (int)(intptr_t)found->data - 1;
		if (o == mg->n_old) {
			mg->n_old++;
			const char *name =
			    c_old_name >= 0 && row->f[c_old_name][0] ? row->f[c_old_name] : old;
			mg->old_units[o] = (struct locality){.code = old,
							     .name = name,
							     .level = "",
							     .parent = "",
							     .group = "",
							     .line = row->line};
		}
		int n = index_find(&news, now);
		if (n < 0)
			finding_add(fs, RULE_UNKNOWN_LOCALITY, csv->name, row->line, csv->header[c_new],
				    "mã mới %s không có trong danh sách địa bàn (dia_ban)",
				    "new code %s is not in the list of localities (dia_ban)", now);
		else if (c_new_name >= 0 && row->f[c_new_name][0]) {
			char *a = text_fold(row->f[c_new_name]), *b = text_fold(mg->after.loc[n].name);
			if (a && b && strcmp(a, b) != 0)
				finding_add(fs, RULE_NAME_MISMATCH, csv->name, row->line,
					    csv->header[c_new_name],
					    "mã %s là \"%s\" trong danh sách địa bàn, ở đây ghi \"%s\"",
					    "code %s is \"%s\" in the list of localities, here \"%s\"", now,
					    mg->after.loc[n].name, row->f[c_new_name]);
			free(a);
			free(b);
		}
		/* The same pair twice: the earlier rows of this former unit are chained. */
		bool repeated = false;
		for (int k = last_of[o]; k >= 0 && !repeated; k = prev_of[k])
			if (n >= 0 && mg->links[k].new_unit == n) {
				finding_add(fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line,
					    csv->header[c_new], "%s → %s đã có ở dòng %d",
					    "%s → %s already on line %d", old, now, mg->links[k].line);
				repeated = true;
			}
		if (repeated)
			continue;
		prev_of[mg->n_links] = last_of[o];
		last_of[o] = mg->n_links;
		mg->links[mg->n_links++] = (struct merge_link){o, n, share, row->line};
		share_sum[o] += share;
	}

	for (int o = 0; o < mg->n_old; o++)
		if (share_sum[o] != SHARE_ONE) {
			char sum[32];
			finding_add(
			    fs, RULE_MERGE_SHARE, csv->name, mg->old_units[o].line,
			    c_share >= 0 ? csv->header[c_share] : "ty_le",
			    "các tỷ lệ sáp nhập của đơn vị cũ %s (%s) cộng lại bằng %s, phải bằng 1 (100%%)",
			    "the merge shares of former unit %s (%s) add up to %s, not 1 (100%%)",
			    mg->old_units[o].name, mg->old_units[o].code,
			    share_vi(share_sum[o], sum, sizeof sum));
		}
	for (int n = 0; n < mg->after.n_loc; n++) {
		bool any = false;
		for (int k = 0; k < mg->n_links && !any; k++)
			any = mg->links[k].new_unit == n;
		if (!any)
			finding_add(
			    fs, RULE_MISSING_LOCALITY, csv->name, 0, NULL,
			    "không có đơn vị cũ nào sáp nhập vào %s (mã %s, dòng %d của danh sách địa bàn)",
			    "no former unit is merged into %s (code %s, line %d of the list of localities)",
			    mg->after.loc[n].name, mg->after.loc[n].code, mg->after.loc[n].line);
	}
out:
	if (has_olds)
		hdestroy_r(&olds);
	free(news.order);
	free(last_of);
	free(prev_of);
	free(new_codes);
	free(share_sum);
	return rc;
}

/* ---- consolidation -------------------------------------------------------------- */

struct quota {
	int k;
	int64_t rem;
};

static int by_remainder(const void *a, const void *b)
{
	const struct quota *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->k - y->k;
}

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

static int chains_build(const struct merge *mg, struct chains *ch)
{
	size_t nl = (size_t)mg->n_links + 1, no = (size_t)mg->n_old + 1, nn = (size_t)mg->after.n_loc + 1;
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
	for (int n = 0; n < mg->after.n_loc; n++)
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
			 int64_t *part, struct quota *q)
{
	int n = 0;
	int64_t shares = 0, floors = 0;
	for (int k = ch->first_old[o]; k >= 0; k = ch->next_old[k]) {
		int64_t num = mg->links[k].share * people;
		part[k] = num / SHARE_ONE;
		floors += part[k];
		shares += mg->links[k].share;
		q[n++] = (struct quota){k, num % SHARE_ONE};
	}
	int64_t rest = div_round_half_away(shares * people, SHARE_ONE) - floors;
	qsort(q, (size_t)n, sizeof *q, by_remainder);
	for (int i = 0; i < n && rest > 0; i++, rest--)
		part[q[i].k]++;
}

static size_t cell(const struct model *m, int l, int y)
{
	return (size_t)l * (size_t)m->n_years + (size_t)y;
}

static size_t tcell(const struct model *m, int l, int y, int ind)
{
	return cell(m, l, y) * IND_COUNT + (size_t)ind;
}

static const char *people_vi(int64_t n, char *buf, size_t size)
{
	return number_format_vi(n, (struct number_format){.thousands = true}, buf, size);
}

/* Fills the new model's people, then its rates, and checks that nothing was lost. */
static int consolidate(struct merge *mg, struct findings *fs, struct error *err)
{
	struct model *b = &mg->before, *a = &mg->after;
	int Y = a->n_years;
	size_t nl = (size_t)mg->n_links + 1;
	int64_t *lab = malloc(nl * sizeof *lab), *pop = malloc(nl * sizeof *pop);
	struct quota *q = malloc(nl * sizeof *q);
	struct chains ch = {0};
	if (!lab || !pop || !q || chains_build(mg, &ch)) {
		free(lab), free(pop), free(q), chains_free(&ch);
		return error_set(err, ERR_IO, "out of memory");
	}
	const int *first = ch.first_new, *count = ch.count_new;
	for (int ind = 0; ind < IND_COUNT; ind++)
		a->has_indicator[ind] = b->has_indicator[ind];
	a->targets_file = b->targets_file;
	a->has_given_total = b->has_given_total;
	memcpy(a->given_total, b->given_total, sizeof a->given_total);
	memcpy(a->given_total_src, b->given_total_src, sizeof a->given_total_src);

	const char *map = mg->map.name;
	for (int y = 0; y < Y; y++) {
		/* People of each part. */
		for (int k = 0; k < mg->n_links; k++)
			lab[k] = pop[k] = COUNT_NONE;
		for (int o = 0; o < mg->n_old; o++) {
			int64_t L = b->labour[cell(b, o, y)], P = b->population[cell(b, o, y)];
			if (L != COUNT_NONE) {
				split_people(mg, &ch, o, L, lab, q);
			}
			if (P != COUNT_NONE) {
				split_people(mg, &ch, o, P, pop, q);
			}
		}
		for (int n = 0; n < a->n_loc; n++) {
			int64_t L = count[n] ? 0 : COUNT_NONE, P = count[n] ? 0 : COUNT_NONE;
			for (int k = first[n]; k >= 0; k = ch.next_new[k]) {
				L = L == COUNT_NONE || lab[k] == COUNT_NONE ? COUNT_NONE : L + lab[k];
				P = P == COUNT_NONE || pop[k] == COUNT_NONE ? COUNT_NONE : P + pop[k];
			}
			a->labour[cell(a, n, y)] = L;
			a->population[cell(a, n, y)] = P;
			if (first[n] >= 0) {
				const struct merge_link *f = &mg->links[first[n]];
				a->labour_src[cell(a, n, y)] =
				    count[n] == 1 ? b->labour_src[cell(b, f->old_unit, y)]
						  : (struct source){map, f->line, "ma_moi", false};
			}
		}
		/* Rates: Σ rate × people of the parts over Σ people. */
		for (int n = 0; n < a->n_loc; n++) {
			int64_t num[IND_COUNT] = {0}, den[IND_COUNT] = {0};
			bool known[IND_COUNT];
			struct source missing[IND_COUNT];
			for (int ind = 0; ind < IND_COUNT; ind++) {
				known[ind] = count[n] > 0;
				missing[ind] = (struct source){0};
			}
			for (int k = first[n]; k >= 0; k = ch.next_new[k]) {
				const struct merge_link *lk = &mg->links[k];
				for (int ind = 0; ind < IND_COUNT; ind++) {
					int32_t r = b->target[tcell(b, lk->old_unit, y, ind)];
					int64_t w = indicator_over_population(ind) ? pop[k] : lab[k];
					if (r == RATE_NONE || w == COUNT_NONE) {
						if (known[ind])
							missing[ind] =
							    b->target_src[tcell(b, lk->old_unit, y, ind)];
						known[ind] = false;
						continue;
					}
					/* A unit without people still has a rate: weigh by the share then. */
					num[ind] += (int64_t)r * w;
					den[ind] += w;
				}
			}
			int32_t rate[IND_COUNT];
			for (int ind = 0; ind < IND_COUNT; ind++) {
				rate[ind] = RATE_NONE;
				if (!known[ind])
					continue;
				if (den[ind] == 0) {
					/* No people at all: the rate of the first part, as given. */
					rate[ind] = b->target[tcell(b, mg->links[first[n]].old_unit, y, ind)];
					continue;
				}
				rate[ind] = (int32_t)div_round_half_away(num[ind], den[ind]);
			}
			/* BHXH = its two parts exactly before: keep it so after rounding. */
			int64_t d = den[IND_BHXH];
			if (rate[IND_BHXH] != RATE_NONE && rate[IND_BHXH_BB] != RATE_NONE &&
			    rate[IND_BHXH_TN] != RATE_NONE && d > 0 && d == den[IND_BHXH_BB] &&
			    d == den[IND_BHXH_TN] && num[IND_BHXH] == num[IND_BHXH_BB] + num[IND_BHXH_TN]) {
				int64_t bb = num[IND_BHXH_BB] / d, tn = num[IND_BHXH_TN] / d;
				int64_t rest = rate[IND_BHXH] - bb - tn;
				bool bb_first = num[IND_BHXH_BB] % d >= num[IND_BHXH_TN] % d;
				for (int i = 0; i < 2 && rest > 0; i++, rest--) {
					if ((i == 0) == bb_first)
						bb++;
					else
						tn++;
				}
				rate[IND_BHXH_BB] = (int32_t)bb;
				rate[IND_BHXH_TN] = (int32_t)tn;
			}
			for (int ind = 0; ind < IND_COUNT; ind++) {
				a->target[tcell(a, n, y, ind)] = rate[ind];
				if (first[n] < 0)
					continue;
				const struct merge_link *f = &mg->links[first[n]];
				struct source s = count[n] == 1
						      ? b->target_src[tcell(b, f->old_unit, y, ind)]
						      : (struct source){map, f->line, "ma_moi", false};
				if (!known[ind] && missing[ind].line)
					s = missing[ind];
				if (!known[ind] && count[n] > 1)
					s.reported =
					    true; /* the former unit's own cell is at fault, reported there */
				a->target_src[tcell(a, n, y, ind)] = s;
			}
		}
		/* Conservation: the same people before and after. */
		int64_t before_l = 0, after_l = 0;
		bool all = true;
		for (int o = 0; o < mg->n_old; o++) {
			all = all && b->labour[cell(b, o, y)] != COUNT_NONE;
			before_l += b->labour[cell(b, o, y)];
		}
		for (int n = 0; n < a->n_loc; n++) {
			all = all && a->labour[cell(a, n, y)] != COUNT_NONE;
			after_l += a->labour[cell(a, n, y)];
		}
		if (!all)
			continue;
		char x1[32], x2[32];
		if (before_l != after_l) {
			finding_add(
			    fs, RULE_CONSERVATION, map, 0, "ty_le",
			    "lực lượng lao động năm %d: trước sắp xếp %s người, sau sắp xếp %s người; phải "
			    "bằng nhau",
			    "labour force of %d: %s people before the merger, %s after; they must be equal",
			    a->years[y], people_vi(before_l, x1, sizeof x1),
			    people_vi(after_l, x2, sizeof x2));
			continue;
		}
		for (int ind = 0; ind < IND_COUNT; ind++) {
			/* Participants in hundredths × people; each new rate's rounding may move them by ≤
			 * w/2. */
			int64_t pb = 0, pa = 0, slack = 0;
			bool have = b->has_indicator[ind];
			for (int o = 0; o < mg->n_old && have; o++) {
				int32_t r = b->target[tcell(b, o, y, ind)];
				int64_t w = model_weight(b, o, y, ind);
				have = r != RATE_NONE && w != COUNT_NONE;
				pb += have ? (int64_t)r * w : 0;
			}
			for (int n = 0; n < a->n_loc && have; n++) {
				int32_t r = a->target[tcell(a, n, y, ind)];
				int64_t w = model_weight(a, n, y, ind);
				have = r != RATE_NONE && w != COUNT_NONE;
				pa += have ? (int64_t)r * w : 0;
				/* BHXH's parts may each be a whole hundredth off, so that they add up. */
				bool part = ind == IND_BHXH_BB || ind == IND_BHXH_TN;
				slack += have ? (part ? w : (w + 1) / 2) : 0;
			}
			if (!have || llabs(pa - pb) <= slack)
				continue;
			finding_add(
			    fs, RULE_CONSERVATION, map, 0, "ty_le",
			    "số người tham gia %s năm %d: trước sắp xếp %s, sau sắp xếp %s; chênh lệch quá "
			    "phần làm tròn tỷ lệ",
			    "%s participants of %d: %s before the merger, %s after; more apart than rounding "
			    "the rates explains",
			    indicator_label(ind), a->years[y],
			    people_vi(div_round_half_away(pb, 10000), x1, sizeof x1),
			    people_vi(div_round_half_away(pa, 10000), x2, sizeof x2));
		}
	}
	free(lab), free(pop), free(q), chains_free(&ch);
	return 0;
}

int merge_load(struct merge *mg, const struct job *job, struct findings *fs, struct error *err)
{
	memset(mg, 0, sizeof *mg);
	mg->model = &mg->after;
	if (!job->file_merge)
		return model_load(&mg->after, job, fs, err);
	mg->merged = true;
	/* The new units: dia_ban, chi_tieu_tinh (and thuc_hien, reported by the new units). */
	mg->job_new = *job;
	mg->job_new.file_labour = mg->job_new.file_targets = NULL;
	if (model_load(&mg->after, &mg->job_new, fs, err))
		return -1;
	mg->after.job = job;
	if (mg->after.n_loc == 0)
		return 0;
	if (read_map(mg, job, fs, err))
		return -1;
	if (mg->n_old == 0)
		return 0;
	/* The former units: lao_dong and chi_tieu, as the data files give them. */
	if (model_load_units(&mg->before, job, mg->old_units, mg->n_old, mg->map.name, fs, err))
		return -1;
	return consolidate(mg, fs, err);
}

void merge_free(struct merge *mg)
{
	if (!mg)
		return;
	model_free(&mg->after);
	model_free(&mg->before);
	csv_file_free(&mg->map);
	free(mg->old_units);
	free(mg->links);
	memset(mg, 0, sizeof *mg);
}

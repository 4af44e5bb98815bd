/*
 * model.c — reading the job's CSV files into exact numbers (see model.h).
 *
 * Columns are matched by name: headers are folded (case and diacritics
 * dropped) and then mapped to one canonical key, so "Mã", "Tên địa bàn",
 * "BHXH bắt buộc 2023" and "ma", "ten", "bhxh_bb_2023" are the same columns.
 * Every cell that cannot be read becomes a finding where it stands (the
 * readers of each kind of value are in cells.c); the checks that compare
 * figures are in the check stage (check/checks.c).
 */
#include "model/model.h"

#include "base/messages.h"
#include "base/text.h"
#include "base/vec.h"
#include "input/number.h"
#include "input/xlsx.h"
#include "model/cells.h"
#include "model/header.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int year_index(const struct model *m, int year)
{
	for (int y = 0; y < m->n_years; y++)
		if (m->years[y] == year)
			return y;
	return -1;
}

int64_t model_weight(const struct model *m, int loc, int y, enum indicator ind)
{
	size_t i = (size_t)loc * (size_t)m->n_years + (size_t)y;
	return indicator_over_population(ind) ? m->population[i] : m->labour[i];
}

bool weighted_rate(int64_t sum_rw, int64_t sum_w, int32_t *rate)
{
	if (sum_w == 0)
		return false;
	*rate = (int32_t)div_round_half_away(sum_rw, sum_w);
	return true;
}

bool model_weighted_rate_range(const struct model *m, int y, enum indicator ind, int from, int to,
			       int32_t *rate, int64_t *sum_rw, int64_t *sum_w)
{
	int64_t rw = 0, w = 0;
	for (int l = from; l < to; l++) {
		int32_t r = model_target(m, l, y, ind);
		int64_t weight = model_weight(m, l, y, ind);
		if (r == RATE_NONE || weight < 0)
			return false;
		rw += (int64_t)r * weight;
		w += weight;
	}
	if (!weighted_rate(rw, w, rate))
		return false;
	if (sum_rw)
		*sum_rw = rw;
	if (sum_w)
		*sum_w = w;
	return true;
}

bool model_weighted_rate(const struct model *m, int y, enum indicator ind, int32_t *rate, int64_t *sum_rw,
			 int64_t *sum_w)
{
	return model_weighted_rate_range(m, y, ind, 0, m->n_loc, rate, sum_rw, sum_w);
}

bool model_count_sum_range(const struct model *m, int y, enum indicator ind, int from, int to, int64_t *sum)
{
	int64_t s = 0;
	for (int l = from; l < to; l++) {
		int64_t n = model_target_count(m, l, y, ind);
		if (n == COUNT_NONE)
			return false;
		s += n; /* each count is at most MAX_PEOPLE: no overflow for any number of rows */
	}
	*sum = s;
	return true;
}

bool model_count_sum(const struct model *m, int y, enum indicator ind, int64_t *sum)
{
	return model_count_sum_range(m, y, ind, 0, m->n_loc, sum);
}

bool count_rate(int64_t count, int64_t weight, int32_t *rate)
{
	if (count < 0 || weight <= 0)
		return false;
	*rate = (int32_t)div_round_half_away(count * 10000, weight);
	return true;
}

/* ---- reading helpers ------------------------------------------------ */

struct loader {
	struct model *m;
	const struct job *job;
	struct findings *fs;
	struct error *err;
};

/* Canonicalises the file's keys, reports duplicate columns. */
static int canonicalise(struct csv_file *csv, struct findings *fs)
{
	for (int c = 0; c < csv->n_cols; c++) {
		char *key = header_canonical_key(csv->key[c]);
		if (!key)
			return -1;
		free(csv->key[c]);
		csv->key[c] = key;
	}
	for (int c = 0; c < csv->n_cols; c++)
		for (int d = 0; d < c; d++)
			if (csv->key[c][0] && strcmp(csv->key[c], csv->key[d]) == 0) {
				finding_add(fs, RULE_DUPLICATE_COLUMN, csv->name, csv->header_line,
					    csv->header[c], "column \"%s\" repeats column \"%s\"",
					    csv->header[c], csv->header[d]);
				break;
			}
	return 0;
}

static int require_column(const struct csv_file *csv, const char *key, struct findings *fs)
{
	int c = csv_file_column(csv, key);
	if (c < 0)
		finding_add(fs, RULE_MISSING_COLUMN, csv->name, csv->header_line, key,
			    "column \"%s\" is missing", key);
	return c;
}

/* Whether the file part of a du_lieu entry (before any '#') names a workbook. */
static bool is_workbook(const char *relative, size_t len)
{
	return len > 5 && strncasecmp(relative + len - 5, ".xlsx", 5) == 0;
}

/*
 * Reads sheet `sheet` (NULL: the first visible) of the workbook at path into
 * csv, named "path#sheet" in findings (findings_add_sheet places them in the
 * sheet once the header is known). A workbook that cannot be read is a
 * finding. Returns 0, 1 (not usable: findings say why), -1 (out of memory).
 */
static int read_workbook(const struct job *job, const char *path, const char *sheet, const char *what,
			 struct csv_file *csv, struct findings *fs, struct error *err)
{
	struct xlsx_book own = {0}, *book = &own;
	struct xlsx_table t = {0};
	struct error local = {0};
	int index = 0, rc = 1;
	if (job->books)
		book = xlsx_cache_open(job->books, path, &local);
	else if (xlsx_open(path, path, NULL, &own, &local))
		book = NULL;
	if (book && xlsx_sheet_find(book, sheet, &index, &local) == 0 &&
	    xlsx_table_read(book, index, &t, &local) == 0) {
		char *name = NULL;
		if (asprintf(&name, "%s#%s", path, t.sheet) < 0) {
			rc = error_set(err, ERR_IO, "out of memory");
		} else {
			free(t.csv.name);
			t.csv.name = name;
			*csv = t.csv;
			csv->kind = t.kind;
			memset(&t.csv, 0, sizeof t.csv);
			t.kind = NULL;
			rc = 0;
		}
	} else if (local.kind == ERR_IO && access(path, F_OK) != 0) {
		finding_add(fs, RULE_JOB_FILE, job->ini_path, 0, what, "cannot open file %s", path);
	} else if (local.kind == ERR_IO) {
		*err = local;
		rc = -1;
	} else {
		bool no_sheet = sheet && book && book->n_sheets;
		finding_add(fs, no_sheet && !t.sheet ? RULE_JOB_FILE : RULE_CSV_SYNTAX,
			    no_sheet ? job->ini_path : path, 0, no_sheet ? what : NULL,
			    "cannot read the workbook: %s", local.text);
	}
	xlsx_table_free(&t);
	xlsx_book_free(&own);
	return rc;
}

/* Reads the file (CSV or workbook sheet) a du_lieu entry names, its header not yet chosen. */
static int read_entry(const struct job *job, const char *relative, const char *what, struct csv_file *csv,
		      struct findings *fs, struct error *err)
{
	size_t len = strcspn(relative, "#");
	bool workbook = is_workbook(relative, len);
	char *file = strndup(relative, workbook ? len : strlen(relative));
	char *path = file ? job_path(job, file) : NULL;
	free(file);
	if (!path)
		return error_set(err, ERR_IO, "out of memory");
	if (workbook) {
		int rc =
		    read_workbook(job, path, relative[len] ? relative + len + 1 : NULL, what, csv, fs, err);
		free(path);
		return rc;
	}
	struct error local = {0};
	int rc = csv_file_read(path, path, job->encoding, csv, fs, &local);
	if (rc && local.kind == ERR_IO && access(path, F_OK) != 0) {
		/* A file the job names but that is not there is the job's fault. */
		finding_add(fs, RULE_JOB_FILE, job->ini_path, 0, what, "cannot open file %s", path);
		free(path);
		return 1;
	}
	free(path);
	if (rc) {
		*err = local;
		return -1;
	}
	return 0;
}

/* Registers a workbook sheet's place for the findings made against csv->name ("path#sheet"). */
static void place_sheet(const struct csv_file *csv, struct findings *fs)
{
	const char *hash = strrchr(csv->name, '#');
	char *file = hash ? strndup(csv->name, (size_t)(hash - csv->name)) : NULL;
	if (!file) {
		fs->oom = 1;
		return;
	}
	findings_add_sheet(fs, csv->name, file, hash + 1, csv->n_cols, csv->header);
	free(file);
}

/* Look-alike letters in the names (Ð for Đ) replaced by the letters meant, each with a warning. */
static void fold_lookalikes(struct csv_file *csv, struct findings *fs)
{
	int c = csv_file_column(csv, "ten");
	for (int r = 0; c >= 0 && r < csv->n_rows; r++) {
		const char *found, *meant;
		bool oom = false;
		char *fixed = text_lookalikes(csv->rows[r].f[c], &found, &meant, &oom);
		if (oom)
			fs->oom = 1;
		if (!fixed)
			continue;
		finding_add(fs, RULE_LOOKALIKE_LETTER, csv->name, csv->rows[r].line, csv->header[c],
			    "\"%s\" has the letter %s that looks like %s: read as %s", csv->rows[r].f[c],
			    found, meant, meant);
		free(csv->rows[r].f[c]);
		csv->rows[r].f[c] = fixed;
	}
}

int model_read_csv(const struct job *job, const char *relative, const char *what, struct csv_file *csv,
		   struct findings *fs, struct error *err)
{
	memset(csv, 0, sizeof *csv);
	int rc = read_entry(job, relative, what, csv, fs, err);
	if (rc)
		return rc;
	if (csv->kind) {
		/* A sheet has no header until one is chosen: the first row that names columns. */
		if (header_choose(csv, err))
			return -1;
		if (!csv->header) {
			finding_add(fs, RULE_CSV_SYNTAX, csv->name, 0, NULL,
				    "the sheet is empty: no header row");
			return 1;
		}
		place_sheet(csv, fs);
	}
	return csv->broken ? 1 : 0;
}

int model_open_csv(const struct job *job, const char *relative, const char *what, struct csv_file *csv,
		   struct findings *fs, struct error *err)
{
	memset(csv, 0, sizeof *csv);
	if (!relative)
		return 1;
	int rc = model_read_csv(job, relative, what, csv, fs, err);
	if (rc)
		return rc;
	if (!csv->kind && header_choose(csv, err))
		return -1;
	if (canonicalise(csv, fs)) {
		fs->oom = 1; /* canonicalise fails only for memory */
		return 1;
	}
	fold_lookalikes(csv, fs);
	return 0;
}

/* A column a file may have, and where find_columns puts its index (-1 if absent; NULL: known, not read). */
struct column {
	const char *key;
	bool required; /* reported missing (missing-column) when absent */
	int *index;
};

/*
 * Warns of the columns of csv that cols (ended by a NULL key) does not
 * know, finds those it reads, and reports the required ones that are
 * missing, in cols' order. False if one of them is.
 */
static bool find_columns(const struct csv_file *csv, const struct column *cols, struct findings *fs)
{
	for (int c = 0; c < csv->n_cols; c++) {
		bool ok = false;
		for (int k = 0; cols[k].key; k++)
			ok = ok || strcmp(csv->key[c], cols[k].key) == 0;
		if (!ok)
			column_unused(csv, c, fs);
	}
	bool all = true;
	for (int k = 0; cols[k].key; k++) {
		int c = cols[k].required ? require_column(csv, cols[k].key, fs)
					 : csv_file_column(csv, cols[k].key);
		if (cols[k].index)
			*cols[k].index = c;
		all = all && (c >= 0 || !cols[k].required);
	}
	return all;
}

/*
 * Opens one of the job's files into m->files (kept for the source strings)
 * and finds its columns (find_columns, unless cols is NULL). NULL if the job
 * has no such file, if it is unusable or lacks a required column: *rc is
 * then -1 when ld->err says why, else 0 (the findings say it).
 */
static struct csv_file *open_file(struct loader *ld, const char *relative, const char *what,
				  const struct column *cols, int *rc)
{
	struct model *m = ld->m;
	*rc = 0;
	if (!relative)
		return NULL;
	struct csv_file *csv = &m->files[m->n_files++];
	if (model_open_csv(ld->job, relative, what, csv, ld->fs, ld->err) != 0) {
		*rc = ld->err->kind ? -1 : 0;
		return NULL;
	}
	return !cols || find_columns(csv, cols, ld->fs) ? csv : NULL;
}

static int find_locality(const struct model *m, const char *code)
{
	ENTRY want = {.key = (char *)code}, *found = NULL;
	if (!m->has_index || !hsearch_r(want, FIND, &found, (struct hsearch_data *)&m->by_code))
		return -1;
	return (int)(intptr_t)found->data - 1;
}

/*
 * The locality named `name`: the one whose name is exactly it, else the one
 * whose name folds equal (case and diacritics dropped). -1 none; -3 when
 * loosely two match (*other the second).
 */
static int find_locality_by_name(const struct model *m, const char *name, int *other)
{
	for (int l = 0; l < m->n_loc; l++)
		if (strcmp(m->loc[l].name, name) == 0)
			return l;
	char *want = text_fold(name);
	int found = -1;
	for (int l = 0; want && l < m->n_loc; l++) {
		char *have = text_fold(m->loc[l].name);
		if (have && strcmp(have, want) == 0) {
			if (found >= 0) {
				*other = l;
				free(have);
				free(want);
				return -3 - found;
			}
			found = l;
		}
		free(have);
	}
	free(want);
	return found;
}

/* Whether code, all digits, is `have` without its leading zeros ("4" and "00004"). */
static bool same_without_zeros(const char *code, const char *have)
{
	while (*have == '0' && have[1])
		have++;
	while (*code == '0' && code[1])
		code++;
	return strcmp(have, code) == 0;
}

/*
 * The locality of a code as typed: exactly, else (a code Excel turned into a
 * number, 4 for 00004) the one code that equals it with leading zeros. -1
 * none; -3 - first when two do (*other the second).
 */
static int find_code(const struct model *m, const char *code, int *other)
{
	int l = find_locality(m, code);
	if (l >= 0 || !code[0] || strspn(code, "0123456789") != strlen(code))
		return l;
	for (int k = 0; k < m->n_loc; k++)
		if (same_without_zeros(code, m->loc[k].code)) {
			if (l >= 0) {
				*other = k;
				return -3 - l;
			}
			l = k;
		}
	return l;
}

int model_find_locality(const struct model *m, const char *code)
{
	int other, l = find_code(m, code, &other);
	return l < -1 ? -1 : l;
}

/* The finding for a code or name that two localities could be. */
static void report_ambiguous(struct loader *ld, const struct csv_file *csv, int line, const char *column,
			     const char *typed, int a, int b)
{
	const struct model *m = ld->m;
	finding_add(ld->fs, RULE_UNKNOWN_LOCALITY, csv->name, line, column,
		    "\"%s\" could be %s (code %s) or %s (code %s): give the exact code", typed,
		    m->loc[a].name, m->loc[a].code, m->loc[b].name, m->loc[b].code);
}

/* A code that is not one of the model's localities. */
static void report_unknown_code(struct loader *ld, const struct csv_file *csv, int line, const char *column,
				const char *code)
{
	if (ld->m->units_file)
		finding_add(
		    ld->fs, RULE_UNMAPPED_LOCALITY, csv->name, line, column,
		    "code %s is not in the ma_cu column of %s: where this former unit went is unknown", code,
		    ld->m->units_file);
	else
		finding_add(ld->fs, RULE_UNKNOWN_LOCALITY, csv->name, line, column,
			    "code %s is not in the list of localities", code);
}

/* ---- the four files ------------------------------------------------- */

static int load_localities(struct loader *ld)
{
	struct model *m = ld->m;
	int c_code, c_name, c_level, c_parent, c_group, rc;
	const struct column cols[] = {{"ma", true, &c_code},	 {"ten", true, &c_name},
				      {"cap", false, &c_level},	 {"ma_cha", false, &c_parent},
				      {"nhom", false, &c_group}, {0}};
	struct csv_file *csv = open_file(ld, ld->job->file_localities, "du_lieu.dia_ban", cols, &rc);
	if (!csv)
		return rc;
	m->loc = calloc((size_t)csv->n_rows + 1, sizeof *m->loc);
	/* hsearch tables must not fill up: twice the rows keeps them fast. */
	if (!m->loc || !hcreate_r((size_t)csv->n_rows * 2 + 16, &m->by_code))
		return error_set(ld->err, ERR_IO, "out of memory");
	m->has_index = true;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		if (!row->f[c_code][0]) {
			finding_add(ld->fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[c_code],
				    "empty cell: a locality code is needed");
			continue;
		}
		int other = find_locality(m, row->f[c_code]);
		if (other >= 0) {
			finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line,
				    csv->header[c_code], "code %s already on line %d", row->f[c_code],
				    m->loc[other].line);
			continue;
		}
		if (!row->f[c_name][0])
			finding_add(ld->fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[c_name],
				    "empty cell: a locality name is needed");
		ENTRY entry = {.key = row->f[c_code], .data = (void *)(intptr_t)(m->n_loc + 1)}, *added;
		if (!hsearch_r(entry, ENTER, &added, &m->by_code))
			return error_set(ld->err, ERR_IO, "out of memory");
		m->loc[m->n_loc++] = (struct locality){
		    .code = row->f[c_code],
		    .name = row->f[c_name],
		    .level = c_level >= 0 ? row->f[c_level] : "",
		    .parent = c_parent >= 0 ? row->f[c_parent] : "",
		    .group = c_group >= 0 ? row->f[c_group] : "",
		    .line = row->line,
		};
	}
	if (m->n_loc == 0)
		finding_add(ld->fs, RULE_MISSING_LOCALITY, csv->name, csv->header_line, NULL,
			    "the list of localities has no rows");
	return 0;
}

static bool is_total_label(const struct job *job, const char *name)
{
	char *folded = text_fold(name), *label = text_fold(job->total_label);
	bool yes = false;
	if (folded && label) {
		static const char *const usual[] = {"toan_tinh",      "tong",		"tong_cong", "cong",
						    "cong_toan_tinh", "toan_thanh_pho", "tong_so",   "total"};
		yes = strcmp(folded, label) == 0;
		for (size_t i = 0; i < sizeof usual / sizeof *usual; i++)
			yes = yes || strcmp(folded, usual[i]) == 0;
	}
	free(folded);
	free(label);
	return yes;
}

static int load_labour(struct loader *ld)
{
	struct model *m = ld->m;
	int c_code, c_year, c_labour, c_pop, rc;
	const struct column cols[] = {{"ma", true, &c_code},	 {"ten", false, NULL},
				      {"nam", true, &c_year},	 {"luc_luong_lao_dong", true, &c_labour},
				      {"dan_so", false, &c_pop}, {0}};
	struct csv_file *csv = open_file(ld, ld->job->file_labour, "du_lieu.lao_dong", cols, &rc);
	if (!csv)
		return rc;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int other = -1, l = find_code(m, row->f[c_code], &other);
		if (l <= -3) {
			report_ambiguous(ld, csv, row->line, csv->header[c_code], row->f[c_code], -3 - l,
					 other);
			continue;
		}
		if (l < 0 && is_total_label(ld->job, row->f[c_code]))
			continue; /* a total row typed in: the weights are summed, not read */
		if (l < 0) {
			report_unknown_code(ld, csv, row->line, csv->header[c_code], row->f[c_code]);
			continue;
		}
		int year = cell_year(csv, row, c_year, ld->fs);
		int y = year_index(m, year);
		if (y < 0)
			continue; /* data for years the annex does not show */
		size_t i = (size_t)l * (size_t)m->n_years + (size_t)y;
		if (m->labour_src[i].line) {
			finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line,
				    csv->header[c_code], "code %s, year %d already on line %d",
				    row->f[c_code], year, m->labour_src[i].line);
			continue;
		}
		m->labour_src[i] = (struct source){csv->name, row->line, csv->header[c_labour], false};
		m->labour[i] = cell_count(csv, row, c_labour, COUNT_OF_PEOPLE, ld->fs);
		if (c_pop >= 0 && row->f[c_pop][0])
			m->population[i] = cell_count(csv, row, c_pop, COUNT_OF_PEOPLE, ld->fs);
	}
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++)
			if (!m->labour_src[(size_t)l * (size_t)m->n_years + (size_t)y].line)
				finding_add(ld->fs, RULE_MISSING_LOCALITY, csv->name, 0, "ma",
					    "no labour force for %d for %s (code %s)", m->years[y],
					    m->loc[l].name, m->loc[l].code);
	return 0;
}

/*
 * The locality a chi_tieu row is about: by code, else by name. Returns the
 * index, -2 for the total row, -1 when unknown (reported).
 */
static int row_locality(struct loader *ld, const struct csv_file *csv, const struct csv_row *row, int c_code,
			int c_name)
{
	const char *code = c_code >= 0 ? row->f[c_code] : "";
	const char *name = c_name >= 0 ? row->f[c_name] : "";
	int other = -1,
	    l = code[0] ? find_code(ld->m, code, &other) : find_locality_by_name(ld->m, name, &other);
	if (l < 0 && l > -3 && (is_total_label(ld->job, code) || (name[0] && is_total_label(ld->job, name))))
		return -2; /* the total row, its label in the code or the name column */
	if (l <= -3) {
		report_ambiguous(ld, csv, row->line, csv->header[code[0] ? c_code : c_name],
				 code[0] ? code : name, -3 - l, other);
		return -1;
	}
	if (l < 0) {
		if (code[0])
			report_unknown_code(ld, csv, row->line, csv->header[c_code], code);
		else
			finding_add(ld->fs, RULE_UNKNOWN_LOCALITY, csv->name, row->line,
				    c_name >= 0 ? csv->header[c_name] : NULL,
				    "locality \"%s\" is not in the list of localities", name);
		return -1;
	}
	if (code[0] && name[0] && ld->m->loc[l].name != ld->m->loc[l].code) {
		char *a = text_fold(name), *b = text_fold(ld->m->loc[l].name);
		if (a && b && strcmp(a, b) != 0)
			finding_add(ld->fs, RULE_NAME_MISMATCH, csv->name, row->line, csv->header[c_name],
				    "code %s is \"%s\" in the list of localities, here \"%s\"", code,
				    ld->m->loc[l].name, name);
		free(a);
		free(b);
	}
	return l;
}

/*
 * Stores one target of locality l, or of the total row (l == -2): a rate
 * or (count) a number of participants, whose arrays differ in type. A
 * count's empty cell is absent; cell_rate says so of a rate's itself.
 */
static void store_target(struct loader *ld, int l, int y, int ind, bool count, const struct csv_file *csv,
			 const struct csv_row *row, int col, int *first_line)
{
	struct model *m = ld->m;
	const char *text = row->f[col];
	int64_t v = !count    ? cell_rate(csv, row, col, ld->fs)
		    : text[0] ? cell_count(csv, row, col, COUNT_OF_PARTICIPANTS, ld->fs)
			      : COUNT_NONE;
	struct source src = {csv->name, row->line, csv->header[col],
			     v == (count ? COUNT_NONE : RATE_NONE) && text[0]};
	(count ? m->has_count : m->has_indicator)[ind] = true;
	if (l == -2) {
		m->has_given_total = true;
		if (count)
			m->given_total_count[y][ind] = v;
		else
			m->given_total[y][ind] = (int32_t)v;
		*(count ? &m->given_total_count_src[y][ind] : &m->given_total_src[y][ind]) = src;
		return;
	}
	size_t i = model_cell(m, l, y, ind);
	struct source *slot = count ? &m->target_count_src[i] : &m->target_src[i];
	if (slot->line && slot->line != row->line) {
		finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line, csv->header[col],
			    count ? N_("number of %s participants for %d of %s already on line %d")
				  : N_("%s for %d of %s already on line %d"),
			    indicator_label(ind), m->years[y], m->loc[l].name, slot->line);
		return;
	}
	if (first_line && !*first_line)
		*first_line = row->line;
	if (count)
		m->target_count[i] = v;
	else
		m->target[i] = (int32_t)v;
	*slot = src;
}

/* Long form: one row per locality, year and indicator (ma, nam, chi_so, gia_tri). */
static void targets_long(struct loader *ld, const struct csv_file *csv, int c_code, int c_name, int *seen)
{
	struct model *m = ld->m;
	/* Required, but only the first missing one is reported. */
	int c_year, c_ind, c_value;
	const struct column cols[] = {{"ma", false, NULL},	    {"ten", false, NULL},
				      {"nam", false, &c_year},	    {"chi_so", false, &c_ind},
				      {"gia_tri", false, &c_value}, {0}};
	find_columns(csv, cols, ld->fs);
	if (require_column(csv, "nam", ld->fs) < 0 || require_column(csv, "chi_so", ld->fs) < 0 ||
	    require_column(csv, "gia_tri", ld->fs) < 0)
		return;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int l = row_locality(ld, csv, row, c_code, c_name);
		if (l == -1)
			continue;
		int year = cell_year(csv, row, c_year, ld->fs), y = year_index(m, year);
		bool count;
		int ind = cell_figure_indicator(csv, row, c_ind, &count, ld->fs);
		if (ind < 0)
			continue;
		if (y >= 0)
			store_target(ld, l, y, ind, count, csv, row, c_value, l >= 0 ? &seen[l] : NULL);
	}
}

/* What a wide column holds: a target of year index y (-1: none), a rate or (count) a number. */
struct wide_figure {
	int y, ind;
	bool count;
};

/*
 * Wide form: one row per locality, one column per indicator and year. Each
 * column's key is read once, before the rows.
 */
static void targets_wide(struct loader *ld, const struct csv_file *csv, int c_code, int c_name, int *seen)
{
	struct model *m = ld->m;
	struct wide_figure *fig = malloc(((size_t)csv->n_cols + 1) * sizeof *fig);
	if (!fig) {
		ld->fs->oom = 1; /* the pipeline reports out of memory */
		return;
	}
	for (int c = 0; c < csv->n_cols; c++) {
		int ind, year;
		bool count;
		fig[c].y = -1;
		if (c == c_code || c == c_name)
			continue;
		ind = indicator_from_column_key(csv->key[c], &count, &year);
		int y = ind >= 0 ? year_index(m, year) : -1;
		if (y >= 0) {
			fig[c] = (struct wide_figure){y, ind, count};
			/* the file gives the figure, whether or not its rows name localities */
			if (!column_blank(csv, c))
				(count ? m->has_count : m->has_indicator)[ind] = true;
		} else if (!column_blank(csv, c)) {
			finding_add(ld->fs, RULE_UNKNOWN_COLUMN, csv->name, csv->header_line, csv->header[c],
				    ind < 0 ? N_("column \"%s\" is not used")
					    : N_("column \"%s\" is not used (year not in phu_luc.nam)"),
				    csv->header[c]);
		}
	}
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int l = row_locality(ld, csv, row, c_code, c_name);
		if (l == -1)
			continue;
		if (l >= 0 && seen[l]) {
			finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line,
				    csv->header[c_code >= 0 ? c_code : c_name], "%s already on line %d",
				    m->loc[l].name, seen[l]);
			continue;
		}
		for (int c = 0; c < csv->n_cols; c++)
			if (fig[c].y >= 0)
				store_target(ld, l, fig[c].y, fig[c].ind, fig[c].count, csv, row, c,
					     l >= 0 ? &seen[l] : NULL);
		if (l >= 0 && !seen[l])
			seen[l] = row->line;
	}
	free(fig);
}

static int load_targets(struct loader *ld)
{
	struct model *m = ld->m;
	int rc;
	struct csv_file *csv = open_file(ld, ld->job->file_targets, "du_lieu.chi_tieu", NULL, &rc);
	if (!csv)
		return rc;
	m->targets_file = csv->name;
	int c_code = csv_file_column(csv, "ma"), c_name = csv_file_column(csv, "ten");
	if (c_code < 0 && c_name < 0) {
		require_column(csv, "ma", ld->fs);
		return 0;
	}
	int *seen = calloc((size_t)m->n_loc + 1, sizeof *seen); /* line of each locality's row */
	if (!seen)
		return error_set(ld->err, ERR_IO, "out of memory");
	bool long_form = csv_file_column(csv, "chi_so") >= 0 || csv_file_column(csv, "gia_tri") >= 0;
	if (long_form)
		targets_long(ld, csv, c_code, c_name, seen);
	else
		targets_wide(ld, csv, c_code, c_name, seen);
	/* A long file without its columns says so once, not once per locality. */
	bool readable =
	    !long_form || (csv_file_column(csv, "nam") >= 0 && csv_file_column(csv, "chi_so") >= 0 &&
			   csv_file_column(csv, "gia_tri") >= 0);
	for (int l = 0; l < m->n_loc && readable; l++)
		if (!seen[l])
			finding_add(ld->fs, RULE_MISSING_LOCALITY, csv->name, 0, NULL,
				    "no targets for %s (code %s, line %d of the list of localities)",
				    m->loc[l].name, m->loc[l].code, m->loc[l].line);
	free(seen);
	return 0;
}

/* A chi_tieu_tinh row so_nguoi_<indicator>: the number of participants assigned for year index y. */
static void store_assigned_count(struct loader *ld, const struct csv_file *csv, const struct csv_row *row,
				 int y, int ind, int c_value)
{
	struct model *m = ld->m;
	if (m->assigned_count_src[y][ind].line) {
		finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line, csv->header[c_value],
			    "number of %s participants for %d already on line %d", indicator_label(ind),
			    m->years[y], m->assigned_count_src[y][ind].line);
		return;
	}
	m->assigned_count[y][ind] = cell_count(csv, row, c_value, COUNT_OF_PARTICIPANTS, ld->fs);
	m->assigned_count_src[y][ind] = (struct source){csv->name, row->line, csv->header[c_value], false};
}

static int load_assigned(struct loader *ld)
{
	struct model *m = ld->m;
	int c_year, c_ind, c_value, rc;
	const struct column cols[] = {
	    {"nam", true, &c_year}, {"chi_so", true, &c_ind}, {"gia_tri", true, &c_value}, {0}};
	struct csv_file *csv = open_file(ld, ld->job->file_province, "du_lieu.chi_tieu_tinh", cols, &rc);
	if (!csv)
		return rc;
	for (int r = 0; r < csv->n_rows; r++) {
		const struct csv_row *row = &csv->rows[r];
		int year = cell_year(csv, row, c_year, ld->fs), y = year_index(m, year);
		bool count;
		int ind = cell_figure_indicator(csv, row, c_ind, &count, ld->fs);
		if (ind < 0 || year < 0)
			continue;
		if (y < 0) {
			/* never dropped without a word: the annex may have been meant to cover it */
			if (m->n_years > 0)
				finding_add(
				    ld->fs, RULE_PROVINCE_TARGET_UNCHECKED, csv->name, row->line,
				    csv->header[c_year],
				    count ? N_("the number of %s participants assigned for %d is not "
					       "checked: the annex covers %d–%d (phu_luc.nam)")
					  : N_("the %s rate assigned for %d is not checked: the annex "
					       "covers %d–%d (phu_luc.nam)"),
				    indicator_label(ind), year, m->years[0], m->years[m->n_years - 1]);
			continue;
		}
		if (count) {
			store_assigned_count(ld, csv, row, y, ind, c_value);
			continue;
		}
		if (m->assigned_src[y][ind].line) {
			finding_add(ld->fs, RULE_DUPLICATE_LOCALITY, csv->name, row->line, csv->header[c_ind],
				    "%s for %d already on line %d", indicator_label(ind), year,
				    m->assigned_src[y][ind].line);
			continue;
		}
		m->assigned[y][ind] = cell_rate(csv, row, c_value, ld->fs);
		m->assigned_src[y][ind] = (struct source){csv->name, row->line, csv->header[c_value], false};
	}
	return 0;
}

/* Indexes a list of localities given by the caller (model_load_units). */
static int take_units(struct loader *ld, const struct locality *units, int n_units)
{
	struct model *m = ld->m;
	m->loc = calloc((size_t)n_units + 1, sizeof *m->loc);
	if (!m->loc || !hcreate_r((size_t)n_units * 2 + 16, &m->by_code))
		return error_set(ld->err, ERR_IO, "out of memory");
	m->has_index = true;
	for (int l = 0; l < n_units; l++) {
		ENTRY entry = {.key = (char *)units[l].code, .data = (void *)(intptr_t)(l + 1)}, *added;
		if (!hsearch_r(entry, ENTER, &added, &m->by_code))
			return error_set(ld->err, ERR_IO, "out of memory");
		m->loc[m->n_loc++] = units[l];
	}
	return 0;
}

static int load(struct model *m, const struct job *job, const struct locality *units, int n_units,
		const char *units_file, struct findings *fs, struct error *err)
{
	memset(m, 0, sizeof *m);
	m->job = job;
	m->years = job->years;
	m->n_years = job->n_years;
	for (int y = 0; y < JOB_MAX_YEARS; y++)
		for (int i = 0; i < IND_COUNT; i++) {
			m->assigned[y][i] = m->given_total[y][i] = RATE_NONE;
			m->assigned_count[y][i] = m->given_total_count[y][i] = COUNT_NONE;
		}

	struct loader ld = {m, job, fs, err};
	err->kind = ERR_NONE;
	m->units_file = units_file;
	if (units ? take_units(&ld, units, n_units) : load_localities(&ld))
		return -1;
	size_t cells = (size_t)(m->n_loc ? m->n_loc : 1) * (size_t)(m->n_years ? m->n_years : 1);
	m->labour = malloc(cells * sizeof *m->labour);
	m->population = malloc(cells * sizeof *m->population);
	m->labour_src = calloc(cells, sizeof *m->labour_src);
	m->target = malloc(cells * IND_COUNT * sizeof *m->target);
	m->target_src = calloc(cells * IND_COUNT, sizeof *m->target_src);
	m->target_count = malloc(cells * IND_COUNT * sizeof *m->target_count);
	m->target_count_src = calloc(cells * IND_COUNT, sizeof *m->target_count_src);
	if (!m->labour || !m->population || !m->labour_src || !m->target || !m->target_src ||
	    !m->target_count || !m->target_count_src)
		return error_set(err, ERR_IO, "out of memory");
	for (size_t i = 0; i < cells; i++)
		m->labour[i] = m->population[i] = COUNT_NONE;
	for (size_t i = 0; i < cells * IND_COUNT; i++) {
		m->target[i] = RATE_NONE;
		m->target_count[i] = COUNT_NONE;
	}
	if (m->n_loc == 0)
		return 0;
	if (load_labour(&ld) || load_targets(&ld))
		return -1;
	if (!units && load_assigned(&ld))
		return -1;
	return 0;
}

int model_load(struct model *m, const struct job *job, struct findings *fs, struct error *err)
{
	return load(m, job, NULL, 0, NULL, fs, err);
}

int model_load_units(struct model *m, const struct job *job, const struct locality *units, int n_units,
		     const char *units_file, struct findings *fs, struct error *err)
{
	return load(m, job, units, n_units, units_file, fs, err);
}

void model_free(struct model *m)
{
	if (!m)
		return;
	free(m->loc);
	if (m->has_index)
		hdestroy_r(&m->by_code);
	free_all(m->labour, m->population, m->labour_src, m->target, m->target_src, m->target_count,
		 m->target_count_src);
	for (int i = 0; i < m->n_files; i++)
		csv_file_free(&m->files[i]);
	memset(m, 0, sizeof *m);
}

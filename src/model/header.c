/*
 * header.c — finding the header row of a table and canonical column keys
 * (see header.h): title lines skipped, two-row headers joined.
 */
#include "model/header.h"

#include "base/text.h"
#include "model/indicator.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Plain columns and the headers clerks give them (already folded). */
static const struct {
	const char *key;
	const char *aliases[6];
} COLUMNS[] = {
    {"ma", {"ma_dia_ban", "ma_don_vi", "ma_dvhc", "ma_so", "code"}},
    {"ten", {"ten_dia_ban", "dia_ban", "ten_don_vi", "don_vi", "name"}},
    {"cap", {"cap_hanh_chinh", "cap_don_vi", "level"}},
    {"ma_cha", {"ma_cap_tren", "ma_don_vi_cha", "ma_don_vi_cap_tren", "parent"}},
    {"nhom", {"nhom_dia_ban", "group"}},
    {"nam", {"year"}},
    {"luc_luong_lao_dong", {"llld", "lao_dong", "luc_luong_lao_dong_trong_do_tuoi", "so_lao_dong"}},
    {"dan_so", {"tong_dan_so", "population"}},
    {"chi_so", {"chi_tieu", "indicator"}},
    {"gia_tri", {"ty_le", "value"}},
    {"ky", {"ky_bao_cao", "period"}},
};

/* Words that may surround an indicator-year header without changing it. */
static bool filler_word(const char *w, size_t n)
{
	static const char *const words[] = {"ty",  "le",   "nam",  "trong", "do",
					    "pct", "phan", "tram", "chi",   "tieu"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && strncmp(w, words[i], n) == 0)
			return true;
	return false;
}

/*
 * The canonical key of a folded header: "ma", "ten", …, or "<indicator>_<year>"
 * ("bhxh_bat_buoc_2023", "ty_le_bhxh_nam_2023" → "bhxh_bb_2023", "bhxh_2023").
 * Returns a malloc'd string (the folded header itself when nothing matches).
 */
char *header_canonical_key(const char *folded)
{
	for (size_t i = 0; i < sizeof COLUMNS / sizeof *COLUMNS; i++) {
		if (strcmp(folded, COLUMNS[i].key) == 0)
			return strdup(COLUMNS[i].key);
		for (int a = 0; a < 6 && COLUMNS[i].aliases[a]; a++)
			if (strcmp(folded, COLUMNS[i].aliases[a]) == 0)
				return strdup(COLUMNS[i].key);
	}
	/* <words>_<year>: drop filler words, the rest must name an indicator. */
	size_t len = strlen(folded);
	if (len > 5 && folded[len - 5] == '_') {
		int year = atoi(folded + len - 4);
		if (year >= 1900 && year <= 2200 && strspn(folded + len - 4, "0123456789") == 4) {
			char words[256] = "";
			size_t o = 0;
			const char *p = folded, *end = folded + len - 5;
			while (p < end) {
				size_t n = strcspn(p, "_");
				if (p + n > end)
					n = (size_t)(end - p);
				if (!filler_word(p, n) && o + n + 2 < sizeof words) {
					if (o)
						words[o++] = '_';
					memcpy(words + o, p, n);
					o += n;
					words[o] = '\0';
				}
				p += n + (p + n < end);
			}
			bool count;
			int ind = indicator_from_figure_key(words, &count);
			if (ind >= 0) {
				char *out = NULL;
				const char *key = count ? indicator_count_key(ind) : indicator_key(ind);
				if (asprintf(&out, "%s_%d", key, year) < 0)
					return NULL;
				return out;
			}
		}
	}
	return strdup(folded);
}

bool header_key_known(const char *key)
{
	for (size_t i = 0; i < sizeof COLUMNS / sizeof *COLUMNS; i++)
		if (strcmp(key, COLUMNS[i].key) == 0)
			return true;
	bool count;
	if (indicator_from_figure_key(key, &count) >= 0)
		return true;
	size_t len = strlen(key);
	if (len <= 5 || key[len - 5] != '_' || strspn(key + len - 4, "0123456789") != 4)
		return false;
	char head[64];
	if (len - 5 >= sizeof head)
		return false;
	memcpy(head, key, len - 5);
	head[len - 5] = '\0';
	return indicator_from_figure_key(head, &count) >= 0;
}

/* Whether text, as a header cell, names a known column: 1, 0, or -1 out of memory. */
static int names_known(const char *text)
{
	if (!text[0])
		return 0;
	char *folded = text_fold(text);
	char *key = folded ? header_canonical_key(folded) : NULL;
	int known = key ? header_key_known(key) : -1;
	free(folded);
	free(key);
	return known;
}

/* Cells of row i of the candidates: a CSV's header first, then its rows. */
static char **candidate(const struct csv_file *csv, int i, int *line)
{
	if (csv->header) {
		if (i == 0) {
			*line = csv->header_line;
			return csv->header;
		}
		i--;
	}
	if (i >= csv->n_rows)
		return NULL;
	*line = csv->rows[i].line;
	return csv->rows[i].f;
}

/* How many cells of the row name known columns; -1 out of memory. */
static int known_count(const struct csv_file *csv, char **f)
{
	int n = 0;
	for (int c = 0; c < csv->n_cols; c++) {
		int k = names_known(f[c]);
		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

/* top + " " + bottom for column c, top carried from the left when empty; NULL OOM. */
static char *joined_cell(char **top, char **bottom, int c)
{
	const char *t = top[c];
	for (int k = c - 1; !t[0] && bottom[c][0] && k >= 0; k--)
		t = top[k];
	char *out = NULL;
	if (!bottom[c][0])
		return strdup(t);
	if (!t[0])
		return strdup(bottom[c]);
	return asprintf(&out, "%s %s", t, bottom[c]) < 0 ? NULL : out;
}

/* The joined header when every cell of bottom completes its column into a known name; NULL otherwise. */
static char **joined_header(const struct csv_file *csv, char **top, char **bottom, int *oom)
{
	int completed = 0;
	for (int c = 0; c < csv->n_cols; c++) {
		if (!bottom[c][0])
			continue;
		char *j = joined_cell(top, bottom, c);
		int k = j ? names_known(j) : -1;
		free(j);
		if (k < 0)
			*oom = 1;
		if (k <= 0)
			return NULL;
		completed++;
	}
	char **h = completed ? calloc((size_t)csv->n_cols + 1, sizeof *h) : NULL;
	for (int c = 0; h && c < csv->n_cols; c++)
		if (!(h[c] = joined_cell(top, bottom, c))) {
			for (int k = 0; k < c; k++)
				free(h[k]);
			free(h);
			h = NULL;
			*oom = 1;
		}
	return h;
}

/* Which candidate is the header: see header.h. -1 out of memory. */
static int header_row(const struct csv_file *csv)
{
	int line;
	char **f = candidate(csv, 0, &line);
	if (!f)
		return 0;
	int n = known_count(csv, f);
	if (n != 0)
		return n < 0 ? -1 : 0;
	for (int i = 1; i <= 10 && (f = candidate(csv, i, &line)) != NULL; i++) {
		n = known_count(csv, f);
		if (n < 0)
			return -1;
		if (n >= 2)
			return i;
	}
	return 0;
}

/* Frees candidate rows [0, n) and the old header, shifting the rest up. */
static void drop_candidates(struct csv_file *csv, int n)
{
	int from_rows = n;
	if (csv->header) {
		for (int c = 0; c < csv->n_cols; c++) {
			free(csv->header[c]);
			if (csv->key)
				free(csv->key[c]);
		}
		free(csv->header);
		free(csv->key);
		csv->header = csv->key = NULL;
		from_rows--;
	}
	for (int r = 0; r < from_rows; r++) {
		for (int c = 0; c < csv->rows[r].n; c++)
			free(csv->rows[r].f[c]);
		free(csv->rows[r].f);
		if (csv->kind)
			free(csv->kind[r]);
	}
	memmove(csv->rows, csv->rows + from_rows, (size_t)(csv->n_rows - from_rows) * sizeof *csv->rows);
	if (csv->kind)
		memmove(csv->kind, csv->kind + from_rows,
			(size_t)(csv->n_rows - from_rows) * sizeof *csv->kind);
	csv->n_rows -= from_rows;
}

/* Copies the cells of row f into a new header with its folded keys; -1 out of memory. */
static int copy_header(const struct csv_file *csv, char **f, char ***header, char ***key)
{
	*header = calloc((size_t)csv->n_cols + 1, sizeof **header);
	*key = calloc((size_t)csv->n_cols + 1, sizeof **key);
	bool ok = *header && *key;
	for (int c = 0; ok && c < csv->n_cols; c++)
		ok = ((*header)[c] = text_trim(f[c])) && ((*key)[c] = text_fold((*header)[c]));
	return ok ? 0 : -1;
}

static void free_strings(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int header_choose(struct csv_file *csv, struct error *err)
{
	if (csv->broken || (!csv->header && csv->n_rows == 0))
		return 0;
	int r = header_row(csv), line = 0, bottom_line = 0, oom = 0;
	if (r < 0)
		return error_set(err, ERR_IO, "out of memory");
	char **top = candidate(csv, r, &line), **bottom = candidate(csv, r + 1, &bottom_line);
	char **joined = bottom ? joined_header(csv, top, bottom, &oom) : NULL;
	if (oom)
		return error_set(err, ERR_IO, "out of memory");
	if (!joined && csv->header && r == 0)
		return 0; /* line 1, as read */
	char **header = NULL, **key = NULL;
	if (copy_header(csv, joined ? joined : top, &header, &key)) {
		free_strings(joined, csv->n_cols);
		free_strings(header, csv->n_cols);
		free_strings(key, csv->n_cols);
		return error_set(err, ERR_IO, "out of memory");
	}
	int taken = r + 1 + (joined != NULL);
	free_strings(joined, csv->n_cols);
	drop_candidates(csv, taken);
	csv->header = header;
	csv->key = key;
	csv->header_line = line;
	return 0;
}

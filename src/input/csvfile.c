/*
 * csvfile.c — CSV parsing with libcsv, with our own line counting (see
 * csvfile.h). Text is fed to libcsv one physical line at a time so that we
 * always know which line a row started on.
 */
#include "input/csvfile.h"

#include "base/text.h"
#include "base/vec.h"
#include "input/decode.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* Longest field kept; a longer one is a csv-syntax error, not an OOM. */
#define MAX_FIELD (64u << 10)

/*
 * Each kept cell costs a pointer and a small allocation (~40 bytes), so a
 * file of DECODE_MAX_FILE bytes made of "1,1,1,…" would take gigabytes. The
 * limits in csvfile.h stop reading with a csv-syntax finding long before.
 */

struct parse_state {
	struct csv_file *out;
	struct findings *fs;
	int cur_line;  /* physical line being fed */
	int row_line;  /* line the current row started on */
	char **fields; /* fields of the row being read */
	int n_fields, cap_fields;
	int cap_rows;
	long n_cells; /* kept so far, header included */
	int oom;
	bool stop; /* a limit was reached: the rest of the file is ignored */
};

/* After a limit's finding: drops the row being read and stops reading. */
static void stop_reading(struct parse_state *st)
{
	st->out->broken = true;
	st->stop = true;
	for (int i = 0; i < st->n_fields; i++)
		free(st->fields[i]);
	st->n_fields = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct parse_state *st = data;
	if (st->oom || st->stop)
		return;
	if (st->n_fields == CSV_MAX_COLUMNS) {
		finding_add(st->fs, RULE_CSV_SYNTAX, st->out->name, st->row_line, NULL,
			    "a row with more than %ld fields: the rest of the file is not read",
			    CSV_MAX_COLUMNS);
		stop_reading(st);
		return;
	}
	if (vec_reserve(&st->fields, &st->cap_fields, st->n_fields + 1, sizeof *st->fields)) {
		st->oom = 1;
		return;
	}
	char *trimmed = NULL;
	if (len > MAX_FIELD) {
		finding_add(st->fs, RULE_CSV_SYNTAX, st->out->name, st->row_line, NULL,
			    "a field longer than %u KiB", MAX_FIELD >> 10);
		st->out->broken = true;
		trimmed = strdup("");
	} else {
		char *raw = strndup(s ? s : "", len);
		trimmed = raw ? text_trim(raw) : NULL;
		free(raw);
	}
	if (!trimmed) {
		st->oom = 1;
		return;
	}
	st->fields[st->n_fields++] = trimmed;
}

static bool all_empty(char **f, int n)
{
	for (int i = 0; i < n; i++)
		if (f[i][0])
			return false;
	return true;
}

static void free_fields(char **f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i]);
}

/* Whether two neighbouring fields read as a number split at its decimal comma ("40", "00"). */
static bool decimal_commas(char **f, int n)
{
	for (int i = 1; i < n; i++)
		if (f[i - 1][0] && strspn(f[i - 1], "0123456789") == strlen(f[i - 1]) && strlen(f[i]) == 2 &&
		    strspn(f[i], "0123456789") == 2)
			return true;
	return false;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct parse_state *st = data;
	int line = st->row_line;
	st->row_line = st->cur_line + 1;
	if (st->oom || st->stop)
		return;
	struct csv_file *out = st->out;
	if (all_empty(st->fields, st->n_fields)) { /* a blank row: skip, keep counting */
		free_fields(st->fields, st->n_fields);
		st->n_fields = 0;
		return;
	}
	if (st->n_cells + st->n_fields > CSV_MAX_CELLS) {
		finding_add(st->fs, RULE_CSV_SYNTAX, out->name, line, NULL,
			    "the file has more than %ld cells: the rest is not read", CSV_MAX_CELLS);
		stop_reading(st);
		return;
	}
	if (out->header && out->n_rows == CSV_MAX_ROWS) {
		finding_add(st->fs, RULE_CSV_SYNTAX, out->name, line, NULL,
			    "the file has more than %ld data rows: the rest is not read", CSV_MAX_ROWS);
		stop_reading(st);
		return;
	}
	if (!out->header) {
		out->n_cols = st->n_fields;
		out->header = malloc((size_t)st->n_fields * sizeof *out->header);
		if (!out->header) {
			st->oom = 1;
			return;
		}
		memcpy(out->header, st->fields, (size_t)st->n_fields * sizeof *out->header);
		st->n_cells += st->n_fields;
		st->n_fields = 0;
		return;
	}
	/* Excel pads rows with empty fields; more fields are fine if they are all empty. */
	int n = st->n_fields;
	while (n > out->n_cols && st->fields[n - 1][0] == '\0')
		free(st->fields[--n]);
	if (n > out->n_cols && out->delimiter == ',' && decimal_commas(st->fields, n)) {
		finding_add(
		    st->fs, RULE_CSV_SYNTAX, out->name, line, NULL,
		    "the row has %d fields, the header has %d: decimal commas (40,00) split the fields; "
		    "save the file with ; or quote the numbers (\"40,00\")",
		    n, out->n_cols);
		free_fields(st->fields, n);
		st->n_fields = 0;
		return;
	}
	if (n != out->n_cols) {
		finding_add(st->fs, RULE_CSV_SYNTAX, out->name, line, NULL,
			    "the row has %d fields, the header has %d", n, out->n_cols);
		free_fields(st->fields, n);
		st->n_fields = 0;
		return;
	}
	if (vec_reserve(&out->rows, &st->cap_rows, out->n_rows + 1, sizeof *out->rows)) {
		free_fields(st->fields, n);
		st->n_fields = 0;
		st->oom = 1;
		return;
	}
	char **f = malloc((size_t)n * sizeof *f);
	if (!f) {
		free_fields(st->fields, n);
		st->n_fields = 0;
		st->oom = 1;
		return;
	}
	memcpy(f, st->fields, (size_t)n * sizeof *f);
	out->rows[out->n_rows++] = (struct csv_row){.line = line, .n = n, .f = f};
	st->n_cells += n;
	st->n_fields = 0;
}

/* libcsv would trim spaces and tabs from unquoted fields; we trim ourselves, after decoding. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The delimiter among ',', ';' and tab that occurs most in the first line, outside quotes. */
static char detect_delimiter(const char *text)
{
	int count[3] = {0, 0, 0};
	const char cand[3] = {',', ';', '\t'};
	bool quoted = false;
	for (const char *p = text; *p && (quoted || *p != '\n'); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int i = 0; i < 3; i++)
				count[i] += *p == cand[i];
	}
	int best = 0;
	for (int i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return cand[best];
}

int csv_file_parse(const char *text, const char *name, struct csv_file *out, struct findings *fs,
		   struct error *err)
{
	memset(out, 0, sizeof *out);
	out->name = strdup(name);
	if (!out->name)
		return error_set(err, ERR_IO, "out of memory");
	out->delimiter = detect_delimiter(text);
	out->header_line = 1;

	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL))
		return error_set(err, ERR_IO, "out of memory");
	csv_set_delim(&p, (unsigned char)out->delimiter);
	csv_set_space_func(&p, no_space);

	struct parse_state st = {.out = out, .fs = fs, .cur_line = 1, .row_line = 1};
	const char *line = text;
	bool failed = false;
	while (*line && !failed && !st.stop) {
		size_t len = strcspn(line, "\n");
		if (line[len] == '\n')
			len++;
		if (csv_parse(&p, line, len, on_field, on_row, &st) != len) {
			finding_add(fs, RULE_CSV_SYNTAX, name, st.cur_line, NULL,
				    "misplaced double quote \" (%s)", csv_strerror(csv_error(&p)));
			out->broken = failed = true;
		}
		line += len;
		if (!failed && line[-1] == '\n')
			st.cur_line++;
	}
	if (!failed && !st.stop && csv_fini(&p, on_field, on_row, &st)) {
		finding_add(fs, RULE_CSV_SYNTAX, name, st.row_line, NULL,
			    "a double quote opened here is never closed");
		out->broken = true;
	}
	free_fields(st.fields, st.n_fields);
	free(st.fields);
	csv_free(&p);
	if (st.oom) {
		csv_file_free(out);
		return error_set(err, ERR_IO, "%s: out of memory", name);
	}
	if (!out->header && st.stop)
		return 0; /* the header itself broke a limit; already reported */
	if (!out->header) {
		finding_add(fs, RULE_CSV_SYNTAX, name, 1, NULL, "the file is empty: no header line");
		out->broken = true;
		return 0;
	}
	out->key = calloc((size_t)out->n_cols, sizeof *out->key);
	if (!out->key) {
		csv_file_free(out);
		return error_set(err, ERR_IO, "out of memory");
	}
	for (int c = 0; c < out->n_cols; c++) {
		out->key[c] = text_fold(out->header[c]);
		if (!out->key[c]) {
			csv_file_free(out);
			return error_set(err, ERR_IO, "out of memory");
		}
	}
	return 0;
}

int csv_file_read(const char *path, const char *name, enum encoding enc, struct csv_file *out,
		  struct findings *fs, struct error *err)
{
	char *bytes = NULL, *text = NULL;
	size_t len = 0;
	memset(out, 0, sizeof *out);
	if (read_file(path, &bytes, &len, err))
		return -1;
	int rc = decode_text(bytes, len, enc, name, fs, &text, err);
	free(bytes);
	if (rc)
		return -1;
	rc = csv_file_parse(text, name, out, fs, err);
	free(text);
	return rc;
}

int csv_file_column(const struct csv_file *csv, const char *key)
{
	for (int c = 0; c < csv->n_cols; c++)
		if (csv->key && strcmp(csv->key[c], key) == 0)
			return c;
	return -1;
}

int csv_file_column_any(const struct csv_file *csv, const char *const *keys)
{
	for (int k = 0; keys[k]; k++) {
		int c = csv_file_column(csv, keys[k]);
		if (c >= 0)
			return c;
	}
	return -1;
}

void csv_file_free(struct csv_file *csv)
{
	for (int r = 0; r < csv->n_rows; r++) {
		free_fields(csv->rows[r].f, csv->rows[r].n);
		free(csv->rows[r].f);
		if (csv->kind)
			free(csv->kind[r]);
	}
	free(csv->kind);
	free(csv->rows);
	if (csv->header)
		free_fields(csv->header, csv->n_cols);
	free(csv->header);
	if (csv->key)
		free_fields(csv->key, csv->n_cols);
	free(csv->key);
	free(csv->name);
	memset(csv, 0, sizeof *csv);
}

void csv_put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/*
 * finding.c — collecting, sorting and printing findings (see finding.h).
 * JSON goes through jansson so that every string is escaped right.
 */
#include "base/finding.h"

#include "base/vec.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* "D5" for sheet row `line` (1-based) and column col (A = 0). */
static char *cell_name(int line, int col)
{
	char letters[8];
	int n = 0;
	for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	char *out = malloc((size_t)n + 12);
	if (!out)
		return NULL;
	for (int i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, 12, "%d", line);
	return out;
}

/* Places f in its workbook sheet when its file is a registered sheet's name. Returns -1 out of memory. */
static int place_in_sheet(const struct findings *fs, struct finding *f)
{
	for (int i = 0; i < fs->n_sheets; i++) {
		const struct finding_sheet *sh = &fs->sheets[i];
		if (strcmp(sh->name, f->file) != 0)
			continue;
		char *file = strdup(sh->file);
		f->sheet = strdup(sh->sheet);
		if (!file || !f->sheet) {
			free(file);
			return -1;
		}
		free(f->file);
		f->file = file;
		for (int c = 0; f->column && f->line > 0 && c < sh->n_cols; c++)
			if (strcmp(sh->header[c], f->column) == 0) {
				f->cell = cell_name(f->line, c);
				return f->cell ? 0 : -1;
			}
		return 0;
	}
	return 0;
}

void findings_add_sheet(struct findings *fs, const char *name, const char *file, const char *sheet,
			int n_cols, char *const *header)
{
	if (vec_reserve(&fs->sheets, &fs->cap_sheets, fs->n_sheets + 1, sizeof *fs->sheets)) {
		fs->oom = 1;
		return;
	}
	struct finding_sheet *sh = &fs->sheets[fs->n_sheets];
	*sh = (struct finding_sheet){strdup(name), strdup(file), strdup(sheet), 0,
				     calloc((size_t)n_cols + 1, sizeof *sh->header)};
	bool ok = sh->name && sh->file && sh->sheet && sh->header;
	for (int c = 0; ok && c < n_cols; c++, sh->n_cols++)
		ok = (sh->header[c] = strdup(header[c] ? header[c] : "")) != NULL;
	fs->n_sheets++;
	if (!ok)
		fs->oom = 1;
}

void finding_add(struct findings *fs, enum rule rule, const char *file, int line, const char *column,
		 const char *fmt_vi, const char *fmt_en, ...)
{
	if (vec_reserve(&fs->v, &fs->cap, fs->n + 1, sizeof *fs->v)) {
		fs->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt_en);
	char *message = NULL;
	/* Both formats are literals chosen here; they share the argument list. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	int len = vasprintf(&message, fs->lang == LANG_EN ? fmt_en : fmt_vi, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	struct finding *f = &fs->v[fs->n];
	f->file = strdup(file ? file : "");
	f->column = column ? strdup(column) : NULL;
	f->message = len < 0 ? NULL : message;
	if (!f->file || (column && !f->column) || !f->message) {
		free(f->file);
		free(f->column);
		free(f->message);
		fs->oom = 1;
		return;
	}
	f->line = line;
	f->sheet = f->cell = NULL;
	if (fs->n_sheets && place_in_sheet(fs, f)) {
		free(f->file);
		free(f->column);
		free(f->message);
		free(f->sheet);
		fs->oom = 1;
		return;
	}
	f->severity = rule_info(rule)->severity;
	f->rule = rule_info(rule)->id;
	f->seq = fs->n;
	fs->n++;
}

int findings_count(const struct findings *fs, enum severity sev)
{
	int n = 0;
	for (int i = 0; i < fs->n; i++)
		n += fs->v[i].severity == sev;
	return n;
}

static int compare(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (!x->sheet != !y->sheet)
		return x->sheet ? 1 : -1;
	if (x->sheet && (c = strcmp(x->sheet, y->sheet)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	/* Keep the order the checks ran in for the same line. */
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void findings_sort(struct findings *fs)
{
	/* qsort is not stable: seq (the order of adding) breaks ties. */
	if (fs->n > 1)
		qsort(fs->v, (size_t)fs->n, sizeof *fs->v, compare);
}

/*
 * Text from the data (a cell quoted in a message, a file or column name)
 * with its control characters shown, not sent: C0 and DEL as \xHH, C1
 * (U+0080..U+009F) as \u00HH. An ESC from a CSV cell would otherwise reach
 * the terminal as an escape sequence, and a line feed would forge a finding.
 */
static void put_shown(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fprintf(out, "\\x%02x", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fprintf(out, "\\u00%02x", *++p);
		else
			fputc(*p, out);
	}
}

void findings_print(const struct findings *fs, FILE *out)
{
	for (int i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		put_shown(f->file, out);
		if (f->sheet) {
			fputc(':', out);
			put_shown(f->sheet, out);
		}
		if (f->cell) {
			fprintf(out, "!%s", f->cell);
		} else {
			fprintf(out, ":%d:", f->line);
			put_shown(f->column ? f->column : "", out);
		}
		fprintf(out, ": %s: ", severity_name(f->severity, fs->lang));
		put_shown(f->message, out);
		fprintf(out, " [%s]\n", f->rule);
	}
}

int findings_print_json(const struct findings *fs, FILE *out)
{
	static const char *const sev[] = {"error", "warning", "note"};
	json_t *array = json_array();
	if (!array)
		return -1;
	for (int i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		json_t *o = json_pack("{s:s, s:i, s:s?, s:s, s:s, s:s}", "file", f->file, "line", f->line,
				      "column", f->column, "severity", sev[f->severity], "rule", f->rule,
				      "message", f->message);
		if (o && f->sheet && json_object_set_new(o, "sheet", json_string(f->sheet)))
			o = (json_decref(o), NULL);
		if (o && f->cell && json_object_set_new(o, "cell", json_string(f->cell)))
			o = (json_decref(o), NULL);
		if (!o || json_array_append_new(array, o)) {
			json_decref(array);
			return -1;
		}
	}
	int rc = json_dumpf(array, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(array);
	return rc;
}

void findings_free(struct findings *fs)
{
	for (int i = 0; i < fs->n; i++) {
		free(fs->v[i].file);
		free(fs->v[i].column);
		free(fs->v[i].message);
		free(fs->v[i].sheet);
		free(fs->v[i].cell);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
	for (int i = 0; i < fs->n_sheets; i++) {
		struct finding_sheet *sh = &fs->sheets[i];
		for (int c = 0; sh->header && c < sh->n_cols; c++)
			free(sh->header[c]);
		free(sh->header);
		free(sh->name);
		free(sh->file);
		free(sh->sheet);
	}
	free(fs->sheets);
	fs->sheets = NULL;
	fs->n_sheets = fs->cap_sheets = 0;
}

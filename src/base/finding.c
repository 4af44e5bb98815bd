/*
 * finding.c — collecting, sorting and printing findings (see finding.h).
 * JSON goes through jansson so that every string is escaped right.
 */
#include "base/finding.h"

#include "base/vec.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct finding_tally {
	enum rule rule;
	char *file;
	int stored;  /* findings of this rule in this file in fs->v */
	int summary; /* index of the summary finding in fs->v, or -1 */
};

/* The tally of (file, rule), added if new; NULL on out of memory. */
static struct finding_tally *tally_of(struct findings *fs, enum rule rule, const char *file)
{
	for (int i = fs->n_tally - 1; i >= 0; i--) {
		struct finding_tally *t = &fs->tally[i];
		if (t->rule == rule && strcmp(t->file, file) == 0)
			return t;
	}
	if (vec_reserve(&fs->tally, &fs->cap_tally, fs->n_tally + 1, sizeof *fs->tally))
		return NULL;
	struct finding_tally *t = &fs->tally[fs->n_tally];
	*t = (struct finding_tally){.rule = rule, .file = strdup(file), .summary = -1};
	if (!t->file)
		return NULL;
	fs->n_tally++;
	return t;
}

void cell_ref(int row, int col, char out[CELL_REF_MAX])
{
	char letters[4];
	int n = 0;
	for (int c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int k = 0;
	while (n > 0)
		out[k++] = letters[--n];
	snprintf(out + k, (size_t)(CELL_REF_MAX - k), "%d", row + 1);
}

/* Places f in its workbook sheet when its file is a registered sheet's name. Returns -1 out of memory. */
static int place_in_sheet(const struct findings *fs, struct finding *f)
{
	f->sheet = f->cell = NULL;
	for (int i = 0; i < fs->n_sheets; i++) {
		const struct finding_sheet *sh = &fs->sheets[i];
		if (strcmp(sh->name, f->file) != 0)
			continue;
		char *file = strdup(sh->file);
		f->sheet = strdup(sh->sheet);
		if (!file || !f->sheet) {
			free(file);
			free(f->sheet);
			f->sheet = NULL;
			return -1;
		}
		free(f->file);
		f->file = file;
		for (int c = 0; f->column && f->line > 0 && c < sh->n_cols; c++)
			if (strcmp(sh->header[c], f->column) == 0) {
				char ref[CELL_REF_MAX];
				cell_ref(f->line - 1, c, ref);
				f->cell = strdup(ref);
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

/* Room for the summary's text, written again in place as its count grows. */
#define SUMMARY_LEN 160

static void write_summary(const struct findings *fs, struct finding *f)
{
	if (fs->lang == LANG_EN)
		snprintf(f->message, SUMMARY_LEN, "%d more like this in this file, not shown", f->more);
	else
		snprintf(f->message, SUMMARY_LEN, "còn %d thông báo như vậy trong tệp này, không in ra",
			 f->more);
}

/* Counts one finding beyond the bounds in the summary of its file and rule. */
static void count_beyond(struct findings *fs, struct finding_tally *t)
{
	if (t->summary >= 0) {
		fs->v[t->summary].more++;
		write_summary(fs, &fs->v[t->summary]);
		return;
	}
	if (vec_reserve(&fs->v, &fs->cap, fs->n + 1, sizeof *fs->v)) {
		fs->oom = 1;
		return;
	}
	/* Placed after the last one shown of its rule (its line, a later seq). */
	const struct rule_info *r = rule_info(t->rule);
	int line = 0;
	for (int i = fs->n - 1; i >= 0; i--)
		if (fs->v[i].rule == r->id && fs->v[i].severity == r->severity &&
		    strcmp(fs->v[i].file, t->file) == 0) {
			line = fs->v[i].line;
			break;
		}
	struct finding *f = &fs->v[fs->n];
	*f = (struct finding){.file = strdup(t->file),
			      .line = line,
			      .severity = r->severity,
			      .rule = r->id,
			      .message = malloc(SUMMARY_LEN),
			      .seq = fs->n,
			      .more = 1};
	if (!f->file || !f->message) {
		free(f->file);
		free(f->message);
		fs->oom = 1;
		return;
	}
	write_summary(fs, f);
	if (place_in_sheet(fs, f)) {
		free(f->file);
		free(f->message);
		fs->oom = 1;
		return;
	}
	t->summary = fs->n++;
}

void finding_add(struct findings *fs, enum rule rule, const char *file, int line, const char *column,
		 const char *fmt, ...)
{
	struct finding_tally *t = tally_of(fs, rule, file ? file : "");
	if (!t) {
		fs->oom = 1;
		return;
	}
	if (t->stored >= FINDINGS_PER_RULE || fs->n >= FINDINGS_MAX) {
		count_beyond(fs, t);
		return;
	}
	if (vec_reserve(&fs->v, &fs->cap, fs->n + 1, sizeof *fs->v)) {
		fs->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *message = NULL;
	/* The catalog's translation: msgfmt -c checked it takes fmt's arguments. */
	int len = vasprintf(&message, message_in(fs->lang, fmt), ap);
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
	if (place_in_sheet(fs, f)) {
		free(f->file);
		free(f->column);
		free(f->message);
		fs->oom = 1;
		return;
	}
	f->severity = rule_info(rule)->severity;
	f->rule = rule_info(rule)->id;
	f->seq = fs->n;
	f->more = 0;
	fs->n++;
	t->stored++;
}

int findings_count(const struct findings *fs, enum severity sev)
{
	int n = 0;
	for (int i = 0; i < fs->n; i++)
		if (fs->v[i].severity == sev)
			n += fs->v[i].more > 0 ? fs->v[i].more : 1;
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
	return json_print_array(array, out);
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
	for (int i = 0; i < fs->n_tally; i++)
		free(fs->tally[i].file);
	free(fs->tally);
	fs->tally = NULL;
	fs->n_tally = fs->cap_tally = 0;
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

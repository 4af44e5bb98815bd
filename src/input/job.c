/*
 * job.c — reading phuluc.ini (see job.h), with a small parser of its own. Every value is NFC
 * normalised on the way in; keys are compared without diacritics.
 */
#include "input/job.h"

#include "base/text.h"
#include "input/decode.h"
#include "input/number.h"
#include "input/path.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The keys whose value is kept as text: phu_luc's as typed (NFC), du_lieu's
 * the data files, relative to the job directory.
 */
static const struct {
	const char *section, *key; /* as in the file */
	size_t offset;		   /* of its char * in struct job */
} TEXT_KEYS[] = {{"phu_luc", "mau", offsetof(struct job, template_name)},
		 {"phu_luc", "so", offsetof(struct job, number)},
		 {"phu_luc", "tieu_de", offsetof(struct job, title)},
		 {"phu_luc", "kem_theo", offsetof(struct job, attached_to)},
		 {"phu_luc", "dong_tong", offsetof(struct job, total_label)},
		 {"phu_luc", "ghi_chu", offsetof(struct job, note)},
		 {"phu_luc", "ky", offsetof(struct job, period)},
		 {"du_lieu", "dia_ban", offsetof(struct job, file_localities)},
		 {"du_lieu", "lao_dong", offsetof(struct job, file_labour)},
		 {"du_lieu", "chi_tieu", offsetof(struct job, file_targets)},
		 {"du_lieu", "chi_tieu_tinh", offsetof(struct job, file_province)},
		 {"du_lieu", "thuc_hien", offsetof(struct job, file_progress)},
		 {"du_lieu", "sap_nhap", offsetof(struct job, file_merge)}};
#define N_TEXT_KEYS (sizeof TEXT_KEYS / sizeof *TEXT_KEYS)

static char **text_value(struct job *job, size_t i)
{
	return (char **)((char *)job + TEXT_KEYS[i].offset);
}

/* The index of [sec] key in TEXT_KEYS (both folded), or -1. */
static int text_key_index(const char *sec, const char *key)
{
	for (size_t i = 0; i < N_TEXT_KEYS; i++)
		if (strcmp(sec, TEXT_KEYS[i].section) == 0 && strcmp(key, TEXT_KEYS[i].key) == 0)
			return (int)i;
	return -1;
}

struct ini_state {
	struct job *job;
	struct findings *fs;
	int line[N_TEXT_KEYS]; /* line of each text key, for findings */
	int oom;
};

/*
 * The job file's syntax (docs/huong-dan.md §1), as inih read it before:
 * "[section]", "key = value" (or "key: value"), whole-line comments starting
 * with ';' or '#', and an inline comment: a ';' right after a space or tab
 * ends the value. Spaces around keys and values are dropped; a BOM on the
 * first line and CR before LF are ignored. Lines have no length limit.
 */
static bool ini_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static char *skip_space(char *s)
{
	while (ini_space(*s))
		s++;
	return s;
}

static void cut_trailing_space(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && ini_space(s[n - 1]))
		s[--n] = '\0';
}

/* The first of the bytes in stops (NULL: none) or of an inline comment's ';' in s, or its end. */
static char *find_stop(char *s, const char *stops)
{
	bool after_space = false;
	for (; *s; s++) {
		if ((stops && strchr(stops, *s)) || (after_space && *s == ';'))
			break;
		after_space = ini_space(*s);
	}
	return s;
}

static void set(char **slot, const char *value, struct ini_state *st)
{
	free(*slot);
	*slot = text_nfc(value);
	if (!*slot)
		st->oom = 1;
}

static void parse_years(struct ini_state *st, const char *value, int line)
{
	struct job *job = st->job;
	job->n_years = 0;
	job->years_line = line;
	const char *p = value;
	while (*p) {
		p += strspn(p, " ,;\t");
		if (!*p)
			break;
		char *end;
		long y = strtol(p, &end, 10);
		if (end == p || y < 1900 || y > 2200 || (*end && !strchr(" ,;\t", *end))) {
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, line, "phu_luc.nam",
				    "year \"%s\" is not valid (example: 2023, 2024, 2025)", p);
			return;
		}
		if (job->n_years == JOB_MAX_YEARS) {
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, line, "phu_luc.nam",
				    "more than %d years", JOB_MAX_YEARS);
			return;
		}
		for (int i = 0; i < job->n_years; i++)
			if (job->years[i] == y) {
				finding_add(st->fs, RULE_JOB_FILE, job->ini_path, line, "phu_luc.nam",
					    "year %ld given twice", y);
				return;
			}
		job->years[job->n_years++] = (int)y;
		p = end;
	}
}

/*
 * A ';' after a space starts a comment, as in inih: a note or title may well
 * contain " ;", so say so instead of printing a shortened text without a
 * word. dropped is what the comment took, from the end of the value.
 */
static void warn_cut_value(struct ini_state *st, int line, const char *name, const char *dropped)
{
	char *nfc = text_nfc(dropped);
	if (nfc)
		finding_add(
		    st->fs, RULE_JOB_FILE_IGNORED, st->job->ini_path, line, name,
		    "the text after \" ;\" is read as a comment and dropped: \"%s\"; remove the space before "
		    "\";\" to keep it",
		    nfc);
	free(nfc);
}

/* phu_luc.cho_phep_a3: co / khong (có, không, true, false, 1, 0). */
static void parse_allow_a3(struct ini_state *st, const char *value, int line)
{
	char *v = text_fold(value);
	if (!v) {
		st->oom = 1;
		return;
	}
	if (strcmp(v, "co") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		st->job->allow_a3 = true;
	else if (strcmp(v, "khong") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		st->job->allow_a3 = false;
	else
		finding_add(st->fs, RULE_JOB_FILE, st->job->ini_path, line, "phu_luc.cho_phep_a3",
			    "value \"%s\" is not valid (write co or khong)", value);
	free(v);
}

static void on_value(struct ini_state *st, const char *section, const char *name, const char *value, int line)
{
	struct job *job = st->job;
	char *sec = text_fold(section), *key = text_fold(name);
	if (!sec || !key) {
		free(sec);
		free(key);
		st->oom = 1;
		return;
	}
	bool known = true;
	int i = text_key_index(sec, key);
	if (i >= 0) {
		set(text_value(job, (size_t)i), value, st);
		st->line[i] = line;
	} else if (strcmp(sec, "phu_luc") == 0 && strcmp(key, "nam") == 0) {
		parse_years(st, value, line);
	} else if (strcmp(sec, "phu_luc") == 0 && strcmp(key, "cho_phep_a3") == 0) {
		parse_allow_a3(st, value, line);
	} else if (strcmp(sec, "kiem_tra") == 0 && strcmp(key, "sai_so") == 0) {
		int64_t tol;
		if (number_parse(value, NUMBER_PLAIN, &tol) != NUMBER_OK || tol < 0 || tol > 10000)
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, line, "kiem_tra.sai_so",
				    "tolerance \"%s\" is not valid (example: 0,01)", value);
		else
			job->tolerance = tol;
	} else {
		known = false;
	}
	if (!known)
		finding_add(st->fs, RULE_JOB_FILE_IGNORED, job->ini_path, line, name,
			    "key [%s] %s is not used", section, name);
	free(sec);
	free(key);
}

/* One "key = value" line (s, NUL-terminated, trimmed): on_value, and the inline comment's warning. */
static int parse_key(struct ini_state *st, const char *section, char *s, int line)
{
	char *eq = find_stop(s, "=:");
	if (*eq != '=' && *eq != ':')
		return -1;
	*eq = '\0';
	cut_trailing_space(s);
	/* As in inih, the comment is looked for from right after '=': "k = ;x" is empty. */
	char *comment = find_stop(eq + 1, NULL);
	char *value = skip_space(eq + 1), *rest = NULL;
	if (*comment && !(rest = strdup(value))) {
		st->oom = 1;
		return 0;
	}
	*comment = '\0';
	cut_trailing_space(value);
	if (rest)
		warn_cut_value(st, line, s, rest + strlen(value));
	free(rest);
	on_value(st, section, s, value, line);
	return 0;
}

/* Reads text (changed in place) line by line. Returns the first line that is not INI syntax, or 0. */
static int parse_ini(char *text, struct ini_state *st)
{
	const char *section = "";
	int bad = 0;
	char *next;
	for (int line = 1; text; line++, text = next) {
		next = strchr(text, '\n');
		if (next)
			*next++ = '\0';
		if (line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
			text += 3;
		char *s = skip_space(text);
		cut_trailing_space(s);
		if (!*s || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = find_stop(s + 1, "]");
			if (*close == ']') {
				*close = '\0';
				section = s + 1;
			} else if (!bad) {
				bad = line;
			}
		} else if (parse_key(st, section, s, line) && !bad) {
			bad = line;
		}
	}
	return bad;
}

/*
 * A data file must be a regular file inside the job directory (path.h): one
 * that is not is a job-file error on its key, and the key is dropped so that
 * nothing reads it (model, merge, batch's digest).
 */
static int keep_data_files_inside(struct ini_state *st)
{
	struct job *job = st->job;
	for (size_t i = 0; i < N_TEXT_KEYS; i++) {
		char **file = text_value(job, i);
		if (strcmp(TEXT_KEYS[i].section, "du_lieu") != 0 || !*file || !**file)
			continue;
		enum path_check pc = path_check_inside(job->dir, *file);
		if (pc == PATH_NO_MEMORY)
			return -1;
		char column[32];
		snprintf(column, sizeof column, "du_lieu.%s", TEXT_KEYS[i].key);
		if (pc == PATH_OUTSIDE)
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, st->line[i], column,
				    "file \"%s\" is outside the job directory: only files inside it are read",
				    *file);
		else if (pc == PATH_NOT_REGULAR)
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, st->line[i], column,
				    "\"%s\" is not a regular file (a directory, FIFO…)", *file);
		if (pc != PATH_INSIDE) {
			free(*file);
			*file = NULL;
		}
	}
	return 0;
}

char *job_path(const struct job *job, const char *name)
{
	char *path = NULL;
	if (asprintf(&path, "%s/%s", job->dir, name) < 0)
		return NULL;
	return path;
}

static void require(struct job *job, struct findings *fs, const char *value, const char *key)
{
	if (!value || !value[0])
		finding_add(fs, RULE_JOB_FILE, job->ini_path, 0, key, "key %s is missing", key);
}

int job_read(const char *dir, struct job *job, struct findings *fs, struct error *err)
{
	memset(job, 0, sizeof *job);
	job->tolerance = 1; /* 0,01 percentage points */
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	job->dir = strndup(dir, len);
	if (!job->dir)
		return error_set(err, ERR_IO, "out of memory");
	const char *base = strrchr(job->dir, '/');
	job->name = strdup(base && base[1] ? base + 1 : job->dir);
	job->ini_path = job_path(job, "phuluc.ini");
	if (!job->name || !job->ini_path)
		return error_set(err, ERR_IO, "out of memory");

	char *bytes = NULL;
	size_t size = 0;
	if (read_file(job->ini_path, &bytes, &size, err)) {
		if (access(job->ini_path, F_OK) != 0)
			err->kind = ERR_USAGE;
		return -1;
	}
	char *text = NULL;
	/* The job file is UTF-8 (SPEC §1) whatever --encoding says about the CSVs. */
	if (decode_text(bytes, size, ENC_UTF8, job->ini_path, fs, &text, err)) {
		free(bytes);
		return -1;
	}
	free(bytes);
	struct ini_state st = {.job = job, .fs = fs};
	int rc = parse_ini(text, &st);
	free(text);
	if (st.oom)
		return error_set(err, ERR_IO, "out of memory");
	if (rc > 0)
		finding_add(fs, RULE_JOB_FILE, job->ini_path, rc, NULL,
			    "not INI syntax (expected \"key = value\" or \"[section]\")");

	require(job, fs, job->template_name, "phu_luc.mau");
	require(job, fs, job->title, "phu_luc.tieu_de");
	require(job, fs, job->file_localities, "du_lieu.dia_ban");
	/* Without these there is nothing to print or no weight for the total row. */
	require(job, fs, job->file_labour, "du_lieu.lao_dong");
	require(job, fs, job->file_targets, "du_lieu.chi_tieu");
	if (job->n_years == 0 && job->years_line == 0)
		require(job, fs, NULL, "phu_luc.nam");
	if (keep_data_files_inside(&st))
		return error_set(err, ERR_IO, "out of memory");
	/* Optional texts default to empty / the usual label. */
	if (!job->number && !(job->number = strdup("")))
		return error_set(err, ERR_IO, "out of memory");
	if (!job->attached_to && !(job->attached_to = strdup("")))
		return error_set(err, ERR_IO, "out of memory");
	if (!job->note && !(job->note = strdup("")))
		return error_set(err, ERR_IO, "out of memory");
	if (!job->total_label && !(job->total_label = strdup("Toàn tỉnh")))
		return error_set(err, ERR_IO, "out of memory");
	return 0;
}

int job_data_files(const struct job *job, const char **names, int max)
{
	const char *all[] = {job->file_localities, job->file_labour,   job->file_targets,
			     job->file_province,   job->file_progress, job->file_merge};
	int n = 0;
	for (size_t i = 0; i < sizeof all / sizeof *all && n < max; i++)
		if (all[i])
			names[n++] = all[i];
	return n;
}

void job_free(struct job *job)
{
	if (!job)
		return;
	char **strings[] = {
	    &job->dir,		&job->name,	     &job->ini_path,	    &job->template_name,
	    &job->number,	&job->title,	     &job->attached_to,	    &job->total_label,
	    &job->note,		&job->period,	     &job->file_localities, &job->file_labour,
	    &job->file_targets, &job->file_province, &job->file_progress,   &job->file_merge};
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
		free(*strings[i]);
	memset(job, 0, sizeof *job);
}

/*
 * job.c — reading phuluc.ini with inih (see job.h). Every value is NFC
 * normalised on the way in; keys are compared without diacritics.
 */
#include "input/job.h"

#include "base/text.h"
#include "input/decode.h"
#include "input/number.h"

#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ini_state {
	struct job *job;
	struct findings *fs;
	const char *text; /* the whole file, to find a key's line */
	int oom;
};

/*
 * The line of `key` in `section` of the INI text, or 0. Debian's inih is
 * built without INI_HANDLER_LINENO, so the handler is not told the line.
 */
static int line_of(const char *text, const char *section, const char *key)
{
	char *want_sec = text_fold(section), *want_key = text_fold(key);
	int found = 0, line = 1;
	bool in_section = false;
	for (const char *p = text; want_sec && want_key && *p && !found; line++) {
		size_t len = strcspn(p, "\n");
		char *raw = strndup(p, len);
		char *t = raw ? text_trim(raw) : NULL;
		if (t && t[0] == '[') {
			char *close = strchr(t, ']');
			if (close)
				*close = '\0';
			char *folded = text_fold(t + 1);
			in_section = folded && strcmp(folded, want_sec) == 0;
			free(folded);
		} else if (t && in_section && strchr(t, '=') && t[0] != ';' && t[0] != '#') {
			*strchr(t, '=') = '\0';
			char *folded = text_fold(t);
			if (folded && strcmp(folded, want_key) == 0)
				found = line;
			free(folded);
		}
		free(t);
		free(raw);
		p += len;
		if (*p == '\n')
			p++;
	}
	free(want_sec);
	free(want_key);
	return found;
}

static void set(char **slot, const char *value, struct ini_state *st)
{
	free(*slot);
	*slot = text_nfc(value);
	if (!*slot)
		st->oom = 1;
}

static void parse_years(struct ini_state *st, const char *value)
{
	int line = line_of(st->text, "phu_luc", "nam");
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
 * inih (as Debian builds it) treats " ;" inside a value as the start of a
 * comment and drops the rest. A note or title may well contain " ;", so say
 * so instead of printing a shortened text without a word.
 */
static void warn_cut_value(struct ini_state *st, const char *section, const char *name, const char *value)
{
	int line = line_of(st->text, section, name);
	const char *p = st->text;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	const char *eq = p ? strchr(p, '=') : NULL;
	if (!eq)
		return;
	size_t len = strcspn(eq + 1, "\n");
	char *raw = strndup(eq + 1, len), *trimmed = raw ? text_trim(raw) : NULL;
	char *nfc = trimmed ? text_nfc(trimmed) : NULL;
	if (nfc && strcmp(nfc, value) != 0 && strstr(nfc, value) == nfc)
		finding_add(
		    st->fs, RULE_JOB_FILE_IGNORED, st->job->ini_path, line, name,
		    "the text after \" ;\" is read as a comment and dropped: \"%s\"; remove the space before "
		    "\";\" to keep it",
		    nfc + strlen(value));
	free(nfc);
	free(trimmed);
	free(raw);
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	struct job *job = st->job;
	warn_cut_value(st, section, name, value);
	char *sec = text_fold(section), *key = text_fold(name);
	if (!sec || !key) {
		free(sec);
		free(key);
		st->oom = 1;
		return 1;
	}
	bool known = true;
	if (strcmp(sec, "phu_luc") == 0) {
		if (strcmp(key, "mau") == 0)
			set(&job->template_name, value, st);
		else if (strcmp(key, "so") == 0)
			set(&job->number, value, st);
		else if (strcmp(key, "tieu_de") == 0)
			set(&job->title, value, st);
		else if (strcmp(key, "kem_theo") == 0)
			set(&job->attached_to, value, st);
		else if (strcmp(key, "dong_tong") == 0)
			set(&job->total_label, value, st);
		else if (strcmp(key, "ghi_chu") == 0)
			set(&job->note, value, st);
		else if (strcmp(key, "nam") == 0)
			parse_years(st, value);
		else if (strcmp(key, "ky") == 0)
			set(&job->period, value, st);
		else
			known = false;
	} else if (strcmp(sec, "du_lieu") == 0) {
		if (strcmp(key, "dia_ban") == 0)
			set(&job->file_localities, value, st);
		else if (strcmp(key, "lao_dong") == 0)
			set(&job->file_labour, value, st);
		else if (strcmp(key, "chi_tieu") == 0)
			set(&job->file_targets, value, st);
		else if (strcmp(key, "chi_tieu_tinh") == 0)
			set(&job->file_province, value, st);
		else if (strcmp(key, "thuc_hien") == 0)
			set(&job->file_progress, value, st);
		else if (strcmp(key, "sap_nhap") == 0)
			set(&job->file_merge, value, st);
		else
			known = false;
	} else if (strcmp(sec, "kiem_tra") == 0 && strcmp(key, "sai_so") == 0) {
		int64_t tol;
		int line = line_of(st->text, section, name);
		if (number_parse(value, NUMBER_PLAIN, &tol) != NUMBER_OK || tol < 0 || tol > 10000)
			finding_add(st->fs, RULE_JOB_FILE, job->ini_path, line, "kiem_tra.sai_so",
				    "tolerance \"%s\" is not valid (example: 0,01)", value);
		else
			job->tolerance = tol;
	} else {
		known = false;
	}
	if (!known)
		finding_add(st->fs, RULE_JOB_FILE_IGNORED, job->ini_path, line_of(st->text, section, name),
			    name, "key [%s] %s is not used", section, name);
	free(sec);
	free(key);
	return 1;
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
	struct ini_state st = {.job = job, .fs = fs, .text = text};
	int rc = ini_parse_string(text, on_value, &st);
	free(text);
	if (st.oom)
		return error_set(err, ERR_IO, "out of memory");
	if (rc > 0)
		finding_add(fs, RULE_JOB_FILE, job->ini_path, rc, NULL,
			    "not INI syntax (expected \"key = value\" or \"[section]\")");
	else if (rc < 0)
		return error_set(err, ERR_IO, "%s: cannot read", job->ini_path);

	require(job, fs, job->template_name, "phu_luc.mau");
	require(job, fs, job->title, "phu_luc.tieu_de");
	require(job, fs, job->file_localities, "du_lieu.dia_ban");
	/* Without these there is nothing to print or no weight for the total row. */
	require(job, fs, job->file_labour, "du_lieu.lao_dong");
	require(job, fs, job->file_targets, "du_lieu.chi_tieu");
	if (job->n_years == 0 && job->years_line == 0)
		require(job, fs, NULL, "phu_luc.nam");
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

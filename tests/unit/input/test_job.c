/*
 * Unit tests: the job file (job.c) — the keys it reads into struct job, the
 * defaults of the optional ones, and its problems as job-file findings on the
 * right line of phuluc.ini (errors, and warnings for what is not used).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/messages.h"
#include "input/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The job directory under /tmp, made once for the group; each test writes its phuluc.ini. */
static char dir[64];

static void write_ini(const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/phuluc.ini", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/phuluc-test-job-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/phuluc.ini", dir);
	unlink(path);
	return rmdir(dir);
}

#define REQUIRED                                                                                             \
	"[phu_luc]\n"                                                                                        \
	"mau = ke-hoach-chi-tieu\n"                                                                          \
	"tieu_de = Chỉ tiêu\n"                                                                            \
	"nam = 2023, 2024;2025\n"                                                                            \
	"[du_lieu]\n"                                                                                        \
	"dia_ban = dia_ban.csv\n"                                                                            \
	"lao_dong = lao_dong.csv\n"                                                                          \
	"chi_tieu = chi_tieu.csv\n"

/* Reads the job; asserts job_read returned 0. */
static void read_ok(struct job *job, struct findings *fs)
{
	struct error err = {0};
	assert_int_equal(job_read(dir, job, fs, &err), 0);
	assert_int_equal(err.kind, 0);
}

/* Finding i is a job-file finding of severity sev on line, naming column (NULL: none). */
static void assert_finding(const struct findings *fs, int i, enum severity sev, int line, const char *column)
{
	assert_true(i < fs->n);
	assert_string_equal(fs->v[i].rule, "job-file");
	assert_int_equal(fs->v[i].severity, sev);
	assert_int_equal(fs->v[i].line, line);
	if (column)
		assert_string_equal(fs->v[i].column, column);
	else
		assert_null(fs->v[i].column);
}

static void keys_and_defaults(void **state)
{
	(void)state;
	write_ini(REQUIRED "chi_tieu_tinh = tinh.csv\nthuc_hien = th.csv\nsap_nhap = sn.csv\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 0);
	assert_string_equal(job.template_name, "ke-hoach-chi-tieu");
	assert_string_equal(job.title, "Chỉ tiêu");
	assert_int_equal(job.n_years, 3);
	assert_int_equal(job.years[0], 2023);
	assert_int_equal(job.years[2], 2025);
	assert_int_equal(job.years_line, 4);
	assert_string_equal(job.file_localities, "dia_ban.csv");
	assert_string_equal(job.file_merge, "sn.csv");
	/* Defaults of what is not given. */
	assert_int_equal(job.tolerance, 1);
	assert_string_equal(job.number, "");
	assert_string_equal(job.attached_to, "");
	assert_string_equal(job.note, "");
	assert_string_equal(job.total_label, "Toàn tỉnh");
	assert_null(job.period);
	/* The job is named after its directory; phuluc.ini is in it. */
	assert_string_equal(job.name, strrchr(dir, '/') + 1);
	assert_non_null(strstr(job.ini_path, "/phuluc.ini"));
	const char *names[8];
	assert_int_equal(job_data_files(&job, names, 8), 6);
	assert_string_equal(names[0], "dia_ban.csv");
	assert_string_equal(names[3], "tinh.csv");
	assert_string_equal(names[5], "sn.csv");
	assert_int_equal(job_data_files(&job, names, 2), 2);
	job_free(&job);
	findings_free(&fs);
}

static void optional_keys(void **state)
{
	(void)state;
	write_ini(REQUIRED "[phu_luc]\nso = 12\nkem_theo = Kèm theo\ndong_tong = Cộng\nghi_chu = Ghi\n"
			   "ky = 2025-07\n[kiem_tra]\nsai_so = 0,05\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 0);
	assert_string_equal(job.number, "12");
	assert_string_equal(job.attached_to, "Kèm theo");
	assert_string_equal(job.total_label, "Cộng");
	assert_string_equal(job.note, "Ghi");
	assert_string_equal(job.period, "2025-07");
	assert_int_equal(job.tolerance, 5);
	job_free(&job);
	findings_free(&fs);
}

static void missing_keys(void **state)
{
	(void)state;
	write_ini("[phu_luc]\nmau = x\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	/* tieu_de, dia_ban, lao_dong, chi_tieu, nam: about the file as a whole (line 0). */
	assert_int_equal(fs.n, 5);
	assert_finding(&fs, 0, SEV_ERROR, 0, "phu_luc.tieu_de");
	assert_string_equal(fs.v[0].message, "key phu_luc.tieu_de is missing");
	assert_finding(&fs, 4, SEV_ERROR, 0, "phu_luc.nam");
	job_free(&job);
	findings_free(&fs);
}

static void bad_values_on_their_line(void **state)
{
	(void)state;
	write_ini("[phu_luc]\nmau = x\ntieu_de = y\n\n; a comment\nnam = 2023, 1800\n[du_lieu]\ndia_ban = a\n"
		  "lao_dong = b\nchi_tieu = c\n[kiem_tra]\nsai_so = nhiều\n");
	struct job job;
	struct findings fs = {.lang = LANG_VI};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 2);
	assert_finding(&fs, 0, SEV_ERROR, 6, "phu_luc.nam");
	assert_string_equal(fs.v[0].message, "năm \"1800\" không hợp lệ (ví dụ đúng: 2023, 2024, 2025)");
	assert_int_equal(job.years_line, 6);
	assert_finding(&fs, 1, SEV_ERROR, 12, "kiem_tra.sai_so");
	assert_string_equal(fs.v[1].message, "sai số \"nhiều\" không hợp lệ (ví dụ đúng: 0,01)");
	assert_int_equal(job.tolerance, 1); /* the default stays */
	job_free(&job);
	findings_free(&fs);
}

static void years_twice_and_too_many(void **state)
{
	(void)state;
	write_ini(REQUIRED "[phu_luc]\nnam = 2023 2023\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].message, "year 2023 given twice");
	job_free(&job);
	findings_free(&fs);

	write_ini(REQUIRED "[phu_luc]\nnam = 2001 2002 2003 2004 2005 2006 2007 2008 2009 2010 2011 2012 "
			   "2013 2014 2015 2016 2017\n");
	fs = (struct findings){.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].message, "more than 16 years");
	assert_int_equal(job.n_years, JOB_MAX_YEARS);
	job_free(&job);
	findings_free(&fs);
}

/* What phuluc does not use is a warning, not an error: the job still builds. */
static void unused_key_and_cut_comment(void **state)
{
	(void)state;
	write_ini(REQUIRED "mau_sac = do\n[phu_luc]\nghi_chu = Số liệu ; minh họa\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 2);
	assert_finding(&fs, 0, SEV_WARNING, 9, "mau_sac");
	assert_string_equal(fs.v[0].message, "key [du_lieu] mau_sac is not used");
	assert_finding(&fs, 1, SEV_WARNING, 11, "ghi_chu");
	assert_string_equal(fs.v[1].message, "the text after \" ;\" is read as a comment and dropped: \" ; "
					     "minh họa\"; remove the space before \";\" to keep it");
	assert_string_equal(job.note, "Số liệu");
	assert_int_equal(findings_count(&fs, SEV_ERROR), 0);
	job_free(&job);
	findings_free(&fs);
}

static void ini_syntax_error(void **state)
{
	(void)state;
	write_ini(REQUIRED "this is not ini\n");
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	read_ok(&job, &fs);
	assert_int_equal(fs.n, 1);
	assert_finding(&fs, 0, SEV_ERROR, 9, NULL);
	assert_string_equal(fs.v[0].message, "not INI syntax (expected \"key = value\" or \"[section]\")");
	job_free(&job);
	findings_free(&fs);
}

static void no_job_file_is_usage(void **state)
{
	(void)state;
	struct job job;
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	assert_int_equal(job_read("/nonexistent/phuluc-job", &job, &fs, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_int_equal(fs.n, 0);
	job_free(&job);
	findings_free(&fs);
}

static void path_in_job(void **state)
{
	(void)state;
	struct job job = {.dir = "a/b"};
	char *p = job_path(&job, "dia_ban.csv");
	assert_string_equal(p, "a/b/dia_ban.csv");
	free(p);
}

int main(void)
{
	/* Vietnamese messages from the catalog the build made (tests run from the checkout). */
	messages_use(LANG_VI, "build/locale");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keys_and_defaults),
	    cmocka_unit_test(optional_keys),
	    cmocka_unit_test(missing_keys),
	    cmocka_unit_test(bad_values_on_their_line),
	    cmocka_unit_test(years_twice_and_too_many),
	    cmocka_unit_test(unused_key_and_cut_comment),
	    cmocka_unit_test(ini_syntax_error),
	    cmocka_unit_test(no_job_file_is_usage),
	    cmocka_unit_test(path_in_job),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

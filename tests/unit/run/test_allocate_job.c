/*
 * Unit tests: `phuluc phan-bo` in numbers of participants through
 * allocate_run, on a two-commune job whose proposal is worked out by hand
 * below (method deu: every commune + the same share K of its weight, the
 * people left over to the largest remainders):
 *
 *   labour force A 1.000, B 3.000; population A 2.000, B 5.000 (every year)
 *   2025 baseline: A bb 300 tn 100 bhtn 200 bhyt 1.500; B bb 900 tn 300 bhtn 600 bhyt 4.000
 *   2026 assigned: BHXH 1.800, compulsory 1.360, voluntary ≥ 400, BHTN 850, BHYT 5.600
 *     BHXH:  +200 over 4.000 → A 450, B 1.350
 *     split in the baseline's proportions (half up): A 338 + 112, B 1.013 + 337 → Σ bb 1.351;
 *     the compulsory number binds: +9 over 4.000 (A 2,25, B 6,75 → A 2, B 7, the largest k
 *     with Σ ≤ 9) → bb A 340, B 1.020, tn A 110, B 330 (Σ 440 ≥ 400)
 *     BHTN:  +50 over 4.000 → A 12, B 38 → A 212, B 638 (within bb)
 *     BHYT:  +100 over 7.000 (A 28,57, B 71,43; B steps to 72 first) → A 1.528, B 4.072
 *   2027 assigned: BHXH 1.900 → +300 over 4.000 from 2025: A 475, B 1.425 (above 2026);
 *     split: A 356 + 119, B 1.069 + 356
 *
 * In rates (RATE_TARGETS below), the voluntary and compulsory minima raised the same way.
 * Then: the compulsory number that the voluntary minimum leaves no room for
 * (unreachable-target at its line, nothing written); and the job again with
 * each allocation site failing in turn (tests/unit/oom.h): the same file, or a
 * clean out-of-memory error with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "oom.h"
#include "run/allocate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char INI[] =
    "[phu_luc]\nmau = ke-hoach-so-nguoi\ntieu_de = Thử\nnam = 2025, 2026, 2027\n"
    "[du_lieu]\ndia_ban = dia_ban.csv\nlao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\n"
    "chi_tieu_tinh = chi_tieu_tinh.csv\n";
static const char LABOUR[] = "ma,nam,luc_luong_lao_dong,dan_so\n"
			     "1,2025,1000,2000\n2,2025,3000,5000\n1,2026,1000,2000\n2,2026,3000,5000\n"
			     "1,2027,1000,2000\n2,2027,3000,5000\n";
static const char TARGETS[] = "ma,ten,so_nguoi_bhxh_bb_2025,so_nguoi_bhxh_tn_2025,so_nguoi_bhtn_2025,"
			      "so_nguoi_bhyt_2025\n1,Xã A,300,100,200,1500\n2,Xã B,900,300,600,4000\n";
static const char ASSIGNED[] = "nam,chi_so,gia_tri\n2026,so_nguoi_bhxh,1800\n2026,so_nguoi_bhxh_bb,1360\n"
			       "2026,so_nguoi_bhxh_tn,400\n2026,so_nguoi_bhtn,850\n2026,so_nguoi_bhyt,5600\n"
			       "2027,so_nguoi_bhxh,1900\n";

/*
 * The same communes in rates (2025: A 40,00% = 30,00 + 10,00, B 20,00% = 15,00 + 5,00; 25,00%):
 *   2026 BHXH 27,00%: +2 points each, A 42,00, B 22,00, split A 31,50 + 10,50, B 16,50 + 5,50:
 *     voluntary (10,50·1000 + 5,50·3000) / 4000 = 6,75%, short of the minimum 7,00%: +0,25 each,
 *     A 10,75, B 5,75 (compulsory A 31,25, B 16,25: 20,00%, exactly its minimum)
 *   2027 BHXH 33,00%: +8 from 2025, A 48,00, B 28,00, split A 36,00 + 12,00, B 21,00 + 7,00:
 *     compulsory 24,75%, short of 25,00%: +0,25 each, A 36,25, B 21,25; voluntary A 11,75, B 6,75
 */
static const char RATE_TARGETS[] =
    "ma,ten,bhxh_2025,bhxh_bb_2025,bhxh_tn_2025\n"
    "1,Xã A,\"40,00\",\"30,00\",\"10,00\"\n2,Xã B,\"20,00\",\"15,00\",\"5,00\"\n";
static const char RATE_ASSIGNED[] = "nam,chi_so,gia_tri\n2026,bhxh,\"27,00\"\n2026,bhxh_tn,\"7,00\"\n"
				    "2026,bhxh_bb,\"20,00\"\n2027,bhxh,\"33,00\"\n2027,bhxh_bb,\"25,00\"\n";

struct job_dir {
	char dir[64], out[128];
};

static void write_file(const struct job_dir *j, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", j->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The job: two communes, TARGETS-like targets (chi_tieu.csv) and the figures assigned. */
static void job_make(struct job_dir *j, const char *targets, const char *assigned)
{
	snprintf(j->dir, sizeof j->dir, "/tmp/test_allocate_job-XXXXXX");
	assert_non_null(mkdtemp(j->dir));
	snprintf(j->out, sizeof j->out, "%s/de-xuat.csv", j->dir);
	write_file(j, "phuluc.ini", INI);
	write_file(j, "dia_ban.csv", "ma,ten,cap\n1,Xã A,xa\n2,Xã B,xa\n");
	write_file(j, "lao_dong.csv", LABOUR);
	write_file(j, "chi_tieu.csv", targets);
	write_file(j, "chi_tieu_tinh.csv", assigned);
}

static void job_remove(struct job_dir *j)
{
	const char *names[] = {"phuluc.ini",   "dia_ban.csv",	    "lao_dong.csv",
			       "chi_tieu.csv", "chi_tieu_tinh.csv", "de-xuat.csv"};
	char path[160];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(path, sizeof path, "%s/%s", j->dir, names[i]);
		unlink(path);
	}
	rmdir(j->dir);
}

static int run(const struct job_dir *j, struct pipeline_result *r)
{
	struct allocate_options o = {.method = ALLOC_UNIFORM, .lang = LANG_EN, .out_file = j->out};
	return allocate_run(j->dir, &o, r);
}

/* The whole file (NULL if absent), NUL-terminated. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = calloc(1, 1 << 16);
	size_t n = b ? fread(b, 1, (1 << 16) - 1, f) : 0;
	(void)n;
	fclose(f);
	return b;
}

/* The value in the column named key ("so_nguoi_bhxh_bb_2026") of the row of commune code. */
static long field(const char *csv, const char *code, const char *key)
{
	char name[64], row_start[16];
	snprintf(name, sizeof name, "\"%s\"", key);
	snprintf(row_start, sizeof row_start, "\r\n\"%s\";", code);
	const char *at = strstr(csv, name), *row = strstr(csv, row_start);
	assert_non_null(at);
	assert_non_null(row);
	assert_true(at < strstr(csv, "\r\n")); /* in the header */
	const char *p = row + 2;
	for (const char *q = csv; q < at; q++)
		if (*q == ';')
			p = strchr(p, ';') + 1;
	assert_int_equal(*p, '"');
	char *end;
	long v = strtol(p + 1, &end, 10);
	return *end == ',' ? v * 100 + strtol(end + 1, NULL, 10) : v; /* a rate: hundredths */
}

/* A job proposed once, without failure: the file it writes (owned by the caller). */
static char *propose(struct job_dir *j, const char *targets, const char *assigned)
{
	struct pipeline_result r;
	job_make(j, targets, assigned);
	assert_int_equal(run(j, &r), 0);
	pipeline_result_free(&r);
	char *csv = slurp(j->out);
	assert_non_null(csv);
	return csv;
}

/* Each job and the figures worked out by hand above: "key A B", commune A's and B's, ';' between. */
static const struct by_hand {
	const char *targets, *assigned, *want;
} BY_HAND[] = {
    {TARGETS, ASSIGNED,
     "so_nguoi_bhxh_2026 450 1350; so_nguoi_bhxh_bb_2026 340 1020; so_nguoi_bhxh_tn_2026 110 330; "
     "so_nguoi_bhtn_2026 212 638; so_nguoi_bhyt_2026 1528 4072; so_nguoi_bhxh_2027 475 1425; "
     "so_nguoi_bhxh_bb_2027 356 1069; so_nguoi_bhxh_tn_2027 119 356"},
    {RATE_TARGETS, RATE_ASSIGNED,
     "bhxh_2026 4200 2200; bhxh_tn_2026 1075 575; bhxh_bb_2026 3125 1625; bhxh_2027 4800 2800; "
     "bhxh_bb_2027 3625 2125; bhxh_tn_2027 1175 675"},
};

static void proposals_by_hand(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof BY_HAND / sizeof *BY_HAND; k++) {
		struct job_dir j;
		char *csv = propose(&j, BY_HAND[k].targets, BY_HAND[k].assigned), key[64];
		long a, b;
		int used, n = 0;
		for (const char *w = BY_HAND[k].want; sscanf(w, " %63s %ld %ld%n", key, &a, &b, &used) == 3;
		     w += used + (w[used] == ';'), n++) {
			assert_int_equal(field(csv, "1", key), a);
			assert_int_equal(field(csv, "2", key), b);
		}
		assert_true(n >= 6);
		free(csv);
		job_remove(&j);
	}
}

static void compulsory_number_without_room(void **state)
{
	(void)state;
	struct job_dir j;
	struct pipeline_result r;
	/* 1.800 − the voluntary minimum 450 leaves 1.350 compulsory, not 1.360. */
	job_make(&j, TARGETS,
		 "nam,chi_so,gia_tri\n2026,so_nguoi_bhxh,1800\n2026,so_nguoi_bhxh_bb,1360\n"
		 "2026,so_nguoi_bhxh_tn,450\n");
	assert_int_equal(run(&j, &r), 1);
	assert_int_equal(r.findings.n, 1);
	assert_string_equal(r.findings.v[0].rule, "unreachable-target");
	assert_int_equal(r.findings.v[0].line, 3);
	assert_string_equal(
	    r.findings.v[0].message,
	    "cannot allocate BHXH bắt buộc participants for 2026 = 1.360: of the province's 1.800 "
	    "BHXH participants, the voluntary minimum 450 leaves at most 1.350");
	assert_int_equal(access(j.out, F_OK), -1);
	pipeline_result_free(&r);
	job_remove(&j);
}

/* The job proposed with each allocation site failing in turn; returns how many were failed. */
static long sweep(const char *targets, const char *assigned)
{
	struct job_dir j;
	struct pipeline_result r;
	char *good = propose(&j, targets, assigned);
	long failed = 0;
	for (;;) {
		unlink(j.out);
		oom_fail_new_site();
		int status = run(&j, &r);
		bool hit = oom_failed();
		oom_fail_at(0);
		char *got = slurp(j.out);
		if (hit && status != 0) {
			assert_int_equal(status, 3);
			assert_non_null(strstr(r.err.text, "memory"));
			assert_null(got);
		} else {
			assert_int_equal(status, 0);
			assert_non_null(got);
			assert_string_equal(got, good);
		}
		free(got);
		pipeline_result_free(&r);
		if (!hit)
			break;
		failed++;
	}
	free(good);
	job_remove(&j);
	return failed;
}

static void out_of_memory(void **state)
{
	(void)state;
	long counts = sweep(TARGETS, ASSIGNED), rates = sweep(RATE_TARGETS, RATE_ASSIGNED);
	print_message("# phan-bo: %ld allocation sites failed in turn in numbers, %ld in rates\n", counts,
		      rates);
	assert_true(counts > 10 && rates > 10); /* sites: fewer under ASan (-O1 inlines) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(proposals_by_hand),
	    cmocka_unit_test(compulsory_number_without_room),
	    cmocka_unit_test(out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

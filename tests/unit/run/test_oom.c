/*
 * Unit tests: out of memory through the whole pipeline. Each example job
 * under input/ is built (pipeline_run, no batch) into a scratch directory
 * again and again, each time with one allocation failing (tests/unit/oom.h),
 * until a run makes no failing call. Every run must end in success with the
 * findings and outputs of the run without failure, or in a clean
 * out-of-memory error (status 3, a message saying so, nothing written);
 * never a crash, and no leak (ASan's leak check at exit: everything is freed
 * each time). The same for the input form of `phuluc mau-nhap` (input_form.c)
 * of three examples: the workbook of the run without failure, or a clean
 * out-of-memory error with no file left.
 *
 * Which allocation fails: by default the first call from each allocation
 * site (oom_fail_new_site: ~10,000 calls per build but a few hundred sites;
 * a site failed in one job is not failed again in the next). OOM_STRIDE=k
 * sweeps by call number instead, N = 1, 1+k, 1+2k, ... (k = 1: every call;
 * ~30,000 builds, about 25 minutes under ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "oom.h"
#include "run/input_form.h"
#include "run/pipeline.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef PHULUC_SOURCE_DIR
#define PHULUC_SOURCE_DIR "."
#endif

/* Removes every file in dir (outputs are flat: OUT/<job>.pdf ...). */
static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* The bytes of a file (caller frees), made with the real allocator's count undisturbed. */
static char *slurp(const char *path, long *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	rewind(f);
	char *b = malloc((size_t)*len + 1);
	if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

/* What a run without failure gives: its status, its findings, its outputs' bytes. */
struct reference {
	int status, n_findings, n_outputs;
	char *bytes[PIPELINE_MAX_OUTPUTS];
	long len[PIPELINE_MAX_OUTPUTS];
};

static void reference_free(struct reference *ref)
{
	for (int i = 0; i < ref->n_outputs; i++)
		free(ref->bytes[i]);
}

/* Whether a successful run gave exactly the reference's findings and outputs. */
static bool same_as_reference(const struct pipeline_result *r, const struct reference *ref)
{
	if (r->status != ref->status || r->findings.n != ref->n_findings || r->n_outputs != ref->n_outputs)
		return false;
	for (int i = 0; i < r->n_outputs; i++) {
		long len = 0;
		char *b = slurp(r->outputs[i], &len);
		bool same = b && len == ref->len[i] && memcmp(b, ref->bytes[i], (size_t)len) == 0;
		free(b);
		if (!same)
			return false;
	}
	return true;
}

/* OOM_STRIDE, or 0: by site. */
static long stride(void)
{
	const char *s = getenv("OOM_STRIDE");
	long k = s ? atol(s) : 0;
	return k > 0 ? k : 0;
}

/* Prints what went wrong in one run (the sweep goes on, to list them all); returns 1. */
__attribute__((format(printf, 1, 2))) static int complain(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (getenv("OOM_WHERE")) {
		fflush(stderr);
		oom_print_failed_site(2);
	}
	return 1;
}

/* Sweeps one job (input/<job>, or a path under the checkout); returns the number of allocation points failed.
 */
static long sweep_job(const char *job)
{
	char dir[4096], out[] = "/tmp/test_oom-XXXXXX";
	snprintf(dir, sizeof dir, "%s/%s%s", PHULUC_SOURCE_DIR, strchr(job, '/') ? "" : "input/", job);
	assert_non_null(mkdtemp(out));
	struct pipeline_options o = {.build = true,
				     .lang = LANG_EN,
				     .out_dir = out,
				     .font_dir = PHULUC_SOURCE_DIR "/fonts",
				     .created = 1700000000,
				     .defer_sync = true};
	struct pipeline_result r;
	struct reference ref = {0};

	oom_fail_at(0);
	ref.status = pipeline_run(dir, &o, &r);
	long total = oom_calls();
	assert_int_equal(ref.status, 0);
	ref.n_findings = r.findings.n;
	ref.n_outputs = r.n_outputs;
	for (int i = 0; i < r.n_outputs; i++)
		assert_non_null(ref.bytes[i] = slurp(r.outputs[i], &ref.len[i]));
	pipeline_result_free(&r);
	empty_dir(out);

	long swept = 0, k = stride(), bad = 0;
	for (long n = 1;; n += k) {
		if (k)
			oom_fail_at(n);
		else
			oom_fail_new_site();
		int status = pipeline_run(dir, &o, &r);
		bool failed = oom_failed();
		oom_fail_at(0);
		if (failed && status != 0) {
			if (status != 3 || !strstr(r.err.text, "memory"))
				bad += complain("%s, allocation %ld of %ld failing: status %d, \"%s\"", job,
						oom_failed_call(), total, status, r.err.text);
			if (count_files(out) != 0)
				bad += complain("%s, allocation %ld failing: status %d, yet files written",
						job, oom_failed_call(), status);
		} else if (!same_as_reference(&r, &ref)) {
			bad += complain("%s, allocation %ld of %ld failing: status %d with %d findings, not "
					"as without failure",
					job, oom_failed_call(), total, status, r.findings.n);
		}
		pipeline_result_free(&r);
		empty_dir(out);
		if (!failed)
			break;
		swept++;
	}
	reference_free(&ref);
	rmdir(out);
	if (bad)
		fail_msg("%s: %ld runs went wrong", job, bad);
	print_message("# %s: %ld allocation calls, %ld failed in turn (%s)\n", job, total, swept,
		      k ? "by call number" : "new sites");
	return swept;
}

/* Sweeps the form of input/<job>; returns the number of allocation sites failed. */
static long sweep_form(const char *job)
{
	char dir[4096], out[] = "/tmp/test_form_oom-XXXXXX", path[4200];
	snprintf(dir, sizeof dir, "%s/input/%s", PHULUC_SOURCE_DIR, job);
	assert_non_null(mkdtemp(out));
	snprintf(path, sizeof path, "%s/mau.xlsx", out);
	struct input_form_options o = {.lang = LANG_EN, .out_file = path, .created = 1700000000};
	struct pipeline_result r;

	oom_fail_at(0);
	assert_int_equal(input_form_run(dir, &o, &r), 0);
	pipeline_result_free(&r);
	long want_len = 0;
	char *want = slurp(path, &want_len);
	assert_non_null(want);
	unlink(path);

	long swept = 0, bad = 0;
	for (;;) {
		oom_fail_new_site();
		int status = input_form_run(dir, &o, &r);
		bool failed = oom_failed();
		oom_fail_at(0);
		long len = 0;
		char *got = slurp(path, &len);
		if (failed && status != 0) {
			if (status != 3 || !strstr(r.err.text, "memory") || got) {
				fprintf(stderr, "%s, allocation %ld failing: status %d, \"%s\"%s\n", job,
					oom_failed_call(), status, r.err.text,
					got ? ", yet the form written" : "");
				bad++;
			}
		} else if (status != 0 || !got || len != want_len || memcmp(got, want, (size_t)len) != 0) {
			fprintf(
			    stderr,
			    "%s, allocation %ld failing: status %d, not the form written without failure\n",
			    job, oom_failed_call(), status);
			bad++;
		}
		free(got);
		pipeline_result_free(&r);
		unlink(path);
		if (!failed)
			break;
		swept++;
	}
	free(want);
	rmdir(out);
	if (bad)
		fail_msg("%s: %ld runs went wrong", job, bad);
	print_message("# %s: %ld allocation sites failed in turn\n", job, swept);
	return swept;
}

static void plan(void **state)
{
	(void)state;
	assert_true(sweep_job("gia-lai-2023-2025") > 100);
}

static void progress_report(void **state)
{
	(void)state;
	assert_true(sweep_job("gia-lai-2025-thuc-hien") > 0);
}

static void merged_provinces(void **state)
{
	(void)state;
	assert_true(sweep_job("gia-lai-hop-nhat") > 0);
}

/* A table too wide for A4 at 8 pt: column bands (render_pdf.c plan_bands) and the XLSX print setup matching.
 */
static void column_bands(void **state)
{
	(void)state;
	assert_true(sweep_job("tests/jobs/bang-rong") > 0);
}

/* `phuluc mau-nhap`: the input forms of a plan in rates, a progress report and a plan in numbers. */
static void input_forms(void **state)
{
	(void)state;
	assert_true(sweep_form("gia-lai-2023-2025") > 0);
	assert_true(sweep_form("gia-lai-2025-thuc-hien") > 0);
	assert_true(sweep_form("gia-lai-2026-2030-so-nguoi") > 0);
}

int main(void)
{
	/* A unit-test binary has no build-tree marker beside it (resources.h): name the checkout's templates.
	 */
	setenv("PHULUC_TEMPLATE_DIR", PHULUC_SOURCE_DIR "/templates", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plan),
	    cmocka_unit_test(progress_report),
	    cmocka_unit_test(merged_provinces),
	    cmocka_unit_test(column_bands),
	    cmocka_unit_test(input_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

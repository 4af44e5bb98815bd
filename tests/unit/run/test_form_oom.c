/*
 * Unit tests: out of memory in `phuluc mau-nhap` (input_form.c). The input
 * form of an example job is written again and again, each time with the
 * first allocation of one more site failing (tests/unit/oom.h), until a run
 * fails nothing. Every run must write the workbook the run without failure
 * writes, or end in a clean out-of-memory error (status 3, a message saying
 * so, no file left); never a crash, no leak (ASan's leak check at exit).
 * The jobs: a plan in rates, a progress report, the 2026–2030 plan in
 * numbers (its chi_tieu read for the columns it gives).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "oom.h"
#include "run/input_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PHULUC_SOURCE_DIR
#define PHULUC_SOURCE_DIR "."
#endif

/* The bytes of a file (caller frees), or NULL. */
static char *file_bytes(const char *path, long *len)
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
	char *want = file_bytes(path, &want_len);
	assert_non_null(want);
	unlink(path);

	long swept = 0, bad = 0;
	for (;;) {
		oom_fail_new_site();
		int status = input_form_run(dir, &o, &r);
		bool failed = oom_failed();
		oom_fail_at(0);
		long len = 0;
		char *got = file_bytes(path, &len);
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

static void rates(void **state)
{
	(void)state;
	assert_true(sweep_form("gia-lai-2023-2025") > 0);
}

static void progress_report(void **state)
{
	(void)state;
	assert_true(sweep_form("gia-lai-2025-thuc-hien") > 0);
}

static void counts(void **state)
{
	(void)state;
	assert_true(sweep_form("gia-lai-2026-2030-so-nguoi") > 0);
}

int main(void)
{
	/* A unit-test binary has no build-tree marker beside it (resources.h): name the checkout's templates.
	 */
	setenv("PHULUC_TEMPLATE_DIR", PHULUC_SOURCE_DIR "/templates", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rates),
	    cmocka_unit_test(progress_report),
	    cmocka_unit_test(counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

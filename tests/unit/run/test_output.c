/*
 * Unit tests: atomic outputs (output.c) — commit only complete files, both
 * or neither, no temporary left behind on failure, abort or a signal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "run/output.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char GOOD_PDF[] = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
static const char OLD_PDF[] = "%PDF-1.4 the previous good one\n%%EOF\n";
/* The smallest ZIP: an empty archive is just its end-of-central-directory record. */
static const char GOOD_ZIP[22] = "PK\x05\x06";

struct scratch {
	char dir[64];
	char pdf[128], xlsx[128];
};

static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/test_output-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->pdf, sizeof s->pdf, "%s/annex.pdf", s->dir);
	snprintf(s->xlsx, sizeof s->xlsx, "%s/annex.xlsx", s->dir);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scratch *s = *state;
	DIR *d = opendir(s->dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(path, sizeof path, "%s/%s", s->dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(s->dir);
	free(s);
	return 0;
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* The file's whole content equals bytes[0..n). */
static void assert_content(const char *path, const char *bytes, size_t n)
{
	char buf[256];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t got = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(got, n);
	assert_memory_equal(buf, bytes, n);
}

/* Number of entries in dir besides . and .. */
static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static void commit_replaces_both(void **state)
{
	struct scratch *s = *state;
	write_bytes(s->pdf, OLD_PDF, sizeof OLD_PDF - 1);
	struct output pdf = {0}, xlsx = {0};
	struct output *const both[] = {&pdf, &xlsx};
	struct error err = {0};
	assert_int_equal(output_begin(&pdf, s->pdf, &err), 0);
	assert_int_equal(output_begin(&xlsx, s->xlsx, &err), 0);
	assert_non_null(strstr(pdf.tmp_path, "/.annex.pdf."));
	write_bytes(pdf.tmp_path, GOOD_PDF, sizeof GOOD_PDF - 1);
	write_bytes(xlsx.tmp_path, GOOD_ZIP, sizeof GOOD_ZIP);
	assert_int_equal(output_commit(both, 2, &err), 0);
	assert_null(pdf.tmp_path);
	output_abort(&pdf); /* harmless after commit */
	assert_content(s->pdf, GOOD_PDF, sizeof GOOD_PDF - 1);
	assert_content(s->xlsx, GOOD_ZIP, sizeof GOOD_ZIP);
	assert_int_equal(entries(s->dir), 2);
}

/* A truncated PDF (no %%EOF: the disk filled up at fclose) replaces nothing. */
static void incomplete_file_replaces_nothing(void **state)
{
	struct scratch *s = *state;
	write_bytes(s->pdf, OLD_PDF, sizeof OLD_PDF - 1);
	write_bytes(s->xlsx, "old", 3);
	struct output pdf = {0}, xlsx = {0};
	struct output *const both[] = {&pdf, &xlsx};
	struct error err = {0};
	assert_int_equal(output_begin(&pdf, s->pdf, &err), 0);
	assert_int_equal(output_begin(&xlsx, s->xlsx, &err), 0);
	write_bytes(pdf.tmp_path, GOOD_PDF, 20);
	write_bytes(xlsx.tmp_path, GOOD_ZIP, sizeof GOOD_ZIP);
	assert_int_equal(output_commit(both, 2, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, s->pdf));
	assert_content(s->pdf, OLD_PDF, sizeof OLD_PDF - 1);
	assert_content(s->xlsx, "old", 3);
	assert_int_equal(entries(s->dir), 2);
}

/* The second output incomplete: the first, though fine, is not committed either. */
static void second_incomplete_first_not_committed(void **state)
{
	struct scratch *s = *state;
	write_bytes(s->pdf, OLD_PDF, sizeof OLD_PDF - 1);
	struct output pdf = {0}, xlsx = {0};
	struct output *const both[] = {&pdf, &xlsx};
	struct error err = {0};
	assert_int_equal(output_begin(&pdf, s->pdf, &err), 0);
	assert_int_equal(output_begin(&xlsx, s->xlsx, &err), 0);
	write_bytes(pdf.tmp_path, GOOD_PDF, sizeof GOOD_PDF - 1);
	write_bytes(xlsx.tmp_path, "PK\x03\x04 truncated", 15);
	assert_int_equal(output_commit(both, 2, &err), -1);
	assert_non_null(strstr(err.text, s->xlsx));
	assert_content(s->pdf, OLD_PDF, sizeof OLD_PDF - 1);
	assert_int_equal(entries(s->dir), 1);
}

static void abort_removes_temporary(void **state)
{
	struct scratch *s = *state;
	struct output out = {0};
	struct error err = {0};
	output_abort(&out); /* a zeroed struct is fine */
	assert_int_equal(output_begin(&out, s->pdf, &err), 0);
	assert_int_equal(entries(s->dir), 1);
	output_abort(&out);
	assert_null(out.tmp_path);
	assert_int_equal(entries(s->dir), 0);
}

static void unwritable_directory_names_the_path(void **state)
{
	struct scratch *s = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/missing/annex.pdf", s->dir);
	struct output out = {0};
	struct error err = {0};
	assert_int_equal(output_begin(&out, path, &err), -1);
	assert_int_equal(err.kind, ERR_IO);
	assert_non_null(strstr(err.text, path));
	assert_null(out.tmp_path);
	output_abort(&out);
	/* A directory that is a regular file. */
	write_bytes(s->pdf, "x", 1);
	assert_int_equal(make_dirs(s->pdf, &err), -1);
	assert_non_null(strstr(err.text, s->pdf));
}

static void renderer_error_names_final_path(void **state)
{
	struct scratch *s = *state;
	struct output out = {0};
	struct error err = {0};
	assert_int_equal(output_begin(&out, s->xlsx, &err), 0);
	error_set(&err, ERR_IO, "cannot write %s: No space left on device", out.tmp_path);
	output_error_names_final(&out, &err);
	char want[256];
	snprintf(want, sizeof want, "cannot write %s: No space left on device", s->xlsx);
	assert_string_equal(err.text, want);
	output_abort(&out);
}

/*
 * SIGTERM while temporaries exist: they are removed, and the process dies
 * of SIGTERM. (output_begin installs the handler; the test runner must not
 * start us with SIGTERM ignored, which output.c respects.)
 */
static void signal_removes_temporaries(void **state)
{
	struct scratch *s = *state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct output pdf = {0}, xlsx = {0};
		struct error err = {0};
		if (output_begin(&pdf, s->pdf, &err) || output_begin(&xlsx, s->xlsx, &err))
			_exit(1);
		raise(SIGTERM);
		_exit(2); /* not reached */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(entries(s->dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(commit_replaces_both, setup, teardown),
	    cmocka_unit_test_setup_teardown(incomplete_file_replaces_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(second_incomplete_first_not_committed, setup, teardown),
	    cmocka_unit_test_setup_teardown(abort_removes_temporary, setup, teardown),
	    cmocka_unit_test_setup_teardown(unwritable_directory_names_the_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(renderer_error_names_final_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(signal_removes_temporaries, setup, teardown),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}

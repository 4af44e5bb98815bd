/* Unit tests: a job's files kept inside its folder (path.c), and read_file refusing what is not a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "input/decode.h"
#include "input/path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/phuluc-path-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	char path[160];
	snprintf(path, sizeof path, "%s/sub", dir);
	mkdir(path, 0700);
	put("a.csv", "ma\n");
	put("sub/b.csv", "ma\n");
	snprintf(path, sizeof path, "%s/out.csv", dir);
	if (symlink("/etc/hostname", path))
		return -1;
	snprintf(path, sizeof path, "%s/in.csv", dir);
	if (symlink("sub/b.csv", path))
		return -1;
	snprintf(path, sizeof path, "%s/fifo", dir);
	return mkfifo(path, 0600);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void names_inside(void **state)
{
	(void)state;
	assert_int_equal(path_check_inside(dir, "a.csv"), PATH_INSIDE);
	assert_int_equal(path_check_inside(dir, "./sub/b.csv"), PATH_INSIDE);
	assert_int_equal(path_check_inside(dir, "sub/../a.csv"), PATH_INSIDE);
	assert_int_equal(path_check_inside(dir, "in.csv"), PATH_INSIDE);
	/* Not there: the reader says "cannot open". */
	assert_int_equal(path_check_inside(dir, "khong-co.csv"), PATH_INSIDE);
}

static void names_outside(void **state)
{
	(void)state;
	assert_int_equal(path_check_inside(dir, "/etc/passwd"), PATH_OUTSIDE);
	assert_int_equal(path_check_inside(dir, "../x.csv"), PATH_OUTSIDE);
	assert_int_equal(path_check_inside(dir, "sub/../../x.csv"), PATH_OUTSIDE);
	assert_int_equal(path_check_inside(dir, "../../../../../../etc/passwd"), PATH_OUTSIDE);
	assert_int_equal(path_check_inside(dir, "out.csv"), PATH_OUTSIDE);
}

static void not_files(void **state)
{
	(void)state;
	assert_int_equal(path_check_inside(dir, "sub"), PATH_NOT_REGULAR);
	assert_int_equal(path_check_inside(dir, "."), PATH_NOT_REGULAR);
	assert_int_equal(path_check_inside(dir, "fifo"), PATH_NOT_REGULAR);
}

/* A FIFO is refused at once (opening it used to wait for a writer forever). */
static void read_file_refuses_fifo_and_directory(void **state)
{
	(void)state;
	char path[160];
	char *bytes = NULL;
	size_t len = 0;
	struct error err = {0};
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(read_file(path, &bytes, &len, &err), -1);
	assert_non_null(strstr(err.text, "not a regular file"));
	snprintf(path, sizeof path, "%s/sub", dir);
	assert_int_equal(read_file(path, &bytes, &len, &err), -1);
	snprintf(path, sizeof path, "%s/a.csv", dir);
	assert_int_equal(read_file(path, &bytes, &len, &err), 0);
	assert_int_equal(len, 3);
	assert_string_equal(bytes, "ma\n");
	free(bytes);
	assert_int_equal(read_file_max(path, 2, &bytes, &len, &err), -1);
	assert_int_equal(err.kind, ERR_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_inside),
	    cmocka_unit_test(names_outside),
	    cmocka_unit_test(not_files),
	    cmocka_unit_test(read_file_refuses_fifo_and_directory),
	};
	return cmocka_run_group_tests_name("path", tests, setup, teardown);
}

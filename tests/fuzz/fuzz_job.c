/*
 * fuzz_job.c — libFuzzer harness for the job file: each input is a job's
 * phuluc.ini, read with job_read (the INI reader, years, tolerance, and the
 * check that every data file stays inside the job). The job directory holds
 * one real data file and a symlink leading out of it, so names in the input
 * can meet both.
 *
 * Built and run by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined).
 */
#include "base/error.h"
#include "base/finding.h"
#include "input/job.h"
#include "scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void remove_scratch(void)
{
	const char *names[] = {"phuluc.ini", "dia_ban.csv", "ra_ngoai.csv"};
	char path[128];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		path_in(path, sizeof path, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	scratch_make(dir, sizeof dir, "phuluc-fuzz-job");
	scratch_write(dir, "dia_ban.csv", (const uint8_t *)"ma,ten,cap\n1,A,xa\n", 18);
	char link[128];
	path_in(link, sizeof link, "ra_ngoai.csv");
	if (symlink("/etc/hostname", link))
		abort();
	atexit(remove_scratch);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	scratch_write(dir, "phuluc.ini", data, size);
	struct findings fs = {.lang = LANG_VI};
	struct error err = {0};
	struct job job;
	if (job_read(dir, &job, &fs, &err) == 0) {
		const char *names[16];
		int n = job_data_files(&job, names, 16);
		size_t total = 0;
		for (int i = 0; i < n; i++)
			total += strlen(names[i]); /* every name a whole string: ASan sees an over-read */
		(void)total;
		findings_sort(&fs);
	}
	job_free(&job);
	findings_free(&fs);
	return 0;
}

/*
 * fuzz_template.c — libFuzzer harness for annex templates: each input is a
 * job's own template (JOB/templates/f.yaml), read with template_load (size
 * bound, alias and node checks, libyaml, the reader of every key), then
 * asked which figures it needs for a three-year job, as the pipeline does.
 *
 * Built and run by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined).
 */
#include "base/error.h"
#include "input/job.h"
#include "layout/annex.h"
#include "layout/template.h"
#include "scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64], templates[96], file[128];

static void remove_scratch(void)
{
	unlink(file);
	rmdir(templates);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	scratch_make(dir, sizeof dir, "phuluc-fuzz-tpl");
	snprintf(templates, sizeof templates, "%s/templates", dir);
	snprintf(file, sizeof file, "%s/f.yaml", templates);
	if (mkdir(templates, 0700))
		abort();
	atexit(remove_scratch);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	scratch_write(templates, "f.yaml", data, size);
	struct template t;
	struct error err = {0};
	if (template_load("f", dir, NULL, &t, &err) == 0) {
		struct job job = {.n_years = 3, .years = {2023, 2024, 2025}};
		bool needs[JOB_MAX_YEARS][IND_COUNT];
		annex_needs(&t, &job, needs);
		bool shows[IND_COUNT];
		annex_progress_needs(&t, shows);
	}
	template_free(&t);
	return 0;
}

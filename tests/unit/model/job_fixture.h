/*
 * job_fixture.h — small jobs for the unit tests of the model and check
 * stages, written as CSV text to a temporary folder and read the way
 * `phuluc` reads them (job_read, job_data_load):
 *
 *   struct tmp_job t;
 *   tmp_job_init(&t, "[phu_luc]\nnam = 2025\n...");
 *   tmp_job_write(&t, "dia_ban.csv", "ma,ten\n1,Xã A\n");
 *   assert_int_equal(tmp_job_load(&t), 0);
 *   const struct finding *f = tmp_job_finding(&t, "component-sum", 0);
 *   tmp_job_free(&t);   // frees everything and removes the folder
 *
 * Findings are in English (LANG_EN) unless the test sets t.fs.lang first.
 */
#ifndef PHULUC_TEST_JOB_FIXTURE_H
#define PHULUC_TEST_JOB_FIXTURE_H

#include "base/finding.h"
#include "input/job.h"
#include "model/job_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tmp_job {
	char dir[64];
	struct job job;
	bool has_job;
	struct job_data data;
	struct findings fs;
	struct error err;
};

static inline void tmp_job_write(struct tmp_job *t, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", t->dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

/* A fresh folder with phuluc.ini holding `ini`. */
static inline void tmp_job_init(struct tmp_job *t, const char *ini)
{
	memset(t, 0, sizeof *t);
	t->fs.lang = LANG_EN;
	snprintf(t->dir, sizeof t->dir, "/tmp/phuluc-unit-XXXXXX");
	if (!mkdtemp(t->dir))
		abort();
	tmp_job_write(t, "phuluc.ini", ini);
}

/* Reads the job and its data; returns what job_data_load returns (-1 also when job_read fails). */
static inline int tmp_job_load(struct tmp_job *t)
{
	if (job_read(t->dir, &t->job, &t->fs, &t->err))
		return -1;
	t->has_job = true;
	return job_data_load(&t->data, &t->job, &t->fs, &t->err);
}

/* The n-th finding (from 0) of a rule, in the order they were made; NULL if there are fewer. */
static inline const struct finding *tmp_job_finding(const struct tmp_job *t, const char *rule, int n)
{
	for (int i = 0; i < t->fs.n; i++)
		if (strcmp(t->fs.v[i].rule, rule) == 0 && n-- == 0)
			return &t->fs.v[i];
	return NULL;
}

/* How many findings a rule has. */
static inline int tmp_job_count(const struct tmp_job *t, const char *rule)
{
	int n = 0;
	while (tmp_job_finding(t, rule, n))
		n++;
	return n;
}

static inline void tmp_job_free(struct tmp_job *t)
{
	job_data_free(&t->data);
	if (t->has_job)
		job_free(&t->job);
	findings_free(&t->fs);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		abort();
}

#endif

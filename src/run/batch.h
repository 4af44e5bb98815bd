/*
 * batch.h — `phuluc batch ROOT -o OUT [-j N]` (SPEC §4): every job directory
 * under ROOT (a directory holding phuluc.ini, at any depth) is run through
 * the pipeline by a pool of N worker processes; job ROOT/a/b writes its
 * outputs under OUT/a/b/. A failing job does not stop the others.
 *
 * At the end OUT/manifest.csv and OUT/manifest.json (job, status, outputs
 * with bytes and SHA-256, error and warning counts, milliseconds) are
 * written together, atomically. Apart from the milliseconds, a re-run on
 * unchanged input gives byte-identical outputs and manifest, with any
 * number of workers.
 *
 * Resuming: after a job's outputs are in place, its worker writes
 * OUT/<job>/.phuluc-stamp: a SHA-256 over everything the job reads (the job
 * file, its data files, its template, the fonts, the program version and
 * options) and the job's result. A later batch that finds the same digest
 * and the same outputs (size and SHA-256) reuses the result instead of
 * rendering again, so a batch that was killed halfway completes the rest
 * and a re-run after fixing one job redoes that job only. --force renders
 * everything again.
 */
#ifndef PHULUC_BATCH_H
#define PHULUC_BATCH_H

#include "base/error.h"
#include "base/finding.h"
#include "input/decode.h"

#include <stdbool.h>
#include <stdint.h>

#define BATCH_MAX_WORKERS 256

struct batch_options {
	const char *root;	/* the tree of jobs */
	const char *out_dir;	/* created if needed */
	int workers;		/* 1..BATCH_MAX_WORKERS; 0: the number of cores */
	bool rerun_all;		/* do not reuse the results of unchanged jobs */
	bool progress;		/* a progress line on stderr (a terminal) */
	enum lang lang;		/* of findings and the summary */
	enum encoding encoding; /* of every job's CSV files; ENC_AUTO: detected */
	const char *font_dir;	/* resolved font directory */
	int64_t created;	/* metadata date of every output */
};

/*
 * Runs the batch. Findings of each job and a summary go to stderr. Returns
 * the exit status: 0 every job done, 1 a job had errors in its data (or a
 * job file or template problem), 2 no job under ROOT or bad options, 3 an
 * I/O failure (a job's or the manifest's) or a worker that died.
 */
int batch_run(const struct batch_options *o);

#endif

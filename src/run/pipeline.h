/*
 * pipeline.h — one job, start to finish: job file → model → checks →
 * document → PDF + XLSX. `phuluc build`/`check` run it once; `phuluc batch`
 * runs it for every job of a tree. It prints nothing: the findings and the
 * error come back in the result, and the caller decides where they go.
 */
#ifndef PHULUC_PIPELINE_H
#define PHULUC_PIPELINE_H

#include "base/error.h"
#include "base/finding.h"
#include "input/decode.h"
#include "render/render.h"

#include <stdbool.h>
#include <stdint.h>

#define PIPELINE_MAX_OUTPUTS 4

struct pipeline_options {
	bool build;		 /* write outputs; false: check only */
	bool draft;		 /* write them even with errors, marked DỰ THẢO */
	enum lang lang;		 /* of the findings */
	enum encoding encoding;	 /* of the job's CSV files; ENC_AUTO: detected per file */
	const char *out_dir;	 /* where OUT/<job name>.pdf|.xlsx go (created if needed) */
	const char *font_dir;	 /* directory with LiberationSerif-{Regular,Bold,Italic}.ttf */
	int64_t created;	 /* metadata date (see document.h) */
	bool defer_sync;	 /* no fsync per file: the caller syncs the tree later (batch) */
	struct metrics *metrics; /* optional: the fonts of font_dir, opened once for many jobs */
};

struct pipeline_result {
	int status;		  /* exit status: 0 done, 1 data errors, 2 usage, 3 I/O */
	struct findings findings; /* sorted by file and line */
	struct error err;	  /* set when status is 2 or 3 */
	int n_outputs;		  /* files written (final paths), in a fixed order */
	char *outputs[PIPELINE_MAX_OUTPUTS];
};

/*
 * Runs the job in job_dir. Always fills r (free it with
 * pipeline_result_free) and returns r->status.
 */
int pipeline_run(const char *job_dir, const struct pipeline_options *o, struct pipeline_result *r);

/*
 * For a run that stopped on an error: r->status becomes the error's kind, or
 * 3 with "internal error" when none was set. Returns r->status.
 */
int pipeline_result_fail(struct pipeline_result *r);

/*
 * After the checks of a run: -1 with r->err set when a finding could not be
 * stored (out of memory); otherwise r->status becomes 1 if r->findings has
 * an error, 0 if not, and 0 is returned.
 */
int pipeline_result_checked(struct pipeline_result *r);

void pipeline_result_free(struct pipeline_result *r); /* accepts a zeroed struct */

/*
 * The font directory to use: `given` if not NULL, else $PHULUC_FONT_DIR,
 * else phuluc's own fonts (share/phuluc/fonts, or the checkout's fonts/ for a
 * build-tree binary: run/resources.h) if they are there, else Debian's
 * liberation2. storage: RESOURCE_PATH_MAX bytes of the caller's, which the
 * result may point into.
 */
const char *pipeline_font_dir(const char *given, char *storage);

/* The three faces' files in a font directory, as struct font_files (render.h) points to them. */
struct font_paths {
	char regular[4096], bold[4096], italic[4096];
};
struct font_files font_paths_in(const char *dir, struct font_paths *storage);

/* SOURCE_DATE_EPOCH, or 0 when unset or not a number. */
int64_t pipeline_source_date(void);

#endif

/*
 * output.h — writing outputs so that a failure never leaves a truncated
 * file or replaces a good one: each output is rendered into a temporary
 * file in the target directory, flushed to disk, then renamed into place.
 *
 *   struct output out;
 *   if (output_begin(&out, "out/annex.pdf", &err)) ...   // out.tmp_path to write
 *   if (render_pdf(&doc, &fonts, out.tmp_path, &err)) output_abort(&out);
 *   else output_commit(&out, &err);
 */
#ifndef PHULUC_OUTPUT_H
#define PHULUC_OUTPUT_H

#include "error.h"

struct output {
	char *final_path;
	char *tmp_path; /* hidden file beside final_path */
};

/* Creates the temporary file. Returns 0, or -1 with err (ERR_IO). */
int output_begin(struct output *out, const char *final_path, struct error *err);

/* fsyncs the temporary file, renames it over final_path, fsyncs the directory; frees out. */
int output_commit(struct output *out, struct error *err);

/* Removes the temporary file; frees out. Accepts a zeroed struct. */
void output_abort(struct output *out);

/* Creates a directory and its parents (like mkdir -p). Returns 0 or -1 with err. */
int make_dirs(const char *path, struct error *err);

#endif

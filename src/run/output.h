/*
 * output.h — writing outputs so that a failure never leaves a truncated
 * file or replaces a good one (SPEC §3): each output is rendered into a
 * temporary file beside its final path; only when every output of the job
 * has been rendered are they checked, flushed to disk and renamed into
 * place together.
 *
 *   struct output pdf = {0}, xlsx = {0};
 *   if (output_begin(&pdf, "out/annex.pdf", &err) == 0 &&
 *       output_begin(&xlsx, "out/annex.xlsx", &err) == 0 &&
 *       render_pdf_planned(&doc, &fonts, pdf.tmp_path, NULL, &err) == 0 &&
 *       render_xlsx_planned(&doc, &fonts, NULL, xlsx.tmp_path, &err) == 0) {
 *           struct output *both[] = {&pdf, &xlsx};
 *           rc = output_commit(both, 2, &err);
 *   }
 *   output_abort(&pdf);   // no-op after a commit
 *   output_abort(&xlsx);
 *
 * Signals: the first output_begin installs a handler for SIGINT, SIGTERM
 * and SIGHUP (unless the signal is ignored) that removes every temporary
 * file not yet committed or aborted, then dies of the same signal. So an
 * interrupted run leaves the previous outputs as they were and no
 * temporary behind. This is the program's one piece of global mutable
 * state: a fixed table of OUTPUT_MAX_PENDING temporary paths, because a
 * signal handler can reach nothing else.
 */
#ifndef PHULUC_OUTPUT_H
#define PHULUC_OUTPUT_H

#include "base/error.h"

/* Temporaries that can be open at once (a job has two outputs). */
#define OUTPUT_MAX_PENDING 8

struct output {
	char *final_path;
	char *tmp_path; /* hidden file ".NAME.PID.XXXXXX" beside final_path; render into it */
	int slot;	/* index in the signal handler's table */
};

/*
 * Creates the (empty) temporary file and registers it with the signal
 * handler. First removes, from final_path's directory, the temporaries an
 * earlier phuluc left there when it was killed with SIGKILL or died: files
 * named ".NAME.PID.XXXXXX" (NAME ending in .pdf, .xlsx, .txt, .csv or
 * .json, or .phuluc-stamp) whose process PID no longer exists; nothing else. Returns 0, or -1 with err
 * (ERR_IO, naming final_path): directory not writable, read-only file system, path too long, too many
 * pending.
 */
int output_begin(struct output *out, const char *final_path, struct error *err);

/*
 * Commits n rendered outputs together. First, for each: checks that the
 * temporary is complete (a PDF must end with its %%EOF marker, an XLSX with
 * the ZIP end record — a library that ignored a failed write on a full disk
 * is caught here) and fsyncs it. Only if all pass are they renamed over
 * their final paths, with SIGINT/SIGTERM/SIGHUP held back so a signal cannot
 * land between two renames; then the directories are fsynced. The set is
 * replaced as one: each previous file is kept aside (a hard link) until all
 * renames have succeeded, and if one fails those already renamed are put
 * back (or removed, where there was no previous file). Returns 0, or -1
 * with err naming the path at fault; on failure every temporary is removed.
 * Frees the outputs either way.
 */
int output_commit(struct output *const *outs, int n, struct error *err);

/*
 * The same without the fsyncs: the files are complete and renamed together,
 * so no process sees a partial file, but a power cut may lose them. For
 * callers that make a whole tree durable at once afterwards (`phuluc batch`
 * calls syncfs before it writes its manifest, which is synced).
 */
int output_commit_unsynced(struct output *const *outs, int n, struct error *err);

/*
 * A renderer's error names the file it was given, the hidden temporary;
 * the user knows only the final path. Rewrites err's text to name it.
 */
void output_error_names_final(const struct output *out, struct error *err);

/* Removes the temporary file, unregisters it; frees out. Accepts a zeroed or committed struct. */
void output_abort(struct output *out);

/*
 * The base name of a job's outputs: the job directory's last path component
 * `name` as given, unless it is empty or starts with a dot ("." for `phuluc
 * build .`, "..", ".hidden"): then the real name of job_dir (realpath), its
 * leading dots dropped; "phu-luc" if nothing is left (the root directory).
 * Returns a string the caller frees, or NULL when out of memory.
 */
char *output_base_name(const char *job_dir, const char *name);

/* Creates a directory and its parents (like mkdir -p). Returns 0 or -1 with err (ERR_USAGE for ""). */
int make_dirs(const char *path, struct error *err);

#endif

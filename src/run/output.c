/*
 * output.c — temporary files, completeness check, fsync, rename, and the
 * signal handler that cleans up after an interrupted run (see output.h).
 *
 * The signal handler is the one exception to "no global mutable state" in
 * this program: a handler gets only the signal number, so the paths it must
 * remove have to live where it can reach them. They live in a fixed table
 * (no allocation, nothing the handler could find half-built): output_begin
 * copies the path into a free slot and only then marks it used; commit and
 * abort clear the mark. The handler only calls unlink, signal and raise,
 * which are async-signal-safe.
 */
#include "run/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
	char path[PATH_MAX];
	volatile sig_atomic_t used;
} pending[OUTPUT_MAX_PENDING];

static bool handlers_installed; /* touched only outside the handler */

static const int CAUGHT_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CAUGHT (int)(sizeof CAUGHT_SIGNALS / sizeof *CAUGHT_SIGNALS)

static void remove_pending_and_die(int sig)
{
	for (int i = 0; i < OUTPUT_MAX_PENDING; i++)
		if (pending[i].used)
			unlink(pending[i].path);
	/* Die of the same signal, so the parent (shell, batch runner) sees why. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	if (handlers_installed)
		return;
	handlers_installed = true;
	for (int i = 0; i < N_CAUGHT; i++) {
		struct sigaction old, act = {.sa_handler = remove_pending_and_die};
		sigemptyset(&act.sa_mask);
		/* A signal ignored by whoever started us (nohup, `cmd &`) stays ignored. */
		if (sigaction(CAUGHT_SIGNALS[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(CAUGHT_SIGNALS[i], &act, NULL);
	}
}

static int register_pending(const char *path)
{
	for (int i = 0; i < OUTPUT_MAX_PENDING; i++)
		if (!pending[i].used) {
			memcpy(pending[i].path, path, strlen(path) + 1);
			/* The path must be complete before the handler may read it. */
			atomic_signal_fence(memory_order_seq_cst);
			pending[i].used = 1;
			return i;
		}
	return -1;
}

static void unregister_pending(int slot)
{
	if (slot >= 0 && slot < OUTPUT_MAX_PENDING)
		pending[slot].used = 0;
}

static void block_caught_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (int i = 0; i < N_CAUGHT; i++)
		sigaddset(&set, CAUGHT_SIGNALS[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

int make_dirs(const char *path, struct error *err)
{
	char *p = strdup(path);
	if (!p)
		return error_set(err, ERR_IO, "out of memory");
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				int e = errno;
				free(p);
				return error_set(err, ERR_IO, "cannot create directory %s: %s", path,
						 strerror(e));
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return error_set(err, ERR_IO, "cannot write to %s: not a directory", path);
	return 0;
}

static void output_release(struct output *out)
{
	free(out->tmp_path);
	free(out->final_path);
	memset(out, 0, sizeof *out);
}

int output_begin(struct output *out, const char *final_path, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->slot = -1;
	char *copy = strdup(final_path);
	out->final_path = strdup(final_path);
	const char *slash = strrchr(final_path, '/');
	const char *base = slash ? slash + 1 : final_path;
	if (!copy || !out->final_path || asprintf(&out->tmp_path, "%s/.%s.XXXXXX", dirname(copy), base) < 0) {
		out->tmp_path = NULL;
		free(copy);
		output_release(out);
		return error_set(err, ERR_IO, "out of memory");
	}
	free(copy);
	if (strlen(out->tmp_path) >= PATH_MAX) {
		output_release(out);
		return error_set(err, ERR_IO, "cannot write %s: path too long", final_path);
	}
	install_handlers();
	/*
	 * Signals wait until the new file is registered: delivered between
	 * mkstemp and registration, they would leave it behind.
	 */
	sigset_t old;
	block_caught_signals(&old);
	int fd = mkstemp(out->tmp_path);
	int e = errno;
	if (fd >= 0)
		out->slot = register_pending(out->tmp_path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		output_release(out);
		return error_set(err, ERR_IO, "cannot write %s: %s", final_path, strerror(e));
	}
	if (out->slot < 0) {
		unlink(out->tmp_path);
		close(fd);
		output_release(out);
		return error_set(err, ERR_IO, "cannot write %s: more than %d outputs pending", final_path,
				 OUTPUT_MAX_PENDING);
	}
	/* mkstemp makes the file 0600; an output should get the usual 0666 & ~umask. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	close(fd);
	return 0;
}

void output_abort(struct output *out)
{
	if (!out->tmp_path)
		return;
	unlink(out->tmp_path);
	unregister_pending(out->slot);
	output_release(out);
}

void output_error_names_final(const struct output *out, struct error *err)
{
	if (!out->tmp_path || !err)
		return;
	char *at = strstr(err->text, out->tmp_path);
	if (!at)
		return;
	char rest[sizeof err->text];
	snprintf(rest, sizeof rest, "%s", at + strlen(out->tmp_path));
	*at = '\0';
	size_t used = strlen(err->text);
	snprintf(err->text + used, sizeof err->text - used, "%s%s", out->final_path, rest);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* True if the n bytes at buf contain the k bytes at what. */
static bool contains(const char *buf, size_t n, const char *what, size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(buf + i, what, k) == 0)
			return true;
	return false;
}

/*
 * Checks that the temporary holds a whole file and fsyncs it. A library
 * that ignores the failure of its last write (disk full at fclose) leaves a
 * truncated file and reports success; the end of the file shows it: a PDF
 * ends with "%%EOF" (plus a line end), a ZIP (XLSX) with its end-of-central-
 * directory record, at most 22 + 65535 (comment) bytes from the end.
 */
static int check_and_sync(const struct output *out, bool sync, struct error *err)
{
	int fd = open(out->tmp_path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return error_set(err, ERR_IO, "cannot write %s: %s", out->final_path, strerror(e));
	}
	const char *marker = NULL;
	size_t marker_len = 0, window = 0;
	if (has_suffix(out->final_path, ".pdf"))
		marker = "%%EOF", marker_len = 5, window = 64;
	else if (has_suffix(out->final_path, ".xlsx"))
		marker = "PK\x05\x06", marker_len = 4, window = 22 + 65535;
	bool complete = st.st_size > 0;
	if (complete && marker) {
		size_t n = (size_t)st.st_size < window ? (size_t)st.st_size : window;
		char *tail = malloc(n);
		if (!tail) {
			close(fd);
			return error_set(err, ERR_IO, "out of memory");
		}
		ssize_t got = pread(fd, tail, n, st.st_size - (off_t)n);
		complete = got == (ssize_t)n && contains(tail, n, marker, marker_len);
		free(tail);
	}
	if (!complete) {
		close(fd);
		return error_set(err, ERR_IO, "cannot write %s: the file came out incomplete (disk full?)",
				 out->final_path);
	}
	if (sync && fsync(fd) != 0) {
		int e = errno;
		close(fd);
		return error_set(err, ERR_IO, "cannot write %s: %s", out->final_path, strerror(e));
	}
	close(fd);
	return 0;
}

/* Makes a rename in path's directory durable. Best effort: some file systems refuse. */
static void sync_parent(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return;
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(copy);
}

static int commit(struct output *const *outs, int n, bool sync, struct error *err)
{
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		rc = check_and_sync(outs[i], sync, err);
	if (rc == 0) {
		sigset_t old;
		block_caught_signals(&old);
		for (int i = 0; i < n && rc == 0; i++) {
			if (rename(outs[i]->tmp_path, outs[i]->final_path) != 0) {
				int e = errno;
				rc = error_set(err, ERR_IO, "cannot write %s: %s", outs[i]->final_path,
					       strerror(e));
				break;
			}
			unregister_pending(outs[i]->slot);
			if (sync)
				sync_parent(outs[i]->final_path);
			output_release(outs[i]);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	for (int i = 0; i < n; i++)
		output_abort(outs[i]);
	return rc;
}

int output_commit(struct output *const *outs, int n, struct error *err)
{
	return commit(outs, n, true, err);
}

int output_commit_unsynced(struct output *const *outs, int n, struct error *err)
{
	return commit(outs, n, false, err);
}

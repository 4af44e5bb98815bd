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

#include <ctype.h>
#include <dirent.h>
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
	/* The loop below starts at the second byte: an empty path would be read past its end. */
	if (!path[0])
		return error_set(err, ERR_USAGE, "the output directory is empty (-o \"\")");
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

char *output_base_name(const char *job_dir, const char *name)
{
	char *real = NULL;
	/* ".", ".." or a name ending in them: the directory's own name. */
	if (!name[0] || name[0] == '.')
		real = realpath(job_dir, NULL);
	const char *use = name;
	if (real) {
		const char *slash = strrchr(real, '/');
		use = slash ? slash + 1 : real;
	}
	/* Never a hidden file (".x.pdf"), never an empty name ("/" as the job). */
	while (*use == '.')
		use++;
	char *out = strdup(*use ? use : "phu-luc");
	free(real);
	return out;
}

static void output_release(struct output *out)
{
	free(out->tmp_path);
	free(out->final_path);
	memset(out, 0, sizeof *out);
}

/* The NAME of a temporary ".NAME.PID.XXXXXX" that phuluc makes: one of its outputs, manifests or stamp. */
static bool ours(const char *name, size_t len)
{
	static const char *const suffix[] = {".pdf", ".xlsx", ".txt", ".csv", ".json"};
	if (len == strlen(".phuluc-stamp") && memcmp(name, ".phuluc-stamp", len) == 0)
		return true;
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		size_t k = strlen(suffix[i]);
		if (len > k && memcmp(name + len - k, suffix[i], k) == 0)
			return true;
	}
	return false;
}

/*
 * The process id in a temporary's name ".NAME.PID.XXXXXX" (as output_begin
 * and output_commit make them), or 0 if the name is not one.
 */
static long temporary_pid(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 + 1 + 1 + 1 + 1 + 6 || name[0] != '.' || name[n - 7] != '.')
		return 0;
	for (size_t i = n - 6; i < n; i++)
		if (!isalnum((unsigned char)name[i]))
			return 0;
	size_t end = n - 7, start = end;
	while (start > 0 && isdigit((unsigned char)name[start - 1]))
		start--;
	if (start == end || end - start > 9 || name[start - 1] != '.' || !ours(name + 1, start - 2))
		return 0;
	return strtol(name + start, NULL, 10);
}

/*
 * Removes the temporaries that a phuluc killed with SIGKILL (or a batch
 * worker that died) left in dir: phuluc's own names only (temporary_pid),
 * regular files of this user, made by a process that no longer exists. A
 * live process's temporaries, another program's files and anything else
 * stay. Best effort: nothing here can fail a run.
 */
static void remove_stale_temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	int dfd = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		long pid = temporary_pid(e->d_name);
		struct stat st;
		if (pid <= 0 || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			unlinkat(dfd, e->d_name, 0);
	}
	closedir(d);
}

int output_begin(struct output *out, const char *final_path, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->slot = -1;
	char *copy = strdup(final_path);
	out->final_path = strdup(final_path);
	const char *slash = strrchr(final_path, '/');
	const char *base = slash ? slash + 1 : final_path;
	const char *dir = copy ? dirname(copy) : NULL;
	if (!copy || !out->final_path ||
	    asprintf(&out->tmp_path, "%s/.%s.%ld.XXXXXX", dir, base, (long)getpid()) < 0) {
		out->tmp_path = NULL;
		free(copy);
		output_release(out);
		return error_set(err, ERR_IO, "out of memory");
	}
	remove_stale_temporaries(dir);
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

/*
 * Keeps what is at out's final path under a name of its own (a hard link
 * ".NAME.PID.XXXXXX" beside it, so the final path never goes missing), for
 * putting back if a later rename of the set fails. Returns the backup's
 * path (caller frees), or NULL when there is nothing to keep or no way to
 * keep it (no previous file, not a regular file, a file system without
 * hard links: then that one file cannot be put back).
 */
static char *keep_previous(const struct output *out)
{
	struct stat st;
	if (lstat(out->final_path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	char *copy = strdup(out->final_path), *bak = NULL;
	const char *slash = strrchr(out->final_path, '/');
	const char *base = slash ? slash + 1 : out->final_path;
	if (!copy || asprintf(&bak, "%s/.%s.%ld.XXXXXX", dirname(copy), base, (long)getpid()) < 0)
		bak = NULL;
	free(copy);
	int fd = bak ? mkstemp(bak) : -1;
	/* mkstemp only found a free name; the link takes it over. */
	if (fd >= 0) {
		close(fd);
		unlink(bak);
	}
	if (fd < 0 || link(out->final_path, bak) != 0) {
		free(bak);
		return NULL;
	}
	return bak;
}

/*
 * Renames the n temporaries over their final paths, all or none: before
 * the first rename each previous file is kept aside (keep_previous); if a
 * rename fails, the ones already done are undone (the previous file put
 * back, or the new one removed where there was none). Signals are held
 * back throughout. Returns 0, or -1 with err naming the path at fault.
 */
static int rename_all(struct output *const *outs, int n, bool sync, struct error *err)
{
	char *bak[OUTPUT_MAX_PENDING] = {0};
	bool keep[OUTPUT_MAX_PENDING] = {0}; /* a previous file that could not be put back stays there */
	int rc = 0, done = 0;
	sigset_t old;
	block_caught_signals(&old);
	for (int i = 0; i < n && i < OUTPUT_MAX_PENDING; i++)
		bak[i] = keep_previous(outs[i]);
	for (; done < n; done++) {
		if (rename(outs[done]->tmp_path, outs[done]->final_path) != 0) {
			int e = errno;
			rc = error_set(err, ERR_IO, "cannot write %s: %s", outs[done]->final_path,
				       strerror(e));
			break;
		}
	}
	for (int i = 0; rc && i < done; i++) {
		if (bak[i] ? rename(bak[i], outs[i]->final_path) != 0 : unlink(outs[i]->final_path) != 0)
			keep[i] = bak[i] != NULL;
	}
	for (int i = 0; i < n && i < OUTPUT_MAX_PENDING; i++) {
		if (bak[i] && !keep[i])
			unlink(bak[i]);
		free(bak[i]);
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		unregister_pending(outs[i]->slot);
		if (sync)
			sync_parent(outs[i]->final_path);
		output_release(outs[i]);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static int commit(struct output *const *outs, int n, bool sync, struct error *err)
{
	int rc = 0;
	if (n > OUTPUT_MAX_PENDING)
		rc = error_set(err, ERR_IO, "more than %d outputs in one commit", OUTPUT_MAX_PENDING);
	for (int i = 0; i < n && rc == 0; i++)
		rc = check_and_sync(outs[i], sync, err);
	if (rc == 0)
		rc = rename_all(outs, n, sync, err);
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

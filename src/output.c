/*
 * output.c — temporary file, fsync, rename (see output.h).
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		return error_set(err, ERR_IO, "%s is not a directory", path);
	return 0;
}

int output_begin(struct output *out, const char *final_path, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *copy = strdup(final_path);
	out->final_path = strdup(final_path);
	if (!copy || !out->final_path) {
		free(copy);
		free(out->final_path);
		return error_set(err, ERR_IO, "out of memory");
	}
	char *dir = dirname(copy);
	const char *base = strrchr(final_path, '/') ? strrchr(final_path, '/') + 1 : final_path;
	if (asprintf(&out->tmp_path, "%s/.%s.XXXXXX", dir, base) < 0) {
		out->tmp_path = NULL;
		free(copy);
		free(out->final_path);
		return error_set(err, ERR_IO, "out of memory");
	}
	free(copy);
	int fd = mkstemp(out->tmp_path);
	if (fd < 0) {
		int e = errno;
		free(out->tmp_path);
		free(out->final_path);
		memset(out, 0, sizeof *out);
		return error_set(err, ERR_IO, "cannot write %s: %s", final_path, strerror(e));
	}
	fchmod(fd, 0644);
	close(fd);
	return 0;
}

static void output_release(struct output *out)
{
	free(out->tmp_path);
	free(out->final_path);
	memset(out, 0, sizeof *out);
}

void output_abort(struct output *out)
{
	if (out->tmp_path)
		unlink(out->tmp_path);
	output_release(out);
}

int output_commit(struct output *out, struct error *err)
{
	int fd = open(out->tmp_path, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		error_set(err, ERR_IO, "cannot write %s: %s", out->final_path, strerror(e));
		output_abort(out);
		return -1;
	}
	close(fd);
	if (rename(out->tmp_path, out->final_path) != 0) {
		int e = errno;
		error_set(err, ERR_IO, "cannot write %s: %s", out->final_path, strerror(e));
		output_abort(out);
		return -1;
	}
	/* Make the rename itself durable. */
	char *copy = strdup(out->final_path);
	if (copy) {
		int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(copy);
	}
	output_release(out);
	return 0;
}

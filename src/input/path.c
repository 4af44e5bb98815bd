/*
 * path.c — keeping a job's files inside its folder (see path.h): a lexical
 * check of the name first, then the real paths, so that both "../x" and a
 * symlink to /etc are refused the same way.
 */
#include "input/path.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* true if name, read component by component, never climbs above where it starts. */
static bool stays_below(const char *name)
{
	int depth = 0;
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			depth++;
		}
		p += len;
		p += *p == '/';
	}
	return true;
}

/* true if path is dir itself or below it (both real paths). */
static bool within(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

enum path_check path_check_inside(const char *dir, const char *name)
{
	if (name[0] == '/' || !stays_below(name))
		return PATH_OUTSIDE;
	char *joined = NULL;
	if (asprintf(&joined, "%s/%s", dir, name) < 0)
		return PATH_NO_MEMORY;
	char *real_dir = realpath(dir, NULL), *real_file = realpath(joined, NULL);
	free(joined);
	enum path_check rc = PATH_INSIDE;
	struct stat st;
	if (!real_dir || !real_file)
		/* Not there (or a dangling link): the reader's "cannot open" says so. */
		rc = errno == ENOMEM ? PATH_NO_MEMORY : PATH_INSIDE;
	else if (!within(real_dir, real_file))
		rc = PATH_OUTSIDE;
	else if (stat(real_file, &st) == 0 && !S_ISREG(st.st_mode))
		rc = PATH_NOT_REGULAR;
	free(real_dir);
	free(real_file);
	return rc;
}

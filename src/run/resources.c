/*
 * resources.c — the directories of phuluc's own files, found from
 * /proc/self/exe (see resources.h for the two layouts and why an installed
 * binary cannot reach a checkout).
 */
#include "run/resources.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const installed[] = {
    [RESOURCE_TEMPLATES] = "../share/phuluc/templates",
    [RESOURCE_FONTS] = "../share/phuluc/fonts",
    [RESOURCE_LOCALE] = "../share/locale",
};
static const char *const in_checkout[] = {
    [RESOURCE_TEMPLATES] = "templates",
    [RESOURCE_FONTS] = "fonts",
    [RESOURCE_LOCALE] = "build/locale",
};

/* The directory of the running executable, without a trailing slash. */
static int exe_dir(char *dir)
{
	ssize_t n = readlink("/proc/self/exe", dir, RESOURCE_PATH_MAX - 1);
	if (n <= 0)
		return -1;
	dir[n] = '\0';
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return -1;
	*slash = '\0';
	return 0;
}

/* dir := realpath(base/rel) if it is a directory. */
static int existing_dir(const char *base, const char *rel, char *dir)
{
	char path[RESOURCE_PATH_MAX + 256];
	char real[PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof path, "%s/%s", base, rel) >= (int)sizeof path)
		return -1;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !realpath(path, real))
		return -1;
	if (snprintf(dir, RESOURCE_PATH_MAX, "%s", real) >= RESOURCE_PATH_MAX)
		return -1;
	return 0;
}

/* The checkout named by the marker beside the executable: "<bin>/<line>". */
static int checkout_root(const char *bin, char *root)
{
	char marker[RESOURCE_PATH_MAX + 64], line[256];
	snprintf(marker, sizeof marker, "%s/" RESOURCE_BUILD_MARKER, bin);
	FILE *f = fopen(marker, "r");
	if (!f)
		return -1;
	int ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	if (!ok || !line[0])
		return -1;
	return existing_dir(bin, line, root);
}

int resource_dir(enum resource what, char *dir)
{
	char bin[RESOURCE_PATH_MAX], root[RESOURCE_PATH_MAX];
	dir[0] = '\0';
	if (exe_dir(bin))
		return -1;
	if (existing_dir(bin, installed[what], dir) == 0)
		return 0;
	if (checkout_root(bin, root) == 0 && existing_dir(root, in_checkout[what], dir) == 0)
		return 0;
	dir[0] = '\0';
	return -1;
}

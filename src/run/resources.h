/*
 * resources.h — where phuluc finds its own files (templates, the cut fonts,
 * the message catalogs): relative to the running executable, never through
 * a path compiled in.
 *
 * An installed binary <prefix>/bin/phuluc uses <prefix>/share/phuluc/templates,
 * <prefix>/share/phuluc/fonts and <prefix>/share/locale. A binary of the
 * build tree (build/phuluc, build/asan/phuluc) has beside it a marker file,
 * RESOURCE_BUILD_MARKER, written by the Makefile and never installed; its one
 * line is the path from the executable's directory to the checkout ("..",
 * "../.."), where it finds templates/, fonts/ and build/locale/. The installed
 * layout is tried first, and only a marker beside the executable leads
 * anywhere else, so an installed phuluc never reads a checkout.
 *
 *   char dir[RESOURCE_PATH_MAX];
 *   if (resource_dir(RESOURCE_TEMPLATES, dir) == 0)
 *           ... dir is e.g. "/usr/share/phuluc/templates"
 */
#ifndef PHULUC_RESOURCES_H
#define PHULUC_RESOURCES_H

#define RESOURCE_PATH_MAX     4096
#define RESOURCE_BUILD_MARKER "phuluc-build-tree"

enum resource {
	RESOURCE_TEMPLATES, /* share/phuluc/templates, or the checkout's templates/ */
	RESOURCE_FONTS,	    /* share/phuluc/fonts, or the checkout's fonts/ */
	RESOURCE_LOCALE,    /* share/locale, or the checkout's build/locale/ */
};

/*
 * Fills dir (RESOURCE_PATH_MAX bytes, owned by the caller) with the
 * canonical path of the directory, and returns 0; returns -1 (dir empty)
 * when the executable cannot be found (no /proc) or neither layout has it.
 */
int resource_dir(enum resource what, char *dir);

#endif

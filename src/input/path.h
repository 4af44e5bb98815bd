/*
 * path.h — a file a job names, kept inside the job's folder.
 *
 * A job directory comes from a clerk, often copied from someone else: the
 * names in its phuluc.ini (du_lieu.*) and its own templates (JOB/templates/)
 * must not lead to files elsewhere on the machine, nor to something that is
 * not a file (a FIFO would block the reader forever).
 *
 *   switch (path_check_inside(job->dir, "dia_ban.csv")) { case PATH_INSIDE: … }
 */
#ifndef PHULUC_PATH_H
#define PHULUC_PATH_H

enum path_check {
	PATH_INSIDE,	  /* a regular file inside dir, or nothing there yet */
	PATH_OUTSIDE,	  /* absolute, ".." above dir, or a symlink that leads out of it */
	PATH_NOT_REGULAR, /* a directory, FIFO, device or socket */
	PATH_NO_MEMORY
};

/*
 * Checks name (relative to dir, as written in a job file) against dir: it
 * must not be absolute nor climb above dir with "..", and if it exists, its
 * real path (every symlink followed) must lie inside dir's real path and be
 * a regular file. A name that does not exist is PATH_INSIDE: opening it
 * fails with the usual "cannot open" message.
 */
enum path_check path_check_inside(const char *dir, const char *name);

#endif

/*
 * error.h — how a failure travels up to the one place that prints it.
 *
 * Functions that can fail take a `struct error *` and return non-zero; they
 * fill the error with a complete sentence (naming the file where there is
 * one). main.c prints it and picks the exit status from `kind`. The format
 * is the English msgid, translated into the language of the process
 * (messages_use(), base/messages.h; xgettext: --keyword=error_set:3).
 */
#ifndef PHULUC_ERROR_H
#define PHULUC_ERROR_H

enum error_kind {
	ERR_NONE = 0,
	ERR_DATA = 1,  /* the job's data is wrong: exit 1 */
	ERR_USAGE = 2, /* bad command line or job file: exit 2 */
	ERR_IO = 3     /* I/O, missing font, out of memory, internal: exit 3 */
};

struct error {
	enum error_kind kind;
	char text[1024];
};

/* Fills err (if not NULL) with a printf-style message; returns -1. */
int error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

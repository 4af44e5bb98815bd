/*
 * decode.h — the one place file bytes pass through before anything parses
 * them: whatever the encoding, out comes UTF-8 in NFC with '\n' line ends.
 *
 * Detected now: UTF-8 with or without BOM, UTF-16 LE/BE with BOM. Bytes that
 * are not valid in the encoding become U+FFFD and an `encoding` finding at
 * their line; a NUL byte is a `csv-syntax` finding.
 */
#ifndef PHULUC_DECODE_H
#define PHULUC_DECODE_H

#include "error.h"
#include "finding.h"

#include <stddef.h>

/* Largest input file read, in bytes: a bigger file is an error, not an OOM. */
#define DECODE_MAX_FILE (256u << 20)

/*
 * Decodes len bytes read from `file` (named in findings). On success returns
 * 0 and a malloc'd, NUL-terminated text in *out (caller frees); returns -1
 * with err filled when out of memory.
 */
int decode_text(const char *bytes, size_t len, const char *file, struct findings *fs, char **out,
		struct error *err);

/* Reads a whole file (up to DECODE_MAX_FILE) into a malloc'd buffer. Returns 0 or -1 with err. */
int read_file(const char *path, char **bytes, size_t *len, struct error *err);

#endif

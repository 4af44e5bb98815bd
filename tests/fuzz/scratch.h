/*
 * scratch.h — the scratch directory of a libFuzzer harness and the one way
 * a harness writes a file into it (the readers under test read files, not
 * buffers). A harness makes its directories once per process, since
 * libFuzzer runs many inputs in one. Header-only (each harness is one
 * translation unit); a failure here is the harness's own and aborts loudly.
 */
#ifndef FUZZ_SCRATCH_H
#define FUZZ_SCRATCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Makes the directory $TMPDIR/PREFIX-XXXXXX (/tmp without TMPDIR); its name into dir. */
static inline void scratch_make(char *dir, size_t size, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, size, "%s/%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", prefix);
	if (!mkdtemp(dir))
		abort();
}

/* Writes data[0..size) as the whole of the file dir/name. */
static inline void scratch_write(const char *dir, const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

#endif

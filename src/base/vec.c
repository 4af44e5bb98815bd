/*
 * vec.c — growing arrays and strings, and freeing a list of pointers (vec.h). The only realloc of arrays
 * that grow one element at a time; sizes are checked so that a count near
 * INT_MAX or a byte size near SIZE_MAX fails instead of wrapping.
 */
#include "base/vec.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vec_reserve(void *items, int *cap, int need, size_t elem)
{
	if (need <= *cap)
		return 0;
	if (need < 0 || elem == 0)
		return -1;
	int grown = *cap < 8 ? 16 : *cap <= INT_MAX / 2 ? *cap * 2 : INT_MAX;
	if (grown < need)
		grown = need;
	if ((size_t)grown > SIZE_MAX / elem)
		return -1;
	void *old;
	memcpy(&old, items, sizeof old);
	void *v = realloc(old, (size_t)grown * elem);
	if (!v)
		return -1;
	memcpy(items, &v, sizeof v);
	*cap = grown;
	return 0;
}

/* Room for n more bytes and the NUL. */
static int buf_room(struct buf *b, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		return -1;
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t grown = b->cap < 32 ? 64 : b->cap <= SIZE_MAX / 2 ? b->cap * 2 : SIZE_MAX;
	if (grown < need)
		grown = need;
	char *s = realloc(b->s, grown);
	if (!s)
		return -1;
	b->s = s;
	b->cap = grown;
	return 0;
}

int buf_append(struct buf *b, const char *data, size_t n)
{
	if (buf_room(b, n))
		return -1;
	if (n)
		memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int buf_append_str(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return buf_append(b, small, (size_t)n);
	if (buf_room(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *buf_detach(struct buf *b)
{
	char *s = b->s;
	if (!s)
		s = calloc(1, 1);
	memset(b, 0, sizeof *b);
	return s;
}

void buf_free(struct buf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

void free_each(void *const *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
}

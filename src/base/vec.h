/*
 * vec.h — the one growable array and the one growable string of phuluc.
 *
 * Arrays stay plain C arrays (`struct finding *v; int n, cap;`), so their
 * users index them as before; vec_reserve only grows them. It depends on
 * nothing above it (libc only).
 *
 *   struct finding *v = NULL; int n = 0, cap = 0;
 *   if (vec_reserve(&v, &cap, n + 1, sizeof *v)) return -1;   // out of memory
 *   v[n++] = f;
 *   ...
 *   free(v);
 *
 * Invariants of struct buf (as git's strbuf): `s` is NULL only before the
 * first append; when not NULL it is NUL-terminated at s[len] and cap > len.
 * buf_detach hands the string over to the caller (never NULL: "" when
 * empty) and leaves the buf empty; buf_free frees it. A zeroed buf is empty.
 *
 *   struct buf b = {0};
 *   if (buf_append(&b, "Toàn tỉnh", 11) || buf_printf(&b, " %d", 17)) ... out of memory
 *   char *text = buf_detach(&b);   // caller frees
 *
 * Every function returns 0, or -1 on out of memory (or a size that would
 * overflow), and then leaves its argument as it was.
 *
 * free_all frees a list of pointers in one statement, NULL ones included
 * (as free does): a destructor names the members it owns once.
 *
 *   free_all(doc->title, doc->subject, doc->charts);
 */
#ifndef PHULUC_VEC_H
#define PHULUC_VEC_H

#include <stddef.h>

/*
 * Makes *items (a pointer to the array, `T **` passed as void *) hold at
 * least `need` elements of `elem` bytes, *cap being how many it holds now.
 * Grows by doubling (at least 16); never shrinks.
 */
int vec_reserve(void *items, int *cap, int need, size_t elem);

struct buf {
	char *s;
	size_t len, cap;
};

int buf_append(struct buf *b, const char *data, size_t n);
int buf_append_str(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_detach(struct buf *b); /* NULL only on out of memory */
void buf_free(struct buf *b);	 /* accepts a zeroed buf */

/* Frees p[0..n); free_all(a, b, ...) passes its arguments as p. */
void free_each(void *const *p, size_t n);
#define free_all(...)                                                                                        \
	free_each((void *const[]){__VA_ARGS__}, sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

#endif

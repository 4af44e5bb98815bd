/* ranking.c — the one order by key, then by index (ranking.h). */
#include "base/ranking.h"

#include <stdlib.h>

static int by_key(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->index - y->index;
}

void ranked_sort(struct ranked *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_key);
}

/*
 * ranking.h — items put in order by an integer key, largest first, ties
 * in the order of their index: so an order never depends on qsort.
 *
 * The largest-remainder roundings (a merge splitting people over its links,
 * the allocation handing out hundredths) rank by remainder; the summary
 * ranks the localities furthest behind. Depends on nothing above it.
 *
 *   struct ranked r[] = {{0, 5}, {1, 9}, {2, 5}};
 *   ranked_sort(r, 3); // indexes 1, 0, 2
 */
#ifndef PHULUC_RANKING_H
#define PHULUC_RANKING_H

#include <stdint.h>

struct ranked {
	int index;   /* the item's place in the caller's arrays */
	int64_t key; /* larger ranks first */
};

/* Sorts v[0..n) by key, largest first, then by index, smallest first. */
void ranked_sort(struct ranked *v, int n);

#endif

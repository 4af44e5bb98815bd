#!/usr/bin/python3
"""make_bench_tree.py DIR — the job trees `make bench` runs (generated, never committed).

DIR/national: one job per province, 34 provinces with 3,321 communes in all
(the country since 1 July 2025), three years each, sizes from 40 to 170
communes as in the merged provinces.
DIR/small: 1,000 jobs of 17 localities (the size of the Gia Lai annex),
each with its own figures.
Figures come from tests/make_job.py, so every job passes its checks.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from make_job import write_job  # noqa: E402

PROVINCES, COMMUNES, SMALL_JOBS, SMALL_SIZE = 34, 3321, 1000, 17


def province_sizes(rnd):
    sizes = [rnd.randint(40, 170) for _ in range(PROVINCES)]
    # Bring the sum to exactly COMMUNES, one commune at a time, staying in 40..170.
    while sum(sizes) != COMMUNES:
        i = rnd.randrange(PROVINCES)
        if sum(sizes) < COMMUNES and sizes[i] < 170:
            sizes[i] += 1
        elif sum(sizes) > COMMUNES and sizes[i] > 40:
            sizes[i] -= 1
    return sizes


def main():
    root = sys.argv[1]
    rnd = random.Random(2025)
    for k, n in enumerate(province_sizes(rnd)):
        write_job(os.path.join(root, "national", "tinh-%02d" % (k + 1)), n, 1000 + k)
    for k in range(SMALL_JOBS):
        write_job(os.path.join(root, "small", "%02d" % (k // 100), "job-%04d" % k), SMALL_SIZE, 5000 + k)


if __name__ == "__main__":
    main()

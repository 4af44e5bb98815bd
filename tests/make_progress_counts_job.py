#!/usr/bin/python3
"""make_progress_counts_job.py JOB — turns a `phan-bo` count job into a progress report against
targets in numbers of participants (issue 12, item 6), for tests/e2e/progress.sh and mau_nhap.sh.

JOB is a job from tests/make_alloc_job.py … counts whose proposal `phuluc phan-bo JOB -o
JOB/de-xuat.csv` has written: JOB/thuc_hien.csv gets actual counts of 2026-05 and 2026-06 (the
2026 numbers less 400, then less 300 / 150 / 0 by row), and phuluc.ini becomes a
bao-cao-thuc-hien report whose chi_tieu is the proposal.
"""
import csv
import sys

job = sys.argv[1]
rows = list(csv.DictReader(open(f"{job}/de-xuat.csv", encoding="utf-8-sig"), delimiter=";"))
with open(f"{job}/thuc_hien.csv", "w", encoding="utf-8") as f:
    f.write("ma,ky,bhxh_bb,bhxh_tn,bhtn\n")
    for k, r in enumerate(rows):
        for month, d in (("2026-05", -400), ("2026-06", -300 + (k % 3) * 150)):
            f.write("%s,%s,%d,%d,%d\n" % (r["ma"], month, int(r["so_nguoi_bhxh_bb_2026"]) + d,
                                          int(r["so_nguoi_bhxh_tn_2026"]), max(0, int(r["so_nguoi_bhtn_2026"]) + d)))
ini = open(f"{job}/phuluc.ini", encoding="utf-8").read()
ini = ini.replace("mau = ke-hoach-so-nguoi", "mau = bao-cao-thuc-hien").replace("chi_tieu = chi_tieu.csv",
                                                                                "chi_tieu = de-xuat.csv")
ini = ini.replace("chi_tieu_tinh = chi_tieu_tinh.csv", "chi_tieu_tinh = chi_tieu_tinh.csv\nthuc_hien = thuc_hien.csv")
open(f"{job}/phuluc.ini", "w", encoding="utf-8").write(ini)

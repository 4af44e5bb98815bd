#!/usr/bin/python3
"""count_plan_check.py — a plan in numbers of participants, recomputed from its CSVs.

    tests/count_plan_check.py JOB PDF XLSX

Reads the job's chi_tieu.csv (counts, Vietnamese thousands), dia_ban.csv
(groups), chi_tieu_tinh.csv (assigned numbers) by itself, and prints one
PASS/FAIL line per check: every locality's counts in the PDF text; the total
row and each group's subtotal (exact sums) in the PDF and as the XLSX's
cached values; the XLSX aggregates are SUM formulas over exactly the rows
they should cover; each sum reaches the assigned number (the voluntary one a
minimum); the numbers are stored as numbers with a thousands format.
"""
import csv
import re
import subprocess
import sys

import openpyxl

from countplan import failed, fold, people, report  # the script's own folder is on sys.path


def vi(n):
    return "{:,}".format(n).replace(",", ".")


def key_of(header):
    f = fold(header)
    m = re.match(r"so_nguoi_tham_gia_(.*?)(?:_nam)?_(\d{4})$", f) or re.match(r"so_nguoi_(.*)_(\d{4})$", f)
    if not m:
        return None
    ind = {"bhxh": "bhxh", "bhxh_tu_nguyen": "bhxh_tn", "bhxh_tn": "bhxh_tn", "bhyt": "bhyt",
           "bhxh_bat_buoc": "bhxh_bb", "bhxh_bb": "bhxh_bb", "bhtn": "bhtn"}.get(m.group(1))
    return (ind, int(m.group(2))) if ind else None


def main():
    job, pdf, xlsx = sys.argv[1:4]
    with open(f"{job}/dia_ban.csv", encoding="utf-8") as f:
        places = list(csv.DictReader(f))
    with open(f"{job}/chi_tieu.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    keys = [key_of(h) for h in rows[0]]
    counts = {}  # code -> {(ind, year): n}
    for r in rows[1:]:
        counts[r[0]] = {k: people(v) for k, v in zip(keys, r) if k}
    figures = sorted({k for k in keys if k}, key=lambda k: (k[1], k[0]))
    groups = {}
    for p in places:
        groups.setdefault(p["nhom"], []).append(p["ma"])
    total = {k: sum(c[k] for c in counts.values()) for k in figures}
    report(len(counts) == len(places), f"{len(places)} localities, each with a row")

    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    lines = text.splitlines()
    by_name = {p["ten"]: p["ma"] for p in places}
    seen = 0
    for line in lines:
        m = re.match(r"\s*\d+\s+(.*?)\s{2,}([\d. ]+)$", line)
        if m and m.group(1) in by_name:
            code = by_name[m.group(1)]
            got = [people(x) for x in m.group(2).split()]
            want = [counts[code][k] for k in figures]
            seen += got == want
    report(seen == len(places), "every locality's counts in the PDF text, in column order", f"{seen} rows match")
    want_total = " ".join(vi(total[k]) for k in figures)
    report(any(line.split("Toàn tỉnh")[-1].split() == want_total.split() for line in lines if "Toàn tỉnh" in line),
           "PDF total row = exact sums", want_total)

    wb = openpyxl.load_workbook(xlsx)
    wv = openpyxl.load_workbook(xlsx, data_only=True)
    ws, wsv = wb.active, wv.active
    name_col = None
    for row in ws.iter_rows():
        for c in row:
            if c.value == "Địa bàn":
                name_col = c.column
    body = {ws.cell(r, name_col).value: r for r in range(1, ws.max_row + 1)}
    first_fig = name_col + 1
    cols = {k: first_fig + i for i, k in enumerate(figures)}
    stored = all(isinstance(wsv.cell(body[p["ten"]], cols[k]).value, int)
                 and wsv.cell(body[p["ten"]], cols[k]).value == counts[p["ma"]][k]
                 and "#,##0" in ws.cell(body[p["ten"]], cols[k]).number_format
                 for p in places for k in figures)
    report(stored, "XLSX body: counts stored as integers with a thousands format")

    def covers(formula, col, want_rows):
        letter = openpyxl.utils.get_column_letter(col)
        m = re.fullmatch(r"=SUM\((.*)\)", formula or "")
        if not m:
            return False
        got = set()
        for part in m.group(1).split(","):
            a = re.fullmatch(rf"{letter}(\d+)(?::{letter}(\d+))?", part)
            if not a:
                return False
            lo = int(a.group(1))
            got |= set(range(lo, int(a.group(2) or lo) + 1))
        return got == set(want_rows)

    all_rows = [body[p["ten"]] for p in places]
    tr = body.get("Toàn tỉnh")
    ok_f = tr and all(covers(ws.cell(tr, cols[k]).value, cols[k], all_rows) for k in figures)
    ok_v = tr and all(wsv.cell(tr, cols[k]).value == total[k] for k in figures)
    report(bool(ok_f), "XLSX total row: SUM formulas over every locality's row")
    report(bool(ok_v), "XLSX total row: cached values = exact sums")
    if len(groups) > 1:
        sub_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, name_col).value == "Cộng"]
        ok = len(sub_rows) == len(groups)
        for (g, codes), r in zip(groups.items(), sub_rows):
            names = [p["ten"] for p in places if p["ma"] in codes]
            for k in figures:
                s = sum(counts[c][k] for c in codes)
                ok = ok and covers(ws.cell(r, cols[k]).value, cols[k], [body[n] for n in names])
                ok = ok and wsv.cell(r, cols[k]).value == s
        report(ok, f"XLSX group subtotals ({len(groups)}): SUM over the group's rows, cached = exact sums")

    with open(f"{job}/chi_tieu_tinh.csv", encoding="utf-8") as f:
        assigned = [(int(r["nam"]), fold(r["chi_so"]), people(r["gia_tri"])) for r in csv.DictReader(f)]
    short = []
    for y, ind, n in assigned:
        ind = {"so_nguoi_bhxh": "bhxh", "so_nguoi_bhxh_tn": "bhxh_tn", "so_nguoi_bhxh_tu_nguyen": "bhxh_tn",
               "so_nguoi_bhyt": "bhyt"}.get(ind, ind)
        if (ind, y) in total and total[(ind, y)] < n:
            short.append(f"{ind} {y}: {total[(ind, y)]} < {n}")
    report(not short, "the sums reach every assigned number (the voluntary one a minimum)", "; ".join(short))
    return 1 if failed() else 0


sys.exit(main())

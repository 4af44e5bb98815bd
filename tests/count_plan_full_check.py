#!/usr/bin/python3
"""count_plan_full_check.py JOB XLSX — the XLSX of a five-indicator plan in numbers, recomputed.

For the ke-hoach-so-nguoi table of tools/make_count_plan.py … --full (BHXH
with its rate, compulsory and voluntary parts, BHTN, BHYT with its rate, five
years, groups). Reads JOB/chi_tieu.csv, JOB/lao_dong.csv and JOB/dia_ban.csv
itself and maps the workbook's columns by their header text (year, group,
leaf), then prints one PASS/FAIL line per check:
  - every body cell: a count = the CSV's, a rate = count ÷ labour force
    (BHYT: population) rounded half away from zero to hundredths of a
    percent; the labour-force and population columns the formulas use = lao_dong;
  - each group subtotal and the total row: a count is =SUM over exactly the
    rows it covers, its cached value the exact sum; a rate is
    =ROUND(SUM(counts)/SUM(weights),4) over the same rows, its cached value
    Σ count ÷ Σ weight rounded the same way.
Exit status 1 if a check fails.
"""
import csv
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter

from countplan import failed, fold, people, report  # the script's own folder is on sys.path


def rate_of(n, w):
    """n ÷ w in hundredths of a percent, half away from zero (n, w ≥ 0)."""
    return (2 * n * 10000 + w) // (2 * w)


INDICATOR = {"bhxh": "bhxh", "bhxh_tu_nguyen": "bhxh_tn", "bhxh_bat_buoc": "bhxh_bb", "bhtn": "bhtn",
             "bhyt": "bhyt"}
LEAF = {"tong_so": ("bhxh", "n"), "ty_le_llld": ("bhxh", "r"),
        "trong_do_bat_buoc": ("bhxh_bb", "n"), "trong_do_tu_nguyen": ("bhxh_tn", "n"),
        "so_nguoi": ("bhyt", "n"), "ty_le_dan_so": ("bhyt", "r")}


def read_job(job):
    with open(f"{job}/chi_tieu.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    keys = []
    for h in rows[0]:
        m = re.match(r"so_nguoi_tham_gia_(.*?)(?:_nam)?_(\d{4})$", fold(h))
        keys.append((INDICATOR[m.group(1)], int(m.group(2))) if m else None)
    counts = {r[0]: {k: people(v) for k, v in zip(keys, r) if k} for r in rows[1:]}
    weight = {}
    for r in csv.DictReader(open(f"{job}/lao_dong.csv", encoding="utf-8")):
        weight[(r["ma"], int(r["nam"]), "labour")] = int(r["luc_luong_lao_dong"])
        weight[(r["ma"], int(r["nam"]), "population")] = int(r["dan_so"])
    places = list(csv.DictReader(open(f"{job}/dia_ban.csv", encoding="utf-8")))
    return counts, weight, places


def map_columns(ws):
    """{column: (year, indicator, 'n'|'r'|'labour'|'population')} from the three header rows."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "STT")
    cols, year, group = {}, None, None
    for c in range(3, ws.max_column + 1):
        h0, h1, h2 = (ws.cell(top + i, c).value for i in range(3))
        if h0:
            m = re.match(r"(?:Năm|Lực lượng lao động năm|Dân số năm) (\d{4})", h0)
            year = int(m.group(1)) if m else None
            if h0.startswith("Lực lượng"):
                cols[c] = (year, None, "labour")
                continue
            if h0.startswith("Dân số"):
                cols[c] = (year, None, "population")
                continue
        if h1:
            group = fold(h1)
        if h2:
            cols[c] = (year,) + LEAF[fold(h2)]
        elif group == "so_nguoi_tham_gia_bhtn":
            cols[c] = (year, "bhtn", "n")
    return top, cols


def ranges(rows, letter):
    """'C10:C76,C79:C146' for the sorted rows, as runs."""
    runs, start = [], None
    for i, r in enumerate(rows):
        if start is None:
            start = r
        if i + 1 == len(rows) or rows[i + 1] != r + 1:
            runs.append(f"{letter}{start}:{letter}{r}" if r != start else f"{letter}{r}")
            start = None
    return ",".join(runs)


def main():
    job, xlsx = sys.argv[1:3]
    counts, weight, places = read_job(job)
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    wv = openpyxl.load_workbook(xlsx, data_only=True).worksheets[0]
    top, cols = map_columns(ws)
    kinds = sorted({(y, i, k) for y, i, k in cols.values() if i})
    report(len(kinds) == 5 * 7, "35 figures a row mapped from the header", str(len(kinds)))
    row_of = {ws.cell(r, 2).value: r for r in range(top + 3, ws.max_row + 1)}
    wcol = {(y, k): c for c, (y, i, k) in cols.items() if i is None}

    def expected(codes, y, ind, kind):
        n = sum(counts[c][(ind, y)] for c in codes)
        if kind == "n":
            return n
        w = sum(weight[(c, y, "population" if ind == "bhyt" else "labour")] for c in codes)
        return rate_of(n, w)

    bad = []
    for p in places:
        r = row_of.get(p["ten"])
        for c, (y, ind, kind) in cols.items():
            v = wv.cell(r, c).value if r else None
            want = weight[(p["ma"], y, kind)] if ind is None else expected([p["ma"]], y, ind, kind)
            got = round(v * 10000) if kind == "r" and isinstance(v, float) else v
            if got != want:
                bad.append(f"{p['ten']} {get_column_letter(c)}: {v!r}, want {want}")
    report(not bad, f"{len(places)} localities: every count, rate and weight cell recomputed", str(bad[:4]))

    groups = {}
    for p in places:
        groups.setdefault(p["nhom"], []).append(p["ma"])
    sub_rows = [r for r in range(top + 3, ws.max_row + 1) if ws.cell(r, 2).value == "Cộng"]
    report(len(sub_rows) == len(groups), f"{len(groups)} group subtotals", str(sub_rows))
    name = {p["ma"]: p["ten"] for p in places}
    aggregates = list(zip(sub_rows, groups.values())) + [(row_of.get("Toàn tỉnh"), [p["ma"] for p in places])]
    for r, codes in aggregates:
        body = sorted(row_of[name[c]] for c in codes)
        bad = []
        for c, (y, ind, kind) in cols.items():
            if ind is None:
                continue
            sums = ranges(body, get_column_letter(c))
            if kind == "n":
                formula = f"=SUM({sums})"
            else:
                count_col = next(k for k, v in cols.items() if v == (y, ind, "n"))
                w = wcol[(y, "population" if ind == "bhyt" else "labour")]
                formula = (f"=ROUND(SUM({ranges(body, get_column_letter(count_col))})/"
                           f"SUM({ranges(body, get_column_letter(w))}),4)")
            v = wv.cell(r, c).value
            got = round(v * 10000) if kind == "r" and isinstance(v, float) else v
            want = expected(codes, y, ind, kind)
            if ws.cell(r, c).value != formula or got != want:
                bad.append(f"{get_column_letter(c)}{r}: {ws.cell(r, c).value} = {v!r}, want {formula} = {want}")
        report(not bad, f"row {r} ({ws.cell(r, 2).value}, {len(codes)} localities): formulas and cached values",
               str(bad[:3]))
    return 1 if failed() else 0


sys.exit(main())

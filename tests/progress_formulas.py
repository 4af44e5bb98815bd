#!/usr/bin/python3
"""progress_formulas.py XLSX OUTDIR — a progress report's XLSX follows a corrected count.

Run with Debian's /usr/bin/python3 (python3-openpyxl). The rate, gap and
people-still-needed cells of a body row must be formulas over the row's
counts (participants, target, labour force), not fixed values: a count is
changed in a copy (openpyxl), LibreOffice recalculates it on load, and every
changed figure must be what this script computes on its own from the new
count: rate = participants ÷ labour force (hundredths of a percent, half
away from zero), gap = rate − target, people still needed =
max(0, ⌈target × labour force⌉ − participants) for a rate target, or
max(0, target − participants) for a count target (the gap then the rate −
the count's rate). Prints PASS/FAIL lines.
"""
import os
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsx_check import soffice_csv, vi_format  # noqa: E402

REF = r"([A-Z]+)(\d+)"
RATE = re.compile(rf"^=ROUND\({REF}/{REF},4\)$")
GAP = re.compile(rf"^={REF}-{REF}$")
GAP_COUNT = re.compile(rf"^={REF}-ROUND\({REF}/{REF},4\)$")
NEED_RATE = re.compile(rf"^=MAX\(0,ROUNDUP\(ROUND\({REF}\*{REF},4\),0\)-{REF}\)$")
NEED_COUNT = re.compile(rf"^=MAX\(0,{REF}-{REF}\)$")


def report(ok, name, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def hundredths(num, den):
    return int((Decimal(num) * 10000 / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = {}  # row → {"rate": (cell, p, w), "gap": …, "need": …}
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if not isinstance(v, str):
                continue
            m = RATE.match(v)
            if m and m.group(2) == m.group(4) == str(cell.row):
                rows.setdefault(cell.row, {}).setdefault("rate", []).append((cell.coordinate, m.group(1), m.group(3)))
            m = GAP.match(v)
            if m and m.group(2) == m.group(4) == str(cell.row):
                rows.setdefault(cell.row, {}).setdefault("gap", []).append((cell.coordinate, m.group(1), m.group(3)))
            m = GAP_COUNT.match(v)
            if m and m.group(2) == m.group(4) == m.group(6) == str(cell.row):
                rows.setdefault(cell.row, {}).setdefault("gap_count", []).append(
                    (cell.coordinate, m.group(1), m.group(3), m.group(5)))
            m = NEED_RATE.match(v)
            if m:
                rows.setdefault(cell.row, {}).setdefault("need", []).append(
                    (cell.coordinate, m.group(1), m.group(3), m.group(5)))
            m = NEED_COUNT.match(v)
            if m:
                rows.setdefault(cell.row, {}).setdefault("need", []).append(
                    (cell.coordinate, m.group(1), None, m.group(3)))
    body = sorted(r for r, f in rows.items() if "rate" in f and "need" in f)
    report(len(body) >= 2, "body rows carry rate, gap and people-needed formulas", f"{len(body)} rows")
    if len(body) < 2:
        return
    # Two corrections: one row gains people, another loses many (a shortfall appears or grows).
    changes = {}
    for r, delta in ((body[0], 1000), (body[-1], -5000)):
        _, p, _ = rows[r]["rate"][0]
        cell = ws[f"{p}{r}"]
        cell.value = max(0, int(cell.value) + delta)
        changes[r] = cell.value
    changed = os.path.join(outdir, "changed.xlsx")
    wb.save(changed)
    shown = soffice_csv(changed, outdir)

    def at(ref):
        m = re.match(REF, ref)
        col = openpyxl.utils.column_index_from_string(m.group(1))
        r = int(m.group(2))
        return shown[r - 1][col - 1] if r - 1 < len(shown) and col - 1 < len(shown[r - 1]) else None

    def value(col, r):
        return ws[f"{col}{r}"].value

    bad, checked = [], 0
    for r in changes:
        f = rows[r]
        rates = {}
        for ref, p, w in f["rate"]:
            rate = hundredths(value(p, r), value(w, r))
            rates[ref] = rate
            checked += 1
            if at(ref) != vi_format(rate / 10000, "0.00%"):
                bad.append(f"{ref}: LibreOffice {at(ref)!r}, want {vi_format(rate / 10000, '0.00%')!r}")
        for ref, a, t in f.get("gap", []):
            want = rates.get(f"{a}{r}")
            if want is None:
                continue
            want -= round(Decimal(repr(value(t, r))) * 10000)
            checked += 1
            if at(ref) != vi_format(want / 10000, "0.00%"):
                bad.append(f"{ref}: LibreOffice {at(ref)!r}, want {vi_format(want / 10000, '0.00%')!r}")
        for ref, a, t, w in f.get("gap_count", []):
            want = rates.get(f"{a}{r}")
            if want is None:
                continue
            want -= hundredths(value(t, r), value(w, r))
            checked += 1
            if at(ref) != vi_format(want / 10000, "0.00%"):
                bad.append(f"{ref}: LibreOffice {at(ref)!r}, want {vi_format(want / 10000, '0.00%')!r}")
        for ref, t, w, p in f["need"]:
            if w:
                th = int(round(Decimal(repr(value(t, r))) * 10000))
                need = -((-th * int(value(w, r))) // 10000) - int(value(p, r))
            else:
                need = int(value(t, r)) - int(value(p, r))
            need = max(0, need)
            checked += 1
            if at(ref) != vi_format(need, "#,##0"):
                bad.append(f"{ref}: LibreOffice {at(ref)!r}, want {vi_format(need, '#,##0')!r}")
    report(checked > 0 and not bad, "a corrected count changes rate, gap and people needed (LibreOffice)",
           f"{checked} cells; wrong: {bad[:4]}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""count_rate_formulas.py JOB XLSX OUTDIR [--as-values] [--no-recalc] — the rates of a plan in numbers
(template ke-hoach-so-nguoi: ty_le_so_nguoi) follow a corrected count in its XLSX.

Run with Debian's /usr/bin/python3 (python3-openpyxl). Everything expected is
computed here from the job's CSV files (dia_ban, lao_dong, chi_tieu), never from
phuluc's output:

1. every body row's rate cell is =ROUND(<count>/<weight>,4) over a cell of its own
   row, its count cell holds the CSV's number of participants of one indicator and
   year, its weight cell that year's labour force (BHYT: population), and its cached
   value is count ÷ weight in hundredths of a percent rounded half away from zero —
   the figure the PDF prints;
2. the weight columns stand right of the print area (the sheet prints as the PDF);
3. a clerk's corrections in a copy (openpyxl): one count raised by 1000, and two rows
   set to exact halves (2469 of 20000 = 12,345 % → 12,35 %; 2471 of 20000 = 12,355 %
   → 12,36 %, a changed weight), LibreOffice recalculates on load and writes an XLSX
   whose values openpyxl reads: every rate, the changed count's total and the total
   rate are those recomputed here from the corrected inputs.

--as-values first replaces every rate formula by its cached value (what phuluc wrote
before the rates were formulas): step 3 must then fail, which shows it can.
--no-recalc stops after step 2 (no LibreOffice). Prints PASS/FAIL lines.
"""
import os
import re
import sys

import openpyxl
from openpyxl.utils import column_index_from_string, range_boundaries

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from progress_formulas import hundredths, report  # noqa: E402  (half away from zero, hundredths of a %)
from workbooks import COUNT_COLUMN, ini_data, read_table  # noqa: E402
from xlsx_check import soffice_convert  # noqa: E402

RATE = re.compile(r"^=ROUND\(([A-Z]+)(\d+)/([A-Z]+)(\d+),4\)$")
WEIGHT = re.compile(r"^(Lực lượng lao động|Dân số) năm (\d{4})")



def people(text):
    return int(text.replace(".", "").replace(" ", ""))


def inputs(job):
    """(code by name, {(code, year): (labour, population)}, {(code, indicator, year): count})."""
    data = ini_data(job)
    h, rows = read_table(job, data["dia_ban"])
    code_of = {r[h.index("ten")]: r[h.index("ma")] for r in rows}
    h, rows = read_table(job, data["lao_dong"])
    weights = {}
    for r in rows:
        d = dict(zip(h, r))
        weights[(d["ma"], int(d["nam"]))] = (int(d["luc_luong_lao_dong"]), int(d.get("dan_so") or 0))
    h, rows = read_table(job, data["chi_tieu"])
    counts = {}
    for r in rows:
        d = dict(zip(h, r))
        for key, v in d.items():
            m = COUNT_COLUMN.match(key)
            if m and v:
                counts[(d["ma"], m.group(1), int(m.group(2)))] = people(v)
    return code_of, weights, counts


def weight_columns(ws, top):
    """Sheet column → (population?, year) for the weight columns, from their headers."""
    out = {}
    for c in range(1, ws.max_column + 1):
        m = WEIGHT.match(str(ws.cell(top, c).value or ""))
        if m:
            out[c] = (m.group(1) == "Dân số", int(m.group(2)))
    return out


def find_cells(ws, wsv, body, code_of, weights, counts, wcols):
    """The rate cells: (row, col) → (code, indicator, year, count col, weight col); and the faults."""
    cells, bad = {}, []
    for r in body:
        code = code_of[ws.cell(r, 2).value]
        for c in range(1, ws.max_column + 1):
            m = RATE.match(str(ws.cell(r, c).value or ""))
            if not m:
                continue
            if int(m.group(2)) != r or int(m.group(4)) != r:
                bad.append(f"{ws.cell(r, c).coordinate}: not over its own row: {ws.cell(r, c).value}")
                continue
            cc, wc = column_index_from_string(m.group(1)), column_index_from_string(m.group(3))
            if wc not in wcols:
                bad.append(f"{ws.cell(r, c).coordinate}: divides by column {m.group(3)}, not a weight")
                continue
            population, year = wcols[wc]
            lab, pop = weights[(code, year)]
            weight = pop if population else lab
            count = wsv.cell(r, cc).value
            inds = [i for (k, i, y), v in counts.items() if k == code and y == year and v == count]
            if wsv.cell(r, wc).value != weight or not inds:
                bad.append(f"{ws.cell(r, c).coordinate}: count {count} / weight {wsv.cell(r, wc).value}, "
                           f"want a CSV count of {year} / {weight}")
                continue
            cells[(r, c)] = (code, "bhyt" if population else inds[0], year, cc, wc)
            got = wsv.cell(r, c).value
            want = hundredths(count, weight)
            if not isinstance(got, float) or got != want / 10000:
                bad.append(f"{ws.cell(r, c).coordinate}: cached {got!r}, want {want / 10000!r}")
    return cells, bad


def main():
    job, path, outdir = sys.argv[1:4]
    as_values = "--as-values" in sys.argv
    code_of, weights, counts = inputs(job)
    wb, wbv = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    ws, wsv = wb.worksheets[0], wbv.worksheets[0]
    top, last_head = (int(x) for x in re.match(r"^\$?(\d+):\$?(\d+)$", ws.print_title_rows).groups())
    body = [r for r in range(last_head + 1, ws.max_row + 1) if ws.cell(r, 2).value in code_of
            and isinstance(ws.cell(r, 1).value, int)]
    wcols = weight_columns(ws, top)
    cells, bad = find_cells(ws, wsv, body, code_of, weights, counts, wcols)
    per_row = {r: sum(1 for (rr, _) in cells if rr == r) for r in body}
    report(len(body) == len(code_of) and cells and len(set(per_row.values())) == 1 and not bad,
           "every body row's rate is =ROUND(count/weight,4) over its row, cached as count ÷ weight "
           "from the CSVs (half away from zero)",
           f"{len(body)} rows, {len(cells)} rate cells, per row {sorted(set(per_row.values()))}; "
           f"wrong: {bad[:3]}")

    area = ws.print_area[0] if isinstance(ws.print_area, (list, tuple)) else ws.print_area
    last_printed = range_boundaries(area.split("!")[-1].replace("$", ""))[2]
    breaks = [b.id for b in ws.col_breaks.brk]
    report(wcols and min(wcols) > last_printed and all(b < last_printed for b in breaks)
           and ws.print_title_cols in ("$A:$B", "A:B"),
           "the weight columns stand outside the print area; bands and STT/name titles as before",
           f"print area {area}, weight columns from {min(wcols) if wcols else None}, breaks {breaks}, "
           f"title columns {ws.print_title_cols}")
    if not cells or "--no-recalc" in sys.argv:
        return

    if as_values:
        for (r, c) in cells:
            ws.cell(r, c).value = wsv.cell(r, c).value
    # The corrections, applied to the sheet and to the inputs alike.
    by_row = {}
    for (r, c), v in sorted(cells.items()):
        by_row.setdefault(r, []).append((c, v))
    (r1, r2, r3) = (body[0], body[len(body) // 2], body[-1])
    c1, (code1, ind1, year1, cc1, _) = by_row[r1][0]
    counts[(code1, ind1, year1)] += 1000
    ws.cell(r1, cc1).value = counts[(code1, ind1, year1)]
    for r, count, pick in ((r2, 2471, 0), (r3, 2469, -1)):
        _, (code, ind, year, cc, wc) = by_row[r][pick]
        counts[(code, ind, year)] = count
        lab, pop = weights[(code, year)]
        weights[(code, year)] = (lab, 20000) if ind == "bhyt" else (20000, pop)
        ws.cell(r, cc).value = count
        ws.cell(r, wc).value = 20000
    os.makedirs(os.path.join(outdir, "in"), exist_ok=True)
    changed = os.path.join(outdir, "in", "corrected.xlsx")
    wb.save(changed)
    recalculated = soffice_convert(changed, outdir, "xlsx", "xlsx")
    lo = openpyxl.load_workbook(recalculated, data_only=True).worksheets[0]

    wrong, halves = [], []
    for (r, c), (code, ind, year, cc, wc) in cells.items():
        lab, pop = weights[(code, year)]
        want = hundredths(counts[(code, ind, year)], pop if ind == "bhyt" else lab)
        got = lo.cell(r, c).value
        if not isinstance(got, (int, float)) or abs(got * 10000 - want) > 1e-6:
            wrong.append(f"{ws.cell(r, c).coordinate}: LibreOffice {got!r}, want {want / 10000}")
        if r in (r2, r3) and counts[(code, ind, year)] in (2469, 2471):
            halves.append(f"{ws.cell(r, c).coordinate}={got!r}")
    report(not wrong and len(halves) == 2,
           "a corrected count changes its rate: LibreOffice's recalculation equals the rates recomputed "
           "from the corrected inputs, exact halves rounded away from zero (12,345 % → 12,35 %, "
           "12,355 % → 12,36 %)",
           f"{len(cells)} rates, halves {halves}; wrong: {wrong[:3]}")

    total = next((r for r in range(body[-1], ws.max_row + 1) if ws.cell(r, 2).value == "Toàn tỉnh"), None)
    codes = set(code_of.values())
    s_count = sum(counts.get((k, ind1, year1), 0) for k in codes)
    s_weight = sum(weights[(k, year1)][1 if ind1 == "bhyt" else 0] for k in codes)
    got = (lo.cell(total, cc1).value, lo.cell(total, c1).value) if total else None
    ok = got is not None and got[0] == s_count and abs(got[1] * 10000 - hundredths(s_count, s_weight)) < 1e-6
    report(ok, "the total row follows: Σ counts and Σ counts ÷ Σ weights of the corrected inputs",
           f"got {got}, want ({s_count}, {hundredths(s_count, s_weight) / 10000})")


if __name__ == "__main__":
    main()

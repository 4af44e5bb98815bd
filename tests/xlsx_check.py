#!/usr/bin/python3
"""tests/xlsx_check.py — reads back an annex workbook written by phuluc.

Run with Debian's /usr/bin/python3 (python3-openpyxl). Prints one line per
check, "PASS name: detail" or "FAIL name: detail", for tests/e2e/xlsx.sh to
record; exits 0 even when checks fail (a crash exits non-zero).

  xlsx_check.py check FILE [options]     structure, formats, print setup
  xlsx_check.py tamper FILE OUT          a faulty copy, to show the checks fail
  xlsx_check.py recalc FILE OUTDIR [options]
        LibreOffice recalculates every formula on load (fresh profile with
        Calc/Formula/Load/OOXMLRecalcMode = 0) and exports CSV; the displayed
        results must equal the cached values openpyxl reads.

The table is found from the file itself: its header rows are the print title
rows, it ends at the first empty row after them, its printed columns are the
print area, and data columns stand to the right of it.
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, range_boundaries

VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+$|^-?\d+,\d+%?$|^-?\d+%$")
MM_PER_INCH = 25.4


def report(ok, name, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def vi_format(value, fmt):
    """value shown the Vietnamese way through an Excel number format."""
    body = fmt.split("]", 1)[1] if fmt.startswith("[") else fmt
    percent = "%" in body
    decimals = len(body.split(".", 1)[1].rstrip("%")) if "." in body else 0
    d = Decimal(repr(value)) * (100 if percent else 1)
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    if "#,##0" in body:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + frac if frac else "") + ("%" if percent else "")


class Annex:
    """The workbook twice (formulas and cached values) and its table's place."""

    def __init__(self, path):
        self.wb = openpyxl.load_workbook(path)
        self.wbv = openpyxl.load_workbook(path, data_only=True)
        self.ws = self.wb.worksheets[0]
        self.wsv = self.wbv.worksheets[0]
        ws = self.ws
        titles = ws.print_title_rows or ""
        m = re.match(r"^\$?(\d+):\$?(\d+)$", titles)
        self.header = (int(m.group(1)), int(m.group(2))) if m else None
        area = ws.print_area
        area = area[0] if isinstance(area, (list, tuple)) else area
        self.area = range_boundaries(area.split("!")[-1].replace("$", "")) if area else None
        self.last_printed = self.area[2] if self.area else ws.max_column
        # The table: from the first header row to the first empty row after it.
        self.top = self.header[0] if self.header else 1
        r = self.top
        while r <= ws.max_row and any(
            ws.cell(r, c).value not in (None, "") for c in range(1, ws.max_column + 1)
        ):
            r += 1
        self.bottom = r - 1

    def body_rows(self):
        first = self.header[1] + 1 if self.header else self.top
        return range(first, self.bottom + 1)

    def row_of(self, label):
        for r in self.body_rows():
            for c in (1, 2):
                if self.ws.cell(r, c).value == label:
                    return r
        return None


def check(args):
    a = Annex(args.file)
    ws, wsv = a.ws, a.wsv
    name = args.name

    report(len(a.wb.worksheets) == 1, f"{name}: one worksheet", f"{a.wb.sheetnames}")
    if args.sheet:
        report(ws.title == args.sheet, f"{name}: sheet name", repr(ws.title))

    # Merged header.
    ranges = [str(r) for r in ws.merged_cells.ranges]
    if a.header:
        in_header = [
            r for r in ws.merged_cells.ranges if a.header[0] <= r.min_row and r.max_row <= a.header[1]
        ]
        wide = [r for r in in_header if r.max_col > r.min_col]
        tall = [r for r in in_header if r.max_row > r.min_row]
        single = a.header[0] == a.header[1]
        report(
            (bool(wide) and bool(tall)) or single,
            f"{name}: merged header",
            f"{len(wide)} across columns, {len(tall)} across rows in rows {a.header}",
        )
    else:
        report(False, f"{name}: merged header", "no print title rows, so no header found")
    for want in args.merged or []:
        report(want in ranges, f"{name}: merge {want}", f"merges: {' '.join(ranges)}")

    # Numbers are numbers with Vietnamese formats.
    numbers, bad_text, bad_fmt, bad_pct = 0, [], [], []
    for r in a.body_rows():
        for c in range(1, ws.max_column + 1):
            cell, v = ws.cell(r, c), wsv.cell(r, c).value
            if isinstance(cell.value, str) and not cell.value.startswith("=") and VI_NUMBER.match(cell.value):
                bad_text.append(f"{cell.coordinate}={cell.value!r}")
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                numbers += 1
                if not cell.number_format.startswith("[$-42A]"):
                    bad_fmt.append(f"{cell.coordinate}:{cell.number_format}")
                if "%" in cell.number_format and "[$-42A]" not in cell.number_format:
                    bad_pct.append(cell.coordinate)
    report(
        numbers >= args.min_numbers and not bad_text,
        f"{name}: numbers stored as numbers",
        f"{numbers} numeric cells (want ≥ {args.min_numbers}); text that looks numeric: {bad_text[:5]}",
    )
    report(not bad_fmt and not bad_pct, f"{name}: number formats [$-42A]", f"bad: {bad_fmt[:5]}")
    if args.percent_format:
        found = {ws.cell(r, c).number_format for r in a.body_rows() for c in range(1, ws.max_column + 1)}
        report(args.percent_format in found, f"{name}: format {args.percent_format}", f"formats: {sorted(found)}")

    # The total row: formulas, with the expected cached values.
    total = a.row_of(args.total_label)
    if total is None:
        report(False, f"{name}: total row", f"no row labelled {args.total_label!r}")
    else:
        numeric = [
            c
            for c in range(1, ws.max_column + 1)
            if isinstance(wsv.cell(total, c).value, (int, float))
        ]
        not_formula = [
            ws.cell(total, c).coordinate
            for c in numeric
            if not (isinstance(ws.cell(total, c).value, str) and ws.cell(total, c).value.startswith("="))
        ]
        report(
            len(numeric) > 0 and not not_formula,
            f"{name}: total row is formulas",
            f"row {total}: {len(numeric)} numeric cells, not formulas: {not_formula}",
        )
        shown = " ".join(
            vi_format(wsv.cell(total, c).value, ws.cell(total, c).number_format)
            for c in numeric
            if c <= a.last_printed
        )
        if args.total:
            report(shown == args.total, f"{name}: cached total row", f"got {shown!r}, want {args.total!r}")
        for sub, formula in args.formula or []:
            got = ws[sub].value
            report(got == formula, f"{name}: formula {sub}", f"got {got!r}, want {formula!r}")

    # Print setup.
    ps = ws.page_setup
    report(str(ps.paperSize) == "9", f"{name}: paper A4", f"paperSize={ps.paperSize}")
    report(ps.orientation == args.orientation, f"{name}: orientation", f"{ps.orientation}, want {args.orientation}")
    pm = ws.page_margins
    got = [pm.left * MM_PER_INCH, pm.right * MM_PER_INCH, pm.top * MM_PER_INCH, pm.bottom * MM_PER_INCH]
    if args.margins:
        want = [float(x) for x in args.margins.split(",")]
        report(
            all(abs(g - w) < 0.01 for g, w in zip(got, want)),
            f"{name}: margins",
            f"left,right,top,bottom mm = {[round(g, 2) for g in got]}, want {want}",
        )
    else:  # SPEC §3, Decree 30: left 30-35, right 15-20, top and bottom 20-25 mm
        ranges = [(30, 35), (15, 20), (20, 25), (20, 25)]
        report(
            all(lo - 0.01 <= g <= hi + 0.01 for g, (lo, hi) in zip(got, ranges)),
            f"{name}: margins within Decree 30",
            f"left,right,top,bottom mm = {[round(g, 2) for g in got]}",
        )
    fit = ws.sheet_properties.pageSetUpPr
    report(
        bool(fit and fit.fitToPage) and ps.fitToWidth in (None, 1) and ps.fitToHeight == 0,
        f"{name}: fit to one page wide",
        f"fitToPage={fit and fit.fitToPage} width={ps.fitToWidth} height={ps.fitToHeight}",
    )
    n_header = a.header[1] - a.header[0] + 1 if a.header else 0
    report(
        n_header == args.header_rows if args.header_rows else n_header >= 1,
        f"{name}: header rows repeated",
        f"print titles {ws.print_title_rows!r}, want {args.header_rows or 'some'} rows",
    )
    report(
        a.area is not None and a.area[:2] == (1, 1) and a.area[3] >= a.bottom,
        f"{name}: print area",
        f"{ws.print_area!r}, table rows {a.top}..{a.bottom}",
    )
    beyond = [
        ws.cell(a.top, c).coordinate
        for c in range(a.last_printed + 1, ws.max_column + 1)
        if any(ws.cell(r, c).value is not None for r in range(a.top, a.bottom + 1))
    ]
    hidden = [k for k, d in ws.column_dimensions.items() if d.hidden]
    report(
        len(beyond) == args.data_cols and not hidden,
        f"{name}: data columns outside the print area",
        f"{len(beyond)} columns right of the print area {beyond}, want {args.data_cols}; hidden: {hidden}",
    )
    report(bool(ws.print_options.horizontalCentered), f"{name}: centred horizontally", "")
    report("&P" in (ws.oddHeader.center.text or ""), f"{name}: page number in header", repr(ws.oddHeader.center.text))
    first = " ".join(filter(None, (ws.firstHeader.left.text, ws.firstHeader.center.text, ws.firstHeader.right.text)))
    report(bool(ws.HeaderFooter.differentFirst) and "&P" not in first,
           f"{name}: no page number on page 1 (Decree 30)", f"differentFirst {ws.HeaderFooter.differentFirst}, first {first!r}")

    # Widths and heights are set, not left to a missing autofit.
    unsized = [
        get_column_letter(c)
        for c in range(1, ws.max_column + 1)
        if ws.cell(a.top, c).value is not None
        and not ws.column_dimensions[get_column_letter(c)].customWidth
    ]
    no_height = [r for r in range(1, a.bottom + 1) if ws.row_dimensions[r].height is None and any(
        ws.cell(r, c).value is not None for c in range(1, ws.max_column + 1))]
    report(not unsized and not no_height, f"{name}: widths and heights set", f"columns {unsized} rows {no_height}")

    # Fonts.
    wrong = [
        f"{c.coordinate}:{c.font.name}"
        for row in ws.iter_rows()
        for c in row
        if c.value not in (None, "") and c.font.name != "Times New Roman"
    ]
    report(not wrong, f"{name}: Times New Roman", f"other fonts: {wrong[:5]}")
    body = [ws.cell(r, c).font.sz for r in a.body_rows() for c in range(1, ws.max_column + 1)
            if ws.cell(r, c).value not in (None, "")]
    report(all(float(s) == args.body_size for s in body), f"{name}: body size {args.body_size}",
           f"sizes {sorted(set(body))}")

    # Properties.
    props = a.wb.properties
    if args.title:
        report(props.title == args.title, f"{name}: title property", f"{props.title!r}")
    if args.created:
        report(
            props.created is not None and props.created.strftime("%Y-%m-%dT%H:%M:%SZ") == args.created,
            f"{name}: created property",
            f"{props.created}",
        )

    # Draft mark.
    marks = [c.coordinate for row in ws.iter_rows() for c in row if c.value == "DỰ THẢO"]
    head = " ".join(filter(None, (ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text)))
    if args.draft:
        red = marks and ws[marks[0]].font.b and str(ws[marks[0]].font.color.rgb).endswith("FF0000")
        report(
            bool(red) and marks[0] == "A1" and "DỰ THẢO" in head,
            f"{name}: draft mark",
            f"cells {marks}, header {head!r}",
        )
    else:
        report(not marks and "DỰ THẢO" not in head, f"{name}: no draft mark", f"cells {marks}")


def soffice_csv(path, outdir):
    """Converts path to CSV with LibreOffice recalculating on load; returns the rows."""
    out = soffice_convert(path, outdir, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv")
    with open(out, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def soffice_convert(path, outdir, to, ext):
    """Converts path with LibreOffice (filter `to`), recalculating every formula on load; returns
    the path of the file written (OUTDIR/<name>.ext): an .xlsx written so holds LibreOffice's own
    results as its cached values, for openpyxl to read."""
    profile = os.path.join(outdir, "lo-profile")
    shutil.rmtree(profile, ignore_errors=True)
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
            '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
            "</oor:items>\n"
        )
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{os.path.abspath(profile)}", "--headless",
         "--convert-to", to, "--outdir", outdir, path],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
    )
    return os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + "." + ext)


def recalc(args):
    a = Annex(args.file)
    rows = soffice_csv(args.file, args.outdir)
    name = args.name

    def shown(r, c):
        return rows[r - 1][c - 1] if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) else None

    formulas, mismatches = 0, []
    for row in a.ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                formulas += 1
                cached = a.wsv[cell.coordinate].value
                want = vi_format(cached, cell.number_format) if isinstance(cached, (int, float)) else None
                got = shown(cell.row, cell.column)
                if got != want:
                    mismatches.append(f"{cell.coordinate}: LibreOffice {got!r}, cached {want!r}")
    ok = formulas > 0 and not mismatches
    detail = f"{formulas} formulas; mismatches: {mismatches[:4]}"
    if args.expect_mismatch:
        report(formulas > 0 and bool(mismatches), f"{name}: recalculation catches a wrong cache", detail)
    else:
        report(ok, f"{name}: LibreOffice recalculation equals cached values", detail)
    if args.total:
        total = a.row_of(args.total_label)
        got = None
        if total:
            got = " ".join(
                shown(total, c)
                for c in range(1, a.last_printed + 1)
                if isinstance(a.wsv.cell(total, c).value, (int, float))
            )
        report(got == args.total, f"{name}: recalculated total row", f"got {got!r}, want {args.total!r}")


def tamper(args):
    """A copy of a good workbook with faults the checks must catch."""
    wb = openpyxl.load_workbook(args.file)
    ws = wb.worksheets[0]
    a = Annex(args.file)
    done = False
    for r in a.body_rows():
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(r, c)
            if not done and isinstance(cell.value, float) and "%" in cell.number_format:
                cell.value = vi_format(cell.value, cell.number_format)  # a number as text
                cell.font = Font(name="Arial", sz=10)
                done = True
    ws.page_setup.paperSize = 1
    ws.page_setup.orientation = "portrait" if ws.page_setup.orientation == "landscape" else "landscape"
    ws.page_setup.fitToHeight = 1
    ws.page_margins.left = 0.5
    ws.print_title_rows = None
    ws.oddHeader.center.text = None
    ws.cell(1, 1).value = "DỰ THẢO"
    wb.properties.title = "khác"
    wb.save(args.out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("file")
    c.add_argument("--name", default="xlsx")
    c.add_argument("--sheet")
    c.add_argument("--title")
    c.add_argument("--created", help="YYYY-MM-DDTHH:MM:SSZ")
    c.add_argument("--orientation", default="landscape")
    c.add_argument("--margins", help="left,right,top,bottom in mm")
    c.add_argument("--header-rows", type=int, help="default: at least one")
    c.add_argument("--data-cols", type=int, default=0)
    c.add_argument("--merged", action="append")
    c.add_argument("--formula", nargs=2, action="append", metavar=("CELL", "FORMULA"))
    c.add_argument("--min-numbers", type=int, default=1)
    c.add_argument("--percent-format")
    c.add_argument("--body-size", type=float, default=12)
    c.add_argument("--total-label", default="Toàn tỉnh")
    c.add_argument("--total", help="the cached total row as shown, printed columns")
    c.add_argument("--draft", action="store_true")
    r = sub.add_parser("recalc")
    r.add_argument("file")
    r.add_argument("outdir")
    r.add_argument("--name", default="xlsx")
    r.add_argument("--total-label", default="Toàn tỉnh")
    r.add_argument("--total", help="the recalculated total row as shown, printed columns")
    r.add_argument("--expect-mismatch", action="store_true")
    t = sub.add_parser("tamper")
    t.add_argument("file")
    t.add_argument("out")
    args = p.parse_args()
    {"check": check, "recalc": recalc, "tamper": tamper}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())

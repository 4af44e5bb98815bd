#!/usr/bin/python3
"""wide_check.py JOB PDF XLSX [--whole-years] — a table too wide for one page, read back.

JOB is a job made by tests/make_wide_job.py (its expected.tsv: every row's
name and figures in column order, computed from the CSVs). Reads the PDF
with `pdftotext -bbox` and its content stream through `qpdf --qdf`, the
XLSX with openpyxl, and prints one PASS or FAIL line per check:
  - every figure of every row (and of the total row) is printed exactly
    once, in column order, over the column bands (pages in order, left to
    right);
  - every row is in every band, with its STT and its whole name beside its
    figures on every page; no name takes more than two lines;
  - no text is set under 8 pt (every Tf operator of the content streams);
  - the XLSX is one sheet with all the figures, and its print setup matches
    the PDF: fit to one page wide for one band, else STT and name repeated
    (print titles) with a page break before each band; A3 when the PDF is;
  - with --whole-years (years at the top of the header): each year's
    columns all in one band.
Exit status 1 if any check fails.
"""
import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

FIG = re.compile(r"^\d{1,3}(\.\d{3})*,\d\d%$")
FAILED = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        FAILED.append(name)


def pages(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    ns = "{http://www.w3.org/1999/xhtml}"
    for page in root.iter(ns + "page"):
        yield float(page.get("width")), [(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")),
                                          float(w.get("yMax")), w.text) for w in page.iter(ns + "word")]


def page_rows(words):
    """{row key: (figures [(x, text)], name words [(y, x, text)])} of one page; key n (STT) or 'total'."""
    stt = next((w for w in words if w[4] == "STT"), None)
    if not stt:
        return {}
    sx = (stt[0] + stt[1]) / 2
    anchors = [(int(w[4]), (w[2] + w[3]) / 2) for w in words
               if re.fullmatch(r"\d+", w[4]) and abs((w[0] + w[1]) / 2 - sx) < 4 and w[2] > stt[3]]
    anchors += [("total", (w[2] + w[3]) / 2) for w in words if w[4] == "Toàn" and w[2] > stt[3]]
    figs = [w for w in words if FIG.match(w[4])]
    if not anchors or not figs:
        return {}
    line = sum(w[3] - w[2] for w in figs) / len(figs)
    first_fig_x = min(w[0] for w in figs)
    body_top = min(y for _, y in anchors) - line
    rows = {k: ([], []) for k, _ in anchors}
    for w in words:
        y = (w[2] + w[3]) / 2
        if y < body_top:
            continue
        key, ay = min(anchors, key=lambda a: abs(a[1] - y))
        if FIG.match(w[4]) and abs(ay - y) < 1.5:
            rows[key][0].append((w[0], w[4]))
        elif w[0] > stt[1] and w[1] <= first_fig_x and abs(ay - y) <= 0.8 * line:
            rows[key][1].append((round(y, 1), w[0], w[4]))
    return rows


def pdf_checks(job, pdf):
    expected = [l.rstrip("\n").split("\t") for l in open(f"{job}/expected.tsv", encoding="utf-8")]
    want = {(n if name != "Toàn tỉnh" else "total"): (name, figs.split()) for n, (name, figs) in
            enumerate(expected, 1)}
    got = {k: [] for k in want}
    seen = {k: 0 for k in want}
    bad_names, long_names, years = [], [], []
    for no, (_, words) in enumerate(pages(pdf), 1):
        text = " ".join(w[4] for w in words)
        years.append(frozenset(re.findall(r"Năm (20\d\d)", text)))
        for key, (figs, name) in page_rows(words).items():
            if key not in want:
                bad_names.append(f"page {no}: unknown row {key}")
                continue
            seen[key] += 1
            got[key] += [t for _, t in sorted(figs)]
            text = " ".join(t for _, _, t in sorted(name))
            if text != want[key][0]:
                bad_names.append(f"page {no}, row {key}: {text!r} for {want[key][0]!r}")
            if len({y for y, _, _ in name}) > 2:
                long_names.append(f"page {no}: {text!r} on {len({y for y, _, _ in name})} lines")
    wrong = [f"row {k}: {got[k]} for {want[k][1]}" for k in want if got[k] != want[k][1]]
    check(f"every figure of the {len(want)} rows once, in column order, over the bands", not wrong,
          "; ".join(wrong[:3]))
    bands = seen.get(1, 0)
    if "--whole-years" in sys.argv:
        groups = [y for i, y in enumerate(years) if y and (i == 0 or y != years[i - 1])]
        split = [sorted(a & b) for i, a in enumerate(groups) for b in groups[i + 1:] if a & b]
        check(f"each year's columns in one band ({' | '.join(' '.join(sorted(g)) for g in groups)})",
              len(groups) == bands and not split, f"years in two bands: {split}")
    uneven = [k for k in want if seen[k] != bands]
    check(f"every row in each of the {bands} bands", bands >= 1 and not uneven, f"rows {uneven[:5]}")
    check("STT and the whole name beside the figures on every page", not bad_names, "; ".join(bad_names[:3]))
    check("no name on more than two lines", not long_names, "; ".join(long_names[:3]))
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("latin-1")
    sizes = [float(s) for s in re.findall(r"/F\d+ ([\d.]+) Tf", qdf)]
    check(f"no type under 8 pt (smallest {min(sizes):.2f} pt)", sizes and min(sizes) >= 8 - 1e-6,
          f"{sorted(set(sizes))[:5]}")
    return bands


def xlsx_checks(job, xlsx, bands, a3):
    import openpyxl
    wb = openpyxl.load_workbook(xlsx)
    check("the XLSX is one sheet", len(wb.worksheets) == 1, f"{wb.sheetnames}")
    ws = wb.worksheets[0]
    n_figs = sum(len(l.split("\t")[1].split()) for l in open(f"{job}/expected.tsv", encoding="utf-8"))
    numbers = sum(1 for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) or
                  (isinstance(c.value, str) and c.value.startswith("=")))
    check(f"the XLSX holds all {n_figs} figures as numbers or formulas", numbers >= n_figs, f"{numbers}")
    ps = ws.page_setup
    check("XLSX paper as the PDF's", str(ps.paperSize) == ("8" if a3 else "9"), f"paperSize {ps.paperSize}")
    fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    breaks = [b.id for b in ws.col_breaks.brk]
    if bands == 1:
        check("XLSX: one band, fit to one page wide", fit and str(ps.fitToWidth) in ("1", "None"), f"fit {fit}")
    else:
        check("XLSX: bands, STT and name repeated (print titles)", ws.print_title_cols == "$A:$B",
              f"{ws.print_title_cols}")
        check(f"XLSX: bands, a page break before each of {bands - 1} bands", len(breaks) == bands - 1 and not fit,
              f"breaks {breaks}, fit {fit}")


def main():
    job, pdf, xlsx = sys.argv[1:4]  # then --whole-years, read in pdf_checks
    ini = open(f"{job}/phuluc.ini", encoding="utf-8").read()
    a3 = "cho_phep_a3 = có" in ini or ("ke-hoach-rong" in ini and "cho_phep_a3: true" in open(
        f"{job}/templates/ke-hoach-rong.yaml", encoding="utf-8").read())
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    is_a3 = "(A3)" in info
    bands = pdf_checks(job, pdf)
    xlsx_checks(job, xlsx, bands, is_a3)
    if a3 is False and is_a3:
        check("A3 only where the template allows it", False, "A3 without cho_phep_a3")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()

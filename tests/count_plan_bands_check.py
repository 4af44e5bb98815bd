#!/usr/bin/python3
"""count_plan_bands_check.py JOB PDF — a five-year plan in numbers too wide for one page.

Reads JOB/chi_tieu.csv itself (counts in Vietnamese thousands) and the PDF
through pdftotext and qpdf, and prints one PASS/FAIL line per check:
  - every count of every locality is printed, as often as the CSV holds it
    (the table is split over column bands, so the order is not checked here;
    tests/wide_check.py checks band order for rate tables);
  - every locality's name is on a page of every band (the name column repeats);
  - no text is set under 8 pt (every Tf operator of the content streams).
Exit status 1 if any check fails.
"""
import collections
import csv
import re
import subprocess
import sys

job, pdf = sys.argv[1:3]
failed = 0


def report(ok, what, detail=""):
    global failed
    failed += not ok
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + detail))


with open(f"{job}/chi_tieu.csv", encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
want = collections.Counter(v for r in body for v in r[2:] if v)
names = [r[1] for r in body]
text = subprocess.run(["pdftotext", "-raw", pdf, "-"], check=True, capture_output=True, text=True).stdout
got = collections.Counter(text.split())
short = {v: n - got[v] for v, n in want.items() if got[v] < n}
report(not short, f"all {sum(want.values())} counts of {len(body)} localities printed",
       f"{len(short)} values missing, e.g. {list(short.items())[:5]}")

pages = text.split("\f")
bands = []  # the year headings of each page: a band starts where they change
for p in pages:
    years = tuple(sorted(set(re.findall(r"Năm (20\d\d)", p))))
    if years and (not bands or bands[-1][0] != years):
        bands.append((years, []))
    if bands:
        bands[-1][1].append(p)
missing = [(b[0], n) for b in bands for n in names if not any(n in p for p in b[1])]
report(len(bands) >= 1 and not missing, f"every name in each of the {len(bands)} bands",
       f"{missing[:5]}")

# A band's last page holds at least 3 localities when the page before can spare them.
few = []  # (-raw text: a body row reads "STT name figures…")
for years, band_pages in bands:
    counts = [sum(1 for n in names if re.search(r"(^|\n)\d+ " + re.escape(n) + r"\b", p)) for p in band_pages]
    counts = [c for c in counts if c]
    if len(counts) >= 2 and counts[-1] < 3 and counts[-2] > 6:
        few.append((years, counts))
report(not few, "the last page of each band holds at least 3 localities", f"{few}")

qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], check=True,
                     capture_output=True).stdout.decode("latin-1")
sizes = [float(s) for s in re.findall(r"/F\w*\s+([0-9.]+)\s+Tf", qdf)]
report(sizes and min(sizes) >= 8, f"no text under 8 pt ({len(sizes)} Tf, smallest {min(sizes) if sizes else '-'})")
sys.exit(1 if failed else 0)

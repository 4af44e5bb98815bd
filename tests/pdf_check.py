#!/usr/bin/python3
"""pdf_check.py — reads a phuluc PDF back with poppler and checks it.

  pdf_check.py rows PDF CHI_TIEU_CSV DIA_BAN_CSV EXPECTED_TOTAL_LINE
      every locality's row (name + 12 values in annex order) and the total
      row appear exactly, in order, in `pdftotext -layout`
  pdf_check.py pages PDF HEADER_TEXT
      the header text is on every page; page numbers are centred at the top
      from page 2 on and absent from page 1; the total row is never the
      first body row of a page
  pdf_check.py inside PDF
      no word lies outside the printable area (margins) and no two words on
      one line overlap (text crossing a cell border would)
  pdf_check.py ink PDF PLAIN MARKED
      the word MARKED (a letter with diacritics) carries clearly more ink
      than PLAIN (the bare letter) when rendered: a font whose composite
      glyphs lose their marks fails this
Exit status 0 when the check holds; the reason is printed otherwise.
"""
import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def text(pdf, *args):
    return subprocess.run(["pdftotext", "-layout", *args, pdf, "-"], check=True, capture_output=True,
                          text=True).stdout


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def pct(v):
    v = v.strip().rstrip("%").strip()
    return v + "%"


def rows(pdf, chi_tieu, dia_ban, total_line):
    order = [r for r in csv.DictReader(open(dia_ban, encoding="utf-8"))]
    targets = {r["ma"]: r for r in csv.DictReader(open(chi_tieu, encoding="utf-8"))}
    cols = [f"{i}_{y}" for y in (2023, 2024, 2025) for i in ("bhxh", "bhxh_bb", "bhxh_tn")]
    cols += [f"bhtn_{y}" for y in (2023, 2024, 2025)]
    lines = [collapse(l) for l in text(pdf).splitlines()]
    at = 0
    for n, loc in enumerate(order, 1):
        want = f"{n} {loc['ten']} " + " ".join(pct(targets[loc['ma']][c]) for c in cols)
        found = next((i for i in range(at, len(lines)) if lines[i] == want), None)
        if found is None:
            sys.exit(f"row not found in order: {want!r}")
        at = found + 1
    if not any(l == total_line for l in lines[at:]):
        sys.exit(f"total row not found after the last locality: {total_line!r}")
    print(f"{len(order)} rows and the total row in order")


def page_texts(pdf):
    return text(pdf).split("\f")[:-1]


def pages(pdf, header):
    texts = page_texts(pdf)
    if len(texts) < 2:
        sys.exit(f"expected several pages, got {len(texts)}")
    for i, t in enumerate(texts, 1):
        body = [l for l in t.splitlines() if l.strip()]
        has_rows = any(re.match(r"\s*\d+\s+\S", l) or "Toàn tỉnh" in l for l in body)
        if has_rows and header not in collapse(t):
            sys.exit(f"page {i}: header {header!r} missing")
        first = body[0].strip()
        if i == 1 and re.fullmatch(r"\d+", first):
            sys.exit(f"page 1 carries a page number {first!r}")
        if i > 1 and first != str(i):
            sys.exit(f"page {i}: first line is {first!r}, not the page number")
        # Body rows start with their STT; the total row is the one starting with its label.
        numbered = [l for l in body if re.match(r"\s*\d+\s+\S", l) and not re.fullmatch(r"\s*\d+\s*", l)]
        if any("Toàn tỉnh" in l for l in body) and not numbered:
            sys.exit(f"page {i}: the total row stands alone")
    print(f"{len(texts)} pages, header and page numbers right, total row not alone")


def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True, capture_output=True,
                         text=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    root = ET.fromstring(out)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        w, h = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            lines.append([(float(x.get("xMin")), float(x.get("xMax")), float(x.get("yMin")), float(x.get("yMax")),
                           x.text) for x in line.findall("x:word", ns)])
        yield w, h, lines


def inside(pdf):
    mm = 72 / 25.4
    n = 0
    for w, h, lines in words(pdf):
        for line in lines:
            for x0, x1, y0, y1, t in line:
                n += 1
                if t == "DỰ" or t == "THẢO":
                    continue
                if x0 < 30 * mm - 0.5 or x1 > w - 15 * mm + 0.5:
                    sys.exit(f"word {t!r} at x {x0:.1f}–{x1:.1f} crosses the side margins")
                in_body = y0 >= 20 * mm - 0.5 and y1 <= h - 20 * mm + 0.5
                page_number = re.fullmatch(r"\d+", t) and y1 <= 20 * mm
                if not in_body and not page_number:
                    sys.exit(f"word {t!r} at y {y0:.1f}–{y1:.1f} is outside the page body")
            for (a0, a1, *_ , ta), (b0, b1, *_, tb) in zip(line, line[1:]):
                if b0 < a1 - 0.1:
                    sys.exit(f"words {ta!r} and {tb!r} overlap ({a1:.1f} > {b0:.1f})")
    print(f"{n} words inside the margins, none overlapping")


def ink(pdf, plain, marked):
    boxes = {}
    for _, _, lines in words(pdf):
        for line in lines:
            for x0, x1, y0, y1, t in line:
                boxes.setdefault(t, (x0, x1, y0, y1))
        break
    counts = {}
    for word in (plain, marked):
        if word not in boxes:
            sys.exit(f"word {word!r} not found on page 1")
        x0, x1, y0, y1 = boxes[word]
        r = 300 / 72
        hgt = y1 - y0
        args = ["pdftoppm", "-gray", "-r", "300", "-f", "1", "-l", "1", "-x", str(int(x0 * r)),
                "-y", str(int((y0 - 0.15 * hgt) * r)), "-W", str(int((x1 - x0) * r) + 2),
                "-H", str(int(1.3 * hgt * r)), pdf]
        pgm = subprocess.run(args, check=True, capture_output=True).stdout
        # Binary PGM: P5\nW H\n255\n<pixels>
        parts = pgm.split(b"\n", 3)
        counts[word] = sum(1 for b in parts[3] if b < 128)
    ratio = counts[marked] / max(counts[plain], 1)
    if ratio < 1.15:
        sys.exit(f"{marked!r} has {counts[marked]} dark pixels, {plain!r} {counts[plain]}: marks lost?")
    print(f"ink {marked!r} {counts[marked]} vs {plain!r} {counts[plain]} (×{ratio:.2f})")


def numbered_rows(page):
    """The body rows of a page's text: lines that start with an STT and a name."""
    return [l for l in page.splitlines() if re.match(r"\s*\d+\s+(Xã|Phường|Thị|Thành|Huyện|Đặc|Thị)\b", l)]


def last_page(pdf, least):
    """The last page of the table holds at least `least` localities, where the page before can spare them."""
    counts = [len(numbered_rows(t)) for t in page_texts(pdf)]
    counts = [c for c in counts if c]
    least = int(least)
    if len(counts) >= 2 and counts[-1] < least and counts[-2] > 2 * least:
        sys.exit(f"the last page holds {counts[-1]} localities, the one before {counts[-2]}")
    print(f"rows a page {counts}: the last holds {counts[-1]}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"rows": rows, "pages": pages, "inside": inside, "ink": ink, "last_page": last_page}[cmd](*args)

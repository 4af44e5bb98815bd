#!/usr/bin/python3
"""rule_case_to_workbook.py CASE_DIR OUT_DIR — a rule case of tests/checks/ as a workbook job.

Copies the case to OUT_DIR/<case>, puts its data files (dia_ban, lao_dong,
chi_tieu, chi_tieu_tinh, thuc_hien) into one workbook so_lieu.xlsx, one
sheet per file named as its key, every cell as text (so a value is read as
the CSV's text is), points phuluc.ini at so_lieu.xlsx#<key>, and writes
OUT_DIR/<case>/expected.wb: the case's expected findings with each
"CASE/chi_tieu.csv:5:bhxh_2024:" turned into "CASE/so_lieu.xlsx:chi_tieu!C5:"
(or "CASE/so_lieu.xlsx:chi_tieu:5:col:" when the column is not in the
header). Exit 0, or 2 when the case cannot be carried over as it is (other
encodings, CSV syntax, a message naming a CSV file, a quoted newline, a
command other than check).
"""
import csv
import os
import re
import shutil
import sys

from openpyxl import Workbook

KEYS = ("dia_ban", "lao_dong", "chi_tieu", "chi_tieu_tinh", "thuc_hien")


def skip(why):
    print(why)
    sys.exit(2)


def delimiter(first_line):
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max((",", ";", "\t"), key=lambda d: (counts[d], d == ","))


def read_rows(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        skip("not UTF-8: " + path)
    if text.startswith("\ufeff") or "\r" in text:
        skip("BOM or CR: " + path)
    rows = list(csv.reader(text.split("\n"), delimiter=delimiter(text.split("\n", 1)[0])))
    if any("\n" in v for r in rows for v in r):
        skip("quoted newline: " + path)
    return rows


def col_letter(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    src, out = sys.argv[1].rstrip("/"), sys.argv[2]
    case = os.path.basename(src)
    if os.path.exists(os.path.join(src, "args")) or case.startswith("encoding"):
        skip("not a check of UTF-8 data")
    with open(os.path.join(src, "expected"), encoding="utf-8") as f:
        expected = f.read().splitlines()
    if any("[csv-syntax]" in e or "[encoding]" in e for e in expected):
        skip("CSV syntax")
    with open(os.path.join(src, "phuluc.ini"), encoding="utf-8") as f:
        ini = f.read()
    dst = os.path.join(out, case)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    wb = Workbook()
    wb.remove(wb.active)
    headers = {}
    for key in KEYS:
        m = re.search(r"^(\s*" + key + r"\s*=\s*)(\S+)\.csv\s*$", ini, re.M)
        if not m or not os.path.exists(os.path.join(src, m.group(2) + ".csv")):
            continue
        name = m.group(2)
        rows = read_rows(os.path.join(src, name + ".csv"))
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v != "":
                    cell = ws.cell(row=r, column=c, value=v)
                    cell.data_type = "s"
        headers[name] = [h.strip(" \t") for h in rows[0]] if rows else []
        ini = ini[: m.start()] + m.group(1) + "so_lieu.xlsx#" + name + ini[m.end():]
        os.remove(os.path.join(dst, name + ".csv"))
    if not headers:
        skip("no data file")
    wb.save(os.path.join(dst, "so_lieu.xlsx"))
    with open(os.path.join(dst, "phuluc.ini"), "w", encoding="utf-8") as f:
        f.write(ini)
    place = re.compile(r"^" + re.escape(case) + r"/([^/:]+)\.csv:(\d+):([^:]*): (.*)$")
    lines = []
    for e in expected:
        m = place.match(e)
        if m and m.group(1) in headers:
            name, line, col, rest = m.group(1), int(m.group(2)), m.group(3), m.group(4)
            if ".csv" in rest:
                skip("a message names a CSV file")
            where = case + "/so_lieu.xlsx:" + name
            if col and line > 0 and col in headers[name]:
                where += "!" + col_letter(headers[name].index(col)) + str(line)
            else:
                where += ":%d:%s" % (line, col)
            e = where + ": " + rest
        elif ".csv" in e:
            skip("a finding names a CSV file")
        lines.append(e)
    with open(os.path.join(dst, "expected.wb"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


main()

#!/usr/bin/python3
"""tests/workbooks.py — workbooks made the way clerks make them, for tests/e2e/workbooks.sh
and tests/e2e/mau_nhap.sh. Run with Debian's /usr/bin/python3 (python3-openpyxl).

  workbooks.py pad JOB OUT
        a copy of the CSV job JOB whose locality codes have leading zeros
        (622 → 00622, in every file), the reference for "codes that lost
        their leading zeros"
  workbooks.py book JOB OUT [--title] [--percent] [--numeric-codes] [--total]
        the job OUT with one workbook so_lieu.xlsx written by openpyxl, one sheet
        per CSV of JOB (Địa bàn, Lao động, Chỉ tiêu, Chỉ tiêu tỉnh, Thực hiện,
        Sáp nhập), phuluc.ini pointing at the sheets. --title: a title row
        merged above the header; --percent: rates as percent cells (0.4151,
        0.00%), counts and years as numbers; --numeric-codes: codes as numbers
        outside dia_ban (Excel's 622 for 00622); --total: a typed total row
        ("Tổng cộng" in the code column) with the weighted figures under chi_tieu
  workbooks.py repoint JOB OUT EXT
        the job OUT whose phuluc.ini names <table>.EXT instead of <table>.csv
        (for the workbooks LibreOffice converts one per table); copies JOB's ini only
  workbooks.py fill FORM JOB OUT
        the form `phuluc mau-nhap` wrote (FORM), filled with JOB's CSV figures as
        a clerk types them in Excel (values take their column's number format:
        rates in 0.00% cells as percents, counts as numbers, codes as text), saved
        as OUT/so_lieu.xlsx; OUT/phuluc.ini is JOB's, pointing at the sheets
  workbooks.py form-check FORM [JOB]
        the form's structure: sheets, headers, number formats, drop-downs, listed
        localities (JOB's dia_ban.csv), text codes. Prints PASS/FAIL lines.
  workbooks.py values FILE
        every cell value of an annex workbook (cached values), one line each
"""
import csv
import io
import os
import re
import unicodedata
import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from openpyxl.utils import get_column_letter

SHEETS = {  # du_lieu key → the sheet a clerk names it
    "dia_ban": "Địa bàn",
    "lao_dong": "Lao động",
    "chi_tieu": "Chỉ tiêu",
    "chi_tieu_tinh": "Chỉ tiêu tỉnh",
    "thuc_hien": "Thực hiện",
    "sap_nhap": "Sáp nhập",
}
CODE_KEYS = {"ma", "ma_cha", "ma_cu", "ma_moi"}
RATE_INDICATORS = {"bhxh", "bhxh_bb", "bhxh_tn", "bhtn", "bhyt"}
COUNT_COLUMN = re.compile(r"^so_nguoi_(bhxh|bhxh_bb|bhxh_tn|bhtn|bhyt)_(\d{4})$")
RATE_COLUMN = re.compile(r"^(bhxh|bhxh_bb|bhxh_tn|bhtn|bhyt)_(\d{4})$")
LABELS = {"BHXH": "bhxh", "BHXH bắt buộc": "bhxh_bb", "BHXH tự nguyện": "bhxh_tn", "BHTN": "bhtn",
          "BHYT": "bhyt"}
FORM_HEADERS = {"Mã": "ma", "Tên địa bàn": "ten", "Cấp": "cap", "Nhóm": "nhom", "Năm": "nam",
                "Lực lượng lao động trong độ tuổi": "luc_luong_lao_dong", "Dân số": "dan_so",
                "Chỉ số": "chi_so", "Giá trị": "gia_tri", "Kỳ": "ky", "Mã cũ": "ma_cu",
                "Tên cũ": "ten_cu", "Mã mới": "ma_moi", "Tên mới": "ten_moi", "Tỷ lệ": "ty_le"}


def report(ok, name, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


# ---- jobs ------------------------------------------------------------------

def ini_lines(job):
    """phuluc.ini's lines, each with its du_lieu key (None for any other line)."""
    section = ""
    with open(os.path.join(job, "phuluc.ini"), encoding="utf-8") as f:
        for line in f:
            s, key = line.strip(), None
            if s.startswith("["):
                section = s.strip("[]")
            elif section == "du_lieu" and "=" in s and not s.startswith(";"):
                key = s.split("=", 1)[0].strip()
            yield line, key


def ini_data(job):
    """phuluc.ini's du_lieu entries: key → file name, in order."""
    return {k: line.split("=", 1)[1].strip() for line, k in ini_lines(job) if k is not None}


def write_ini(job, out, names):
    """JOB's phuluc.ini in OUT with du_lieu.<key> = names[key], every other line as it is."""
    lines = [f"{k} = {names[k]}\n" if k in names else line for line, k in ini_lines(job)]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    copy_templates(job, out)


def copy_templates(job, out):
    """A job's own templates (JOB/templates/) go with every copy of it."""
    src = os.path.join(job, "templates")
    if os.path.isdir(src) and not os.path.isdir(os.path.join(out, "templates")):
        shutil.copytree(src, os.path.join(out, "templates"))


def read_table(job, name):
    with open(os.path.join(job, name), encoding="utf-8-sig", newline="") as f:
        text = f.read()
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [canon(h) for h in rows[0]], rows[1:]


def canon(header):
    """A clerk's header as its column key ("Mã" → ma, "Số người tham gia BHXH tự nguyện 2026" →
    so_nguoi_bhxh_tn_2026), the way the guide describes them; other headers as they are."""
    folded = "".join(c for c in unicodedata.normalize("NFD", header.replace("đ", "d").replace("Đ", "D"))
                     if not unicodedata.combining(c)).lower()
    folded = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    if folded in ("ma", "ma_dia_ban"):
        return "ma"
    if folded in ("ten", "ten_dia_ban"):
        return "ten"
    m = re.match(r"^so_nguoi_tham_gia_(bhxh|bhtn|bhyt)(_tu_nguyen|_bat_buoc)?(_nam)?_(\d{4})$", folded)
    if m:
        part = {"_tu_nguyen": "_tn", "_bat_buoc": "_bb"}.get(m.group(2) or "", "")
        return f"so_nguoi_{m.group(1)}{part}_{m.group(4)}"
    return header


def pad(job, out):
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(job, "phuluc.ini"), out)
    copy_templates(job, out)
    for key, name in ini_data(job).items():
        header, rows = read_table(job, name)
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                w.writerow([v.zfill(5) if header[i] in CODE_KEYS and v.isdigit() else v
                            for i, v in enumerate(r)])


def decimal_of(text):
    return Decimal(text.replace(",", "."))


def typed(key, value, row, header, percent, numeric_code):
    """A CSV field as a clerk's cell: (value, number format or None)."""
    if value == "":
        return None, None
    if key in CODE_KEYS:
        return (int(value), None) if numeric_code and value.isdigit() else (value, "@")
    if not percent:
        return value, None
    is_rate = RATE_COLUMN.match(key) or (
        key == "gia_tri" and "chi_so" in header and row[header.index("chi_so")] in RATE_INDICATORS)
    if is_rate and re.match(r"^-?\d+(,\d+)?$", value):
        return float(decimal_of(value) / 100), "0.00%"
    if re.match(r"^\d+$", value):
        return int(value), ("0" if key == "nam" else "#,##0")
    return value, None


def weighted_totals(job):
    """The province's figure of every chi_tieu column, as phuluc computes it: hundredths."""
    data = ini_data(job)
    lh, lrows = read_table(job, data["lao_dong"])
    labour = {}
    for r in lrows:
        d = dict(zip(lh, r))
        labour[(d["ma"], d["nam"])] = (Decimal(d["luc_luong_lao_dong"]), Decimal(d.get("dan_so") or 0))
    th, trows = read_table(job, data["chi_tieu"])
    totals = {}
    for c, key in enumerate(th):
        if COUNT_COLUMN.match(key):  # a number of participants: the exact sum, in hundredths here
            totals[key] = sum(Decimal((r[c] or "0").replace(".", "").replace(" ", "")) for r in trows) * 100
            continue
        m = RATE_COLUMN.match(key)
        if not m:
            continue
        s_rw = s_w = Decimal(0)
        for r in trows:
            lab, pop = labour[(r[th.index("ma")], m.group(2))]
            w = pop if m.group(1) == "bhyt" else lab
            s_rw += decimal_of(r[c]) * 100 * w
            s_w += w
        totals[key] = (s_rw / s_w).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return totals


def book(job, out, title, percent, numeric_codes, total):
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    names = {}
    for key, name in ini_data(job).items():
        header, rows = read_table(job, name)
        ws = wb.create_sheet(SHEETS[key])
        names[key] = f"so_lieu.xlsx#{SHEETS[key]}"
        top = 1
        if title:
            ws.cell(1, 1, f"Bảng {SHEETS[key].lower()} (số liệu kèm theo)")
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
            top = 2
        for c, h in enumerate(header, 1):
            ws.cell(top, c, h)
        if total and key == "chi_tieu":
            sums = weighted_totals(job)
            rows = rows + [["Tổng cộng" if h == "ma" else "" if h == "ten" else
                            str(int(sums[h]) // 100) if COUNT_COLUMN.match(h) else
                            f"{int(sums[h]) // 100},{int(sums[h]) % 100:02d}" for h in header]]
        for r, row in enumerate(rows, top + 1):
            for c, v in enumerate(row):
                value, fmt = typed(header[c], v, row, header, percent,
                                   numeric_codes and key != "dia_ban")
                if total and key == "chi_tieu" and v == "Tổng cộng":
                    value, fmt = v, None
                if value is None:
                    continue
                cell = ws.cell(r, c + 1, value)
                if fmt:
                    cell.number_format = fmt
    wb.save(os.path.join(out, "so_lieu.xlsx"))
    write_ini(job, out, names)


def repoint(job, out, ext):
    names = {k: re.sub(r"\.csv$", "." + ext, v) for k, v in ini_data(job).items()}
    write_ini(job, out, names)


# ---- the form of `phuluc mau-nhap` ---------------------------------------------

def form_key(header):
    if header in FORM_HEADERS:
        return FORM_HEADERS[header]
    m = re.match(r"^(.*) năm (\d{4})$", header)
    if m and m.group(1) in LABELS:
        return f"{LABELS[m.group(1)]}_{m.group(2)}"
    m = re.match(r"^Số người tham gia (.*) năm (\d{4})$", header)
    if m and m.group(1) in LABELS:
        return f"so_nguoi_{LABELS[m.group(1)]}_{m.group(2)}"
    m = re.match(r"^Số người tham gia (.*)$", header)
    if m and m.group(1) in LABELS:
        return LABELS[m.group(1)]
    raise SystemExit(f"form header {header!r} unknown to the test")


def column_format(ws, c):
    return ws.column_dimensions[get_column_letter(c)].number_format


def fill(form, job, out):
    wb = openpyxl.load_workbook(form)
    names = {}
    for key, name in ini_data(job).items():
        ws = wb[SHEETS[key]]
        names[key] = f"so_lieu.xlsx#{SHEETS[key]}"
        keys = [form_key(c.value) for c in ws[1]]
        header, rows = read_table(job, name)
        missing = [h for h in header if h not in keys]
        if missing:
            raise SystemExit(f"sheet {ws.title} has no column for {missing}")
        ws.delete_rows(2, ws.max_row)
        for r, row in enumerate(rows, 2):
            d = dict(zip(header, row))
            for c, k in enumerate(keys, 1):
                v = d.get(k, "")
                if v == "":
                    continue
                fmt = column_format(ws, c)
                if fmt == "0.00%":
                    value = float(decimal_of(v) / 100)
                elif fmt in ("#,##0", "0"):
                    value = int(v.replace(".", "").replace(" ", ""))  # a CSV's 6.242 is typed 6242
                else:
                    value = v
                cell = ws.cell(r, c, value)
                cell.number_format = fmt  # Excel gives a typed cell its column's format
    os.makedirs(out, exist_ok=True)
    wb.save(os.path.join(out, "so_lieu.xlsx"))
    write_ini(job, out, names)


def form_check(form, job):
    wb = openpyxl.load_workbook(form)
    names = wb.sheetnames
    report(names[0] == "Hướng dẫn", "form: the instructions sheet comes first", names)
    want = ["Địa bàn", "Lao động", "Chỉ tiêu", "Chỉ tiêu tỉnh"]
    if job and "thuc_hien" in ini_data(job):
        want.append("Thực hiện")
    if job and "sap_nhap" in ini_data(job):
        want.append("Sáp nhập")
    report(names[1:] == want, "form: one sheet per table", f"{names[1:]} want {want}")
    guide = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    for sheet in want:
        report(f"#{sheet}" in guide, f"form: the instructions name du_lieu …#{sheet}")
    keys = [form_key(c.value) for c in wb["Chỉ tiêu"][1]]
    rates, counts = any(RATE_COLUMN.match(k) for k in keys), any(COUNT_COLUMN.match(k) for k in keys)
    # The assigned figures: rates, numbers of participants, or either.
    assigned = "0.00%" if not counts else "General" if rates else "#,##0"
    for ws in wb.worksheets[1:]:
        for c, cell in enumerate(ws[1], 1):
            key = form_key(cell.value)
            fmt = column_format(ws, c)
            if RATE_COLUMN.match(key):
                report(fmt == "0.00%", f"form: {ws.title}!{cell.value} is a percent column", fmt)
            if key == "gia_tri":
                report(fmt == assigned, f"form: {ws.title}!{cell.value} is a {assigned} column", fmt)
            if key in ("luc_luong_lao_dong", "dan_so") or key in RATE_INDICATORS or COUNT_COLUMN.match(key):
                report(fmt == "#,##0", f"form: {ws.title}!{cell.value} is a count column", fmt)
                whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"
                         and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
                         and str(dv.sqref) == f"{get_column_letter(c)}2:{get_column_letter(c)}1048576"]
                report(len(whole) == 1, f"form: {ws.title}!{cell.value} takes whole numbers ≥ 0 only",
                       [(str(dv.sqref), dv.type, dv.operator) for dv in ws.data_validations.dataValidation])
            if key in ("ma", "ky"):
                report(fmt == "@", f"form: {ws.title}!{cell.value} is a text column", fmt)
    lists = {str(dv.sqref): dv.formula1 for dv in wb["Địa bàn"].data_validations.dataValidation}
    report(lists.get("C2:C1048576") == '"tinh,thanh_pho,thi_xa,huyen,xa,phuong,dac_khu"',
           "form: a drop-down for cap", lists)
    if not job:
        return
    years = [y.strip() for y in re.search(r"^nam\s*=(.*)$", open(os.path.join(job, "phuluc.ini"),
             encoding="utf-8").read(), re.M).group(1).split(",")]
    heads = [c.value for c in wb["Chỉ tiêu"][1]]
    report(all(f"BHXH năm {y}" in heads or f"Số người tham gia BHXH năm {y}" in heads for y in years),
           "form: the years of phu_luc.nam", heads)
    th, _ = read_table(job, ini_data(job)["chi_tieu"])
    counts = sorted(k for k in th if COUNT_COLUMN.match(k))
    in_form = sorted(k for k in map(form_key, heads) if COUNT_COLUMN.match(k))
    report(in_form == counts, "form: a count column for each number of participants the job gives",
           f"form {in_form[:4]}…, job {counts[:4]}…")
    header, rows = read_table(job, ini_data(job)["dia_ban"])
    listed = [[c.value for c in r[:3]] for r in wb["Địa bàn"].iter_rows(min_row=2)]
    report(listed == [[r[header.index("ma")], r[header.index("ten")], r[header.index("cap")]]
                      for r in rows], "form: the localities of dia_ban listed", listed[:2])
    types = {c.data_type for r in wb["Địa bàn"].iter_rows(min_row=2) for c in r[:1]}
    report(types == {"s"}, "form: codes written as text", types)
    units = len(rows)
    if "sap_nhap" in ini_data(job):  # lao_dong and chi_tieu give the former units
        mh, mrows = read_table(job, ini_data(job)["sap_nhap"])
        units = len({r[mh.index("ma_cu")] for r in mrows})
    lab = list(wb["Lao động"].iter_rows(min_row=2, values_only=True))
    report(len(lab) == units * len(years), "form: one Lao động row per locality and year", len(lab))
    tgt = list(wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    report(len(tgt) == units, "form: one Chỉ tiêu row per locality", len(tgt))


def values(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    print(f"{ws.title}!{c.coordinate}\t{c.value!r}")


def main():
    a = sys.argv[1:]
    if a[0] == "pad":
        pad(a[1], a[2])
    elif a[0] == "book":
        book(a[1], a[2], "--title" in a, "--percent" in a, "--numeric-codes" in a, "--total" in a)
    elif a[0] == "repoint":
        repoint(a[1], a[2], a[3])
    elif a[0] == "fill":
        fill(a[1], a[2], a[3])
    elif a[0] == "form-check":
        form_check(a[1], a[2] if len(a) > 2 else None)
    elif a[0] == "values":
        values(a[1])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()

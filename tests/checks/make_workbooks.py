#!/usr/bin/python3
"""Makes the workbooks of the workbook-* rule cases (openpyxl, Debian's python3-openpyxl).

The .xlsx files are committed beside this script; run it again after changing
it (from anywhere): /usr/bin/python3 tests/checks/make_workbooks.py

workbook-clean: one workbook with every table, as a clerk keeps it: a title
row merged above the header, a two-row header under a merged "BHXH", rates
as percent cells, codes that Excel turned into numbers (622 for 00622), a
typed total row. It gives no finding.
workbook-errors: the same with one planted error per cell reader, each
reported with its sheet and cell.
"""
import os
import sys

from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
PCT = "0.00%"


def localities(wb):
    ws = wb.active
    ws.title = "Địa bàn"
    ws.append(["ma", "ten", "cap"])
    ws.append(["00622", "Thành phố Pleiku", "thanh_pho"])
    ws.append(["00623", "Thị xã An Khê", "thi_xa"])


def labour(wb, bad):
    ws = wb.create_sheet("Lao động")
    ws.append(["Mã", "Năm", "Lực lượng lao động"])
    for year in (2024, 2025):
        for code in (622, 623):
            ws.append([code, year, 1000])
    if bad:
        ws["C3"] = "#N/A"
        ws["C3"].data_type = "e"


def targets(wb, bad):
    ws = wb.create_sheet("Chỉ tiêu")
    ws.append(["PHỤ LỤC: CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BHXH, BHTN"])
    ws.merge_cells("A1:J1")
    ws.append(["Mã", "Tên địa bàn", "BHXH", None, None, None, None, None, "BHTN", None])
    ws.merge_cells("C2:H2")
    ws.merge_cells("I2:J2")
    ws.append([None, None, "2024", "bắt buộc 2024", "tự nguyện 2024", "2025", "bắt buộc 2025",
               "tự nguyện 2025", "2024", "2025"])
    rows = [
        [622, "Thành phố Pleiku", 0.40, 0.38, 0.02, 0.42, 0.39, 0.03, 0.30, 0.31],
        [623, "Thị xã An Khê", 0.20, 0.16, 0.04, 0.22, 0.17, 0.05, 0.10, 0.11],
        ["Tổng cộng", None, 0.30, 0.27, 0.03, 0.32, 0.28, 0.04, 0.20, 0.21],
    ]
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=4, max_row=6, min_col=3, max_col=10):
        for cell in row:
            cell.number_format = PCT
    if bad:
        ws["C4"].number_format = "General"  # 0.4 typed where 40 (percent points) was meant: fine
        ws["C4"] = 0.4151                   # a fraction in a General cell
        ws["D5"] = 0.16155                  # a percent cell with 3 decimals of percent
        ws["F5"].number_format = "dd/mm/yyyy"
        ws["F5"] = 45000
        ws["J6"] = 0.22                     # the total row differs


def assigned(wb, bad):
    ws = wb.create_sheet("Chỉ tiêu tỉnh")
    ws.append(["nam", "chi_so", "gia_tri"])
    for year, ind, value in ((2024, "bhxh", 30), (2025, "bhxh", 32), (2024, "bhtn", 20), (2025, "bhtn", 21)):
        ws.append([year, ind, value])
    if bad:
        ws["C5"] = "hai mốt"


def make(case, bad):
    wb = Workbook()
    localities(wb)
    labour(wb, bad)
    targets(wb, bad)
    assigned(wb, bad)
    wb.save(os.path.join(HERE, case, "so_lieu.xlsx"))


if __name__ == "__main__":
    make("workbook-clean", False)
    make("workbook-errors", True)
    sys.exit(0)

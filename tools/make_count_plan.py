#!/usr/bin/python3
"""make_count_plan.py — writes an illustrative five-year commune plan in numbers
of participants (the 2026–2030 cycle of Nghị quyết 403/NQ-CP): dia_ban.csv,
lao_dong.csv (labour force and population), chi_tieu.csv (counts of BHXH, of
which voluntary, and BHYT per commune and year) and chi_tieu_tinh.csv (the
numbers assigned to the province, reached with a margin).

    tools/make_count_plan.py DIR [N_LOCALITIES] [--short PEOPLE] [--full]

The figures are made up (a fixed pseudo-random sequence, so the files are the
same every time); the codes are 5-digit commune codes from 20001 on. With
--short K the assigned BHXH number of the first year and the voluntary
minimum of the last are K people above the sums, so province-target must
report exactly K more participants needed on those two lines; without it the
assigned numbers are the sums. With --full chi_tieu.csv also gives the
compulsory part (BHXH − voluntary) and BHTN (80% of compulsory, rounded down)
of every commune and year: all five indicators of the 2026–2030 plan.
"""
import os
import sys

YEARS = [2026, 2027, 2028, 2029, 2030]


def rng(seed):
    x = seed
    while True:
        x = (x * 1103515245 + 12345) % 2**31
        yield x


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    short = 0
    if "--short" in sys.argv:
        short = int(sys.argv[sys.argv.index("--short") + 1])
        args = [a for a in args if a != str(short)]
    full = "--full" in sys.argv
    out, n = args[0], int(args[1]) if len(args) > 1 else 135
    os.makedirs(out, exist_ok=True)
    r = rng(403)
    n_wards = max(1, n * 25 // 135)
    rows, lab, tgt = [], [], []
    for i in range(n):
        code = str(20001 + i * 3)
        ward = i < n_wards
        name = ("Phường %03d" if ward else "Xã %03d") % (i + 1 if ward else i + 1 - n_wards)
        group = "Gia Lai (cũ)" if i < n // 2 else "Bình Định (cũ)"
        rows.append((code, name, "phuong" if ward else "xa", group))
        labour0 = 4000 + next(r) % 30000
        rate0 = (3500 if ward else 1200) + next(r) % 1500  # hundredths of a percent
        tn0 = 150 + next(r) % 400
        extra, cover = next(r) % 500, 9300 + next(r) % 50
        per_year = []
        for k, y in enumerate(YEARS):
            labour = labour0 + k * (labour0 // 100)
            population = labour * 16 // 10 + extra
            bhxh = labour * (rate0 + k * 180) // 10000
            tn = labour * (tn0 + k * 60) // 10000
            bhyt = population * (cover + k * 100) // 10000
            lab.append((code, y, labour, population))
            per_year.append((bhxh, tn, bhyt))
        tgt.append((code, name, per_year))
    with open(os.path.join(out, "dia_ban.csv"), "w") as f:
        f.write("ma,ten,cap,nhom\n")
        for code, name, level, group in rows:
            f.write("%s,%s,%s,%s\n" % (code, name, level, group))
    with open(os.path.join(out, "lao_dong.csv"), "w") as f:
        f.write("ma,nam,luc_luong_lao_dong,dan_so\n")
        for code, y, labour, population in lab:
            f.write("%s,%d,%d,%d\n" % (code, y, labour, population))

    def vi(n):
        return '"%s"' % "{:,}".format(n).replace(",", ".")

    with open(os.path.join(out, "chi_tieu.csv"), "w") as f:
        head = ["Mã", "Tên địa bàn"]
        for y in YEARS:
            head += ["Số người tham gia BHXH năm %d" % y, "Số người tham gia BHXH tự nguyện %d" % y,
                     "Số người tham gia BHYT năm %d" % y]
            if full:
                head += ["Số người tham gia BHXH bắt buộc năm %d" % y, "Số người tham gia BHTN năm %d" % y]
        f.write(",".join(head) + "\n")
        for code, name, per_year in tgt:
            cells = [code, name]
            for bhxh, tn, bhyt in per_year:
                cells += [vi(bhxh), vi(tn), vi(bhyt)]
                if full:
                    cells += [vi(bhxh - tn), vi((bhxh - tn) * 8 // 10)]
            f.write(",".join(cells) + "\n")
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w") as f:
        f.write("nam,chi_so,gia_tri\n")
        for k, y in enumerate(YEARS):
            bhxh = sum(t[2][k][0] for t in tgt)
            tn = sum(t[2][k][1] for t in tgt)
            bhyt = sum(t[2][k][2] for t in tgt)
            given = bhxh + short if k == 0 else bhxh
            f.write("%d,so_nguoi_bhxh,%s\n" % (y, vi(given)))
            f.write("%d,so_nguoi_bhxh_tn,%s\n" % (y, vi(tn + short if k == len(YEARS) - 1 else tn)))
            f.write("%d,so_nguoi_bhyt,%s\n" % (y, vi(bhyt)))


main()

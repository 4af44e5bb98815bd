#!/usr/bin/python3
"""make_big_job.py DIR N — writes a valid job with N localities into DIR.

For tests that need a build to take a while (interrupting it with a signal,
filling a small disk). Every locality gets the same rates, rising each year,
so the job passes every check; labour forces vary so the sums are not trivial.
"""
import os
import sys

YEARS = (2023, 2024, 2025)
# bhxh_bb, bhxh_tn (hundredths) and bhtn per year; bhxh = bb + tn.
RATES = {2023: (3873, 278, 3354), 2024: (3950, 372, 3363), 2025: (4011, 455, 3368)}


def pct(h):
    return '"%d,%02d"' % (h // 100, h % 100)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    codes = [str(10000 + i) for i in range(n)]
    names = ["Xã Thử Nghiệm %d" % (i + 1) for i in range(n)]
    with open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8") as f:
        f.write("[phu_luc]\nmau = ke-hoach-chi-tieu\nso = I\n"
                "tieu_de = Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội (bảng lớn)\n"
                "kem_theo = Kèm theo Kế hoạch thử nghiệm\nnam = 2023, 2024, 2025\n"
                "dong_tong = Toàn tỉnh\n\n[du_lieu]\ndia_ban = dia_ban.csv\n"
                "lao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\n"
                "chi_tieu_tinh = chi_tieu_tinh.csv\n")
    with open(os.path.join(out, "dia_ban.csv"), "w", encoding="utf-8") as f:
        f.write("ma,ten,cap\n")
        for c, t in zip(codes, names):
            f.write("%s,%s,xa\n" % (c, t))
    with open(os.path.join(out, "lao_dong.csv"), "w", encoding="utf-8") as f:
        f.write("ma,nam,luc_luong_lao_dong\n")
        for y in YEARS:
            for i, c in enumerate(codes):
                f.write("%s,%d,%d\n" % (c, y, 5000 + (i * 37) % 9000 + (y - 2023) * 50))
    with open(os.path.join(out, "chi_tieu.csv"), "w", encoding="utf-8") as f:
        head = ["ma", "ten"]
        for y in YEARS:
            head += ["bhxh_%d" % y, "bhxh_bb_%d" % y, "bhxh_tn_%d" % y]
        head += ["bhtn_%d" % y for y in YEARS]
        f.write(",".join(head) + "\n")
        for c, t in zip(codes, names):
            row = [c, t]
            for y in YEARS:
                bb, tn, _ = RATES[y]
                row += [pct(bb + tn), pct(bb), pct(tn)]
            row += [pct(RATES[y][2]) for y in YEARS]
            f.write(",".join(row) + "\n")
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w", encoding="utf-8") as f:
        f.write("nam,chi_so,gia_tri\n")
        for y in YEARS:
            bb, tn, bhtn = RATES[y]
            f.write("%d,bhxh,%s\n%d,bhtn,%s\n" % (y, pct(bb + tn), y, pct(bhtn)))


if __name__ == "__main__":
    main()

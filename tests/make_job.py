#!/usr/bin/python3
"""make_job.py DIR N [SEED] — a realistic job of N communes for tests.

Varied Vietnamese commune names (some long), labour forces from 2.000 to
60.000, rates that rise each year with bhxh = bhxh_bb + bhxh_tn and bhtn
below bhxh_bb, and a chi_tieu_tinh equal to the weighted provincial figure,
so the job passes every check. Writes DIR/expected_total.txt: the total row
as the annex must print it, computed here independently of phuluc (exact
integers, rounded half away from zero).
"""
import os
import random
import sys

YEARS = (2023, 2024, 2025)
PREFIX = ["Xã", "Phường", "Xã", "Xã", "Đặc khu"]
SYLLABLES = ["Ia", "Chư", "Đak", "Kông", "Krông", "Phú", "Thiện", "Hòa", "Bình", "Nhơn", "Tây",
             "Sơn", "Mỹ", "Lộc", "Quang", "Trung", "Hưng", "Đông", "Nghĩa", "Ân", "Tường", "Pơ",
             "Yang", "Grai", "Băng", "Rờ", "Kơi", "Blang", "Hiệp", "Thạnh", "Đức", "Vĩnh"]


def pct(h):
    return '"%d,%02d"' % (h // 100, h % 100)


def vi(h):
    return "%d,%02d%%" % (h // 100, h % 100)


def round_div(num, den):  # half away from zero, num >= 0
    q, r = divmod(num, den)
    return q + (1 if 2 * r >= den else 0)


def write_dia_ban(out, locs):
    """out/dia_ban.csv of locs, [(code, name)]: a Phường is a phuong, every other unit a xa."""
    with open(os.path.join(out, "dia_ban.csv"), "w", encoding="utf-8") as f:
        f.write("ma,ten,cap\n")
        for c, name in locs:
            f.write("%s,%s,%s\n" % (c, name, "phuong" if name.startswith("Phường") else "xa"))


def main():
    write_job(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)


def write_job(out, n, seed=1):
    """Writes the job of n communes into the directory out (tools/make_bench_tree.py calls it)."""
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    locs = []
    for i in range(n):
        words = rnd.randint(1, 4 if i % 17 == 0 else 2)
        name = PREFIX[i % len(PREFIX)] + " " + " ".join(rnd.choice(SYLLABLES) for _ in range(words))
        locs.append((str(20000 + i), "%s %d" % (name, i + 1)))
    labour = {(c, y): rnd.randint(2000, 60000) for c, _ in locs for y in YEARS}
    rates = {}
    for c, _ in locs:
        bb, tn, tn_step = rnd.randint(300, 4000), rnd.randint(100, 500), rnd.randint(20, 80)
        bhtn = rnd.randint(100, bb)
        for k, y in enumerate(YEARS):
            rates[(c, y)] = {"bhxh_bb": bb + 30 * k, "bhxh_tn": tn + tn_step * k, "bhtn": bhtn + 10 * k}
            rates[(c, y)]["bhxh"] = rates[(c, y)]["bhxh_bb"] + rates[(c, y)]["bhxh_tn"]
    inds = ("bhxh", "bhxh_bb", "bhxh_tn", "bhtn")
    total = {}
    for y in YEARS:
        w = sum(labour[(c, y)] for c, _ in locs)
        for ind in inds:
            total[(y, ind)] = round_div(sum(rates[(c, y)][ind] * labour[(c, y)] for c, _ in locs), w)

    with open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8") as f:
        f.write("[phu_luc]\nmau = ke-hoach-chi-tieu\nso = II\n"
                "tieu_de = Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội giai đoạn 2023 - 2025 "
                "của các xã, phường, đặc khu\n"
                "kem_theo = Kèm theo Kế hoạch số:    /KH-UBND ngày   tháng   năm 2025 của Ủy ban nhân dân tỉnh\n"
                "nam = 2023, 2024, 2025\ndong_tong = Toàn tỉnh\n"
                "ghi_chu = Số liệu thử nghiệm.\n\n[du_lieu]\ndia_ban = dia_ban.csv\n"
                "lao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\nchi_tieu_tinh = chi_tieu_tinh.csv\n")
    write_dia_ban(out, locs)
    with open(os.path.join(out, "lao_dong.csv"), "w", encoding="utf-8") as f:
        f.write("ma,nam,luc_luong_lao_dong\n")
        for y in YEARS:
            for c, _ in locs:
                f.write("%s,%d,%d\n" % (c, y, labour[(c, y)]))
    with open(os.path.join(out, "chi_tieu.csv"), "w", encoding="utf-8") as f:
        f.write("ma,ten," + ",".join("%s_%d" % (i, y) for i in ("bhxh", "bhxh_bb", "bhxh_tn") for y in ()) +
                ",".join("%s_%d" % (i, y) for y in YEARS for i in ("bhxh", "bhxh_bb", "bhxh_tn")) + "," +
                ",".join("bhtn_%d" % y for y in YEARS) + "\n")
        for c, name in locs:
            vals = [pct(rates[(c, y)][i]) for y in YEARS for i in ("bhxh", "bhxh_bb", "bhxh_tn")]
            vals += [pct(rates[(c, y)]["bhtn"]) for y in YEARS]
            f.write("%s,%s,%s\n" % (c, name, ",".join(vals)))
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w", encoding="utf-8") as f:
        f.write("nam,chi_so,gia_tri\n")
        for y in YEARS:
            for ind in ("bhxh", "bhtn"):
                f.write("%d,%s,%s\n" % (y, ind, pct(total[(y, ind)])))
    row = [vi(total[(y, i)]) for y in YEARS for i in ("bhxh", "bhxh_bb", "bhxh_tn")]
    row += [vi(total[(y, "bhtn")]) for y in YEARS]
    with open(os.path.join(out, "expected_total.txt"), "w", encoding="utf-8") as f:
        f.write("Toàn tỉnh " + " ".join(row) + "\n")


if __name__ == "__main__":
    main()

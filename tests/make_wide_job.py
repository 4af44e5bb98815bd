#!/usr/bin/python3
"""make_wide_job.py DIR N [--years K] [--bhyt] [--layout chi-so|nam] [--a3] [--a3-job] [--seed S]

A job too wide for one A4 page: N communes, K years from 2026 (5 by
default), rates for bhxh, bhxh_bb, bhxh_tn and bhtn (and bhyt with the
population dan_so, with --bhyt), every figure consistent so the job passes
every check. Without --layout the shipped template ke-hoach-chi-tieu prints
it (BHXH and its parts per year, then BHTN per year: 4 K figures a row);
with a layout the job carries its own template in DIR/templates/:
  chi-so  indicators at the top (BHXH by year, BHTN by year, BHYT by year)
  nam     years at the top (each year: BHXH, of which compulsory and
          voluntary, BHTN, BHYT)
--a3 sets cho_phep_a3 in that template; --a3-job sets it in phuluc.ini
instead ([phu_luc] cho_phep_a3 = có), whatever the template.

Names are unique, without digits (the checker tells STT and figures from
names by that), some long (up to five words). Writes DIR/expected.tsv, one
line per printed row in order: the name (or the total label), a tab, the
figures as the annex prints them in column order (Vietnamese style),
computed here independently of phuluc (exact integers, rounded half away
from zero).
"""
import argparse
import os
import random

from make_job import PREFIX, SYLLABLES, pct, round_div, vi, write_dia_ban

INDS = ("bhxh", "bhxh_bb", "bhxh_tn", "bhtn", "bhyt")


def names(rnd, n):
    seen, out = set(), []
    while len(out) < n:
        i = len(out)
        words = rnd.randint(1, 4 if i % 11 == 0 else 2)
        name = PREFIX[i % len(PREFIX)] + " " + " ".join(rnd.choice(SYLLABLES) for _ in range(words))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def figures(rnd, codes, years):
    rates = {}
    for c in codes:
        bb, tn, step = rnd.randint(300, 4000), rnd.randint(100, 500), rnd.randint(20, 80)
        bhtn, bhyt = rnd.randint(100, bb), rnd.randint(8000, 9500)
        for k, y in enumerate(years):
            r = {"bhxh_bb": bb + 30 * k, "bhxh_tn": tn + step * k, "bhtn": bhtn + 10 * k,
                 "bhyt": min(10000, bhyt + 50 * k)}
            r["bhxh"] = r["bhxh_bb"] + r["bhxh_tn"]
            rates[(c, y)] = r
    return rates


def order(layout, years, bhyt):
    """(indicator, year) of each printed figure column, in column order."""
    if layout == "nam":
        return [(i, y) for y in years for i in INDS if i != "bhyt" or bhyt]
    cols = [(i, y) for y in years for i in ("bhxh", "bhxh_bb", "bhxh_tn")]
    cols += [("bhtn", y) for y in years]
    if bhyt:
        cols += [("bhyt", y) for y in years]
    return cols


TEMPLATE_HEAD = """ten_trang_tinh: Phụ lục
chu_de: "{tieu_de}"
kho_giay: ngang
le_mm: {tren: 20, duoi: 20, trai: 30, phai: 15}
co_chu: {tieu_de_bang: 12, than_bang: 12}
@A3@
dong_dau:
  - {noi_dung: "Phụ lục {so}", dam: true, co_chu: 14}
  - {noi_dung: "{tieu_de}", in_hoa: true, dam: true, co_chu: 14}
  - {noi_dung: "({kem_theo})", nghieng: true, co_chu: 14, gach_duoi: true, neu_co: kem_theo}
dong_cuoi:
  - {noi_dung: "Ghi chú: {ghi_chu}", nghieng: true, co_chu: 12, can_le: trai, neu_co: ghi_chu}
dong_tong: {co: true, nhan: "{dong_tong}", vi_tri: cuoi}
cot:
  - {tieu_de: STT, gia_tri: stt}
  - {tieu_de: Địa bàn, gia_tri: ten}
"""

COLUMNS = {
    "chi-so": """  - tieu_de: Tỷ lệ % trên lực lượng lao động trong độ tuổi
    con:
      - tieu_de: Bảo hiểm xã hội
        con:
          - tieu_de: "Năm {nam}"
            theo_nam: true
            con:
              - {tieu_de: BHXH, gia_tri: chi_tieu, chi_so: bhxh}
              - {tieu_de: Trong đó BHXH bắt buộc, gia_tri: chi_tieu, chi_so: bhxh_bb}
              - {tieu_de: Trong đó BHXH tự nguyện, gia_tri: chi_tieu, chi_so: bhxh_tn}
      - tieu_de: Bảo hiểm thất nghiệp
        con:
          - {tieu_de: "Năm {nam}", theo_nam: true, gia_tri: chi_tieu, chi_so: bhtn}
@BHYT@""",
    "nam": """  - tieu_de: "Năm {nam}"
    theo_nam: true
    con:
      - {tieu_de: BHXH (% LLLĐ), gia_tri: chi_tieu, chi_so: bhxh}
      - {tieu_de: Trong đó BHXH bắt buộc, gia_tri: chi_tieu, chi_so: bhxh_bb}
      - {tieu_de: Trong đó BHXH tự nguyện, gia_tri: chi_tieu, chi_so: bhxh_tn}
      - {tieu_de: BHTN (% LLLĐ), gia_tri: chi_tieu, chi_so: bhtn}
@BHYT@""",
}
BHYT_COLUMNS = {
    "chi-so": """  - tieu_de: Tỷ lệ % trên dân số
    con:
      - tieu_de: Bảo hiểm y tế
        con:
          - {tieu_de: "Năm {nam}", theo_nam: true, gia_tri: chi_tieu, chi_so: bhyt}
""",
    "nam": """      - {tieu_de: BHYT (% dân số), gia_tri: chi_tieu, chi_so: bhyt}
""",
}


def write_template(out, layout, bhyt, a3):
    os.makedirs(os.path.join(out, "templates"), exist_ok=True)
    text = TEMPLATE_HEAD.replace("@A3@", "cho_phep_a3: true" if a3 else "")
    text += COLUMNS[layout].replace("@BHYT@", BHYT_COLUMNS[layout] if bhyt else "")
    with open(os.path.join(out, "templates", "ke-hoach-rong.yaml"), "w", encoding="utf-8") as f:
        f.write(text)


def write_job(out, n, years_n=5, bhyt=False, layout=None, a3=False, seed=1, a3_job=False):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    years = tuple(range(2026, 2026 + years_n))
    locs = [(str(30000 + i), name) for i, name in enumerate(names(rnd, n))]
    codes = [c for c, _ in locs]
    labour = {(c, y): rnd.randint(2000, 60000) for c in codes for y in years}
    people = {(c, y): labour[(c, y)] * 2 + rnd.randint(0, 9000) for c in codes for y in years}
    rates = figures(rnd, codes, years)
    if layout:
        write_template(out, layout, bhyt, a3)
    inds = [i for i in INDS if i != "bhyt" or bhyt]
    with open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8") as f:
        f.write("[phu_luc]\nmau = %s\nso = III\n" % ("ke-hoach-rong" if layout else "ke-hoach-chi-tieu"))
        if a3_job:
            f.write("cho_phep_a3 = có\n")
        f.write("tieu_de = Chỉ tiêu phát triển người tham gia bảo hiểm xã hội, bảo hiểm thất nghiệp"
                "%s giai đoạn 2026 - 2030 của các xã, phường, đặc khu\n" % (", bảo hiểm y tế" if bhyt else ""))
        f.write("kem_theo = Kèm theo Kế hoạch số:    /KH-UBND ngày   tháng   năm 2026 của Ủy ban nhân dân tỉnh\n"
                "nam = %s\ndong_tong = Toàn tỉnh\nghi_chu = Số liệu thử nghiệm.\n\n" % ", ".join(map(str, years)))
        f.write("[du_lieu]\ndia_ban = dia_ban.csv\nlao_dong = lao_dong.csv\nchi_tieu = chi_tieu.csv\n"
                "chi_tieu_tinh = chi_tieu_tinh.csv\n")
    write_dia_ban(out, locs)
    with open(os.path.join(out, "lao_dong.csv"), "w", encoding="utf-8") as f:
        f.write("ma,nam,luc_luong_lao_dong%s\n" % (",dan_so" if bhyt else ""))
        for y in years:
            for c in codes:
                f.write("%s,%d,%d%s\n" % (c, y, labour[(c, y)], ",%d" % people[(c, y)] if bhyt else ""))
    with open(os.path.join(out, "chi_tieu.csv"), "w", encoding="utf-8") as f:
        f.write("ma,ten," + ",".join("%s_%d" % (i, y) for y in years for i in inds) + "\n")
        for c, name in locs:
            f.write("%s,%s,%s\n" % (c, name, ",".join(pct(rates[(c, y)][i]) for y in years for i in inds)))
    total = {}
    for y in years:
        for i in inds:
            w = people if i == "bhyt" else labour
            total[(i, y)] = round_div(sum(rates[(c, y)][i] * w[(c, y)] for c in codes), sum(w[(c, y)] for c in codes))
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w", encoding="utf-8") as f:
        f.write("nam,chi_so,gia_tri\n")
        for y in years:
            for i in ("bhxh", "bhtn"):
                f.write("%d,%s,%s\n" % (y, i, pct(total[(i, y)])))
    cols = order(layout, years, bhyt)
    with open(os.path.join(out, "expected.tsv"), "w", encoding="utf-8") as f:
        for c, name in locs:
            f.write("%s\t%s\n" % (name, " ".join(vi(rates[(c, y)][i]) for i, y in cols)))
        f.write("Toàn tỉnh\t%s\n" % " ".join(vi(total[k]) for k in cols))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--bhyt", action="store_true")
    ap.add_argument("--layout", choices=("chi-so", "nam"))
    ap.add_argument("--a3", action="store_true")
    ap.add_argument("--a3-job", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    write_job(a.dir, a.n, a.years, a.bhyt, a.layout, a.a3, a.seed, a.a3_job)


if __name__ == "__main__":
    main()

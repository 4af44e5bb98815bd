#!/usr/bin/python3
"""make_alloc_job.py DIR N [SEED] [STEP] [counts] — a job for `phuluc phan-bo` of N communes.

Built on make_job.py: the baseline is 2025 (chi_tieu keeps only its 2025
columns), phu_luc.nam is 2025, 2026, 2027, lao_dong gains 2026 and 2027 rows,
and chi_tieu_tinh assigns bhxh and bhtn for 2026 and 2027: the 2025
provincial figure plus STEP and 2·STEP hundredths of a point (default 137).
The template is giao-chi-tieu-xa.

With `counts` (the 2026–2030 cycle, numbers of participants): chi_tieu gives
the 2025 baseline as numbers (so_nguoi_bhxh_bb_2025, so_nguoi_bhxh_tn_2025,
so_nguoi_bhtn_2025: rate × labour force, rounded down), chi_tieu_tinh
assigns so_nguoi_bhxh, so_nguoi_bhxh_tn (the voluntary minimum: the
voluntary baseline plus STEP% of it and more each year, above what the
baseline proportions give) and so_nguoi_bhtn for 2026 and 2027 (the 2025
sums plus STEP and 2·STEP hundredths of a point of the labour force), and
the template is ke-hoach-so-nguoi.

With `counts-full`, the same and BHYT (weighted by population): lao_dong
gains dan_so, chi_tieu the baseline so_nguoi_bhyt_2025 (70–90 % of the
population), chi_tieu_tinh so_nguoi_bhyt for 2026 and 2027 (the 2025 sum plus
STEP and 2·STEP hundredths of a point of the population, halved); and
chi_tieu_tinh assigns so_nguoi_bhxh_bb, the compulsory number, close under
what the BHXH number leaves once every commune keeps its voluntary part of
the year before (so it binds: the voluntary parts must come down to it),
with the voluntary minimum at the 2025 sum (then met with room to spare).
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_job  # noqa: E402


def round_div(num, den):  # half away from zero, num >= 0
    q, r = divmod(num, den)
    return q + (1 if 2 * r >= den else 0)


def pct(h):
    return '"%d,%02d"' % (h // 100, h % 100)


def hundredths(text):
    return int(text.replace(",", ""))


def population(i, L):
    return L * (2 + i % 3) + 37 * i


def add_population(out, base_l):
    """lao_dong.csv with a dan_so column; returns the population by (code, year)."""
    pop = {}
    lines = open(os.path.join(out, "lao_dong.csv"), encoding="utf-8").read().splitlines()
    order = {c: i for i, c in enumerate(base_l)}
    with open(os.path.join(out, "lao_dong.csv"), "w", encoding="utf-8") as f:
        f.write(lines[0] + ",dan_so\n")
        for line in lines[1:]:
            c, y, L = line.split(",")
            pop[(c, int(y))] = population(order[c], int(L))
            f.write("%s,%d\n" % (line, pop[(c, int(y))]))
    return pop


def write_counts(out, rows, rates, base_l, lab, step, full=False):
    ini = open(os.path.join(out, "phuluc.ini"), encoding="utf-8").read()
    ini = ini.replace("mau = giao-chi-tieu-xa", "mau = ke-hoach-so-nguoi")
    open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8").write(ini)
    base = {}
    pop = add_population(out, base_l) if full else None
    with open(os.path.join(out, "chi_tieu.csv"), "w", encoding="utf-8") as f:
        f.write("ma,ten,so_nguoi_bhxh_bb_2025,so_nguoi_bhxh_tn_2025,so_nguoi_bhtn_2025%s\n"
                % (",so_nguoi_bhyt_2025" if full else ""))
        for i, (c, L) in enumerate(base_l.items()):
            r = rates[c]
            n = {k: hundredths(r[k + "_2025"]) * L // 10000 for k in ("bhxh_bb", "bhxh_tn", "bhtn")}
            n["bhtn"] = min(n["bhtn"], n["bhxh_bb"])
            base[c] = n
            f.write("%s,%s,%d,%d,%d" % (c, r["ten"], n["bhxh_bb"], n["bhxh_tn"], n["bhtn"]))
            if full:
                n["bhyt"] = pop[(c, 2025)] * (70 + (i * 7) % 21) // 100
                f.write(",%d" % n["bhyt"])
            f.write("\n")
    years = {y: {r["ma"]: int(r["luc_luong_lao_dong"]) for r in lab if r["nam"] == str(y)} for y in (2025,)}
    for k, y in enumerate((2026, 2027)):
        years[y] = {c: L + (k + 1) * (i % 7) * 13 for i, (c, L) in enumerate(base_l.items())}
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w", encoding="utf-8") as f:
        f.write("nam,chi_so,gia_tri\n")
        for k, y in enumerate((2026, 2027)):
            W = sum(years[y].values())
            bhxh = sum(n["bhxh_bb"] + n["bhxh_tn"] for n in base.values()) + W * (k + 1) * step // 10000
            tn = sum(n["bhxh_tn"] for n in base.values())
            tn = tn + tn * (k + 1) * step // 1000
            bhtn = sum(n["bhtn"] for n in base.values()) + W * (k + 1) * step // 20000
            if full:
                tn = sum(n["bhxh_tn"] for n in base.values())
                # Every commune keeps last year's voluntary part; in 2027 that is 2026's, which the
                # binding 2026 number left at Σ tn₂₀₂₅ + its slack.
                kept = tn + (slack if k else 0)
                slack = 1 + bhxh // 1000
                f.write("%d,so_nguoi_bhxh_bb,%d\n" % (y, bhxh - kept - slack))
                P = sum(pop[(c, y)] for c in base_l)
                bhyt = sum(n["bhyt"] for n in base.values()) + P * (k + 1) * step // 20000
                f.write("%d,so_nguoi_bhyt,%d\n" % (y, bhyt))
            f.write("%d,so_nguoi_bhxh,%d\n%d,so_nguoi_bhxh_tn,%d\n%d,so_nguoi_bhtn,%d\n" % (y, bhxh, y, tn, y, bhtn))


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    step = int(sys.argv[4]) if len(sys.argv) > 4 else 137
    make_job.write_job(out, n, seed)
    ini = open(os.path.join(out, "phuluc.ini"), encoding="utf-8").read()
    ini = ini.replace("mau = ke-hoach-chi-tieu", "mau = giao-chi-tieu-xa").replace(
        "nam = 2023, 2024, 2025", "nam = 2025, 2026, 2027")
    open(os.path.join(out, "phuluc.ini"), "w", encoding="utf-8").write(ini)
    rows = list(csv.reader(open(os.path.join(out, "chi_tieu.csv"), encoding="utf-8")))
    keep = [i for i, h in enumerate(rows[0]) if h in ("ma", "ten") or h.endswith("_2025")]
    with open(os.path.join(out, "chi_tieu.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[r[i] for i in keep] for r in rows])
    lab = list(csv.DictReader(open(os.path.join(out, "lao_dong.csv"), encoding="utf-8")))
    base_l = {r["ma"]: int(r["luc_luong_lao_dong"]) for r in lab if r["nam"] == "2025"}
    with open(os.path.join(out, "lao_dong.csv"), "a", encoding="utf-8") as f:
        for k, y in enumerate((2026, 2027)):
            for i, (c, L) in enumerate(base_l.items()):
                f.write("%s,%d,%d\n" % (c, y, L + (k + 1) * (i % 7) * 13))
    rates = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    W = sum(base_l.values())
    if len(sys.argv) > 5 and sys.argv[5] in ("counts", "counts-full"):
        write_counts(out, rows, rates, base_l, lab, step, sys.argv[5] == "counts-full")
        return
    with open(os.path.join(out, "chi_tieu_tinh.csv"), "w", encoding="utf-8") as f:
        f.write("nam,chi_so,gia_tri\n")
        for ind in ("bhxh", "bhtn"):
            s = sum(int(rates[c][ind + "_2025"].replace(",", "")) * L for c, L in base_l.items())
            p = round_div(s, W)
            f.write("2025,%s,%s\n" % (ind, pct(p)))
            for k, y in enumerate((2026, 2027)):
                f.write("%d,%s,%s\n" % (y, ind, pct(min(10000, p + (k + 1) * step))))


if __name__ == "__main__":
    main()

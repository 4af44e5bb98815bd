#!/usr/bin/python3
"""tests/alloc_check.py JOB OUT.CSV METHOD — checks a `phuluc phan-bo` proposal on its own.

Reads the job's lao_dong.csv, chi_tieu.csv (the baseline) and chi_tieu_tinh.csv
and the proposal (UTF-8 with BOM, ';', decimal commas), and prints one
"PASS name: detail" / "FAIL name: detail" line per check, computing every
figure here with Python integers (rounding half away from zero):
  - the labour-force-weighted total of each assigned (year, indicator),
    rounded to hundredths, equals the assigned figure exactly;
  - every commune at or above its baseline and its rate of the year before,
    none above 100%, BHTN not above the commune's compulsory BHXH;
  - bhxh_bb + bhxh_tn == bhxh for every commune and year;
  - the method's shape: deu — the same increase over the baseline for every
    commune not held at a bound (within the one hundredth of residue);
    ty-le — one factor k with |rate − baseline·k| < 0,01 for all of them;
  - the baseline columns are the job's own 2025 figures.
"""
import sys

from csvjob import labour as read_labour, proposal, report, rows  # the script's own folder is on sys.path


def hundredths(text):
    text = text.strip().rstrip("%")
    whole, _, frac = text.replace(".", ",").partition(",")
    return int(whole) * 100 + int((frac + "00")[:2])


def round_div(num, den):
    q, r = divmod(num, den)
    return q + (1 if 2 * r >= den else 0)


def main():
    job, out, method = sys.argv[1], sys.argv[2], sys.argv[3]
    head, body = proposal(out)
    prop = {r[0]: dict(zip(head, r)) for r in body}
    labour = read_labour(job)
    base = {r["ma"]: r for r in rows(job, "chi_tieu.csv")}
    assigned = {}
    for r in rows(job, "chi_tieu_tinh.csv"):
        assigned[(int(r["nam"]), r["chi_so"])] = hundredths(r["gia_tri"])
    codes = list(base)
    report(sorted(codes) == sorted(prop), "one row per commune", f"{len(prop)} rows, {len(codes)} communes")
    same = all(hundredths(prop[c][k]) == hundredths(base[c][k]) for c in codes for k in base[c] if k.endswith("_2025"))
    report(same, "baseline columns are the job's 2025 figures")
    years = sorted({y for (y, _) in assigned if y > 2025})
    for (y, ind), want in sorted(assigned.items()):
        if y <= 2025:
            continue
        key = f"{ind}_{y}"
        if key not in head:
            report(False, f"{key} proposed", f"columns {head}")
            continue
        r = {c: hundredths(prop[c][key]) for c in codes}
        W = sum(labour[(c, y)] for c in codes)
        got = round_div(sum(r[c] * labour[(c, y)] for c in codes), W)
        report(got == want, f"{key} total exact", f"weighted total {got}, assigned {want}")
        prev = {c: hundredths(prop[c][f"{ind}_{y - 1}"]) for c in codes}
        b = {c: hundredths(base[c][f"{ind}_2025"]) for c in codes}
        low = [c for c in codes if r[c] < b[c] or r[c] < prev[c] or r[c] > 10000]
        report(not low, f"{key} within baseline..100%", f"outside: {low[:5]}")
        # BHTN is held within the commune's compulsory BHXH of the year, when that is proposed too.
        cap = {c: 10000 for c in codes}
        if ind == "bhtn" and f"bhxh_bb_{y}" in head:
            cap = {c: hundredths(prop[c][f"bhxh_bb_{y}"]) for c in codes}
            over = [c for c in codes if r[c] > max(cap[c], prev[c])]
            report(not over, f"{key} within compulsory BHXH", f"above: {over[:5]}")
        free = [c for c in codes if r[c] > prev[c] and r[c] < cap[c]]
        if method == "deu":
            inc = [r[c] - b[c] for c in free]
            ok = not inc or max(inc) - min(inc) <= 1
            report(ok, f"{key} same increase (deu)", f"increases {min(inc, default=0)}..{max(inc, default=0)}")
        else:
            bad = [(i, j) for i in free for j in free if (r[i] - 1) * b[j] >= (r[j] + 1) * b[i]]
            report(not bad, f"{key} one factor (ty-le)", f"pairs off: {bad[:3]}")
    for y in years:
        if f"bhxh_{y}" in head:
            bad = [c for c in codes if hundredths(prop[c][f"bhxh_bb_{y}"]) + hundredths(prop[c][f"bhxh_tn_{y}"])
                   != hundredths(prop[c][f"bhxh_{y}"])]
            report(not bad, f"bhxh_{y} = bb + tn", f"not: {bad[:5]}")


if __name__ == "__main__":
    main()

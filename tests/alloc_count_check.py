#!/usr/bin/python3
"""tests/alloc_count_check.py JOB OUT.CSV METHOD — checks a `phuluc phan-bo` proposal in numbers.

For a job whose chi_tieu_tinh assigns numbers of participants (so_nguoi_bhxh,
so_nguoi_bhxh_tn as the voluntary minimum, so_nguoi_bhtn) and whose chi_tieu
gives the 2025 baseline in numbers (tests/make_alloc_job.py … counts). Reads
the job's files and the proposal, computes everything here with Python
integers and prints one "PASS name: detail" / "FAIL name: detail" per check:
  - Σ over the communes of each assigned number equals it exactly
    (so_nguoi_bhxh, so_nguoi_bhtn); Σ voluntary ≥ the voluntary minimum;
  - every commune's number at or above its 2025 baseline and its number of
    the year before, none above its labour force;
  - bb + tn == bhxh for every commune and year, neither part below its
    baseline or its value of the year before; BHTN within compulsory BHXH;
  - the method's shape on BHXH: deu — the same share of the labour force
    added to every commune not held at a bound (within one person each);
    ty-le — one factor for all of them (within one person each);
  - the baseline columns are the job's own 2025 numbers.
With BHYT (make_alloc_job.py … counts-full: lao_dong has dan_so), the BHYT
number is checked the same way against the population: Σ exact, none below
its baseline or last year, none above its population, and the method's shape
with the population as weight; and an assigned compulsory number
(so_nguoi_bhxh_bb) is a minimum like the voluntary one.
"""
import sys

from csvjob import labour as read_labour, population as read_population, proposal, report, rows  # the script's own folder is on sys.path


def main():
    job, out, method = sys.argv[1], sys.argv[2], sys.argv[3]
    head, body = proposal(out)
    prop = {r[0]: {k: int(v) for k, v in zip(head, r) if k.startswith("so_nguoi_")} for r in body}
    labour = read_labour(job)
    pop = read_population(job)
    base = {r["ma"]: {k: int(v) for k, v in r.items() if k.startswith("so_nguoi_")}
            for r in rows(job, "chi_tieu.csv")}
    for b in base.values():
        b["so_nguoi_bhxh_2025"] = b["so_nguoi_bhxh_bb_2025"] + b["so_nguoi_bhxh_tn_2025"]
    assigned = {}
    for r in rows(job, "chi_tieu_tinh.csv"):
        assigned[(int(r["nam"]), r["chi_so"])] = int(r["gia_tri"])
    codes = list(base)
    report(sorted(codes) == sorted(prop), "one row per commune", f"{len(prop)} rows, {len(codes)} communes")
    same = all(prop[c].get(k) == v for c in codes for k, v in base[c].items())
    report(same, "baseline columns are the job's 2025 numbers")
    years = sorted({y for (y, _) in assigned})
    for (y, ind), want in sorted(assigned.items()):
        key = f"{ind}_{y}"
        if key not in head:
            report(False, f"{key} proposed", f"columns {head}")
            continue
        got = sum(prop[c][key] for c in codes)
        if ind in ("so_nguoi_bhxh_tn", "so_nguoi_bhxh_bb"):
            report(got >= want, f"{key} minimum met", f"Σ {got}, minimum {want}")
        else:
            report(got == want, f"{key} total exact", f"Σ {got}, assigned {want}")
    for y in years:
        for ind in ("so_nguoi_bhxh", "so_nguoi_bhxh_bb", "so_nguoi_bhxh_tn", "so_nguoi_bhtn", "so_nguoi_bhyt"):
            key, before = f"{ind}_{y}", f"{ind}_{y - 1}"
            if key not in head:
                continue
            weight = pop if ind == "so_nguoi_bhyt" else labour
            bad = [c for c in codes if prop[c][key] < base[c][f"{ind}_2025"] or prop[c][key] < prop[c][before]
                   or prop[c][key] > weight[(c, y)]]
            report(not bad, f"{key} within baseline, last year and {'population' if weight is pop else 'labour force'}",
                   f"outside: {bad[:5]}")
        bad = [c for c in codes if prop[c][f"so_nguoi_bhxh_bb_{y}"] + prop[c][f"so_nguoi_bhxh_tn_{y}"]
               != prop[c][f"so_nguoi_bhxh_{y}"]]
        report(not bad, f"so_nguoi_bhxh_{y} = bb + tn", f"not: {bad[:5]}")
        if f"so_nguoi_bhtn_{y}" in head:
            over = [c for c in codes if prop[c][f"so_nguoi_bhtn_{y}"] > max(prop[c][f"so_nguoi_bhxh_bb_{y}"],
                                                                          prop[c][f"so_nguoi_bhtn_{y - 1}"])]
            report(not over, f"so_nguoi_bhtn_{y} within compulsory BHXH", f"above: {over[:5]}")
        shape(prop, base, codes, "so_nguoi_bhxh", y, {c: labour[(c, y)] for c in codes}, method)
        if f"so_nguoi_bhyt_{y}" in head:
            shape(prop, base, codes, "so_nguoi_bhyt", y, {c: pop[(c, y)] for c in codes}, method)


def shape(prop, base, codes, ind, y, L, method):
    """The method's shape on ind for year y, weights L: every commune not held at a bound moved alike."""
    key = f"{ind}_{y}"
    n = {c: prop[c][key] for c in codes}
    b = {c: base[c][f"{ind}_2025"] for c in codes}
    free = [c for c in codes if n[c] > prop[c][f"{ind}_{y - 1}"] and n[c] < L[c]]
    if method == "deu":
        bad = [(i, j) for i in free for j in free if (n[i] - b[i] - 1) * L[j] >= (n[j] - b[j] + 1) * L[i]]
        report(not bad, f"{key} the same share of every weight (deu)", f"pairs off: {bad[:3]}")
    else:
        bad = [(i, j) for i in free for j in free if (n[i] - 1) * b[j] >= (n[j] + 1) * b[i]]
        report(not bad, f"{key} one factor (ty-le)", f"pairs off: {bad[:3]}")


if __name__ == "__main__":
    main()

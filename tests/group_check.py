#!/usr/bin/python3
"""tests/group_check.py JOB PDF XLSX — the group subtotals and the grand total of an annex, checked
against figures computed here from the job's CSVs (and its sap_nhap.csv when it has one).

Prints "PASS name: detail" / "FAIL name: detail" lines. Every rate is Σ(rate × labour) / Σ labour
over the group's localities (all of them for the total), in Python integers, rounded half away
from zero; with sap_nhap.csv the former units are first consolidated as docs/huong-dan.md says
(shares in millionths; people split by largest remainder; rates of the parts weighted by people).
"""
import csv
import re
import subprocess
import sys

import openpyxl

IND = ("bhxh", "bhxh_bb", "bhxh_tn", "bhtn")


def h(text):
    w, _, f = text.strip().rstrip("%").replace(".", ",").partition(",")
    return int(w) * 100 + int((f + "00")[:2])


def rdiv(n, d):
    q, r = divmod(n, d)
    return q + (1 if 2 * r >= d else 0)


def vi(x):
    return "%d,%02d%%" % (x // 100, x % 100)


def share(text):
    t = text.strip()
    if not t:
        return 10**6
    pct = t.endswith("%")
    t = t.rstrip("%").strip().replace(".", ",")
    w, _, f = t.partition(",")
    v = int(w or 0) * 10**6 + int((f + "000000")[:6])
    return v // 100 if pct else v


def report(ok, name, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def main():
    job, pdf, xlsx = sys.argv[1:4]
    ini = open(f"{job}/phuluc.ini", encoding="utf-8").read()
    years = [int(y) for y in re.search(r"^nam\s*=\s*(.*)$", ini, re.M).group(1).replace(",", " ").split()]
    units = list(csv.DictReader(open(f"{job}/dia_ban.csv", encoding="utf-8")))
    lab = {(r["ma"], int(r["nam"])): int(r["luc_luong_lao_dong"])
           for r in csv.DictReader(open(f"{job}/lao_dong.csv", encoding="utf-8"))}
    rate = {}
    for r in csv.DictReader(open(f"{job}/chi_tieu.csv", encoding="utf-8")):
        for y in years:
            for i in IND:
                rate[(r["ma"], y, i)] = h(r[f"{i}_{y}"])
    if "sap_nhap" in ini:
        links = list(csv.DictReader(open(f"{job}/sap_nhap.csv", encoding="utf-8")))
        new_lab, new_rate = {}, {}
        for y in years:
            part = {}
            for old in dict.fromkeys(l["ma_cu"] for l in links):
                mine = [k for k, l in enumerate(links) if l["ma_cu"] == old]
                L = lab[(old, y)]
                q = [(share(links[k]["ty_le"]) * L, k) for k in mine]
                floors = {k: n // 10**6 for n, k in q}
                rest = rdiv(sum(share(links[k]["ty_le"]) for k in mine) * L, 10**6) - sum(floors.values())
                for n, k in sorted(q, key=lambda x: (-(x[0] % 10**6), x[1]))[:rest]:
                    floors[k] += 1
                part.update(floors)
            for u in units:
                ks = [k for k, l in enumerate(links) if l["ma_moi"] == u["ma"]]
                W = sum(part[k] for k in ks)
                new_lab[(u["ma"], y)] = W
                for i in IND:
                    new_rate[(u["ma"], y, i)] = rdiv(sum(rate[(links[k]["ma_cu"], y, i)] * part[k] for k in ks), W)
                # BHXH's parts keep adding up (largest remainder of the two).
                n = {i: sum(rate[(links[k]["ma_cu"], y, i)] * part[k] for k in ks) for i in IND}
                if n["bhxh"] == n["bhxh_bb"] + n["bhxh_tn"]:
                    bb, tn = n["bhxh_bb"] // W, n["bhxh_tn"] // W
                    rest = new_rate[(u["ma"], y, "bhxh")] - bb - tn
                    order = ["bhxh_bb", "bhxh_tn"] if n["bhxh_bb"] % W >= n["bhxh_tn"] % W else ["bhxh_tn", "bhxh_bb"]
                    vals = {"bhxh_bb": bb, "bhxh_tn": tn}
                    for j in range(rest):
                        vals[order[j]] += 1
                    new_rate[(u["ma"], y, "bhxh_bb")], new_rate[(u["ma"], y, "bhxh_tn")] = vals["bhxh_bb"], vals["bhxh_tn"]
        lab, rate = new_lab, new_rate

    def weighted(codes):
        out = []
        for y in years:
            W = sum(lab[(c, y)] for c in codes)
            out += [vi(rdiv(sum(rate[(c, y, i)] * lab[(c, y)] for c in codes), W)) for i in ("bhxh", "bhxh_bb", "bhxh_tn")]
        out += [vi(rdiv(sum(rate[(c, y, "bhtn")] * lab[(c, y)] for c in codes), sum(lab[(c, y)] for c in codes)))
                for y in years]
        return out

    groups = list(dict.fromkeys(u["nhom"] for u in units))
    want = {f"Cộng {g}": weighted([u["ma"] for u in units if u["nhom"] == g]) for g in groups}
    want["Toàn tỉnh"] = weighted([u["ma"] for u in units])
    body = {u["ten"]: [vi(rate[(u["ma"], y, i)]) for y in years for i in ("bhxh", "bhxh_bb", "bhxh_tn")] +
            [vi(rate[(u["ma"], y, "bhtn")]) for y in years] for u in units}

    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    lines = text.splitlines()
    for label, values in list(want.items()) + list(body.items()):
        found = [re.findall(r"\d+,\d\d%", l) for l in lines if re.search(r"(^|\s)" + re.escape(label) + r"(\s|$)", l)]
        report(values in found, f"PDF {label}", f"got {found[:2]}, want {values}")
    for k, g in enumerate(groups):
        roman = ["I", "II", "III", "IV", "V"][k]
        ok = any(re.match(r"^\s*" + roman + r"\s+" + re.escape(g) + r"\s*$", l) for l in lines)
        report(ok, f"PDF heading {roman} {g}")

    wb, wbv = openpyxl.load_workbook(xlsx), openpyxl.load_workbook(xlsx, data_only=True)
    ws, wsv = wb.worksheets[0], wbv.worksheets[0]
    rows = {}
    for r in range(1, ws.max_row + 1):
        if isinstance(ws.cell(r, 2).value, str):
            rows[ws.cell(r, 2).value] = r
    n_rates = 4 * len(years)
    for label, values in want.items():
        r = rows.get(label)
        if r is None:
            report(False, f"XLSX {label}", "row not found")
            continue
        cached = [vi(round(wsv.cell(r, c).value * 10000)) for c in range(3, 3 + n_rates)]
        formulas = all(str(ws.cell(r, c).value).startswith("=") for c in range(3, 3 + n_rates))
        report(cached == values and formulas, f"XLSX {label} formulas, cached values", f"{cached} want {values}")
    # The grand total is over the localities, not over the subtotal rows.
    total = rows.get("Toàn tỉnh")
    subs = [rows[l] for l in want if l != "Toàn tỉnh" and l in rows]
    refs = set(int(x) for x in re.findall(r"[A-Z]+(\d+)", str(ws.cell(total, 3).value)))
    report(total is not None and not any(s in refs or any(a <= s <= b for a, b in zip(sorted(refs)[::2], sorted(refs)[1::2])) for s in subs),
           "XLSX grand total skips subtotal rows", str(ws.cell(total, 3).value))
    # STT restarts in every group.
    for k, g in enumerate(groups):
        first = [u["ten"] for u in units if u["nhom"] == g][0]
        report(ws.cell(rows[first], 1).value == 1, f"XLSX STT restarts in {g}", str(ws.cell(rows[first], 1).value))


if __name__ == "__main__":
    main()

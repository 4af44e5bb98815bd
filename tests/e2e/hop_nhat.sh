# tests/e2e/hop_nhat.sh — merged provinces: the consolidated example (input/gia-lai-hop-nhat) with its
# group headings, subtotals and grand total checked against figures computed in tests/group_check.py
# from the CSVs (PDF text, XLSX formulas and cached values, LibreOffice recalculation); the same job
# with former units merged into new ones through sap_nhap.csv. The bad inputs per merge rule are rule cases: tests/checks/merge-*.

EXAMPLE="$ROOT/input/gia-lai-hop-nhat"

# group_checks NAME JOB OUTDIR: builds, then every check of group_check.py and a LibreOffice recalc.
group_checks() {
	local name=$1 job=$2 out=$3
	expect_status "$name: build" 0 "$PHULUC" build "$job" -o "$out"
	local base
	base=$(basename "$job")
	run_checker "$name" "group checks" 30 "$out/check.txt" \
		"$PY" "$ROOT/tests/group_check.py" "$job" "$out/$base.pdf" "$out/$base.xlsx"
	lo_recalc "$name" "$out/$base.xlsx" "$out/lo"
}

d=$(new_tmp hop-nhat)
group_checks "hop-nhat/example" "$EXAMPLE" "$d/out"
# A job without nhom has no heading or subtotal rows (the Gia Lai example prints as before).
expect_status "hop-nhat/no groups: build" 0 "$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$d/plain"
pdftotext -layout "$d/plain/gia-lai-2023-2025.pdf" "$d/plain.txt"
expect_no_grep "hop-nhat/no groups: no subtotal row" "Cộng" "$d/plain.txt"

# Former units into new ones: Pleiku (622) and Chư Păh (627) split between two new communes.
m="$d/merged"
cp -r "$EXAMPLE" "$m"
$PY - "$m" <<'PY'
import csv, sys
job = sys.argv[1]
rows = list(csv.DictReader(open(f"{job}/dia_ban.csv", encoding="utf-8")))
with open(f"{job}/dia_ban.csv", "w", encoding="utf-8") as f:
    f.write("ma,ten,cap,nhom\n")
    f.write("30001,Phường Pleiku,phuong,Tỉnh Gia Lai (cũ)\n30002,Xã Biển Hồ,xa,Tỉnh Gia Lai (cũ)\n")
    for r in rows:
        if r["ma"] not in ("622", "627"):
            f.write("%s,%s,%s,%s\n" % (r["ma"], r["ten"], r["cap"], r["nhom"]))
with open(f"{job}/sap_nhap.csv", "w", encoding="utf-8") as f:
    f.write('ma_cu,ten_cu,ma_moi,ten_moi,ty_le\n')
    f.write('622,Thành phố Pleiku,30001,Phường Pleiku,"0,6"\n')
    f.write('622,Thành phố Pleiku,30002,Xã Biển Hồ,"0,4"\n')
    f.write('627,Huyện Chư Păh,30002,Xã Biển Hồ,75%\n')
    f.write('627,Huyện Chư Păh,30001,Phường Pleiku,0.25\n')
    for r in rows:
        if r["ma"] not in ("622", "627"):
            f.write('%s,%s,%s,%s,\n' % (r["ma"], r["ten"], r["ma"], r["ten"]))
open(f"{job}/phuluc.ini", "a", encoding="utf-8").write("")
PY
sed -i 's/^chi_tieu_tinh = .*/&\nsap_nhap = sap_nhap.csv/' "$m/phuluc.ini"
# The province's figures are those of the consolidated units (rounding may move them by 0,01).
"$PHULUC" check "$m" --json >"$m.json" 2>/dev/null
$PY - "$m" "$m.json" <<'PY'
import json, re, sys
job, found = sys.argv[1], json.load(open(sys.argv[2]))
lines = open(f"{job}/chi_tieu_tinh.csv", encoding="utf-8").read().splitlines()
for f in found:
    if f["rule"] == "province-target" and f["severity"] == "error":
        m = re.search(r"là ([\d,]+)%", f["message"])
        lines[f["line"] - 1] = re.sub(r'"[\d,]+"$', '"%s"' % m.group(1), lines[f["line"] - 1])
open(f"{job}/chi_tieu_tinh.csv", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
group_checks "hop-nhat/sap_nhap" "$m" "$d/out-merged"
pdftotext -layout "$d/out-merged/merged.pdf" "$d/merged.txt"
expect_grep "hop-nhat/sap_nhap: new unit printed" "Phường Pleiku" "$d/merged.txt"
expect_no_grep "hop-nhat/sap_nhap: former unit not printed" "Thành phố Pleiku" "$d/merged.txt"

# One bad input per merge rule: tests/checks/merge-* (rule_cases.sh).

# Page breaks on a long grouped table (135 communes in groups of 1–9): no page ends with a group
# heading, none starts with a subtotal row; the default subtotal label is "Cộng".
g=$(new_tmp hop-nhat-pages)
$PY "$ROOT/tests/make_job.py" "$g/job" 135 2 >/dev/null
$PY - "$g/job/dia_ban.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
sizes = [3, 5, 2, 9, 4, 7, 1, 6, 8, 3, 5, 2, 4, 9, 7, 6, 3, 2, 5, 8, 4, 6, 3, 2, 2, 5]
out, k, grp = [rows[0] + ["nhom"]], 0, 0
for r in rows[1:]:
    out.append(r + ["Nhóm số %d" % (grp + 1)])
    k += 1
    if k >= sizes[grp % len(sizes)]:
        k, grp = 0, grp + 1
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(out)
PY
expect_status "hop-nhat/pages: build" 0 "$PHULUC" build "$g/job" -o "$g/out"
$PY - "$g/out/job.pdf" >"$g/pages.txt" 2>&1 <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
heading = re.compile(r"^\s*[IVXLC]+\s+Nhóm số \d+\s*$")
row = re.compile(r"^\s*(\d+\s+(Xã|Phường|Đặc khu)|Cộng|[IVXLC]+\s+Nhóm)")
bad, subtotals, headings = [], 0, 0
for p in range(1, n + 1):
    t = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True).stdout
    rows = [l for l in t.splitlines() if row.match(l)]
    subtotals += sum(1 for l in rows if l.strip().startswith("Cộng"))
    headings += sum(1 for l in rows if heading.match(l))
    if rows and heading.match(rows[-1]):
        bad.append(f"page {p} ends with {rows[-1].strip()!r}")
    if rows and rows[0].strip().startswith("Cộng"):
        bad.append(f"page {p} starts with a subtotal")
ok = n > 5 and not bad and subtotals == headings > 20
print(("PASS" if ok else "FAIL") + f" {n} pages, {headings} headings, {subtotals} subtotal rows: {bad}")
PY
grep -q "^PASS" "$g/pages.txt" && pass "hop-nhat/pages: no lone heading or subtotal at a page break" ||
	fail "hop-nhat/pages: no lone heading or subtotal at a page break" "$(cat "$g/pages.txt")"

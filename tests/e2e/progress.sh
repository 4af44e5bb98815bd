# tests/e2e/progress.sh — the monthly progress report (template bao-cao-thuc-hien, issue 5).
# The example job is built, then tests/progress_check.py recomputes every figure from the CSV
# files alone and finds it in the XLSX (openpyxl), the PDF text (pdftotext), the charts and
# tom_tat.txt. The bad inputs are rule cases: tests/checks/progress-*.

PROGRESS="$ROOT/input/gia-lai-2025-thuc-hien"
NAME=gia-lai-2025-thuc-hien

dir=$(new_tmp progress-example)
cp -r "$PROGRESS" "$dir/$NAME"
chmod -R u+w "$dir/$NAME"
expect_status "progress: example builds" 0 "$PHULUC" build "$dir/$NAME" -o "$dir/out"
expect_empty "progress: example has no findings" "$TMPROOT/last.err"
for f in pdf xlsx tom_tat.txt; do
	[ -s "$dir/out/$NAME.$f" ] && pass "progress: $NAME.$f written" || fail "progress: $NAME.$f written" ""
done
if $PY "$ROOT/tests/progress_check.py" "$dir/$NAME" "$dir/out" "$NAME" >"$dir/check.txt" 2>&1; then
	pass "progress: rates, gaps, people needed, changes, totals, charts and summary as computed independently"
else
	fail "progress: figures as computed independently" "$(head -c 1500 "$dir/check.txt")"
fi

# openpyxl itself loads the charts: bar charts whose series point at the table's sheet.
if $PY - "$dir/out/$NAME.xlsx" >"$dir/charts.txt" 2>&1 <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
charts = [(ws.title, c) for ws in wb.worksheets for c in ws._charts]
assert charts, "no chart"
for title, c in charts:
    assert type(c).__name__ == "BarChart", type(c).__name__
    refs = [s.val.numRef.f for s in c.series]
    assert len(refs) >= 2 and all(wb.worksheets[0].title in r for r in refs), refs
print(len(charts), "charts")
PYEOF
then pass "progress: openpyxl loads the XLSX bar charts, series on the table"; else
	fail "progress: openpyxl loads the XLSX bar charts" "$(head -c 600 "$dir/charts.txt")"
fi

# formula_checks LABEL XLSX: LibreOffice recalculates XLSX into $dir/lo; tests/progress_formulas.py
# compares its formulas and cached values, its PASS/FAIL lines go into the results under LABEL.
formula_checks() {
	local label=$1 xlsx=$2
	mkdir -p "$dir/lo"
	$PY "$ROOT/tests/xlsx_check.py" recalc "$xlsx" "$dir/lo" --name XLSX >"$dir/lo.txt" 2>&1
	$PY "$ROOT/tests/progress_formulas.py" "$xlsx" "$dir/lo" >>"$dir/lo.txt" 2>&1 ||
		echo "FAIL progress_formulas.py crashed: $(tail -3 "$dir/lo.txt")" >>"$dir/lo.txt"
	record_lines "$label" "$dir/lo.txt"
	grep '^FAIL' "$dir/lo.txt" >&2
	[ "$(grep -c '^PASS' "$dir/lo.txt")" -ge 3 ] && pass "$label: XLSX formula checks ran" ||
		fail "$label: XLSX formula checks ran" "$(cat "$dir/lo.txt")"
}

# The XLSX follows a clerk's correction: rate, gap and people still needed are formulas over the counts
# (issue 12, item 8), their cached values what LibreOffice computes, and a changed count changes them.
formula_checks progress "$dir/out/$NAME.xlsx"

# The checker notices a wrong figure: one count changed in the job, outputs left as they were.
sed -i '36s/^622,2025-07,\([0-9]*\),/622,2025-07,1\1,/' "$dir/$NAME/thuc_hien.csv"
if $PY "$ROOT/tests/progress_check.py" "$dir/$NAME" "$dir/out" "$NAME" >"$dir/check2.txt" 2>&1; then
	fail "progress: checker fails on a wrong figure" "it passed"
else
	pass "progress: checker fails on a wrong figure"
fi

# The summary reads as a clerk writes it: the first sentence, word for word up to the figures.
expect_grep "progress: tom_tat opens with the date" "Tính đến ngày 31/7/2025, số người tham gia BHXH là " \
	"$dir/out/$NAME.tom_tat.txt"

# One period only: no change column, no "so với tháng" in the summary.
dir=$(new_tmp progress-one-period)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i '/,2025-0[56],/d' "$dir/job/thuc_hien.csv"
expect_status "progress: one period builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
pdftotext -layout "$dir/out/job.pdf" "$dir/out/job.txt"
expect_no_grep "progress: one period, no change column" "so với tháng" "$dir/out/job.txt"
expect_no_grep "progress: one period, no change in the summary" "so với tháng" "$dir/out/job.tom_tat.txt"

# phu_luc.ky picks an earlier period: its figures, change against the month before it.
dir=$(new_tmp progress-period)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i 's/^ky = .*/ky = 6\/2025/' "$dir/job/phuluc.ini"
expect_status "progress: phu_luc.ky = 6/2025 builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
expect_grep "progress: phu_luc.ky picks June" "Tính đến ngày 30/6/2025" "$dir/out/job.tom_tat.txt"
expect_grep "progress: change against May" "so với tháng 5/2025" "$dir/out/job.tom_tat.txt"

# One bad input per rule of the progress report: tests/checks/progress-* (rule_cases.sh).

# A clerk's headers: Mã, Kỳ, BHXH bắt buộc … and periods written 7/2025.
dir=$(new_tmp progress-clerk-headers)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i '1s/.*/Mã,Kỳ báo cáo,BHXH bắt buộc,BHXH tự nguyện,Bảo hiểm thất nghiệp/; s/,2025-0\([567]\),/,\1\/2025,/' \
	"$dir/job/thuc_hien.csv"
expect_status "progress: clerk headers and 7/2025 periods build" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
expect_empty "progress: clerk headers, no findings" "$TMPROOT/last.err"
cmp -s "$dir/out/job.tom_tat.txt" "$TMPROOT/progress-example/out/$NAME.tom_tat.txt" &&
	pass "progress: clerk headers give the same summary" ||
	fail "progress: clerk headers give the same summary" "$(diff "$dir/out/job.tom_tat.txt" "$TMPROOT/progress-example/out/$NAME.tom_tat.txt" | head -5)"

# The monthly batch: one job per province and period, through `phuluc batch` like any other job.
dir=$(new_tmp progress-batch)
for m in 06 07; do
	mkdir -p "$dir/tree/gia-lai"
	cp -r "$PROGRESS" "$dir/tree/gia-lai/2025-$m"
	chmod -R u+w "$dir/tree/gia-lai/2025-$m"
	sed -i "s/^ky = .*/ky = 2025-$m/" "$dir/tree/gia-lai/2025-$m/phuluc.ini"
done
expect_status "progress: monthly tree through phuluc batch" 0 "$PHULUC" batch "$dir/tree" -o "$dir/out"
for m in 06 07; do
	for f in pdf xlsx tom_tat.txt; do
		expect_grep "progress: batch manifest lists 2025-$m.$f" "gia-lai/2025-$m/2025-$m.$f" "$dir/out/manifest.csv"
	done
done
expect_grep "progress: batch June summary" "Tính đến ngày 30/6/2025" "$dir/out/gia-lai/2025-06/2025-06.tom_tat.txt"
expect_grep "progress: batch July summary" "Tính đến ngày 31/7/2025" "$dir/out/gia-lai/2025-07/2025-07.tom_tat.txt"

# Against targets in numbers of participants (issue 12, item 6): the 2026 plan of a phan-bo proposal
# in numbers, actual counts of 2026-06; people still needed = number − actual, exactly, in each row,
# the total row and tom_tat.txt, recomputed here from the CSVs; the XLSX formulas follow a correction.
dir=$(new_tmp progress-counts)
$PY "$ROOT/tests/make_alloc_job.py" "$dir/job" 17 5 114 counts >/dev/null
"$PHULUC" phan-bo "$dir/job" -o "$dir/job/de-xuat.csv" 2>/dev/null
$PY "$ROOT/tests/make_progress_counts_job.py" "$dir/job"
expect_status "progress/counts: builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
$PY - "$dir/job" "$dir/out/job.xlsx" "$dir/out/job.tom_tat.txt" >"$dir/check.txt" 2>&1 <<'PY'
import csv, re, sys
import openpyxl
job, xlsx, summary = sys.argv[1:4]
plan = {r["ten"]: r for r in csv.DictReader(open(f"{job}/de-xuat.csv", encoding="utf-8-sig"), delimiter=";")}
act = {r["ma"]: r for r in csv.DictReader(open(f"{job}/thuc_hien.csv", encoding="utf-8")) if r["ky"] == "2026-06"}
def need(name, ind):
    p = plan[name]
    a = act[p["ma"]]
    actual = int(a["bhxh_bb"]) + int(a["bhxh_tn"]) if ind == "bhxh" else int(a[ind])
    return max(0, int(p[f"so_nguoi_{ind}_2026"]) - actual), int(p[f"so_nguoi_{ind}_2026"]), actual
wb, wbv = openpyxl.load_workbook(xlsx), openpyxl.load_workbook(xlsx, data_only=True)
ws, wsv = wb.worksheets[0], wbv.worksheets[0]
cols, bad, rows = [], [], 0
for row in ws.iter_rows():
    for c in row:
        if isinstance(c.value, str) and re.match(r"^=MAX\(0,[A-Z]+\d+-[A-Z]+\d+\)$", c.value):
            name = ws.cell(c.row, 2).value
            if c.column not in cols:
                cols.append(c.column)
            ind = "bhxh" if c.column == min(cols) else "bhtn"
            want = need(name, ind)[0]
            rows += 1
            if wsv[c.coordinate].value != want:
                bad.append((c.coordinate, wsv[c.coordinate].value, want))
print(("PASS" if rows == 34 and not bad else "FAIL") + f" people still needed = number − actual in every row: {rows} cells, wrong {bad[:3]}")
total = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Toàn tỉnh"]
got = [wsv.cell(total[0], c).value for c in sorted(cols)] if total else None
want = [sum(need(n, ind)[0] for n in plan) for ind in ("bhxh", "bhtn")]
print(("PASS" if got == want else "FAIL") + f" total row: the sum of the rows' people still needed: {got} want {want}")
text = open(summary, encoding="utf-8").read()
def vi(n): return f"{n:,}".replace(",", ".")
ok = True
for ind, label in (("bhxh", "BHXH"), ("bhtn", "BHTN")):
    n = sum(need(x, ind)[1] for x in plan)
    a = sum(need(x, ind)[2] for x in plan)
    words = f"kế hoạch UBND tỉnh giao ({vi(n)} người)" + (f", còn thiếu {vi(n - a)} người" if a < n else "")
    ok = ok and words in text
    print(("PASS" if words in text else "FAIL") + f" tom_tat {label}: {words!r}")
PY
record_lines "progress/counts" "$dir/check.txt"
grep '^FAIL' "$dir/check.txt" >&2
[ "$(grep -c '^PASS' "$dir/check.txt")" -ge 4 ] && pass "progress/counts: checks ran" ||
	fail "progress/counts: checks ran" "$(cat "$dir/check.txt")"
formula_checks progress/counts "$dir/out/job.xlsx"

# A progress template without a total row (issue 12): the rows' rate, gap and people still needed
# are formulas all the same, over the labour force the workbook carries outside the print area.
dir=$(new_tmp progress-no-total)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
mkdir -p "$dir/job/templates"
sed 's/^dong_tong: .*/dong_tong: {co: false}/' "$ROOT/templates/bao-cao-thuc-hien.yaml" \
	>"$dir/job/templates/bao-cao-khong-dong-tong.yaml"
sed -i 's/^mau = .*/mau = bao-cao-khong-dong-tong/' "$dir/job/phuluc.ini"
expect_status "progress/no total row: builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
if [ "$VARIANT" != asan ]; then
	formula_checks "progress/no total row" "$dir/out/job.xlsx"
else
	$PY - "$dir/out/job.xlsx" >"$dir/formulas.txt" 2>&1 <<'PY'
import re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
n = sum(1 for row in ws.iter_rows() for c in row if isinstance(c.value, str) and re.match(r"^=ROUND\([A-Z]+\d+/[A-Z]+\d+,4\)$", c.value))
print(n)
PY
	[ "$(cat "$dir/formulas.txt")" -ge 34 ] && pass "progress/no total row: rate formulas in the rows" ||
		fail "progress/no total row: rate formulas in the rows" "$(cat "$dir/formulas.txt")"
fi

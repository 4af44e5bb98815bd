# tests/e2e/so_nguoi.sh — plans in numbers of participants (sourced by tests/run.sh): the example
# input/gia-lai-2026-2030-so-nguoi (135 communes, five years, BHXH, voluntary, BHYT) and a
# 136-locality plan made by tools/make_count_plan.py, recomputed from their CSVs by
# tests/count_plan_check.py (PDF text, exact sums, XLSX SUM formulas and cached values, group
# subtotals, the assigned numbers), LibreOffice recalculation, and that the checker fails on one
# person more; a shortfall of one person against the assigned number and against the voluntary
# minimum, each caught at its line; the 135-commune table with all five indicators (PDF bands, and
# its XLSX recomputed by tests/count_plan_full_check.py).

SN=$(new_tmp so-nguoi)

# count_plan NAME JOB: builds, then count_plan_check.py and a LibreOffice recalculation.
count_plan() {
	local name=$1 job=$2 out="$SN/$1"
	expect_status "$name: build" 0 "$PHULUC" build "$job" -o "$out"
	local base
	base=$(basename "$job")
	run_checker "$name" "count checks" 7 "$out/check.txt" \
		"$PY" "$ROOT/tests/count_plan_check.py" "$job" "$out/$base.pdf" "$out/$base.xlsx"
	if [ "$VARIANT" != asan ]; then
		lo_recalc "$name" "$out/$base.xlsx" "$out/lo"
	fi
}

count_plan "so-nguoi/example" "$ROOT/input/gia-lai-2026-2030-so-nguoi"

# 136 localities, the example's template.
J="$SN/plan-136"
$PY "$ROOT/tools/make_count_plan.py" "$J" 136 && cp -r "$ROOT/input/gia-lai-2026-2030-so-nguoi/templates" \
	"$ROOT/input/gia-lai-2026-2030-so-nguoi/phuluc.ini" "$J/"
count_plan "so-nguoi/136" "$J"

# The checker can fail: the same outputs against the 136 plan with one count one person more in
# its CSV (the first locality's BHXH of 2026) are caught in the PDF text, the total and the XLSX.
B="$SN/plan-136-bad"
cp -r "$J" "$B"
$PY - "$B/chi_tieu.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[1][2] = str(int(rows[1][2].replace(".", "")) + 1)
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
$PY "$ROOT/tests/count_plan_check.py" "$B" "$SN/so-nguoi/136/plan-136.pdf" "$SN/so-nguoi/136/plan-136.xlsx" >"$B/check.txt" 2>&1
[ "$(grep -c '^FAIL' "$B/check.txt")" -ge 4 ] && pass "so-nguoi/136: the checker fails on one person more in the CSV" ||
	fail "so-nguoi/136: the checker fails on one person more in the CSV" "$(cat "$B/check.txt")"

# One person short on the first year's BHXH (line 2) and the last year's voluntary minimum (line 15).
S="$SN/short-1"
$PY "$ROOT/tools/make_count_plan.py" "$S" 136 --short 1 && cp -r "$J/templates" "$J/phuluc.ini" "$S/"
"$PHULUC" check "$S" --lang en 2>"$SN/short.err"
rc=$?
[ $rc -eq 1 ] && pass "so-nguoi/one short: exit 1" || fail "so-nguoi/one short: exit 1" "exit $rc"
grep -q "chi_tieu_tinh.csv:2:gia_tri: error: the province's BHXH participants for 2026 add up to .* below the assigned .*; 1 more participants are needed \[province-target\]" "$SN/short.err" &&
	pass "so-nguoi/one short: BHXH 2026 caught at line 2" || fail "so-nguoi/one short: BHXH 2026 caught at line 2" "$(cat "$SN/short.err")"
grep -q "chi_tieu_tinh.csv:15:gia_tri: error: the province's BHXH tự nguyện participants for 2030 add up to .* below the assigned .*; 1 more participants are needed \[province-target\]" "$SN/short.err" &&
	pass "so-nguoi/one short: voluntary minimum 2030 caught at line 15" || fail "so-nguoi/one short: voluntary minimum 2030 caught at line 15" "$(cat "$SN/short.err")"
[ "$(grep -c 'province-target' "$SN/short.err")" -eq 2 ] && pass "so-nguoi/one short: no other province-target finding" ||
	fail "so-nguoi/one short: no other province-target finding" "$(cat "$SN/short.err")"
"$PHULUC" build "$S" -o "$SN/short-out" 2>/dev/null
[ ! -e "$SN/short-out/short-1.pdf" ] && pass "so-nguoi/one short: nothing written" || fail "so-nguoi/one short: nothing written"

# The full template: counts with the rate each makes (ratio-of-sums formulas in the total row).
expect_status "so-nguoi/full template: build" 0 "$PHULUC" build "$ROOT/tests/checks/count-clean" -o "$SN/full"
pdftotext -layout "$SN/full/count-clean.pdf" - | grep "Toàn tỉnh" | tr -s ' ' >"$SN/full.txt"
expect_grep "so-nguoi/full template: total row (600, 30,00%, 60, 3.500, 87,50%; 640 …)" \
	"Toàn tỉnh 600 30,00% 60 3.500 87,50% 640 32,00% 80 3.600 90,00%" "$SN/full.txt"
$PY - "$SN/full/count-clean.xlsx" >"$SN/full-formulas.txt" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(" ".join(str(c.value) for c in ws[ws.max_row] if isinstance(c.value, str) and c.value.startswith("=")))
PYEOF
expect_grep "so-nguoi/full template: rate of the total is ROUND(SUM(counts)/SUM(labour force))" \
	"=ROUND(SUM(C7:C8)/SUM(N7:N8),4)" "$SN/full-formulas.txt"
if [ "$VARIANT" != asan ]; then
	lo_recalc so-nguoi/full "$SN/full/count-clean.xlsx" "$SN/full-lo"
fi

# The 2026–2030 table of a merged province with every indicator: 135 communes, five years,
# BHXH with its compulsory and voluntary parts, BHTN, BHYT, each with its rate (template
# ke-hoach-so-nguoi, 35 figures a row): too wide for one page, laid out in column bands.
F="$SN/plan-135-full"
$PY "$ROOT/tools/make_count_plan.py" "$F" 135 --full
sed 's/^mau = .*/mau = ke-hoach-so-nguoi/' "$ROOT/input/gia-lai-2026-2030-so-nguoi/phuluc.ini" >"$F/phuluc.ini"
expect_status "so-nguoi/135 full: builds, exit 0" 0 "$PHULUC" build "$F" -o "$F/out"
if [ -f "$F/out/plan-135-full.pdf" ]; then
	$PY "$ROOT/tests/count_plan_bands_check.py" "$F" "$F/out/plan-135-full.pdf" >"$F/check.txt" 2>&1
	record_lines "so-nguoi/135 full" "$F/check.txt"
	qpdf --check "$F/out/plan-135-full.pdf" >/dev/null 2>&1 && pass "so-nguoi/135 full: qpdf --check" ||
		fail "so-nguoi/135 full: qpdf --check" ""
fi
# Its XLSX: every count, rate and weight cell, the subtotals' and total's SUM and ROUND(SUM/SUM)
# formulas and their cached values, recomputed from the CSVs (tests/count_plan_full_check.py); the
# checker fails on one person more in the CSV; LibreOffice recalculates to the cached values.
if [ -f "$F/out/plan-135-full.xlsx" ]; then
	$PY "$ROOT/tests/count_plan_full_check.py" "$F" "$F/out/plan-135-full.xlsx" >"$F/xlsx.txt" 2>&1 ||
		echo "FAIL count_plan_full_check.py: $(tail -3 "$F/xlsx.txt")" >>"$F/xlsx.txt"
	record_lines "so-nguoi/135 full xlsx" "$F/xlsx.txt"
	[ "$(grep -c '^PASS' "$F/xlsx.txt")" -ge 6 ] && pass "so-nguoi/135 full xlsx: checks ran" ||
		fail "so-nguoi/135 full xlsx: checks ran" "$(head -c 600 "$F/xlsx.txt")"
	mkdir -p "$F/bad"
	cp "$F"/*.csv "$F/bad/"
	sed -i '2s/^\([^,]*,[^,]*,\)"\([0-9]\)/\1"1\2/' "$F/bad/chi_tieu.csv"
	$PY "$ROOT/tests/count_plan_full_check.py" "$F/bad" "$F/out/plan-135-full.xlsx" >"$F/bad.txt" 2>&1
	[ "$(grep -c '^FAIL' "$F/bad.txt")" -ge 2 ] && pass "so-nguoi/135 full xlsx: the checker fails on a changed count" ||
		fail "so-nguoi/135 full xlsx: the checker fails on a changed count" "$(cat "$F/bad.txt")"
	if [ "$VARIANT" != asan ]; then
		lo_recalc so-nguoi/135-full "$F/out/plan-135-full.xlsx" "$F/lo"
	fi
fi

# tests/e2e/xlsx.sh — the XLSX output read back (sourced by tests/run.sh).
#
# 1. The workbooks tests/unit/render/test_render_xlsx.c writes into
#    tests/tmp/render_xlsx/ (run here if the unit test did not): structure,
#    number formats, formulas and cached values, print setup, fonts,
#    properties, draft mark (tests/xlsx_check.py check).
# 2. The checks fail on a tampered copy and on a wrong cached total, so a
#    pass means something.
# 3. LibreOffice, forced to recalculate on load, shows the cached values
#    (release only: slow).
# 4. The same on `phuluc build` of the example, byte-identical when built twice.
# 5. A plan in numbers: its rates are formulas that follow a corrected count.

XD="$ROOT/tests/tmp/render_xlsx"
XT=$(new_tmp xlsx)

# xcheck ARGS...: runs xlsx_check.py and records each PASS/FAIL line it prints.
xcheck() { record_checks xlsx "xlsx_check.py $1 $2" "$PY" "$ROOT/tests/xlsx_check.py" "$@"; }

# xcheck_fails NAME PATTERN ARGS...: the checker must report FAIL for a check matching PATTERN.
xcheck_fails() {
	local name=$1 pattern=$2
	shift 2
	"$PY" "$ROOT/tests/xlsx_check.py" "$@" >"$XT/neg.out" 2>&1
	if grep -q "^FAIL .*$pattern" "$XT/neg.out"; then
		pass "xlsx: $name"
	else
		fail "xlsx: $name" "no FAIL matching '$pattern': $(grep -m3 "$pattern" "$XT/neg.out")"
	fi
}

if [ ! -f "$XD/annex.xlsx" ]; then
	unit="$ROOT/build/tests/render/test_render_xlsx"
	[ "$VARIANT" = asan ] && unit="$ROOT/build/asan/tests/render/test_render_xlsx"
	"$unit" >"$XT/unit.out" 2>&1 || fail "xlsx: unit test to make the workbooks" "$(tail -n 5 "$XT/unit.out")"
fi

TOTAL_ANNEX="19,21% 16,25% 2,96% 20,13% 16,76% 3,37% 13,86% 14,26%"
ANNEX_ARGS=(--sheet "Phụ lục" --title "Phụ lục chỉ tiêu BHXH, BHTN 2023 - 2024" --created 2023-11-14T22:13:20Z
	--margins 30,15,20,20 --header-rows 4 --data-cols 2 --min-numbers 70 --percent-format '[$-42A]0.00%')

# --- 1. structure ---------------------------------------------------------
xcheck check "$XD/annex.xlsx" --name annex "${ANNEX_ARGS[@]}" \
	--merged A6:A9 --merged B6:B9 --merged C6:J6 --merged C7:H7 --merged I7:J8 --merged C8:E8 \
	--merged L6:M6 --merged L7:L9 --merged A16:B16 --total "$TOTAL_ANNEX" \
	--formula C16 "=ROUND(SUMPRODUCT(C10:C15,L10:L15)/SUM(L10:L15),4)" --formula L16 "=SUM(L10:L15)"

xcheck check "$XD/grouped.xlsx" --name grouped --draft --header-rows 4 --data-cols 2 --margins 30,15,20,20 \
	--merged A11:J11 --merged A15:B15 --total "$TOTAL_ANNEX" \
	--formula C21 "=ROUND((SUMPRODUCT(C12:C14,L12:L14)+SUMPRODUCT(C17:C19,L17:L19))/SUM(L12:L14,L17:L19),4)" \
	--formula L21 "=SUM(L12:L14,L17:L19)" --formula C15 "=ROUND(SUMPRODUCT(C12:C14,L12:L14)/SUM(L12:L14),4)"

xcheck check "$XD/counts.xlsx" --name counts --orientation portrait --header-rows 1 --margins 30,15,20,20 \
	--min-numbers 7 --percent-format '[$-42A]#,##0' --total "1.089.855" --formula C13 "=SUM(C7:C12)"

if cmp -s "$XD/annex.xlsx" "$XD/annex-again.xlsx"; then
	pass "xlsx: byte-identical on two writes (unit)"
else
	fail "xlsx: byte-identical on two writes (unit)" "$(cmp "$XD/annex.xlsx" "$XD/annex-again.xlsx" 2>&1)"
fi

# --- 2. the checks can fail -------------------------------------------------
"$PY" "$ROOT/tests/xlsx_check.py" tamper "$XD/annex.xlsx" "$XT/tampered.xlsx" 2>"$XT/tamper.err" ||
	fail "xlsx: tamper" "$(tail -n 3 "$XT/tamper.err")"
for pattern in "numbers stored as numbers" "Times New Roman" "paper A4" "orientation" "fit to one page wide" \
	"margins" "header rows repeated" "page number in header" "title property" "no draft mark"; do
	xcheck_fails "check fails on a tampered copy: $pattern" "$pattern" check "$XT/tampered.xlsx" \
		--name tampered "${ANNEX_ARGS[@]}"
done
xcheck_fails "check fails on a wrong cached total" "cached total row" check "$XD/wrong-cache.xlsx" \
	--name wrong-cache "${ANNEX_ARGS[@]}" --total "$TOTAL_ANNEX"
xcheck_fails "check fails on a missing merge" "merge A6:A7" check "$XD/annex.xlsx" --name annex \
	"${ANNEX_ARGS[@]}" --merged A6:A7
xcheck_fails "check fails without the draft mark" "draft mark" check "$XD/annex.xlsx" --name annex \
	"${ANNEX_ARGS[@]}" --draft
xcheck_fails "check fails on a wrong formula" "formula C16" check "$XD/annex.xlsx" --name annex \
	"${ANNEX_ARGS[@]}" --formula C16 "=SUM(C10:C15)"

# --- 3. LibreOffice recalculates ------------------------------------------
if [ "$VARIANT" != asan ]; then
	xcheck recalc "$XD/annex.xlsx" "$XT" --name annex --total "$TOTAL_ANNEX"
	xcheck recalc "$XD/grouped.xlsx" "$XT" --name grouped --total "$TOTAL_ANNEX"
	xcheck recalc "$XD/counts.xlsx" "$XT" --name counts --total "1.089.855"
	# Proof that LibreOffice did recalculate: a wrong cache shows up.
	xcheck recalc "$XD/wrong-cache.xlsx" "$XT" --name wrong-cache --expect-mismatch
fi

# --- 4. the example built by phuluc ----------------------------------------
TOTAL_GIA_LAI="14,83% 12,23% 2,60% 15,83% 12,55% 3,28% 16,83% 12,88% 3,95% 9,16% 9,54% 9,85%"
GL="$XT/gia-lai"
if "$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$GL/1" >"$XT/build1.out" 2>&1 &&
	"$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$GL/2" >"$XT/build2.out" 2>&1; then
	X1="$GL/1/gia-lai-2023-2025.xlsx"
	if [ -f "$X1" ] && cmp -s "$X1" "$GL/2/gia-lai-2023-2025.xlsx"; then
		pass "xlsx: phuluc build: byte-identical on two builds"
	else
		fail "xlsx: phuluc build: byte-identical on two builds" "$(ls "$GL"/*)"
	fi
	xcheck check "$X1" --name gia-lai --orientation landscape --data-cols 3 --min-numbers 100 \
		--percent-format '[$-42A]0.00%' --total "$TOTAL_GIA_LAI"
	if [ "$VARIANT" != asan ]; then
		xcheck recalc "$X1" "$XT" --name gia-lai --total "$TOTAL_GIA_LAI"
	fi
else
	fail "xlsx: phuluc build of the example" "$(tail -n 5 "$XT"/build*.out 2>/dev/null)"
fi

# A job with an error (bhxh ≠ bhxh_bb + bhxh_tn for Pleiku 2023) built with
# --draft: written anyway, marked DỰ THẢO, its totals still right.
BAD="$XT/gia-lai-bad"
rm -rf "$BAD" && cp -r "$ROOT/input/gia-lai-2023-2025" "$BAD"
sed -i 's/^622,Thành phố Pleiku,"41,51"/622,Thành phố Pleiku,"41,61"/' "$BAD/chi_tieu.csv"
if grep -q '"41,61"' "$BAD/chi_tieu.csv"; then
	"$PHULUC" build "$BAD" --draft -o "$GL/draft" >"$XT/build-draft.out" 2>&1
	if [ -f "$GL/draft/gia-lai-bad.xlsx" ]; then
		xcheck check "$GL/draft/gia-lai-bad.xlsx" --name gia-lai-draft --draft --data-cols 3 --min-numbers 100
		[ "$VARIANT" != asan ] && xcheck recalc "$GL/draft/gia-lai-bad.xlsx" "$XT" --name gia-lai-draft
	else
		fail "xlsx: phuluc build --draft of a job with errors" "$(tail -n 5 "$XT/build-draft.out")"
	fi
else
	fail "xlsx: break the example for the draft test" "Pleiku's 41,51 not found in chi_tieu.csv"
fi

# Pages numbered from page 2 on, as in the PDF (issue 12, item 8): a 135-commune annex printed by
# LibreOffice from the XLSX shows no number on page 1 and "2" at the top of page 2.
if [ "$VARIANT" != asan ]; then
	PN="$XT/page-numbers"
	rm -rf "$PN" && mkdir -p "$PN"
	$PY "$ROOT/tests/make_job.py" "$PN/job" 135 2 >/dev/null
	if "$PHULUC" build "$PN/job" -o "$PN/out" >"$PN/build.out" 2>&1 &&
		timeout 180 soffice "-env:UserInstallation=file://$PN/profile" --headless --convert-to pdf \
			--outdir "$PN/lo" "$PN/out/job.xlsx" >/dev/null 2>&1; then
		p1=$(pdftotext -f 1 -l 1 "$PN/lo/job.pdf" - | sed '/^\s*$/d' | head -1)
		p2=$(pdftotext -f 2 -l 2 "$PN/lo/job.pdf" - | sed '/^\s*$/d' | head -1)
		[ "$p1" != 1 ] && [ "$p2" = 2 ] && pass "xlsx: printed, page 1 has no number, page 2 shows 2" ||
			fail "xlsx: printed, page 1 has no number, page 2 shows 2" "page 1 starts '$p1', page 2 '$p2'"
	else
		fail "xlsx: 135-commune annex printed by LibreOffice" "$(tail -n 3 "$PN/build.out")"
	fi
fi

# A plan in numbers (issue 12): the rate each number makes of its labour force / population
# (ty_le_so_nguoi) is a formula over the row's count and the year's weight column, cached as
# the CSVs give it; a clerk's corrected count changes its rate and the totals (LibreOffice
# recalculation, exact halves included), recomputed by tests/count_rate_formulas.py from the
# CSVs. Negative control: the same workbook with the rates as fixed values fails.
CR="$XT/count-rates"
rm -rf "$CR" && mkdir -p "$CR"
$PY "$ROOT/tools/make_count_plan.py" "$CR/plan" 135 --full
sed 's/^mau = .*/mau = ke-hoach-so-nguoi/' "$ROOT/input/gia-lai-2026-2030-so-nguoi/phuluc.ini" >"$CR/plan/phuluc.ini"
if "$PHULUC" build "$CR/plan" -o "$CR/out" >"$CR/build.out" 2>&1; then
	recalc=()
	[ "$VARIANT" = asan ] && recalc=(--no-recalc)
	"$PY" "$ROOT/tests/count_rate_formulas.py" "$CR/plan" "$CR/out/plan.xlsx" "$CR/lo" "${recalc[@]}" \
		>"$CR/check.txt" 2>&1
	record_lines "xlsx: count rates" "$CR/check.txt"
	grep '^FAIL' "$CR/check.txt" >&2
	want=4
	[ "$VARIANT" = asan ] && want=2
	[ "$(grep -c '^PASS' "$CR/check.txt")" -eq $want ] && pass "xlsx: count rates: checks ran" ||
		fail "xlsx: count rates: checks ran" "$(tail -c 800 "$CR/check.txt")"
	if [ "$VARIANT" != asan ]; then
		"$PY" "$ROOT/tests/count_rate_formulas.py" "$CR/plan" "$CR/out/plan.xlsx" "$CR/lo-values" \
			--as-values >"$CR/values.txt" 2>&1
		grep -q '^FAIL a corrected count changes its rate' "$CR/values.txt" &&
			pass "xlsx: count rates: the check fails on rates written as fixed values" ||
			fail "xlsx: count rates: the check fails on rates written as fixed values" "$(tail -c 600 "$CR/values.txt")"
	fi
else
	fail "xlsx: count rates: the 135-commune five-year plan builds" "$(tail -n 3 "$CR/build.out")"
fi

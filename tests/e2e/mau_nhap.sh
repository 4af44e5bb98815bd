# tests/e2e/mau_nhap.sh — `phuluc mau-nhap JOB -o FILE.xlsx`, the input form (sourced by
# tests/run.sh).
#
# For every example job under input/ (and tests/checks/merge-clean, a job with sap_nhap): the form is written (exit 0), byte-identical when
# written twice, and has the right shape (tests/workbooks.py form-check: sheets, headers,
# percent/count/text columns, the cap drop-down, dia_ban's localities as text, the years);
# filled as a clerk fills it in Excel (openpyxl: the example's figures, rates as percent
# cells) it builds the same annex as the CSV route (PDF text, XLSX values, summary).
# Then: the empty form is read back as it is (no missing or unknown column, only empty
# cells reported, by sheet and cell); a job whose dia_ban is not there yet gets an empty
# list; bad usage and an unwritable path.

MT=$(new_tmp mau-nhap)
export SOURCE_DATE_EPOCH=1700000000

# pyrecord PREFIX CMD...: runs a checker printing PASS/FAIL lines and records each one.
pyrecord() {
	local prefix=$1
	shift
	record_checks "$prefix" "checker ran" "$@"
}

# The examples (the 2026–2030 plan in numbers among them), a job with sap_nhap (its Lao động and
# Chỉ tiêu list the former units), and a five-year plan in numbers with every indicator on the full
# template ke-hoach-so-nguoi: count columns "Số người tham gia BHXH năm 2026"… (whole numbers ≥ 0),
# Dân số for BHYT, the assigned numbers in Chỉ tiêu tỉnh; filled from the CSVs, the same annex.
FULL="$MT/plan-135-full"
$PY "$ROOT/tools/make_count_plan.py" "$FULL" 135 --full
sed 's/^mau = .*/mau = ke-hoach-so-nguoi/' "$ROOT/input/gia-lai-2026-2030-so-nguoi/phuluc.ini" >"$FULL/phuluc.ini"
# And a progress report against targets in numbers (a phan-bo proposal): its Chỉ tiêu asks for numbers.
PC="$MT/progress-counts"
$PY "$ROOT/tests/make_alloc_job.py" "$PC" 17 5 114 counts >/dev/null
"$PHULUC" phan-bo "$PC" -o "$PC/de-xuat.csv" 2>/dev/null
$PY "$ROOT/tests/make_progress_counts_job.py" "$PC"
for job in "$ROOT"/input/*/ "$ROOT/tests/checks/merge-clean/" "$FULL/" "$PC/"; do
	j=$(basename "$job")
	d="$MT/$j"
	mkdir -p "$d"
	expect_status "mau-nhap $j: exit 0" 0 "$PHULUC" mau-nhap "$job" -o "$d/mau.xlsx"
	mkdir -p "$d/again"
	"$PHULUC" mau-nhap "$job" -o "$d/again/mau.xlsx" 2>/dev/null
	if cmp -s "$d/mau.xlsx" "$d/again/mau.xlsx"; then pass "mau-nhap $j: byte-identical twice"; else
		fail "mau-nhap $j: byte-identical twice" "$(cmp "$d/mau.xlsx" "$d/again/mau.xlsx" 2>&1)"
	fi
	pyrecord "mau-nhap $j" "$PY" "$ROOT/tests/workbooks.py" form-check "$d/mau.xlsx" "$job"

	# Filled with the example's figures, it builds the annex the CSVs build.
	"$PHULUC" build "$job" -o "$d/csv" >/dev/null 2>&1
	if "$PY" "$ROOT/tests/workbooks.py" fill "$d/mau.xlsx" "$job" "$d/filled" 2>"$d/fill.err"; then
		expect_status "mau-nhap $j: the filled form builds, exit 0" 0 "$PHULUC" build "$d/filled" -o "$d/out"
		expect_empty "mau-nhap $j: the filled form gives no finding" "$TMPROOT/last.err"
		expect_same_annex "mau-nhap $j: the filled form builds the CSV route's annex" "$d/csv" "$d/out"
	else
		fail "mau-nhap $j: filled" "$(tail -3 "$d/fill.err")"
	fi
done

# A plan in numbers being set up (no chi_tieu yet): the count columns its template requires
# (BHXH and its voluntary part), no optional one (BHTN, BHYT, compulsory), counts in Chỉ tiêu tỉnh.
d="$MT/counts-new"
mkdir -p "$d/job"
cp "$FULL/phuluc.ini" "$FULL/dia_ban.csv" "$d/job/"
expect_status "mau-nhap counts, no chi_tieu yet: exit 0" 0 "$PHULUC" mau-nhap "$d/job" -o "$d/mau.xlsx"
"$PY" - "$d/mau.xlsx" >"$d/heads.txt" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join(c.value for c in wb["Chỉ tiêu"][1][2:4]), len(wb["Chỉ tiêu"][1]), [c.value for c in wb["Lao động"][1]][3:],
      wb["Chỉ tiêu tỉnh"].column_dimensions["C"].number_format)
PY
expect_grep "mau-nhap counts, no chi_tieu yet: the required count columns only" \
	"Số người tham gia BHXH năm 2026|Số người tham gia BHXH tự nguyện năm 2026 12 ['Lực lượng lao động trong độ tuổi'] #,##0" \
	"$d/heads.txt"

# The empty form, as written, read by check: nothing about its columns, only its empty cells, by sheet and cell.
d="$MT/empty"
mkdir -p "$d"
cp -r "$ROOT/input/gia-lai-2023-2025" "$d/job"
"$PHULUC" mau-nhap "$d/job" -o "$d/job/so_lieu.xlsx" 2>/dev/null
sed -i -e 's/^dia_ban = .*/dia_ban = so_lieu.xlsx#Địa bàn/' -e 's/^lao_dong = .*/lao_dong = so_lieu.xlsx#Lao động/' \
	-e 's/^chi_tieu = .*/chi_tieu = so_lieu.xlsx#Chỉ tiêu/' \
	-e 's/^chi_tieu_tinh = .*/chi_tieu_tinh = so_lieu.xlsx#Chỉ tiêu tỉnh/' "$d/job/phuluc.ini"
expect_status "mau-nhap: the empty form is checked, exit 1" 1 "$PHULUC" check "$d/job" --lang vi
cp "$TMPROOT/last.err" "$d/check.err"
for rule in missing-column unknown-column duplicate-column job-file; do
	expect_no_grep "mau-nhap: the empty form has no $rule" "[$rule]" "$d/check.err"
done
expect_grep "mau-nhap: an empty labour cell named by sheet and cell" "so_lieu.xlsx:Lao động!D2: lỗi:" "$d/check.err"
expect_grep "mau-nhap: an empty target cell named by sheet and cell" "so_lieu.xlsx:Chỉ tiêu!C2: lỗi:" "$d/check.err"
# Written again over itself from its own (still empty) Địa bàn sheet: the same localities.
"$PHULUC" mau-nhap "$d/job" -o "$d/again.xlsx" 2>"$d/again.err"
pyrecord "mau-nhap: the form made from a form" "$PY" "$ROOT/tests/workbooks.py" form-check "$d/again.xlsx" \
	"$ROOT/input/gia-lai-2023-2025"

# A job being set up: dia_ban names the workbook about to be written.
d="$MT/new"
mkdir -p "$d/job"
sed 's/^dia_ban = .*/dia_ban = so_lieu.xlsx#Địa bàn/' "$ROOT/input/gia-lai-2023-2025/phuluc.ini" >"$d/job/phuluc.ini"
expect_status "mau-nhap: dia_ban not there yet, exit 0" 0 "$PHULUC" mau-nhap "$d/job" -o "$d/job/so_lieu.xlsx"
rows=$("$PY" -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1])["Địa bàn"].max_row)' \
	"$d/job/so_lieu.xlsx" 2>&1)
[ "$rows" = 1 ] && pass "mau-nhap: no dia_ban, only the header row" ||
	fail "mau-nhap: no dia_ban, only the header row" "$rows rows"

# Usage and failures.
expect_status "mau-nhap: without -o, exit 2" 2 "$PHULUC" mau-nhap "$ROOT/input/gia-lai-2023-2025"
expect_grep "mau-nhap: without -o, says so" "mau-nhap needs -o FILE.xlsx" "$TMPROOT/last.err"
expect_status "mau-nhap: not a job, exit 2" 2 "$PHULUC" mau-nhap "$MT" -o "$MT/x.xlsx"
touch "$MT/plain-file"
expect_status "mau-nhap: unwritable path, exit 3" 3 "$PHULUC" mau-nhap "$ROOT/input/gia-lai-2023-2025" \
	-o "$MT/plain-file/mau.xlsx"
expect_grep "mau-nhap: unwritable path, named" "$MT/plain-file/mau.xlsx" "$TMPROOT/last.err"
expect_status "mau-nhap: --help" 0 "$PHULUC" --help
expect_grep "mau-nhap: in --help" "phuluc mau-nhap JOB_DIR -o FILE.xlsx" "$TMPROOT/last.out"
for page in man/phuluc.1 man/vi/phuluc.1; do
	expect_grep "mau-nhap: in $page" 'mau\-nhap' "$ROOT/$page"
done
expect_grep "mau-nhap: in the guide" "phuluc mau-nhap" "$ROOT/docs/huong-dan.md"
expect_grep "mau-nhap: in the README" "phuluc mau-nhap" "$ROOT/README.md"
unset SOURCE_DATE_EPOCH

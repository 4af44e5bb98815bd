# tests/e2e/workbooks.sh — the clerk's own workbooks (issue 13, "Done when"; sourced by
# tests/run.sh).
#
# For every example job under input/, its CSVs with the codes given leading zeros
# (00622: tests/workbooks.py pad) are the reference, built through the CSV route. The same
# figures in workbooks must build an annex whose PDF text, XLSX values and summary equal it:
#   book        one workbook, a sheet per table, written by openpyxl: a title row merged
#               above the header, rates as percent cells, counts as numbers, the codes
#               outside dia_ban as numbers (622: the leading zeros lost), a typed total row
#               ("Tổng cộng" in the code column, the weighted figures);
#   lo-tables   LibreOffice's own workbooks, one per table (soffice --convert-to xlsx of
#               the CSVs, read in Vietnamese: decimal commas, every code a number);
#   lo-book     the book above opened and saved again by LibreOffice (its writer, merged
#               cells, styles and shared strings its own way).
# Then: the typed total row is checked, not only skipped (total-row at its cell). One planted
# error per rule in a workbook, placed at its sheet and cell, is tests/e2e/workbook_cases.sh
# (every rule case carried into a workbook) and tests/checks/workbook-errors (errors only a
# workbook can have: date and error cells, percent cells with too many decimals).

WT=$(new_tmp workbooks)
export SOURCE_DATE_EPOCH=1700000000

# LibreOffice is slow: its conversions are made once for both variants, kept under tests/tmp.
LO="$ROOT/tests/tmp/workbooks-lo"

# lo_convert OUTDIR [--infilter=…] FILE...: soffice converts the files to .xlsx in OUTDIR,
# with a private profile.
lo_convert() {
	local out=$1
	shift
	mkdir -p "$out"
	HOME="$LO/home" timeout 300 soffice -env:UserInstallation="file://$LO/profile" --headless \
		--convert-to xlsx --outdir "$out" "$@" >>"$LO/soffice.log" 2>&1
}
# CSV read as UTF-8 (76), comma-separated (44), quotes (34), in Vietnamese (1066): 41,51 is a
# number, and so is 00622 (622).
LO_CSV="--infilter=CSV:44,34,76,1,,1066"

for job in "$ROOT"/input/*/; do
	j=$(basename "$job")
	d="$WT/$j"
	mkdir -p "$d"
	"$PY" "$ROOT/tests/workbooks.py" pad "$job" "$d/csv" || fail "workbooks $j: padded copy" ""
	"$PHULUC" build "$d/csv" -o "$d/out-csv" >/dev/null 2>"$d/csv.err" ||
		fail "workbooks $j: the CSV route builds" "$(head -5 "$d/csv.err")"

	"$PY" "$ROOT/tests/workbooks.py" book "$d/csv" "$d/book" --title --percent --numeric-codes --total
	expect_status "workbooks $j: book builds, exit 0" 0 "$PHULUC" build "$d/book" -o "$d/out-book" --lang vi
	expect_no_grep "workbooks $j: book gives no error" ": lỗi:" "$TMPROOT/last.err"
	expect_same_annex "workbooks $j: book builds the CSV route's annex" "$d/out-csv" "$d/out-book"

	if [ ! -d "$LO/$j/tables" ]; then
		lo_convert "$LO/$j/tables" "$LO_CSV" "$d/csv"/*.csv
		lo_convert "$LO/$j/book" "$d/book/so_lieu.xlsx"
	fi
	"$PY" "$ROOT/tests/workbooks.py" repoint "$d/csv" "$d/lo-tables" xlsx
	cp "$LO/$j/tables"/*.xlsx "$d/lo-tables/" 2>/dev/null
	expect_status "workbooks $j: LibreOffice's tables build, exit 0" 0 "$PHULUC" build "$d/lo-tables" -o "$d/out-lo-tables" --lang vi
	expect_no_grep "workbooks $j: LibreOffice's tables give no error" ": lỗi:" "$TMPROOT/last.err"
	expect_same_annex "workbooks $j: LibreOffice's tables build the CSV route's annex" "$d/out-csv" "$d/out-lo-tables"

	mkdir -p "$d/lo-book"
	cp "$d/book/phuluc.ini" "$d/lo-book/"
	[ -d "$d/book/templates" ] && cp -r "$d/book/templates" "$d/lo-book/" # a job's own templates
	cp "$LO/$j/book/so_lieu.xlsx" "$d/lo-book/" 2>/dev/null
	expect_status "workbooks $j: LibreOffice's book builds, exit 0" 0 "$PHULUC" build "$d/lo-book" -o "$d/out-lo-book" --lang vi
	expect_no_grep "workbooks $j: LibreOffice's book gives no error" ": lỗi:" "$TMPROOT/last.err"
	expect_same_annex "workbooks $j: LibreOffice's book builds the CSV route's annex" "$d/out-csv" "$d/out-lo-book"
done

# The typed total row is checked, not just skipped: one figure off by 0,50 is total-row at its cell.
d="$WT/total-off"
"$PY" "$ROOT/tests/workbooks.py" book "$WT/gia-lai-2023-2025/csv" "$d" --percent --total
"$PY" - "$d/so_lieu.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Chỉ tiêu"]
ws.cell(ws.max_row, 3).value = round(ws.cell(ws.max_row, 3).value + 0.005, 6)
wb.save(sys.argv[1])
EOF
expect_status "workbooks: a typed total off by 0,50, exit 1" 1 "$PHULUC" check "$d" --lang vi
expect_grep "workbooks: a typed total off, total-row at its cell" \
	"so_lieu.xlsx:Chỉ tiêu!C19: lỗi:" "$TMPROOT/last.err"
expect_grep "workbooks: a typed total off, rule" "[total-row]" "$TMPROOT/last.err"

unset SOURCE_DATE_EPOCH

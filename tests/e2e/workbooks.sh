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
# Then every rule case of tests/checks/ that is about the data (not about CSV bytes or the
# job file) is typed into one workbook, a sheet per file (tests/workbooks.py case), and must
# give the same findings — same rule, same severity — each placed at its sheet and cell
# ("so_lieu.xlsx:Chỉ tiêu!D3"). The wording of each finding is the rule cases' business;
# the workbook-only findings (sheets, cells, Excel habits) are input/model tests' (wt-j).

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
	expect_status "workbooks $j: book builds, exit 0" 0 "$PHULUC" build "$d/book" -o "$d/out-book"
	expect_no_grep "workbooks $j: book gives no error" ": lỗi:" "$TMPROOT/last.err"
	expect_same_annex "workbooks $j: book builds the CSV route's annex" "$d/out-csv" "$d/out-book"

	if [ ! -d "$LO/$j/tables" ]; then
		lo_convert "$LO/$j/tables" "$LO_CSV" "$d/csv"/*.csv
		lo_convert "$LO/$j/book" "$d/book/so_lieu.xlsx"
	fi
	"$PY" "$ROOT/tests/workbooks.py" repoint "$d/csv" "$d/lo-tables" xlsx
	cp "$LO/$j/tables"/*.xlsx "$d/lo-tables/" 2>/dev/null
	expect_status "workbooks $j: LibreOffice's tables build, exit 0" 0 "$PHULUC" build "$d/lo-tables" -o "$d/out-lo-tables"
	expect_no_grep "workbooks $j: LibreOffice's tables give no error" ": lỗi:" "$TMPROOT/last.err"
	expect_same_annex "workbooks $j: LibreOffice's tables build the CSV route's annex" "$d/out-csv" "$d/out-lo-tables"

	mkdir -p "$d/lo-book"
	cp "$d/book/phuluc.ini" "$d/lo-book/"
	cp "$LO/$j/book/so_lieu.xlsx" "$d/lo-book/" 2>/dev/null
	expect_status "workbooks $j: LibreOffice's book builds, exit 0" 0 "$PHULUC" build "$d/lo-book" -o "$d/out-lo-book"
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

# One planted error per rule: the rule cases, typed into workbooks.
CASES="$ROOT/tests/checks"
skip_case() { # cases about CSV bytes, the job file or another command
	case $1 in
	encoding-* | invalid-utf8 | empty-file | ragged-row | unterminated-quote | decimal-commas | ini-* | job-file | \
		clean | *-clean | phan-bo-*) return 0 ;;
	esac
	[ -f "$CASES/$1/args" ] || ! grep -q '\[' "$CASES/$1/expected"
}
rules_seen=""
for c in $(cd "$CASES" && ls -d -- */ | tr -d /); do
	skip_case "$c" && continue
	out="$WT/cases"
	mkdir -p "$out"
	if ! "$PY" "$ROOT/tests/workbooks.py" case "$CASES/$c" "$out" >"$out/$c.want" 2>"$out/$c.err"; then
		fail "workbooks: rule case $c as a workbook" "$(tail -3 "$out/$c.err")"
		continue
	fi
	[ -s "$out/$c.want" ] || continue # findings only on phuluc.ini or a file the case leaves out
	(cd "$out" && "$PHULUC" check "$c" --lang vi 2>&1 >/dev/null) |
		sed -n 's/^\(.*\): \(lỗi\|cảnh báo\|lưu ý\|ghi chú\): .*\[\([a-z-]*\)\]$/\1\t\3/p' >"$out/$c.got"
	# A place without a cell (a missing column, a file-wide finding) is compared by its sheet.
	awk -F'\t' 'NR == FNR { want[NR] = $0; n = NR; next }
		{ got[FNR] = $0; m = FNR }
		END {
			for (i = 1; i <= n; i++) {
				split(want[i], w, "\t"); hit = 0
				for (k = 1; k <= m; k++) {
					if (used[k]) continue
					split(got[k], g, "\t")
					if (g[2] == w[2] && (g[1] == w[1] || (w[1] !~ /!/ && index(g[1], w[1]) == 1))) {
						used[k] = 1; hit = 1; break
					}
				}
				if (!hit) print "missing: " want[i]
			}
			for (k = 1; k <= m; k++) if (!used[k]) print "extra: " got[k]
		}' "$out/$c.want" "$out/$c.got" >"$out/$c.diff"
	if [ -s "$out/$c.diff" ]; then
		fail "workbooks: rule case $c in a workbook, placed by sheet and cell" "$(head -8 "$out/$c.diff")"
	else
		pass "workbooks: rule case $c in a workbook, placed by sheet and cell"
		rules_seen="$rules_seen $(cut -f2 "$out/$c.want" | sort -u | tr '\n' ' ')"
	fi
done
n=$(echo "$rules_seen" | tr ' ' '\n' | sort -u | grep -c .)
[ "$n" -ge 20 ] && pass "workbooks: $n rules planted in workbooks" ||
	fail "workbooks: rules planted in workbooks" "only $n: $rules_seen"
unset SOURCE_DATE_EPOCH

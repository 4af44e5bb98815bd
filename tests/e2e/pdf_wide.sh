# tests/e2e/pdf_wide.sh — tables too wide for one A4 page are never refused (SPEC §3): five-year plans
# of 99 communes made by tests/make_wide_job.py, built and read back by tests/wide_check.py (every figure
# once over the column bands, STT and name on every band page, names on at most two lines, no type under
# 8 pt, the XLSX print setup matching), tests/pdf_check.py (margins, overlaps, page numbers, total row
# never alone) and the PDF readers (poppler, qpdf).
CHECK="$PY $ROOT/tests/pdf_check.py"

# wide_job NAME ARGS...: makes the job, builds it (exit 0), and runs every check on its outputs.
wide_job() {
	local name=$1 dir extra=""
	shift
	case " $* " in *" nam "*) extra=--whole-years ;; esac
	dir=$(new_tmp "wide-$name")
	$PY "$ROOT/tests/make_wide_job.py" "$dir/$name" 99 "$@"
	expect_status "wide $name: builds with exit 0" 0 "$PHULUC" build "$dir/$name" -o "$dir/out"
	local pdf="$dir/out/$name.pdf" xlsx="$dir/out/$name.xlsx"
	if [ ! -s "$pdf" ] || [ ! -s "$xlsx" ]; then
		fail "wide $name: PDF and XLSX written" "$(ls -A "$dir/out" 2>/dev/null)"
		return
	fi
	$PY "$ROOT/tests/wide_check.py" "$dir/$name" "$pdf" "$xlsx" $extra >"$dir/check.txt" 2>&1 ||
		grep -q '^FAIL' "$dir/check.txt" || echo "FAIL wide_check.py crashed: $(tail -3 "$dir/check.txt")" >>"$dir/check.txt"
	record_lines "wide $name" "$dir/check.txt"
	grep '^FAIL' "$dir/check.txt" >&2
	if $CHECK inside "$pdf" >"$dir/inside.txt" 2>&1; then pass "wide $name: text inside the margins, no overlap"
	else fail "wide $name: text inside the margins, no overlap" "$(cat "$dir/inside.txt")"; fi
	if $CHECK pages "$pdf" "Địa bàn" >"$dir/pages.txt" 2>&1; then pass "wide $name: header and page number on every page, total not alone"
	else fail "wide $name: header and page number on every page, total not alone" "$(cat "$dir/pages.txt")"; fi
	: >"$dir/readers.err"
	pdffonts "$pdf" >"$dir/fonts.txt" 2>>"$dir/readers.err"
	pdftotext "$pdf" /dev/null 2>>"$dir/readers.err"
	pdfinfo "$pdf" >"$dir/info.txt" 2>>"$dir/readers.err"
	expect_empty "wide $name: poppler prints no warning" "$dir/readers.err"
	if qpdf --check "$pdf" >"$dir/qpdf.txt" 2>&1; then pass "wide $name: qpdf --check"
	else fail "wide $name: qpdf --check" "$(tail -5 "$dir/qpdf.txt")"; fi
	if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") {bad = 1} END {exit bad || NR != 5}' \
		"$dir/fonts.txt"; then pass "wide $name: 3 fonts, embedded, subset, with ToUnicode"
	else fail "wide $name: 3 fonts, embedded, subset, with ToUnicode" "$(cat "$dir/fonts.txt")"; fi
	WIDE_INFO="$dir/info.txt"
}

# The shipped template, 5 years: 20 figures a row. Too wide at 8 pt with names on two lines: bands.
wide_job bhxh-5-nam
expect_grep "wide bhxh-5-nam: A4 landscape" "Page size:       841.89 x 595.276 pts (A4)" "$WIDE_INFO"
# BHXH, its parts, BHTN and BHYT over 5 years (25 figures), indicators at the top of the header.
wide_job chi-so --layout chi-so --bhyt
# The same with years at the top: a band holds whole years.
wide_job theo-nam --layout nam --bhyt
# The template allows A3: the whole table on A3 landscape, one band.
wide_job a3 --layout chi-so --bhyt --a3
expect_grep "wide a3: A3 landscape" "Page size:       1190.55 x 841.89 pts (A3)" "$WIDE_INFO"
# The job allows A3 in phuluc.ini ([phu_luc] cho_phep_a3 = có), the shipped template does not say: A3.
wide_job a3-job --a3-job
expect_grep "wide a3-job: A3 landscape" "Page size:       1190.55 x 841.89 pts (A3)" "$WIDE_INFO"
# A value that is neither có nor không is a job-file error, shown at its line.
d=$(new_tmp wide-a3-bad)
$PY "$ROOT/tests/make_wide_job.py" "$d/job" 3 --a3-job
sed -i 's/^cho_phep_a3 = có$/cho_phep_a3 = A3/' "$d/job/phuluc.ini"
"$PHULUC" build "$d/job" -o "$d/out" >"$d/out.txt" 2>&1
rc=$?
[ "$rc" -ne 0 ] && pass "wide a3-bad: cho_phep_a3 = A3 refused (exit $rc)" || fail "wide a3-bad: cho_phep_a3 = A3 refused" "exit 0"
expect_grep "wide a3-bad: the finding names the key and its line" "phuluc.ini:4" "$d/out.txt"

# tests/lib.sh — sourced by every tests/e2e/*.sh script.
#
# Environment (set by tests/run.sh):
#   PHULUC   the binary under test (release or ASan build)
#   VARIANT  release | asan
#   RESULTS  file collecting one "PASS name" / "FAIL name" line per check
#   TMPROOT  scratch directory for this variant
#   PY       /usr/bin/python3 (Debian's, the one that sees python3-openpyxl)
#
# A check is one call: `pass NAME`, `fail NAME WHY`, or one of the helpers
# below, which compare and record.

: "${RESULTS:?run through tests/run.sh}"
PY=/usr/bin/python3

pass() { echo "PASS $VARIANT: $1" >>"$RESULTS"; }
fail() {
	echo "FAIL $VARIANT: $1" >>"$RESULTS"
	printf 'FAIL %s: %s\n' "$1" "${2:-}" >&2
}

# expect_status NAME WANT CMD...: runs CMD, checks its exit status.
expect_status() {
	local name=$1 want=$2
	shift 2
	"$@" >"$TMPROOT/last.out" 2>"$TMPROOT/last.err"
	local got=$?
	if [ "$got" = "$want" ]; then pass "$name"; else
		fail "$name" "exit $got, want $want; stderr: $(head -c 600 "$TMPROOT/last.err")"
	fi
}

# expect_grep NAME PATTERN FILE: FILE contains the fixed string PATTERN.
expect_grep() {
	if grep -qF -- "$2" "$3"; then pass "$1"; else
		fail "$1" "'$2' not found in $3"
	fi
}

# expect_no_grep NAME PATTERN FILE
expect_no_grep() {
	if grep -qF -- "$2" "$3"; then fail "$1" "'$2' found in $3"; else pass "$1"; fi
}

# expect_empty NAME FILE
expect_empty() {
	if [ ! -s "$2" ]; then pass "$1"; else fail "$1" "$2 not empty: $(head -c 600 "$2")"; fi
}

# new_tmp NAME: a fresh scratch directory, printed.
new_tmp() {
	local d="$TMPROOT/$1"
	rm -rf "$d"
	mkdir -p "$d"
	echo "$d"
}

# annex_text DIR: the text of every annex under DIR, as a reader sees it (pdftotext of
# each PDF, each XLSX's cell values read by openpyxl, each tom_tat.txt), file names
# without their base name, so two jobs' annexes compare with diff.
annex_text() {
	local f
	for f in "$1"/*.pdf "$1"/*.xlsx "$1"/*.tom_tat.txt; do
		[ -f "$f" ] || continue
		echo "== ${f##*.}"
		case $f in
		*.pdf) pdftotext -layout "$f" - ;;
		*.xlsx) "$PY" "$ROOT/tests/workbooks.py" values "$f" ;;
		*) cat "$f" ;;
		esac
	done
}

# expect_same_annex NAME WANT_DIR GOT_DIR: the annexes in GOT_DIR read as those in WANT_DIR
# (PDF text, XLSX values, summary), and there are as many.
expect_same_annex() {
	local name=$1 d="$TMPROOT/annex-diff"
	mkdir -p "$d"
	annex_text "$2" >"$d/want.txt" 2>&1
	annex_text "$3" >"$d/got.txt" 2>&1
	if [ ! -s "$d/want.txt" ] || ! grep -q '^== pdf' "$d/got.txt"; then
		fail "$name" "no annex in $3: $(ls "$3" 2>&1 | head -5)"
	elif diff -u "$d/want.txt" "$d/got.txt" >"$d/diff.txt"; then
		pass "$name"
	else
		fail "$name" "$(head -30 "$d/diff.txt")"
	fi
}

# record_lines PREFIX FILE: records each "PASS what" / "FAIL what" line of a checker's output
# FILE as "PREFIX: what" (as "what" when PREFIX is empty).
record_lines() {
	sed -n "s#^\(PASS\|FAIL\) \(.*\)#\1 $VARIANT: ${1:+$1: }\2#p" "$2" >>"$RESULTS"
}

# record_checks PREFIX NAME CMD...: runs CMD, a checker printing "PASS what" / "FAIL what"
# lines, and records each as "PREFIX: what"; a FAIL "PREFIX: NAME" when CMD exits non-zero or
# prints nothing.
record_checks() {
	local prefix=$1 name=$2 out rc line
	shift 2
	out=$("$@" 2>"$TMPROOT/checker.err")
	rc=$?
	while IFS= read -r line; do
		case $line in
		PASS\ *) pass "$prefix: ${line#PASS }" ;;
		FAIL\ *) fail "$prefix: ${line#FAIL }" ;;
		esac
	done <<<"$out"
	[ $rc -eq 0 ] && [ -n "$out" ] || fail "$prefix: $name" "exit $rc: $(tail -n 5 "$TMPROOT/checker.err")"
}

# lo_recalc NAME XLSX DIR: LibreOffice, forced to recalculate XLSX on load, shows its cached
# values (tests/xlsx_check.py recalc, its files in DIR); each PASS/FAIL line recorded, and a FAIL
# "NAME: LibreOffice recalculation ran" when none passed.
lo_recalc() {
	"$PY" "$ROOT/tests/xlsx_check.py" recalc "$2" "$3" --name "$1" >"$3.txt" 2>&1
	record_lines "" "$3.txt"
	grep -q '^PASS' "$3.txt" || fail "$1: LibreOffice recalculation ran" "$(tail -3 "$3.txt")"
}

# run_checker NAME WHAT MIN FILE CMD...: runs CMD, a checker printing "PASS what" / "FAIL what"
# lines, into FILE (a FAIL line added when it exits non-zero), records each line as "NAME: what"
# and passes "NAME: WHAT ran" when at least MIN of them passed.
run_checker() {
	local name=$1 what=$2 min=$3 file=$4
	shift 4
	"$@" >"$file" 2>&1 || echo "FAIL ${2##*/} crashed: $(tail -3 "$file")" >>"$file"
	record_lines "$name" "$file"
	grep '^FAIL' "$file" >&2
	[ "$(grep -c '^PASS' "$file")" -ge "$min" ] && pass "$name: $what ran" ||
		fail "$name: $what ran" "$(head -c 600 "$file")"
}

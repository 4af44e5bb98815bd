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

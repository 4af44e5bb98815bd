# tests/e2e/rule_cases.sh — the rule cases under tests/checks/, one small job each, and the
# exact findings each must give. Adding a case is adding a directory; see tests/checks/README.md.
#
# For each case directory C (the job itself: phuluc.ini and its CSV files):
#   C/args         optional, one line: the command and its options (default: check).
#                  The word OUT stands for a fresh output directory under $TMPROOT.
#   C/expected     stderr of `phuluc CMD C OPTIONS --lang vi`, run from tests/checks/ (so paths
#                  read C/file.csv), then the line "exit N" with its exit status.
#   C/expected.en  optional: the same with --lang en, where a case is about wording.
# A case that fails to build (exit 1) through `check` is built too: the same findings, and
# nothing written. Then every rule id phuluc has (from src/) must appear as [rule] in some
# case's expected findings.

CASES="$ROOT/tests/checks"

# run_case CASE LANG OUTDIR: prints what the case gives in LANG, as its expected file reads.
run_case() {
	local c=$1 lang=$2 out=$3 cmd=check opts=() w
	if [ -f "$CASES/$c/args" ]; then
		read -r cmd rest <"$CASES/$c/args"
		for w in $rest; do opts+=("${w//OUT/$out}"); done
	fi
	(cd "$CASES" && "$PHULUC" "$cmd" "$c" "${opts[@]}" --lang "$lang" 2>&1 >/dev/null)
	echo "exit $?"
}

# check_case CASE: one PASS/FAIL for the case, with a diff on failure.
check_case() {
	local c=$1 d got lang why=""
	d=$(new_tmp "rule-case-$c")
	for lang in vi en; do
		local want="$CASES/$c/expected"
		[ $lang = en ] && want="$CASES/$c/expected.en"
		[ -f "$want" ] || continue
		mkdir -p "$d/out-$lang"
		got="$d/got.$lang"
		run_case "$c" $lang "$d/out-$lang" >"$got"
		if ! diff -u "$want" "$got" >"$d/diff.$lang"; then
			why="$why$(head -40 "$d/diff.$lang")"$'\n'
		elif [ -f "$CASES/$c/args" ] && ! grep -qx 'exit 0' "$got" && [ -n "$(ls -A "$d/out-$lang")" ]; then
			why="${why}failed, but wrote: $(ls -A "$d/out-$lang")"$'\n'
		fi
	done
	[ -f "$CASES/$c/expected" ] || why="no expected file"
	if [ -z "$why" ] && [ ! -f "$CASES/$c/args" ] && grep -qx 'exit 1' "$CASES/$c/expected"; then
		(cd "$CASES" && "$PHULUC" build "$c" -o "$d/build" --lang vi >/dev/null 2>"$d/build.err")
		sed '$d' "$CASES/$c/expected" | diff -u - "$d/build.err" >"$d/diff.build" ||
			why="build gives other findings than check: $(head -20 "$d/diff.build")"
		[ -z "$(ls -A "$d/build" 2>/dev/null)" ] || why="${why}build failed, but wrote: $(ls -A "$d/build")"
	fi
	if [ -z "$why" ]; then pass "rule case $c"; else fail "rule case $c" $'\n'"$why"; fi
}

for c in $(cd "$CASES" && ls -d -- */ | tr -d /); do
	check_case "$c"
done

# Every rule id in src/ (a finding's id is the string beside its severity) has a case.
rules=$(cat "$ROOT"/src/*/*.c "$ROOT"/src/*/*.def | perl -0777 -ne \
	'while (/SEV_[A-Z]+,\s*"([a-z][a-z-]*)"|"([a-z][a-z-]*)",\s*SEV_[A-Z]+/g) { print(($1 // $2), "\n") }' | sort -u)
missing=""
for r in $rules; do
	cat "$CASES"/*/expected "$CASES"/*/expected.en 2>/dev/null | grep -qF "[$r]" || missing="$missing $r"
done
n=$(echo "$rules" | wc -w)
if [ "$n" -lt 20 ]; then
	fail "rule cases: rule ids found in src/" "only $n: has the way findings name their rule changed?"
elif [ -z "$missing" ]; then
	pass "rule cases: each of the $n rules in src/ has a case"
else
	fail "rule cases: each rule in src/ has a case" "no case for:$missing"
fi

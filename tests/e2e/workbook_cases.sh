# tests/e2e/workbook_cases.sh — every rule case of tests/checks/ that can be, carried into a
# workbook (tests/e2e/rule_case_to_workbook.py: one sheet per data file, cells as text) must give
# the same findings, each placed at its sheet and cell ("so_lieu.xlsx:chi_tieu!C5:"), and the same
# exit status. Also: the planted errors of tests/checks/workbook-errors in JSON, with sheet and cell.

WB="$(new_tmp workbook-cases)"
carried=0
for c in $(cd "$ROOT/tests/checks" && ls -d -- */ | tr -d /); do
	/usr/bin/python3 "$ROOT/tests/e2e/rule_case_to_workbook.py" "$ROOT/tests/checks/$c" "$WB" >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] && continue
	if [ $rc -ne 0 ]; then
		fail "workbook case $c: carried into a workbook" "rule_case_to_workbook.py exited $rc"
		continue
	fi
	carried=$((carried + 1))
	got="$WB/$c.got"
	(cd "$WB" && "$PHULUC" check "$c" --lang vi 2>&1 >/dev/null; echo "exit $?") >"$got"
	if diff -u <(sort "$WB/$c/expected.wb") <(sort "$got") >"$WB/$c.diff"; then
		pass "workbook case $c: the same findings at sheet and cell"
	else
		fail "workbook case $c: the same findings at sheet and cell" "$(head -20 "$WB/$c.diff")"
	fi
done
if [ "$carried" -ge 30 ]; then
	pass "workbook cases: $carried rule cases carried into workbooks"
else
	fail "workbook cases: rule cases carried into workbooks" "only $carried"
fi

json="$WB/workbook-errors.json"
(cd "$ROOT/tests/checks" && "$PHULUC" check workbook-errors --json --lang vi >"$json" 2>/dev/null)
if /usr/bin/python3 - "$json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
want = {("Chỉ tiêu", "C4", "too-many-decimals", 4, "BHXH 2024"), ("Lao động", "C3", "not-a-number", 3, "Lực lượng lao động"),
        ("Chỉ tiêu", "F5", "not-a-number", 5, "BHXH 2025"), ("Chỉ tiêu", "J6", "total-row", 6, "BHTN 2025")}
got = {(x.get("sheet"), x.get("cell"), x["rule"], x["line"], x["column"]) for x in f}
assert all(x["file"] == "workbook-errors/so_lieu.xlsx" for x in f), f
assert want <= got, got
PY
then
	pass "workbook cases: JSON findings carry sheet and cell"
else
	fail "workbook cases: JSON findings carry sheet and cell" "$(head -c 600 "$json")"
fi

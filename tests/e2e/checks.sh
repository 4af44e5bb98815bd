# tests/e2e/checks.sh — how findings are given, on the rule cases of tests/checks/ (which
# rule_cases.sh runs one by one): the JSON form, and the language chosen from LANG.

CASES="$ROOT/tests/checks"

# Three defects in three files: all reported in one run, exit 1, nothing written; --json
# gives one array of objects with exactly the documented keys.
dir=$(new_tmp three-defects)
(cd "$CASES" && "$PHULUC" build three-defects -o "$dir/out" --json >"$dir/findings.json" 2>"$dir/stderr")
status=$?
[ "$status" = 1 ] && pass "checks/three-defects: exit 1" || fail "checks/three-defects: exit 1" "got $status"
$PY - "$dir/findings.json" <<'PY' && pass "checks/three-defects: JSON lists all three" || fail "checks/three-defects: JSON lists all three" "$(cat "$dir/findings.json")"
import json, sys
f = json.load(open(sys.argv[1]))
assert all(set(x) == {'file', 'line', 'column', 'severity', 'rule', 'message'} for x in f), f
got = sorted((x['file'], x['line'], x['rule']) for x in f if x['severity'] == 'error')
assert got == [('three-defects/chi_tieu.csv', 2, 'component-sum'), ('three-defects/chi_tieu_tinh.csv', 5, 'province-target'),
               ('three-defects/lao_dong.csv', 6, 'unknown-locality')], got
PY
[ -z "$(ls -A "$dir/out" 2>/dev/null)" ] && pass "checks/three-defects: nothing written" ||
	fail "checks/three-defects: nothing written" "$(ls -A "$dir/out")"

# Vietnamese by default, English with LANG=C.
dir=$(new_tmp checks-lang)
(cd "$CASES" && LANG=vi_VN.UTF-8 LC_ALL= "$PHULUC" check component-sum 2>"$dir/vi.txt")
expect_grep "checks: Vietnamese message" "lỗi: Thành phố Pleiku năm 2024: BHXH 40,10% khác BHXH bắt buộc 38,00% + tự nguyện 2,00% = 40,00% [component-sum]" "$dir/vi.txt"
(cd "$CASES" && LANG=C LC_ALL= "$PHULUC" check component-sum 2>"$dir/en.txt")
expect_grep "checks: English with LANG=C" "error: Thành phố Pleiku, 2024: BHXH 40,10% differs from compulsory 38,00% + voluntary 2,00% = 40,00% [component-sum]" "$dir/en.txt"

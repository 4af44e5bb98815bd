# tests/e2e/phan_bo.sh — `phuluc phan-bo`: proposals for 1, 17 and 135 communes by both methods,
# checked on their own by tests/alloc_check.py (exact totals, bounds, shape, bb + tn), fed back into
# the job as its chi_tieu (it must build, with the province exactly on its assigned figures); the
# unreachable case; bad inputs and bad usage.

# alloc_case N SEED METHOD
alloc_case() {
	local n=$1 seed=$2 method=$3 d name="phan-bo/$1 communes $3"
	d=$(new_tmp "alloc-$n-$method")
	$PY "$ROOT/tests/make_alloc_job.py" "$d/job" "$n" "$seed" $((97 + n)) >/dev/null
	expect_status "$name: exit 0" 0 "$PHULUC" phan-bo "$d/job" -o "$d/de-xuat.csv" --cach "$method"
	if [ ! -s "$d/de-xuat.csv" ]; then
		fail "$name: file written" "$(cat "$TMPROOT/last.err")"
		return
	fi
	$PY "$ROOT/tests/alloc_check.py" "$d/job" "$d/de-xuat.csv" "$method" >"$d/check.txt" 2>&1 ||
		echo "FAIL alloc_check.py crashed: $(tail -3 "$d/check.txt")" >>"$d/check.txt"
	sed -n "s#^\(PASS\|FAIL\) \(.*\)#\1 $VARIANT: $name: \2#p" "$d/check.txt" >>"$RESULTS"
	grep '^FAIL' "$d/check.txt" >&2
	[ "$(grep -c '^PASS' "$d/check.txt")" -ge 10 ] && pass "$name: checks ran" ||
		fail "$name: checks ran" "$(cat "$d/check.txt")"
	# Built into the annex like any other job: no finding at all (province exactly on target).
	cp -r "$d/job" "$d/job2"
	cp "$d/de-xuat.csv" "$d/job2/chi_tieu.csv"
	"$PHULUC" check "$d/job2" --json >"$d/findings.json" 2>"$d/check.err"
	local rc=$?
	if [ $rc = 0 ] && [ "$(tr -d ' \n' <"$d/findings.json")" = "[]" ]; then
		pass "$name: proposal checks clean as chi_tieu"
	else
		fail "$name: proposal checks clean as chi_tieu" "exit $rc: $(head -c 600 "$d/findings.json")"
	fi
	expect_status "$name: proposal builds" 0 "$PHULUC" build "$d/job2" -o "$d/out"
}

alloc_case 1 11 deu
alloc_case 1 12 ty-le
alloc_case 17 3 deu
alloc_case 17 4 ty-le
alloc_case 135 5 deu
alloc_case 135 6 ty-le

# Unreachable: a large commune at 0% cannot grow by a factor; 99,90% is out of reach by ty-le.
d=$(new_tmp alloc-unreachable)
$PY "$ROOT/tests/make_alloc_job.py" "$d/job" 17 7 >/dev/null
(cd "$d/job" && sed -i '2s/^\([^,]*,[^,]*\),"[^"]*","[^"]*","[^"]*"/\1,"0,00","0,00","0,00"/' chi_tieu.csv &&
	sed -i 's/^2026,bhxh,.*/2026,bhxh,"99,90"/' chi_tieu_tinh.csv)
"$PHULUC" phan-bo "$d/job" -o "$d/de-xuat.csv" --cach ty-le --lang en >"$d/out" 2>"$d/err"
rc=$?
[ $rc = 1 ] && pass "phan-bo/unreachable: exit 1" || fail "phan-bo/unreachable: exit 1" "exit $rc: $(cat "$d/err")"
if grep -q "^$d/job/chi_tieu_tinh.csv:3:gia_tri: error: .*99,90%.*reaches at most [0-9]*,[0-9]*%.*\[unreachable-target\]$" "$d/err"; then
	pass "phan-bo/unreachable: unreachable-target at chi_tieu_tinh.csv:3 with the maximum"
else
	fail "phan-bo/unreachable: unreachable-target at chi_tieu_tinh.csv:3 with the maximum" "$(cat "$d/err")"
fi
[ ! -e "$d/de-xuat.csv" ] && pass "phan-bo/unreachable: nothing written" || fail "phan-bo/unreachable: nothing written"
# The same target is reachable by the uniform method.
expect_status "phan-bo/unreachable by ty-le, reachable by deu" 0 "$PHULUC" phan-bo "$d/job" -o "$d/deu.csv"

# Bad inputs, one defect each: rule at file:line, exit 1, nothing written.
# alloc_bad NAME RULE FILE:LINE EDIT [OPTIONS...]
alloc_bad() {
	local name=$1 rule=$2 where=$3 edit=$4 d
	shift 4
	d=$(new_tmp "alloc-bad-$name")
	$PY "$ROOT/tests/make_alloc_job.py" "$d/job" 17 8 >/dev/null
	(cd "$d/job" && eval "$edit")
	"$PHULUC" phan-bo "$d/job" -o "$d/de-xuat.csv" --lang en "$@" >"$d/out" 2>"$d/err"
	local rc=$?
	if [ $rc = 1 ] && grep -q "^$d/job/$where:[^:]*: error: .*\[$rule\]\$" "$d/err" && [ ! -e "$d/de-xuat.csv" ]; then
		pass "phan-bo/$name: $rule at $where, nothing written"
	else
		fail "phan-bo/$name: $rule at $where, nothing written" "exit $rc: $(head -c 600 "$d/err")"
	fi
}
alloc_bad no-baseline missing-value chi_tieu.csv:4 \
	"sed -i '4s/^\([^,]*,[^,]*\),\"[^\"]*\",\"[^\"]*\",\"[^\"]*\"/\1,,,/' chi_tieu.csv"
alloc_bad nothing-to-allocate missing-value phuluc.ini:6 "sed -i '/^202[67],/d' chi_tieu_tinh.csv"
alloc_bad no-labour missing-locality lao_dong.csv:0 "sed -i '/^20003,2026,/d' lao_dong.csv"
alloc_bad no-progress-file job-file phuluc.ini:0 ":" --tu-thuc-hien

# Bad usage: exit 2.
d=$(new_tmp alloc-usage)
$PY "$ROOT/tests/make_alloc_job.py" "$d/job" 3 9 >/dev/null
expect_status "phan-bo/usage: unknown --cach" 2 "$PHULUC" phan-bo "$d/job" -o "$d/x.csv" --cach nhanh
expect_status "phan-bo/usage: -o is required" 2 "$PHULUC" phan-bo "$d/job"
expect_status "phan-bo/usage: --cach only with phan-bo" 2 "$PHULUC" build "$d/job" --cach deu

# --tu-thuc-hien: baselines are the actual rates of the latest period (participants ÷ labour force).
d=$(new_tmp alloc-progress)
$PY "$ROOT/tests/make_alloc_job.py" "$d/job" 17 10 >/dev/null
$PY - "$d/job" <<'PY'
import csv, sys
job = sys.argv[1]
lab = {r["ma"]: int(r["luc_luong_lao_dong"]) for r in csv.DictReader(open(f"{job}/lao_dong.csv")) if r["nam"] == "2025"}
with open(f"{job}/thuc_hien.csv", "w") as f:
    f.write("ma,ky,bhxh_bb,bhxh_tn,bhtn\n")
    for k, (c, L) in enumerate(lab.items()):
        for m, extra in (("2025-06", 0), ("2025-09", 1)):
            f.write("%s,%s,%d,%d,%d\n" % (c, m, L * (7 + k % 5) // 100 + extra, L * 3 // 100, L * (4 + k % 3) // 100))
open(f"{job}/phuluc.ini", "a").write("thuc_hien = thuc_hien.csv\n")
PY
expect_status "phan-bo/tu-thuc-hien: exit 0" 0 "$PHULUC" phan-bo "$d/job" -o "$d/de-xuat.csv" --tu-thuc-hien
$PY - "$d/job" "$d/de-xuat.csv" >"$d/check.txt" 2>&1 <<'PY'
import csv, sys
job, out = sys.argv[1], sys.argv[2]
lab = {r["ma"]: int(r["luc_luong_lao_dong"]) for r in csv.DictReader(open(f"{job}/lao_dong.csv")) if r["nam"] == "2025"}
last = {r["ma"]: r for r in csv.DictReader(open(f"{job}/thuc_hien.csv")) if r["ky"] == "2025-09"}
rows = list(csv.reader(open(out, encoding="utf-8-sig").read().splitlines(), delimiter=";"))
prop = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
def h(t): w, _, f = t.partition(","); return int(w) * 100 + int((f + "00")[:2])
def rate(n, L): return (2 * n * 10000 + L) // (2 * L)
bad = [c for c in lab if h(prop[c]["bhxh_2025"]) != rate(int(last[c]["bhxh_bb"]) + int(last[c]["bhxh_tn"]), lab[c])
       or h(prop[c]["bhtn_2025"]) != rate(int(last[c]["bhtn"]), lab[c])]
print(("PASS" if not bad else "FAIL") + " baseline = actual rates of 2025-09: " + str(bad[:3]))
PY
sed -n "s#^\(PASS\|FAIL\) \(.*\)#\1 $VARIANT: phan-bo/tu-thuc-hien: \2#p" "$d/check.txt" >>"$RESULTS"
grep -q '^PASS' "$d/check.txt" || fail "phan-bo/tu-thuc-hien: baseline check ran" "$(cat "$d/check.txt")"

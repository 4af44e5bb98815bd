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

# Unreachable by ty-le (tests/checks/phan-bo-unreachable-target, with the other bad inputs: its
# finding and that nothing is written are checked by rule_cases.sh): reachable by the uniform method.
d=$(new_tmp alloc-unreachable)
expect_status "phan-bo/unreachable by ty-le, reachable by deu" 0 \
	"$PHULUC" phan-bo "$ROOT/tests/checks/phan-bo-unreachable-target" -o "$d/deu.csv"

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

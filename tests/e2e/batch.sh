# tests/e2e/batch.sh — `phuluc batch ROOT -o OUT [-j N]` (SPEC §4, issue 4).
#
#  - a tree of jobs at several depths (one broken in the middle, one with a
#    warning, the output directory inside the tree) runs to the end, marks the
#    broken job failed in manifest.csv and manifest.json and exits 1;
#  - the manifest is right: every output listed with the bytes and SHA-256
#    that stat and sha256sum give, error and warning counts as `phuluc check`
#    finds them, the outputs byte-identical to a `phuluc build` of the job;
#  - serial (-j 1) and parallel (-j 4) runs, and a re-run, give byte-identical
#    outputs and manifests apart from the ms column;
#  - unchanged jobs are reused (their outputs untouched), a changed job is
#    rebuilt, --force rebuilds all;
#  - a batch killed halfway (SIGTERM, SIGKILL) leaves no temporary and no
#    partial file; run again, it completes the rest and matches a clean run;
#  - usage: no -o, no job under ROOT, a bad -j; progress never in a pipe.

BT=$(new_tmp batch)
EXAMPLE="$ROOT/input/gia-lai-2023-2025"
export SOURCE_DATE_EPOCH=1700000000

# The tree: a/gia-lai (the example), a/b/c/x (17 generated communes),
# bad (a number that is not one, on line 5 of chi_tieu.csv), warn (a falling
# target: trend warning), z/deep/y (30 communes); out/ lives inside the tree.
TREE="$BT/tree"
mkdir -p "$TREE/a" "$TREE/z/deep" "$TREE/.hidden"
cp -r "$EXAMPLE" "$TREE/a/gia-lai"
$PY "$ROOT/tests/make_job.py" "$TREE/a/b/c/x" 17 3 >/dev/null
$PY "$ROOT/tests/make_job.py" "$TREE/z/deep/y" 30 4 >/dev/null
cp -r "$EXAMPLE" "$TREE/bad"
sed -i '5s/^\([^,]*,[^,]*,\)"[^"]*"/\1"4x,51"/' "$TREE/bad/chi_tieu.csv"
cp -r "$EXAMPLE" "$TREE/warn"
$PY - "$TREE/warn/chi_tieu.csv" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
# Pleiku's BHTN target for 2025 below 2024's: a trend warning, not an error.
lines[1] = lines[1].replace('"33,68"', '"33,60"')
open(p, "w", encoding="utf-8").write("\n".join(lines))
EOF
cp -r "$EXAMPLE" "$TREE/.hidden/skipped"
JOBS="a/b/c/x a/gia-lai bad warn z/deep/y"

# manifest_check OUT: the manifest against the files and `phuluc check`.
manifest_check() {
	$PY - "$1" "$TREE" "$PHULUC" <<'EOF'
import csv, hashlib, json, os, subprocess, sys
out, tree, phuluc = sys.argv[1:4]
rows = list(csv.DictReader(open(os.path.join(out, "manifest.csv"), encoding="utf-8")))
data = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
problems = []
jobs = [j["job"] for j in data["jobs"]]
if jobs != sorted(jobs) or jobs != sorted({r["job"] for r in rows}):
    problems.append("jobs not listed once each, in order: %s" % jobs)
for j in data["jobs"]:
    job = j["job"]
    chk = subprocess.run([phuluc, "check", os.path.join(tree, job), "--json"], capture_output=True, text=True)
    found = json.loads(chk.stdout or "[]")
    errors = sum(f["severity"] == "error" for f in found)
    warnings = sum(f["severity"] == "warning" for f in found)
    if (j["errors"], j["warnings"]) != (errors, warnings):
        problems.append("%s: counts %d/%d, check finds %d/%d" % (job, j["errors"], j["warnings"], errors, warnings))
    if [f["rule"] for f in j["findings"]] != [f["rule"] for f in found]:
        problems.append("%s: findings differ from check's" % job)
    want_status = "failed" if errors else "ok"
    if j["status"] != want_status or j["exit"] != (1 if errors else 0):
        problems.append("%s: status %s/%s, want %s" % (job, j["status"], j["exit"], want_status))
    if errors and (j["outputs"] or not j["message"]):
        problems.append("%s: a failed job lists outputs or has no message" % job)
    if not errors and len(j["outputs"]) != 2:
        problems.append("%s: %d outputs" % (job, len(j["outputs"])))
    csv_rows = [r for r in rows if r["job"] == job]
    for o in j["outputs"]:
        path = os.path.join(out, o["file"])
        body = open(path, "rb").read()
        if len(body) != o["bytes"] or hashlib.sha256(body).hexdigest() != o["sha256"]:
            problems.append("%s: size or SHA-256 wrong" % o["file"])
        if not o["file"].startswith(job + "/"):
            problems.append("%s: not under the job's path" % o["file"])
        if not any(r["output"] == o["file"] and r["sha256"] == o["sha256"] and int(r["bytes"]) == o["bytes"]
                   and r["status"] == j["status"] for r in csv_rows):
            problems.append("%s: not in manifest.csv as in manifest.json" % o["file"])
s = data["summary"]
if (s["jobs"], s["failed"]) != (len(jobs), sum(j["status"] != "ok" for j in data["jobs"])):
    problems.append("summary wrong: %s" % s)
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
}

# strip_ms FILE: the manifest without its timing column / keys.
strip_ms() {
	case $1 in
	*.csv) sed 's/,[0-9]*$//' "$1" ;;
	*.json) grep -v '"ms":' "$1" | sed 's/,$//' ;;
	esac
}

# same_tree NAME DIR1 DIR2: the same outputs and manifests, byte for byte (but ms).
same_tree() {
	local d
	d=$(diff <(cd "$2" && find . -type f ! -name 'manifest.*' ! -name '.phuluc-stamp' | sort | xargs sha256sum) \
		<(cd "$3" && find . -type f ! -name 'manifest.*' ! -name '.phuluc-stamp' | sort | xargs sha256sum) 2>&1 &&
		diff <(strip_ms "$2/manifest.csv") <(strip_ms "$3/manifest.csv") 2>&1 &&
		diff <(strip_ms "$2/manifest.json") <(strip_ms "$3/manifest.json") 2>&1)
	if [ $? -eq 0 ]; then pass "$1"; else fail "$1" "$(echo "$d" | head -c 600)"; fi
}

# --- one broken job in the middle, output inside the tree -------------------
expect_status "batch: a broken job makes the batch exit 1" 1 "$PHULUC" batch "$TREE" -o "$TREE/out" -j 2
cp "$TMPROOT/last.err" "$BT/first.err"
for j in $JOBS; do
	case $j in
	bad) [ ! -e "$TREE/out/bad/bad.pdf" ] && [ ! -e "$TREE/out/bad/bad.xlsx" ] &&
		pass "batch: the broken job wrote nothing" || fail "batch: the broken job wrote nothing" ;;
	*) n=$(basename "$j")
		[ -s "$TREE/out/$j/$n.pdf" ] && [ -s "$TREE/out/$j/$n.xlsx" ] &&
		pass "batch: $j built despite the broken job" || fail "batch: $j built despite the broken job" ;;
	esac
done
expect_grep "batch: the broken job's finding is printed" "bad/chi_tieu.csv:5:" "$BT/first.err"
expect_grep "batch: summary line" "5 " "$BT/first.err"
if grep -q '\[' "$BT/first.err" && grep -q $'\r' "$BT/first.err"; then
	fail "batch: no progress line in a pipe" "carriage returns on stderr"
else
	pass "batch: no progress line in a pipe"
fi
[ ! -e "$TREE/out/out" ] && [ ! -e "$TREE/out/.hidden" ] &&
	pass "batch: the output directory and hidden directories are not jobs" ||
	fail "batch: the output directory and hidden directories are not jobs" "$(ls "$TREE/out")"
if manifest_check "$TREE/out" >"$BT/manifest.txt" 2>&1; then pass "batch: manifest matches the files and phuluc check"; else
	fail "batch: manifest matches the files and phuluc check" "$(head -c 800 "$BT/manifest.txt")"
fi
$PY -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [j['status'] for j in d['jobs']] == ['ok','ok','failed','ok','ok'] and d['jobs'][2]['job'] == 'bad' else 1)" \
	"$TREE/out/manifest.json" && pass "batch: manifest.json marks bad failed, the others ok" ||
	fail "batch: manifest.json marks bad failed, the others ok" "$(head -c 400 "$TREE/out/manifest.json")"
expect_grep "batch: manifest.csv marks bad failed" "bad,failed,1,1,0,,,," "$TREE/out/manifest.csv"
expect_grep "batch: manifest.csv counts the warning" "warn,ok,0,0,1," "$TREE/out/manifest.csv"

# The outputs are those of `phuluc build`.
"$PHULUC" build "$TREE/a/gia-lai" -o "$BT/single" 2>/dev/null
cmp -s "$BT/single/gia-lai.pdf" "$TREE/out/a/gia-lai/gia-lai.pdf" &&
	cmp -s "$BT/single/gia-lai.xlsx" "$TREE/out/a/gia-lai/gia-lai.xlsx" &&
	pass "batch: outputs identical to phuluc build's" || fail "batch: outputs identical to phuluc build's"

# --- serial, parallel, re-run: identical ------------------------------------
"$PHULUC" batch "$TREE" -o "$BT/serial" -j 1 2>/dev/null
"$PHULUC" batch "$TREE" -o "$BT/parallel" -j 4 2>/dev/null
same_tree "batch: -j 1 and -j 4 give identical outputs and manifests" "$BT/serial" "$BT/parallel"
cp -r "$BT/serial" "$BT/serial.before"
"$PHULUC" batch "$TREE" -o "$BT/serial" -j 3 2>"$BT/rerun.err"
same_tree "batch: a re-run gives identical outputs and manifest" "$BT/serial.before" "$BT/serial"

# --- reuse of unchanged jobs --------------------------------------------------
expect_grep "batch: the re-run reuses the 4 unchanged jobs" "4 unchanged" "$BT/rerun.err"
before=$(stat -c %Y.%i "$BT/serial/z/deep/y/y.pdf")
sed -i 's/^ghi_chu = .*/ghi_chu = Số liệu đã sửa./' "$TREE/a/b/c/x/phuluc.ini"
"$PHULUC" batch "$TREE" -o "$BT/serial" 2>"$BT/changed.err"
expect_grep "batch: only the changed job is rebuilt" "3 unchanged" "$BT/changed.err"
[ "$(stat -c %Y.%i "$BT/serial/z/deep/y/y.pdf")" = "$before" ] && pass "batch: an unchanged job's outputs are left as they were" ||
	fail "batch: an unchanged job's outputs are left as they were"
pdftotext "$BT/serial/a/b/c/x/x.pdf" - | grep -q "Số liệu đã sửa" && pass "batch: the changed job's PDF has the change" ||
	fail "batch: the changed job's PDF has the change"
printf 'tampered' >>"$BT/serial/a/gia-lai/gia-lai.xlsx"
"$PHULUC" batch "$TREE" -o "$BT/serial" 2>"$BT/tampered.err"
cmp -s "$BT/single/gia-lai.xlsx" "$BT/serial/a/gia-lai/gia-lai.xlsx" &&
	pass "batch: an output changed by hand is rebuilt, not reused" || fail "batch: an output changed by hand is rebuilt, not reused"
"$PHULUC" batch "$TREE" -o "$BT/serial" --force 2>"$BT/force.err"
expect_grep "batch: --force rebuilds everything" "0 unchanged" "$BT/force.err"

# --- killed halfway, then run again -----------------------------------------
KT="$BT/many"
mkdir -p "$KT"
for i in $(seq -w 1 40); do cp -r "$EXAMPLE" "$KT/job-$i"; done
"$PHULUC" batch "$KT" -o "$BT/many-clean" -j 2 2>/dev/null
for sig in TERM KILL; do
	out="$BT/killed-$sig"
	"$PHULUC" batch "$KT" -o "$out" -j 2 2>/dev/null &
	pid=$!
	# Wait until some jobs are done, then kill the parent.
	for _ in $(seq 200); do
		[ "$(find "$out" -name '*.pdf' 2>/dev/null | wc -l)" -ge 6 ] && break
		sleep 0.02
	done
	kill -$sig $pid
	wait $pid 2>/dev/null
	sleep 0.3 # workers get SIGTERM when the parent dies; give them time to clean up
	done_now=$(find "$out" -name '*.pdf' | wc -l)
	left=$(find "$out" -name '.*.??????' | head -5)
	if [ -z "$left" ]; then pass "batch: SIG$sig halfway leaves no temporary"; else
		fail "batch: SIG$sig halfway leaves no temporary" "$left"
	fi
	bad=""
	for f in $(find "$out" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || bad="$bad $f"; done
	for f in $(find "$out" -name '*.xlsx'); do $PY -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$f" 2>/dev/null || bad="$bad $f"; done
	if [ -z "$bad" ] && [ "$done_now" -lt 40 ] && [ ! -e "$out/manifest.csv" ]; then
		pass "batch: SIG$sig halfway: $done_now of 40 done, each whole, no manifest yet"
	else
		fail "batch: SIG$sig halfway: partial files or nothing left to do" "done $done_now; bad:$bad"
	fi
	"$PHULUC" batch "$KT" -o "$out" -j 2 2>"$out.err"
	# A job killed between its outputs and its stamp is redone: allow for the two in flight.
	reused=$(grep -o '[0-9]* unchanged' "$out.err" | cut -d' ' -f1)
	if [ -n "$reused" ] && [ "$reused" -gt 0 ] && [ "$reused" -le "$done_now" ] && [ "$reused" -ge $((done_now - 2)) ]; then
		pass "batch: after SIG$sig the re-run reuses what was done"
	else
		fail "batch: after SIG$sig the re-run reuses what was done" "reused ${reused:-none} of $done_now"
	fi
	same_tree "batch: after SIG$sig the re-run completes the rest, as a clean run" "$BT/many-clean" "$out"
done

# --- usage --------------------------------------------------------------------
expect_status "batch: without -o is a usage error" 2 "$PHULUC" batch "$TREE"
expect_status "batch: -j 0 is a usage error" 2 "$PHULUC" batch "$TREE" -o "$BT/x" -j 0
expect_status "batch: -j abc is a usage error" 2 "$PHULUC" batch "$TREE" -o "$BT/x" -j abc
expect_status "batch: -j with build is a usage error" 2 "$PHULUC" build "$EXAMPLE" -o "$BT/x" -j 2
mkdir -p "$BT/empty/sub"
expect_status "batch: no job under ROOT exits 2" 2 "$PHULUC" batch "$BT/empty" -o "$BT/x"
expect_grep "batch: no job under ROOT is said" "phuluc.ini" "$TMPROOT/last.err"
expect_status "batch: ROOT not a directory exits 2" 2 "$PHULUC" batch "$EXAMPLE/phuluc.ini" -o "$BT/x"
# A root that is itself a job: its outputs go straight into OUT.
expect_status "batch: ROOT may itself be a job" 0 "$PHULUC" batch "$EXAMPLE" -o "$BT/rootjob"
[ -s "$BT/rootjob/gia-lai-2023-2025.pdf" ] && grep -q '^\.,ok,' "$BT/rootjob/manifest.csv" &&
	pass "batch: a root job's outputs are in OUT, listed as ." || fail "batch: a root job's outputs are in OUT, listed as ."
unset SOURCE_DATE_EPOCH

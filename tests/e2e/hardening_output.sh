# tests/e2e/hardening_output.sh — issue 11, the font and output half: each
# defect found by probing, with the check that failed before the fix.
#
#  (a) mutated fonts (tests/font_mutate.py): none crashes; each builds a
#      valid PDF or is exit 3 naming the font; in a batch too;
#  (b) the output set replaced as one: a rename that fails puts back the
#      previous files;
#  (c) temporaries of a killed run removed on the next run (phuluc's own only);
#  (d) the batch lock on OUT, the manifest that no job can stand in the way
#      of, a non-UTF-8 job name kept in manifest.json, the findings a batch
#      record carries capped;
#  (e) `build .` names its outputs after the directory; `-o ""` is a usage
#      error; NaN margins are a template error; control characters in data
#      are shown escaped in the findings.

HO=$(new_tmp hardening_output)
EX="$ROOT/input/gia-lai-2023-2025"
EXNAME=gia-lai-2023-2025

# ---- (a) fonts ---------------------------------------------------------------

$PY "$ROOT/tests/font_mutate.py" "$ROOT/fonts/LiberationSerif-Regular.ttf" "$HO/fonts" >"$HO/fonts.list"
n_fonts=0 bad=""
while read -r d; do
	n_fonts=$((n_fonts + 1))
	rm -rf "$HO/fo"
	"$PHULUC" build "$EX" -o "$HO/fo" --font-dir "$d" >"$HO/f.out" 2>"$HO/f.err"
	rc=$?
	if grep -q 'Sanitizer\|runtime error' "$HO/f.err"; then
		bad="$bad $(basename "$d"):sanitizer"
	elif [ "$rc" = 0 ]; then
		qpdf --check "$HO/fo/$EXNAME.pdf" >/dev/null 2>&1 || bad="$bad $(basename "$d"):bad-pdf"
	elif [ "$rc" = 3 ]; then
		grep -qF "$d/" "$HO/f.err" || bad="$bad $(basename "$d"):exit-3-not-naming-the-font"
	else
		bad="$bad $(basename "$d"):exit-$rc"
	fi
done <"$HO/fonts.list"
if [ "$n_fonts" -ge 100 ] && [ -z "$bad" ]; then
	pass "hardening: $n_fonts mutated fonts: each a valid PDF or exit 3 naming the font, none crashes"
else
	fail "hardening: $n_fonts mutated fonts: each a valid PDF or exit 3 naming the font, none crashes" "$bad"
fi
# The two bytes of maxp that crashed libharu (numGlyphs below numberOfHMetrics).
d=$(grep -- '-numGlyphs-1$' "$HO/fonts.list")
expect_status "hardening: maxp numGlyphs 1 is exit 3" 3 "$PHULUC" build "$EX" -o "$HO/fo" --font-dir "$d"
expect_grep "hardening: maxp numGlyphs 1 names the font" "$d/LiberationSerif" "$TMPROOT/last.err"
# In a batch the bad font is one clear error, not every job marked crashed.
mkdir -p "$HO/broot"
cp -r "$EX" "$HO/broot/a"
cp -r "$EX" "$HO/broot/b"
expect_status "hardening: batch with a bad font is exit 3" 3 \
	"$PHULUC" batch "$HO/broot" -o "$HO/bout" --font-dir "$d" -j 2
expect_no_grep "hardening: batch with a bad font: no worker dies" "died" "$TMPROOT/last.err"
expect_grep "hardening: batch with a bad font names it" "$d/LiberationSerif" "$TMPROOT/last.err"

# ---- (b) the output set replaced as one --------------------------------------

out="$HO/pair"
"$PHULUC" build "$EX" -o "$out" >/dev/null 2>&1
printf 'OLD PDF' >"$out/$EXNAME.pdf"
rm -f "$out/$EXNAME.xlsx"
mkdir -p "$out/$EXNAME.xlsx/in-the-way" # the second rename fails (a non-empty directory)
expect_status "hardening: a failing second rename is exit 3" 3 "$PHULUC" build "$EX" -o "$out"
expect_grep "hardening: a failing second rename names the file" "$out/$EXNAME.xlsx" "$TMPROOT/last.err"
if [ "$(cat "$out/$EXNAME.pdf")" = "OLD PDF" ]; then
	pass "hardening: a failing second rename puts the previous PDF back"
else
	fail "hardening: a failing second rename puts the previous PDF back" "the PDF was replaced"
fi
left=$(find "$out" -maxdepth 1 -name '.*' ! -name . | head -3)
[ -z "$left" ] && pass "hardening: a failing second rename leaves nothing behind" ||
	fail "hardening: a failing second rename leaves nothing behind" "$left"
# Where there was no previous PDF, the new one does not stay beside the old XLSX.
rm -f "$out/$EXNAME.pdf"
"$PHULUC" build "$EX" -o "$out" >/dev/null 2>&1
[ ! -e "$out/$EXNAME.pdf" ] && pass "hardening: a failing second rename removes a PDF that was not there" ||
	fail "hardening: a failing second rename removes a PDF that was not there" "$out/$EXNAME.pdf left"

# ---- (c) temporaries of a killed run -----------------------------------------

out="$HO/stale"
mkdir -p "$out"
dead=$(($(cat /proc/sys/kernel/pid_max) + 1)) # no process has this id
for f in ".$EXNAME.pdf.$dead.AbC123" ".$EXNAME.xlsx.$dead.x9Y8z7" ".other.pdf.$dead.qwerty" \
	".manifest.csv.$dead.Zz0011" "..phuluc-stamp.$dead.abcdef"; do
	echo stale >"$out/$f"
done
# Not phuluc's, or not dead: these stay.
for f in ".notes.txt" ".$EXNAME.pdf.$$.AbC123" "$EXNAME.pdf.$dead.AbC123" ".photo.jpg.$dead.AbC123" \
	".$EXNAME.pdf.$dead.short"; do
	echo keep >"$out/$f"
done
expect_status "hardening: a build beside stale temporaries" 0 "$PHULUC" build "$EX" -o "$out"
left=$(cd "$out" && ls -A | grep "\.$dead\.[A-Za-z0-9]\{6\}$" | grep -v "^$EXNAME\|photo" | tr '\n' ' ')
[ -z "$left" ] && pass "hardening: temporaries of a dead phuluc are removed" ||
	fail "hardening: temporaries of a dead phuluc are removed" "left: $left"
kept=0
for f in ".notes.txt" ".$EXNAME.pdf.$$.AbC123" "$EXNAME.pdf.$dead.AbC123" ".photo.jpg.$dead.AbC123" \
	".$EXNAME.pdf.$dead.short"; do
	[ -e "$out/$f" ] && kept=$((kept + 1))
done
[ "$kept" = 5 ] && pass "hardening: other files and a live process's temporaries stay" ||
	fail "hardening: other files and a live process's temporaries stay" "$kept of 5 kept"
# A real kill -9 in the middle of a large build, then a run in the same directory.
$PY "$ROOT/tests/fuzz/make_big_job.py" "$HO/big" 3000 >/dev/null
out="$HO/killed"
"$PHULUC" build "$HO/big" -o "$out" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
	[ -n "$(find "$out" -maxdepth 1 -name '.big.pdf.*' 2>/dev/null)" ] && break
	sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
had=$(find "$out" -maxdepth 1 -name '.big.*' | wc -l)
"$PHULUC" build "$EX" -o "$out" >/dev/null 2>&1
left=$(find "$out" -maxdepth 1 -name '.big.*' | wc -l)
if [ "$left" = 0 ]; then
	pass "hardening: after kill -9 the next run removes its temporaries ($had there)"
else
	fail "hardening: after kill -9 the next run removes its temporaries" "$left of $had left"
fi

# ---- (d) batch ---------------------------------------------------------------

root="$HO/root"
mkdir -p "$root"
cp -r "$EX" "$root/ok"
cp -r "$EX" "$root/manifest.csv"
cp -r "$EX" "$root/$(printf 'b\377d\\x')"
out="$HO/bo"
expect_status "hardening: batch with a job named manifest.csv finishes with an error" 1 \
	"$PHULUC" batch "$root" -o "$out" -j 2
[ -f "$out/manifest.csv" ] && [ -f "$out/manifest.json" ] &&
	pass "hardening: the manifest is written though a job is named manifest.csv" ||
	fail "hardening: the manifest is written though a job is named manifest.csv" "$(ls -la "$out")"
expect_grep "hardening: the job named manifest.csv is told why" "manifest" "$TMPROOT/last.err"
if $PY - "$out/manifest.json" <<'EOF'; then
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
names = sorted(j.get("job") for j in jobs)
sys.exit(0 if names == ["b\\xFFd\\\\x", "manifest.csv", "ok"] else "jobs: %r" % names)
EOF
	pass "hardening: a non-UTF-8 job name is kept, escaped, in manifest.json"
else
	fail "hardening: a non-UTF-8 job name is kept, escaped, in manifest.json"
fi
# A second batch into the same OUT stops at once.
expect_status "hardening: a second batch into a locked OUT stops" 3 \
	flock "$out/.phuluc-lock" "$PHULUC" batch "$root" -o "$out"
expect_grep "hardening: a second batch says why it stops" "another phuluc batch" "$TMPROOT/last.err"
# A job with many bad rows: the record a worker sends back is bounded (a job
# stores at most 100 findings of a rule per file, then one "N more like this"),
# the batch prints what check prints, and the manifest counts every error.
$PY "$ROOT/tests/fuzz/make_big_job.py" "$HO/many/bad" 3000 >/dev/null
sed -i 's/"[0-9]*,[0-9][0-9]"/"x"/g' "$HO/many/bad/chi_tieu.csv"
bad_cells=$(grep -o '"x"' "$HO/many/bad/chi_tieu.csv" | wc -l)
"$PHULUC" check "$HO/many/bad" >/dev/null 2>"$HO/many.check"
n_check=$(grep -c '\[' "$HO/many.check")
expect_status "hardening: batch of a job with many bad rows" 1 "$PHULUC" batch "$HO/many" -o "$HO/manyout"
n_batch=$(grep -c '\[' "$TMPROOT/last.err")
errors=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "errors") c = i } NR == 2 { print $c }' "$HO/manyout/manifest.csv")
if [ "$bad_cells" -gt 1100 ] && [ "$n_check" -le 110 ] && [ "$n_batch" = "$n_check" ] &&
	grep -q 'more like this' "$TMPROOT/last.err" && [ "${errors:-0}" -ge "$bad_cells" ]; then
	pass "hardening: a batch record is bounded, says how many more, and the manifest counts all $errors errors"
else
	fail "hardening: a batch record is bounded, says how many more, and the manifest counts all errors" \
		"bad cells: $bad_cells, check: $n_check lines, batch: $n_batch, manifest errors: $errors"
fi

# ---- (e) names, usage, templates, terminal -----------------------------------

rm -rf "$HO/dot"
(cd "$EX" && "$PHULUC" build . -o "$HO/dot" >/dev/null 2>&1)
[ -f "$HO/dot/$EXNAME.pdf" ] && [ -z "$(ls -A "$HO/dot" | grep '^\.')" ] &&
	pass "hardening: build . names the outputs after the directory" ||
	fail "hardening: build . names the outputs after the directory" "$(ls -A "$HO/dot")"
expect_status 'hardening: -o "" is a usage error' 2 "$PHULUC" build "$EX" -o ""
expect_grep 'hardening: -o "" says so' 'output directory is empty' "$TMPROOT/last.err"
expect_status 'hardening: batch -o "" is a usage error' 2 "$PHULUC" batch "$root" -o ""

job="$HO/nan"
cp -r "$EX" "$job"
mkdir -p "$job/templates"
sed 's/tren: 20/tren: nan/' "$ROOT/templates/ke-hoach-chi-tieu.yaml" >"$job/templates/ke-hoach-chi-tieu.yaml"
grep -q 'tren: nan' "$job/templates/ke-hoach-chi-tieu.yaml" || fail "hardening: nan margin test setup" "no tren"
expect_status "hardening: a NaN margin is refused" 2 "$PHULUC" build "$job" -o "$HO/nanout"
expect_grep "hardening: a NaN margin names the template" "ke-hoach-chi-tieu.yaml:" "$TMPROOT/last.err"

job="$HO/ctl"
cp -r "$EX" "$job"
$PY - "$job/lao_dong.csv" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
cells = lines[1].split(",")
cells[-1] = "\x1b[31mred\x07"
lines[1] = ",".join(cells)
open(p, "w", encoding="utf-8").write("\n".join(lines))
EOF
"$PHULUC" check "$job" >/dev/null 2>"$HO/ctl.err"
"$PHULUC" check "$job" --json >"$HO/ctl.json" 2>/dev/null
if grep -q $'\x1b\|\x07' "$HO/ctl.err"; then
	fail "hardening: control characters in findings are shown escaped" "raw ESC or BEL on stderr"
elif grep -qF '\x1b[31mred\x07' "$HO/ctl.err"; then
	pass "hardening: control characters in findings are shown escaped"
else
	fail "hardening: control characters in findings are shown escaped" "$(head -c 400 "$HO/ctl.err")"
fi
$PY -c 'import json,sys; json.load(open(sys.argv[1]))' "$HO/ctl.json" 2>/dev/null &&
	grep -qiF '\u001b[31mred' "$HO/ctl.json" &&
	pass "hardening: --json keeps control characters JSON-escaped" ||
	fail "hardening: --json keeps control characters JSON-escaped" "$(head -c 400 "$HO/ctl.json")"

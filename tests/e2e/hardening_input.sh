# tests/e2e/hardening_input.sh — hostile and unlucky inputs (issue 11, the input half):
# long lines in phuluc.ini, many keys, files outside the job, FIFOs, YAML alias bombs,
# huge templates, a file where every cell is bad, a count that would wrap a rate.
# Each case failed before the fix (wrong line, exit 3, a hang, gigabytes).

EXAMPLE="$ROOT/input/gia-lai-2023-2025"
PROGRESS="$ROOT/input/gia-lai-2025-thuc-hien"

# new_job NAME [SOURCE]: a fresh copy of the example job, printed.
new_job() {
	local d
	d=$(new_tmp "hard-$1")
	cp -r "${2:-$EXAMPLE}" "$d/job"
	chmod -R u+w "$d/job"
	echo "$d/job"
}

# set_key JOB KEY VALUE: replaces the line "KEY = …" of JOB/phuluc.ini (VALUE taken literally).
set_key() {
	$PY - "$1/phuluc.ini" "$2" "$3" <<'PY'
import sys
path, key, value = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
lines = [key + " = " + value if l.split("=")[0].strip() == key else l for l in lines]
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
}

# ---- the job file: no line limit, the right line, linear -----------------------------------

job=$(new_job long-texts)
title=$($PY -c 'print(("Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn tỉnh Gia Lai " * 6)[:320].strip())')
note=$($PY -c 'print(("Tỷ lệ bao phủ chưa bao gồm lực lượng vũ trang đóng chân trên địa bàn; " * 14)[:800] + " CUOIGHICHU")')
set_key "$job" tieu_de "$title"
set_key "$job" ghi_chu "$note"
[ "$(printf %s "$title" | wc -c)" -ge 400 ] && [ "$(printf %s "$note" | wc -c)" -ge 1024 ] &&
	pass "hardening/job: a 400-byte title and a 1 KB note written" || fail "hardening/job: long texts made" ""
expect_status "hardening/job: 400-byte title and 1 KB note build" 0 "$PHULUC" build "$job" -o "$job/../out" --lang en
expect_empty "hardening/job: long texts: no findings" "$TMPROOT/last.err"
if pdftotext "$job/../out/job.pdf" - 2>/dev/null | tr -d '\n' | grep -q "CUOIGHICHU"; then
	pass "hardening/job: the whole 1 KB note is printed"
else
	fail "hardening/job: the whole 1 KB note is printed" "CUOIGHICHU not in the PDF text"
fi

# inih cut lines at 199 bytes: here inside "ệ" (3 bytes), which gave exit 3 "out of memory".
job=$(new_job cut-in-char)
set_key "$job" tieu_de "a$($PY -c 'print("ệ" * 80)')"
expect_status "hardening/job: a line longer than 200 bytes, cut inside a character before, is read" 0 \
	"$PHULUC" check "$job" --lang en
expect_empty "hardening/job: line cut inside a character: no findings" "$TMPROOT/last.err"

# A finding after a long line names its own line (inih counted each 199-byte piece as a line).
job=$(new_job right-line)
set_key "$job" ghi_chu "$note"
set_key "$job" sai_so "abc"
line=$(grep -n '^sai_so' "$job/phuluc.ini" | cut -d: -f1)
expect_status "hardening/job: bad sai_so after a long line: exit 1" 1 "$PHULUC" check "$job" --lang en
expect_grep "hardening/job: bad sai_so after a long line: its own line" "phuluc.ini:$line:kiem_tra.sai_so:" "$TMPROOT/last.err"
expect_no_grep "hardening/job: long line: no false inline-comment warning" "read as a comment" "$TMPROOT/last.err"

# A key given twice: each finding on its own line (line_of found the first one only).
job=$(new_job twice)
printf 'la = 1\nla = 2\n' >>"$job/phuluc.ini"
n=$(wc -l <"$job/phuluc.ini")
"$PHULUC" check "$job" --lang en >/dev/null 2>"$TMPROOT/last.err"
expect_grep "hardening/job: a key given twice: the second on its own line" "phuluc.ini:$n:la:" "$TMPROOT/last.err"

# The inline comment rules stay as they were: ";" after a space starts one, "#" inside a value does not.
job=$(new_job comments)
set_key "$job" so "II #1 ;bỏ đi"
printf '# ghi chú\n  ; ghi chú thụt lề\n' >>"$job/phuluc.ini"
expect_status "hardening/job: comments: exit 0" 0 "$PHULUC" build "$job" -o "$job/../out" --lang en
expect_grep "hardening/job: comments: the cut text is named" 'dropped: " ;bỏ đi"' "$TMPROOT/last.err"
if pdftotext "$job/../out/job.pdf" - 2>/dev/null | grep -q "Phụ lục II #1\$"; then
	pass "hardening/job: comments: '#' inside a value is kept"
else
	fail "hardening/job: comments: '#' inside a value is kept" "$(pdftotext "$job/../out/job.pdf" - | head -3)"
fi

# 10,000 keys took 57 s (each key's line was searched from the top): now well under a second.
job=$(new_job many-keys)
$PY -c '
import sys
f = open(sys.argv[1], "a", encoding="utf-8")
f.write("[them]\n")
for i in range(10000):
    f.write("khoa_%d = gia tri %d\n" % (i, i))' "$job/phuluc.ini"
expect_status "hardening/job: 10,000 unknown keys: read in under 10 s" 0 timeout 10 "$PHULUC" check "$job" --lang en
expect_grep "hardening/job: 10,000 unknown keys: the rest are counted" "9900 more like this in this file" "$TMPROOT/last.err"
n=$(wc -l <"$TMPROOT/last.err")
[ "$n" -le 101 ] && pass "hardening/job: 10,000 unknown keys: 101 lines of findings" ||
	fail "hardening/job: 10,000 unknown keys: 101 lines of findings" "$n lines"

# ---- files outside the job -------------------------------------------------------------------

# outside_case NAME KEY VALUE [SETUP]: KEY = VALUE is a job-file error on that key's line.
outside_case() {
	local name=$1 key=$2 value=$3 setup=${4:-:}
	local job
	job=$(new_job "outside-$name")
	(cd "$job" && eval "$setup")
	set_key "$job" "$key" "$value"
	local line
	line=$(grep -n "^$key =" "$job/phuluc.ini" | cut -d: -f1)
	expect_status "hardening/paths: $name: exit 1" 1 timeout 20 "$PHULUC" check "$job" --lang en
	expect_grep "hardening/paths: $name: job-file error on du_lieu.$key" \
		"phuluc.ini:$line:du_lieu.$key: error:" "$TMPROOT/last.err"
	expect_no_grep "hardening/paths: $name: nothing of the file comes back" "root:" "$TMPROOT/last.err"
}
outside_case dotdot dia_ban "../../../../../../../../etc/passwd"
outside_case absolute lao_dong "/etc/passwd"
outside_case symlink chi_tieu "link.csv" "ln -s /etc/passwd link.csv"
outside_case symlinked-dir chi_tieu "etc/passwd" "ln -s /etc etc"
outside_case dotdot-sap-nhap sap_nhap "../job/../../x.csv" "sed -i 's/^chi_tieu_tinh = .*/&\nsap_nhap = x/' phuluc.ini"
outside_case fifo chi_tieu_tinh "fifo.csv" "mkfifo fifo.csv"
outside_case directory dia_ban "." ":"

# Inside the job, through a subfolder or a symlink that stays inside: still read.
job=$(new_job inside)
mkdir "$job/so-lieu"
mv "$job/dia_ban.csv" "$job/so-lieu/"
ln -s so-lieu/dia_ban.csv "$job/db.csv"
set_key "$job" dia_ban "db.csv"
set_key "$job" lao_dong "so-lieu/../lao_dong.csv"
expect_status "hardening/paths: a symlink and '..' that stay inside are read" 0 "$PHULUC" check "$job" --lang en
expect_empty "hardening/paths: inside: no findings" "$TMPROOT/last.err"

# A FIFO hung batch's digest and its worker forever.
job=$(new_job fifo-batch)
mkfifo "$job/fifo.csv"
set_key "$job" chi_tieu "fifo.csv"
expect_status "hardening/paths: batch with a FIFO as data file does not hang" 1 \
	timeout 30 "$PHULUC" batch "$job" -o "$job/../out" --lang en
expect_grep "hardening/paths: batch with a FIFO: the key is named" "du_lieu.chi_tieu" "$TMPROOT/last.err"

# A job's own template must be inside JOB/templates.
job=$(new_job template-link)
mkdir "$job/templates"
ln -s "$ROOT/templates/ke-hoach-chi-tieu.yaml" "$job/templates/ke-hoach-chi-tieu.yaml"
expect_status "hardening/paths: a job template symlinked outside: exit 2" 2 "$PHULUC" check "$job" --lang en
expect_grep "hardening/paths: a job template symlinked outside: named" "phu_luc.mau = ke-hoach-chi-tieu" "$TMPROOT/last.err"

# ---- templates: size and aliases -------------------------------------------------------------

# 500 bytes of nested aliases (depth 6, 10 per level) took 2.6 GB and 50 s in build.
job=$(new_job alias-bomb)
mkdir "$job/templates"
$PY - "$job/templates/bom.yaml" <<'PY'
import sys
lines = ["cot:", "  - &c0 {tieu_de: X, gia_tri: stt}"]
for d in range(1, 7):
    lines.append("  - &c%d {tieu_de: Y, con: [%s]}" % (d, ", ".join(["*c%d" % (d - 1)] * 10)))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
set_key "$job" mau bom
expect_status "hardening/templates: alias bomb: exit 2 at once" 2 timeout 10 "$PHULUC" build "$job" -o "$job/../out" --lang en
expect_grep "hardening/templates: alias bomb: aliases named" "bom.yaml:3:28: YAML aliases (*c0) are not allowed" "$TMPROOT/last.err"

job=$(new_job big-template)
mkdir "$job/templates"
cp "$ROOT/templates/ke-hoach-chi-tieu.yaml" "$job/templates/lon.yaml"
$PY -c 'import sys; open(sys.argv[1], "a").write(("# " + "x" * 98 + "\n") * 11000)' "$job/templates/lon.yaml"
set_key "$job" mau lon
expect_status "hardening/templates: a template over 1 MiB: exit 2" 2 "$PHULUC" check "$job" --lang en
expect_grep "hardening/templates: a template over 1 MiB: said" "lon.yaml: file larger than 1 MiB" "$TMPROOT/last.err"

# ---- findings bounded --------------------------------------------------------------------------

d=$(new_tmp hard-all-bad)
$PY "$ROOT/tests/fuzz/make_big_job.py" "$d/job" 3000
$PY - "$d/job/chi_tieu.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = [lines[0]] + [",".join(l.split(",")[:2] + ["x"] * 12) for l in lines[1:] if l]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
expect_status "hardening/findings: 36,000 bad cells: exit 1" 1 "$PHULUC" check "$d/job" --lang en
n=$(wc -l <"$TMPROOT/last.err")
[ "$n" -le 200 ] && pass "hardening/findings: 36,000 bad cells: at most 200 lines ($n)" ||
	fail "hardening/findings: 36,000 bad cells: at most 200 lines" "$n lines"
expect_grep "hardening/findings: the rest counted, with the rule" \
	"chi_tieu.csv:10:: error: 35900 more like this in this file, not shown [not-a-number]" "$TMPROOT/last.err"
"$PHULUC" check "$d/job" --json --lang en >"$d/findings.json" 2>/dev/null
if $PY -c '
import json, sys
f = json.load(open(sys.argv[1]))
assert len(f) <= 200, len(f)
assert any(x["message"].startswith("35900 more") for x in f)' "$d/findings.json" 2>"$d/json.err"; then
	pass "hardening/findings: --json bounded too"
else
	fail "hardening/findings: --json bounded too" "$(head -c 300 "$d/json.err")"
fi
"$PHULUC" batch "$d/job" -o "$d/out" --lang en >/dev/null 2>&1
if $PY -c '
import json, sys
m = json.load(open(sys.argv[1]))
jobs = m["jobs"] if isinstance(m, dict) else m
assert any(j.get("errors") == 36000 for j in jobs), jobs' "$d/out/manifest.json" 2>"$d/manifest.err"; then
	pass "hardening/findings: batch's manifest counts every error (36000)"
else
	fail "hardening/findings: batch's manifest counts every error" "$(head -c 300 "$d/manifest.err")"
fi

# ---- a count that would wrap a rate ------------------------------------------------------------

# 200,000,000 participants over a labour force of 689 was printed as -13921202,86% with --draft.
job=$(new_job wrap "$PROGRESS")
sed -i 's/^622,2025-07,[0-9]*,/622,2025-07,200000000,/' "$job/thuc_hien.csv"
sed -i 's/^622,2025,[0-9]*/622,2025,689/' "$job/lao_dong.csv"
expect_status "hardening/overflow: --draft with a huge count: exit 1" 1 "$PHULUC" build "$job" -o "$job/../out" --draft --lang en
if pdftotext "$job/../out/job.pdf" - 2>/dev/null | grep -q -- '-[0-9.]*[0-9]\{5\},[0-9][0-9]%'; then
	fail "hardening/overflow: no wrapped rate in the PDF" "$(pdftotext "$job/../out/job.pdf" - | grep -- '-[0-9.]*[0-9]\{5\},' | head -2)"
else
	pass "hardening/overflow: no wrapped rate in the PDF"
fi

# ---- --draft of a job file that lacks a key ------------------------------------------------------

# A draft is written even with errors, so it must not depend on what the errors left out:
# without phu_luc.tieu_de it crashed (strdup of NULL), without phu_luc.nam it freed a wild
# pointer laying out header cells over no years.
for key in mau so tieu_de kem_theo nam dong_tong ghi_chu; do
	job=$(new_job "draft-no-$key" "$EXAMPLE")
	sed -i "/^$key *=/d" "$job/phuluc.ini"
	"$PHULUC" build "$job" -o "$job/../out-$key" --draft >/dev/null 2>"$job/../draft-$key.err"
	rc=$?
	if [ $rc -le 3 ] && ! grep -q "runtime error\|AddressSanitizer" "$job/../draft-$key.err"; then
		pass "hardening/draft: a draft without phu_luc.$key ends cleanly (exit $rc)"
	else
		fail "hardening/draft: a draft without phu_luc.$key ends cleanly" "exit $rc: $(head -c 300 "$job/../draft-$key.err")"
	fi
done

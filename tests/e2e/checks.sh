# tests/e2e/checks.sh — bad inputs, one defect each, and the finding each must produce.
# Each case copies the Gia Lai job, breaks one thing, and names the rule, file and line
# the finding must carry (and the exit status). Adding a case is adding one line.

EXAMPLE="$ROOT/input/gia-lai-2023-2025"

# bad_case NAME STATUS RULE FILE:LINE EDIT...
#   EDIT is shell run inside the copied job directory.
bad_case() {
	local name=$1 status=$2 rule=$3 where=$4 edit=$5
	local dir
	dir=$(new_tmp "case-$name")
	cp -r "$EXAMPLE" "$dir/job"
	(cd "$dir/job" && eval "$edit")
	"$PHULUC" build "$dir/job" -o "$dir/out" --lang en >"$dir/stdout" 2>"$dir/stderr"
	local got=$?
	if [ "$got" != "$status" ]; then
		fail "checks/$name: exit status" "got $got, want $status: $(head -c 400 "$dir/stderr")"
		return
	fi
	if grep -q "^$dir/job/$where:[^:]*: [a-z]*: .*\[$rule\]\$" "$dir/stderr"; then
		pass "checks/$name: $rule at $where"
	else
		fail "checks/$name: $rule at $where" "stderr: $(head -c 600 "$dir/stderr")"
	fi
	if [ "$status" = 1 ]; then
		if [ -z "$(ls -A "$dir/out" 2>/dev/null)" ]; then pass "checks/$name: nothing written"; else
			fail "checks/$name: nothing written" "$(ls -A "$dir/out")"
		fi
	fi
}

bad_case component-sum 1 component-sum chi_tieu.csv:2 \
	"sed -i '2s/\"41,51\"/\"41,61\"/' chi_tieu.csv"
bad_case not-a-number 1 not-a-number chi_tieu.csv:3 \
	"sed -i '3s/\"15,51\"/\"abc\"/' chi_tieu.csv"
bad_case count-not-a-number 1 not-a-number lao_dong.csv:4 \
	"sed -i '4s/40169/\"40,1\"/' lao_dong.csv"
bad_case ambiguous 1 ambiguous-number chi_tieu.csv:4 \
	"sed -i '4s/\"12,14\"/\"1.214\"/' chi_tieu.csv"
bad_case out-of-range 1 out-of-range chi_tieu.csv:5 \
	"sed -i '5s/\"8,24\"/\"108,24\"/' chi_tieu.csv"
bad_case negative 1 out-of-range lao_dong.csv:6 \
	"sed -i '6s/40610/-40610/' lao_dong.csv"
bad_case missing-value 1 missing-value chi_tieu.csv:6 \
	"sed -i '6s/\"7,00\"/\"\"/' chi_tieu.csv"
bad_case unknown-locality 1 unknown-locality lao_dong.csv:53 \
	"echo '999,2023,5' >>lao_dong.csv"
bad_case missing-locality 1 missing-locality chi_tieu.csv:0 \
	"sed -i '/^639,/d' chi_tieu.csv"
bad_case duplicate-locality 1 duplicate-locality dia_ban.csv:19 \
	"echo '622,Thành phố Pleiku,thanh_pho' >>dia_ban.csv"
bad_case duplicate-labour 1 duplicate-locality lao_dong.csv:53 \
	"echo '622,2023,1' >>lao_dong.csv"
bad_case missing-column 1 missing-column lao_dong.csv:1 \
	"sed -i '1s/luc_luong_lao_dong/llld_x/' lao_dong.csv"
bad_case missing-target-column 1 missing-column chi_tieu.csv:1 \
	"$PY -c 'import csv,sys; r=list(csv.reader(open(\"chi_tieu.csv\"))); csv.writer(open(\"chi_tieu.csv\",\"w\",newline=\"\")).writerows(x[:-1] for x in r)'"
bad_case duplicate-column 1 duplicate-column dia_ban.csv:1 \
	"sed -i '1s/cap/Tên địa bàn/' dia_ban.csv"
bad_case total-row 1 total-row chi_tieu.csv:19 \
	"echo ',Toàn tỉnh,\"14,90\",\"12,23\",\"2,60\",\"15,83\",\"12,55\",\"3,28\",\"16,83\",\"12,88\",\"3,95\",\"9,16\",\"9,54\",\"9,85\"' >>chi_tieu.csv"
bad_case province-target 1 province-target chi_tieu_tinh.csv:7 \
	"sed -i '7s/\"9,85\"/\"9,95\"/' chi_tieu_tinh.csv"
bad_case unterminated-quote 1 csv-syntax chi_tieu.csv:18 \
	"sed -i '18s/\"3,71\"/\"3,71/' chi_tieu.csv"
bad_case ragged-row 1 csv-syntax lao_dong.csv:10 \
	"sed -i '10s/$/,1,2/' lao_dong.csv"
bad_case empty-file 1 csv-syntax dia_ban.csv:1 \
	": >dia_ban.csv"
bad_case invalid-utf8 1 encoding dia_ban.csv:5 \
	"sed -i '5s/Đak/\\xC4\\x3F\\x3Fak/' dia_ban.csv"
bad_case job-file 1 job-file phuluc.ini:0 \
	"sed -i '/^tieu_de/d' phuluc.ini"
# Warnings do not stop the build (exit 0).
bad_case name-mismatch 0 name-mismatch chi_tieu.csv:3 \
	"sed -i '3s/Thị xã An Khê/Thị xã An Kê/' chi_tieu.csv"
bad_case trend 0 trend chi_tieu.csv:2 \
	"sed -i '2s/\"33,63\"/\"33,50\"/' chi_tieu.csv; sed -i 's/^sai_so = .*/sai_so = 0,5/' phuluc.ini"
bad_case bhtn-exceeds-compulsory 0 bhtn-exceeds-compulsory chi_tieu.csv:10 \
	"sed -i '10s/\"3,41\",\"3,86\",\"4,24\"$/\"3,41\",\"3,86\",\"6,40\"/' chi_tieu.csv"
bad_case unknown-column 0 unknown-column dia_ban.csv:1 \
	"sed -i '1s/$/,ghi_chu/; 2,\$s/$/,x/' dia_ban.csv"

# The province-target message gives the gap in people; compute it here independently.
dir="$TMPROOT/case-province-target"
want=$($PY - "$dir/job" <<'PY'
import csv, sys, math
d = sys.argv[1]
lab = {(r['ma'], r['nam']): int(r['luc_luong_lao_dong']) for r in csv.DictReader(open(d + '/lao_dong.csv'))}
rows = list(csv.DictReader(open(d + '/chi_tieu.csv')))
num = sum(round(float(r['bhtn_2025'].replace(',', '.')) * 100) * lab[(r['ma'], '2025')] for r in rows)
den = sum(lab[(r['ma'], '2025')] for r in rows)
gap = math.ceil((995 * den - num) / 10000)
print(f"{gap:,}".replace(',', '.'))
PY
)
expect_grep "checks/province-target: gap of $want people" "$want more participants" "$dir/stderr"

# Three defects in three files: all reported in one run, exit 1, nothing written.
dir=$(new_tmp three-defects)
cp -r "$EXAMPLE" "$dir/job"
sed -i '2s/"41,51"/"41,61"/' "$dir/job/chi_tieu.csv"
echo '999,2023,5' >>"$dir/job/lao_dong.csv"
sed -i '7s/"9,85"/"9,95"/' "$dir/job/chi_tieu_tinh.csv"
"$PHULUC" build "$dir/job" -o "$dir/out" --json >"$dir/findings.json" 2>"$dir/stderr"
status=$?
[ "$status" = 1 ] && pass "checks/three-defects: exit 1" || fail "checks/three-defects: exit 1" "got $status"
$PY - "$dir/findings.json" <<'PY' && pass "checks/three-defects: JSON lists all three" || fail "checks/three-defects: JSON lists all three" "$(cat "$dir/findings.json")"
import json, sys
f = json.load(open(sys.argv[1]))
assert all(set(x) == {'file', 'line', 'column', 'severity', 'rule', 'message'} for x in f), f
got = sorted((x['file'].rsplit('/', 1)[1], x['line'], x['rule']) for x in f if x['severity'] == 'error')
assert got == [('chi_tieu.csv', 2, 'component-sum'), ('chi_tieu_tinh.csv', 7, 'province-target'),
               ('lao_dong.csv', 53, 'unknown-locality')], got
PY
[ -z "$(ls -A "$dir/out" 2>/dev/null)" ] && pass "checks/three-defects: nothing written" ||
	fail "checks/three-defects: nothing written" "$(ls -A "$dir/out")"

# Vietnamese by default, English with LANG=C.
dir="$TMPROOT/case-component-sum"
LANG=vi_VN.UTF-8 LC_ALL= "$PHULUC" check "$dir/job" 2>"$dir/vi.txt"
expect_grep "checks: Vietnamese message" "lỗi: Thành phố Pleiku năm 2023: BHXH 41,61% khác BHXH bắt buộc 38,73% + tự nguyện 2,78% = 41,51% [component-sum]" "$dir/vi.txt"
LANG=C LC_ALL= "$PHULUC" check "$dir/job" 2>"$dir/en.txt"
expect_grep "checks: English with LANG=C" "error: Thành phố Pleiku, 2023: BHXH 41,61% differs from compulsory 38,73% + voluntary 2,78% = 41,51% [component-sum]" "$dir/en.txt"

# A clerk's headers: Vietnamese names, other order, ';' delimiter, BOM, CRLF.
dir=$(new_tmp clerk-headers)
cp -r "$EXAMPLE" "$dir/job"
$PY - "$dir/job" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.reader(open(d + '/dia_ban.csv', encoding='utf-8')))
out = open(d + '/dia_ban.csv', 'w', encoding='utf-8-sig', newline='')
w = csv.writer(out, delimiter=';', lineterminator='\r\n')
w.writerow(['Tên địa bàn', 'Mã', 'Cấp'])
for r in rows[1:]:
    w.writerow([r[1], r[0], r[2]])
out.close()
rows = list(csv.reader(open(d + '/chi_tieu.csv', encoding='utf-8')))
names = {'bhxh': 'BHXH', 'bhxh_bb': 'BHXH bắt buộc', 'bhxh_tn': 'BHXH tự nguyện', 'bhtn': 'BHTN'}
head = ['Mã', 'Tên địa bàn'] + [names[h.rsplit('_', 1)[0]] + ' ' + h.rsplit('_', 1)[1] for h in rows[0][2:]]
out = open(d + '/chi_tieu.csv', 'w', encoding='utf-8', newline='')
w = csv.writer(out, delimiter=';', lineterminator='\r\n')
w.writerow(head)
for r in rows[1:]:
    w.writerow(r)
out.close()
PY
expect_status "checks/clerk headers, ';', BOM, CRLF: accepted" 0 "$PHULUC" check "$dir/job"
expect_empty "checks/clerk headers: no findings" "$TMPROOT/last.err"

# Long-form chi_tieu gives the same result as wide.
dir=$(new_tmp long-form)
cp -r "$EXAMPLE" "$dir/job"
$PY - "$dir/job" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + '/chi_tieu.csv', encoding='utf-8')))
w = csv.writer(open(d + '/chi_tieu.csv', 'w', encoding='utf-8', newline=''))
w.writerow(['ma', 'nam', 'chi_so', 'gia_tri'])
for r in rows:
    for k, v in r.items():
        if k not in ('ma', 'ten'):
            ind, year = k.rsplit('_', 1)
            w.writerow([r['ma'], year, ind, v])
PY
expect_status "checks/long-form chi_tieu accepted" 0 "$PHULUC" check "$dir/job"
expect_empty "checks/long-form: no findings" "$TMPROOT/last.err"

# inih drops " ; …" from a value as a comment: the clerk is told, with the line.
bad_case ini-inline-comment 0 job-file phuluc.ini:$(grep -n '^ghi_chu' "$EXAMPLE/phuluc.ini" | cut -d: -f1) \
	"sed -i 's/^ghi_chu = .*/ghi_chu = phần một ; phần hai/' phuluc.ini"

# A job that does not name its labour-force file cannot weight the total row: an error, not blank cells.
bad_case job-without-labour 1 job-file phuluc.ini:0 "sed -i '/^lao_dong = /d' phuluc.ini"

# tests/e2e/progress.sh — the monthly progress report (template bao-cao-thuc-hien, issue 5).
# The example job is built, then tests/progress_check.py recomputes every figure from the CSV
# files alone and finds it in the XLSX (openpyxl), the PDF text (pdftotext), the charts and
# tom_tat.txt. Then one bad input per rule, as in checks.sh.

PROGRESS="$ROOT/input/gia-lai-2025-thuc-hien"
NAME=gia-lai-2025-thuc-hien

dir=$(new_tmp progress-example)
cp -r "$PROGRESS" "$dir/$NAME"
chmod -R u+w "$dir/$NAME"
expect_status "progress: example builds" 0 "$PHULUC" build "$dir/$NAME" -o "$dir/out"
expect_empty "progress: example has no findings" "$TMPROOT/last.err"
for f in pdf xlsx tom_tat.txt; do
	[ -s "$dir/out/$NAME.$f" ] && pass "progress: $NAME.$f written" || fail "progress: $NAME.$f written" ""
done
if $PY "$ROOT/tests/progress_check.py" "$dir/$NAME" "$dir/out" "$NAME" >"$dir/check.txt" 2>&1; then
	pass "progress: rates, gaps, people needed, changes, totals, charts and summary as computed independently"
else
	fail "progress: figures as computed independently" "$(head -c 1500 "$dir/check.txt")"
fi

# openpyxl itself loads the charts: bar charts whose series point at the table's sheet.
if $PY - "$dir/out/$NAME.xlsx" >"$dir/charts.txt" 2>&1 <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
charts = [(ws.title, c) for ws in wb.worksheets for c in ws._charts]
assert charts, "no chart"
for title, c in charts:
    assert type(c).__name__ == "BarChart", type(c).__name__
    refs = [s.val.numRef.f for s in c.series]
    assert len(refs) >= 2 and all(wb.worksheets[0].title in r for r in refs), refs
print(len(charts), "charts")
PYEOF
then pass "progress: openpyxl loads the XLSX bar charts, series on the table"; else
	fail "progress: openpyxl loads the XLSX bar charts" "$(head -c 600 "$dir/charts.txt")"
fi

# The checker notices a wrong figure: one count changed in the job, outputs left as they were.
sed -i '36s/^622,2025-07,\([0-9]*\),/622,2025-07,1\1,/' "$dir/$NAME/thuc_hien.csv"
if $PY "$ROOT/tests/progress_check.py" "$dir/$NAME" "$dir/out" "$NAME" >"$dir/check2.txt" 2>&1; then
	fail "progress: checker fails on a wrong figure" "it passed"
else
	pass "progress: checker fails on a wrong figure"
fi

# The summary reads as a clerk writes it: the first sentence, word for word up to the figures.
expect_grep "progress: tom_tat opens with the date" "Tính đến ngày 31/7/2025, số người tham gia BHXH là " \
	"$dir/out/$NAME.tom_tat.txt"

# One period only: no change column, no "so với tháng" in the summary.
dir=$(new_tmp progress-one-period)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i '/,2025-0[56],/d' "$dir/job/thuc_hien.csv"
expect_status "progress: one period builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
pdftotext -layout "$dir/out/job.pdf" "$dir/out/job.txt"
expect_no_grep "progress: one period, no change column" "so với tháng" "$dir/out/job.txt"
expect_no_grep "progress: one period, no change in the summary" "so với tháng" "$dir/out/job.tom_tat.txt"

# phu_luc.ky picks an earlier period: its figures, change against the month before it.
dir=$(new_tmp progress-period)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i 's/^ky = .*/ky = 6\/2025/' "$dir/job/phuluc.ini"
expect_status "progress: phu_luc.ky = 6/2025 builds" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
expect_grep "progress: phu_luc.ky picks June" "Tính đến ngày 30/6/2025" "$dir/out/job.tom_tat.txt"
expect_grep "progress: change against May" "so với tháng 5/2025" "$dir/out/job.tom_tat.txt"

# progress_case NAME STATUS RULE FILE:LINE EDIT: like checks.sh's bad_case, on the progress job.
progress_case() {
	local name=$1 status=$2 rule=$3 where=$4 edit=$5
	local d
	d=$(new_tmp "progress-case-$name")
	cp -r "$PROGRESS" "$d/job"
	chmod -R u+w "$d/job"
	(cd "$d/job" && eval "$edit")
	"$PHULUC" build "$d/job" -o "$d/out" --lang en >"$d/stdout" 2>"$d/stderr"
	local got=$?
	if [ "$got" != "$status" ]; then
		fail "progress/$name: exit status" "got $got, want $status: $(head -c 400 "$d/stderr")"
		return
	fi
	if grep -q "^$d/job/$where:[^:]*: [a-z]*: .*\[$rule\]\$" "$d/stderr"; then
		pass "progress/$name: $rule at $where"
	else
		fail "progress/$name: $rule at $where" "stderr: $(head -c 600 "$d/stderr")"
	fi
	if [ "$status" = 1 ]; then
		if [ -z "$(ls -A "$d/out" 2>/dev/null)" ]; then pass "progress/$name: nothing written"; else
			fail "progress/$name: nothing written" "$(ls -A "$d/out")"
		fi
	fi
}

# Line 36 is Thành phố Pleiku in 2025-07 (labour force 2025: 147.145); line 19 the same in 2025-06.
progress_case exceeds-labour-force 1 exceeds-labour-force thuc_hien.csv:36 \
	"sed -i '36s/^622,2025-07,[0-9]*,/622,2025-07,150000,/' thuc_hien.csv"
progress_case components-exceed-labour-force 1 exceeds-labour-force thuc_hien.csv:36 \
	"sed -i '36s/^622,2025-07,[0-9]*,[0-9]*,/622,2025-07,100000,50000,/' thuc_hien.csv"
progress_case bhtn-above-compulsory 0 bhtn-exceeds-compulsory thuc_hien.csv:36 \
	"sed -i '36s/,[0-9]*\$/,70000/' thuc_hien.csv"
progress_case bad-period 1 bad-period thuc_hien.csv:36 \
	"sed -i '36s/2025-07/2025-13/' thuc_hien.csv"
progress_case bad-period-text 1 bad-period thuc_hien.csv:37 \
	"sed -i '37s/2025-07/tháng bảy/' thuc_hien.csv"
progress_case period-outside-plan 1 period-outside-plan thuc_hien.csv:2 \
	"sed -i 's/2025-05/2022-05/' thuc_hien.csv"
progress_case sudden-drop 0 sudden-drop thuc_hien.csv:36 \
	"sed -i '36s/^622,2025-07,[0-9]*,/622,2025-07,50000,/' thuc_hien.csv"
progress_case component-sum 1 component-sum thuc_hien.csv:36 \
	"sed -i '1s/\$/,bhxh/; 2,\$s/\$/,1/' thuc_hien.csv"
progress_case missing-locality 1 missing-locality thuc_hien.csv:0 \
	"sed -i '/^639,2025-06,/d' thuc_hien.csv"
progress_case duplicate-row 1 duplicate-locality thuc_hien.csv:53 \
	"sed -n '36p' thuc_hien.csv >>thuc_hien.csv"
progress_case not-a-number 1 not-a-number thuc_hien.csv:20 \
	"sed -i '20s/^623,2025-06,[0-9]*,/623,2025-06,abc,/' thuc_hien.csv"
progress_case missing-column 1 missing-column thuc_hien.csv:1 \
	"cut -d, -f1,2,4,5 thuc_hien.csv >t && mv t thuc_hien.csv"
progress_case no-thuc-hien 1 job-file phuluc.ini:0 \
	"sed -i '/^thuc_hien/d' phuluc.ini"
progress_case reported-period-absent 1 bad-period phuluc.ini:0 \
	"sed -i 's/^ky = .*/ky = 2025-08/' phuluc.ini"

# A clerk's headers: Mã, Kỳ, BHXH bắt buộc … and periods written 7/2025.
dir=$(new_tmp progress-clerk-headers)
cp -r "$PROGRESS" "$dir/job"
chmod -R u+w "$dir/job"
sed -i '1s/.*/Mã,Kỳ báo cáo,BHXH bắt buộc,BHXH tự nguyện,Bảo hiểm thất nghiệp/; s/,2025-0\([567]\),/,\1\/2025,/' \
	"$dir/job/thuc_hien.csv"
expect_status "progress: clerk headers and 7/2025 periods build" 0 "$PHULUC" build "$dir/job" -o "$dir/out"
expect_empty "progress: clerk headers, no findings" "$TMPROOT/last.err"
cmp -s "$dir/out/job.tom_tat.txt" "$TMPROOT/progress-example/out/$NAME.tom_tat.txt" &&
	pass "progress: clerk headers give the same summary" ||
	fail "progress: clerk headers give the same summary" "$(diff "$dir/out/job.tom_tat.txt" "$TMPROOT/progress-example/out/$NAME.tom_tat.txt" | head -5)"

# The monthly batch: one job per province and period, through `phuluc batch` like any other job.
dir=$(new_tmp progress-batch)
for m in 06 07; do
	mkdir -p "$dir/tree/gia-lai"
	cp -r "$PROGRESS" "$dir/tree/gia-lai/2025-$m"
	chmod -R u+w "$dir/tree/gia-lai/2025-$m"
	sed -i "s/^ky = .*/ky = 2025-$m/" "$dir/tree/gia-lai/2025-$m/phuluc.ini"
done
expect_status "progress: monthly tree through phuluc batch" 0 "$PHULUC" batch "$dir/tree" -o "$dir/out"
for m in 06 07; do
	for f in pdf xlsx tom_tat.txt; do
		expect_grep "progress: batch manifest lists 2025-$m.$f" "gia-lai/2025-$m/2025-$m.$f" "$dir/out/manifest.csv"
	done
done
expect_grep "progress: batch June summary" "Tính đến ngày 30/6/2025" "$dir/out/gia-lai/2025-06/2025-06.tom_tat.txt"
expect_grep "progress: batch July summary" "Tính đến ngày 31/7/2025" "$dir/out/gia-lai/2025-07/2025-07.tom_tat.txt"

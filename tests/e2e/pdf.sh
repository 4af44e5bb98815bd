# tests/e2e/pdf.sh — the PDF read back with poppler and qpdf: text, fonts, layout, pages, determinism.
EXAMPLE="$ROOT/input/gia-lai-2023-2025"
TOTAL="Toàn tỉnh 14,83% 12,23% 2,60% 15,83% 12,55% 3,28% 16,83% 12,88% 3,95% 9,16% 9,54% 9,85%"
HEADER="Tỷ lệ % trên lực lượng lao động trong độ tuổi"
CHECK="$PY $ROOT/tests/pdf_check.py"

# check_cmd NAME CMD...: CMD exits 0 (its output shown on failure).
check_cmd() {
	local name=$1
	shift
	if "$@" >"$TMPROOT/cmd.out" 2>&1; then pass "$name"; else fail "$name" "$(tail -c 600 "$TMPROOT/cmd.out")"; fi
}

# poppler and qpdf read a PDF without a word of complaint.
readers_clean() { # readers_clean NAME PDF
	local name=$1 pdf=$2 errs="$TMPROOT/readers.err"
	: >"$errs"
	pdffonts "$pdf" >"$TMPROOT/fonts.txt" 2>>"$errs"
	pdftotext "$pdf" /dev/null 2>>"$errs"
	pdfinfo "$pdf" >/dev/null 2>>"$errs"
	pdftoppm -r 30 -png "$pdf" "$TMPROOT/render" 2>>"$errs"
	expect_empty "$name: poppler prints no warning" "$errs"
	check_cmd "$name: qpdf --check" qpdf --check "$pdf"
	if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") {bad = 1}
		END {exit bad || NR < 5}' "$TMPROOT/fonts.txt"; then
		pass "$name: three fonts, embedded, subset, with ToUnicode"
	else
		fail "$name: three fonts, embedded, subset, with ToUnicode" "$(cat "$TMPROOT/fonts.txt")"
	fi
}

dir=$(new_tmp pdf)
expect_status "pdf: build the example" 0 "$PHULUC" build "$EXAMPLE" -o "$dir/a"
pdf="$dir/a/gia-lai-2023-2025.pdf"
readers_clean "pdf: example" "$pdf"
check_cmd "pdf: 17 rows with their 12 values, then the computed total" \
	$CHECK rows "$pdf" "$EXAMPLE/chi_tieu.csv" "$EXAMPLE/dia_ban.csv" "$TOTAL"
pdftotext -layout "$pdf" "$dir/a.txt"
expect_grep "pdf: the title in upper case" "CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI GIAI ĐOẠN NĂM 2023 - 2025 TRÊN ĐỊA" "$dir/a.txt"
expect_grep "pdf: heading" "Phụ lục" "$dir/a.txt"
expect_grep "pdf: Kèm theo line in parentheses" "(Kèm theo Kế hoạch số:" "$dir/a.txt"
expect_grep "pdf: note under the table" "Ghi chú: Tỷ lệ bao phủ BHXH, BHTN chưa bao gồm" "$dir/a.txt"
check_cmd "pdf: example text inside the margins, no overlap" $CHECK inside "$pdf"
pdfinfo "$pdf" >"$dir/info.txt"
expect_grep "pdf: A4 landscape" "Page size:       841.89 x 595.276 pts (A4)" "$dir/info.txt"
expect_grep "pdf: Vietnamese title in the metadata" "Title:           Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội" "$dir/info.txt"
expect_no_grep "pdf: no date without SOURCE_DATE_EPOCH" "CreationDate" "$dir/info.txt"

# Byte-identical for identical input; SOURCE_DATE_EPOCH is the only date written.
"$PHULUC" build "$EXAMPLE" -o "$dir/b" 2>/dev/null
check_cmd "pdf: two builds byte-identical (PDF)" cmp "$pdf" "$dir/b/gia-lai-2023-2025.pdf"
check_cmd "pdf: two builds byte-identical (XLSX)" cmp "$dir/a/gia-lai-2023-2025.xlsx" "$dir/b/gia-lai-2023-2025.xlsx"
SOURCE_DATE_EPOCH=1700000000 "$PHULUC" build "$EXAMPLE" -o "$dir/c" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 "$PHULUC" build "$EXAMPLE" -o "$dir/d" 2>/dev/null
pdfinfo -isodates "$dir/c/gia-lai-2023-2025.pdf" >"$dir/info-c.txt"
expect_grep "pdf: SOURCE_DATE_EPOCH is the creation date" "2023-11-14T22:13:20" "$dir/info-c.txt"
check_cmd "pdf: byte-identical with SOURCE_DATE_EPOCH" cmp "$dir/c/gia-lai-2023-2025.pdf" "$dir/d/gia-lai-2023-2025.pdf"

# Draft: the mark on every page.
expect_status "pdf: --draft build" 0 "$PHULUC" build "$EXAMPLE" -o "$dir/draft" --draft
pages=$(pdfinfo "$dir/draft/gia-lai-2023-2025.pdf" | awk '/^Pages:/ {print $2}')
marked=$(pdftotext "$dir/draft/gia-lai-2023-2025.pdf" - | tr '\f' '\n' | grep -c "DỰ THẢO")
[ "$pages" -ge 1 ] && [ "$marked" -ge "$pages" ] && pass "pdf: DỰ THẢO on every page ($marked/$pages)" ||
	fail "pdf: DỰ THẢO on every page" "$marked marks, $pages pages"
expect_no_grep "pdf: no draft mark on the final annex" "DỰ THẢO" "$dir/a.txt"

# Diacritics drawn: Ệ must carry visibly more ink than E (libharu drops composite parts with some fonts).
cp -r "$EXAMPLE" "$dir/glyphs"
sed -i '2s/Thành phố Pleiku/E/; 3s/Thị xã An Khê/Ệ/' "$dir/glyphs/dia_ban.csv" "$dir/glyphs/chi_tieu.csv"
"$PHULUC" build "$dir/glyphs" -o "$dir/glyphs-out" 2>/dev/null
check_cmd "pdf: Ệ drawn with its marks (ink test)" $CHECK ink "$dir/glyphs-out/glyphs.pdf" E Ệ
sed -i '2s/^622,E,/622,O,/; 3s/Ệ/Ỡ/' "$dir/glyphs/dia_ban.csv" "$dir/glyphs/chi_tieu.csv"
sed -i '2s/^622,E,/622,O,/' "$dir/glyphs/chi_tieu.csv"
"$PHULUC" build "$dir/glyphs" -o "$dir/glyphs-out" 2>/dev/null
check_cmd "pdf: Ỡ drawn with its marks (ink test)" $CHECK ink "$dir/glyphs-out/glyphs.pdf" O Ỡ
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then
	# The test must notice a font that loses marks: DejaVu through libharu 2.3.0 does.
	mkdir -p "$dir/dejavu"
	for f in Regular Bold Italic; do ln -sf /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf "$dir/dejavu/LiberationSerif-$f.ttf"; done
	"$PHULUC" build "$dir/glyphs" -o "$dir/glyphs-dejavu" --font-dir "$dir/dejavu" 2>/dev/null
	if $CHECK ink "$dir/glyphs-dejavu/glyphs.pdf" O Ỡ >/dev/null 2>&1; then
		fail "pdf: the ink test notices DejaVu losing marks" "it passed"
	else pass "pdf: the ink test notices DejaVu losing marks"; fi
fi

# A missing font or unwritable output: exit 3, nothing written.
expect_status "pdf: missing font is an I/O failure" 3 "$PHULUC" build "$EXAMPLE" -o "$dir/nofont" --font-dir "$dir/none"
[ ! -e "$dir/nofont/gia-lai-2023-2025.pdf" ] && [ -z "$(ls -A "$dir/nofont" 2>/dev/null)" ] &&
	pass "pdf: missing font leaves nothing" || fail "pdf: missing font leaves nothing" "$(ls -A "$dir/nofont")"

# 135 communes: pages, header on each, numbers from page 2, total row not alone, all rows in order.
$PY "$ROOT/tests/make_job.py" "$dir/big" 135
expect_status "pdf: build a 135-commune job" 0 "$PHULUC" build "$dir/big" -o "$dir/big-out"
big="$dir/big-out/big.pdf"
readers_clean "pdf: 135 communes" "$big"
check_cmd "pdf: 135 communes, rows and total in order" $CHECK rows "$big" "$dir/big/chi_tieu.csv" "$dir/big/dia_ban.csv" "$(cat "$dir/big/expected_total.txt")"
check_cmd "pdf: 135 communes, header and page number on every page" $CHECK pages "$big" "$HEADER"
check_cmd "pdf: 135 communes, text inside the margins" $CHECK inside "$big"

# Every size from 10 to 60 communes: wherever the page breaks fall, the total row is never alone.
if [ "$VARIANT" = release ]; then
	bad=""
	for n in $(seq 10 60); do
		$PY "$ROOT/tests/make_job.py" "$dir/n$n" "$n" "$n"
		"$PHULUC" build "$dir/n$n" -o "$dir/n$n-out" 2>/dev/null || bad="$bad $n(build)"
		$CHECK pages "$dir/n$n-out/n$n.pdf" "$HEADER" >/dev/null 2>&1 ||
			{ [ "$(pdfinfo "$dir/n$n-out/n$n.pdf" | awk '/^Pages:/ {print $2}')" -gt 1 ] && bad="$bad $n"; }
	done
	[ -z "$bad" ] && pass "pdf: 10–60 communes, total row never alone" || fail "pdf: 10–60 communes, total row never alone" "$bad"
fi

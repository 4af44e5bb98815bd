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
readers_clean() { # readers_clean NAME PDF [FONTS]: FONTS faces on its pages (default 3)
	local name=$1 pdf=$2 errs="$TMPROOT/readers.err" nfonts=${3:-3}
	: >"$errs"
	pdffonts "$pdf" >"$TMPROOT/fonts.txt" 2>>"$errs"
	pdftotext "$pdf" /dev/null 2>>"$errs"
	pdfinfo "$pdf" >/dev/null 2>>"$errs"
	pdftoppm -r 30 -png "$pdf" "$TMPROOT/render" 2>>"$errs"
	expect_empty "$name: poppler prints no warning" "$errs"
	check_cmd "$name: qpdf --check" qpdf --check "$pdf"
	if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") {bad = 1}
		END {exit bad || NR != n + 2}' n="$nfonts" "$TMPROOT/fonts.txt"; then
		pass "$name: $nfonts fonts, embedded, subset, with ToUnicode"
	else
		fail "$name: $nfonts fonts, embedded, subset, with ToUnicode" "$(cat "$TMPROOT/fonts.txt")"
	fi
}

# A short rule, centred, between the "(Kèm theo …)" line and the table (rasterised at 72 dpi, 1 px = 1 pt).
rule_under_kem_theo() { # rule_under_kem_theo PDF
	$PY - "$1" <<'EOF'
import re, subprocess, sys
pdf = sys.argv[1]
bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"], capture_output=True, text=True,
                      check=True).stdout
pw = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
kem = [float(y) for y in re.findall(r'yMax="([\d.]+)"[^>]*>\(Kèm<', bbox)]
if not kem:
    sys.exit("no '(Kèm' word on page 1")
pgm = subprocess.run(["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", pdf], capture_output=True,
                     check=True).stdout
_, dims, _, px = pgm.split(b"\n", 3)
w, h = map(int, dims.split())
left, right = 30 * 72 / 25.4, pw - 15 * 72 / 25.4
text_w = right - left
for y in range(int(kem[0]) + 1, min(h, int(kem[0]) + 30)):
    dark = [x for x in range(w) if px[y * w + x] < 160]
    if not dark:
        continue
    length = dark[-1] - dark[0] + 1
    if length >= 0.8 * text_w:
        break  # the table's top border: no rule before it
    if len(dark) == length and 0.15 * text_w <= length <= 0.45 * text_w and \
            abs((dark[0] + dark[-1]) / 2 - (left + right) / 2) < 6:
        sys.exit(0)
sys.exit("no short centred rule between the Kèm theo line and the table")
EOF
}

# ---- The documents test_render_pdf built by hand (tests/tmp/render_pdf) ----
UNIT="$ROOT/tests/tmp/render_pdf"
UNIT_HEADER="Tỷ lệ % trên lực lượng lao động trong độ tuổi"
if [ ! -f "$UNIT/annex.pdf" ]; then
	fail "pdf: unit PDFs present" "run build/tests/render/test_render_pdf first (tests/run.sh does)"
else
	readers_clean "pdf unit: annex" "$UNIT/annex.pdf"
	readers_clean "pdf unit: 135 rows" "$UNIT/long.pdf"
	readers_clean "pdf unit: draft" "$UNIT/draft.pdf"
	readers_clean "pdf unit: glyphs" "$UNIT/glyphs.pdf" 2
	readers_clean "pdf unit: shrunk type" "$UNIT/wide.pdf" 2
	check_cmd "pdf unit: annex written twice is byte-identical" cmp "$UNIT/annex.pdf" "$UNIT/annex2.pdf"

	pdftotext -layout "$UNIT/annex.pdf" - | tr -s ' ' >"$TMPROOT/unit-annex.txt"
	expect_grep "pdf unit: first row, numbers Vietnamese style" "1 Thành phố Pleiku 41,51% 4,00% 7,50% 4,40% 2,00% 2,31% 264.650" "$TMPROOT/unit-annex.txt"
	expect_grep "pdf unit: total row figures extract" "Toàn tỉnh 14,83% 14,83% 14,83% 14,83% 14,83% 14,83% 1.234.567" "$TMPROOT/unit-annex.txt"
	expect_no_grep "pdf unit: the column outside the print area is not drawn" "123.456.789" "$TMPROOT/unit-annex.txt"
	expect_no_grep "pdf unit: nor its header" "Dữ liệu ẩn" "$TMPROOT/unit-annex.txt"
	expect_grep "pdf unit: wrapped title" "CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI, BẢO HIỂM THẤT NGHIỆP" "$TMPROOT/unit-annex.txt"
	expect_grep "pdf unit: heading" "Phụ lục II" "$TMPROOT/unit-annex.txt"
	expect_grep "pdf unit: note under the table" "Ghi chú: Tỷ lệ bao phủ BHXH, BHTN" "$TMPROOT/unit-annex.txt"
	expect_no_grep "pdf unit: no draft mark on a final annex" "DỰ THẢO" "$TMPROOT/unit-annex.txt"
	check_cmd "pdf unit: a short rule under the Kèm theo line" rule_under_kem_theo "$UNIT/annex.pdf"
	if rule_under_kem_theo "$UNIT/glyphs.pdf" >/dev/null 2>&1; then
		fail "pdf unit: the rule check fails on a page without one" "it passed on glyphs.pdf"
	else pass "pdf unit: the rule check fails on a page without one"; fi
	check_cmd "pdf unit: annex text inside the margins, no overlap" $CHECK inside "$UNIT/annex.pdf"

	pdfinfo "$UNIT/annex.pdf" >"$TMPROOT/unit-info.txt"
	expect_grep "pdf unit: landscape A4" "Page size:       841.89 x 595.276 pts (A4)" "$TMPROOT/unit-info.txt"
	expect_grep "pdf unit: Vietnamese title" "Title:           Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội (thử nghiệm)" "$TMPROOT/unit-info.txt"
	expect_grep "pdf unit: Vietnamese subject" "Subject:         Phụ lục kèm theo Kế hoạch" "$TMPROOT/unit-info.txt"
	expect_grep "pdf unit: Vietnamese author" "Author:          Ủy ban nhân dân tỉnh Gia Lai" "$TMPROOT/unit-info.txt"
	pdfinfo -isodates "$UNIT/annex.pdf" >"$TMPROOT/unit-info-iso.txt"
	expect_grep "pdf unit: creation date from doc->created" "2023-11-14T22:13:20" "$TMPROOT/unit-info-iso.txt"
	pdfinfo "$UNIT/wide.pdf" >"$TMPROOT/unit-info-wide.txt"
	expect_grep "pdf unit: portrait A4" "Page size:       595.276 x 841.89 pts (A4)" "$TMPROOT/unit-info-wide.txt"

	pages=$(pdfinfo "$UNIT/long.pdf" | awk '/^Pages:/ {print $2}')
	[ "${pages:-0}" -ge 3 ] && pass "pdf unit: 135 rows take several pages ($pages)" || fail "pdf unit: 135 rows take several pages" "$pages"
	check_cmd "pdf unit: 135 rows, header and page number on every page, total not alone" $CHECK pages "$UNIT/long.pdf" "$UNIT_HEADER"
	check_cmd "pdf unit: 135 rows, text inside the margins" $CHECK inside "$UNIT/long.pdf"
	pdftotext -layout "$UNIT/long.pdf" - | tr -s ' ' >"$TMPROOT/unit-long.txt"
	expect_grep "pdf unit: the last body row" "135 Huyện Chư Păh 135" "$TMPROOT/unit-long.txt"

	pages=$(pdfinfo "$UNIT/draft.pdf" | awk '/^Pages:/ {print $2}')
	missing=""
	for i in $(seq 1 "${pages:-0}"); do
		pdftotext -f "$i" -l "$i" "$UNIT/draft.pdf" - | grep -q "DỰ THẢO" || missing="$missing $i"
	done
	[ "${pages:-0}" -ge 2 ] && [ -z "$missing" ] && pass "pdf unit: DỰ THẢO on each of the $pages draft pages" ||
		fail "pdf unit: DỰ THẢO on every draft page" "pages $pages, missing on:$missing"

	for pair in "E Ệ" "E Ế" "O Ỡ" "A Ặ"; do
		# shellcheck disable=SC2086
		check_cmd "pdf unit: ink test ${pair#* } vs ${pair% *}" $CHECK ink "$UNIT/glyphs.pdf" $pair
	done
	if $CHECK ink "$UNIT/glyphs.pdf" E E >/dev/null 2>&1; then
		fail "pdf unit: the ink test fails on equal letters" "E vs E passed"
	else pass "pdf unit: the ink test fails on equal letters"; fi

	check_cmd "pdf unit: shrunk type stays inside its cells" $CHECK inside "$UNIT/wide.pdf"
	pdftotext -layout "$UNIT/wide.pdf" - | tr -s ' ' >"$TMPROOT/unit-wide.txt"
	expect_grep "pdf unit: shrunk table's last column extracts" "1.356.355 1.395.950" "$TMPROOT/unit-wide.txt"
fi

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
# One file for two faces is one font: the codes drawn in either face are all mapped to glyphs
# (with the regular file as bold, the text drawn only in regular once came out with holes).
mkdir -p "$dir/shared"
FONT_DIR=${PHULUC_FONT_DIR:-/usr/share/fonts/truetype/liberation2}
for f in Regular Italic; do cp "$FONT_DIR/LiberationSerif-$f.ttf" "$dir/shared/"; done
cp "$FONT_DIR/LiberationSerif-Regular.ttf" "$dir/shared/LiberationSerif-Bold.ttf"
"$PHULUC" build "$EXAMPLE" -o "$dir/shared-out" --font-dir "$dir/shared" 2>/dev/null
readers_clean "pdf: the regular file as bold" "$dir/shared-out/gia-lai-2023-2025.pdf" 2
check_cmd "pdf: the regular file as bold, every row and the total read back" \
	$CHECK rows "$dir/shared-out/gia-lai-2023-2025.pdf" "$EXAMPLE/chi_tieu.csv" "$EXAMPLE/dia_ban.csv" "$TOTAL"
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then
	# The test must notice a font that loses marks: DejaVu through libharu 2.3.0 does.
	mkdir -p "$dir/dejavu"
	for f in Regular Bold Italic; do ln -sf /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf "$dir/dejavu/LiberationSerif-$f.ttf"; done
	# One file for all three faces, as a user might give: it must build, not crash.
	expect_status "pdf: one TrueType file given for all three faces builds" 0 \
		"$PHULUC" build "$dir/glyphs" -o "$dir/glyphs-dejavu" --font-dir "$dir/dejavu"
	# DejaVu keeps Ỡ's tilde and horn but loses the dot below (Ọ: as much ink as O); before
	# finish_fonts mapped shared fonts' codes, O and Ỡ were not drawn at all, which the test also caught.
	cp -r "$dir/glyphs" "$dir/glyphs-dot"
	sed -i '3s/Ỡ/Ọ/' "$dir/glyphs-dot/dia_ban.csv" "$dir/glyphs-dot/chi_tieu.csv"
	"$PHULUC" build "$dir/glyphs-dot" -o "$dir/glyphs-dejavu" --font-dir "$dir/dejavu" 2>/dev/null
	if [ ! -s "$dir/glyphs-dejavu/glyphs-dot.pdf" ]; then
		fail "pdf: the ink test notices DejaVu losing marks" "no DejaVu PDF to test"
	elif $CHECK ink "$dir/glyphs-dejavu/glyphs-dot.pdf" O Ọ >/dev/null 2>&1; then
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
	bad="" few=""
	for n in $(seq 10 60); do
		$PY "$ROOT/tests/make_job.py" "$dir/n$n" "$n" "$n"
		"$PHULUC" build "$dir/n$n" -o "$dir/n$n-out" 2>/dev/null || bad="$bad $n(build)"
		$CHECK pages "$dir/n$n-out/n$n.pdf" "$HEADER" >/dev/null 2>&1 ||
			{ [ "$(pdfinfo "$dir/n$n-out/n$n.pdf" | awk '/^Pages:/ {print $2}')" -gt 1 ] && bad="$bad $n"; }
		$CHECK last_page "$dir/n$n-out/n$n.pdf" 3 >/dev/null 2>&1 || few="$few $n"
	done
	[ -z "$bad" ] && pass "pdf: 10–60 communes, total row never alone" || fail "pdf: 10–60 communes, total row never alone" "$bad"
	# (before fill_last_page, 12–15, 30–33 and 48–50 communes left one or two localities on the last page)
	[ -z "$few" ] && pass "pdf: 10–60 communes, the last page holds at least 3 localities" ||
		fail "pdf: 10–60 communes, the last page holds at least 3 localities" "$few"
fi

# tests/e2e/cli.sh — the command line: usage, exit statuses of SPEC §4.
expect_status "cli: --help exits 0" 0 "$PHULUC" --help
expect_grep "cli: --help shows build" "phuluc build JOB_DIR" "$TMPROOT/last.out"
expect_status "cli: --version exits 0" 0 "$PHULUC" --version
expect_grep "cli: --version prints the version" "phuluc $(cat "$ROOT/VERSION")" "$TMPROOT/last.out"
expect_status "cli: no arguments is bad usage" 2 "$PHULUC"
expect_status "cli: unknown command is bad usage" 2 "$PHULUC" frobnicate x
expect_status "cli: unknown option is bad usage" 2 "$PHULUC" build --frob x
expect_status "cli: build without job is bad usage" 2 "$PHULUC" build
expect_status "cli: --lang xx is bad usage" 2 "$PHULUC" check "$ROOT/input/gia-lai-2023-2025" --lang xx
expect_status "cli: not a job directory" 2 "$PHULUC" check "$TMPROOT"
expect_status "cli: check on the example exits 0" 0 "$PHULUC" check "$ROOT/input/gia-lai-2023-2025"
expect_empty "cli: check on the example finds nothing" "$TMPROOT/last.err"
expect_status "cli: options after the job directory" 0 "$PHULUC" check "$ROOT/input/gia-lai-2023-2025" --json
expect_grep "cli: --json prints an empty array" "[]" "$TMPROOT/last.out"

# A template that is not there, and one with a typo: bad usage naming the file.
dir=$(new_tmp cli-template)
cp -r "$ROOT/input/gia-lai-2023-2025" "$dir/job"
sed -i 's/^mau = .*/mau = khong-co/' "$dir/job/phuluc.ini"
expect_status "cli: missing template is bad usage" 2 "$PHULUC" check "$dir/job"
expect_grep "cli: missing template named" "template \"khong-co\" not found" "$TMPROOT/last.err"
mkdir -p "$dir/job/templates"
sed 's/^kho_giay: ngang/kho_giay: ngang\nkho_giayy: doc/' "$ROOT/templates/ke-hoach-chi-tieu.yaml" >"$dir/job/templates/khong-co.yaml"
expect_status "cli: a typo in a template is bad usage" 2 "$PHULUC" check "$dir/job"
line=$(grep -n '^kho_giayy' "$dir/job/templates/khong-co.yaml" | cut -d: -f1)
expect_grep "cli: the typo is located" "khong-co.yaml:$line:1: unknown key \"kho_giayy\"" "$TMPROOT/last.err"

# --font-dir pointing at files that are not fonts (libharu alone would crash on them).
fd="$dir/fonts"
mkdir -p "$fd"
cp "$ROOT/fonts/"*.ttf "$fd/"
for bad in "not a font" "$(head -c 2000 "$ROOT/fonts/LiberationSerif-Bold.ttf" | base64 -w0)"; do
	printf '%s' "$bad" >"$fd/LiberationSerif-Bold.ttf"
	expect_status "cli: a file in --font-dir that is not a font is an I/O error, not a crash" 3 \
		"$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$dir/fontout" --font-dir "$fd"
	expect_grep "cli: the bad font file is named" "LiberationSerif-Bold.ttf" "$TMPROOT/last.err"
done
head -c 3000 "$ROOT/fonts/LiberationSerif-Italic.ttf" >"$fd/LiberationSerif-Bold.ttf"
expect_status "cli: a cut font file is an I/O error, not a crash" 3 \
	"$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$dir/fontout" --font-dir "$fd"
[ ! -e "$dir/fontout/gia-lai-2023-2025.pdf" ] && pass "cli: nothing written with a bad font" ||
	fail "cli: nothing written with a bad font"

# tests/e2e/encodings.sh — the Gia Lai job saved the ways clerks' files really come, read the same.
#
# At test time (no binary files committed) the UTF-8 job is saved as:
#   excel-cp1258  Excel's "CSV" on Vietnamese Windows: Windows-1258 with every tone a combining
#                 mark, ';', CRLF, decimal commas, counts as 143.953, headers as a clerk types them
#   utf8-bom      Excel's "CSV UTF-8": BOM, CRLF
#   utf16-tabs    Excel's "Unicode Text": UTF-16LE with BOM, tabs, CRLF
#   tcvn3         TCVN3 (ABC), clerk's headers
#   utf8-nfd      UTF-8 with every letter decomposed (NFD)
#   mixed         dia_ban.csv UTF-8, the other files Windows-1258: names compared across encodings
# Each must check clean, and build a PDF whose text and an XLSX whose cell values are those of
# the UTF-8 original. Then: --encoding forcing, a wrong forced encoding, an unknown one (a
# mostly-UTF-8 file with one bad byte is a rule case: tests/checks/encoding-one-bad-byte).

ENC_JOB="$ROOT/input/gia-lai-2023-2025"
ET=$(new_tmp encodings)

# make_job VARIANT: $ET/VARIANT/gia-lai-2023-2025 (same job name, so outputs are named alike).
"$PY" - "$ENC_JOB" "$ET" <<'EOF'
import csv, io, os, shutil, subprocess, sys, unicodedata

src, root = sys.argv[1], sys.argv[2]
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
CLERK = {"ma": "Mã", "ten": "Tên địa bàn", "cap": "Cấp", "nam": "Năm",
         "luc_luong_lao_dong": "Lực lượng lao động"}
FILES = ["dia_ban.csv", "lao_dong.csv", "chi_tieu.csv", "chi_tieu_tinh.csv"]

def rows(name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))

def text(rs, delim, eol, clerk=False, dotted=False):
    head = [CLERK.get(h, h) if clerk else h for h in rs[0]]
    counts = [i for i, h in enumerate(rs[0]) if h in ("luc_luong_lao_dong", "dan_so")]
    out = io.StringIO()
    w = csv.writer(out, delimiter=delim, lineterminator=eol)
    w.writerow(head)
    for r in rs[1:]:
        r = list(r)
        if dotted:
            for i in counts:
                r[i] = f"{int(r[i]):,}".replace(",", ".")
        w.writerow(r)
    return out.getvalue()

def excel_1258(s):
    # What Excel writes: the letter (with its â ă ê ô ơ ư đ) then the tone as a combining mark.
    out = []
    for c in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", c)
        rest = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
        out.append(rest + "".join(m for m in d if m in TONES))
    return "".join(out).encode("cp1258")

def tcvn3(s):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=s.encode(),
                          capture_output=True, check=True).stdout

variants = {
    "reference": lambda n, rs: text(rs, ",", "\n").encode(),
    "excel-cp1258": lambda n, rs: excel_1258(text(rs, ";", "\r\n", clerk=True, dotted=True)),
    "utf8-bom": lambda n, rs: b"\xef\xbb\xbf" + text(rs, ",", "\r\n").encode(),
    "utf16-tabs": lambda n, rs: b"\xff\xfe" + text(rs, "\t", "\r\n").encode("utf-16-le"),
    "tcvn3": lambda n, rs: tcvn3(text(rs, ",", "\n", clerk=True)),
    "utf8-nfd": lambda n, rs: unicodedata.normalize("NFD", text(rs, ",", "\n")).encode(),
    "mixed": lambda n, rs: (text(rs, ",", "\n").encode() if n == "dia_ban.csv"
                            else excel_1258(text(rs, ";", "\r\n", dotted=True))),
}
for v, make in variants.items():
    d = os.path.join(root, v, "gia-lai-2023-2025")
    os.makedirs(d)
    shutil.copy(os.path.join(src, "phuluc.ini"), d)  # the job file stays UTF-8
    for n in FILES:
        with open(os.path.join(d, n), "wb") as f:
            f.write(make(n, rows(n)))
EOF
[ -d "$ET/excel-cp1258/gia-lai-2023-2025" ] || fail "encodings: generating the variants" "python failed"

# The variants really are what they claim (so a pass means something).
case $(head -c 2 "$ET/utf16-tabs/gia-lai-2023-2025/dia_ban.csv" | od -An -tx1 | tr -d ' ') in
ff*) pass "encodings: utf16-tabs starts with a UTF-16LE BOM" ;;
*) fail "encodings: utf16-tabs starts with a UTF-16LE BOM" ;;
esac
if ! iconv -f UTF-8 -t UTF-8 "$ET/excel-cp1258/gia-lai-2023-2025/dia_ban.csv" >/dev/null 2>&1 &&
	grep -q $'\r$' "$ET/excel-cp1258/gia-lai-2023-2025/lao_dong.csv" &&
	grep -q '143\.953' "$ET/excel-cp1258/gia-lai-2023-2025/lao_dong.csv" &&
	LC_ALL=C grep -q $'Tha\xcc''nh' "$ET/excel-cp1258/gia-lai-2023-2025/dia_ban.csv"; then
	pass "encodings: excel-cp1258 is not UTF-8, has CRLF, 143.953 and combining tones"
else
	fail "encodings: excel-cp1258 is not UTF-8, has CRLF, 143.953 and combining tones"
fi

# dump_xlsx FILE: every cell value of every sheet, one per line.
dump_xlsx() {
	"$PY" - "$1" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                print(ws.title, c.coordinate, repr(c.value))
EOF
}

# build_and_read VARIANT: builds it into $ET/VARIANT/out, then pdf.txt (pdftotext -layout) and
# xlsx.txt (cell values) beside it. Returns non-zero if the build failed.
build_and_read() {
	local d="$ET/$1"
	rm -f "$d/pdf.txt" "$d/xlsx.txt"
	"$PHULUC" build "$d/gia-lai-2023-2025" -o "$d/out" >/dev/null 2>"$d/build.err" || return 1
	pdftotext -layout "$d/out/gia-lai-2023-2025.pdf" "$d/pdf.txt" 2>>"$d/build.err"
	dump_xlsx "$d/out/gia-lai-2023-2025.xlsx" >"$d/xlsx.txt" 2>>"$d/build.err"
	return 0
}

# The UTF-8 original, as the others must come out.
REF="$ET/reference/gia-lai-2023-2025"
if build_and_read reference && grep -q 'Đak Đoa' "$ET/reference/pdf.txt" &&
	grep -q 'Đak Đoa' "$ET/reference/xlsx.txt"; then
	pass "encodings: reference build, Đak Đoa in the PDF text and the XLSX"
else
	fail "encodings: reference build, Đak Đoa in the PDF text and the XLSX" \
		"$(head -c 400 "$ET/reference/build.err")"
fi

# same_as_reference NAME FILE: FILE (pdf.txt or xlsx.txt) of the variant equals the reference's.
same_as_reference() {
	if [ -s "$ET/reference/$2" ] && [ -s "$ET/$v/$2" ] && cmp -s "$ET/reference/$2" "$ET/$v/$2"; then
		pass "encodings/$v: $1"
	else
		fail "encodings/$v: $1" "$(diff "$ET/reference/$2" "$ET/$v/$2" 2>&1 | head -8)"
	fi
}

for v in excel-cp1258 utf8-bom utf16-tabs tcvn3 utf8-nfd mixed; do
	expect_status "encodings/$v: check exits 0" 0 "$PHULUC" check "$ET/$v/gia-lai-2023-2025" --json
	if [ "$(tr -d ' \n' <"$TMPROOT/last.out")" = "[]" ] && [ ! -s "$TMPROOT/last.err" ]; then
		pass "encodings/$v: no finding"
	else
		fail "encodings/$v: no finding" "$(head -c 600 "$TMPROOT/last.out") $(head -c 300 "$TMPROOT/last.err")"
	fi
	if build_and_read "$v"; then
		same_as_reference "PDF text identical to the UTF-8 original's" pdf.txt
		same_as_reference "XLSX cell values identical to the UTF-8 original's" xlsx.txt
	else
		fail "encodings/$v: build" "$(head -c 400 "$ET/$v/build.err")"
	fi
done

# The comparison has teeth: the mixed job read as TCVN3 (--draft) gives another workbook.
WRONG="$ET/wrong-reading"
mkdir -p "$WRONG" && cp -r "$ET/mixed/gia-lai-2023-2025" "$WRONG/"
"$PHULUC" build "$WRONG/gia-lai-2023-2025" -o "$WRONG/out" --draft --encoding tcvn3 >/dev/null 2>&1 # exits 1
if dump_xlsx "$WRONG/out/gia-lai-2023-2025.xlsx" >"$WRONG/xlsx.txt" 2>&1 &&
	! cmp -s "$ET/reference/xlsx.txt" "$WRONG/xlsx.txt"; then
	pass "encodings: a wrong reading gives a different XLSX"
else
	fail "encodings: a wrong reading gives a different XLSX" "built the same, or did not build"
fi

# --encoding forces every CSV of the job.
for pair in excel-cp1258:cp1258 excel-cp1258:windows-1258 tcvn3:tcvn3 tcvn3:tcvn utf16-tabs:utf-16 \
	utf8-bom:utf-8 reference:UTF-8; do
	v=${pair%%:*} e=${pair#*:}
	expect_status "encodings: --encoding $e on $v exits 0" 0 \
		"$PHULUC" check "$ET/$v/gia-lai-2023-2025" --json --encoding "$e"
	expect_grep "encodings: --encoding $e on $v, no finding" "[]" "$TMPROOT/last.out"
done

# A wrong forced encoding is an `encoding` error (exit 1), never mojibake printed silently.
# wrong_forced VARIANT ENCODING FILE LINE: a finding [encoding] on FILE:LINE.
wrong_forced() {
	local v=$1 e=$2 file=$3 line=$4 dir="$ET/$1/gia-lai-2023-2025"
	expect_status "encodings: --encoding $e on $v exits 1" 1 "$PHULUC" check "$dir" --encoding "$e" --lang en
	if grep -q "^$dir/$file:$line:[^:]*: error: .*\[encoding\]\$" "$TMPROOT/last.err"; then
		pass "encodings: --encoding $e on $v: [encoding] at $file:$line"
	else
		fail "encodings: --encoding $e on $v: [encoding] at $file:$line" "$(head -c 600 "$TMPROOT/last.err")"
	fi
}
wrong_forced excel-cp1258 utf-8 dia_ban.csv 1 # "Tên địa bàn" in the header
wrong_forced excel-cp1258 tcvn3 dia_ban.csv 1
wrong_forced tcvn3 cp1258 dia_ban.csv 1
# UTF-8 forced as cp1258 or utf-16, and one bad byte: tests/checks/encoding-* (rule_cases.sh).

expect_status "encodings: unknown --encoding exits 2" 2 "$PHULUC" check "$REF" --encoding latin-9
expect_grep "encodings: unknown --encoding is named" "latin-9" "$TMPROOT/last.err"
expect_status "encodings: --encoding without a value exits 2" 2 "$PHULUC" check "$REF" --encoding

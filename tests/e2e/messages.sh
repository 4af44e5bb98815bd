# tests/e2e/messages.sh — every message of the code is in the catalogs, and the
# language is chosen as documented (base/messages.h, run/main.c).
#
# xgettext over src/ with the Makefile's keywords (make pot POT=…): each msgid
# must be in po/vi.po with a non-empty, non-fuzzy translation (msgcmp), and
# po/vi.po must pass msgfmt -c. Then --help and a few errors in each language,
# with LANG unset, C, C.UTF-8 and vi_VN.UTF-8 (not generated on this machine).
d=$(new_tmp messages)
if make -s -C "$ROOT" pot POT="$d/phuluc.pot" >"$d/xgettext.log" 2>&1; then
	if msgcmp "$ROOT/po/vi.po" "$d/phuluc.pot" >"$d/msgcmp.log" 2>&1; then
		pass "messages: every message of src/ is translated in po/vi.po"
	else
		fail "messages: every message of src/ is translated in po/vi.po" "$(grep -A1 'not defined' "$d/msgcmp.log" | head -20)"
	fi
else
	fail "messages: xgettext over src/" "$(head -5 "$d/xgettext.log")"
fi
if msgfmt -c -o /dev/null "$ROOT/po/vi.po" 2>"$d/msgfmt.log"; then pass "messages: msgfmt -c po/vi.po"; else
	fail "messages: msgfmt -c po/vi.po" "$(head -5 "$d/msgfmt.log")"
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$ROOT/po/vi.po" | grep -c '^msgid')
if [ "$fuzzy" = 0 ]; then pass "messages: no fuzzy entry in po/vi.po"; else
	fail "messages: no fuzzy entry in po/vi.po" "$fuzzy fuzzy entries"
fi

# run_lang NAME LANGVALUE ARGS...: phuluc with LANG=LANGVALUE ("-" unset), LC_ALL and LC_MESSAGES unset.
run_lang() {
	local name=$1 l=$2
	shift 2
	if [ "$l" = - ]; then
		env -u LANG -u LC_ALL -u LC_MESSAGES -u LANGUAGE "$PHULUC" "$@" >"$d/$name.txt" 2>&1
	else
		env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$l" "$PHULUC" "$@" >"$d/$name.txt" 2>&1
	fi
}
run_lang help-vi vi_VN.UTF-8 --help
expect_grep "messages: --help Vietnamese under LANG=vi_VN.UTF-8" "Cách dùng:" "$d/help-vi.txt"
expect_grep "messages: --help Vietnamese under LANG=vi_VN.UTF-8 (options)" "thư mục kết quả (tạo nếu chưa có)" "$d/help-vi.txt"
run_lang help-unset - --help
expect_grep "messages: --help Vietnamese with LANG unset" "Cách dùng:" "$d/help-unset.txt"
for l in C C.UTF-8 en_US.UTF-8; do
	run_lang "help-$l" "$l" --help
	expect_grep "messages: --help English under LANG=$l" "Usage:" "$d/help-$l.txt"
	expect_no_grep "messages: --help not Vietnamese under LANG=$l" "Cách dùng" "$d/help-$l.txt"
done
run_lang help-lang-en vi_VN.UTF-8 --lang en --help
expect_grep "messages: --lang en makes --help English" "Usage:" "$d/help-lang-en.txt"
run_lang help-lang-vi C --lang vi --help
expect_grep "messages: --lang vi makes --help Vietnamese under LANG=C" "Cách dùng:" "$d/help-lang-vi.txt"
if cmp -s "$d/help-vi.txt" "$d/help-unset.txt"; then pass "messages: --help the same with LANG unset and vi_VN"; else
	fail "messages: --help the same with LANG unset and vi_VN" "$(diff "$d/help-vi.txt" "$d/help-unset.txt" | head -5)"
fi

run_lang cmd-vi - biuld
expect_grep "messages: unknown command in Vietnamese by default" 'phuluc: không có lệnh "biuld"' "$d/cmd-vi.txt"
run_lang cmd-en C biuld
expect_grep "messages: unknown command in English under LANG=C" 'phuluc: unknown command "biuld"' "$d/cmd-en.txt"
run_lang nojob-vi vi_VN.UTF-8 check "$d/khong-co"
expect_grep "messages: a missing job file in Vietnamese (strerror too)" "khong-co/phuluc.ini: Không có tập tin hoặc thư mục như vậy" "$d/nojob-vi.txt"
run_lang nojob-en C check "$d/khong-co"
expect_grep "messages: a missing job file in English under LANG=C" "khong-co/phuluc.ini: No such file or directory" "$d/nojob-en.txt"
mkdir -p "$d/job"
printf '[phu_luc]\ntieu_de = x\nnam = 2023-2025\nmau = khong-co\n[du_lieu]\ndia_ban = a.csv\nlao_dong = b.csv\nchi_tieu = c.csv\n' >"$d/job/phuluc.ini"
run_lang tpl-vi - check "$d/job"
expect_grep "messages: a missing template in Vietnamese by default" 'không tìm thấy mẫu "khong-co"' "$d/tpl-vi.txt"
run_lang tpl-en C check "$d/job"
expect_grep "messages: a missing template in English under LANG=C" 'template "khong-co" not found' "$d/tpl-en.txt"

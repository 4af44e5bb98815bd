# tests/e2e/package.sh — the Debian package (issue 14): built from a copy of
# the checkout, installed with dpkg, run from outside the checkout on a copy
# of the example, and its outputs compared byte for byte with build/phuluc's.
#
# The installed phuluc must never read a checkout: the copy it was built
# from is moved away before it runs, and it runs under strace, which records
# every path it opens, stats or reads a link of; any path under $ROOT or the
# copy fails the test (root reads every file, so permissions prove nothing).
# Release variant only; needs root (dpkg -i), else it prints a skip line.
# The package is purged at the end, so the machine is left as it was. Logs
# in tests/tmp/release/package/*.log (not .txt: they are no outputs to digest).

package_build() { # package_build TMP: TMP/phuluc_<version>_<arch>.deb from a copy of the work tree
	local tmp=$1 src=$1/src
	mkdir -p "$src"
	# The work tree as it is (tracked and new files, not the ignored build/, out/, fonts/*.ttf).
	(cd "$ROOT" && git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf -) |
		tar -x -C "$src"
	if (cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$LOGS/build.log" 2>&1 &&
		ls "$tmp"/phuluc_*.deb >/dev/null 2>&1; then
		pass "package: dpkg-buildpackage -us -uc -b makes the .deb"
	else
		fail "package: dpkg-buildpackage -us -uc -b makes the .deb" "$(tail -15 "$LOGS/build.log")"
		return 1
	fi
	mv "$src" "$tmp/moved-away" # the copy of the checkout out of reach of the installed binary
	if command -v lintian >/dev/null; then
		lintian --info --show-overrides "$tmp"/phuluc_*.deb >"$LOGS/lintian.log" 2>&1 # warnings, notes and overrides kept in the log
		if grep -q '^E:' "$LOGS/lintian.log"; then
			fail "package: lintian reports no error" "$(grep '^E:' "$LOGS/lintian.log" | head -5)"
		else
			pass "package: lintian reports no error"
		fi
	else
		fail "package: lintian reports no error" "lintian not installed (tools/install-deps.sh test)"
	fi
}

package_install() { # package_install TMP: dpkg -i, then apt-get -f install only if dependencies are missing
	if dpkg -i "$1"/phuluc_*.deb >"$LOGS/install.log" 2>&1 ||
		DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >>"$LOGS/install.log" 2>&1; then
		pass "package: dpkg -i installs it"
	else
		fail "package: dpkg -i installs it" "$(tail -5 "$LOGS/install.log")"
		return 1
	fi
}

package_run() { # package_run TMP: the installed phuluc on a copy of the example, from outside the checkout
	local tmp=$1 ref=$1/ref
	mkdir -p "$tmp/run"
	cp -r "$ROOT/input/gia-lai-2023-2025" "$tmp/run/" # same job name: the name is in the outputs
	env -u PHULUC_FONT_DIR -u PHULUC_TEMPLATE_DIR -u SOURCE_DATE_EPOCH \
		"$PHULUC" build "$ROOT/input/gia-lai-2023-2025" -o "$ref" >/dev/null 2>&1
	(cd "$tmp/run" && env -u PHULUC_FONT_DIR -u PHULUC_TEMPLATE_DIR -u SOURCE_DATE_EPOCH \
		strace -f -qq -e trace=%file -o "$LOGS/strace.log" /usr/bin/phuluc build gia-lai-2023-2025 -o "$tmp/out") \
		>"$LOGS/run.out" 2>"$LOGS/run.err"
	local rc=$?
	[ $rc = 0 ] && pass "package: installed phuluc builds the example" ||
		fail "package: installed phuluc builds the example" "exit $rc: $(head -c 600 "$LOGS/run.err")"
	local touched
	touched=$(grep -F -e "\"$ROOT/" -e "\"$ROOT\"" -e "\"$tmp/moved-away" "$LOGS/strace.log" | head -3)
	[ -z "$touched" ] && grep -q '/usr/share/phuluc/templates' "$LOGS/strace.log" &&
		pass "package: installed phuluc reads /usr/share/phuluc, never a checkout" ||
		fail "package: installed phuluc reads /usr/share/phuluc, never a checkout" "$touched"
	local ext
	for ext in pdf xlsx; do
		if cmp -s "$tmp/out/gia-lai-2023-2025.$ext" "$ref/gia-lai-2023-2025.$ext"; then
			pass "package: $ext bytes = build/phuluc's"
		else
			fail "package: $ext bytes = build/phuluc's" "$tmp/out/gia-lai-2023-2025.$ext differs from $ref/gia-lai-2023-2025.$ext"
		fi
	done
	[ "$(/usr/bin/phuluc --version)" = "phuluc $(cat "$ROOT/VERSION")" ] && pass "package: phuluc --version" ||
		fail "package: phuluc --version" "$(/usr/bin/phuluc --version 2>&1)"
	# The installed catalog (/usr/share/locale), Vietnamese by default and with vi_VN not generated.
	(cd "$tmp/run" && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE -u LANG strace -f -qq -e trace=%file \
		-o "$LOGS/strace-vi.log" /usr/bin/phuluc --help) >"$LOGS/help-vi.out" 2>&1
	grep -q "^Cách dùng:" "$LOGS/help-vi.out" &&
		grep -q '/usr/share/locale/vi/LC_MESSAGES/phuluc.mo' "$LOGS/strace-vi.log" &&
		! grep -qF "\"$ROOT/" "$LOGS/strace-vi.log" &&
		pass "package: installed phuluc --help is Vietnamese, from /usr/share/locale" ||
		fail "package: installed phuluc --help is Vietnamese, from /usr/share/locale" "$(head -3 "$LOGS/help-vi.out")"
	(cd "$tmp/run" && LANG=vi_VN.UTF-8 /usr/bin/phuluc build khong-co) >"$LOGS/nojob-vi.out" 2>&1
	grep -qF "khong-co/phuluc.ini: Không có tập tin hoặc thư mục như vậy" "$LOGS/nojob-vi.out" &&
		pass "package: installed phuluc, a missing job in Vietnamese" ||
		fail "package: installed phuluc, a missing job in Vietnamese" "$(head -3 "$LOGS/nojob-vi.out")"
	(cd "$tmp/run" && LANG=C /usr/bin/phuluc --help) >"$LOGS/help-en.out" 2>&1
	grep -q "^Usage:" "$LOGS/help-en.out" && pass "package: installed phuluc --help is English under LANG=C" ||
		fail "package: installed phuluc --help is English under LANG=C" "$(head -3 "$LOGS/help-en.out")"
}

package_files() { # the installed files and both man pages
	local want f missing=""
	dpkg -L phuluc >"$LOGS/files.log"
	want="/usr/bin/phuluc /usr/share/man/man1/phuluc.1.gz /usr/share/man/vi/man1/phuluc.1.gz
/usr/share/doc/phuluc/huong-dan.md.gz /usr/share/doc/phuluc/copyright /usr/share/locale/vi/LC_MESSAGES/phuluc.mo
$(cd "$ROOT" && ls templates/*.yaml | sed 's|^|/usr/share/phuluc/|')
/usr/share/phuluc/fonts/LiberationSerif-Regular.ttf /usr/share/phuluc/fonts/LiberationSerif-Bold.ttf
/usr/share/phuluc/fonts/LiberationSerif-Italic.ttf"
	for f in $want; do grep -qx "$f" "$LOGS/files.log" || missing="$missing $f"; done
	[ -z "$missing" ] && pass "package: dpkg -L lists binary, templates, fonts, catalog, guide, man pages" ||
		fail "package: dpkg -L lists binary, templates, fonts, catalog, guide, man pages" "missing:$missing"
	local page heading
	for page in man1:NAME vi/man1:TÊN; do
		heading=${page#*:}
		page=/usr/share/man/${page%:*}/phuluc.1.gz
		MANWIDTH=80 man -l "$page" >"$LOGS/man.out" 2>"$LOGS/man.err"
		if [ ! -s "$LOGS/man.err" ] && grep -qx "$heading" "$LOGS/man.out"; then
			pass "package: man -l $page renders without warning"
		else
			fail "package: man -l $page renders without warning" "$(head -c 400 "$LOGS/man.err")"
		fi
	done
}

package_test() {
	local tmp
	LOGS=$(new_tmp package)
	tmp=$(mktemp -d /tmp/phuluc-package.XXXXXX) # outside the checkout
	if package_build "$tmp" && package_install "$tmp"; then
		package_run "$tmp"
		package_files
	fi
	if dpkg-query -W phuluc >/dev/null 2>&1; then
		dpkg --purge phuluc >>"$LOGS/install.log" 2>&1
		! dpkg-query -W phuluc >/dev/null 2>&1 && [ ! -e /usr/bin/phuluc ] && pass "package: dpkg --purge removes it" ||
			fail "package: dpkg --purge removes it" "$(tail -3 "$LOGS/install.log")"
	fi
	rm -rf "$tmp"
}

if [ "$VARIANT" = release ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP package: needs root to install the .deb (dpkg -i); not run" >&2
	elif dpkg-query -W -f='${Status}' phuluc 2>/dev/null | grep -q 'ok installed'; then
		fail "package: phuluc is not installed before the test" "a phuluc package is installed: left alone, test not run"
	elif ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null || ! command -v strace >/dev/null; then
		fail "package: tools present" "dpkg-buildpackage, dh or strace missing (tools/install-deps.sh test)"
	else
		package_test
	fi
fi

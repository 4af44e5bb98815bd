# tests/e2e/safety.sh — SPEC §3 "files are written atomically": a failed or
# interrupted build leaves the previous outputs byte for byte, no temporary
# (".NAME.XXXXXX") behind, and exits 3 with one line naming the path.
#
#  (a) a full disk: a small tmpfs holding the previous outputs;
#  (b) an output directory that cannot be written: a read-only tmpfs, a
#      directory that is a regular file, a parent that is a regular file;
#  (c) SIGTERM and SIGINT at several moments of a large build: no temporary
#      left, the outputs both present and complete (qpdf --check, ZIP test) or
#      both absent.
# (a) and (b) need root to mount tmpfs (root ignores chmod); if mounting is
# refused they are recorded as failures with the reason, not skipped.

SAFE=$(new_tmp safety)
EXAMPLE="$ROOT/input/gia-lai-2023-2025"
NAME=gia-lai-2023-2025
MOUNTS=()

safety_cleanup() {
	local m
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "$m" && umount "$m"
	done
}
trap safety_cleanup EXIT

# mount_tmpfs DIR OPTIONS: mounts a tmpfs; returns non-zero with the reason in $SAFE/mount.err.
mount_tmpfs() {
	mkdir -p "$1"
	mount -t tmpfs -o "$2" tmpfs "$1" 2>"$SAFE/mount.err" || return 1
	MOUNTS+=("$1")
}

# temporaries DIR: the leftover temporary files in DIR, one per line.
temporaries() { find "$1" -maxdepth 1 -name '.*.??????' -printf '%f\n' 2>/dev/null; }

# expect_no_temporaries NAME DIR
expect_no_temporaries() {
	local left
	left=$(temporaries "$2")
	if [ -z "$left" ]; then pass "$1"; else fail "$1" "left behind in $2: $left"; fi
}

# expect_io_failure NAME PATH STDERR: exit status was 3 (in $got), and stderr has
# exactly one "phuluc: " line, naming PATH.
expect_io_failure() {
	local name=$1 path=$2 errfile=$3
	if [ "$got" = 3 ]; then pass "$name: exit 3"; else
		fail "$name: exit 3" "exit $got; stderr: $(head -c 600 "$errfile")"
	fi
	local lines
	lines=$(grep -c '^phuluc: ' "$errfile")
	if [ "$lines" = 1 ] && grep '^phuluc: ' "$errfile" | grep -qF -- "$path"; then
		pass "$name: one line naming $path"
	else
		fail "$name: one line naming $path" "stderr: $(head -c 600 "$errfile")"
	fi
}

# expect_same_files NAME DIR: DIR's outputs are byte-identical to the previous ones.
expect_same_files() {
	if cmp -s "$SAFE/prev/$NAME.pdf" "$2/$NAME.pdf" && cmp -s "$SAFE/prev/$NAME.xlsx" "$2/$NAME.xlsx"; then
		pass "$1: previous outputs untouched"
	else
		fail "$1: previous outputs untouched" "$(ls -la "$2")"
	fi
}

# pages BYTES: the tmpfs pages (4 KiB) a file of BYTES occupies.
pages() { echo $((($1 + 4095) / 4096)); }

# The previous good outputs: complete files whose bytes differ from what the
# build under test writes, so an overwrite cannot pass unnoticed: a --draft
# build (marked DỰ THẢO) of the example with another title and locality name.
mkdir -p "$SAFE/prev-job"
cp -r "$EXAMPLE" "$SAFE/prev-job/$NAME"
sed -i 's/^tieu_de = /tieu_de = (bản trước) /' "$SAFE/prev-job/$NAME/phuluc.ini"
sed -i '2s/Thành phố Pleiku/Thành phố Pleiku (cũ)/' "$SAFE/prev-job/$NAME/dia_ban.csv"
"$PHULUC" build "$SAFE/prev-job/$NAME" -o "$SAFE/prev" --draft >/dev/null 2>"$SAFE/prev.err"
"$PHULUC" build "$EXAMPLE" -o "$SAFE/new" >/dev/null 2>"$SAFE/new.err"
if [ ! -s "$SAFE/prev/$NAME.pdf" ] || [ ! -s "$SAFE/new/$NAME.pdf" ] || [ ! -s "$SAFE/new/$NAME.xlsx" ]; then
	fail "safety: the example builds" "$(head -c 600 "$SAFE/prev.err" "$SAFE/new.err")"
else
	pass "safety: the example builds"
	for ext in pdf xlsx; do
		if cmp -s "$SAFE/prev/$NAME.$ext" "$SAFE/new/$NAME.$ext"; then
			fail "safety: previous and new $ext differ" "the full-disk checks could not see an overwrite"
		fi
	done
	prev_pages=$(($(pages "$(stat -c %s "$SAFE/prev/$NAME.pdf")") + $(pages "$(stat -c %s "$SAFE/prev/$NAME.xlsx")")))
	new_pdf_pages=$(pages "$(stat -c %s "$SAFE/new/$NAME.pdf")")

	# (a) Full disk: room for the previous outputs and 8 KiB; the new PDF needs more.
	# (a2) Room for the previous outputs and the new PDF, not for the XLSX: the PDF,
	# though rendered fine, must not be committed without its XLSX.
	for case in "pdf $((prev_pages + 2))" "xlsx $((prev_pages + new_pdf_pages + 1))"; do
		set -- $case
		what=$1 size=$(($2 * 4))k
		d="$SAFE/full-$what"
		if ! mount_tmpfs "$d" "size=$size"; then
			fail "safety: full disk ($what): mount tmpfs" "$(cat "$SAFE/mount.err") — needs root"
			continue
		fi
		cp "$SAFE/prev/$NAME.pdf" "$SAFE/prev/$NAME.xlsx" "$d/"
		"$PHULUC" build "$EXAMPLE" -o "$d" >"$SAFE/full.out" 2>"$SAFE/full-$what.err"
		got=$?
		expect_io_failure "safety: full disk ($what, tmpfs $size)" "$d/$NAME." "$SAFE/full-$what.err"
		expect_same_files "safety: full disk ($what)" "$d"
		expect_no_temporaries "safety: full disk ($what): no temporary" "$d"
		umount "$d"
	done

	# (b) Read-only file system (chmod does not stop root).
	d="$SAFE/readonly"
	if mount_tmpfs "$d" "size=4m"; then
		cp "$SAFE/prev/$NAME.pdf" "$SAFE/prev/$NAME.xlsx" "$d/"
		mount -o remount,ro "$d"
		"$PHULUC" build "$EXAMPLE" -o "$d" >/dev/null 2>"$SAFE/ro.err"
		got=$?
		expect_io_failure "safety: read-only output directory" "$d/$NAME." "$SAFE/ro.err"
		expect_grep "safety: read-only output directory: says why" "Read-only file system" "$SAFE/ro.err"
		expect_same_files "safety: read-only output directory" "$d"
		expect_no_temporaries "safety: read-only output directory: no temporary" "$d"
		umount "$d"
	else
		fail "safety: read-only output directory: mount tmpfs" "$(cat "$SAFE/mount.err") — needs root"
	fi
fi

# (b) The output directory is a regular file; its parent is a regular file.
: >"$SAFE/a-file"
"$PHULUC" build "$EXAMPLE" -o "$SAFE/a-file" >/dev/null 2>"$SAFE/isfile.err"
got=$?
expect_io_failure "safety: output directory is a file" "$SAFE/a-file" "$SAFE/isfile.err"
"$PHULUC" build "$EXAMPLE" -o "$SAFE/a-file/out" >/dev/null 2>"$SAFE/parentfile.err"
got=$?
expect_io_failure "safety: output directory's parent is a file" "$SAFE/a-file/out" "$SAFE/parentfile.err"
if [ -f "$SAFE/a-file" ] && [ ! -s "$SAFE/a-file" ]; then pass "safety: the file is left alone"; else
	fail "safety: the file is left alone" "$(ls -la "$SAFE/a-file")"
fi

# (c) Signals during a large build. The kill times are fractions of an
# uninterrupted build's duration, so they land before, during and after the
# writing whatever the renderers' speed; the invariants must hold every time.
BIG="$SAFE/big/big" # the job directory names the outputs: big.pdf, big.xlsx
N=${SAFETY_LOCALITIES:-3000}
$PY "$ROOT/tests/fuzz/make_big_job.py" "$BIG" "$N"

# build_in_background OUT: starts a build of the big job into OUT; its pid in $pid.
# A shell without job control starts background commands with SIGINT ignored
# (and output.c respects an ignored signal), so a wrapper restores the default.
build_in_background() {
	$PY -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$PHULUC" build "$BIG" -o "$1" >/dev/null 2>"$1.err" &
	pid=$!
}

t0=$(date +%s%N)
build_in_background "$SAFE/big/full"
wait "$pid"
got=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
if [ "$got" != 0 ]; then
	fail "safety: build of $N localities" "exit $got: $(head -c 600 "$SAFE/big/full.err")"
else
	pass "safety: build of $N localities (${ms} ms)"
	for sig in TERM INT; do
		landed=0
		for pct in 10 30 50 70 85 95 99 150; do
			out="$SAFE/big/$sig-$pct"
			mkdir -p "$out"
			build_in_background "$out"
			sleep "$(printf '%d.%03d' $((ms * pct / 100000)) $((ms * pct / 100 % 1000)))"
			kill -"$sig" "$pid" 2>/dev/null
			wait "$pid"
			got=$?
			name="safety: SIG$sig at ${pct}% of the build"
			case $got in
			0) ;;
			$((128 + $(kill -l "$sig")))) landed=$((landed + 1)) ;;
			*) fail "$name: exit status" "exit $got: $(head -c 600 "$out.err")" ;;
			esac
			expect_no_temporaries "$name: no temporary" "$out"
			if [ -e "$out/big.pdf" ] && [ -e "$out/big.xlsx" ]; then
				if qpdf --check "$out/big.pdf" >"$out.qpdf" 2>&1 &&
					$PY -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
						"$out/big.xlsx" 2>>"$out.qpdf"; then
					pass "$name: outputs complete"
				else
					fail "$name: outputs complete" "$(tail -5 "$out.qpdf")"
				fi
			elif [ -e "$out/big.pdf" ] || [ -e "$out/big.xlsx" ]; then
				fail "$name: both outputs or neither" "$(ls -A "$out")"
			else
				pass "$name: no output (interrupted before the commit)"
			fi
		done
		if [ "$landed" -gt 0 ]; then pass "safety: SIG$sig interrupted $landed of 8 builds"; else
			fail "safety: SIG$sig interrupted a build" "every build finished before its signal (${ms} ms)"
		fi
	done
fi

safety_cleanup
trap - EXIT

#!/bin/bash
# tests/run.sh — runs every test and ends with "N passed, M failed".
#
#  1. unit tests (cmocka, tests/unit/<stage>/test_*.c), release build
#  2. end-to-end scripts (tests/e2e/*.sh), release build
#  3. 1 and 2 again with the ASan+UBSan build
#  4. valgrind on the end-to-end example run and on a batch of the examples
#     (no leaks, no errors, in the parent and in every worker)
#  5. formatting (clang-format --dry-run)
#  6. the shape of the code: includes point down the pipeline, no include
#     cycle (tools/check_includes.py); no function over 100 lines
#     (tools/function_lengths.py)
# Selecting: TESTS="pdf xlsx" tests/run.sh runs only e2e scripts whose name
# contains one of the words; VARIANTS="release" skips the sanitizer pass.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
export RESULTS="$ROOT/tests/tmp/results.txt"
rm -rf tests/tmp
mkdir -p tests/tmp
: >"$RESULTS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

selected() {
	[ -z "${TESTS:-}" ] && return 0
	local w
	for w in $TESTS; do case "$1" in *"$w"*) return 0 ;; esac; done
	return 1
}

run_unit() { # run_unit VARIANT BINARY...
	local variant=$1 b name
	shift
	for b in "$@"; do
		name=$(basename "$b")
		# a binary left in build/ by a test since moved or removed is not run
		[ -f "tests/unit/$(basename "$(dirname "$b")")/$name.c" ] || continue
		selected "$name" || continue
		CMOCKA_MESSAGE_OUTPUT=tap "$b" >"tests/tmp/$variant-$name.tap" 2>&1
		local rc=$?
		awk -v v="$variant" -v n="$name" '
			/^ok /     { sub(/^ok [0-9]+ - /, ""); print "PASS " v ": " n ": " $0 }
			/^not ok / { sub(/^not ok [0-9]+ - /, ""); print "FAIL " v ": " n ": " $0 }
		' "tests/tmp/$variant-$name.tap" >>"$RESULTS"
		if [ $rc -ne 0 ] && ! grep -q '^not ok' "tests/tmp/$variant-$name.tap"; then
			echo "FAIL $variant: $name exited $rc" >>"$RESULTS"
		fi
		grep -q '^not ok\|ERROR\|runtime error' "tests/tmp/$variant-$name.tap" &&
			sed 's/^/  /' "tests/tmp/$variant-$name.tap" | grep -v '^  ok ' >&2
	done
}

run_e2e() { # run_e2e VARIANT PHULUC
	local t
	for t in tests/e2e/*.sh; do
		selected "$(basename "$t")" || continue
		VARIANT=$1 PHULUC="$ROOT/$2" TMPROOT="$ROOT/tests/tmp/$1" ROOT="$ROOT" \
			bash -c 'mkdir -p "$TMPROOT"; . tests/lib.sh; . "$0"' "$t"
	done
}

for variant in ${VARIANTS:-release asan}; do
	case $variant in
	release) run_unit release build/tests/*/*; run_e2e release build/phuluc ;;
	asan) run_unit asan build/asan/tests/*/*; run_e2e asan build/asan/phuluc ;;
	esac
done

if [ -z "${TESTS:-}" ] || selected valgrind; then
	mkdir -p tests/tmp/valgrind
	if valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=42 --log-file=tests/tmp/valgrind.log \
		build/phuluc build input/gia-lai-2023-2025 -o tests/tmp/valgrind >/dev/null 2>&1; then
		echo "PASS valgrind: build of the example, no leak, no error" >>"$RESULTS"
	else
		echo "FAIL valgrind: see tests/tmp/valgrind.log" >>"$RESULTS"
		tail -30 tests/tmp/valgrind.log >&2
	fi
	# The batch of every example job: the parent and each forked worker checked on its own.
	valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
		--log-file=tests/tmp/valgrind-batch.%p.log \
		build/phuluc batch input -o tests/tmp/valgrind-batch -j 2 >/dev/null 2>&1
	logs=$(ls tests/tmp/valgrind-batch.*.log 2>/dev/null | wc -l)
	clean=$(grep -l "ERROR SUMMARY: 0 errors" tests/tmp/valgrind-batch.*.log 2>/dev/null | wc -l)
	if [ "$logs" -ge 2 ] && [ "$clean" = "$logs" ] && [ -s tests/tmp/valgrind-batch/manifest.csv ]; then
		echo "PASS valgrind: batch of the examples, parent and $((logs - 1)) workers, no leak, no error" >>"$RESULTS"
	else
		echo "FAIL valgrind: batch: $clean of $logs processes clean (tests/tmp/valgrind-batch.*.log)" >>"$RESULTS"
		grep -h -A8 "definitely lost in\|Invalid\|uninitialised" tests/tmp/valgrind-batch.*.log | head -30 >&2
	fi
fi

if [ -z "${TESTS:-}" ] || selected format; then
	if clang-format --dry-run --Werror src/*/*.[ch] tests/unit/*/*.c tests/unit/*.[ch] >tests/tmp/format.log 2>&1; then
		echo "PASS format: clang-format clean" >>"$RESULTS"
	else
		echo "FAIL format: run 'make format' (tests/tmp/format.log)" >>"$RESULTS"
	fi
fi

if [ -z "${TESTS:-}" ] || selected includes; then
	if tools/check_includes.py >tests/tmp/includes.log 2>&1; then
		echo "PASS includes: $(tail -n 1 tests/tmp/includes.log)" >>"$RESULTS"
	else
		echo "FAIL includes: upward include or cycle (tests/tmp/includes.log)" >>"$RESULTS"
		cat tests/tmp/includes.log >&2
	fi
fi
# The fuzz harnesses build only with clang's libFuzzer (make fuzz); a change of
# an API they call must still be seen here: each must at least compile.
if [ -z "${TESTS:-}" ] || selected fuzz; then
	for h in tests/fuzz/fuzz_*.c; do
		if cc -fsyntax-only -Isrc $(pkg-config --cflags xlsxwriter libutf8proc yaml-0.1 jansson nettle libzip expat) \
			-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror "$h" 2>tests/tmp/fuzz-compile.log; then
			echo "PASS fuzz: $h compiles" >>"$RESULTS"
		else
			echo "FAIL fuzz: $h does not compile (tests/tmp/fuzz-compile.log)" >>"$RESULTS"
			head -20 tests/tmp/fuzz-compile.log >&2
		fi
	done
fi
if [ -z "${TESTS:-}" ] || selected functions; then
	if tools/function_lengths.py >tests/tmp/functions.log 2>&1; then
		echo "PASS functions: $(tail -n 1 tests/tmp/functions.log)" >>"$RESULTS"
	else
		echo "FAIL functions: over 100 lines (tests/tmp/functions.log)" >>"$RESULTS"
		cat tests/tmp/functions.log >&2
	fi
fi

passed=$(grep -c '^PASS' "$RESULTS")
failed=$(grep -c '^FAIL' "$RESULTS")
grep '^FAIL' "$RESULTS" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

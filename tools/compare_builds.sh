#!/bin/bash
# tools/compare_builds.sh OLD NEW JOB_DIR... — builds every job with two phuluc
# binaries (e.g. the one before a restructuring and the one after) and
# compares the SHA-256 of their outputs and the bytes of their messages.
# A job that stops on errors writes nothing with either; its messages must
# still be the same. EXTRA="--draft" builds drafts instead. Prints one line
# per difference and a summary; exits 1 if anything differs.
# Example: tools/compare_builds.sh /tmp/old/build/phuluc build/phuluc input/* tests/checks/*/
set -u
old=$1 new=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 diff=0 both_fail=0 n=0 msgdiff=0
for j in "$@"; do
	n=$((n + 1))
	o=$tmp/o/$n w=$tmp/n/$n
	mkdir -p "$o" "$w"
	SOURCE_DATE_EPOCH=1700000000 "$old" build "$j" -o "$o" ${EXTRA:-} >/dev/null 2>"$o.err"
	ro=$?
	SOURCE_DATE_EPOCH=1700000000 "$new" build "$j" -o "$w" ${EXTRA:-} >/dev/null 2>"$w.err"
	rn=$?
	a=$(cd "$o" && find . -type f | sort | xargs -r sha256sum)
	b=$(cd "$w" && find . -type f | sort | xargs -r sha256sum)
	cmp -s "$o.err" "$w.err" || { echo "messages differ: $j"; msgdiff=$((msgdiff + 1)); }
	if [ -z "$a" ] && [ -z "$b" ]; then
		both_fail=$((both_fail + 1))
		[ "$ro" = "$rn" ] || echo "exit status differs: $j ($ro, $rn)"
		continue
	fi
	if [ "$a" = "$b" ] && [ "$ro" = "$rn" ]; then same=$((same + 1)); else
		diff=$((diff + 1))
		echo "outputs differ: $j (exit $ro, $rn)"
	fi
done
echo "jobs: $n, outputs identical: $same, different: $diff, no output from either: $both_fail, messages different: $msgdiff"
[ "$diff" = 0 ] && [ "$msgdiff" = 0 ]

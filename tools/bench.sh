#!/bin/bash
# tools/bench.sh — time and peak memory of `phuluc build` on the example,
# as the median of RUNS runs (default 11). Prints one line per figure.
# Usage: tools/bench.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-11}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wall=() rss=()
for _ in $(seq "$runs"); do
	start=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$out/time" build/phuluc build input/gia-lai-2023-2025 -o "$out" 2>/dev/null
	end=$(date +%s%N)
	wall+=("$(((end - start) / 1000))") rss+=("$(cat "$out/time")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "phuluc build input/gia-lai-2023-2025, median of $runs runs:"
echo "  wall time  $(median "${wall[@]}") µs"
echo "  peak RSS   $(median "${rss[@]}") KiB"
echo "  PDF size   $(stat -c %s "$out/gia-lai-2023-2025.pdf") bytes"
echo "  XLSX size  $(stat -c %s "$out/gia-lai-2023-2025.xlsx") bytes"

#!/bin/bash
# tools/bench.sh — how fast phuluc is, as medians of RUNS runs (default 5;
# 21 for the single command). `make bench` runs it. It measures:
#   1. one 17-row annex (input/gia-lai-2023-2025) as a whole command;
#   2. a batch of 1,000 small 17-row jobs;
#   3. a batch of the national commune tree: 34 provinces, 3,321 communes,
#      three years (one job per province);
#   4. the 2026–2030 plan of a merged province in numbers of participants:
#      135 communes, five years, BHXH with its compulsory and voluntary parts,
#      BHTN and BHYT with the rate of each (template ke-hoach-so-nguoi, laid
#      out in column bands), against the three-year rate annex of 135 communes
#      (tests/make_job.py), per row of the table: the plan's cost against
#      the annex's per locality row, per printed row (a row is printed once
#      per column band) and per figure printed, from medians of the same run
#      (bands and figures a row read from the PDFs with pdftotext);
# each with wall time, CPU time (user + system, workers included; for the
# single command the mean of 21 runs), peak RSS
# (of the largest process), jobs per second and output bytes. The job trees
# are generated into build/bench by tools/make_bench_tree.py (not committed).
# Every batch run writes into an empty directory, so nothing is reused.
# Usage: tools/bench.sh [RUNS]; PHULUC=path/to/phuluc measures another build.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
PHULUC=${PHULUC:-build/phuluc}
TREE=build/bench
if [ ! -f "$TREE/.done" ] || [ tools/make_bench_tree.py -nt "$TREE/.done" ] || [ tests/make_job.py -nt "$TREE/.done" ] ||
	[ tools/make_count_plan.py -nt "$TREE/.done" ]; then
	rm -rf "$TREE"
	/usr/bin/python3 tools/make_bench_tree.py "$TREE"
	/usr/bin/python3 tests/make_job.py "$TREE/annex-135" 135 3 >/dev/null
	/usr/bin/python3 tools/make_count_plan.py "$TREE/plan-135" 135 --full
	sed 's/^mau = .*/mau = ke-hoach-so-nguoi/' input/gia-lai-2026-2030-so-nguoi/phuluc.ini >"$TREE/plan-135/phuluc.ini"
	touch "$TREE/.done"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure N CMD... — runs CMD N times (output directory $tmp/out emptied before
# each run); sets WALL (ms), CPU (ms), RSS (KiB), BYTES (of $tmp/out) as medians.
measure() {
	local n=$1 i start end
	shift
	local wall=() cpu=() rss=() bytes=()
	for i in $(seq "$n"); do
		rm -rf "$tmp/out"
		start=$(date +%s%N)
		/usr/bin/time -f "%U %S %M" -o "$tmp/time" "$@" 2>"$tmp/err" >/dev/null || {
			echo "bench: failed: $*" >&2
			tail -5 "$tmp/err" >&2
			exit 1
		}
		end=$(date +%s%N)
		read -r u s m <"$tmp/time"
		wall+=("$(((end - start) / 1000))")
		cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000000}')")
		rss+=("$m")
		bytes+=("$(find "$tmp/out" -type f \( -name '*.pdf' -o -name '*.xlsx' \) -printf '%s\n' | awk '{s += $1} END {print s + 0}')")
	done
	WALL=$(median "${wall[@]}") CPU=$(median "${cpu[@]}") RSS=$(median "${rss[@]}") BYTES=$(median "${bytes[@]}")
}

# row_shape PDF NAME — "<printed rows> <figures>" of the locality NAME: the
# lines of the PDF's text (all bands) with its name, and the figures on them.
row_shape() {
	pdftotext -layout "$1" - | /usr/bin/python3 -c '
import re, sys
name, lines, figures = " " + sys.argv[1] + " ", 0, 0
for line in sys.stdin:
    at = line.find(name)
    if at >= 0:
        lines += 1
        figures += len(re.findall(r"(?<!\S)\d{1,3}(?:\.\d{3})*(?:,\d+)?%?(?!\S)", line[at + len(name):]))
print(lines, figures)' "$2"
}
first_locality() { sed -n 2p "$1/dia_ban.csv" | cut -d, -f2; }

ms() { awk -v us="$1" 'BEGIN {printf "%.1f ms", us / 1000}'; }
secs() { awk -v us="$1" 'BEGIN {printf "%.2f s", us / 1e6}'; }
per_s() { awk -v n="$1" -v us="$2" 'BEGIN {printf "%.0f jobs/s", n / (us / 1e6)}'; }
row() { printf '  %-30s %12s %12s %10s %14s %14s\n' "$@"; }

echo "phuluc $($PHULUC --version | cut -d' ' -f2), $(nproc) cores, medians of $runs runs (single command: 21)"
row "" "wall" "CPU" "peak RSS" "rate" "output"

measure 21 "$PHULUC" build input/gia-lai-2023-2025 -o "$tmp/out"
pdf17=$(stat -c %s "$tmp/out/gia-lai-2023-2025.pdf")
# /usr/bin/time counts CPU in 10 ms ticks: for a command this short, the CPU
# figure is the mean over 21 runs timed together.
/usr/bin/time -f "%U %S" -o "$tmp/time21" bash -c \
	'for i in $(seq 21); do "$0" build input/gia-lai-2023-2025 -o "$1" 2>/dev/null || exit 1; done' "$PHULUC" "$tmp/out"
read -r u s <"$tmp/time21"
CPU=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000000 / 21}')
row "1 annex, 17 rows (command)" "$(ms "$WALL")" "$(ms "$CPU")" "$((RSS / 1024)) MiB" "$(per_s 1 "$WALL")" "$BYTES B"

measure "$runs" "$PHULUC" batch "$TREE/small" -o "$tmp/out"
row "1,000 small jobs (batch)" "$(secs "$WALL")" "$(secs "$CPU")" "$((RSS / 1024)) MiB" "$(per_s 1000 "$WALL")" "$((BYTES / 1024)) KiB"

measure "$runs" "$PHULUC" batch "$TREE/national" -o "$tmp/out"
row "national tree, 3,321 communes" "$(secs "$WALL")" "$(secs "$CPU")" "$((RSS / 1024)) MiB" "$(per_s 34 "$WALL")" "$((BYTES / 1024)) KiB"

measure 21 "$PHULUC" build "$TREE/annex-135" -o "$tmp/out"
annex_wall=$WALL
read -r annex_lines annex_figures < <(row_shape "$tmp/out/annex-135.pdf" "$(first_locality "$TREE/annex-135")")
row "annex 135 rows, 3 years" "$(ms "$WALL")" "" "$((RSS / 1024)) MiB" "$(ms $((WALL / 135)))/row" "$BYTES B"
measure 21 "$PHULUC" build "$TREE/plan-135" -o "$tmp/out"
read -r plan_lines plan_figures < <(row_shape "$tmp/out/plan-135.pdf" "$(first_locality "$TREE/plan-135")")
row "plan 135 rows, 5 years, counts" "$(ms "$WALL")" "" "$((RSS / 1024)) MiB" "$(ms $((WALL / 135)))/row" "$BYTES B"
awk -v p="$WALL" -v a="$annex_wall" -v pl="$plan_lines" -v al="$annex_lines" -v pf="$plan_figures" \
	-v af="$annex_figures" 'BEGIN {
	printf "  plan / annex (median wall of 21 runs each): per locality row %.2f;", p / a
	if (pl > 0 && al > 0 && pf > 0 && af > 0)
		printf " per printed row (%d bands / %d) %.2f; per figure (%d a row / %d) %.2f", pl, al, (p / pl) / (a / al), pf, af, (p / pf) / (a / af)
	else
		printf " (bands and figures a row not found in the PDFs)"
	printf "\n"
}'
echo "  17-row annex PDF: $pdf17 bytes"
echo "targets: 1,000 small jobs < 4 s; one job < 20 ms; national tree < 1.5 s; peak RSS < 32 MiB; 17-row PDF < 35 KB"

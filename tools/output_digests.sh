#!/bin/sh
# tools/output_digests.sh DIR — SHA-256 of every output under DIR (PDF, XLSX,
# tom_tat.txt, phan-bo CSV), one "digest  ./path" line each, sorted, leaving
# out what is not meant to repeat: batch manifests (they carry milliseconds),
# the outputs of runs killed at a random moment, and files a test tampers
# with. Used to show that a change of the code keeps every output byte for
# byte: run it on tests/tmp/release (after `VARIANTS=release tests/run.sh`)
# and on out/ (after `make run`) before and after, then diff.
set -eu
cd "$1"
find . -type f \( -name '*.pdf' -o -name '*.xlsx' -o -name '*.txt' -o -name '*.csv' \) |
	grep -v 'manifest\|killed-\|safety/big/\|tampered' | LC_ALL=C sort | xargs -d '\n' sha256sum

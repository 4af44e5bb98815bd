#!/bin/sh
# make_lo.sh — regenerates lo.xlsx and lo.xls, the LibreOffice-made workbooks
# test_xlsx.c reads (checked in: LibreOffice takes seconds to start).
# Usage: tests/unit/input/data/make_lo.sh   (needs soffice: libreoffice-calc-nogui)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What a clerk's CSV holds: codes with leading zeros (Calc reads them as
# numbers, as Excel does), a percent, a count, a date, a formula.
cat >"$tmp/lo.csv" <<'CSV'
ma,ten,ty_le,so_nguoi,ngay,tong
00004,Xã Đông Hòa,41.51%,264650,2024-03-15,=1+2
00007,Phường Hội Thương,7.5%,1200,2023-12-31,=D2+D3
CSV
soffice -env:UserInstallation=file://"$tmp"/profile --headless --infilter=CSV:44,34,76,1 \
	--convert-to xlsx --outdir "$tmp" "$tmp/lo.csv" >/dev/null 2>&1
soffice -env:UserInstallation=file://"$tmp"/profile --headless --infilter=CSV:44,34,76,1 \
	--convert-to xls --outdir "$tmp" "$tmp/lo.csv" >/dev/null 2>&1
cp "$tmp/lo.xlsx" "$tmp/lo.xls" "$here/"

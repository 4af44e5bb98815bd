#!/bin/sh
# Installs the Debian packages phuluc needs to build and test, if any are
# missing. Runs as root on a fresh Debian 12 machine (uses sudo otherwise).
# Usage: tools/install-deps.sh [build|test]
set -eu
BUILD="build-essential pkg-config libhpdf-dev libxlsxwriter-dev libcsv-dev
libutf8proc-dev libyaml-dev libjansson-dev nettle-dev libzip-dev libexpat1-dev fonts-liberation2 fonttools gettext"
TEST="libcmocka-dev poppler-utils qpdf python3 python3-openpyxl libreoffice-calc-nogui
valgrind clang-format time fonts-dejavu-core debhelper lintian strace man-db"
want=$BUILD
[ "${1:-build}" = test ] && want="$BUILD $TEST"

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

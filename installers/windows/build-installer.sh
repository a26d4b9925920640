#!/usr/bin/env bash
# Compiles the Windows installer with makensis (NSIS 3; Debian package nsis). One command:
#
#   installers/windows/build-installer.sh [BUNDLE_DIR]
#
# BUNDLE_DIR: the Windows PyInstaller bundle (dist\counter-app made by build.ps1 on Windows,
# holding counter-app.exe). PyInstaller cannot cross-compile, so on Linux there is no such
# bundle: without BUNDLE_DIR this is CI's COMPILE CHECK, with a staged placeholder payload
# (the files the installer expects, each saying it is a placeholder) and an output named
# ...-COMPILE-CHECK.exe: it proves the script compiles, it is not a product.
#
# Output: dist/CitizenServiceCounter-<version>-setup.exe (counter_protocol.__version__), or
# dist/CitizenServiceCounter-<version>-setup-COMPILE-CHECK.exe. Any makensis warning fails.
# Env: COUNTER_INSTALLER_DIST (default <repo>/dist), COUNTER_INSTALLER_WORK (default
# <repo>/build/windows-installer).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIST="${COUNTER_INSTALLER_DIST:-$ROOT/dist}"
WORK="${COUNTER_INSTALLER_WORK:-$ROOT/build/windows-installer}"
PYTHON="$ROOT/.venv/bin/python"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

fail() { echo "build-installer: $*" >&2; exit 1; }

[ $# -le 1 ] || fail "usage: $0 [BUNDLE_DIR]"
command -v makensis >/dev/null || fail "makensis not found: install NSIS 3 (apt-get install nsis)"

# The version the programs are built from, and its four numbers for the version resource.
read -r VERSION VIVERSION < <("$PYTHON" - "$ROOT/src" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[1])
from counter_protocol import __version__ as v
m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:[.+-]?[0-9A-Za-z.+-]*)?", v)
if not m:
    sys.exit(f"counter_protocol.__version__ {v!r} is not x.y.z[suffix]")
print(v, ".".join(m.groups()) + ".0")
PY
) || fail "could not read counter_protocol.__version__"
[ -n "${VIVERSION:-}" ] || fail "could not read counter_protocol.__version__"

mkdir -p "$WORK" "$DIST"
ARGS=()
if [ $# -eq 1 ]; then
    PAYLOAD="$(cd "$1" 2>/dev/null && pwd)" || fail "bundle folder not found: $1"
    OUT="$DIST/CitizenServiceCounter-$VERSION-setup.exe"
else
    PAYLOAD="$WORK/compile-check-payload"
    rm -rf "$PAYLOAD"
    mkdir -p "$PAYLOAD/_internal"
    NOTE="COMPILE CHECK placeholder made by installers/windows/build-installer.sh: not a program."
    for name in counter-app.exe counter-app-desktop.exe _internal/COMPILE-CHECK-NOT-A-PRODUCT.txt; do
        printf '%s\r\n' "$NOTE" > "$PAYLOAD/$name"
    done
    OUT="$DIST/CitizenServiceCounter-$VERSION-setup-COMPILE-CHECK.exe"
    ARGS+=(-DCOMPILE_CHECK)
    echo "build-installer: COMPILE CHECK (no Windows bundle given): $OUT is not a product"
fi

"$PYTHON" "$HERE/payload_manifest.py" "$PAYLOAD" "$WORK/payload.nsh"
ICON="$ROOT/installers/icons/counter-app.ico"
[ -f "$ICON" ] && ARGS+=("-DICON=$ICON")

# makensis writes beside the target and the result is moved into place only when whole: a
# failed build leaves no setup program at all (not even the previous one).
rm -f "$OUT"
TMP_OUT="$WORK/setup.exe.partial"
rm -f "$TMP_OUT"
makensis -WX -V2 -NOCD \
    "-DVERSION=$VERSION" "-DVIVERSION=$VIVERSION" "-DPAYLOAD=$PAYLOAD" \
    "-DMANIFEST=$WORK/payload.nsh" "-DOUTFILE=$TMP_OUT" "${ARGS[@]}" \
    "$HERE/counter-app.nsi" || fail "makensis failed (warnings count as errors)"
[ "$(head -c 2 "$TMP_OUT")" = "MZ" ] || fail "makensis wrote something that is not a Windows program"
mv -f "$TMP_OUT" "$OUT"
echo "Installer: $OUT ($(du -h "$OUT" | cut -f1))"

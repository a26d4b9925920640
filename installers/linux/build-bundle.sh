#!/usr/bin/env bash
# Builds the PyInstaller one-folder bundle: dist/counter-app/ (the executable counter-app and its
# _internal/ folder). One command, from anywhere:   installers/linux/build-bundle.sh
# A clone without the virtualenv or PyInstaller gets them first (scripts/_env.sh ensure_venv).
# Env: COUNTER_BUNDLE_DIST (default <repo>/dist), COUNTER_BUNDLE_WORK (default <repo>/build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/_env.sh"
DIST="${COUNTER_BUNDLE_DIST:-$ROOT/dist}"
WORK="${COUNTER_BUNDLE_WORK:-$ROOT/build}"
if [ ! -x "$VENV/bin/pyinstaller" ]; then
    ensure_venv "installers"  # also compiles the translations
fi
compile_translations  # .ts (in git) -> .qm, shipped in the bundle
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" "$ROOT/installers/pyinstaller/counter-app.spec"
BUNDLE="$DIST/counter-app"
# The Qt translator uses a shipped .qm only if it is not older than its .ts (ui/qt_i18n.py;
# a bundle has no lrelease to rebuild it): keep the pair's order whatever the copy did.
for qm in "$BUNDLE"/_internal/counter_app/resources/i18n/*.qm; do
    touch "$qm"
done
# Debian's libpython carries its debugging symbols: 23 MB of the bundle's 28 that nobody reads.
if command -v strip >/dev/null; then
    strip --strip-debug "$BUNDLE"/_internal/libpython3*.so*
fi
"$BUNDLE/counter-app" --version
echo "Bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"

#!/usr/bin/env bash
# Builds the Debian package dist/citizen-service-counter_<version>_amd64.deb from the PyInstaller
# bundle. One command, from anywhere:   installers/debian/build-deb.sh
# It builds the bundle first (installers/linux/build-bundle.sh) unless COUNTER_BUNDLE names one
# already built. Env: COUNTER_DEB_OUT (default <repo>/dist), COUNTER_DEB_WORK (staging, default
# <repo>/build/deb), COUNTER_DEB_COMPRESS (dpkg-deb -Z: xz, the default, or gzip, zstd, none).
# Needs dpkg-deb (and fakeroot when not root, for root-owned files in the package).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/_env.sh"
ID=io.github.CitizenServiceCenter.Counter
PKG=citizen-service-counter
OUT="${COUNTER_DEB_OUT:-$ROOT/dist}"
WORK="${COUNTER_DEB_WORK:-$ROOT/build/deb}"
VERSION="$(sed -nE 's/^__version__ = "([^"]+)"$/\1/p' "$ROOT/src/counter_protocol/__init__.py")"
[ -n "$VERSION" ] || { echo "no __version__ in src/counter_protocol/__init__.py" >&2; exit 1; }

BUNDLE="${COUNTER_BUNDLE:-}"
if [ -z "$BUNDLE" ]; then
    "$ROOT/installers/linux/build-bundle.sh"
    BUNDLE="${COUNTER_BUNDLE_DIST:-$ROOT/dist}/counter-app"
fi
[ -x "$BUNDLE/counter-app" ] || { echo "no bundle at $BUNDLE" >&2; exit 1; }

STAGE="$WORK/$PKG"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/lib/systemd/user" "$STAGE/usr/share/doc/$PKG" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps"
# -a keeps the translations' times: a .qm older than its .ts would not be used (ui/qt_i18n.py).
cp -a "$BUNDLE" "$STAGE/opt/$PKG"
# A link, not a wrapper script: the launcher costs no shell at start-up (PyInstaller's
# bootloader finds its _internal/ folder through the link).
ln -s "/opt/$PKG/counter-app" "$STAGE/usr/bin/counter-app"
install -m 644 "$HERE/$ID.desktop" "$STAGE/usr/share/applications/$ID.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" "$HERE/$ID.metainfo.xml" \
    > "$STAGE/usr/share/metainfo/$ID.metainfo.xml"
install -m 644 "$HERE/counter-app-nightly-sync.service" "$HERE/counter-app-nightly-sync.timer" \
    "$STAGE/usr/lib/systemd/user/"
install -m 644 "$ROOT/installers/icons/counter-app.svg" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps/$ID.svg"
for png in "$ROOT"/installers/icons/counter-app-*.png; do
    size="${png##*-}"; size="${size%.png}"
    install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$ID.png"
done
install -m 644 "$ROOT/docs/INSTALL.md" "$STAGE/usr/share/doc/$PKG/INSTALL.md"
install -m 644 "$HERE/copyright" "$STAGE/usr/share/doc/$PKG/copyright"
install -m 755 "$HERE/postinst" "$HERE/prerm" "$STAGE/DEBIAN/"
# Whatever the builder's umask: directories 755, files 644, executables 755.
chmod -R u+rwX,go+rX,go-w "$STAGE"

# Depends: Qt's X11 libraries and the rest of the system's runtime (scripts/_env.sh); libc6 at
# least the newest glibc symbol version any file of the bundle asks for.
GLIBC="$(find "$STAGE/opt/$PKG" -type f \( -name '*.so*' -o -name counter-app \) -exec \
    objdump -T {} + 2>/dev/null | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' \
    | sort -uV | tail -1)"
deps=()
for pkg in "${DEB_RUNTIME_PACKAGES[@]}" "${XCB_PACKAGES[@]}"; do
    if [ "$pkg" = libc6 ] && [ -n "$GLIBC" ]; then pkg="libc6 (>= $GLIBC)"; fi
    case " ${deps[*]-} " in *" $pkg,"*|*" $pkg "*) ;; *) deps+=("$pkg,") ;; esac
done
DEPENDS="${deps[*]}"; DEPENDS="${DEPENDS%,}"
SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$SIZE/" -e "s/@DEPENDS@/$DEPENDS/" \
    "$HERE/control.in" > "$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)

mkdir -p "$OUT"
DEB="$OUT/${PKG}_${VERSION}_amd64.deb"
BUILD=(dpkg-deb --root-owner-group -Z"${COUNTER_DEB_COMPRESS:-xz}" --build "$STAGE" "$DEB")
if [ "$(id -u)" -ne 0 ] && command -v fakeroot >/dev/null; then BUILD=(fakeroot "${BUILD[@]}"); fi
"${BUILD[@]}"
echo "Package: $DEB ($(du -h "$DEB" | cut -f1), installed $((SIZE / 1024)) MB)"

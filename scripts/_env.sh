# Shared by start.sh and test.sh: system packages (as root), the virtualenv, the install.
# Sourced, not run. Idempotent: a second run only checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COUNTER_VENV:-$ROOT/.venv}"

apt_install() {
    # Installs Debian/Ubuntu packages when we are root and some are missing; otherwise says
    # what to install and goes on (a developer may have them from elsewhere).
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "Installing system packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "Note: system packages missing (install them as root): ${missing[*]}" >&2
    fi
}

XCB_PACKAGES=(libx11-6 libx11-xcb1 libxcb1 libxcb-glx0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb-cursor0 libxkbcommon-x11-0)

# The desktop smoke test starts the real window on a real X server (Xvfb, xauth for xvfb-run).
TEST_DISPLAY_PACKAGES=(xvfb xauth)

ensure_test_display() {
    command -v apt-get >/dev/null && apt_install "${TEST_DISPLAY_PACKAGES[@]}"
    command -v Xvfb >/dev/null \
        || echo "Note: Xvfb missing; the desktop smoke test skips, or fails when CI is set" >&2
    return 0
}

pick_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    echo "Python 3.11 or newer is needed" >&2
    return 1
}

ensure_venv() {
    local extras="$1"
    if command -v apt-get >/dev/null; then
        # Qt's runtime libraries (xcb-cursor: Qt >= 6.5 needs it for X11 windows).
        apt_install python3-venv python3-pip sqlite3 libgl1 libegl1 libfontconfig1 \
            libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libdbus-1-3 libxcb-cursor0
        # Everything Qt's X11 plugin (plugins/platforms/libqxcb.so, libQt6XcbQpa) links
        # against: a fresh Debian lacked icccm and keysyms, so the window could not open.
        # Check: ldd .venv/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so
        apt_install "${XCB_PACKAGES[@]}"
    fi
    # Installing for the tests also sets up the system printers they print on and SANE,
    # whose "test" backend the scanning tests scan from.
    case ",$extras," in *,test,*) ensure_test_printers; ensure_test_scanners; ensure_test_display
        ensure_test_pg_tools; ensure_test_browser; ensure_packaging_tools ;; esac
    case ",$extras," in *,test,*) ensure_test_installers ;; esac
    if [ ! -x "$VENV/bin/python" ]; then
        "$(pick_python)" -m venv "$VENV"
    fi
    # Reinstall only when the project's metadata changed since the last install.
    local stamp="$VENV/.installed-$extras"
    local digest
    digest="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
        echo "$digest" > "$stamp"
    fi
    compile_translations
}

compile_translations() {
    # The build step of the Qt Linguist workflow: .ts (in git) -> .qm (built, not in git).
    local ts
    for ts in "$ROOT"/resources/i18n/*.ts; do
        if [ ! -f "${ts%.ts}.qm" ] || [ "$ts" -nt "${ts%.ts}.qm" ]; then
            "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
        fi
    done
}

# The printing tests print for real: CUPS with the cups-pdf virtual printer (CSC-PDF, whose
# output lands in a known folder) and a queue that refuses every job (CSC-BROKEN). Qt (the
# Windows spooler path, tested through its print-to-PDF mode) needs its X/GL runtime libraries.
TEST_PRINT_PACKAGES=(cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils mupdf-tools
    libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3)
CUPS_PDF_OUT="${COUNTER_TEST_CUPS_PDF_OUT:-/var/spool/cups-pdf/out}"
CUPS_PDF_PPD="lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"  # `lpinfo -m | grep -i cups-pdf`

cups_running() {
    # Not "lpstat | grep -q": with pipefail an early grep exit could fail the pipe.
    [[ "$(LC_ALL=C lpstat -r 2>/dev/null)" == *"scheduler is running"* ]]
}

ensure_cupsd() {
    # No systemd in CI containers: start the scheduler directly (it daemonizes itself).
    cups_running && return 0
    echo "Starting cupsd"
    /usr/sbin/cupsd
    for _ in $(seq 50); do
        cups_running && return 0
        sleep 0.2
    done
    echo "cupsd did not start; see /var/log/cups/error_log" >&2
    return 1
}

ensure_cups_pdf_out() {
    # cups-pdf writes as the job's user (or "nobody"), so the folder is world-writable and
    # sticky like /tmp. ${HOME}/PDF, the Debian default, would differ per user.
    local conf=/etc/cups/cups-pdf.conf
    mkdir -p "$CUPS_PDF_OUT"
    chmod 1777 "$CUPS_PDF_OUT"
    grep -qx "Out $CUPS_PDF_OUT" "$conf" \
        || sed -i -E "s|^#?Out .*|Out $CUPS_PDF_OUT|" "$conf"
    grep -qx "AnonDirName $CUPS_PDF_OUT" "$conf" \
        || sed -i -E "s|^#?AnonDirName .*|AnonDirName $CUPS_PDF_OUT|" "$conf"
}

ensure_queue() {
    # ensure_queue NAME enabled|broken: the queue exists and is in that state.
    local name="$1" want="$2"
    if ! LC_ALL=C lpstat -p "$name" >/dev/null 2>&1; then
        echo "Creating print queue $name"
        # lpadmin warns that PPD drivers are deprecated; cups-pdf has nothing else yet.
        lpadmin -p "$name" -v cups-pdf:/ -m "$CUPS_PDF_PPD"
    fi
    local printer accepting
    printer="$(LC_ALL=C lpstat -p "$name")"
    accepting="$(LC_ALL=C lpstat -a "$name")"
    if [ "$want" = enabled ]; then
        grep -q "enabled since" <<<"$printer" || cupsenable "$name"
        grep -q "not accepting" <<<"$accepting" && cupsaccept "$name"
    else
        grep -q "disabled since" <<<"$printer" || cupsdisable -r "test queue: always off" "$name"
        grep -q "not accepting" <<<"$accepting" || cupsreject -r "test queue: refuses jobs" "$name"
    fi
    return 0
}

ensure_test_printers() {
    command -v apt-get >/dev/null && apt_install "${TEST_PRINT_PACKAGES[@]}"
    if [ "$(id -u)" -ne 0 ] || ! command -v lpadmin >/dev/null || [ ! -x /usr/sbin/cupsd ]; then
        echo "Note: CUPS test printers not set up (needs root and CUPS);" \
            "their tests skip, or fail when CI is set" >&2
        return 0
    fi
    ensure_cups_pdf_out
    ensure_cupsd
    ensure_queue CSC-PDF enabled
    ensure_queue CSC-BROKEN broken
    export COUNTER_TEST_CUPS_PDF_OUT="$CUPS_PDF_OUT"
}

# The scanning tests scan for real through SANE's "test" backend (scanimage from sane-utils).
# They point SANE_CONFIG_DIR at tests/sane.d, so /etc/sane.d is neither needed nor changed.
# libzbar0: zbar, the second decoder of bench/degradation.py and of the cover-sheet tests.
TEST_SCAN_PACKAGES=(sane-utils libsane1 libzbar0)

ensure_test_scanners() {
    command -v apt-get >/dev/null && apt_install "${TEST_SCAN_PACKAGES[@]}"
    command -v scanimage >/dev/null \
        || echo "Note: scanimage (sane-utils) missing; the SANE tests skip, or fail when CI is set" >&2
    return 0
}

# The HQ restore test dumps and restores HQ's PostgreSQL database (pg_dump, pg_restore).
# The back office's browser tests drive Debian's chromium with Playwright (its own browser
# download needs the internet); fonts-noto-core gives chromium Arabic glyphs for screenshots.
ensure_test_browser() {
    command -v apt-get >/dev/null && apt_install chromium fonts-noto-core
    command -v chromium >/dev/null \
        || echo "Note: chromium missing; the back-office browser tests skip, or fail when CI is set" >&2
    return 0
}

ensure_test_pg_tools() {
    # Only when missing: a machine with PostgreSQL has them from its versioned client package.
    if ! command -v pg_dump >/dev/null && command -v apt-get >/dev/null; then
        apt_install postgresql-client
    fi
    command -v pg_dump >/dev/null \
        || echo "Note: pg_dump missing; the HQ restore test skips, or fails when CI is set" >&2
    return 0
}

# The Debian package (installers/debian/build-deb.sh): what the PyInstaller bundle needs from
# the system besides Qt's X11 libraries (XCB_PACKAGES): the C/C++ runtime, Qt's own runtime
# libraries (glib, fontconfig, freetype, GL/EGL, D-Bus, CUPS for printing) and the libraries of
# Python's standard-library modules (ssl, sqlite3, ctypes, lzma, bz2, uuid). The bundle copies
# none of these (installers/pyinstaller/counter-app.spec); tests/installers checks the list
# against every library the bundle's ELF files name.
DEB_RUNTIME_PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 libglib2.0-0 libdbus-1-3
    libfontconfig1 libfreetype6 libgl1 libegl1 libxkbcommon0 libcups2 libssl3 libsqlite3-0
    libffi8 liblzma5 libbz2-1.0 libuuid1)

# Building and checking the Linux packages (tests/installers/test_linux_package.py): dpkg-deb
# with fakeroot, desktop-file-validate, appstreamcli, strip/readelf (binutils), systemd-analyze
# (systemd) and xwininfo (x11-utils) to see the installed program's window on Xvfb.
PACKAGING_TEST_PACKAGES=(fakeroot desktop-file-utils appstream binutils systemd x11-utils)

ensure_packaging_tools() {
    command -v apt-get >/dev/null && apt_install "${PACKAGING_TEST_PACKAGES[@]}"
    command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null \
        || echo "Note: packaging tools missing; the package tests skip, or fail when CI is set" >&2
    return 0
}

# The Windows installer's compile check (tests/installers/test_windows_installer.py): makensis.
ensure_test_installers() {
    command -v apt-get >/dev/null && apt_install nsis
    command -v makensis >/dev/null \
        || echo "Note: makensis (nsis) missing; the Windows installer tests skip, or fail when CI is set" >&2
    return 0
}

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
        apt_install python3-venv python3-pip sqlite3
    fi
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
}

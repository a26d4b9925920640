#!/usr/bin/env bash
# Set up (first time) and start the counter application on its embedded default:
# local SQLite in the user's data folder, the shipped catalog, a first admin.
# Safe to run again: an existing station is left as it is.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv "hq"
APP="$VENV/bin/counter-app"
"$APP" setup \
    --center "${COUNTER_CENTER:-CSC}" \
    --center-name "${COUNTER_CENTER_NAME:-مركز خدمة المواطن}" \
    --station "${COUNTER_STATION:-1}" \
    --admin "${COUNTER_ADMIN:-admin}" \
    ${COUNTER_ADMIN_PASSWORD_STDIN:+--password-stdin}
"$APP" status
# The desktop window needs a screen; on a server without one, the status above is the start.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" != "Linux" ]; then
    exec "$APP" gui
fi
echo "No display: the station is set up; open the window with: $APP gui" >&2

#!/usr/bin/env bash
# Real-browser test of the citizen pages: Debian's chromium, driven by selenium, fills and submits
# the sipas survey in English and in Hmong, then checks the responses are in PostgreSQL.
# Run by scripts/test with BASE_URL (a running civicvoice) and DATABASE_URL (its database).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BASE_URL:?BASE_URL must point at a running server}"
: "${DATABASE_URL:?DATABASE_URL must point at the database of that server}"

# Chromium and its driver come from Debian: there is no internet to download a driver from.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "browser test: installing chromium and chromium-driver"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium chromium-driver >/dev/null
fi

venv="${BROWSER_VENV:-$here/../../.build/browser-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import selenium, psycopg" 2>/dev/null; then
    "$venv/bin/pip" install -q "selenium>=4.20,<5" "psycopg[binary]>=3.1,<4"
fi
exec "$venv/bin/python" "$here/sipas_browser_test.py"

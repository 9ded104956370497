#!/usr/bin/env bash
# Real-browser tests: Debian's chromium, driven by selenium. sipas_browser_test.py fills and submits
# the sipas survey in English and in Hmong and checks the responses are in PostgreSQL;
# staff_walk_browser_test.py walks the staff console and the citizen's PAKN pages, with axe-core
# (axe-selenium-python bundles it: no network) on every page.
# Run by scripts/test with BASE_URL (a running civicvoice), DATABASE_URL (its database) and
# CIVICVOICE_BIN (the binary, to create the first administrator as an operator would).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BASE_URL:?BASE_URL must point at a running server}"
: "${DATABASE_URL:?DATABASE_URL must point at the database of that server}"

# Chromium and its driver come from Debian: there is no internet to download a driver from.
# zbar-tools reads the desk sheet's QR code from a screenshot, as a phone's camera would.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v zbarimg >/dev/null; then
    echo "browser test: installing chromium, chromium-driver and zbar-tools"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends chromium chromium-driver zbar-tools >/dev/null
fi

venv="${BROWSER_VENV:-$here/../../.build/browser-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import selenium, psycopg, axe_selenium_python" 2>/dev/null; then
    "$venv/bin/pip" install -q "selenium>=4.20,<5" "psycopg[binary]>=3.1,<4" "axe-selenium-python>=2.1.6,<3"
fi
"$venv/bin/python" "$here/sipas_browser_test.py"

# The first administrator, made at the command line as the README says an operator does.
: "${CIVICVOICE_BIN:?CIVICVOICE_BIN must name the civicvoice binary}"
export ADMIN_LOGIN="walk.admin"
ADMIN_PASSWORD="quản trị thử nghiệm $(date +%s)"
export ADMIN_PASSWORD
printf '%s\n' "$ADMIN_PASSWORD" | "$CIVICVOICE_BIN" users add "$ADMIN_LOGIN" --role admin --name "Quản trị" --password-stdin >/dev/null
exec "$venv/bin/python" "$here/staff_walk_browser_test.py"

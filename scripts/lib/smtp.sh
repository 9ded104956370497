# shellcheck shell=bash
# A real SMTP server for scripts/test: Python's aiosmtpd (from PyPI, in a venv under .build/),
# with STARTTLS (a throwaway self-signed certificate for localhost) and AUTH required, writing
# every message it accepts to a Maildir. Source this file (after common.sh).
#
#   smtp_start DIR PORT     start it on 127.0.0.1:PORT, files under DIR; exports TEST_SMTP_URL,
#                           TEST_SMTP_CA_FILE and TEST_SMTP_MAILDIR; its pid in SMTP_PID
#   smtp_stop               stop it

[[ -n ${CV_SMTP_SOURCED:-} ]] && return 0
CV_SMTP_SOURCED=1

SMTP_PID=""

# smtp_venv: print the venv's python, creating the venv and installing aiosmtpd when needed.
smtp_venv() {
  local venv=${SMTP_VENV:-$ROOT/.build/smtp-venv}
  if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv" >&2 || cv_die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  fi
  if ! "$venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    cv_log "installing aiosmtpd (PyPI) into $venv"
    "$venv/bin/pip" install -q "aiosmtpd>=1.4,<2" >&2 || cv_die "pip install aiosmtpd failed"
  fi
  printf '%s\n' "$venv/bin/python"
}

smtp_start() {
  local dir=$1 port=$2 python tries
  python=$(smtp_venv)
  # Not the Maildir itself: aiosmtpd makes it with its tmp/, new/ and cur/ only when it is absent.
  mkdir -p "$dir"
  command -v openssl >/dev/null 2>&1 || cv_die "openssl not found: it makes the test server's certificate"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || cv_die "openssl could not make a certificate"
  cv_spawn_logged SMTP_PID "$dir/smtp.log" "$python" "$ROOT/scripts/lib/smtp_server.py" --port "$port" \
    --maildir "$dir/maildir" --cert "$dir/cert.pem" --key "$dir/key.pem" --user civicvoice --password test-relay-password
  for tries in $(seq 1 100); do
    if grep -q '^ready' "$dir/smtp.log" 2>/dev/null; then
      export TEST_SMTP_URL="smtp://civicvoice:test-relay-password@localhost:$port"
      export TEST_SMTP_CA_FILE="$dir/cert.pem" TEST_SMTP_MAILDIR="$dir/maildir"
      return 0
    fi
    kill -0 "$SMTP_PID" 2>/dev/null || break
    sleep 0.1
  done
  cv_log "the SMTP server did not start; its log:"
  cat "$dir/smtp.log" >&2 || true
  return 1
}

smtp_stop() {
  [[ -n $SMTP_PID ]] || return 0
  cv_stop "$SMTP_PID" || true
  SMTP_PID=""
}

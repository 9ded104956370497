# shellcheck shell=bash
# A private pgbouncer in transaction mode in front of a cluster of scripts/lib/postgres.sh, for
# scripts/test and scripts/faults. Source this file (after postgres.sh).
#
#   pgb_ensure_installed                       find (or apt-get install) Debian's pgbouncer; sets PGB_BIN
#   pgb_start DIR PORT UPSTREAM_PORT USER...   write DIR/pgbouncer.ini and start it on 127.0.0.1:PORT,
#                                              every database of 127.0.0.1:UPSTREAM_PORT behind it,
#                                              the given roles allowed in (trust, as the cluster)
#   pgb_stop DIR                               stop it (SIGINT: at once, then SIGKILL)
#
# Transaction pooling is the mode that breaks session state (session advisory locks, SET,
# named prepared statements, LISTEN): the server must work through it, so the tests use it.
# As root, pgbouncer refuses to run: it runs as the cluster's OS user, like postgres.

[[ -n ${CV_PGBOUNCER_SOURCED:-} ]] && return 0
CV_PGBOUNCER_SOURCED=1
# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

PGB_BIN=${PGB_BIN:-}

# pgb_ensure_installed: set PGB_BIN, installing Debian's pgbouncer package when needed. The
# package's own service (on 6432) is neither used nor touched.
pgb_ensure_installed() { cv_ensure_debian_tool PGB_BIN pgbouncer pgbouncer; }

# pgb_start DIR PORT UPSTREAM_PORT USER...: start pgbouncer (daemonised, pid in DIR/pgbouncer.pid)
# and wait until it answers. DIR is created for the cluster's OS user.
pgb_start() {
  local dir port=$2 upstream=$3 user
  dir=$(readlink -m "$1")
  shift 3
  pgb_ensure_installed
  [[ -n $PG_OS_USER ]] || pg_use_os_user "$dir"
  pg_prepare_dir "$dir"
  # trust, as the cluster behind it: the user name must still be listed in the auth file.
  : >"$dir/userlist.txt"
  for user in "$@"; do printf '"%s" ""\n' "$user" >>"$dir/userlist.txt"; done
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
; every database of the cluster, under its own name; the tests recognise pgbouncer's server
; connections by their application_name
* = host=127.0.0.1 port=$upstream connect_query='SET application_name = ''pgbouncer'''

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
; no reset between clients in transaction mode (the server must not need one)
server_reset_query =
max_client_conn = 1000
default_pool_size = 10
; tests make a database each: idle server connections go soon, so pools of finished tests close
server_idle_timeout = 5
server_lifetime = 600
; PostgresNIO and libpq send these at start-up; transaction pooling cannot keep them per client
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = postgres
EOF
  if [[ -n $PG_OS_USER ]]; then chown -R "$PG_OS_USER:" "$dir"; fi
  pg_run_to "$dir/start.log" "$PGB_BIN" -d "$dir/pgbouncer.ini" || {
    cat "$dir/start.log" "$dir/pgbouncer.log" 2>/dev/null | tail -n 20 >&2
    return 1
  }
  local i
  for ((i = 0; i < 100; i++)); do
    if "$PG_BIN/psql" -X -q -At "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=disable" \
      -c "SELECT 1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  cv_log "pgbouncer did not answer on 127.0.0.1:$port; the end of its log:"
  tail -n 20 "$dir/pgbouncer.log" >&2 || true
  return 1
}

# pgb_stop DIR: stop the pgbouncer started in DIR, if it runs.
pgb_stop() {
  local dir pid i
  dir=$(readlink -m "$1")
  [[ -f $dir/pgbouncer.pid ]] || return 0
  pid=$(<"$dir/pgbouncer.pid")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  kill -INT "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

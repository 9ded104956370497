# shellcheck shell=bash
# A private PostgreSQL cluster for scripts/serve, scripts/test and scripts/bench. Source this file.
#
#   pg_ensure_installed            find (or apt-get install) the server binaries; sets PG_BIN
#   pg_free_port                   print a free TCP port on 127.0.0.1
#   pg_init DATADIR [initdb args]  create a cluster in DATADIR unless one is there
#   pg_start DATADIR PORT LOG [name=value ...]   start it on 127.0.0.1:PORT (extra -c settings)
#   pg_stop DATADIR                stop it (fast, then immediate, then kill)
#   pg_is_running DATADIR, pg_running_port DATADIR
#   pg_psql PORT DB [psql args]    psql as the superuser `postgres` over TCP
#   pg_standby_init DATADIR PRIMARY_PORT   a streaming standby of that cluster, through a slot
#   pg_promote DATADIR             promote a standby and wait until it takes writes
#   pg_ensure_roles PORT           the owner role `civicvoice` and the server's role `civicvoice_app`
#   PG_TEST_SETTINGS               settings for a throwaway test cluster (never for serve)
#
# As root, initdb and postgres refuse to run: they run as the OS user `postgres` (created if
# missing), through runuser, from / as working directory, and every directory above the data
# directory is made traversable by that user. As a normal user, everything runs as you.
# The cluster trusts connections from 127.0.0.1 (no password); it listens nowhere else.
# A system cluster that apt may have started on 5432 is neither used nor touched.

[[ -n ${CV_POSTGRES_SOURCED:-} ]] && return 0
CV_POSTGRES_SOURCED=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_BIN=${PG_BIN:-}          # directory holding initdb, pg_ctl, postgres, psql
PG_OS_USER=""               # OS user that owns and runs the cluster; empty: the current user
# shellcheck disable=SC2034  # used by the scripts that source this file
# max_connections: the test suites open pools per test (scripts/test bounds how many run at once).
PG_TEST_SETTINGS=(fsync=off synchronous_commit=off full_page_writes=off max_connections=500)

# pg_find_bin [MAJOR]: print the bin directory of the highest installed server (or of MAJOR).
pg_find_bin() {
  local want=${1:-} dir best="" bestv=0 v
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] || continue
    v=$(basename "$(dirname "$dir")")
    [[ $v =~ ^[0-9]+$ ]] || continue
    if [[ -n $want ]]; then
      [[ $v == "$want" ]] && { echo "$dir"; return 0; }
    elif ((v > bestv)); then
      best=$dir bestv=$v
    fi
  done
  if [[ -z $want && -n $best ]]; then echo "$best"; return 0; fi
  # Other layouts (Fedora, Arch, source builds): initdb on PATH.
  if dir=$(command -v initdb 2>/dev/null) && [[ -x $(dirname "$dir")/pg_ctl ]]; then
    dir=$(dirname "$(readlink -f "$dir")")
    if [[ -z $want ]] || [[ $("$dir/pg_ctl" --version) =~ \ ${want}[.\ ] ]]; then
      echo "$dir"
      return 0
    fi
  fi
  return 1
}

# pg_ensure_installed [MAJOR]: set PG_BIN, installing Debian's postgresql package when needed.
pg_ensure_installed() {
  local want=${1:-}
  if [[ -n $PG_BIN && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -z $want ]]; then return 0; fi
  if PG_BIN=$(pg_find_bin "$want"); then return 0; fi
  if [[ -n $want ]]; then
    cv_die "the cluster needs PostgreSQL $want, whose server binaries are not installed" \
      "(apt-get install postgresql-$want, or move the data directory away)"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    cv_die "PostgreSQL server binaries (initdb, pg_ctl) not found and apt-get is not available:" \
      "install PostgreSQL 15 or later, or set DATABASE_URL"
  cv_log "PostgreSQL is not installed: installing Debian's postgresql package"
  # Note: the package may start a system cluster on port 5432; we neither use nor stop it.
  local apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1)
  cv_as_admin "${apt_env[@]}" apt-get update -q </dev/null || cv_die "apt-get update failed"
  cv_as_admin "${apt_env[@]}" apt-get install -y -q postgresql </dev/null ||
    cv_die "apt-get install postgresql failed"
  PG_BIN=$(pg_find_bin) || cv_die "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin"
}

pg_free_port() { cv_free_port; }

# pg_use_os_user DATADIR: choose who runs the cluster. As root: the owner of an existing data
# directory when that is not root, else `postgres` (created when missing).
pg_use_os_user() {
  local datadir=$1 owner
  PG_OS_USER=""
  cv_is_root || return 0
  if [[ -d $datadir ]]; then
    owner=$(stat -c %U "$datadir")
    if [[ $owner != root && $owner != UNKNOWN ]]; then
      PG_OS_USER=$owner
      return 0
    fi
  fi
  if ! id -u postgres >/dev/null 2>&1; then
    cv_log "creating the system user postgres (initdb and postgres do not run as root)"
    getent group postgres >/dev/null || groupadd --system postgres
    useradd --system --gid postgres --home-dir /var/lib/postgresql --no-create-home \
      --shell /bin/bash --comment "PostgreSQL administrator" postgres
  fi
  PG_OS_USER=postgres
}

# pg_run CMD...: run CMD as the cluster's OS user, from / (the caller's directory may be closed to it).
# pg_run_to FILE CMD...: the same, appending its output to FILE.
# (Never redirect the output of a *function* call here: a trap that runs when the command ends
# would still write into that redirection. Only external commands are redirected.)
pg_run() { _pg_exec "" "$@"; }
pg_run_to() { _pg_exec "$@"; }
_pg_exec() {
  local out=$1
  shift
  local cmd=(env -C / "$@")
  if [[ -n $PG_OS_USER ]]; then cmd=(runuser -u "$PG_OS_USER" -- "${cmd[@]}"); fi
  if [[ -n $out ]]; then "${cmd[@]}" >>"$out" 2>&1; else "${cmd[@]}"; fi
}

# pg_make_traversable PATH: let the cluster's OS user reach PATH (o+x on the directories above it
# that it cannot enter; this lets it pass through them, not list them).
pg_make_traversable() {
  local path dir
  path=$(readlink -f "$1")
  [[ -n $PG_OS_USER ]] || return 0
  dir=$(dirname "$path")
  local dirs=()
  while [[ $dir != / ]]; do dirs=("$dir" "${dirs[@]}"); dir=$(dirname "$dir"); done
  for dir in "${dirs[@]}"; do
    if ! runuser -u "$PG_OS_USER" -- test -x "$dir" 2>/dev/null; then
      cv_log "chmod o+x $dir (so that $PG_OS_USER can reach $path)"
      chmod o+x "$dir"
    fi
  done
}

# pg_prepare_dir DIR: create DIR, owned by the cluster's OS user, mode 0700, reachable by it.
pg_prepare_dir() {
  local dir=$1
  mkdir -p "$dir"
  if [[ -n $PG_OS_USER ]]; then chown "$PG_OS_USER:" "$dir"; fi
  chmod 0700 "$dir"
  pg_make_traversable "$dir"
}

_pg_abs() { readlink -m "$1"; }

# pg_init DATADIR [initdb args...]: create a cluster (superuser postgres, trust, UTF-8) unless
# DATADIR already holds one. Then PG_BIN is the server matching the cluster's version.
pg_init() {
  local datadir log rc=0 locale=C.UTF-8
  datadir=$(_pg_abs "$1")
  shift
  pg_use_os_user "$datadir"
  if [[ -f $datadir/PG_VERSION ]]; then
    local major
    major=$(<"$datadir/PG_VERSION")
    if [[ ! -x $PG_BIN/postgres ]] || ! "$PG_BIN/postgres" --version | grep -q " $major\."; then
      pg_ensure_installed "$major"
    fi
    pg_make_traversable "$datadir"
    return 0
  fi
  if [[ -d $datadir ]] && [[ -n $(ls -A "$datadir") ]]; then
    cv_die "$datadir is not empty and holds no PostgreSQL cluster: move it away"
  fi
  [[ -n $PG_BIN ]] || pg_ensure_installed
  # C.UTF-8: byte-order collation (stable, fast) with UTF-8 character classes, so that
  # lower()/upper() work on Vietnamese. Fall back to C where that locale is missing.
  if ! locale -a 2>/dev/null | grep -Eqix 'c\.utf-?8'; then locale=C; fi
  pg_prepare_dir "$datadir"
  log="$datadir.initdb.log"
  rm -f "$log"
  pg_run_to "$log" "$PG_BIN/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 \
    --locale="$locale" "$@" || rc=$?
  if [[ $rc -ne 0 ]]; then
    cat "$log" >&2
    cv_die "initdb failed for $datadir (its output is in $log)"
  fi
  rm -f "$log"
}

# pg_is_running DATADIR: true when a postmaster runs on DATADIR.
pg_is_running() {
  local datadir
  datadir=$(_pg_abs "$1")
  [[ -f $datadir/postmaster.pid ]] || return 1
  [[ -n $PG_OS_USER ]] || pg_use_os_user "$datadir"
  pg_run_to /dev/null "$PG_BIN/pg_ctl" -D "$datadir" status
}

# pg_running_port DATADIR: the port of the running postmaster (4th line of postmaster.pid).
pg_running_port() { sed -n 4p "$(_pg_abs "$1")/postmaster.pid"; }

# pg_start DATADIR PORT LOGFILE [name=value ...]: start the cluster on 127.0.0.1:PORT and wait
# until it accepts connections. Its Unix socket goes in DATADIR (none if that path is too long).
pg_start() {
  local datadir port=$2 logfile sock opts setting
  datadir=$(_pg_abs "$1")
  logfile=$(_pg_abs "$3")
  shift 3
  [[ -n $PG_BIN ]] || pg_ensure_installed
  [[ -n $PG_OS_USER ]] || pg_use_os_user "$datadir"
  [[ $datadir != *"'"* ]] || cv_die "the data directory path may not contain a quote: $datadir"
  sock=$datadir
  ((${#sock} + 20 < 107)) || sock=""   # sun_path holds 107 bytes: ".s.PGSQL.PORT" must fit
  opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$sock'"
  for setting in "$@"; do
    [[ $setting != *"'"* ]] || cv_die "a setting may not contain a quote: $setting"
    opts+=" -c '$setting'"
  done
  touch "$logfile"
  if [[ -n $PG_OS_USER ]]; then chown "$PG_OS_USER:" "$logfile"; fi
  if ! pg_run_to "$logfile" "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "$opts" start; then
    cv_log "PostgreSQL did not start; the end of $logfile:"
    tail -n 20 "$logfile" >&2
    return 1
  fi
}

# pg_stop DATADIR: stop the cluster: fast shutdown, else immediate, else SIGKILL.
pg_stop() {
  local datadir pid
  datadir=$(_pg_abs "$1")
  [[ -f $datadir/postmaster.pid ]] || return 0
  [[ -n $PG_OS_USER ]] || pg_use_os_user "$datadir"
  pg_run_to /dev/null "$PG_BIN/pg_ctl" -D "$datadir" -m fast -w -t 30 stop && return 0
  pg_is_running "$datadir" || return 0
  cv_log "PostgreSQL did not stop in 30s: immediate shutdown"
  pg_run_to /dev/null "$PG_BIN/pg_ctl" -D "$datadir" -m immediate -w -t 15 stop && return 0
  pid=$(head -n 1 "$datadir/postmaster.pid" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]]; then
    cv_log "killing postmaster $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# pg_psql PORT DB [psql args...]: psql as the superuser postgres over TCP, stopping at errors.
pg_psql() {
  local port=$1 db=$2
  shift 2
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$port user=postgres dbname=$db sslmode=disable" "$@"
}

# pg_standby_init DATADIR PRIMARY_PORT: make DATADIR a streaming standby of the cluster on
# 127.0.0.1:PRIMARY_PORT: a base backup with -R (standby.signal and primary_conninfo written for
# it), streaming its WAL during the copy. Start it with pg_start on a port of its own. The
# primary's default pg_hba (initdb) trusts replication connections from 127.0.0.1.
# The standby streams through a physical replication slot on the primary (-C -S, named after
# DATADIR), so the primary keeps every WAL segment until the standby has received it. Without
# one, a standby that falls behind or reconnects during a burst of writes asks for a segment a
# checkpoint has already recycled and never catches up again (seen in CI: "requested WAL segment
# ... has already been removed", 56 times, and three replica tests waiting out their minute).
pg_standby_init() {
  local datadir primary_port=$2 log rc=0 slot
  datadir=$(_pg_abs "$1")
  slot=standby_$(basename "$datadir" | tr -c 'a-z0-9_\n' '_')
  [[ ! -e $datadir ]] || cv_die "$datadir exists: a standby is made in a new directory"
  [[ -n $PG_BIN ]] || pg_ensure_installed
  pg_use_os_user "$datadir"
  pg_prepare_dir "$datadir"
  log="$datadir.basebackup.log"
  rm -f "$log"
  pg_run_to "$log" "$PG_BIN/pg_basebackup" -D "$datadir" -R -X stream -C -S "$slot" -c fast -U postgres \
    -d "host=127.0.0.1 port=$primary_port user=postgres sslmode=disable" || rc=$?
  if [[ $rc -ne 0 ]]; then
    cat "$log" >&2
    cv_die "pg_basebackup from 127.0.0.1:$primary_port failed (its output is in $log)"
  fi
  rm -f "$log"
}

# pg_promote DATADIR: promote the standby in DATADIR (pg_ctl promote waits until it is a primary).
pg_promote() {
  local datadir
  datadir=$(_pg_abs "$1")
  [[ -n $PG_OS_USER ]] || pg_use_os_user "$datadir"
  pg_run_to /dev/null "$PG_BIN/pg_ctl" -D "$datadir" -w -t 60 promote
}

# pg_ensure_roles PORT: the two roles of a CivicVoice database (docs/security.md), unless they
# exist: `civicvoice` owns the schema and runs the migrations; `civicvoice_app` is what the server
# connects as, which may read and write rows and nothing more (Migrations/0009_application_role.sql
# grants it that). Both log in without a password, as this cluster trusts its local connections.
pg_ensure_roles() {
  local port=$1
  pg_psql "$port" postgres -c "set client_min_messages = warning" -c "
    do \$\$
    begin
      if not exists (select from pg_roles where rolname = 'civicvoice') then
        create role civicvoice login;
      end if;
      if not exists (select from pg_roles where rolname = 'civicvoice_app') then
        create role civicvoice_app login;
      end if;
    end
    \$\$" -c "alter role civicvoice_app login nosuperuser nocreatedb nocreaterole"
}

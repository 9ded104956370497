# shellcheck shell=bash
# Helpers shared by scripts/serve, scripts/test and scripts/bench. Source this file; don't run it.
#
# Children and signals. Bash runs a trap only after the foreground command ends, so a long
# command (swift build, swift test, the server) is started in the background with cv_spawn and
# waited for with cv_wait: a Ctrl-C or SIGTERM then runs our trap at once. Each such child gets
# its own session (setsid), so the terminal's Ctrl-C reaches only this script, and the script
# stops the child's whole process tree (swift test -> swift-build, xctest, ...) with SIGTERM, and
# with SIGKILL if it is still there after CV_GRACE seconds or at a second Ctrl-C.

[[ -n ${CV_COMMON_SOURCED:-} ]] && return 0
CV_COMMON_SOURCED=1

: "${CV_NAME:=civicvoice}"   # prefix of our messages
: "${CV_GRACE:=15}"          # seconds a child gets to stop after SIGTERM
CV_SIGNAL=""                 # first signal received (INT, TERM or HUP), empty if none
CV_CHILDREN=()               # pids (each also a process-group id) of children still to stop
CV_CLEANUP_FN=""

cv_log() { printf '[%s] %s\n' "$CV_NAME" "$*" >&2; }
cv_die() { cv_log "error: $*"; exit 1; }

# cv_section TITLE: a visible header between steps.
cv_section() { printf '\n==> %s\n' "$*" >&2; }

cv_is_root() { [[ $(id -u) -eq 0 ]]; }

# cv_as_admin CMD...: run CMD as root (directly, or through sudo); fails clearly otherwise.
cv_as_admin() {
  if cv_is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    cv_die "need root to run '$*': run this script as root or install sudo"
  fi
}

# cv_ensure_debian_tool VAR COMMAND PACKAGE [APT_OPTION...]: set VAR to COMMAND's path (PATH or
# /usr/sbin), installing Debian's PACKAGE with apt-get (and the options given, e.g.
# --no-install-recommends) when it is missing (after an `apt-get update` if the first try fails).
# The package's own service, if it has one, is neither used nor touched.
cv_ensure_debian_tool() {
  local var=$1 command=$2 package=$3 found
  local options=("${@:4}")
  if [[ -n ${!var:-} && -x ${!var} ]]; then return 0; fi
  if ! found=$(command -v "$command" 2>/dev/null) && [[ -x /usr/sbin/$command ]]; then found=/usr/sbin/$command; fi
  if [[ -z $found ]]; then
    command -v apt-get >/dev/null 2>&1 || cv_die "$command not found and apt-get is not available: install $package"
    cv_log "$command is not installed: installing Debian's $package package"
    local apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1)
    cv_as_admin "${apt_env[@]}" apt-get install -y -q "${options[@]}" "$package" </dev/null ||
      { cv_as_admin "${apt_env[@]}" apt-get update -q </dev/null &&
        cv_as_admin "${apt_env[@]}" apt-get install -y -q "${options[@]}" "$package" </dev/null; } ||
      cv_die "apt-get install $package failed"
    found=$(command -v "$command" 2>/dev/null || echo "/usr/sbin/$command")
    [[ -x $found ]] || cv_die "$package installed, but $command is not on PATH or in /usr/sbin"
  fi
  printf -v "$var" '%s' "$found"
}

# ---------------------------------------------------------------- children and signals

_cv_signal_number() { case $1 in HUP) echo 1 ;; INT) echo 2 ;; TERM) echo 15 ;; *) echo 1 ;; esac; }

# _cv_session_members SID: print the pids of the processes in session SID. A child started by
# cv_spawn leads its own session; its descendants stay in it even when they take a process group
# of their own (swift test runs the test binary so) and outlive it when orphaned.
_cv_session_members() {
  local sid=$1 stat rest fields
  for stat in /proc/[0-9]*/stat; do
    { IFS= read -r rest <"$stat"; } 2>/dev/null || continue
    rest=${rest##*) }                     # after "pid (comm) ": state ppid pgrp session ...
    read -r -a fields <<<"$rest"
    if [[ ${fields[3]:-} == "$sid" ]]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done
}

# _cv_kill_tree PID SIGNAL: signal every process of the child's session (the child included).
_cv_kill_tree() {
  local member
  kill "-$2" "$1" 2>/dev/null || true
  for member in $(_cv_session_members "$1"); do kill "-$2" "$member" 2>/dev/null || true; done
}

# _cv_tree_alive PID: true while the child or anything left in its session runs.
_cv_tree_alive() { kill -0 "$1" 2>/dev/null || [[ -n $(_cv_session_members "$1") ]]; }

_cv_on_signal() {
  local sig=$1 pid
  if [[ -z $CV_SIGNAL ]]; then
    CV_SIGNAL=$sig
    cv_log "SIG$sig received: stopping"
    for pid in "${CV_CHILDREN[@]}"; do _cv_kill_tree "$pid" TERM; done
  else
    cv_log "SIG$sig received again: killing"
    for pid in "${CV_CHILDREN[@]}"; do _cv_kill_tree "$pid" KILL; done
  fi
  # No child of ours in the background: a short foreground command was running; leave now (the
  # EXIT trap cleans up). Otherwise cv_wait sees CV_SIGNAL, collects the child and ends the script.
  if [[ ${#CV_CHILDREN[@]} -eq 0 ]]; then exit $((128 + $(_cv_signal_number "$sig"))); fi
}

# cv_exit_if_signalled: after a signal, exit the way the signal would have (130 for SIGINT...).
cv_exit_if_signalled() {
  if [[ -n $CV_SIGNAL ]]; then
    exit $((128 + $(_cv_signal_number "$CV_SIGNAL")))
  fi
}

_cv_on_exit() {
  local rc=$? pid
  set +e
  trap '' INT TERM HUP   # cleanup runs to the end
  for pid in "${CV_CHILDREN[@]}"; do
    if _cv_tree_alive "$pid"; then
      _cv_kill_tree "$pid" TERM
      cv_wait "$pid" stopping
    fi
  done
  CV_CHILDREN=()
  if [[ -n $CV_CLEANUP_FN ]]; then "$CV_CLEANUP_FN"; fi
  exit "$rc"
}

# cv_install_traps [CLEANUP_FN]: stop children and call CLEANUP_FN on any exit, at once on a signal.
cv_install_traps() {
  CV_CLEANUP_FN=${1:-}
  trap _cv_on_exit EXIT
  trap '_cv_on_signal INT' INT
  trap '_cv_on_signal TERM' TERM
  trap '_cv_on_signal HUP' HUP
}

# cv_spawn VAR CMD...: start CMD in the background in its own session; its pid goes in VAR.
cv_spawn() {
  local var=$1
  shift
  if command -v setsid >/dev/null 2>&1; then
    setsid -w "$@" &
  else
    "$@" &
  fi
  CV_CHILDREN+=("$!")
  printf -v "$var" '%s' "$!"
}

# cv_spawn_logged VAR LOGFILE CMD...: cv_spawn with CMD's output appended to LOGFILE.
cv_spawn_logged() {
  local var=$1 log=$2
  shift 2
  # shellcheck disable=SC2016  # $0 and $@ belong to the inner shell
  cv_spawn "$var" sh -c 'exec "$@" >>"$0" 2>&1' "$log" "$@"
}

# cv_wait PID [stopping]: wait for a child started by cv_spawn and return its exit status. After a
# signal (or when told it is stopping) it gives the child and its session CV_GRACE seconds, then
# kills them.
cv_wait() {
  local pid=$1 stopping=${2:-} rc=0 deadline="" p remaining=()
  while kill -0 "$pid" 2>/dev/null || { [[ -n $CV_SIGNAL$stopping ]] && _cv_tree_alive "$pid"; }; do
    if [[ -n $CV_SIGNAL$stopping ]]; then
      [[ -n $deadline ]] || deadline=$((SECONDS + CV_GRACE))
      if ((SECONDS >= deadline)); then
        cv_log "process $pid (or a process it started) did not stop within ${CV_GRACE}s: killing"
        _cv_kill_tree "$pid" KILL
        deadline=$((SECONDS + 5))
      fi
      sleep 0.2
    else
      wait "$pid" 2>/dev/null || true   # returns early when a trapped signal arrives
    fi
  done
  wait "$pid" 2>/dev/null || rc=$?      # bash keeps the status of a reaped child
  for p in "${CV_CHILDREN[@]}"; do [[ $p == "$pid" ]] || remaining+=("$p"); done
  CV_CHILDREN=("${remaining[@]}")
  return "$rc"
}

# cv_stop PID: SIGTERM a child (and its process tree), wait for it; returns its exit status.
cv_stop() {
  local pid=$1
  _cv_kill_tree "$pid" TERM
  cv_wait "$pid" stopping
}

# cv_run CMD...: run CMD as a stoppable child and return its status; on a signal, exit.
cv_run() {
  local pid rc=0
  cv_spawn pid "$@"
  cv_wait "$pid" || rc=$?
  cv_exit_if_signalled
  return "$rc"
}

# cv_timed TITLE CMD...: cv_run with a header and the elapsed seconds.
cv_timed() {
  local title=$1 start=$SECONDS rc=0
  shift
  cv_section "$title"
  cv_run "$@" || rc=$?
  cv_log "$title: $((SECONDS - start))s, exit $rc"
  return "$rc"
}

# ---------------------------------------------------------------- ports and HTTP

# cv_free_port: print a TCP port that is free on 127.0.0.1 now.
cv_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
  fi
  local port tries
  for tries in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if cv_port_is_free "$port"; then echo "$port"; return 0; fi
  done
  cv_die "found no free TCP port on 127.0.0.1 (after $tries tries)"
}

# cv_port_is_free PORT [HOST]: true when a server could listen on HOST:PORT (default 127.0.0.1) now.
cv_port_is_free() {
  local port=$1 host=${2:-127.0.0.1}
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is no obstacle
try:
    s.bind((sys.argv[2], int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()' "$port" "$host"
    return
  fi
  # Without python3: free when nothing accepts a connection there.
  [[ $host == 0.0.0.0 ]] && host=127.0.0.1
  ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# cv_http_status URL: print the HTTP status of a GET of URL (000 when nothing answers).
cv_http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true
    return 0
  fi
  # Plain HTTP/1.0 through bash's /dev/tcp (http://host:port/path only).
  local rest=${url#http://} hostport path host port line fd
  hostport=${rest%%/*}
  path=/${rest#*/}
  [[ $rest == */* ]] || path=/
  host=${hostport%:*}
  port=${hostport##*:}
  [[ $hostport == *:* ]] || port=80
  if exec {fd}<>"/dev/tcp/$host/$port" 2>/dev/null; then
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&"$fd"
    IFS= read -r -t 5 line <&"$fd" || true
    exec {fd}>&-
    line=${line#* }
    echo "${line%% *}"
  else
    echo 000
  fi
}

# cv_wait_http URL PID TIMEOUT: wait until URL answers 200 while process PID lives.
cv_wait_http() {
  local url=$1 pid=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(cv_http_status "$url") == 200 ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    [[ -z $CV_SIGNAL ]] || return 1
    sleep 0.3
  done
  return 1
}

# cv_redact_url URL: the URL without its password.
cv_redact_url() { sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# cv_has_subcommand BIN WORD...: true when BIN (a swift-argument-parser tool) has that
# subcommand. (`BIN help unknown` prints the root help and exits 0, so read its usage line.)
cv_has_subcommand() {
  local bin=$1 usage
  shift
  usage=$("$bin" help "$@" 2>/dev/null) || return 1
  grep -Eq "^USAGE: +[^ ]+ $*( |$)" <<<"$usage"
}

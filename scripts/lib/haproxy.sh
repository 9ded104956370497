# shellcheck shell=bash
# A private haproxy (Debian's package) for scripts/faults: one process on 127.0.0.1 with two
# proxies, the HTTP balancer in front of the CivicVoice servers and a TCP proxy in front of
# PostgreSQL that moves to the standby when the primary stops answering. Source this file (after
# common.sh).
#
#   hap_ensure_installed                    find (or apt-get install) haproxy; sets HAP_BIN
#   hap_write_config FILE HTTP_PORT PG_PORT PRIMARY_PORT STANDBY_PORT SERVER_PORT...
#                                           write the configuration (checked with haproxy -c)
#
# Start it with cv_spawn_logged VAR LOG "$HAP_BIN" -db -f FILE (in the foreground of its own
# session, so the script's traps stop it), stop it with cv_stop.
#
# Why these settings:
# - HTTP: round robin over the servers, each checked on /readyz every 250 ms (down after 2
#   failures, up after 2 successes) and marked down at once on a refused connection (observe
#   layer4); a request whose connection is refused goes to another server (retries, redispatch).
#   A request in flight on a server that dies is not retried by the balancer (a POST may have
#   been stored): the client gets a 502 and resends under the same id, which the API makes safe.
# - PostgreSQL: the primary, and the standby as a backup server taken only when the primary is
#   down (pgsql-check: a startup packet and the server's answer, every 250 ms); sessions to a
#   server marked down are cut so that the pools reconnect. Which node is writable is the
#   operator's decision (stop the primary, promote the standby), as in a manual failover: the
#   proxy only follows the one that answers.

[[ -n ${CV_HAPROXY_SOURCED:-} ]] && return 0
CV_HAPROXY_SOURCED=1

HAP_BIN=${HAP_BIN:-}

# hap_ensure_installed: set HAP_BIN, installing Debian's haproxy package when needed. The
# package's own service is neither used nor touched.
hap_ensure_installed() { cv_ensure_debian_tool HAP_BIN haproxy haproxy; }

# hap_write_config FILE HTTP_PORT PG_PORT PRIMARY_PORT STANDBY_PORT SERVER_PORT...
hap_write_config() {
  local file=$1 http_port=$2 pg_port=$3 primary=$4 standby=$5 port n=0
  shift 5
  hap_ensure_installed
  cat >"$file" <<EOF
global
    maxconn 4096

defaults
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 1s
    timeout http-request 10s

listen civicvoice
    mode http
    bind 127.0.0.1:$http_port
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    option redispatch
    retries 2
    default-server inter 250ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
EOF
  for port in "$@"; do
    n=$((n + 1))
    echo "    server server-$n 127.0.0.1:$port check" >>"$file"
  done
  cat >>"$file" <<EOF

listen postgres
    mode tcp
    bind 127.0.0.1:$pg_port
    option pgsql-check user postgres
    default-server inter 250ms fall 2 rise 2 on-marked-down shutdown-sessions
    server primary 127.0.0.1:$primary check
    server standby 127.0.0.1:$standby check backup
EOF
  "$HAP_BIN" -c -q -f "$file" || cv_die "haproxy refuses its configuration $file"
}

#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the PostgreSQL tests. Installs nothing.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints export lines (URL, data folder)
#   bash .ci/postgres.sh stop [DIR]         # stops it and deletes its folder
#
# initdb and pg_ctl refuse to run as root, so as root the cluster belongs to the
# `postgres` system user (runuser); as any other user it belongs to that user.
# It listens on 127.0.0.1 only, on a free port, with a random password.
set -euo pipefail

STATE_FILE="${TMPDIR:-/tmp}/certtraining-pg.last"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" && -n "$(command -v pg_ctl || true)" ]]; then
    dir=$(dirname "$(command -v pg_ctl)")
  fi
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    echo "postgres.sh: PostgreSQL server binaries not found (Debian: apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bin dir port password
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/certtraining-pg.XXXXXX")
  chmod 700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
  fi
  port=$(free_port)
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"

  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  rm -f "$dir/pwfile"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres certtraining_test
  echo "$dir" >"$STATE_FILE"
  echo "export CERTTRAINING_PG_DIR=$dir"
  echo "export CERTTRAINING_TEST_PG_URL=postgresql+psycopg://postgres:$password@127.0.0.1:$port/certtraining_test"
}

stop() {
  local dir="${1:-${CERTTRAINING_PG_DIR:-}}"
  if [[ -z "$dir" && -f "$STATE_FILE" ]]; then
    dir=$(cat "$STATE_FILE")
  fi
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "postgres.sh: no throw-away cluster to stop" >&2
    return 0
  fi
  case "$dir" in
    "${TMPDIR:-/tmp}"/certtraining-pg.*) ;;
    *)
      echo "postgres.sh: refusing to delete $dir (not a throw-away cluster folder)" >&2
      exit 1
      ;;
  esac
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
  if [[ -f "$STATE_FILE" && "$(cat "$STATE_FILE")" == "$dir" ]]; then
    rm -f "$STATE_FILE"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
    ;;
esac

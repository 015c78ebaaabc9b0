#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server.
#
#   tests/scripts/with_postgres.sh build/kinship_tests --gtest_filter='Postgres*'
#
# Starts a private server (its own data dir, Unix socket only, no TCP), creates an empty
# database, runs the command with KINSHIP_TEST_PG_URL set to a libpq URI for it, then stops
# the server and removes its files, also when the command fails or the script is
# interrupted. Exits with the command's exit code. When KINSHIP_TEST_PG_URL is already set,
# the command runs against that database and no server is started.
#
# initdb refuses to run as root (and CI runs as root), so as root the server runs as the
# `postgres` user through runuser; as any other user it runs as that user.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ -n "${KINSHIP_TEST_PG_URL:-}" ]]; then
  exec "$@"
fi

PG_BIN="${KINSHIP_PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl createdb pg_isready; do
  if [[ ! -x "$PG_BIN/$tool" ]]; then
    echo "with_postgres: $PG_BIN/$tool not found; install PostgreSQL 15" \
      "(apt-get install postgresql-15, or run make)" >&2
    exit 1
  fi
done

as_server_user=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    echo "with_postgres: running as root, but there is no 'postgres' user to run the" \
      "server as (initdb refuses root); install the postgresql package" >&2
    exit 1
  fi
  as_server_user=(runuser -u postgres --)
fi

work_dir=""
data_dir=""
server_started=0
child_pid=""

# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$child_pid" ]] && kill -0 "$child_pid" 2>/dev/null; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  if [[ $server_started -eq 1 ]]; then
    "${as_server_user[@]}" "$PG_BIN/pg_ctl" -D "$data_dir" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  if [[ -n "$work_dir" && -d "$work_dir" ]]; then
    rm -rf -- "$work_dir"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "with_postgres: $1" >&2
  if [[ -f "$work_dir/server.log" ]]; then
    echo "--- server log ---" >&2
    tail -n 30 "$work_dir/server.log" >&2 || true
  fi
  exit 1
}

# A short path: the socket path must fit in 107 bytes.
work_dir=$(mktemp -d /tmp/kinship-pg.XXXXXX)
chmod 0755 "$work_dir"
if [[ ${#as_server_user[@]} -gt 0 ]]; then
  chown postgres: "$work_dir"
fi
data_dir="$work_dir/data"
socket_dir="$work_dir"

# The socket dir is private, so any port works for us; still pick one nobody else uses,
# so that the server is easy to tell apart in `ps` and a stray TCP setting cannot clash.
port=54329
while [[ -e "/tmp/.s.PGSQL.$port" || -e "/var/run/postgresql/.s.PGSQL.$port" ]] ||
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1; do
  port=$((port + 1))
  if [[ $port -gt 54429 ]]; then
    fail "no free port between 54329 and 54429"
  fi
done

locale_args=(--no-locale)
if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
  locale_args=(--locale=C.UTF-8)
fi

"${as_server_user[@]}" "$PG_BIN/initdb" -D "$data_dir" -A trust -U postgres -E UTF8 \
  "${locale_args[@]}" --no-sync >"$work_dir/initdb.log" 2>&1 ||
  { cat "$work_dir/initdb.log" >&2; fail "initdb failed"; }

server_started=1
# Durability settings off: the data is thrown away at the end.
server_options="-k $socket_dir -p $port -c listen_addresses=''"
server_options+=" -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
"${as_server_user[@]}" "$PG_BIN/pg_ctl" -D "$data_dir" -l "$work_dir/server.log" -w -t 60 \
  -o "$server_options" start >/dev/null || fail "the server did not start"

db_name=kinship_test
"$PG_BIN/createdb" -h "$socket_dir" -p "$port" -U postgres "$db_name" ||
  fail "createdb failed"

export KINSHIP_TEST_PG_URL="postgresql:///$db_name?host=$socket_dir&port=$port&user=postgres"

# In the background so that a TERM to this script stops the command and the server at
# once, instead of after the command ends; stdin is passed through explicitly.
set +e
"$@" <&0 &
child_pid=$!
wait "$child_pid"
rc=$?
child_pid=""
set -e
exit "$rc"

#!/usr/bin/env bash
# Encounter write throughput (issue 3): wrk POSTs a realistic encounter — an injection kit,
# five items, every other one with a participant, some with used syringes back — to
# `kinship serve` on SQLite and on PostgreSQL, and in the same run the raw SQLite ceiling for
# exactly the rows one encounter writes (bench/raw_encounter_insert.c, one durable
# transaction per encounter, the server stopped).
#
#   bash bench/encounters.sh                    # or: make bench-encounters
#   BIN=build/kinship DURATION=10s CONNECTIONS="16 64" BACKENDS="sqlite postgres" bash bench/encounters.sh
#
# Environment: BIN (default <repo>/build/kinship), DURATION (per wrk run, default 10s),
# CONNECTIONS (default "16 64"), BACKENDS (default "sqlite postgres"), DEMO_SIZE (the data the
# server starts with: full = the ~100,000-encounter demo, tiny; default full), SERVER_FLAGS
# (more `serve` flags), OUT (default bench/results/encounters.md), BENCH_TMP (default /tmp).
# PostgreSQL runs as a private, durable server (fsync and synchronous_commit on, like
# production) from /usr/lib/postgresql/15/bin, as the postgres user when run as root.
# Exits non-zero if a step fails, a request got a non-2xx answer or a socket error, or the
# stock no longer equals the sum of the movements afterwards.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$REPO/bench"
BIN=${BIN:-$REPO/build/kinship}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-"16 64"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
DEMO_SIZE=${DEMO_SIZE:-full}
SERVER_FLAGS=${SERVER_FLAGS:-}
OUT=${OUT:-$BENCH_DIR/results/encounters.md}
BENCH_TMP=${BENCH_TMP:-/tmp}
PG_BIN=${KINSHIP_PG_BIN:-/usr/lib/postgresql/15/bin}
export BENCH_DIR

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }
for tool in wrk curl cc node sqlite3; do command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"; done
[[ -x $BIN ]] || die "no server binary at $BIN (build it, or set BIN)"
case $DURATION in
  *m) SECONDS_PER_RUN=$(( ${DURATION%m} * 60 )) ;;
  *s) SECONDS_PER_RUN=${DURATION%s} ;;
  *) SECONDS_PER_RUN=$DURATION; DURATION="${DURATION}s" ;;
esac
[[ $SECONDS_PER_RUN =~ ^[0-9]+$ && $SECONDS_PER_RUN -ge 1 && $SECONDS_PER_RUN -le 120 ]] ||
  die "DURATION must be 1s..120s, e.g. 10s"

DIR=$(mktemp -d "$BENCH_TMP/kinship-bench-enc.XXXXXX")
chmod 0755 "$DIR"
SERVER_PID=""
PG_DATA=""
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)
stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
stop_postgres() {
  if [[ -n $PG_DATA ]]; then "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true; fi
  PG_DATA=""
}
cleanup() { stop_server; stop_postgres; rm -rf "$DIR"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# --- the raw SQLite ceiling ---------------------------------------------------------------
log "compiling bench/raw_encounter_insert.c"
cc -O2 -Wall -Wextra -o "$DIR/raw_encounter_insert" "$BENCH_DIR/raw_encounter_insert.c" -lsqlite3
raw_run() {  # label
  rm -f "$DIR"/raw.db*
  "$BIN" demo --size tiny --db "sqlite:$DIR/raw.db" --key-file "$DIR/raw.key" --log-level warn >/dev/null
  log "raw SQLite encounter insert ($1): one transaction per encounter, ${SECONDS_PER_RUN}s"
  timeout $(( SECONDS_PER_RUN + 60 )) "$DIR/raw_encounter_insert" "$DIR/raw.db" "$SECONDS_PER_RUN" ||
    die "the raw SQLite benchmark failed"
}
raw_before=$(raw_run "before the servers")

# --- a durable private PostgreSQL ---------------------------------------------------------
start_postgres() {
  for tool in initdb pg_ctl createdb; do [[ -x $PG_BIN/$tool ]] || die "$PG_BIN/$tool not found"; done
  PG_DATA="$DIR/pg"
  mkdir -p "$PG_DATA"
  [[ ${#as_pg[@]} -gt 0 ]] && chown postgres: "$DIR" "$PG_DATA"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  local port=54430
  while [[ -e "$DIR/.s.PGSQL.$port" ]]; do port=$((port + 1)); done
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$DIR/pg.log" -w -t 60 \
    -o "-k $DIR -p $port -c listen_addresses='' -c max_connections=200" start >/dev/null || die "postgres did not start"
  "$PG_BIN/createdb" -h "$DIR" -p "$port" -U postgres kinship_bench || die "createdb failed"
  PG_URL="postgresql:///kinship_bench?host=$DIR&port=$port&user=postgres"
}

# --- one backend --------------------------------------------------------------------------
declare -A RPS P50 P99 MAXL NON2XX SOCKERR ROWS_BACKEND
DEMO_SECONDS=()
FAILED=0
run_backend() {  # sqlite|postgres
  local backend=$1 db keyargs=(--key-file "$DIR/$1.key")
  if [[ $backend == sqlite ]]; then
    db="sqlite:$DIR/k.db"
  else
    start_postgres
    db=$PG_URL
  fi
  log "$backend: kinship demo --size $DEMO_SIZE"
  local t0=$SECONDS
  "$BIN" demo --size "$DEMO_SIZE" --db "$db" "${keyargs[@]}" --log-level warn >"$DIR/demo-$backend.txt"
  DEMO_SECONDS+=("$backend $(( SECONDS - t0 ))")
  local serve=(serve --db "$db" "${keyargs[@]}" --listen 127.0.0.1:0 --port-file "$DIR/port-$backend" --log-level warn)
  # shellcheck disable=SC2206
  [[ -n $SERVER_FLAGS ]] && serve+=($SERVER_FLAGS)
  "$BIN" "${serve[@]}" 2>"$DIR/server-$backend.log" &
  SERVER_PID=$!
  for _ in $(seq 200); do [[ -s $DIR/port-$backend ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  [[ -s $DIR/port-$backend ]] || { cat "$DIR/server-$backend.log" >&2; die "the server did not start"; }
  local base="http://127.0.0.1:$(cat "$DIR/port-$backend")"
  local login csrf token_json
  login=$(curl -fsS -c "$DIR/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"coordinator","password":"kinship-demo"}' "$base/api/v1/session") || die "login failed"
  csrf=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
  token_json=$(curl -fsS -b "$DIR/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d '{"name":"bench"}' "$base/api/v1/tokens") || die "creating an API token failed"
  KINSHIP_TOKEN=$(grep -o '"token":"kst_[^"]*"' <<<"$token_json" | cut -d'"' -f4)
  export KINSHIP_TOKEN
  log "$backend: receiving stock and registering participants through the API"
  node "$BENCH_DIR/bench_setup.mjs" "$base" >"$DIR/setup-$backend.env" || die "the set-up through the API failed"
  set -a
  # shellcheck disable=SC1090
  source "$DIR/setup-$backend.env"
  set +a
  for c in $CONNECTIONS; do
    local threads=$(( c < 2 ? c : 2 )) out="$DIR/wrk-$backend-$c.txt"
    log "$backend: wrk $c connections, $DURATION"
    timeout $(( SECONDS_PER_RUN + 60 )) wrk -t"$threads" -c"$c" -d"$DURATION" --timeout 10s --latency \
      -s "$BENCH_DIR/encounter.lua" "$base/api/v1/encounters" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    local line requests duration_us p50_us p99_us max_us non2xx connect_err read_err write_err timeouts
    line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "no RESULT line from wrk"; }
    eval "$(tr ' ' '\n' <<<"${line#RESULT }" | grep -E '^(requests|duration_us|p50_us|p99_us|max_us|non2xx|connect_err|read_err|write_err|timeouts)=[0-9.]+$')"
    RPS[$backend:$c]=$(awk -v n="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    P50[$backend:$c]=$p50_us
    P99[$backend:$c]=$p99_us
    MAXL[$backend:$c]=$max_us
    NON2XX[$backend:$c]=$non2xx
    SOCKERR[$backend:$c]=$(( connect_err + read_err + write_err + timeouts ))
    (( non2xx == 0 && SOCKERR[$backend:$c] == 0 )) || { FAILED=1; grep -m3 -i 'error\|warn' "$DIR/server-$backend.log" >&2 || true; }
  done
  curl -fsS "$base/metrics" >"$DIR/metrics-$backend.txt" || true
  stop_server
  # The ledger must still add up: stock = the sum of movements, for every site and lot.
  local check="SELECT COUNT(*) FROM (SELECT program_id, site_id, lot_id, SUM(quantity) AS q FROM movements GROUP BY 1, 2, 3) m
    JOIN stock s USING (program_id, site_id, lot_id) WHERE s.quantity <> m.q"
  local bad count_sql="SELECT COUNT(*) FROM encounters"
  if [[ $backend == sqlite ]]; then
    bad=$(sqlite3 "$DIR/k.db" "$check")
    ROWS_BACKEND[$backend]=$(sqlite3 "$DIR/k.db" "$count_sql")
  else
    bad=$(psql -X -A -t -v ON_ERROR_STOP=1 "$PG_URL" -c "$check")
    ROWS_BACKEND[$backend]=$(psql -X -A -t "$PG_URL" -c "$count_sql")
    stop_postgres
  fi
  [[ $bad == 0 ]] || { log "$backend: $bad stock rows differ from their movements"; FAILED=1; }
}

for backend in $BACKENDS; do run_backend "$backend"; done
raw_after=$(raw_run "after the servers")
RAW_RATE=$(awk -v a="$(field "$raw_before" rate)" -v b="$(field "$raw_after" rate)" 'BEGIN { print (a > b) ? a : b }')

# --- report -------------------------------------------------------------------------------
report() {
  echo "# Encounter writes — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- binary: \`$BIN\`, built $(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ); HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git -C "$REPO" status --porcelain -- src 2>/dev/null) ]] && echo ' (src/ has uncommitted changes)')"
  echo "- machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $BENCH_TMP on $(df -T "$BENCH_TMP" | awk 'NR==2 { print $2 }'); wrk shares the CPUs with the server (and with PostgreSQL)"
  echo "- request: POST /api/v1/encounters, injection kit (5 items, 60 units), every other one with a participant, every third with returned syringes; sites rotate; Bearer token"
  echo "- data: \`kinship demo --size $DEMO_SIZE\` first (took: ${DEMO_SECONDS[*]} s), plus stock received and 200 participants registered through the API"
  echo "- wrk $DURATION per row, \`-t min(2,conns)\`, \`--latency\`, keep-alive, loopback; PostgreSQL 15 with fsync and synchronous_commit on"
  echo
  echo "| backend | conns | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | server / raw ceiling | p99 < 20 ms |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|"
  local b c
  for b in $BACKENDS; do
    for c in $CONNECTIONS; do
      local k=$b:$c
      echo "| $b | $c | ${RPS[$k]} | $(ms "${P50[$k]}") | $(ms "${P99[$k]}") | $(ms "${MAXL[$k]}") | ${NON2XX[$k]} | ${SOCKERR[$k]} | $(ratio "${RPS[$k]}" "$RAW_RATE") | $(awk -v p="${P99[$k]}" 'BEGIN { print (p < 20000) ? "yes" : "no" }') |"
    done
  done
  echo
  echo "Encounters in the database after the runs: $(for b in $BACKENDS; do printf '%s %s; ' "$b" "${ROWS_BACKEND[$b]}"; done)stock equals the sum of movements: $( ((FAILED)) && echo 'CHECK FAILED' || echo yes)."
  echo
  echo "## Raw SQLite ceiling: the same rows, one transaction per encounter, server stopped"
  echo
  echo "| run | encounters/s | p50 ms per tx | p99 ms per tx | max ms per tx |"
  echo "|---|--:|--:|--:|--:|"
  local line label
  for label in before after; do
    if [[ $label == before ]]; then line=$raw_before; else line=$raw_after; fi
    echo "| $label the servers | $(field "$line" rate) | $(field "$line" p50_ms) | $(field "$line" p99_ms) | $(field "$line" max_ms) |"
  done
  echo
  echo "Ceiling used: $RAW_RATE encounters/s (the higher of the two)."
}

mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
if (( FAILED )); then
  log "some requests failed or the ledger check failed: see above"
  exit 1
fi

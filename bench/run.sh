#!/usr/bin/env bash
# Load test of `kinship serve` on SQLite with wrk, and in the same run the two references it
# is judged against: the HTTP floor (GET /healthz) and the raw SQLite ceiling (the same
# insert straight through SQLite, same durability, one transaction per insert).
#
#   bash bench/run.sh                          # or: make bench
#   BIN=build/kinship DURATION=10s CONNECTIONS="1 16 64" WORKERS=64 bash bench/run.sh
#
# Environment: BIN (default <repo>/build/kinship), DURATION (wrk duration, default 10s),
# CONNECTIONS (default "1 16 64"), WORKERS (server --workers; empty = the server default),
# SERVER_FLAGS (more `serve` flags, e.g. "--db-pool 32"),
# RAW_BATCH (rows per transaction for the second, informational raw run; 0 skips it;
# default 64), OUT (default bench/results/latest.md), BENCH_TMP (parent of the temp dir,
# default /tmp; the server's and the raw benchmark's databases both live there).
# Loopback only. Writes a Markdown report to stdout and to $OUT. Exits non-zero if a step
# fails or any request got a non-2xx answer or a socket error.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$REPO/bench"
BIN=${BIN:-$REPO/build/kinship}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
WORKERS=${WORKERS:-}
SERVER_FLAGS=${SERVER_FLAGS:-}
RAW_BATCH=${RAW_BATCH:-64}
OUT=${OUT:-$BENCH_DIR/results/latest.md}
BENCH_TMP=${BENCH_TMP:-/tmp}
export BENCH_DIR

die() { echo "bench: $*" >&2; exit 1; }
for tool in wrk curl cc awk; do command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"; done
[[ -x $BIN ]] || die "no server binary at $BIN (build it, or set BIN)"

# DURATION in wrk's syntax (10s, 2m) -> seconds, for the raw benchmark and the RSS sample.
case $DURATION in
  *m) SECONDS_PER_RUN=$(( ${DURATION%m} * 60 )) ;;
  *s) SECONDS_PER_RUN=${DURATION%s} ;;
  *) SECONDS_PER_RUN=$DURATION; DURATION="${DURATION}s" ;;
esac
[[ $SECONDS_PER_RUN =~ ^[0-9]+$ && $SECONDS_PER_RUN -ge 1 && $SECONDS_PER_RUN -le 120 ]] ||
  die "DURATION must be 1s..120s, e.g. 10s"

DIR=$(mktemp -d "$BENCH_TMP/kinship-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per() { awk -v a="$1" -v b="$2" 'BEGIN { if (b ~ /^[0-9]+$/ && b > 0 && a ~ /^[0-9]+$/) printf "%.1f", a / b; else print "-" }'; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
proc_field() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"; }

# --- the raw SQLite ceiling --------------------------------------------------------------
log "compiling bench/raw_sqlite_insert.c"
cc -O2 -Wall -Wextra -o "$DIR/raw_sqlite_insert" "$BENCH_DIR/raw_sqlite_insert.c" -lsqlite3
raw_insert() {  # label db rows_per_tx
  log "raw SQLite insert ($1): $3 row(s) per transaction, ${SECONDS_PER_RUN}s"
  timeout $(( SECONDS_PER_RUN + 30 )) "$DIR/raw_sqlite_insert" "$DIR/$2" "$SECONDS_PER_RUN" "$3" ||
    die "the raw SQLite benchmark failed"
}
# Once before the server starts and once after it stops (the disk's fsync rate drifts with
# other work on the machine); the higher of the two is the ceiling the server is held to.
raw_before=$(raw_insert "before the server" raw-before.db 1)

# --- the server --------------------------------------------------------------------------
log "creating the demo database in $DIR"
"$BIN" demo --size tiny --db "sqlite:$DIR/k.db" --log-level warn >"$DIR/demo.txt"
SERVE_ARGS=(serve --db "sqlite:$DIR/k.db" --listen 127.0.0.1:0 --port-file "$DIR/port" --log-level warn)
[[ -n $WORKERS ]] && SERVE_ARGS+=(--workers "$WORKERS")
# shellcheck disable=SC2206
[[ -n $SERVER_FLAGS ]] && SERVE_ARGS+=($SERVER_FLAGS)
"$BIN" "${SERVE_ARGS[@]}" 2>"$DIR/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do [[ -s $DIR/port ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
[[ -s $DIR/port ]] || { cat "$DIR/server.log" >&2; die "the server did not start"; }
PORT=$(cat "$DIR/port")
BASE="http://127.0.0.1:$PORT"
curl -fsS "$BASE/healthz" >/dev/null || die "GET /healthz failed"
log "server pid $SERVER_PID on port $PORT (${WORKERS:+--workers $WORKERS}${WORKERS:-default workers})"

# Log in as the demo coordinator, then make an API token with the session (cookie + CSRF).
login=$(curl -fsS -c "$DIR/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"coordinator","password":"kinship-demo"}' "$BASE/api/v1/session") || die "login failed"
csrf=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
[[ -n $csrf ]] || die "no csrf_token in the login answer: $login"
token_json=$(curl -fsS -b "$DIR/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench"}' "$BASE/api/v1/tokens") || die "creating an API token failed"
KINSHIP_TOKEN=$(grep -o '"token":"kst_[^"]*"' <<<"$token_json" | cut -d'"' -f4)
[[ -n $KINSHIP_TOKEN ]] || die "no token in the answer: $token_json"
export KINSHIP_TOKEN
curl -fsS -H "Authorization: Bearer $KINSHIP_TOKEN" "$BASE/api/v1/sites" >/dev/null || die "GET /api/v1/sites failed"

# With perf, count per run the server's context switches, fdatasync calls (one per commit,
# plus two per WAL checkpoint) and openat calls (SQLite opens 3 files per new connection).
HAVE_PERF=0
if command -v perf >/dev/null &&
   perf stat -e context-switches,syscalls:sys_enter_fdatasync,syscalls:sys_enter_openat \
     -p "$SERVER_PID" -- sleep 0.1 >/dev/null 2>&1; then
  HAVE_PERF=1
else
  log "perf cannot count the server's syscalls here; the kernel-counter columns will be empty"
fi

sleep 1
IDLE_RSS=$(proc_field VmRSS)
IDLE_THREADS=$(proc_field Threads)
IDLE_HWM=$(proc_field VmHWM)

# --- idle keep-alive connections ----------------------------------------------------------
# They must cost no thread: hold IDLE_CONNECTIONS open (each served once) and count.
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-500}
rm -f "$DIR/idle-ready"
node "$BENCH_DIR/idle_connections.mjs" "$BASE" "$IDLE_CONNECTIONS" "$DIR/idle-ready" >"$DIR/idle.log" 2>&1 &
IDLE_PID=$!
for _ in $(seq 1 200); do [[ -f $DIR/idle-ready ]] && break; sleep 0.05; done
HELD_RSS=$(proc_field VmRSS)
HELD_THREADS=$(proc_field Threads)
HELD_SOCKETS=$(ls -l /proc/"$SERVER_PID"/fd 2>/dev/null | grep -c socket)
wait "$IDLE_PID" || { log "idle connections failed: $(cat "$DIR/idle.log")"; FAILED=1; }

# --- wrk runs ----------------------------------------------------------------------------
# One row per run: name conns threads rps p50_us p99_us max_us non2xx sock_err rss_kib
ROWS=()
declare -A RPS P99  # "name:conns" -> requests/s, p99 in microseconds
FAILED=${FAILED:-0}
# Sum and count of the server's own handler timing for one route (seconds, requests).
handler_time() {
  curl -fsS "$BASE/metrics" | awk -v r="route=\"$1\"" '
    index($0, r) && /^kinship_http_request_duration_seconds_sum/ { s = $2 }
    index($0, r) && /^kinship_http_request_duration_seconds_count/ { c = $2 }
    END { printf "%s %s\n", (s == "" ? 0 : s), (c == "" ? 0 : c) }'
}

run_wrk() {  # name script path conns
  local name=$1 script=$2 path=$3 conns=$4
  local threads=$(( conns < 2 ? conns : 2 ))
  local out="$DIR/wrk-$name-$conns.txt"
  log "wrk $name: $conns connections, $threads threads, $DURATION"
  local before after
  before=$(handler_time "$path")
  local perf_pid=""
  if (( HAVE_PERF )); then
    perf stat -x, -e context-switches,syscalls:sys_enter_fdatasync,syscalls:sys_enter_openat \
      -p "$SERVER_PID" -o "$DIR/perf-$name-$conns.txt" -- sleep "$SECONDS_PER_RUN" &
    perf_pid=$!
  fi
  BENCH_TAG="c$conns" timeout $(( SECONDS_PER_RUN + 30 )) \
    wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 5s --latency -s "$BENCH_DIR/$script" "$BASE$path" \
    >"$out" 2>&1 &
  local wrk_pid=$!
  # RSS in the middle of the run, i.e. under load.
  sleep "$(awk -v s="$SECONDS_PER_RUN" 'BEGIN { print s / 2 }')"
  local rss
  rss=$(proc_field VmRSS)
  wait "$wrk_pid" || { cat "$out" >&2; die "wrk failed ($name, $conns connections)"; }
  after=$(handler_time "$path")
  local cs=- fsyncs=- opens=-
  if [[ -n $perf_pid ]] && wait "$perf_pid"; then
    cs=$(awk -F, '$3 == "context-switches" { print $1 }' "$DIR/perf-$name-$conns.txt")
    fsyncs=$(awk -F, '$3 ~ /fdatasync/ { print $1 }' "$DIR/perf-$name-$conns.txt")
    opens=$(awk -F, '$3 ~ /openat/ { print $1 }' "$DIR/perf-$name-$conns.txt")
  fi
  local handler_us
  handler_us=$(awk -v b="$before" -v a="$after" 'BEGIN {
    split(b, x, " "); split(a, y, " "); n = y[2] - x[2]
    if (n > 0) printf "%.0f", 1e6 * (y[1] - x[1]) / n; else print 0 }')
  local line
  line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "no RESULT line from wrk ($name)"; }
  local requests duration_us p50_us p99_us max_us non2xx connect_err read_err write_err timeouts
  eval "$(tr ' ' '\n' <<<"${line#RESULT }" | grep -E '^(requests|duration_us|p50_us|p99_us|max_us|non2xx|connect_err|read_err|write_err|timeouts)=[0-9.]+$')"
  local sock_err=$(( connect_err + read_err + write_err + timeouts ))
  local rps
  rps=$(awk -v n="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  (( non2xx == 0 && sock_err == 0 )) || FAILED=1
  RPS[$name:$conns]=$rps
  P99[$name:$conns]=$p99_us
  ROWS+=("$name $conns $threads $rps $p50_us $p99_us $max_us $non2xx $sock_err $rss $requests $handler_us $cs $fsyncs $opens")
}

for c in $CONNECTIONS; do run_wrk floor floor.lua /healthz "$c"; done
for c in $CONNECTIONS; do run_wrk read read.lua /api/v1/sites "$c"; done
for c in $CONNECTIONS; do run_wrk write write.lua /api/v1/sites "$c"; done

LOAD_RSS=$(proc_field VmRSS)
HWM=$(proc_field VmHWM)
LOAD_THREADS=$(proc_field Threads)
curl -fsS "$BASE/metrics" >"$DIR/metrics.txt" || true

# Stop the server, then check that every acknowledged create is in the file.
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""
written_ok=0
for r in "${ROWS[@]}"; do
  read -r name _ _ _ _ _ _ non2xx _ _ requests _ <<<"$r"
  [[ $name == write ]] && written_ok=$(( written_ok + requests - non2xx ))
done
stored="n/a"
if command -v sqlite3 >/dev/null; then
  stored=$(sqlite3 "$DIR/k.db" "SELECT count(*) FROM sites WHERE name LIKE 'bench-%'")
  (( stored >= written_ok )) || { log "only $stored of $written_ok acknowledged sites are stored"; FAILED=1; }
fi

# The raw runs never overlap the server's, so the two never share the disk or the CPUs.
raw_after=$(raw_insert "after the server" raw-after.db 1)
raw_batch=""
(( RAW_BATCH > 1 )) && raw_batch=$(raw_insert "group-commit reference" raw-batch.db "$RAW_BATCH")
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }
RAW_RATE=$(awk -v a="$(field "$raw_before" rate)" -v b="$(field "$raw_after" rate)" 'BEGIN { print (a > b) ? a : b }')

# --- report ------------------------------------------------------------------------------
report() {
  echo "# Kinship load test — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- server: \`$(basename "$BIN") ${SERVE_ARGS[*]/$DIR/\$DIR}\`"
  echo "- binary: \`$BIN\`, built $(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ); repository HEAD at run time: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git -C "$REPO" status --porcelain -- src CMakeLists.txt 2>/dev/null) ]] && echo ' (src/ has uncommitted changes)')"
  echo "- load: wrk $DURATION per row, \`-t min(2,conns)\`, \`--latency\`, keep-alive, loopback; wrk shares the $(nproc) CPUs with the server"
  echo "- database: SQLite WAL, synchronous=FULL, foreign_keys=ON, in $BENCH_TMP ($(df -T "$BENCH_TMP" | awk 'NR==2 { print $2 }'))"
  echo
  echo "## HTTP"
  echo
  echo "| endpoint | conns | wrk threads | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | RSS under load MiB | server handler mean ms | ctx switches / req | req / fdatasync | openat |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  local r
  for r in "${ROWS[@]}"; do
    read -r name conns threads rps p50 p99 max non2xx sock rss requests handler cs fsyncs opens <<<"$r"
    case $name in
      floor) label='GET /healthz (floor)' ;;
      read) label='GET /api/v1/sites (token)' ;;
      write) label='POST /api/v1/sites' ;;
    esac
    echo "| $label | $conns | $threads | $rps | $(ms "$p50") | $(ms "$p99") | $(ms "$max") | $non2xx | $sock | $(kib_to_mib "$rss") | $(ms "$handler") | $(per "$cs" "$requests") | $(per "$requests" "$fsyncs") | $opens |"
  done
  echo
  echo "## Raw SQLite insert (same row, same pragmas, same file system, server stopped)"
  echo
  echo "| run | rows per transaction | inserts/s | p50 ms per tx | p99 ms per tx | max ms per tx |"
  echo "|---|--:|--:|--:|--:|--:|"
  local line label
  for label in before after batch; do
    case $label in
      before) line=$raw_before; label="ceiling, before the server" ;;
      after) line=$raw_after; label="ceiling, after the server" ;;
      batch) line=$raw_batch; label="group-commit reference (not a goal)" ;;
    esac
    [[ -n $line ]] || continue
    echo "| $label | $(field "$line" rows_per_tx) | $(field "$line" rate) | $(field "$line" p50_ms) | $(field "$line" p99_ms) | $(field "$line" max_ms) |"
  done
  echo
  echo "## Ratios"
  echo
  echo "Raw ceiling used: $RAW_RATE inserts/s (the higher of the two 1-row runs)."
  echo
  echo "| conns | server write / raw 1-tx insert | server write / floor | server read / floor | write p99 < 20 ms |"
  echo "|--:|--:|--:|--:|:-:|"
  local c
  for c in $CONNECTIONS; do
    local w=${RPS[write:$c]} f=${RPS[floor:$c]} rd=${RPS[read:$c]} p99=${P99[write:$c]}
    echo "| $c | $(ratio "$w" "$RAW_RATE") | $(ratio "$w" "$f") | $(ratio "$rd" "$f") | $(awk -v p="$p99" 'BEGIN { print (p < 20000) ? "yes" : "no" }') |"
  done
  echo
  echo "## Server memory and threads"
  echo
  echo "| | VmRSS MiB | VmHWM MiB (peak so far) | threads |"
  echo "|---|--:|--:|--:|"
  echo "| idle (after start, one login, one token) | $(kib_to_mib "$IDLE_RSS") | $(kib_to_mib "$IDLE_HWM") | $IDLE_THREADS |"
  echo "| holding $IDLE_CONNECTIONS idle keep-alive connections ($HELD_SOCKETS sockets open) | $(kib_to_mib "$HELD_RSS") | - | $HELD_THREADS |"
  echo "| after all load | $(kib_to_mib "$LOAD_RSS") | $(kib_to_mib "$HWM") | $LOAD_THREADS |"
  echo
  echo "The idle peak already includes the one login: argon2id password verification is memory-hard."
  echo "Idle keep-alive connections cost no thread: the thread count is the same with $IDLE_CONNECTIONS of them open."
  echo
  echo "Acknowledged creates: $written_ok; bench sites in the database after shutdown: $stored."
  echo
  echo "## Answers by status, as the server counted them (/metrics after the run)"
  echo
  echo "| route | method | status | count |"
  echo "|---|---|--:|--:|"
  awk '/^kinship_http_requests_total/ {
      match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8)
      match($0, /method="[^"]*"/); m = substr($0, RSTART + 8, RLENGTH - 9)
      match($0, /status="[^"]*"/); s = substr($0, RSTART + 8, RLENGTH - 9)
      printf "| %s | %s | %s | %s |\n", r, m, s, $2
    }' "$DIR/metrics.txt"
  echo
  echo "\"server handler mean\" above is the server's own timing of App::Handle (worker thread:"
  echo "auth, SQL, waiting for the group commit) for that run, from /metrics before and after it;"
  echo "wrk's latency adds the wait for a free worker, the I/O thread and the network stack."
  echo "The last three columns are kernel counters for the server process during the run (perf stat):"
  echo "context switches per request; requests per fdatasync (for writes, about the mean group-commit"
  echo "batch; WAL checkpoints add two fdatasyncs each); openat calls (SQLite opens the db, -wal and"
  echo "-shm files for each new connection, so reads should show ~0 once the reader pool is warm)."
}

mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
if (( FAILED )); then
  log "some requests failed (non-2xx or socket errors) or acknowledged writes are missing: see the tables"
  exit 1
fi

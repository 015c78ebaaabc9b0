#!/usr/bin/env bash
# Reads at scale (issue 3): `kinship demo --scale 100` (10 million encounters, two years) on
# SQLite, then the latency of the dashboard (today, week, month; whole program and one site),
# the stock card of the busiest item at the busiest site, and a few other lists, request by
# request (bench/latency.mjs), with the server's memory (VmRSS, VmHWM).
#
#   bash bench/scale.sh                         # or: make bench-scale
#   SCALE=10 bash bench/scale.sh                # a smaller run
#   SCALE_DB=/var/tmp/k100.db bash bench/scale.sh   # keep / reuse the generated database
#
# Environment: BIN (default <repo>/build/kinship), SCALE (default 100), SCALE_DB (the
# database file; generated when missing and kept; default: a temp file, removed), REQUESTS
# (per endpoint, default 200), CONCURRENCY (requests in flight, default 1), OUT (default
# bench/results/scale.md), BENCH_TMP (default /tmp). Goals: p99 < 200 ms, RSS < 200 MB.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$REPO/bench"
BIN=${BIN:-$REPO/build/kinship}
SCALE=${SCALE:-100}
REQUESTS=${REQUESTS:-200}
CONCURRENCY=${CONCURRENCY:-1}
OUT=${OUT:-$BENCH_DIR/results/scale.md}
BENCH_TMP=${BENCH_TMP:-/tmp}

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }
for tool in curl node sqlite3; do command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"; done
[[ -x $BIN ]] || die "no server binary at $BIN (build it, or set BIN)"

DIR=$(mktemp -d "$BENCH_TMP/kinship-bench-scale.XXXXXX")
KEEP_DB=1
if [[ -z ${SCALE_DB:-} ]]; then SCALE_DB="$DIR/scale.db"; KEEP_DB=0; fi
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
proc_field() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
size_of() {  # GB of a database file and its WAL
  local total=0 f
  for f in "$1" "$1-wal"; do [[ -f $f ]] && total=$(( total + $(stat -c %s "$f") )); done
  awk -v b="$total" 'BEGIN { printf "%.2f", b / 1e9 }'
}

GENERATED="reused $SCALE_DB"
DEMO_LINE=""
if [[ ! -s $SCALE_DB ]]; then
  # About 0.56 GB per 100,000 encounters: do not fill a disk others work on.
  need_kb=$(( SCALE * 560 * 1024 + 10 * 1024 * 1024 ))
  free_kb=$(df -Pk "$(dirname "$SCALE_DB")" | awk 'NR == 2 { print $4 }')
  (( free_kb > need_kb )) ||
    die "scale $SCALE needs about $(( need_kb / 1024 / 1024 )) GB free (with 10 GB to spare) in $(dirname "$SCALE_DB"), there are $(( free_kb / 1024 / 1024 )) GB; use a smaller SCALE or another SCALE_DB"
  log "kinship demo --scale $SCALE into $SCALE_DB (this takes a while)"
  t0=$(date +%s.%N)
  /usr/bin/time -v "$BIN" demo --scale "$SCALE" --db "sqlite:$SCALE_DB" --log-level warn \
    >"$DIR/demo.txt" 2>"$DIR/demo-time.txt" || { cat "$DIR/demo.txt" "$DIR/demo-time.txt" >&2; die "demo failed"; }
  t1=$(date +%s.%N)
  GENERATED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "generated in %.0f s", b - a }')
  GENERATED+=", peak RSS $(awk '/Maximum resident set size/ { printf "%.0f MiB", $6 / 1024 }' "$DIR/demo-time.txt")"
  DEMO_LINE=$(grep '^Two years' "$DIR/demo.txt" || true)
fi
DB_SIZE=$(size_of "$SCALE_DB")
ENCOUNTERS=$(sqlite3 "$SCALE_DB" "SELECT COUNT(*) FROM encounters")
log "$ENCOUNTERS encounters, $DB_SIZE GB"

# The busiest item at the busiest site of the eastside program (from the small roll-up table).
read -r PROGRAM SITE ITEM < <(sqlite3 -separator ' ' "$SCALE_DB" "
  SELECT d.program_id, d.site_id, d.item_id FROM daily_item_stats d JOIN programs p ON p.id = d.program_id
  WHERE p.slug = 'eastside' GROUP BY 1, 2, 3 ORDER BY SUM(d.quantity) DESC LIMIT 1")
MOVEMENTS_ON_CARD=$(sqlite3 "$SCALE_DB" "SELECT COUNT(*) FROM movements
  WHERE program_id = '$PROGRAM' AND site_id = '$SITE' AND item_id = '$ITEM'")

"$BIN" serve --db "sqlite:$SCALE_DB" --listen 127.0.0.1:0 --port-file "$DIR/port" --log-level warn 2>"$DIR/server.log" &
SERVER_PID=$!
for _ in $(seq 600); do [[ -s $DIR/port ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
[[ -s $DIR/port ]] || { cat "$DIR/server.log" >&2; die "the server did not start"; }
BASE="http://127.0.0.1:$(cat "$DIR/port")"
login=$(curl -fsS -c "$DIR/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"coordinator","password":"kinship-demo"}' "$BASE/api/v1/session") || die "login failed"
csrf=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
token_json=$(curl -fsS -b "$DIR/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench"}' "$BASE/api/v1/tokens") || die "creating an API token failed"
KINSHIP_TOKEN=$(grep -o '"token":"kst_[^"]*"' <<<"$token_json" | cut -d'"' -f4)
export KINSHIP_TOKEN
IDLE_RSS=$(proc_field VmRSS)

PATHS=(
  "/api/v1/dashboard?period=today"
  "/api/v1/dashboard?period=week"
  "/api/v1/dashboard?period=month"
  "/api/v1/dashboard?period=month&site_id=$SITE"
  "/api/v1/stock/card?site_id=$SITE&item_id=$ITEM"
  "/api/v1/stock/card?site_id=$SITE&item_id=$ITEM&limit=500"
  "/api/v1/stock?site_id=$SITE"
  "/api/v1/stock/expiring"
  "/api/v1/encounters?limit=100"
  "/api/v1/referrals/board"
)
log "latency: $REQUESTS requests per endpoint, $CONCURRENCY in flight"
FAILED=0
node "$BENCH_DIR/latency.mjs" "$BASE" "$REQUESTS" "$CONCURRENCY" "${PATHS[@]}" >"$DIR/latency.txt" || FAILED=1
cat "$DIR/latency.txt" >&2
LOAD_RSS=$(proc_field VmRSS)
HWM=$(proc_field VmHWM)

report() {
  echo "# Reads at scale $SCALE — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- binary: \`$BIN\`, built $(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ); HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, database on $(df -T "$(dirname "$SCALE_DB")" | awk 'NR==2 { print $2 }')"
  echo "- data: \`kinship demo --scale $SCALE\` — $ENCOUNTERS encounters, database $DB_SIZE GB ($GENERATED)"
  [[ -n $DEMO_LINE ]] && echo "- generator: $DEMO_LINE"
  echo "- stock card: the busiest item at the busiest eastside site, $MOVEMENTS_ON_CARD movements on the card"
  echo "- $REQUESTS requests per endpoint after 3 warm-up ones, $CONCURRENCY in flight, Bearer token (coordinator); \"first\" is the very first request (cold)"
  echo
  echo "| endpoint | first ms | p50 ms | p90 ms | p99 ms | max ms | bytes | p99 < 200 ms |"
  echo "|---|--:|--:|--:|--:|--:|--:|:-:|"
  local line
  while read -r line; do
    local kv=${line#RESULT }
    local path first p50 p90 p99 max bytes error
    path=$(tr ' ' '\n' <<<"$kv" | awk -F= '$1 == "path" { sub(/^path=/, ""); print }')
    path=${path//$SITE/<site>}
    path=${path//$ITEM/<item>}
    error=$(grep -o 'error=.*' <<<"$kv" || true)
    if [[ -n $error ]]; then echo "| \`$path\` | $error | | | | | | no |"; continue; fi
    for k in first_ms p50_ms p90_ms p99_ms max_ms bytes; do
      printf -v "${k%_ms}" '%s' "$(tr ' ' '\n' <<<"$kv" | awk -F= -v k="$k" '$1 == k { print $2 }')"
    done
    echo "| \`$path\` | $first | $p50 | $p90 | $p99 | $max | $bytes | $(awk -v p="$p99" 'BEGIN { print (p < 200) ? "yes" : "no" }') |"
  done < <(grep '^RESULT ' "$DIR/latency.txt")
  echo
  echo "| server memory | MiB |"
  echo "|---|--:|"
  echo "| VmRSS after start and login | $(kib_to_mib "$IDLE_RSS") |"
  echo "| VmRSS after the requests | $(kib_to_mib "$LOAD_RSS") |"
  echo "| VmHWM (peak) | $(kib_to_mib "$HWM") |"
}

mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
(( KEEP_DB )) && log "kept $SCALE_DB"
(( FAILED == 0 )) || die "some requests failed (see the table)"

#!/usr/bin/env bash
# Runs every test suite and ends with one summary line "N passed, M failed".
#   unit      gtest (ctest), with a throwaway PostgreSQL for the store tests
#   api       the data-driven API tests against the real server, on SQLite and on PostgreSQL
#   cli       the command line (exit codes, init, users, backup/restore, audit verify)
#   reliability  SIGKILL mid-write loses nothing acknowledged; SIGTERM drains in-flight requests
#   fuzz      libFuzzer targets for the parsers, from the kept corpus (tests/fuzz)
#   browser   the web app in Debian's Chromium (playwright-core)
#   asan      unit, API and CLI tests again with the AddressSanitizer/UBSan build
# Select suites with SUITES="unit api" (default: all). Artifacts go to build/test-artifacts.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build-asan}
SUITES=${SUITES:-unit api cli reliability browser fuzz asan}
export KINSHIP_ARTIFACTS=${KINSHIP_ARTIFACTS:-$ROOT/$BUILD/test-artifacts}
mkdir -p "$KINSHIP_ARTIFACTS"
WITH_PG="$ROOT/tests/scripts/with_postgres.sh"

total_pass=0
total_fail=0
summary=()
digest=()  # one short "why" per failed node test, printed just above the summary

tap_digest() {  # suite tap-file: the first lines of each failed test's error and its location
  awk -v suite="$1" '
    /^ *not ok [0-9]+ - / { name = $0; sub(/^ *not ok [0-9]+ - /, "", name); grab = 1; err = 0; n = 0; loc = ""; next }
    grab && /^ *location: / { loc = $0; sub(/^ *location: /, "", loc) }
    grab && /^ *error: / { err = 1; msg = $0; sub(/^ *error: (\|-)?/, "", msg); next }
    grab && err && /^ *(code|name|expected|actual|operator|stack|failureType|\.\.\.)[:]?/ {
      printf "%s: %s (%s)%s\n", suite, name, loc, msg; grab = 0; next }
    grab && err && n < 3 { line = $0; gsub(/^ +/, "", line); if (line != "") { msg = msg " | " line; n++ } }
  ' "$2" 2>/dev/null | cut -c1-400 | head -n 8
}

record() {  # name pass fail
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
  summary+=("$(printf '%-28s %5d passed, %d failed' "$1" "$2" "$3")")
}

run_ctest() {  # name build-dir
  local log="$KINSHIP_ARTIFACTS/$1.log"
  echo "=== $1"
  "$WITH_PG" ctest --test-dir "$2" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
  local line pass fail total
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$line" ]; then record "$1" 0 1; return; fi
  fail=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
  pass=$((total - fail))
  record "$1" "$pass" "$fail"
}

run_node() {  # name dir [VAR=value...]: node --test on dir/*.test.mjs; WRAP may name a wrapper command
  local name=$1 dir=$2; shift 2
  local tap="$KINSHIP_ARTIFACTS/$name.tap"
  echo "=== $name"
  rm -f "$tap"
  if ! ls "$dir"/*.test.mjs >/dev/null 2>&1; then echo "no tests in $dir"; record "$name" 0 1; return; fi
  ${WRAP:-} env "$@" node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "$dir"/*.test.mjs
  local pass fail
  pass=$(grep -E '^# pass [0-9]+' "$tap" 2>/dev/null | tail -n 1 | awk '{print $3}')
  fail=$(grep -E '^# fail [0-9]+' "$tap" 2>/dev/null | tail -n 1 | awk '{print $3}')
  if [ -z "$pass" ]; then record "$name" 0 1; return; fi
  record "$name" "${pass:-0}" "${fail:-0}"
  if [ "${fail:-0}" -gt 0 ]; then
    local line
    while IFS= read -r line; do digest+=("$line"); done < <(tap_digest "$name" "$tap")
  fi
}

for suite in $SUITES; do
  case $suite in
    unit) run_ctest unit "$BUILD" ;;
    api)
      run_node api-sqlite tests/api KINSHIP_BIN="$ROOT/$BUILD/kinship" KINSHIP_TEST_BACKEND=sqlite
      WRAP=$WITH_PG run_node api-postgres tests/api KINSHIP_BIN="$ROOT/$BUILD/kinship" KINSHIP_TEST_BACKEND=postgres
      ;;
    cli) WRAP=$WITH_PG run_node cli tests/cli KINSHIP_BIN="$ROOT/$BUILD/kinship" ;;
    reliability) run_node reliability tests/reliability KINSHIP_BIN="$ROOT/$BUILD/kinship" ;;
    fuzz)
      echo "=== fuzz (libFuzzer, ${FUZZ_SECONDS:-20}s per target)"
      FUZZ_BUILD="$BUILD/fuzz" bash tests/fuzz/run.sh | tee "$KINSHIP_ARTIFACTS/fuzz.log"
      record fuzz "$(grep -c ': ok' "$KINSHIP_ARTIFACTS/fuzz.log")" "$(grep -c ': FAILED' "$KINSHIP_ARTIFACTS/fuzz.log")"
      ;;
    browser) run_node browser tests/browser KINSHIP_BIN="$ROOT/$BUILD/kinship" ;;
    asan)
      export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
      export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
      run_ctest unit-asan "$ASAN_BUILD"
      run_node api-sqlite-asan tests/api KINSHIP_BIN="$ROOT/$ASAN_BUILD/kinship" KINSHIP_TEST_BACKEND=sqlite
      WRAP=$WITH_PG run_node cli-asan tests/cli KINSHIP_BIN="$ROOT/$ASAN_BUILD/kinship"
      ;;
    *) echo "unknown suite $suite"; record "$suite" 0 1 ;;
  esac
done

echo
if [ ${#digest[@]} -gt 0 ]; then
  echo "=== failed tests (first lines of each error; the whole output is above)"
  printf '%s\n' "${digest[@]}"
fi
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "TOTAL: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

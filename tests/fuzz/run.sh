#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for FUZZ_SECONDS
# (default 20) starting from its kept corpus in tests/fuzz/corpus/<target>/, in a working
# copy under the build dir. With FUZZ_KEEP=1 the corpus is then minimised (-merge=1) back
# into tests/fuzz/corpus/<target>/; commit it to keep what the run found. The seed is fixed
# (FUZZ_SEED, default 1) so a test run explores the same inputs each time; set another
# seed to explore further.
# Prints "fuzz <target>: ok" or "fuzz <target>: FAILED" per target and exits non-zero on a crash.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${FUZZ_BUILD:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-20}
mkdir -p "$OUT"
CXX=${FUZZ_CXX:-clang++}
FLAGS=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc)
declare -A SOURCES=(
  [json_body]="src/http/json_body.cpp src/core/status.cpp"
  [csv]="src/core/csv.cpp src/core/status.cpp"
  [stats]="$(ls src/research/stats_{service,meta,tables,rows}.cpp src/stats/*.cpp | grep -v _test.cpp | tr '\n' ' ') src/http/json_body.cpp src/core/csv.cpp src/core/status.cpp src/encounters/calendar.cpp"
  [http_target]="src/http/message.cpp src/http/router.cpp src/http/static_files.cpp src/core/ids.cpp src/core/crypto.cpp src/core/status.cpp"
)
failed=0
for target in json_body http_target csv stats; do
  bin="$OUT/fuzz_$target"
  # shellcheck disable=SC2086
  if ! "$CXX" "${FLAGS[@]}" "tests/fuzz/fuzz_$target.cpp" ${SOURCES[$target]} -lsodium -o "$bin" 2>"$OUT/$target.build.log"; then
    echo "fuzz $target: FAILED (build; see $OUT/$target.build.log)"; cat "$OUT/$target.build.log" | head -20; failed=1; continue
  fi
  mkdir -p "tests/fuzz/corpus/$target"
  work="$OUT/corpus-$target"
  rm -rf "$work" && mkdir -p "$work" && cp -r "tests/fuzz/corpus/$target/." "$work/"
  if "$bin" -seed="${FUZZ_SEED:-1}" -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=5 -rss_limit_mb=1024 \
      -artifact_prefix="$OUT/$target-" "$work" >"$OUT/$target.log" 2>&1; then
    if [ "${FUZZ_KEEP:-0}" = 1 ]; then
      kept="$OUT/kept-$target" && rm -rf "$kept" && mkdir -p "$kept"
      "$bin" -merge=1 "$kept" "$work" >/dev/null 2>&1 && rm -rf "tests/fuzz/corpus/$target" && mv "$kept" "tests/fuzz/corpus/$target"
    fi
    echo "fuzz $target: ok ($(grep -Eo '#[0-9]+' "$OUT/$target.log" | tail -n 1 | tr -d '#') runs, corpus $(ls "$work" | wc -l) files)"
  else
    echo "fuzz $target: FAILED"; tail -n 40 "$OUT/$target.log"; failed=1
  fi
done
exit $failed

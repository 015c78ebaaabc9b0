#!/usr/bin/env bash
# The statistics engine against R (issue 4): meta-analysis of proportions (DerSimonian–Laird
# and REML, 10 / 1,000 / 100,000 studies), chi-square and Fisher's exact test on large tables,
# each timed in C++ (src/stats, stats_bench.cpp) and in R (metafor's rma, fisher.test,
# chisq.test; stats_bench.R) on the same CSV inputs, in the same run, case by case.
# R's start-up is not timed: both sides time only the calls, inside the program.
#
#   bash bench/stats/run.sh                    # or: make bench-stats
#   CASES="fisher_2x2_n100000 meta_reml_k1000" bash bench/stats/run.sh
#
# Environment: BUILD_DIR (default <repo>/build-bench-stats: objects, binaries and the inputs
# in BUILD_DIR/inputs, kept for checking by hand), CXX (default g++), CXXFLAGS (default
# -O2 -DNDEBUG, as the RelWithDebInfo build), SEED (inputs, default 20261123), CASES (ids from
# inputs/cases.csv; default all), R_CASE_TIMEOUT (seconds per R case, start-up included,
# default 150), R_MEM_LIMIT_KB (ulimit -v of each R process, default 8 GiB, so metafor's
# k×k matrices fail at once instead of pushing a shared machine into the OOM killer),
# OUT (default bench/results/stats.md).
# Needs g++, the Boost headers (make deps), Rscript and metafor (r-base-core,
# r-cran-metafor: make bench-stats installs them). Exits non-zero if the C++ side fails;
# R's errors and timeouts are recorded in the report.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO/bench/stats"
BUILD_DIR=${BUILD_DIR:-$REPO/build-bench-stats}
CXX=${CXX:-g++}
CXXFLAGS=${CXXFLAGS:-"-O2 -DNDEBUG"}
SEED=${SEED:-20261123}
CASES=${CASES:-}
R_CASE_TIMEOUT=${R_CASE_TIMEOUT:-150}
R_MEM_LIMIT_KB=${R_MEM_LIMIT_KB:-8388608}
OUT=${OUT:-$REPO/bench/results/stats.md}

die() { echo "bench-stats: $*" >&2; exit 1; }
log() { echo "bench-stats: $*" >&2; }
command -v "$CXX" >/dev/null || die "$CXX is not installed (make deps)"
command -v Rscript >/dev/null || die "Rscript is not installed (make bench-stats installs r-base-core r-cran-metafor)"
Rscript -e 'suppressPackageStartupMessages(library(metafor))' >/dev/null 2>&1 ||
  die "R package metafor is missing (make bench-stats installs r-cran-metafor)"

# Build: the library sources the benchmark needs, once, then the two programs.
mkdir -p "$BUILD_DIR/obj" "$BUILD_DIR/inputs"
log "building with $CXX $CXXFLAGS into $BUILD_DIR"
LIB_SOURCES=(src/core/status.cpp src/stats/meta.cpp src/stats/contingency.cpp src/stats/distributions.cpp
  src/stats/noncentral_hypergeometric.cpp src/stats/proportion.cpp)
objects=()
pids=()
for src in "${LIB_SOURCES[@]}"; do
  obj="$BUILD_DIR/obj/$(basename "${src%.cpp}").o"
  objects+=("$obj")
  # shellcheck disable=SC2086
  $CXX -std=c++20 $CXXFLAGS -Wall -Wextra -I "$REPO/src" -c "$REPO/$src" -o "$obj" &
  pids+=($!)
  if (( ${#pids[@]} >= $(nproc) )); then wait "${pids[0]}" || die "compiling failed"; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid" || die "compiling failed"; done
for prog in make_inputs stats_bench; do
  # shellcheck disable=SC2086
  $CXX -std=c++20 $CXXFLAGS -Wall -Wextra -I "$REPO/src" "$HERE/$prog.cpp" "${objects[@]}" -o "$BUILD_DIR/$prog" ||
    die "building $prog failed"
done

INPUTS="$BUILD_DIR/inputs"
"$BUILD_DIR/make_inputs" "$INPUTS" "$SEED"
[[ -n $CASES ]] || CASES=$(tail -n +2 "$INPUTS/cases.csv" | cut -d, -f1 | tr '\n' ' ')
for id in $CASES; do
  grep -q "^$id," "$INPUTS/cases.csv" || die "unknown case $id (see $INPUTS/cases.csv)"
done

# Case by case, C++ then R, so both sides see the same load on a shared machine.
CPP_TSV="$BUILD_DIR/cpp.tsv"
R_TSV="$BUILD_DIR/r.tsv"
: >"$CPP_TSV"
: >"$R_TSV"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for id in $CASES; do
  log "$id"
  "$BUILD_DIR/stats_bench" "$INPUTS" "$id" >>"$CPP_TSV" || die "stats_bench failed on $id"
  set +e
  line=$( (ulimit -v "$R_MEM_LIMIT_KB"; timeout "$R_CASE_TIMEOUT" Rscript "$HERE/stats_bench.R" "$INPUTS" "$id") 2>"$BUILD_DIR/r-$id.err")
  rc=$?
  set -e
  if [[ $rc -eq 124 ]]; then
    line=$(printf '%s\tNA\t0\terror: did not finish within %s s (timeout)\t' "$id" "$R_CASE_TIMEOUT")
  elif [[ -z $line ]]; then
    line=$(printf '%s\tNA\t0\terror: Rscript exited %s: %s\t' "$id" "$rc" "$(tail -n 1 "$BUILD_DIR/r-$id.err")")
  fi
  printf '%s\n' "$line" >>"$R_TSV"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# shellcheck disable=SC2016  # R code, not shell
R_VERSION=$(Rscript -e 'cat(R.version$major, ".", R.version$minor, sep = "")')
METAFOR_VERSION=$(Rscript -e 'cat(as.character(packageVersion("metafor")))')
# shellcheck disable=SC2016
R_BLAS=$(Rscript -e 'cat(basename(sessionInfo()$BLAS))')
CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)

mkdir -p "$(dirname "$OUT")"
{
  echo "# Statistics engine vs R — $STARTED"
  echo
  echo "- machine: $(nproc) CPUs ($CPU), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; load average $LOAD_BEFORE before, $LOAD_AFTER after"
  echo "- Kinship: HEAD $HEAD (src/stats as in the working tree), \`$CXX -std=c++20 $CXXFLAGS\` ($($CXX --version | head -n 1)), one thread"
  echo "- R $R_VERSION, metafor $METAFOR_VERSION (Debian r-base-core, r-cran-metafor), BLAS $R_BLAS (single-threaded reference BLAS)"
  echo "- inputs: \`make_inputs\` seed $SEED, in \`${INPUTS#"$REPO/"}\`; R processes limited to ${R_MEM_LIMIT_KB} KB of address space and ${R_CASE_TIMEOUT} s per case"
  echo "- timing: inside each program, computation only (inputs in memory; R's start-up, library(metafor) and read.csv excluded);"
  echo "  one warm-up call, then batches of ≈10 ms until ≥ 3 batches and ≥ 0.2 s; median time per call"
  echo "- command: \`bash bench/stats/run.sh\` (\`make bench-stats\`)"
  echo
  echo "| case | n / k | Kinship median | R median | R / Kinship | ≥ 10× | agreement (relative difference, Kinship vs R) |"
  echo "|---|--:|--:|--:|--:|:-:|---|"
  awk -F'\t' -v cases="$INPUTS/cases.csv" '
    function human(s) {
      if (s < 1e-6) return sprintf("%.0f ns", s * 1e9)
      if (s < 1e-3) return sprintf("%.1f µs", s * 1e6)
      if (s < 1) return sprintf("%.2f ms", s * 1e3)
      return sprintf("%.2f s", s)
    }
    function abs(x) { return x < 0 ? -x : x }
    BEGIN {
      name["meta_dl"] = "DL from counts: AnalyseProportions vs rma(xi, ni, PLO, DL)"
      name["meta_reml"] = "REML from counts: AnalyseProportions vs rma(xi, ni, PLO, REML)"
      name["pool_dl"] = "DL on yi, vi: PoolEffects vs rma(yi, vi, DL)"
      name["pool_reml"] = "REML on yi, vi: PoolEffects vs rma(yi, vi, REML)"
      name["chisq"] = "chi-square: ChiSquareTest vs chisq.test(correct=FALSE)"
      name["fisher"] = "Fisher: FisherExactTest vs fisher.test (p, MLE, 95% CI)"
      while ((getline line < cases) > 0) {
        split(line, f, ",")
        if (f[1] == "id") continue
        kind[f[1]] = f[2]; size[f[1]] = f[4]; order[++n] = f[1]
      }
    }
    FILENAME == ARGV[1] { cpp_t[$1] = $2; cpp_v[$1] = $5; next }
    { r_t[$1] = $2; r_status[$1] = $4; r_v[$1] = $5 }
    END {
      for (i = 1; i <= n; i++) {
        id = order[i]
        if (!(id in cpp_t)) continue
        ratio = "—"; goal = "—"; agree = ""
        if (r_status[id] == "ok") {
          x = r_t[id] / cpp_t[id]
          ratio = x >= 100 ? sprintf("%.0f×", x) : sprintf("%.1f×", x)
          goal = x >= 10 ? "yes" : "**no**"
          delete rv; split(r_v[id], pairs, ";")
          for (p in pairs) { split(pairs[p], kv, "="); rv[kv[1]] = kv[2] }
          m = split(cpp_v[id], pairs, ";")
          for (j = 1; j <= m; j++) {
            split(pairs[j], kv, "=")
            d = abs(kv[2] - rv[kv[1]]) / (abs(rv[kv[1]]) > 0 ? abs(rv[kv[1]]) : 1)
            agree = agree (j > 1 ? ", " : "") kv[1] " " (d == 0 ? "0" : sprintf("%.0e", d))
          }
          r_time = human(r_t[id])
        } else {
          r_time = "*" substr(r_status[id], 1) "*"
          goal = "R fails"
        }
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", name[kind[id]], size[id], human(cpp_t[id]), r_time, ratio, goal, agree
      }
    }' "$CPP_TSV" "$R_TSV"
  echo
  echo "Raw lines (id, median s per call, calls timed, status, values of the first call):"
  echo
  echo '```'
  sed 's/^/cpp\t/' "$CPP_TSV"
  sed 's/^/R\t/' "$R_TSV"
  echo '```'
} >"$OUT"
cat "$OUT"

// Times the statistics engine (src/stats) on the inputs make_inputs wrote, one line per case,
// for bench/stats/run.sh to set beside R's times for the same cases (stats_bench.R).
//
//   stats_bench INPUT_DIR [CASE_ID ...]     # all cases of INPUT_DIR/cases.csv when none named
//
// Output, one tab-separated line per case:
//   id  median_seconds_per_call  calls_timed  ok  name=value;name=value…
// The values (17 significant digits) are those of the first call and are what run.sh
// compares with R's. Only the computation is timed: the inputs are read and converted first.
//
// Timing, the same rule as stats_bench.R: one untimed warm-up call gives a first estimate t0;
// calls then run in batches of max(1, ⌊0.01 s / t0⌋) (about 10 ms each), each batch timed
// with std::chrono::steady_clock, until at least 3 batches and 0.2 s have passed; the
// result is the median over batches of the time per call.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "stats/contingency.h"
#include "stats/meta.h"

namespace {

using namespace kinship::stats;
using kinship::Result;
using Clock = std::chrono::steady_clock;

struct Case {
  std::string id, kind, input;
};

struct Timing {
  double median_seconds = 0;
  long long calls = 0;
};

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "stats_bench: %s\n", message.c_str());
  std::exit(1);
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& path, bool header) {
  std::ifstream in(path);
  if (!in) Fail("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  if (header) std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// `call` returns a number derived from its result, so the work cannot be optimised away.
Timing Time(const std::function<double()>& call) {
  volatile double sink = 0;
  auto start = Clock::now();
  sink = sink + call();
  const double first = Seconds(Clock::now() - start);
  const long long batch = std::max(1LL, static_cast<long long>(0.01 / std::max(first, 1e-9)));
  std::vector<double> per_call;
  double spent = 0;
  while (per_call.size() < 3 || spent < 0.2) {
    start = Clock::now();
    for (long long i = 0; i < batch; ++i) sink = sink + call();
    const double elapsed = Seconds(Clock::now() - start);
    spent += elapsed;
    per_call.push_back(elapsed / static_cast<double>(batch));
  }
  std::sort(per_call.begin(), per_call.end());
  const std::size_t n = per_call.size();
  const double median = n % 2 ? per_call[n / 2] : (per_call[n / 2 - 1] + per_call[n / 2]) / 2;
  return {median, batch * static_cast<long long>(n)};
}

std::string Values(const std::vector<std::pair<const char*, double>>& values) {
  std::string out;
  char buffer[64];
  for (const auto& [name, value] : values) {
    std::snprintf(buffer, sizeof buffer, "%s=%.17g", name, value);
    if (!out.empty()) out += ';';
    out += buffer;
  }
  return out;
}

std::string Report(const std::string& id, const Timing& t, const std::string& values) {
  char head[128];
  std::snprintf(head, sizeof head, "%.9g\t%lld\tok\t", t.median_seconds, t.calls);
  return id + "\t" + head + values;
}

std::string PooledValues(const PooledResult& p) {
  return Values({{"estimate", p.transformed.estimate}, {"se", p.se}, {"tau2", p.tau2}, {"q", p.q}});
}

std::string RunMeta(const Case& c, const std::string& dir) {
  const auto rows = ReadCsv(dir + "/" + c.input, true);
  std::vector<Study> studies;
  std::vector<double> yi, vi;
  for (const auto& r : rows) {
    studies.push_back({r.at(0), std::stoll(r.at(1)), std::stoll(r.at(2))});
    yi.push_back(std::strtod(r.at(3).c_str(), nullptr));
    vi.push_back(std::strtod(r.at(4).c_str(), nullptr));
  }
  const bool reml = c.kind.ends_with("_reml");
  const Estimator estimator = reml ? Estimator::kReml : Estimator::kDerSimonianLaird;
  if (c.kind.starts_with("meta_")) {
    const MetaOptions options{.measure = Measure::kLogit, .estimator = estimator, .level = 95};
    const Result<MetaAnalysis> first = AnalyseProportions(studies, options);
    if (!first.ok()) Fail(c.id + ": " + first.status().ToString());
    const Timing t = Time([&] { return AnalyseProportions(studies, options)->pooled.tau2; });
    return Report(c.id, t, PooledValues(first->pooled));
  }
  const Result<PooledResult> first = PoolEffects(yi, vi, estimator, 95);
  if (!first.ok()) Fail(c.id + ": " + first.status().ToString());
  const Timing t = Time([&] { return PoolEffects(yi, vi, estimator, 95)->tau2; });
  return Report(c.id, t, PooledValues(*first));
}

std::string RunTable(const Case& c, const std::string& dir) {
  CountTable table;
  for (const auto& r : ReadCsv(dir + "/" + c.input, false)) {
    std::vector<long long> row;
    for (const std::string& x : r) row.push_back(std::stoll(x));
    table.push_back(std::move(row));
  }
  if (c.kind == "chisq") {
    const Result<ChiSquareResult> first = ChiSquareTest(table, /*yates=*/false);
    if (!first.ok()) Fail(c.id + ": " + first.status().ToString());
    const Timing t = Time([&] { return ChiSquareTest(table, false)->statistic; });
    return Report(c.id, t, Values({{"statistic", first->statistic}, {"p", first->p_value}}));
  }
  const Result<FisherResult> first = FisherExactTest(table, 95);
  if (!first.ok()) Fail(c.id + ": " + first.status().ToString());
  const Timing t = Time([&] { return FisherExactTest(table, 95)->odds_ratio; });
  return Report(c.id, t,
                Values({{"p", first->p_value}, {"or", first->odds_ratio}, {"lower", first->lower},
                        {"upper", first->upper}}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stats_bench INPUT_DIR [CASE_ID ...]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::vector<std::string> wanted(argv + 2, argv + argc);
  for (const auto& r : ReadCsv(dir + "/cases.csv", true)) {
    const Case c{r.at(0), r.at(1), r.at(2)};
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), c.id) == wanted.end()) continue;
    const std::string line = c.kind == "chisq" || c.kind == "fisher" ? RunTable(c, dir) : RunMeta(c, dir);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }
  return 0;
}

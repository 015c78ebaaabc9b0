// Writes the inputs of the statistics benchmark (bench/stats/run.sh) as CSV files, so the
// C++ benchmark and the R script time exactly the same numbers. Deterministic: one seed, our
// own uniform and normal draws over std::mt19937_64 (whose output the standard fixes), so the
// files are byte-identical on every machine.
//
//   make_inputs OUT_DIR [SEED]
//
// Files written to OUT_DIR:
//   cases.csv          id,kind,input,size — one line per benchmark case, in run order
//   meta_k<K>.csv      study,events,total,yi,vi — K studies; yi/vi are the logit effect sizes
//                      (escalc PLO, from ComputeEffects) printed with 17 significant digits
//   table_<name>.csv   a count table, one row per line, no header
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "stats/meta.h"

namespace {

using kinship::stats::Study;

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Normal() {  // Box–Muller, one value per call
    const double u = 1.0 - Uniform();
    const double v = Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }
  long long Integer(long long lo, long long hi) { return lo + static_cast<long long>(Uniform() * (hi - lo + 1)); }
  long long Binomial(long long n, double p) {
    long long x = 0;
    for (long long i = 0; i < n; ++i) x += Uniform() < p ? 1 : 0;
    return x;
  }
  // Index drawn with the given cumulative probabilities (last entry 1).
  std::size_t Categorical(const std::vector<double>& cumulative) {
    const double u = Uniform();
    std::size_t i = 0;
    while (i + 1 < cumulative.size() && u >= cumulative[i]) ++i;
    return i;
  }

 private:
  std::mt19937_64 engine_;
};

FILE* Create(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::perror(path.c_str());
    std::exit(1);
  }
  return f;
}

// k studies of 20–1,000 participants; true logits N(logit 0.15, 0.6²), so there is real
// heterogeneity, and a few small studies with no events exercise the continuity correction.
void WriteStudies(Draws& draws, int k, const std::string& path) {
  std::vector<Study> studies;
  studies.reserve(static_cast<std::size_t>(k));
  const double mean_logit = std::log(0.15 / 0.85);
  for (int i = 0; i < k; ++i) {
    const long long total = draws.Integer(20, 1000);
    const double p = 1.0 / (1.0 + std::exp(-(mean_logit + 0.6 * draws.Normal())));
    char label[32];
    std::snprintf(label, sizeof label, "s%06d", i + 1);
    studies.push_back({label, draws.Binomial(total, p), total});
  }
  auto effects = kinship::stats::ComputeEffects(studies, kinship::stats::Measure::kLogit);
  if (!effects.ok()) {
    std::fprintf(stderr, "make_inputs: ComputeEffects failed\n");
    std::exit(1);
  }
  FILE* f = Create(path);
  std::fprintf(f, "study,events,total,yi,vi\n");
  for (std::size_t i = 0; i < studies.size(); ++i) {
    std::fprintf(f, "%s,%lld,%lld,%.17g,%.17g\n", studies[i].label.c_str(), studies[i].events, studies[i].total,
                 (*effects)[i].yi, (*effects)[i].vi);
  }
  std::fclose(f);
}

// n people; row drawn from `row_weights`, then the column from a distribution that leans a
// little towards the column with the row's index (a modest association, as in real data).
void WriteTable(Draws& draws, long long n, std::size_t rows, std::size_t columns, double lean,
                const std::string& path) {
  std::vector<double> row_cumulative(rows);
  double total = 0;
  for (std::size_t r = 0; r < rows; ++r) total += 1.0 + 0.5 * static_cast<double>(r % 3);
  double running = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    running += (1.0 + 0.5 * static_cast<double>(r % 3)) / total;
    row_cumulative[r] = r + 1 == rows ? 1.0 : running;
  }
  std::vector<std::vector<double>> column_cumulative(rows, std::vector<double>(columns));
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<double> w(columns);
    double sum = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      w[c] = (1.0 + 0.3 * static_cast<double>(c % 4)) * (c == r % columns ? 1.0 + lean : 1.0);
      sum += w[c];
    }
    double acc = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      acc += w[c] / sum;
      column_cumulative[r][c] = c + 1 == columns ? 1.0 : acc;
    }
  }
  std::vector<std::vector<long long>> table(rows, std::vector<long long>(columns, 0));
  for (long long i = 0; i < n; ++i) {
    const std::size_t r = draws.Categorical(row_cumulative);
    ++table[r][draws.Categorical(column_cumulative[r])];
  }
  FILE* f = Create(path);
  for (const auto& row : table) {
    for (std::size_t c = 0; c < row.size(); ++c) std::fprintf(f, c ? ",%lld" : "%lld", row[c]);
    std::fprintf(f, "\n");
  }
  std::fclose(f);
}

// A 2×2 table of n people: 30% exposed; the outcome in 13% of the exposed, 10% of the others.
void WriteTwoByTwo(Draws& draws, long long n, const std::string& path) {
  long long a = 0, b = 0, c = 0, d = 0;
  for (long long i = 0; i < n; ++i) {
    const bool exposed = draws.Uniform() < 0.3;
    const bool outcome = draws.Uniform() < (exposed ? 0.13 : 0.10);
    if (exposed) {
      ++(outcome ? a : b);
    } else {
      ++(outcome ? c : d);
    }
  }
  FILE* f = Create(path);
  std::fprintf(f, "%lld,%lld\n%lld,%lld\n", a, b, c, d);
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: make_inputs OUT_DIR [SEED]\n");
    return 2;
  }
  const std::string dir = argv[1];
  Draws draws(argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 20261123);
  FILE* cases = Create(dir + "/cases.csv");
  std::fprintf(cases, "id,kind,input,size\n");

  for (const int k : {10, 1000, 100000}) {
    const std::string file = "meta_k" + std::to_string(k) + ".csv";
    WriteStudies(draws, k, dir + "/" + file);
    for (const char* kind : {"meta_dl", "meta_reml", "pool_dl", "pool_reml"}) {
      std::fprintf(cases, "%s_k%d,%s,%s,k=%d\n", kind, k, kind, file.c_str(), k);
    }
  }
  for (const long long n : {1000LL, 10000LL, 100000LL}) {
    const std::string file = "table_2x2_n" + std::to_string(n) + ".csv";
    WriteTwoByTwo(draws, n, dir + "/" + file);
    std::fprintf(cases, "chisq_2x2_n%lld,chisq,%s,2x2 n=%lld\n", n, file.c_str(), n);
    std::fprintf(cases, "fisher_2x2_n%lld,fisher,%s,2x2 n=%lld\n", n, file.c_str(), n);
  }
  WriteTable(draws, 100000, 10, 10, 0.25, dir + "/table_10x10_n100000.csv");
  std::fprintf(cases, "chisq_10x10_n100000,chisq,table_10x10_n100000.csv,10x10 n=100000\n");
  WriteTable(draws, 1000000, 50, 50, 0.25, dir + "/table_50x50_n1000000.csv");
  std::fprintf(cases, "chisq_50x50_n1000000,chisq,table_50x50_n1000000.csv,50x50 n=1000000\n");
  std::fclose(cases);
  return 0;
}

// Tests on contingency tables: Pearson's chi-square for r×c tables (R's chisq.test, with
// Yates' continuity correction for 2×2 tables when asked) and Fisher's exact test for 2×2
// tables (R's fisher.test: two-sided p-value, conditional maximum-likelihood odds ratio and
// its exact confidence interval, solved precisely rather than with uniroot's loose default).
//
//   Result<ChiSquareResult> chi = ChiSquareTest({{12, 5}, {3, 10}}, /*yates=*/true);
//   Result<FisherResult> fisher = FisherExactTest({{12, 5}, {3, 10}});
#pragma once
#include <string>
#include <vector>

#include "core/status.h"

namespace kinship::stats {

using CountTable = std::vector<std::vector<long long>>;  // table[row][column]

struct ChiSquareResult {
  double statistic = 0;
  int df = 0;
  double p_value = 1;
  bool yates = false;  // the correction was applied (2×2 tables only)
  std::vector<std::vector<double>> expected;
  std::vector<std::string> warnings;  // "Chi-squared approximation may be incorrect" when any E < 5
};

// Fails (field "table") unless the table has at least 2 rows and 2 columns of equal length,
// no negative count, and every row and column holds at least one count. `yates` is ignored
// for tables larger than 2×2, as in R.
Result<ChiSquareResult> ChiSquareTest(const CountTable& table, bool yates);

struct FisherResult {
  double p_value = 1;          // two-sided, as R: sum of P ≤ P(observed)·(1 + 1e-7)
  double p_value_less = 1;     // alternative: odds ratio < 1
  double p_value_greater = 1;  // alternative: odds ratio > 1
  double odds_ratio = 1;       // conditional MLE; 0 or +infinity at the edges of the support
  double lower = 0;            // confidence interval of the odds ratio (upper may be +infinity)
  double upper = 0;
  double sample_odds_ratio = 0;  // ad/bc (+infinity when bc = 0 and ad > 0; NaN-free: 0/0 → 1)
};

// Fisher's exact test of a 2×2 table. Fails (field "table") unless the table is 2×2 with
// non-negative counts and every row and column holds at least one count, or when the table
// holds more than 1,000,000 in all (the exact distribution would not fit in memory for long);
// "level" for a bad level.
Result<FisherResult> FisherExactTest(const CountTable& table, double level = 95);

}  // namespace kinship::stats

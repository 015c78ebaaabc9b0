// The Cochran–Armitage test for a trend in proportions across ordered groups, as R's
// prop.trend.test (chi-square with 1 df, no continuity correction), with the signed z that
// says the direction: positive when the proportion rises with the score.
//
//   Result<TrendResult> r = TrendTest({{15, 100}, {18, 95}, {22, 110}}, {});  // scores 1, 2, 3
#pragma once
#include <vector>

#include "core/status.h"

namespace kinship::stats {

struct TrendGroup {
  long long events = 0;
  long long total = 0;
};

struct TrendResult {
  double statistic = 0;  // chi-square, 1 df
  int df = 1;
  double p_value = 1;
  double z = 0;                   // signed; z² = statistic
  double p_value_increasing = 1;  // one-sided, alternative: proportions rise with the score
  double p_value_decreasing = 1;
  std::vector<double> scores;     // the scores used (1..k by default)
};

// `scores` empty means 1..k. Fails with field errors ("groups[i].events", "groups[i].total",
// "groups[i].score", "groups") for fewer than 2 groups, bad counts, non-finite or constant
// scores, or when every proportion is 0 or every one is 1 (no variation to test).
Result<TrendResult> TrendTest(const std::vector<TrendGroup>& groups, const std::vector<double>& scores);

}  // namespace kinship::stats

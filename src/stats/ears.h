// Aberration detection on daily counts with the CDC's Early Aberration Reporting System
// methods C1, C2 and C3, for overdose spike alerts. C1 compares a day with the mean and
// sample standard deviation of the 7 days before it; C2 does the same with a 2-day gap
// (days t−9..t−3); C3 sums the parts of C2 above 1 over the last three days.
//
//   std::vector<double> counts = {...};                // one per day, oldest first
//   Result<EarsResult> r = DetectAberrations(counts, {.min_sigma = 0});
//   if (r->days[40].c2_alarm) Alert();
#pragma once
#include <optional>
#include <vector>

#include "core/status.h"

namespace kinship::stats {

struct EarsOptions {
  double min_sigma = 0;        // floor on the baseline sd (0: the original EARS definition)
  double c1_threshold = 3.090232306167813;  // qnorm(1 − 0.001), surveillance's default
  double c2_threshold = 3.090232306167813;
  double c3_threshold = 1.959963984540054;  // qnorm(1 − 0.025)
};

// One day. A statistic is empty when the day has too little history (C1 from day 8, C2 from
// day 10, C3 from day 12) or when it is undefined: the baseline sd is 0 (with min_sigma 0)
// and the count equals the baseline mean. It is ±infinity when the sd is 0 and the count
// differs from the mean; `warnings` of the result says so.
struct EarsDay {
  double count = 0;
  std::optional<double> c1, c1_mean, c1_sd;
  std::optional<double> c2, c2_mean, c2_sd;
  std::optional<double> c3;
  bool c1_alarm = false;  // statistic ≥ threshold
  bool c2_alarm = false;
  bool c3_alarm = false;
};

struct EarsResult {
  EarsOptions options;
  std::vector<EarsDay> days;
  std::vector<std::string> warnings;
};

// Fails (field "counts[i]") for a negative or non-finite count, and ("min_sigma") for a
// negative or non-finite floor. Fewer than 8 days is not an error: no statistic is computed.
Result<EarsResult> DetectAberrations(const std::vector<double>& counts, const EarsOptions& options = {});

}  // namespace kinship::stats

#include "stats/ears.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace kinship::stats {
namespace {

struct Baseline {
  double mean = 0;
  double sd = 0;
};

// Mean and sample sd (n − 1) of counts[first .. first + 6].
Baseline BaselineOf(const std::vector<double>& counts, std::size_t first) {
  double sum = 0;
  for (std::size_t i = first; i < first + 7; ++i) sum += counts[i];
  const double mean = sum / 7;
  double squares = 0;
  for (std::size_t i = first; i < first + 7; ++i) squares += (counts[i] - mean) * (counts[i] - mean);
  return {mean, std::sqrt(squares / 6)};
}

// (y − mean) / max(sd, floor); empty when 0/0.
std::optional<double> Standardise(double y, const Baseline& b, double floor, bool& degenerate) {
  const double sigma = std::max(b.sd, floor);
  if (sigma > 0) return (y - b.mean) / sigma;
  degenerate = true;
  if (y == b.mean) return std::nullopt;
  return y > b.mean ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
}

}  // namespace

Result<EarsResult> DetectAberrations(const std::vector<double>& counts, const EarsOptions& options) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < counts.size() && errors.size() < 20; ++i) {
    if (!std::isfinite(counts[i]) || counts[i] < 0) {
      errors.push_back({"counts[" + std::to_string(i) + "]", "must be a count, 0 or more"});
    }
  }
  if (!std::isfinite(options.min_sigma) || options.min_sigma < 0) {
    errors.push_back({"min_sigma", "must be 0 or more"});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));

  EarsResult out;
  out.options = options;
  out.days.resize(counts.size());
  bool degenerate = false;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    EarsDay& day = out.days[t];
    day.count = counts[t];
    if (t >= 7) {
      const Baseline b = BaselineOf(counts, t - 7);
      day.c1_mean = b.mean;
      day.c1_sd = b.sd;
      day.c1 = Standardise(counts[t], b, options.min_sigma, degenerate);
      day.c1_alarm = day.c1 && *day.c1 >= options.c1_threshold;
    }
    if (t >= 9) {
      const Baseline b = BaselineOf(counts, t - 9);
      day.c2_mean = b.mean;
      day.c2_sd = b.sd;
      day.c2 = Standardise(counts[t], b, options.min_sigma, degenerate);
      day.c2_alarm = day.c2 && *day.c2 >= options.c2_threshold;
    }
    if (t >= 11) {
      // An undefined C2 (0/0) makes C3 undefined too, as NaN propagates in R.
      double sum = 0;
      bool defined = true;
      for (std::size_t i = t - 2; i <= t; ++i) {
        if (!out.days[i].c2) defined = false;
        else sum += std::max(0.0, *out.days[i].c2 - 1);
      }
      if (defined) {
        day.c3 = sum;
        day.c3_alarm = sum >= options.c3_threshold;
      }
    }
  }
  if (degenerate) {
    out.warnings.push_back(
        "Some baselines do not vary (standard deviation 0): their statistics are infinite or undefined. "
        "Set a minimum sigma (min_sigma) to compare against a floor instead.");
  }
  return out;
}

}  // namespace kinship::stats

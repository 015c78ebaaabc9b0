// A single proportion and its confidence interval: Wilson (R's prop.test without and with
// continuity correction), Clopper–Pearson exact (binom.test) and Agresti–Coull.
//
//   Result<ProportionInterval> ci = EstimateProportion(3, 17, ProportionMethod::kWilson, 95);
//   // ci->estimate = 0.176…, ci->lower = 0.0619…, ci->upper = 0.4103…
#pragma once
#include <optional>
#include <string_view>

#include "core/status.h"

namespace kinship::stats {

enum class ProportionMethod { kWilson, kWilsonCorrected, kExact, kAgrestiCoull };

// "wilson", "wilson-cc", "exact", "agresti-coull"; nullopt when unknown.
std::optional<ProportionMethod> ParseProportionMethod(std::string_view name);
const char* ProportionMethodName(ProportionMethod method);

struct ProportionInterval {
  long long events = 0;
  long long total = 0;
  double estimate = 0;  // events / total
  double lower = 0;     // within [0, 1]
  double upper = 0;
  // Agresti–Coull only: the interval before clipping to [0, 1], and its centre.
  std::optional<double> lower_unclipped;
  std::optional<double> upper_unclipped;
  std::optional<double> centre;
};

// Fails (field errors "events", "total", "level") when total ≤ 0, events < 0, events > total
// or the level is not within [50, 100).
Result<ProportionInterval> EstimateProportion(long long events, long long total, ProportionMethod method,
                                              double level = 95);

// Validates a confidence level in percent; the field error names `field`.
Status CheckLevel(double level, const char* field = "level");

}  // namespace kinship::stats

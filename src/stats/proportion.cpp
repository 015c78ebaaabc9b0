#include "stats/proportion.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"

namespace kinship::stats {
namespace {

// prop.test's interval for one proportion against p = 1/2: Wilson's score interval, with
// Yates' correction min(0.5, |x − n/2|) when `corrected`.
void Wilson(ProportionInterval& out, double z, bool corrected) {
  const double x = static_cast<double>(out.events);
  const double n = static_cast<double>(out.total);
  const double yates = corrected ? std::min(0.5, std::fabs(x - n * 0.5)) : 0.0;
  const double z22n = z * z / (2.0 * n);
  const double denominator = 1.0 + 2.0 * z22n;
  double p_c = out.estimate + yates / n;
  const double upper =
      p_c >= 1 ? 1.0 : (p_c + z22n + z * std::sqrt(p_c * (1 - p_c) / n + z22n / (2 * n))) / denominator;
  p_c = out.estimate - yates / n;
  const double lower =
      p_c <= 0 ? 0.0 : (p_c + z22n - z * std::sqrt(p_c * (1 - p_c) / n + z22n / (2 * n))) / denominator;
  out.lower = std::max(lower, 0.0);
  out.upper = std::min(upper, 1.0);
}

void ClopperPearson(ProportionInterval& out, double level) {
  const double alpha = (1.0 - level / 100.0) / 2.0;
  const double x = static_cast<double>(out.events);
  const double n = static_cast<double>(out.total);
  out.lower = out.events == 0 ? 0.0 : BetaQuantile(alpha, x, n - x + 1);
  out.upper = out.events == out.total ? 1.0 : BetaQuantile(1 - alpha, x + 1, n - x);
}

void AgrestiCoull(ProportionInterval& out, double z) {
  const double n_tilde = static_cast<double>(out.total) + z * z;
  const double p_tilde = (static_cast<double>(out.events) + z * z / 2.0) / n_tilde;
  const double half = z * std::sqrt(p_tilde * (1 - p_tilde) / n_tilde);
  out.centre = p_tilde;
  out.lower_unclipped = p_tilde - half;
  out.upper_unclipped = p_tilde + half;
  out.lower = std::clamp(p_tilde - half, 0.0, 1.0);
  out.upper = std::clamp(p_tilde + half, 0.0, 1.0);
}

}  // namespace

std::optional<ProportionMethod> ParseProportionMethod(std::string_view name) {
  if (name == "wilson") return ProportionMethod::kWilson;
  if (name == "wilson-cc") return ProportionMethod::kWilsonCorrected;
  if (name == "exact" || name == "clopper-pearson") return ProportionMethod::kExact;
  if (name == "agresti-coull") return ProportionMethod::kAgrestiCoull;
  return std::nullopt;
}

const char* ProportionMethodName(ProportionMethod method) {
  switch (method) {
    case ProportionMethod::kWilson: return "wilson";
    case ProportionMethod::kWilsonCorrected: return "wilson-cc";
    case ProportionMethod::kExact: return "exact";
    case ProportionMethod::kAgrestiCoull: return "agresti-coull";
  }
  return "wilson";
}

Status CheckLevel(double level, const char* field) {
  if (!std::isfinite(level) || level < 50 || level >= 100) {
    return FieldInvalid(field, "must be a confidence level in percent, at least 50 and below 100 (e.g. 95)");
  }
  return Status::Ok();
}

Result<ProportionInterval> EstimateProportion(long long events, long long total, ProportionMethod method,
                                              double level) {
  std::vector<FieldError> errors;
  if (total <= 0) errors.push_back({"total", "must be at least 1"});
  if (events < 0) errors.push_back({"events", "must not be negative"});
  if (total > 0 && events > total) errors.push_back({"events", "must not be more than total"});
  if (Status s = CheckLevel(level); !s.ok()) errors.push_back(s.field_errors().front());
  if (!errors.empty()) return ValidationFailed(std::move(errors));

  ProportionInterval out;
  out.events = events;
  out.total = total;
  out.estimate = static_cast<double>(events) / static_cast<double>(total);
  const double z = CriticalZ(level);
  switch (method) {
    case ProportionMethod::kWilson: Wilson(out, z, false); break;
    case ProportionMethod::kWilsonCorrected: Wilson(out, z, true); break;
    case ProportionMethod::kExact: ClopperPearson(out, level); break;
    case ProportionMethod::kAgrestiCoull: AgrestiCoull(out, z); break;
  }
  return out;
}

}  // namespace kinship::stats

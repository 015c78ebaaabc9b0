#include "stats/trend.h"

#include <cmath>
#include <string>

#include "stats/distributions.h"

namespace kinship::stats {
namespace {

std::string GroupField(std::size_t i, const char* name) {
  return "groups[" + std::to_string(i) + "]." + name;
}

Status CheckGroups(const std::vector<TrendGroup>& groups, const std::vector<double>& scores) {
  if (groups.size() < 2) return FieldInvalid("groups", "needs at least 2 groups");
  if (!scores.empty() && scores.size() != groups.size()) {
    return FieldInvalid("scores", "needs one score per group");
  }
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].total <= 0) errors.push_back({GroupField(i, "total"), "must be at least 1"});
    if (groups[i].events < 0) errors.push_back({GroupField(i, "events"), "must not be negative"});
    if (groups[i].total > 0 && groups[i].events > groups[i].total) {
      errors.push_back({GroupField(i, "events"), "must not be more than total"});
    }
    if (!scores.empty() && !std::isfinite(scores[i])) errors.push_back({GroupField(i, "score"), "must be a number"});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return Status::Ok();
}

}  // namespace

Result<TrendResult> TrendTest(const std::vector<TrendGroup>& groups, const std::vector<double>& scores) {
  KINSHIP_RETURN_IF_ERROR(CheckGroups(groups, scores));
  TrendResult out;
  out.scores = scores;
  if (out.scores.empty()) {
    for (std::size_t i = 0; i < groups.size(); ++i) out.scores.push_back(static_cast<double>(i + 1));
  }
  double events = 0, total = 0, score_sum = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    events += static_cast<double>(groups[i].events);
    total += static_cast<double>(groups[i].total);
    score_sum += static_cast<double>(groups[i].total) * out.scores[i];
  }
  const double p = events / total;
  if (events == 0 || events == total) {
    return FieldInvalid("groups", "every proportion is " + std::string(events == 0 ? "0" : "1") +
                                      ": there is no variation to test for a trend");
  }
  const double mean_score = score_sum / total;
  double numerator = 0, spread = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const double n = static_cast<double>(groups[i].total);
    const double d = out.scores[i] - mean_score;
    numerator += d * (static_cast<double>(groups[i].events) - n * p);
    spread += n * d * d;
  }
  if (!(spread > 0)) return FieldInvalid("scores", "the scores are all the same: there is no order to test");
  out.z = numerator / std::sqrt(p * (1 - p) * spread);
  out.statistic = out.z * out.z;
  out.p_value = ChiSquareUpperTail(out.statistic, 1);
  out.p_value_increasing = NormalUpperTail(out.z);
  out.p_value_decreasing = NormalCdf(out.z);
  return out;
}

}  // namespace kinship::stats

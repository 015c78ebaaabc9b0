#include "stats/meta.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "stats/distributions.h"
#include "stats/proportion.h"

namespace kinship::stats {
namespace {

constexpr long long kMaxTotal = 1'000'000'000'000LL;
constexpr double kRemlThreshold = 1e-13;
constexpr int kRemlMaxIterations = 10000;

std::string StudyField(std::size_t i, const char* name) {
  return "studies[" + std::to_string(i) + "]." + name;
}

Status CheckStudies(const std::vector<Study>& studies) {
  if (studies.empty()) return FieldInvalid("studies", "needs at least one study");
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < studies.size() && errors.size() < 50; ++i) {
    const Study& s = studies[i];
    if (s.total <= 0) errors.push_back({StudyField(i, "total"), "must be at least 1"});
    if (s.total > kMaxTotal) errors.push_back({StudyField(i, "total"), "is too large"});
    if (s.events < 0) errors.push_back({StudyField(i, "events"), "must not be negative"});
    if (s.total > 0 && s.events > s.total) errors.push_back({StudyField(i, "events"), "must not be more than total"});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return Status::Ok();
}

// escalc: yi and vi of one study, with metafor's default continuity correction
// (add ½ to events and non-events when either is 0) for PR and PLO only.
void EffectSize(Measure measure, double x, double n, double& yi, double& vi) {
  if ((measure == Measure::kRawProportion || measure == Measure::kLogit) && (x == 0 || x == n)) {
    x += 0.5;
    n += 1.0;
  }
  const double p = x / n;
  switch (measure) {
    case Measure::kRawProportion:
      yi = p;
      vi = p * (1 - p) / n;
      break;
    case Measure::kLogit:
      yi = std::log(x / (n - x));
      vi = 1 / x + 1 / (n - x);
      break;
    case Measure::kArcsine:
      yi = std::asin(std::sqrt(p));
      vi = 1 / (4 * n);
      break;
    case Measure::kFreemanTukey:
      yi = 0.5 * (std::asin(std::sqrt(x / (n + 1))) + std::asin(std::sqrt((x + 1) / (n + 1))));
      vi = 1 / (4 * n + 2);
      break;
  }
}

double FreemanTukey(double p, double n) {
  const double x = p * n;
  return 0.5 * (std::asin(std::sqrt(x / (n + 1))) + std::asin(std::sqrt((x + 1) / (n + 1))));
}

// metafor's transf.ipft with n the harmonic mean of the totals.
double InverseFreemanTukey(double value, double n) {
  if (value > FreemanTukey(1, n)) return 1;
  if (value < FreemanTukey(0, n)) return 0;
  const double s = std::sin(2 * value);
  const double inner = s + (s - 1 / s) / n;
  const double root = std::sqrt(std::max(0.0, 1 - inner * inner));
  const double sign = std::cos(2 * value) > 0 ? 1.0 : (std::cos(2 * value) < 0 ? -1.0 : 0.0);
  return std::clamp(0.5 * (1 - sign * root), 0.0, 1.0);
}

double HarmonicMean(const std::vector<Study>& studies, const std::vector<std::size_t>& members) {
  double inverse = 0;
  for (const std::size_t i : members) inverse += 1.0 / static_cast<double>(studies[i].total);
  return static_cast<double>(members.size()) / inverse;
}

// Sums over the studies that the model needs, for weights w.
struct WeightSums {
  double s1 = 0, s2 = 0, s3 = 0;  // Σw, Σw², Σw³
  double mean = 0;                // Σwy / Σw
  double q = 0;                   // Σw(y − mean)²
  double q2 = 0;                  // Σw²(y − mean)²
};

WeightSums SumWeights(const std::vector<double>& yi, const std::vector<double>& vi, double tau2) {
  WeightSums s;
  double wy = 0;
  for (std::size_t i = 0; i < yi.size(); ++i) {
    const double w = 1 / (vi[i] + tau2);
    s.s1 += w;
    s.s2 += w * w;
    s.s3 += w * w * w;
    wy += w * yi[i];
  }
  s.mean = wy / s.s1;
  for (std::size_t i = 0; i < yi.size(); ++i) {
    const double w = 1 / (vi[i] + tau2);
    const double r = yi[i] - s.mean;
    s.q += w * r * r;
    s.q2 += w * w * r * r;
  }
  return s;
}

// tr(P) and tr(PP) for P = W − w wᵀ/Σw, the intercept-only projection.
double TraceP(const WeightSums& s) { return s.s1 - s.s2 / s.s1; }
double TracePP(const WeightSums& s) { return s.s2 - 2 * s.s3 / s.s1 + (s.s2 * s.s2) / (s.s1 * s.s1); }

// REML by Fisher scoring from the Hedges estimate, with step halving at 0, as metafor.
double RemlTau2(const std::vector<double>& yi, const std::vector<double>& vi, int& iterations) {
  const auto k = static_cast<double>(yi.size());
  double mean = 0, v_mean = 0;
  for (std::size_t i = 0; i < yi.size(); ++i) {
    mean += yi[i];
    v_mean += vi[i];
  }
  mean /= k;
  v_mean /= k;
  double rss = 0;
  for (const double y : yi) rss += (y - mean) * (y - mean);
  double tau2 = std::max(0.0, rss / (k - 1) - v_mean);
  iterations = 0;
  for (double change = 1; change > kRemlThreshold && iterations < kRemlMaxIterations;) {
    ++iterations;
    const WeightSums s = SumWeights(yi, vi, tau2);
    double adjust = (s.q2 - TraceP(s)) / TracePP(s);
    if (!std::isfinite(adjust)) adjust = 0;
    while (tau2 + adjust < 0) adjust /= 2;
    const double old = tau2;
    tau2 += adjust;
    change = std::fabs(old - tau2);
  }
  return tau2;
}

}  // namespace

const char* MeasureCode(Measure m) {
  switch (m) {
    case Measure::kRawProportion: return "PR";
    case Measure::kLogit: return "PLO";
    case Measure::kArcsine: return "PAS";
    case Measure::kFreemanTukey: return "PFT";
  }
  return "PLO";
}

const char* EstimatorCode(Estimator e) {
  switch (e) {
    case Estimator::kFixedEffect: return "FE";
    case Estimator::kDerSimonianLaird: return "DL";
    case Estimator::kReml: return "REML";
  }
  return "REML";
}

std::optional<Measure> ParseMeasure(std::string_view code) {
  for (const Measure m : {Measure::kRawProportion, Measure::kLogit, Measure::kArcsine, Measure::kFreemanTukey}) {
    if (code == MeasureCode(m)) return m;
  }
  return std::nullopt;
}

std::optional<Estimator> ParseEstimator(std::string_view code) {
  for (const Estimator e : {Estimator::kFixedEffect, Estimator::kDerSimonianLaird, Estimator::kReml}) {
    if (code == EstimatorCode(e)) return e;
  }
  return std::nullopt;
}

double BackTransform(Measure measure, double value, double harmonic_mean_total) {
  switch (measure) {
    case Measure::kRawProportion: return value;
    case Measure::kLogit: return 1 / (1 + std::exp(-value));
    case Measure::kArcsine:
      if (value < 0) return 0;
      if (value > std::numbers::pi / 2) return 1;
      return std::sin(value) * std::sin(value);
    case Measure::kFreemanTukey: return InverseFreemanTukey(value, harmonic_mean_total);
  }
  return value;
}

Result<std::vector<StudyEffect>> ComputeEffects(const std::vector<Study>& studies, Measure measure) {
  KINSHIP_RETURN_IF_ERROR(CheckStudies(studies));
  std::vector<StudyEffect> effects(studies.size());
  for (std::size_t i = 0; i < studies.size(); ++i) {
    effects[i].label = studies[i].label;
    effects[i].events = studies[i].events;
    effects[i].total = studies[i].total;
    EffectSize(measure, static_cast<double>(studies[i].events), static_cast<double>(studies[i].total),
               effects[i].yi, effects[i].vi);
  }
  return effects;
}

Result<PooledResult> PoolEffects(const std::vector<double>& yi, const std::vector<double>& vi, Estimator estimator,
                                 double level) {
  if (yi.empty()) return FieldInvalid("studies", "needs at least one study");
  if (yi.size() != vi.size()) return FieldInvalid("vi", "needs one variance per effect size");
  for (std::size_t i = 0; i < yi.size(); ++i) {
    if (!std::isfinite(yi[i])) return FieldInvalid("yi[" + std::to_string(i) + "]", "must be a finite number");
    if (!(vi[i] > 0) || !std::isfinite(vi[i])) {
      return FieldInvalid("vi[" + std::to_string(i) + "]", "must be a positive finite variance");
    }
  }
  KINSHIP_RETURN_IF_ERROR(CheckLevel(level));
  PooledResult out;
  out.k = static_cast<int>(yi.size());
  out.q_df = out.k - 1;
  const WeightSums fixed = SumWeights(yi, vi, 0);
  out.q = out.k > 1 ? fixed.q : 0;
  out.q_p_value = out.q_df > 0 ? ChiSquareUpperTail(out.q, out.q_df) : 1;
  const double trace_p = TraceP(fixed);
  const bool heterogeneity = out.k > 1 && trace_p > 0;

  if (estimator == Estimator::kDerSimonianLaird && heterogeneity) {
    out.tau2 = std::max(0.0, (out.q - out.q_df) / trace_p);
  } else if (estimator == Estimator::kReml && heterogeneity) {
    out.tau2 = RemlTau2(yi, vi, out.iterations);
  }
  out.tau = std::sqrt(out.tau2);

  const WeightSums random = SumWeights(yi, vi, out.tau2);
  const double z_crit = CriticalZ(level);
  out.transformed.estimate = random.mean;
  out.se = std::sqrt(1 / random.s1);
  out.z = out.transformed.estimate / out.se;
  out.p_value = TwoSidedNormalP(out.z);
  out.transformed.lower = out.transformed.estimate - z_crit * out.se;
  out.transformed.upper = out.transformed.estimate + z_crit * out.se;

  if (estimator == Estimator::kFixedEffect) {
    out.i2 = out.q > 0 ? std::max(0.0, 100 * (out.q - out.q_df) / out.q) : 0;
    out.h2 = out.q_df > 0 ? out.q / out.q_df : 1;
    return out;
  }
  const double typical_variance = heterogeneity ? out.q_df / trace_p : 0;
  out.i2 = out.tau2 > 0 ? 100 * out.tau2 / (out.tau2 + typical_variance) : 0;
  out.h2 = heterogeneity ? out.tau2 / typical_variance + 1 : 1;
  if (heterogeneity && estimator == Estimator::kDerSimonianLaird) {
    const double tau2 = out.tau2;
    out.se_tau2 = std::sqrt((2 * out.q_df + 4 * tau2 * trace_p + 2 * tau2 * tau2 * TracePP(fixed)) /
                            (trace_p * trace_p));
  } else if (heterogeneity) {
    out.se_tau2 = std::sqrt(2 / TracePP(random));
    const double k = out.k;
    out.reml_log_likelihood = -0.5 * (k - 1) * std::log(2 * std::numbers::pi) + 0.5 * std::log(k) -
                              0.5 * [&] {
                                double sum = 0;
                                for (const double v : vi) sum += std::log(v + out.tau2);
                                return sum;
                              }() - 0.5 * std::log(random.s1) - 0.5 * random.q;
  }
  const double half = z_crit * std::sqrt(out.se * out.se + out.tau2);
  out.prediction_transformed = Estimate{out.transformed.estimate, out.transformed.estimate - half,
                                        out.transformed.estimate + half};
  return out;
}

namespace {

// Pools the listed studies (their effects already computed) and fills the proportion scale.
Result<PooledResult> PoolMembers(const std::vector<Study>& studies, const std::vector<StudyEffect>& effects,
                                 const std::vector<std::size_t>& members, const MetaOptions& options,
                                 double* harmonic_mean_out = nullptr) {
  std::vector<double> yi, vi;
  yi.reserve(members.size());
  vi.reserve(members.size());
  for (const std::size_t i : members) {
    yi.push_back(effects[i].yi);
    vi.push_back(effects[i].vi);
  }
  KINSHIP_ASSIGN_OR_RETURN(PooledResult pooled, PoolEffects(yi, vi, options.estimator, options.level));
  const double nhm = HarmonicMean(studies, members);
  if (harmonic_mean_out) *harmonic_mean_out = nhm;
  const auto back = [&](const Estimate& e) {
    return Estimate{BackTransform(options.measure, e.estimate, nhm), BackTransform(options.measure, e.lower, nhm),
                    BackTransform(options.measure, e.upper, nhm)};
  };
  pooled.proportion = back(pooled.transformed);
  if (pooled.prediction_transformed) pooled.prediction_proportion = back(*pooled.prediction_transformed);
  return pooled;
}

std::vector<std::size_t> AllIndexes(std::size_t n) {
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  return all;
}

}  // namespace

Result<MetaAnalysis> AnalyseProportions(const std::vector<Study>& studies, const MetaOptions& options) {
  KINSHIP_RETURN_IF_ERROR(CheckLevel(options.level));
  KINSHIP_ASSIGN_OR_RETURN(std::vector<StudyEffect> effects, ComputeEffects(studies, options.measure));
  MetaAnalysis out;
  out.options = options;
  KINSHIP_ASSIGN_OR_RETURN(out.pooled, PoolMembers(studies, effects, AllIndexes(studies.size()), options,
                                                   &out.harmonic_mean_total));
  const double z_crit = CriticalZ(options.level);
  double weight_sum = 0;
  for (const StudyEffect& e : effects) weight_sum += 1 / (e.vi + out.pooled.tau2);
  for (StudyEffect& e : effects) {
    const double half = z_crit * std::sqrt(e.vi);
    e.transformed = {e.yi, e.yi - half, e.yi + half};
    e.proportion = {BackTransform(options.measure, e.yi, out.harmonic_mean_total),
                    BackTransform(options.measure, e.yi - half, out.harmonic_mean_total),
                    BackTransform(options.measure, e.yi + half, out.harmonic_mean_total)};
    e.weight_percent = 100 * (1 / (e.vi + out.pooled.tau2)) / weight_sum;
  }
  out.studies = std::move(effects);
  return out;
}

Result<SubgroupAnalysis> AnalyseSubgroups(const std::vector<Study>& studies, const std::vector<std::string>& groups,
                                          const MetaOptions& options) {
  if (groups.size() != studies.size()) return FieldInvalid("subgroup", "needs a subgroup for every study");
  SubgroupAnalysis out;
  KINSHIP_ASSIGN_OR_RETURN(out.overall, AnalyseProportions(studies, options));
  for (std::size_t i = 0; i < studies.size(); ++i) {
    auto it = std::find_if(out.subgroups.begin(), out.subgroups.end(),
                           [&](const SubgroupResult& g) { return g.group == groups[i]; });
    if (it == out.subgroups.end()) it = out.subgroups.insert(out.subgroups.end(), SubgroupResult{groups[i], {}, {}});
    it->study_indexes.push_back(i);
  }
  if (out.subgroups.size() < 2) return FieldInvalid("subgroup", "needs at least two subgroups");
  std::vector<double> estimates, variances;
  for (SubgroupResult& g : out.subgroups) {
    KINSHIP_ASSIGN_OR_RETURN(g.pooled, PoolMembers(studies, out.overall.studies, g.study_indexes, options));
    estimates.push_back(g.pooled.transformed.estimate);
    variances.push_back(g.pooled.se * g.pooled.se);
  }
  // The fixed-effect Q of the subgroup estimates.
  const WeightSums between = SumWeights(estimates, variances, 0);
  out.q_between = between.q;
  out.q_between_df = static_cast<int>(out.subgroups.size()) - 1;
  out.q_between_p_value = ChiSquareUpperTail(out.q_between, out.q_between_df);
  return out;
}

Result<std::vector<CumulativeStep>> AnalyseCumulative(const std::vector<Study>& studies,
                                                      const std::vector<std::size_t>& order,
                                                      const MetaOptions& options) {
  KINSHIP_RETURN_IF_ERROR(CheckLevel(options.level));
  KINSHIP_ASSIGN_OR_RETURN(std::vector<StudyEffect> effects, ComputeEffects(studies, options.measure));
  const std::vector<std::size_t> sequence = order.empty() ? AllIndexes(studies.size()) : order;
  if (sequence.size() != studies.size()) return FieldInvalid("order", "must name every study once");
  std::vector<bool> seen(studies.size(), false);
  for (const std::size_t i : sequence) {
    if (i >= studies.size() || seen[i]) return FieldInvalid("order", "must name every study once");
    seen[i] = true;
  }
  std::vector<CumulativeStep> steps;
  std::vector<std::size_t> members;
  for (const std::size_t i : sequence) {
    members.push_back(i);
    KINSHIP_ASSIGN_OR_RETURN(PooledResult pooled, PoolMembers(studies, effects, members, options));
    steps.push_back({studies[i].label, i, std::move(pooled)});
  }
  return steps;
}

Result<std::vector<CumulativeStep>> AnalyseLeaveOneOut(const std::vector<Study>& studies,
                                                       const MetaOptions& options) {
  KINSHIP_RETURN_IF_ERROR(CheckLevel(options.level));
  KINSHIP_ASSIGN_OR_RETURN(std::vector<StudyEffect> effects, ComputeEffects(studies, options.measure));
  if (studies.size() < 2) return FieldInvalid("studies", "leave-one-out needs at least two studies");
  std::vector<CumulativeStep> steps;
  for (std::size_t left_out = 0; left_out < studies.size(); ++left_out) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < studies.size(); ++i) {
      if (i != left_out) members.push_back(i);
    }
    KINSHIP_ASSIGN_OR_RETURN(PooledResult pooled, PoolMembers(studies, effects, members, options));
    steps.push_back({studies[left_out].label, left_out, std::move(pooled)});
  }
  return steps;
}

}  // namespace kinship::stats

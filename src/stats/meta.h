// Meta-analysis of proportions, as metafor computes it: the effect sizes of each study
// (escalc measures PR, PLO, PAS and PFT), the inverse-variance model (fixed effect,
// DerSimonian–Laird or REML), heterogeneity (tau², I², H², Q), the confidence and prediction
// intervals on the transformed and the proportion scale, subgroups with the between-groups
// Q test, cumulative meta-analysis and leave-one-out. Pure: no I/O.
//
//   std::vector<Study> studies = {{"A", 16, 17}, {"B", 10, 12}, {"C", 4, 8}};
//   Result<MetaAnalysis> m = AnalyseProportions(studies, {.measure = Measure::kLogit});
//   if (m.ok()) Use(m->pooled.proportion.estimate);
//
// Conventions (see ../shared/reference/stats/README.md): PLO and PR add ½ to the events and
// non-events of a study with 0 or all events; PAS and PFT add nothing. PFT is half the
// Freeman–Tukey sum and is back-transformed with the harmonic mean of all n. Intervals use
// normal quantiles; the prediction interval is estimate ± z·√(se² + τ²).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace kinship::stats {

enum class Measure { kRawProportion, kLogit, kArcsine, kFreemanTukey };  // PR, PLO, PAS, PFT
enum class Estimator { kFixedEffect, kDerSimonianLaird, kReml };          // FE, DL, REML

// "PR" / "PLO" / "PAS" / "PFT" and "FE" / "DL" / "REML"; parsing returns nullopt when unknown.
const char* MeasureCode(Measure m);
const char* EstimatorCode(Estimator e);
std::optional<Measure> ParseMeasure(std::string_view code);
std::optional<Estimator> ParseEstimator(std::string_view code);

// One study: a label, the number with the outcome and the number asked (or tested).
struct Study {
  std::string label;
  long long events = 0;
  long long total = 0;
};

struct MetaOptions {
  Measure measure = Measure::kLogit;
  Estimator estimator = Estimator::kReml;
  double level = 95;  // confidence level in percent, 50 ≤ level < 100
};

// An estimate with its interval.
struct Estimate {
  double estimate = 0;
  double lower = 0;
  double upper = 0;
};

// One study's part in the analysis.
struct StudyEffect {
  std::string label;
  long long events = 0;
  long long total = 0;
  double yi = 0;          // effect size on the transformed scale
  double vi = 0;          // its sampling variance
  Estimate transformed;   // yi ± z·√vi
  Estimate proportion;    // the same, back-transformed
  double weight_percent = 0;  // share of the pooled estimate's weight, 0–100
};

// The pooled result of one model.
struct PooledResult {
  int k = 0;               // number of studies
  Estimate transformed;    // pooled estimate and CI on the transformed scale
  double se = 0;
  double z = 0;            // estimate / se
  double p_value = 0;      // two-sided, for estimate = 0 on the transformed scale
  Estimate proportion;     // back-transformed estimate and CI
  double tau2 = 0;
  double tau = 0;
  std::optional<double> se_tau2;  // none for the fixed-effect model
  double i2 = 0;           // percent
  double h2 = 1;
  double q = 0;            // Cochran's Q
  int q_df = 0;
  double q_p_value = 1;    // 1 when q_df = 0
  // Prediction interval (none for the fixed-effect model, as metafor).
  std::optional<Estimate> prediction_transformed;
  std::optional<Estimate> prediction_proportion;
  std::optional<double> reml_log_likelihood;  // REML only
  int iterations = 0;      // REML Fisher-scoring iterations
};

struct MetaAnalysis {
  MetaOptions options;
  std::vector<StudyEffect> studies;  // in input order
  PooledResult pooled;
  double harmonic_mean_total = 0;    // used by the PFT back-transform
};

// The effect sizes of the studies (yi, vi per study). Fails with field errors
// ("studies[i].events", "studies[i].total") for negative counts, total 0, or events > total.
Result<std::vector<StudyEffect>> ComputeEffects(const std::vector<Study>& studies, Measure measure);

// Pools the studies. Needs at least one study; one study gives tau² = 0 and Q = 0 (df 0).
Result<MetaAnalysis> AnalyseProportions(const std::vector<Study>& studies, const MetaOptions& options);

// Back-transforms a value of the measure's scale to a proportion. For PFT, n is the
// harmonic mean of the studies' totals. Values outside the range are clamped to [0, 1]
// (PR is returned as is, as metafor does).
double BackTransform(Measure measure, double value, double harmonic_mean_total);

// Subgroup analysis: each subgroup pooled on its own (its own tau²), and the fixed-effect
// Q test of the subgroup estimates. `groups[i]` names the subgroup of `studies[i]`.
struct SubgroupResult {
  std::string group;
  std::vector<std::size_t> study_indexes;  // into the input
  PooledResult pooled;
};
struct SubgroupAnalysis {
  MetaAnalysis overall;
  std::vector<SubgroupResult> subgroups;  // in order of first appearance
  double q_between = 0;
  int q_between_df = 0;
  double q_between_p_value = 1;
};
Result<SubgroupAnalysis> AnalyseSubgroups(const std::vector<Study>& studies,
                                          const std::vector<std::string>& groups,
                                          const MetaOptions& options);

// Cumulative meta-analysis: step i pools the first i+1 studies of `order` (indexes into
// `studies`; the input order when empty). `label` of each step is the study added.
struct CumulativeStep {
  std::string label;       // the study added at this step
  std::size_t study_index = 0;
  PooledResult pooled;
};
Result<std::vector<CumulativeStep>> AnalyseCumulative(const std::vector<Study>& studies,
                                                      const std::vector<std::size_t>& order,
                                                      const MetaOptions& options);

// Leave-one-out: entry i pools every study but study i. Needs at least two studies.
Result<std::vector<CumulativeStep>> AnalyseLeaveOneOut(const std::vector<Study>& studies,
                                                       const MetaOptions& options);

// The inverse-variance model on given effect sizes (for benchmarks and other measures):
// yi and vi of equal length, every vi > 0 and finite. Back-transform fields are left 0.
Result<PooledResult> PoolEffects(const std::vector<double>& yi, const std::vector<double>& vi,
                                 Estimator estimator, double level);

}  // namespace kinship::stats

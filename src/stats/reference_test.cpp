// Every value in tests/reference/stats (computed with R's stats and metafor, cross-checked
// with SciPy; copied from ../shared/reference/stats) must match to a relative error of
// 1e-8. Values that R reports as 0 or below 1e-300 are compared with an absolute tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "stats/contingency.h"
#include "stats/ears.h"
#include "stats/meta.h"
#include "stats/paired.h"
#include "stats/proportion.h"
#include "stats/trend.h"

namespace kinship::stats {
namespace {

using nlohmann::json;

json LoadReference(const std::string& name) {
  const char* dir = std::getenv("KINSHIP_REFERENCE_DIR");
  const std::string path = std::string(dir ? dir : KINSHIP_REFERENCE_DIR) + "/stats/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return json::parse(in);
}

double Number(const json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "Inf") return std::numeric_limits<double>::infinity();
    if (s == "-Inf") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  return v.get<double>();
}

::testing::AssertionResult Near(const char* what_expr, const char*, const char*, const std::string& what, double actual,
                                const json& expected_json) {
  (void)what_expr;
  const double expected = Number(expected_json);
  if (std::isinf(expected) && actual == expected) return ::testing::AssertionSuccess();
  const double error = std::fabs(actual - expected);
  const bool tiny = std::fabs(expected) < 1e-300;
  if ((tiny && error <= 1e-12) || error <= 1e-8 * std::fabs(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": got " << std::setprecision(17) << actual << ", R gives "
                                       << expected << " (relative error " << error / std::fabs(expected) << ")";
}

#define EXPECT_R(what, actual, expected) EXPECT_PRED_FORMAT3(Near, what, actual, expected)

std::vector<Study> StudiesOf(const json& inputs) {
  std::vector<Study> studies;
  for (std::size_t i = 0; i < inputs["xi"].size(); ++i) {
    studies.push_back({inputs["study"][i].get<std::string>(), inputs["xi"][i].get<long long>(),
                       inputs["ni"][i].get<long long>()});
  }
  return studies;
}

void CheckMetaFile(const std::string& file) {
  const json ref = LoadReference(file);
  const std::vector<Study> studies = StudiesOf(ref["inputs"]);
  for (const json& a : ref["analyses"]) {
    const std::string label = file + " " + a["measure"].get<std::string>() + "/" + a["method"].get<std::string>();
    SCOPED_TRACE(label);
    MetaOptions options;
    options.measure = *ParseMeasure(a["measure"].get<std::string>());
    options.estimator = *ParseEstimator(a["method"].get<std::string>());
    Result<MetaAnalysis> m = AnalyseProportions(studies, options);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const PooledResult& p = m->pooled;
    for (std::size_t i = 0; i < studies.size(); ++i) {
      EXPECT_R("yi", m->studies[i].yi, a["yi"][i]);
      EXPECT_R("vi", m->studies[i].vi, a["vi"][i]);
      EXPECT_R("weight", m->studies[i].weight_percent, a["weights_percent"][i]);
    }
    EXPECT_EQ(p.k, a["k"].get<int>());
    EXPECT_R("estimate", p.transformed.estimate, a["estimate"]);
    EXPECT_R("se", p.se, a["se"]);
    EXPECT_R("zval", p.z, a["zval"]);
    EXPECT_R("pval", p.p_value, a["pval"]);
    EXPECT_R("ci_lb", p.transformed.lower, a["ci_lb"]);
    EXPECT_R("ci_ub", p.transformed.upper, a["ci_ub"]);
    EXPECT_R("tau2", p.tau2, a["tau2"]);
    EXPECT_R("tau", p.tau, a["tau"]);
    EXPECT_R("I2", p.i2, a["I2_percent"]);
    EXPECT_R("H2", p.h2, a["H2"]);
    EXPECT_R("Q", p.q, a["Q"]);
    EXPECT_EQ(p.q_df, a["Q_df"].get<int>());
    EXPECT_R("Q_pval", p.q_p_value, a["Q_pval"]);
    EXPECT_R("prop_estimate", p.proportion.estimate, a["prop_estimate"]);
    EXPECT_R("prop_ci_lb", p.proportion.lower, a["prop_ci_lb"]);
    EXPECT_R("prop_ci_ub", p.proportion.upper, a["prop_ci_ub"]);
    if (a["se_tau2"].is_null()) {
      EXPECT_FALSE(p.se_tau2.has_value());
    } else {
      ASSERT_TRUE(p.se_tau2.has_value());
      EXPECT_R("se_tau2", *p.se_tau2, a["se_tau2"]);
    }
    if (a["pi_lb"].is_null()) {
      EXPECT_FALSE(p.prediction_transformed.has_value());
    } else {
      ASSERT_TRUE(p.prediction_transformed.has_value());
      EXPECT_R("pi_lb", p.prediction_transformed->lower, a["pi_lb"]);
      EXPECT_R("pi_ub", p.prediction_transformed->upper, a["pi_ub"]);
      EXPECT_R("prop_pi_lb", p.prediction_proportion->lower, a["prop_pi_lb"]);
      EXPECT_R("prop_pi_ub", p.prediction_proportion->upper, a["prop_pi_ub"]);
    }
    if (a.contains("reml_loglik")) {
      ASSERT_TRUE(p.reml_log_likelihood.has_value());
      EXPECT_R("reml_loglik", *p.reml_log_likelihood, a["reml_loglik"]);
    }
    if (a.contains("harmonic_mean_n")) {
      EXPECT_R("harmonic_mean_n", m->harmonic_mean_total, a["harmonic_mean_n"]);
    }
    if (a.contains("typical_within_var_vt") && p.q_df > 0 && options.estimator != Estimator::kFixedEffect &&
        p.tau2 > 0) {
      // vt is not reported; it is implied by I² = 100·τ²/(τ² + vt).
      EXPECT_R("vt", p.tau2 * (100 - p.i2) / p.i2, a["typical_within_var_vt"]);
    }
  }
}

TEST(StatsReference, MetaAnalysisPritz1997) { CheckMetaFile("meta_proportions_pritz1997.json"); }

TEST(StatsReference, MetaAnalysisEdgeCases) { CheckMetaFile("meta_proportions_edgecases.json"); }

TEST(StatsReference, CumulativeAndSubgroups) {
  const json ref = LoadReference("meta_cumulative_subgroup_pritz1997_DL_PLO.json");
  const std::vector<Study> studies = StudiesOf(ref["inputs"]);
  const MetaOptions options{.measure = Measure::kLogit, .estimator = Estimator::kDerSimonianLaird};
  Result<std::vector<CumulativeStep>> steps = AnalyseCumulative(studies, {}, options);
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  ASSERT_EQ(steps->size(), ref["cumulative"].size());
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const json& c = ref["cumulative"][i];
    const PooledResult& p = (*steps)[i].pooled;
    SCOPED_TRACE("cumulative step " + std::to_string(i + 1));
    EXPECT_EQ((*steps)[i].label, c["study"].get<std::string>());
    EXPECT_EQ(p.k, c["k"].get<int>());
    EXPECT_R("estimate_logit", p.transformed.estimate, c["estimate_logit"]);
    EXPECT_R("ci_lb_logit", p.transformed.lower, c["ci_lb_logit"]);
    EXPECT_R("ci_ub_logit", p.transformed.upper, c["ci_ub_logit"]);
    EXPECT_R("estimate", p.proportion.estimate, c["estimate"]);
    EXPECT_R("ci_lb", p.proportion.lower, c["ci_lb"]);
    EXPECT_R("ci_ub", p.proportion.upper, c["ci_ub"]);
    EXPECT_R("tau2", p.tau2, c["tau2"]);
    EXPECT_R("I2", p.i2, c["I2"]);
  }
  std::vector<std::string> groups;
  for (const json& g : ref["inputs"]["subgroup"]) groups.push_back(g.get<std::string>());
  Result<SubgroupAnalysis> sub = AnalyseSubgroups(studies, groups, options);
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  ASSERT_EQ(sub->subgroups.size(), ref["subgroups"].size());
  for (std::size_t i = 0; i < sub->subgroups.size(); ++i) {
    const json& g = ref["subgroups"][i];
    const PooledResult& p = sub->subgroups[i].pooled;
    SCOPED_TRACE("subgroup " + g["group"].get<std::string>());
    EXPECT_EQ(sub->subgroups[i].group, g["group"].get<std::string>());
    EXPECT_EQ(p.k, g["k"].get<int>());
    EXPECT_R("estimate_logit", p.transformed.estimate, g["estimate_logit"]);
    EXPECT_R("se", p.se, g["se"]);
    EXPECT_R("tau2", p.tau2, g["tau2"]);
    EXPECT_R("Q", p.q, g["Q"]);
    EXPECT_R("estimate", p.proportion.estimate, g["estimate"]);
  }
  EXPECT_R("Q_between", sub->q_between, ref["Q_between"]);
  EXPECT_EQ(sub->q_between_df, ref["Q_between_df"].get<int>());
  EXPECT_R("Q_between_p", sub->q_between_p_value, ref["Q_between_p"]);
}

CountTable TableOf(const json& t) {
  CountTable table;
  for (const json& row : t) table.push_back(row.get<std::vector<long long>>());
  return table;
}

void CheckChiSquare(const CountTable& table, bool yates, const json& ref) {
  Result<ChiSquareResult> chi = ChiSquareTest(table, yates);
  ASSERT_TRUE(chi.ok()) << chi.status().ToString();
  EXPECT_R("statistic", chi->statistic, ref["statistic"]);
  EXPECT_EQ(chi->df, ref["df"].get<int>());
  EXPECT_R("pval", chi->p_value, ref["pval"]);
  for (std::size_t r = 0; r < table.size(); ++r) {
    for (std::size_t c = 0; c < table[r].size(); ++c) EXPECT_R("expected", chi->expected[r][c], ref["expected"][r][c]);
  }
  EXPECT_EQ(chi->warnings, ref["warnings"].get<std::vector<std::string>>());
}

TEST(StatsReference, ChiSquareAndFisher) {
  const json ref = LoadReference("chisq_fisher.json");
  for (const json& t : ref["tables_2x2"]) {
    SCOPED_TRACE(t["name"].get<std::string>());
    const CountTable table = TableOf(t["table"]);
    CheckChiSquare(table, true, t["chisq_yates"]);
    CheckChiSquare(table, false, t["chisq_no_correction"]);
    Result<FisherResult> f = FisherExactTest(table);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    const json& fr = t["fisher"];
    EXPECT_R("fisher p", f->p_value, fr["pval_two_sided"]);
    EXPECT_R("fisher p less", f->p_value_less, fr["pval_less"]);
    EXPECT_R("fisher p greater", f->p_value_greater, fr["pval_greater"]);
    EXPECT_R("odds ratio", f->odds_ratio, fr["precise_logOR_tol1e14"]["conditional_mle_odds_ratio"]);
    EXPECT_R("or ci lb", f->lower, fr["precise_logOR_tol1e14"]["or_ci_95"][0]);
    EXPECT_R("or ci ub", f->upper, fr["precise_logOR_tol1e14"]["or_ci_95"][1]);
    EXPECT_R("sample odds ratio", f->sample_odds_ratio, fr["sample_odds_ratio_ad_over_bc"]);
  }
  for (const json& t : ref["tables_rxc"]) {
    SCOPED_TRACE(t["name"].get<std::string>());
    CheckChiSquare(TableOf(t["table"]), false, t["chisq"]);
  }
}

TEST(StatsReference, CochranArmitageTrend) {
  const json ref = LoadReference("cochran_armitage_trend.json");
  for (const json& d : ref["datasets"]) {
    std::vector<TrendGroup> groups;
    for (std::size_t i = 0; i < d["x"].size(); ++i) groups.push_back({d["x"][i].get<long long>(), d["n"][i].get<long long>()});
    for (const char* key : {"default_scores", "custom_scores"}) {
      if (!d.contains(key)) continue;
      SCOPED_TRACE(d["name"].get<std::string>() + " " + key);
      const json& s = d[key];
      const std::vector<double> scores =
          std::string(key) == "default_scores" ? std::vector<double>{} : s["score"].get<std::vector<double>>();
      Result<TrendResult> r = TrendTest(groups, scores);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (std::fabs(Number(s["prop_trend_test"]["chisq"])) < 1e-20) {
        EXPECT_NEAR(r->statistic, 0, 1e-12);  // R's rounding noise where the exact value is 0
        continue;
      }
      EXPECT_R("chisq", r->statistic, s["prop_trend_test"]["chisq"]);
      EXPECT_R("pval", r->p_value, s["prop_trend_test"]["pval"]);
      EXPECT_R("z", r->z, s["z"]);
      EXPECT_R("p increasing", r->p_value_increasing, s["z_pval_one_sided_increasing"]);
      EXPECT_R("p decreasing", r->p_value_decreasing, s["z_pval_one_sided_decreasing"]);
    }
  }
}

TEST(StatsReference, ProportionIntervals) {
  const json ref = LoadReference("proportion_ci.json");
  for (const json& c : ref["cases"]) {
    const long long x = c["x"].get<long long>(), n = c["n"].get<long long>();
    SCOPED_TRACE(std::to_string(x) + "/" + std::to_string(n));
    const auto check = [&](ProportionMethod method, const json& expected) {
      Result<ProportionInterval> ci = EstimateProportion(x, n, method);
      EXPECT_TRUE(ci.ok()) << ci.status().ToString();
      if (!ci.ok()) return ProportionInterval{};
      EXPECT_R(ProportionMethodName(method), ci->lower, expected[0]);
      EXPECT_R(ProportionMethodName(method), ci->upper, expected[1]);
      EXPECT_R("estimate", ci->estimate, c["phat"]);
      return *ci;
    };
    check(ProportionMethod::kWilson, c["wilson"]);
    check(ProportionMethod::kWilsonCorrected, c["wilson_cc"]);
    check(ProportionMethod::kExact, c["clopper_pearson"]);
    const ProportionInterval ac = check(ProportionMethod::kAgrestiCoull, c["agresti_coull_clipped"]);
    EXPECT_R("agresti-coull unclipped", *ac.lower_unclipped, c["agresti_coull_unclipped"][0]);
    EXPECT_R("agresti-coull unclipped", *ac.upper_unclipped, c["agresti_coull_unclipped"][1]);
    EXPECT_R("agresti-coull centre", *ac.centre, c["agresti_coull_center"]);
  }
}

TEST(StatsReference, EarsC1C2C3) {
  const json ref = LoadReference("ears_c1_c2_c3.json");
  for (const auto& [series_name, results] : ref["results"].items()) {
    const std::vector<double> counts = ref["series"][series_name].get<std::vector<double>>();
    for (const json& r : results) {
      const std::string method = r["method"].get<std::string>();
      SCOPED_TRACE(series_name + " " + method);
      EarsOptions options;
      options.min_sigma = r["minSigma"].get<double>();
      Result<EarsResult> e = DetectAberrations(counts, options);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      for (std::size_t i = 0; i < r["day"].size(); ++i) {
        const std::size_t t = r["day"][i].get<std::size_t>() - 1;  // days are 1-based
        const EarsDay& day = e->days.at(t);
        EXPECT_EQ(day.count, r["observed"][i].get<double>());
        const std::optional<double>& stat = method == "C1" ? day.c1 : method == "C2" ? day.c2 : day.c3;
        const json& expected = r["statistic"][i];
        if (expected.is_string() && expected.get<std::string>() == "NaN") {
          EXPECT_FALSE(stat.has_value());
          continue;
        }
        ASSERT_TRUE(stat.has_value()) << "day " << t + 1;
        EXPECT_R(method.c_str(), *stat, expected);
        const bool alarm = method == "C1" ? day.c1_alarm : method == "C2" ? day.c2_alarm : day.c3_alarm;
        const double threshold = r["zAlpha"].get<double>();
        EXPECT_EQ(alarm, *stat >= threshold) << "day " << t + 1;
        EXPECT_EQ(alarm, r["alarm_statistic_ge_z"][i].get<bool>()) << "day " << t + 1;
        if (method != "C3") {
          EXPECT_R("baseline mean", method == "C1" ? *day.c1_mean : *day.c2_mean, r["baseline_mean"][i]);
          EXPECT_R("baseline sd", method == "C1" ? *day.c1_sd : *day.c2_sd, r["baseline_sd"][i]);
        }
      }
    }
  }
}

}  // namespace
}  // namespace kinship::stats

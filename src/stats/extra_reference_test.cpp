// Reference values on other data than the shared sample: random and edge-case datasets for
// every measure and estimator (PAS included), one and two studies, cumulative and
// leave-one-out, subgroups, proportions at 90%, large Fisher tables, r×c tables, McNemar,
// trend with custom scores and EARS with a minimum sigma. Produced by
// tests/reference/stats/extra/generate.R with R 4.2.2 and metafor 3.8-1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
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

const json& Extra() {
  static const json kExtra = [] {
    const char* dir = std::getenv("KINSHIP_REFERENCE_DIR");
    const std::string path = std::string(dir ? dir : KINSHIP_REFERENCE_DIR) + "/stats/extra/extra.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    return json::parse(in);
  }();
  return kExtra;
}

double Number(const json& v) {
  if (v.is_string()) return v.get<std::string>() == "Inf" ? std::numeric_limits<double>::infinity() : NAN;
  return v.get<double>();
}

// jsonlite writes a vector of one as a scalar.
std::vector<double> Numbers(const json& v) {
  if (!v.is_array()) return {Number(v)};
  std::vector<double> out;
  for (const json& x : v) out.push_back(Number(x));
  return out;
}

::testing::AssertionResult Near(const char*, const char*, const char*, const std::string& what, double actual,
                                const json& expected_json) {
  const double expected = Number(expected_json);
  if (std::isinf(expected) && actual == expected) return ::testing::AssertionSuccess();
  const double error = std::fabs(actual - expected);
  if ((std::fabs(expected) < 1e-300 && error <= 1e-12) || error <= 1e-8 * std::fabs(expected)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << what << ": got " << std::setprecision(17) << actual << ", R gives "
                                       << expected;
}
#define EXPECT_R(what, actual, expected) EXPECT_PRED_FORMAT3(Near, what, actual, expected)

std::vector<Study> StudiesOf(const json& xi, const json& ni) {
  const std::vector<double> x = Numbers(xi), n = Numbers(ni);
  std::vector<Study> studies;
  for (std::size_t i = 0; i < x.size(); ++i) {
    studies.push_back({std::to_string(i + 1), static_cast<long long>(x[i]), static_cast<long long>(n[i])});
  }
  return studies;
}

TEST(StatsExtraReference, MetaAnalysesOfEveryMeasureAndEstimator) {
  for (const json& dataset : Extra()["meta"]) {
    const std::vector<Study> studies = StudiesOf(dataset["xi"], dataset["ni"]);
    for (const json& a : dataset["analyses"]) {
      SCOPED_TRACE(dataset["name"].get<std::string>() + " " + a["measure"].get<std::string>() + "/" +
                   a["method"].get<std::string>());
      const MetaOptions options{*ParseMeasure(a["measure"].get<std::string>()),
                                *ParseEstimator(a["method"].get<std::string>()), 95};
      Result<MetaAnalysis> m = AnalyseProportions(studies, options);
      ASSERT_TRUE(m.ok()) << m.status().ToString();
      const PooledResult& p = m->pooled;
      const std::vector<double> yi = Numbers(a["yi"]), vi = Numbers(a["vi"]), w = Numbers(a["weights_percent"]);
      for (std::size_t i = 0; i < studies.size(); ++i) {
        EXPECT_R("yi", m->studies[i].yi, yi[i]);
        EXPECT_R("vi", m->studies[i].vi, vi[i]);
        EXPECT_R("weight", m->studies[i].weight_percent, w[i]);
      }
      EXPECT_R("estimate", p.transformed.estimate, a["estimate"]);
      EXPECT_R("se", p.se, a["se"]);
      EXPECT_R("zval", p.z, a["zval"]);
      EXPECT_R("pval", p.p_value, a["pval"]);
      EXPECT_R("ci_lb", p.transformed.lower, a["ci_lb"]);
      EXPECT_R("ci_ub", p.transformed.upper, a["ci_ub"]);
      EXPECT_R("tau2", p.tau2, a["tau2"]);
      EXPECT_R("I2", p.i2, a["I2"]);
      EXPECT_R("H2", p.h2, a["H2"]);
      EXPECT_R("Q", p.q, a["Q"]);
      EXPECT_R("Q_p", p.q_p_value, a["Q_p"]);
      EXPECT_R("prop_estimate", p.proportion.estimate, a["prop_estimate"]);
      EXPECT_R("prop_ci_lb", p.proportion.lower, a["prop_ci_lb"]);
      EXPECT_R("prop_ci_ub", p.proportion.upper, a["prop_ci_ub"]);
      EXPECT_EQ(p.se_tau2.has_value(), !a["se_tau2"].is_null());
      if (p.se_tau2 && !a["se_tau2"].is_null()) {
        EXPECT_R("se_tau2", *p.se_tau2, a["se_tau2"]);
      }
      EXPECT_EQ(p.prediction_transformed.has_value(), !a["pi_lb"].is_null());
      if (p.prediction_transformed && !a["pi_lb"].is_null()) {
        EXPECT_R("pi_lb", p.prediction_transformed->lower, a["pi_lb"]);
        EXPECT_R("pi_ub", p.prediction_transformed->upper, a["pi_ub"]);
        EXPECT_R("prop_pi_lb", p.prediction_proportion->lower, a["prop_pi_lb"]);
        EXPECT_R("prop_pi_ub", p.prediction_proportion->upper, a["prop_pi_ub"]);
      }
    }
  }
}

TEST(StatsExtraReference, CumulativeLeaveOneOutAndSubgroups) {
  const json& e = Extra()["meta_extras"];
  const std::vector<Study> studies = StudiesOf(e["xi"], e["ni"]);
  const MetaOptions reml{Measure::kLogit, Estimator::kReml, 95};
  const json& c = e["cumulative_PLO_REML"];
  std::vector<std::size_t> order;
  for (const json& i : c["order"]) order.push_back(i.get<std::size_t>());
  Result<std::vector<CumulativeStep>> steps = AnalyseCumulative(studies, order, reml);
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  for (std::size_t i = 0; i < steps->size(); ++i) {
    SCOPED_TRACE("cumulative " + std::to_string(i));
    EXPECT_EQ((*steps)[i].study_index, order[i]);
    EXPECT_R("estimate", (*steps)[i].pooled.transformed.estimate, c["estimate"][i]);
    EXPECT_R("ci_lb", (*steps)[i].pooled.transformed.lower, c["ci_lb"][i]);
    EXPECT_R("ci_ub", (*steps)[i].pooled.transformed.upper, c["ci_ub"][i]);
    EXPECT_R("tau2", (*steps)[i].pooled.tau2, c["tau2"][i]);
    EXPECT_R("I2", (*steps)[i].pooled.i2, c["I2"][i]);
    if (!c["Q"][i].is_null()) {
      EXPECT_R("Q", (*steps)[i].pooled.q, c["Q"][i]);
    }
  }
  const json& l = e["leave1out_PLO_REML"];
  Result<std::vector<CumulativeStep>> loo = AnalyseLeaveOneOut(studies, reml);
  ASSERT_TRUE(loo.ok());
  for (std::size_t i = 0; i < loo->size(); ++i) {
    SCOPED_TRACE("leave-one-out " + std::to_string(i));
    EXPECT_R("estimate", (*loo)[i].pooled.transformed.estimate, l["estimate"][i]);
    EXPECT_R("se", (*loo)[i].pooled.se, l["se"][i]);
    EXPECT_R("tau2", (*loo)[i].pooled.tau2, l["tau2"][i]);
    EXPECT_R("I2", (*loo)[i].pooled.i2, l["I2"][i]);
    EXPECT_R("Q", (*loo)[i].pooled.q, l["Q"][i]);
    EXPECT_R("Qp", (*loo)[i].pooled.q_p_value, l["Qp"][i]);
  }
  const json& lf = e["leave1out_PFT_DL"];
  Result<std::vector<CumulativeStep>> loo_ft =
      AnalyseLeaveOneOut(studies, {Measure::kFreemanTukey, Estimator::kDerSimonianLaird, 95});
  ASSERT_TRUE(loo_ft.ok());
  for (std::size_t i = 0; i < loo_ft->size(); ++i) {
    EXPECT_R("PFT estimate", (*loo_ft)[i].pooled.transformed.estimate, lf["estimate"][i]);
    EXPECT_R("PFT tau2", (*loo_ft)[i].pooled.tau2, lf["tau2"][i]);
  }
  const json& s = e["subgroups_PLO_REML"];
  Result<SubgroupAnalysis> sub = AnalyseSubgroups(studies, e["group"].get<std::vector<std::string>>(), reml);
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  ASSERT_EQ(sub->subgroups.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const json& g = s["groups"][i];
    EXPECT_EQ(sub->subgroups[i].group, g["group"].get<std::string>());
    EXPECT_R("subgroup estimate", sub->subgroups[i].pooled.transformed.estimate, g["estimate"]);
    EXPECT_R("subgroup se", sub->subgroups[i].pooled.se, g["se"]);
    EXPECT_R("subgroup tau2", sub->subgroups[i].pooled.tau2, g["tau2"]);
    EXPECT_R("subgroup Q", sub->subgroups[i].pooled.q, g["Q"]);
  }
  EXPECT_R("Q_between", sub->q_between, s["Q_between"]);
  EXPECT_R("Q_between_p", sub->q_between_p_value, s["Q_between_p"]);
}

TEST(StatsExtraReference, ProportionsAtNinetyPercent) {
  for (const json& c : Extra()["proportions"]) {
    const long long x = c["x"].get<long long>(), n = c["n"].get<long long>();
    SCOPED_TRACE(std::to_string(x) + "/" + std::to_string(n));
    for (const auto& [method, key] : {std::pair{ProportionMethod::kWilson, "wilson"},
                                      std::pair{ProportionMethod::kWilsonCorrected, "wilson_cc"},
                                      std::pair{ProportionMethod::kExact, "exact"}}) {
      Result<ProportionInterval> ci = EstimateProportion(x, n, method, c["level"].get<double>());
      ASSERT_TRUE(ci.ok());
      EXPECT_R(key, ci->lower, c[key][0]);
      EXPECT_R(key, ci->upper, c[key][1]);
    }
  }
}

TEST(StatsExtraReference, FisherAndChiSquare) {
  for (const json& f : Extra()["fisher"]) {
    CountTable table;
    for (const json& row : f["table"]) table.push_back({row[0].get<long long>(), row[1].get<long long>()});
    SCOPED_TRACE(f["table"].dump());
    Result<FisherResult> r = FisherExactTest(table);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_R("p", r->p_value, f["p"]);
    EXPECT_R("p less", r->p_value_less, f["p_less"]);
    EXPECT_R("p greater", r->p_value_greater, f["p_greater"]);
    EXPECT_R("odds ratio", r->odds_ratio, f["odds_ratio"]);
    EXPECT_R("ci lb", r->lower, f["ci_lb"]);
    EXPECT_R("ci ub", r->upper, f["ci_ub"]);
    Result<ChiSquareResult> chi = ChiSquareTest(table, false);
    ASSERT_TRUE(chi.ok());
    EXPECT_R("chisq", chi->statistic, f["chisq"]);
    EXPECT_R("chisq p", chi->p_value, f["chisq_p"]);
    Result<ChiSquareResult> yates = ChiSquareTest(table, true);
    ASSERT_TRUE(yates.ok());
    EXPECT_R("yates", yates->statistic, f["yates"]);
    EXPECT_R("yates p", yates->p_value, f["yates_p"]);
  }
  for (const json& t : Extra()["rxc"]) {
    CountTable table;
    for (const json& row : t["table"]) table.push_back(row.get<std::vector<long long>>());
    Result<ChiSquareResult> chi = ChiSquareTest(table, true);  // Yates never applies beyond 2×2
    ASSERT_TRUE(chi.ok());
    EXPECT_FALSE(chi->yates);
    EXPECT_R("rxc statistic", chi->statistic, t["statistic"]);
    EXPECT_EQ(chi->df, t["df"].get<int>());
    EXPECT_R("rxc p", chi->p_value, t["p"]);
  }
}

TEST(StatsExtraReference, McNemar) {
  for (const json& m : Extra()["mcnemar"]) {
    SCOPED_TRACE(m.dump());
    Result<McNemarResult> r = McNemarTest({m["both_yes"].get<long long>(), m["yes_no"].get<long long>(),
                                           m["no_yes"].get<long long>(), m["both_no"].get<long long>()});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_R("statistic", r->statistic, m["statistic"]);
    EXPECT_R("p", r->p_value, m["p"]);
    EXPECT_R("statistic uncorrected", r->statistic_uncorrected, m["statistic_uncorrected"]);
    EXPECT_R("p uncorrected", r->p_value_uncorrected, m["p_uncorrected"]);
    EXPECT_R("exact p", r->exact_p_value, m["exact_p"]);
  }
}

TEST(StatsExtraReference, TrendWithDefaultAndCustomScores) {
  for (const json& t : Extra()["trend"]) {
    std::vector<TrendGroup> groups;
    for (std::size_t i = 0; i < t["x"].size(); ++i) groups.push_back({t["x"][i].get<long long>(), t["n"][i].get<long long>()});
    Result<TrendResult> d = TrendTest(groups, {});
    ASSERT_TRUE(d.ok());
    EXPECT_R("chisq default", d->statistic, t["chisq_default"]);
    EXPECT_R("p default", d->p_value, t["p_default"]);
    Result<TrendResult> s = TrendTest(groups, t["score"].get<std::vector<double>>());
    ASSERT_TRUE(s.ok());
    EXPECT_R("chisq score", s->statistic, t["chisq_score"]);
    EXPECT_R("p score", s->p_value, t["p_score"]);
  }
}

TEST(StatsExtraReference, EarsWithMinimumSigma) {
  const json& e = Extra()["ears"];
  Result<EarsResult> r =
      DetectAberrations(e["counts"].get<std::vector<double>>(), {.min_sigma = e["min_sigma"].get<double>()});
  ASSERT_TRUE(r.ok());
  for (std::size_t t = 0; t < r->days.size(); ++t) {
    SCOPED_TRACE("day " + std::to_string(t + 1));
    const EarsDay& day = r->days[t];
    for (const auto& [key, stat] : {std::pair{"C1", day.c1}, std::pair{"C2", day.c2}, std::pair{"C3", day.c3}}) {
      if (e[key][t].is_null()) {
        EXPECT_FALSE(stat.has_value()) << key;
      } else {
        ASSERT_TRUE(stat.has_value()) << key;
        EXPECT_R(key, *stat, e[key][t]);
      }
    }
  }
}

}  // namespace
}  // namespace kinship::stats

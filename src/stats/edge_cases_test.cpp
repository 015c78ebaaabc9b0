// Documented behaviour at the edges: a clear error naming the field, or the answer R gives,
// and never a NaN slipping through.
#include <gtest/gtest.h>

#include <cmath>

#include "stats/contingency.h"
#include "stats/ears.h"
#include "stats/meta.h"
#include "stats/paired.h"
#include "stats/proportion.h"
#include "stats/trend.h"

namespace kinship::stats {
namespace {

std::string FirstField(const Status& s) { return s.field_errors().empty() ? "" : s.field_errors().front().field; }

TEST(StatsEdges, ProportionRefusesTotalZeroEventsAboveTotalAndNegativeCounts) {
  EXPECT_EQ(FirstField(EstimateProportion(0, 0, ProportionMethod::kWilson).status()), "total");
  EXPECT_EQ(FirstField(EstimateProportion(5, 3, ProportionMethod::kExact).status()), "events");
  EXPECT_EQ(FirstField(EstimateProportion(-1, 3, ProportionMethod::kWilson).status()), "events");
  EXPECT_EQ(FirstField(EstimateProportion(1, 3, ProportionMethod::kWilson, 100).status()), "level");
  EXPECT_EQ(FirstField(EstimateProportion(1, 3, ProportionMethod::kWilson, NAN).status()), "level");
}

TEST(StatsEdges, ProportionAtZeroAndAllEventsStaysWithinZeroAndOne) {
  for (const auto method : {ProportionMethod::kWilson, ProportionMethod::kWilsonCorrected, ProportionMethod::kExact,
                            ProportionMethod::kAgrestiCoull}) {
    for (const long long x : {0LL, 7LL}) {
      Result<ProportionInterval> ci = EstimateProportion(x, 7, method);
      ASSERT_TRUE(ci.ok());
      EXPECT_GE(ci->lower, 0);
      EXPECT_LE(ci->upper, 1);
      EXPECT_LE(ci->lower, ci->estimate);
      EXPECT_GE(ci->upper, ci->estimate);
    }
  }
}

TEST(StatsEdges, MetaRefusesNoStudiesAndBadCountsNamingTheStudy) {
  EXPECT_EQ(FirstField(AnalyseProportions({}, {}).status()), "studies");
  EXPECT_EQ(FirstField(AnalyseProportions({{"a", 1, 2}, {"b", 3, 0}}, {}).status()), "studies[1].total");
  EXPECT_EQ(FirstField(AnalyseProportions({{"a", 4, 2}}, {}).status()), "studies[0].events");
  EXPECT_EQ(FirstField(AnalyseProportions({{"a", -1, 2}}, {}).status()), "studies[0].events");
  EXPECT_EQ(FirstField(AnalyseProportions({{"a", 1, 2}}, {.level = 20}).status()), "level");
}

TEST(StatsEdges, MetaOfOneStudyIsThatStudyWithNoHeterogeneity) {
  for (const auto estimator : {Estimator::kFixedEffect, Estimator::kDerSimonianLaird, Estimator::kReml}) {
    Result<MetaAnalysis> m = AnalyseProportions({{"only", 7, 25}}, {Measure::kLogit, estimator, 95});
    ASSERT_TRUE(m.ok());
    EXPECT_DOUBLE_EQ(m->pooled.proportion.estimate, 0.28);
    EXPECT_EQ(m->pooled.tau2, 0);
    EXPECT_EQ(m->pooled.q, 0);
    EXPECT_EQ(m->pooled.q_df, 0);
    EXPECT_EQ(m->pooled.q_p_value, 1);
    EXPECT_EQ(m->pooled.i2, 0);
    EXPECT_EQ(m->pooled.h2, 1);
    EXPECT_FALSE(m->pooled.se_tau2.has_value());
  }
}

TEST(StatsEdges, MetaWithEveryStudyAtZeroEventsUsesTheContinuityCorrection) {
  const std::vector<Study> studies = {{"a", 0, 10}, {"b", 0, 20}, {"c", 0, 40}};
  for (const auto measure : {Measure::kRawProportion, Measure::kLogit, Measure::kArcsine, Measure::kFreemanTukey}) {
    for (const auto estimator : {Estimator::kFixedEffect, Estimator::kDerSimonianLaird, Estimator::kReml}) {
      Result<MetaAnalysis> m = AnalyseProportions(studies, {measure, estimator, 95});
      ASSERT_TRUE(m.ok()) << MeasureCode(measure);
      EXPECT_TRUE(std::isfinite(m->pooled.transformed.estimate));
      EXPECT_TRUE(std::isfinite(m->pooled.se));
      EXPECT_GE(m->pooled.proportion.lower, measure == Measure::kRawProportion ? -1 : 0);
      EXPECT_LE(m->pooled.proportion.upper, 1);
    }
  }
}

TEST(StatsEdges, PoolingRefusesZeroOrNegativeVariance) {
  EXPECT_EQ(FirstField(PoolEffects({0.1, 0.2}, {0.01, 0}, Estimator::kReml, 95).status()), "vi[1]");
  EXPECT_EQ(FirstField(PoolEffects({0.1, NAN}, {0.01, 0.02}, Estimator::kReml, 95).status()), "yi[1]");
  EXPECT_EQ(FirstField(PoolEffects({0.1}, {0.01, 0.02}, Estimator::kReml, 95).status()), "vi");
}

TEST(StatsEdges, RemlOnIdenticalStudiesConvergesToZero) {
  Result<PooledResult> p = PoolEffects({0.5, 0.5, 0.5}, {0.1, 0.2, 0.3}, Estimator::kReml, 95);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->tau2, 0);
  EXPECT_EQ(p->i2, 0);
  EXPECT_EQ(p->q, 0);
}

TEST(StatsEdges, SubgroupsNeedTwoGroupsAndCumulativeOrderMustNameEachStudyOnce) {
  const std::vector<Study> studies = {{"a", 1, 10}, {"b", 2, 10}, {"c", 3, 10}};
  EXPECT_EQ(FirstField(AnalyseSubgroups(studies, {"x", "x", "x"}, {}).status()), "subgroup");
  EXPECT_EQ(FirstField(AnalyseSubgroups(studies, {"x", "y"}, {}).status()), "subgroup");
  EXPECT_EQ(FirstField(AnalyseCumulative(studies, {0, 0, 1}, {}).status()), "order");
  EXPECT_EQ(FirstField(AnalyseCumulative(studies, {0, 1, 7}, {}).status()), "order");
  EXPECT_EQ(FirstField(AnalyseLeaveOneOut({{"a", 1, 10}}, {}).status()), "studies");
}

TEST(StatsEdges, ChiSquareRefusesEmptyRowsAndColumnsAndRaggedTables) {
  EXPECT_EQ(FirstField(ChiSquareTest({{0, 0}, {1, 2}}, false).status()), "table");
  EXPECT_EQ(FirstField(ChiSquareTest({{0, 3}, {0, 2}}, false).status()), "table");
  EXPECT_EQ(FirstField(ChiSquareTest({{1, 2, 3}, {1, 2}}, false).status()), "table");
  EXPECT_EQ(FirstField(ChiSquareTest({{1, 2}}, false).status()), "table");
  EXPECT_EQ(FirstField(ChiSquareTest({{1, -2}, {1, 2}}, false).status()), "table");
}

TEST(StatsEdges, FisherOnlyForTwoByTwoAndWithinItsSizeLimit) {
  EXPECT_EQ(FirstField(FisherExactTest({{1, 2, 3}, {3, 2, 1}}).status()), "table");
  EXPECT_EQ(FirstField(FisherExactTest({{600000, 1}, {1, 600000}}).status()), "table");
  Result<FisherResult> zero = FisherExactTest({{0, 5}, {6, 4}});
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->odds_ratio, 0);
  EXPECT_EQ(zero->lower, 0);
  Result<FisherResult> infinite = FisherExactTest({{5, 0}, {4, 6}});
  ASSERT_TRUE(infinite.ok());
  EXPECT_TRUE(std::isinf(infinite->odds_ratio));
  EXPECT_TRUE(std::isinf(infinite->upper));
}

TEST(StatsEdges, FisherOnALargeTableGivesTinyButExactTails) {
  Result<FisherResult> f = FisherExactTest({{20000, 30000}, {30000, 20000}});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->p_value, 0);  // below 1e-300 (R gives 0 as well)
  EXPECT_NEAR(f->odds_ratio, 4.0 / 9.0, 1e-3);
  Result<FisherResult> g = FisherExactTest({{5000, 5100}, {5100, 5000}});
  ASSERT_TRUE(g.ok());
  EXPECT_GT(g->p_value, 0.1);
  EXPECT_LT(g->lower, 1);
  EXPECT_GT(g->upper, 0.9);
}

TEST(StatsEdges, McNemarNeedsADiscordantPair) {
  EXPECT_EQ(FirstField(McNemarTest({5, 0, 0, 5}).status()), "yes_no");
  EXPECT_EQ(FirstField(McNemarTest({5, -1, 2, 5}).status()), "yes_no");
  Result<McNemarResult> symmetric = McNemarTest({5, 3, 3, 5});
  ASSERT_TRUE(symmetric.ok());
  EXPECT_EQ(symmetric->statistic, 0);  // R does not correct a symmetric table
  EXPECT_EQ(symmetric->p_value, 1);
  EXPECT_EQ(symmetric->exact_p_value, 1);
}

TEST(StatsEdges, TrendRefusesNoVariationAndConstantScores) {
  EXPECT_EQ(FirstField(TrendTest({{0, 10}, {0, 12}}, {}).status()), "groups");
  EXPECT_EQ(FirstField(TrendTest({{10, 10}, {12, 12}}, {}).status()), "groups");
  EXPECT_EQ(FirstField(TrendTest({{1, 10}, {3, 12}}, {2, 2}).status()), "scores");
  EXPECT_EQ(FirstField(TrendTest({{1, 10}}, {}).status()), "groups");
  EXPECT_EQ(FirstField(TrendTest({{1, 10}, {13, 12}}, {}).status()), "groups[1].events");
  EXPECT_EQ(FirstField(TrendTest({{1, 10}, {3, 12}}, {1}).status()), "scores");
}

TEST(StatsEdges, EarsWithAFlatBaselineIsInfiniteOrUndefinedAndSaysSo) {
  std::vector<double> counts(12, 4.0);
  counts[10] = 9;
  Result<EarsResult> r = DetectAberrations(counts);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->days[7].c1.has_value());  // 4 against a flat 4: 0/0
  ASSERT_TRUE(r->days[10].c1.has_value());
  EXPECT_TRUE(std::isinf(*r->days[10].c1));
  EXPECT_TRUE(r->days[10].c1_alarm);
  EXPECT_FALSE(r->warnings.empty());
  Result<EarsResult> floored = DetectAberrations(counts, {.min_sigma = 1});
  ASSERT_TRUE(floored.ok());
  EXPECT_DOUBLE_EQ(*floored->days[10].c1, 5);
  EXPECT_DOUBLE_EQ(*floored->days[7].c1, 0);
  EXPECT_TRUE(floored->warnings.empty());
}

TEST(StatsEdges, EarsRefusesNegativeCountsAndShortSeriesHaveNoStatistic) {
  EXPECT_EQ(FirstField(DetectAberrations({1, 2, -3}).status()), "counts[2]");
  EXPECT_EQ(FirstField(DetectAberrations({1, 2}, {.min_sigma = -1}).status()), "min_sigma");
  Result<EarsResult> short_series = DetectAberrations({1, 2, 3});
  ASSERT_TRUE(short_series.ok());
  for (const EarsDay& d : short_series->days) EXPECT_FALSE(d.c1 || d.c2 || d.c3);
}

}  // namespace
}  // namespace kinship::stats

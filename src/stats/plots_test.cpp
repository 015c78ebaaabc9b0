// The plots are checked as text: well-formed and escaped, one mark per study, the pooled
// diamond and prediction interval where they belong, readable numbers and no NaN. The
// analyses are built by hand, so these tests do not depend on the pooling code.
#include "stats/plots.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "stats/svg_writer.h"

namespace kinship::stats {
namespace {

StudyEffect Effect(std::string label, long long events, long long total, Estimate proportion,
                   double yi, double vi, double weight) {
  StudyEffect s;
  s.label = std::move(label);
  s.events = events;
  s.total = total;
  s.yi = yi;
  s.vi = vi;
  s.proportion = proportion;
  s.weight_percent = weight;
  return s;
}

// Three made-up studies pooled with REML, with a prediction interval.
MetaAnalysis ThreeStudies() {
  MetaAnalysis m;
  m.options = {.measure = Measure::kLogit, .estimator = Estimator::kReml, .level = 95};
  m.studies = {Effect("A&B <x>", 16, 17, {0.94, 0.70, 0.99}, 2.77, 0.53, 20.5),
               Effect("Baker 2013", 10, 12, {0.83, 0.52, 0.96}, 1.61, 0.30, 30.0),
               Effect("Chen 2015", 4, 8, {0.50, 0.20, 0.80}, 0.0, 0.50, 49.5)};
  PooledResult& p = m.pooled;
  p.k = 3;
  p.transformed = {1.15, 0.66, 1.59};
  p.proportion = {0.76, 0.66, 0.83};
  p.tau2 = 0.36;
  p.i2 = 56.4;
  p.q = 29.79;
  p.q_df = 13;
  p.q_p_value = 0.005;
  p.prediction_proportion = Estimate{0.35, 0.35, 0.95};
  return m;
}

std::vector<CumulativeStep> ThreeSteps() {
  std::vector<CumulativeStep> steps(3);
  const char* labels[] = {"A&B <x>", "Baker 2013", "Chen 2015"};
  const Estimate estimates[] = {{0.94, 0.70, 0.99}, {0.89, 0.72, 0.96}, {0.76, 0.66, 0.83}};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    steps[i].label = labels[i];
    steps[i].study_index = i;
    steps[i].pooled.proportion = estimates[i];
  }
  return steps;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// True when every opening tag is closed in order (self-closing tags count as both).
bool TagsBalanced(const std::string& svg) {
  std::vector<std::string> open;
  for (auto lt = svg.find('<'); lt != std::string::npos; lt = svg.find('<', lt + 1)) {
    const auto gt = svg.find('>', lt);
    if (gt == std::string::npos) return false;
    const std::string tag = svg.substr(lt + 1, gt - lt - 1);
    if (tag.find('<') != std::string::npos) return false;
    const bool closing = tag.front() == '/';
    const std::string name = tag.substr(closing, tag.find_first_of(" />", closing) - closing);
    if (closing) {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(name);
    }
  }
  return open.empty();
}

bool HasNanOrInf(std::string svg) {
  std::transform(svg.begin(), svg.end(), svg.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return svg.find("nan") != std::string::npos || svg.find("inf") != std::string::npos;
}

double Height(const std::string& svg) {
  const auto at = svg.find("height=\"") + 8;
  return std::stod(svg.substr(at, svg.find('"', at) - at));
}

// The cy of each <circle>, in document order.
std::vector<double> CircleYs(const std::string& svg) {
  std::vector<double> ys;
  for (auto at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) {
    const auto cy = svg.find("cy=\"", at) + 4;
    ys.push_back(std::stod(svg.substr(cy, svg.find('"', cy) - cy)));
  }
  return ys;
}

TEST(ForestPlotSvg, IsOneSvgElement) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(Count(svg, "<svg"), 1u);
}

TEST(ForestPlotSvg, HasBalancedTags) { EXPECT_TRUE(TagsBalanced(ForestPlotSvg(ThreeStudies()))); }

TEST(ForestPlotSvg, EscapesStudyLabels) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  EXPECT_NE(svg.find(">A&amp;B &lt;x&gt;</text>"), std::string::npos);
  EXPECT_EQ(svg.find("A&B"), std::string::npos);
}

TEST(ForestPlotSvg, EscapesTitle) {
  const std::string svg =
      ForestPlotSvg(ThreeStudies(), {.title = "HCV & HIV \"2024\"", .axis_label = ""});
  EXPECT_NE(svg.find("<title>HCV &amp; HIV &quot;2024&quot;</title>"), std::string::npos);
}

TEST(ForestPlotSvg, IsAccessibleAndSelfContained) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  for (const char* part :
       {"role=\"img\"", "<title>Forest plot</title>", "<desc>Forest plot of 3 studies",
        "viewBox=\"0 0 ", "width=\"", "font-family=\"sans-serif\""}) {
    EXPECT_NE(svg.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
}

TEST(ForestPlotSvg, DrawsOneSquarePerStudy) {
  EXPECT_EQ(Count(ForestPlotSvg(ThreeStudies()), "<rect"), 3u);
}

TEST(ForestPlotSvg, DrawsOneDiamondForThePooledEstimate) {
  EXPECT_EQ(Count(ForestPlotSvg(ThreeStudies()), "<polygon"), 1u);
}

TEST(ForestPlotSvg, ScalesSquaresByWeight) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  std::vector<double> sides;
  for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) {
    const auto w = svg.find("width=\"", at) + 7;
    sides.push_back(std::stod(svg.substr(w, svg.find('"', w) - w)));
  }
  ASSERT_EQ(sides.size(), 3u);
  EXPECT_LT(sides[0], sides[1]);  // weights 20.5% < 30.0% < 49.5%
  EXPECT_LT(sides[1], sides[2]);
}

TEST(ForestPlotSvg, DrawsPredictionIntervalWhenSet) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  EXPECT_EQ(Count(svg, "class=\"prediction-interval\""), 1u);
  EXPECT_NE(svg.find(">Prediction interval</text>"), std::string::npos);
  EXPECT_NE(svg.find(">[0.35, 0.95]</text>"), std::string::npos);
}

TEST(ForestPlotSvg, OmitsPredictionIntervalWhenNotSet) {
  MetaAnalysis m = ThreeStudies();
  m.pooled.prediction_proportion.reset();
  const std::string svg = ForestPlotSvg(m);
  EXPECT_EQ(svg.find("prediction-interval"), std::string::npos);
  EXPECT_EQ(svg.find("Prediction interval"), std::string::npos);
}

TEST(ForestPlotSvg, NamesTheModelByEstimator) {
  const std::pair<Estimator, const char*> cases[] = {
      {Estimator::kReml, ">Random-effects model (REML)</text>"},
      {Estimator::kDerSimonianLaird, ">Random-effects model (DL)</text>"},
      {Estimator::kFixedEffect, ">Fixed-effect model</text>"}};
  for (const auto& [estimator, label] : cases) {
    MetaAnalysis m = ThreeStudies();
    m.options.estimator = estimator;
    EXPECT_NE(ForestPlotSvg(m).find(label), std::string::npos) << label;
  }
}

TEST(ForestPlotSvg, ShowsEstimatesWeightsAndCounts) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  for (const char* text : {">0.76 [0.66, 0.83]</text>", ">0.50 [0.20, 0.80]</text>",
                           ">49.5%</text>", ">100.0%</text>", ">16/17</text>"}) {
    EXPECT_NE(svg.find(text), std::string::npos) << text;
  }
}

TEST(ForestPlotSvg, ShowsHeterogeneity) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  EXPECT_NE(svg.find("τ² = 0.36, I² = 56.4%, Q = 29.79 (df = 13), p = 0.005"), std::string::npos);
}

TEST(ForestPlotSvg, ShowsSmallHeterogeneityPValueAsABound) {
  MetaAnalysis m = ThreeStudies();
  m.pooled.q_p_value = 2e-7;
  EXPECT_NE(ForestPlotSvg(m).find("(df = 13), p &lt; 0.001"), std::string::npos);
}

TEST(ForestPlotSvg, LeavesOutTauSquaredForTheFixedEffectModel) {
  MetaAnalysis m = ThreeStudies();
  m.options.estimator = Estimator::kFixedEffect;
  m.pooled.prediction_proportion.reset();
  const std::string svg = ForestPlotSvg(m);
  EXPECT_EQ(svg.find("τ²"), std::string::npos);
  EXPECT_NE(svg.find("Heterogeneity: I² = 56.4%"), std::string::npos);
}

TEST(ForestPlotSvg, LabelsAxisTicks) {
  const std::string svg = ForestPlotSvg(ThreeStudies());
  for (const char* tick :
       {">0.2</text>", ">0.4</text>", ">0.6</text>", ">0.8</text>", ">1.0</text>"}) {
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  }
  EXPECT_NE(svg.find(">Proportion</text>"), std::string::npos);
}

TEST(ForestPlotSvg, UsesAxisLabelAndLevelInHeadings) {
  MetaAnalysis m = ThreeStudies();
  m.options.level = 90;
  const std::string svg = ForestPlotSvg(m, {.title = "", .axis_label = "Seroprevalence"});
  EXPECT_NE(svg.find(">Seroprevalence [90% CI]</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Seroprevalence</text>"), std::string::npos);
}

TEST(ForestPlotSvg, ShowsMoreDecimalsForRareOutcomes) {
  MetaAnalysis m = ThreeStudies();
  for (StudyEffect& s : m.studies) s.proportion = {0.004, 0.001, 0.02};
  m.pooled.proportion = {0.004, 0.002, 0.009};
  m.pooled.prediction_proportion.reset();
  EXPECT_NE(ForestPlotSvg(m).find(">0.004 [0.002, 0.009]</text>"), std::string::npos);
}

TEST(ForestPlotSvg, IsDeterministic) {
  EXPECT_EQ(ForestPlotSvg(ThreeStudies(), {.title = "T", .axis_label = ""}),
            ForestPlotSvg(ThreeStudies(), {.title = "T", .axis_label = ""}));
}

TEST(ForestPlotSvg, DrawsArrowsForIntervalsBeyondTheAxis) {
  MetaAnalysis m = ThreeStudies();
  m.options.measure = Measure::kRawProportion;
  m.studies[0].proportion = {0.94, 0.81, 1.07};   // beyond 1
  m.studies[2].proportion = {0.05, -0.10, 0.20};  // below 0
  const std::string svg = ForestPlotSvg(m);
  EXPECT_EQ(Count(svg, "<path"), 2u);
  EXPECT_NE(svg.find(">0.05 [-0.10, 0.20]</text>"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
}

TEST(ForestPlotSvg, HandlesIntervalsEntirelyOutsideTheUnitRange) {
  MetaAnalysis m = ThreeStudies();
  m.studies[1].proportion = {-0.2, -0.3, -0.1};
  const std::string svg = ForestPlotSvg(m);
  EXPECT_TRUE(TagsBalanced(svg));
  EXPECT_FALSE(HasNanOrInf(svg));
  EXPECT_EQ(Count(svg, "<path"), 1u);
}

TEST(ForestPlotSvg, HasNoNanForDegenerateStudies) {
  MetaAnalysis m = ThreeStudies();
  for (StudyEffect& s : m.studies) s.proportion = {0, 0, 0}, s.weight_percent = 0, s.vi = 0;
  m.pooled.proportion = {0, 0, 0};
  m.pooled.prediction_proportion = Estimate{0, 0, 0};
  EXPECT_FALSE(HasNanOrInf(ForestPlotSvg(m)));
  EXPECT_FALSE(HasNanOrInf(FunnelPlotSvg(m)));
}

TEST(ForestPlotSvg, HasNoNanForNonFiniteInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  MetaAnalysis m = ThreeStudies();
  m.studies[0].proportion = {nan, -inf, inf};
  m.studies[1].weight_percent = nan;
  m.pooled.tau2 = nan;
  m.pooled.proportion.upper = inf;
  const std::string svg = ForestPlotSvg(m);
  EXPECT_FALSE(HasNanOrInf(svg));
  EXPECT_TRUE(TagsBalanced(svg));
}

TEST(ForestPlotSvg, TruncatesLongLabels) {
  MetaAnalysis m = ThreeStudies();
  m.studies[1].label = std::string(30, 'x') + " " + std::string(29, 'y');  // 60 characters
  const std::string svg = ForestPlotSvg(m);
  EXPECT_NE(svg.find(">" + std::string(30, 'x') + " " + std::string(8, 'y') + "…</text>"),
            std::string::npos);
  EXPECT_EQ(svg.find(std::string(29, 'y')), std::string::npos);
}

TEST(ForestPlotSvg, GrowsWithTheNumberOfStudies) {
  MetaAnalysis many = ThreeStudies();
  many.studies.clear();
  for (int i = 0; i < 120; ++i) {
    many.studies.push_back(
        Effect("Study " + std::to_string(i), 5, 20, {0.25, 0.11, 0.48}, -1.1, 0.27, 100.0 / 120));
  }
  const std::string svg = ForestPlotSvg(many);
  EXPECT_EQ(Count(svg, "<rect"), 120u);
  EXPECT_GT(Height(svg), Height(ForestPlotSvg(ThreeStudies())) + 117 * 19);
  EXPECT_TRUE(TagsBalanced(svg));
}

TEST(ForestPlotSvg, DrawsASingleStudyWithoutHeterogeneity) {
  MetaAnalysis m = ThreeStudies();
  m.studies.resize(1);
  m.pooled.q_df = 0;
  const std::string svg = ForestPlotSvg(m);
  EXPECT_EQ(Count(svg, "<rect"), 1u);
  EXPECT_EQ(svg.find("Heterogeneity"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
}

TEST(ForestPlotSvg, SaysNoStudiesWhenEmpty) {
  MetaAnalysis m = ThreeStudies();
  m.studies.clear();
  const std::string svg = ForestPlotSvg(m);
  EXPECT_NE(svg.find(">No studies</text>"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
}

TEST(CumulativeForestPlotSvg, LabelsEachStepWithTheStudyAdded) {
  const std::string svg = CumulativeForestPlotSvg(ThreeStudies(), ThreeSteps());
  for (const char* label :
       {">+ A&amp;B &lt;x&gt;</text>", ">+ Baker 2013</text>", ">+ Chen 2015</text>"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
}

TEST(CumulativeForestPlotSvg, DrawsOneEqualPointPerStepAndNoDiamond) {
  const std::string svg = CumulativeForestPlotSvg(ThreeStudies(), ThreeSteps());
  EXPECT_EQ(Count(svg, "<rect"), 3u);
  EXPECT_EQ(Count(svg, "width=\"8\" height=\"8\""), 3u);
  EXPECT_EQ(Count(svg, "<polygon"), 0u);
}

TEST(CumulativeForestPlotSvg, ShowsEachStepsEstimateAndAxis) {
  const std::string svg = CumulativeForestPlotSvg(ThreeStudies(), ThreeSteps());
  EXPECT_NE(svg.find(">0.89 [0.72, 0.96]</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Proportion [95% CI]</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.6</text>"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
  EXPECT_FALSE(HasNanOrInf(svg));
}

TEST(CumulativeForestPlotSvg, SaysNoStudiesWithoutSteps) {
  const std::string svg = CumulativeForestPlotSvg(ThreeStudies(), {});
  EXPECT_NE(svg.find(">No studies</text>"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
}

TEST(FunnelPlotSvg, DrawsOnePointPerStudyAndTheFunnel) {
  const std::string svg = FunnelPlotSvg(ThreeStudies());
  EXPECT_EQ(Count(svg, "<circle"), 3u);
  EXPECT_EQ(Count(svg, "<polygon"), 1u);
  EXPECT_NE(svg.find(">Standard error</text>"), std::string::npos);
  EXPECT_TRUE(TagsBalanced(svg));
  EXPECT_FALSE(HasNanOrInf(svg));
}

TEST(FunnelPlotSvg, PutsSmallStandardErrorsAtTheTop) {
  const std::vector<double> ys = CircleYs(FunnelPlotSvg(ThreeStudies()));
  ASSERT_EQ(ys.size(), 3u);
  EXPECT_LT(ys[1], ys[2]);  // vi 0.30 above vi 0.50
  EXPECT_LT(ys[2], ys[0]);  // vi 0.50 above vi 0.53
}

TEST(FunnelPlotSvg, LabelsTheAxisByMeasure) {
  const std::pair<Measure, const char*> cases[] = {
      {Measure::kLogit, ">Logit proportion</text>"},
      {Measure::kRawProportion, ">Proportion</text>"},
      {Measure::kArcsine, ">Arcsine-transformed proportion</text>"},
      {Measure::kFreemanTukey, ">Freeman–Tukey transformed proportion</text>"}};
  for (const auto& [measure, label] : cases) {
    MetaAnalysis m = ThreeStudies();
    m.options.measure = measure;
    EXPECT_NE(FunnelPlotSvg(m).find(label), std::string::npos) << label;
  }
}

TEST(FunnelPlotSvg, StaysFiniteForExtremeEffects) {
  MetaAnalysis m = ThreeStudies();
  m.studies[0].yi = -1e300;
  m.studies[1].yi = 1e300;
  m.studies[2].vi = 1e300;
  m.pooled.transformed.estimate = std::numeric_limits<double>::quiet_NaN();
  const std::string svg = FunnelPlotSvg(m);
  EXPECT_FALSE(HasNanOrInf(svg));
  EXPECT_TRUE(TagsBalanced(svg));
  EXPECT_EQ(Count(svg, "<circle"), 3u);
}

TEST(FunnelPlotSvg, SaysNoStudiesWhenEmpty) {
  MetaAnalysis m = ThreeStudies();
  m.studies.clear();
  EXPECT_NE(FunnelPlotSvg(m).find(">No studies</text>"), std::string::npos);
}

TEST(EscapeXml, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeXml("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
}

TEST(EscapeXml, ReplacesCharactersXmlForbids) {
  EXPECT_EQ(EscapeXml(std::string("a\x01") + "b\nc"), "a b c");
  EXPECT_EQ(EscapeXml("caf\xE9"), "caf?");  // Latin-1, not UTF-8
  EXPECT_EQ(EscapeXml("Freeman–Tukey"), "Freeman–Tukey");
}

TEST(FormatFixed, IsFixedPrecisionWithoutNegativeZero) {
  EXPECT_EQ(FormatFixed(0.755, 2), "0.76");
  EXPECT_EQ(FormatFixed(-0.001, 2), "0.00");
  EXPECT_EQ(FormatFixed(-0.1, 2), "-0.10");
  EXPECT_EQ(FormatFixed(std::nan(""), 2), "NA");
}

}  // namespace
}  // namespace kinship::stats

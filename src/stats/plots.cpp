#include "stats/plots.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "core/text.h"
#include "stats/svg_writer.h"

namespace kinship::stats {
namespace {

// Layout in px, for a 12 px font.
constexpr double kMargin = 16;
constexpr double kRowHeight = 20;
constexpr double kTitleCharWidth = 9;
constexpr double kColumnGap = 18;
constexpr double kPanelWidth = 280;
constexpr double kTitleHeight = 30;
constexpr double kAxisHeight = 44;  // ticks, tick labels and the axis label
constexpr double kBaseline = 4;     // from a row's centre to its text baseline
constexpr std::size_t kMaxLabelChars = 40;
constexpr double kMinSquare = 4;
constexpr double kMaxSquare = 14;
constexpr double kStepSquare = 8;
constexpr double kDiamondHalfHeight = 6;
constexpr double kFunnelWidth = 600;
constexpr double kFunnelPanelHeight = 320;
constexpr double kZ95 = 1.959963984540054;

// Horizontal and vertical lines snap to whole pixels, so a 1 px line stays black, not grey.
constexpr std::string_view kBlack = R"(stroke="#000" shape-rendering="crispEdges")";
constexpr std::string_view kDashed =
    R"(stroke="#000" stroke-dasharray="5 3" shape-rendering="crispEdges")"
    R"( class="prediction-interval")";
constexpr std::string_view kDotted =
    R"(stroke="#555" stroke-dasharray="2 3" shape-rendering="crispEdges")";
constexpr std::string_view kBold = R"(font-weight="bold")";
constexpr std::string_view kGreyText = R"(fill="#333")";

bool Finite(double v) { return std::isfinite(v); }

// Axis ticks at 1, 2 or 5 × 10ⁿ covering the data with about five intervals.
struct Axis {
  double lo = 0;
  double hi = 1;
  double step = 0.2;
  int decimals = 1;

  std::vector<double> Ticks() const {
    std::vector<double> ticks;
    const long n = std::min(std::lround((hi - lo) / step), 20L);
    for (long i = 0; i <= n; ++i) {
      const double t = lo + static_cast<double>(i) * step;
      ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
  }
};

// An axis covering [lo, hi], kept inside [0, 1] when `unit` (the proportion scale).
Axis NiceAxis(double lo, double hi, bool unit) {
  if (!Finite(lo) || !Finite(hi)) lo = 0, hi = 1;
  if (lo > hi) std::swap(lo, hi);
  lo = std::max(lo, -1e12), hi = std::min(hi, 1e12);  // hi - lo stays finite
  if (unit) lo = std::clamp(lo, 0.0, 1.0), hi = std::clamp(hi, 0.0, 1.0);
  if (hi - lo < 1e-6) {  // one value: show a small window around it
    const double pad = std::max(0.05, std::fabs(lo) * 0.1);
    lo -= pad, hi += pad;
  }
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  Axis axis;
  axis.step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
  axis.lo = std::floor(lo / axis.step + 1e-9) * axis.step;
  axis.hi = std::ceil(hi / axis.step - 1e-9) * axis.step;
  if (unit) axis.lo = std::max(axis.lo, 0.0), axis.hi = std::min(axis.hi, 1.0);
  axis.decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(axis.step) - 1e-9)), 0, 6);
  return axis;
}

// Maps an axis onto [left, right] px.
struct Scale {
  double lo = 0;
  double hi = 1;
  double left = 0;
  double right = 1;

  double X(double v) const {
    const double span = hi - lo;
    if (!(span > 0) || !Finite(v)) return left;
    return left + (std::clamp(v, lo, hi) - lo) / span * (right - left);
  }
  bool Below(double v) const { return v < lo - (hi - lo) * 1e-9; }
  bool Above(double v) const { return v > hi + (hi - lo) * 1e-9; }
};

// At most `max_chars` characters, ending in "…" when cut.
std::string ShortLabel(std::string_view label, std::size_t max_chars = kMaxLabelChars) {
  if (!IsValidUtf8(label)) {
    return label.size() <= max_chars ? std::string(label)
                                     : std::string(label.substr(0, max_chars - 3)) + "...";
  }
  if (Utf8Length(label) <= max_chars) return std::string(label);
  std::size_t count = 0;
  std::size_t end = 0;
  for (; end < label.size(); ++end) {
    if ((static_cast<unsigned char>(label[end]) & 0xC0) == 0x80) continue;
    if (count++ == max_chars - 1) break;
  }
  std::string cut(label.substr(0, end));
  while (!cut.empty() && cut.back() == ' ') cut.pop_back();
  return cut + "…";
}

double TextWidth(std::string_view text, bool bold = false) {
  return EstimateTextWidth(text, 12, bold);
}

std::string ModelLabel(Estimator estimator) {
  switch (estimator) {
    case Estimator::kFixedEffect: return "Fixed-effect model";
    case Estimator::kDerSimonianLaird: return "Random-effects model (DL)";
    case Estimator::kReml: return "Random-effects model (REML)";
  }
  return "Pooled estimate";
}

std::string MeasureAxisLabel(Measure measure) {
  switch (measure) {
    case Measure::kRawProportion: return "Proportion";
    case Measure::kLogit: return "Logit proportion";
    case Measure::kArcsine: return "Arcsine-transformed proportion";
    case Measure::kFreemanTukey: return "Freeman–Tukey transformed proportion";
  }
  return "Effect size";
}

std::string IntervalText(double lower, double upper, int decimals) {
  return "[" + FormatFixed(lower, decimals) + ", " + FormatFixed(upper, decimals) + "]";
}

std::string EstimateText(const Estimate& e, int decimals) {
  return FormatFixed(e.estimate, decimals) + " " + IntervalText(e.lower, e.upper, decimals);
}

std::string PValueText(double p) {
  if (Finite(p) && p < 0.001) return "p < 0.001";
  return "p = " + FormatFixed(p, 3);
}

// τ² needs more decimals when small but not zero (logit-scale τ² of 0.004 is common).
std::string Tau2Text(double tau2) {
  return FormatFixed(tau2, Finite(tau2) && tau2 > 0 && tau2 < 0.01 ? 4 : 2);
}

// "τ² = 0.36, I² = 56.4%, Q = 29.79 (df = 13), p = 0.005"; empty for a single study.
std::string HeterogeneityText(const PooledResult& pooled, Estimator estimator) {
  if (pooled.q_df < 1) return {};
  std::string text;
  if (estimator != Estimator::kFixedEffect) text = "τ² = " + Tau2Text(pooled.tau2) + ", ";
  return text + "I² = " + FormatFixed(pooled.i2, 1) + "%, Q = " + FormatFixed(pooled.q, 2) +
         " (df = " + std::to_string(pooled.q_df) + "), " + PValueText(pooled.q_p_value);
}

std::string LevelText(double level) {
  return (Finite(level) ? FormatNumber(level) : std::string("95")) + "% CI";
}

// Where the plot starts, under the title strip when there is a title.
double TopOf(const std::string& title) { return kMargin + (title.empty() ? 0 : kTitleHeight); }

// Title strip at the top; returns the y where the plot starts.
double DrawTitle(SvgWriter& svg, const std::string& title, double width) {
  if (title.empty()) return kMargin;
  const auto max_chars =
      static_cast<std::size_t>(std::max(10.0, (width - 2 * kMargin) / kTitleCharWidth));
  svg.Text({width / 2, kMargin + 14}, ShortLabel(title, max_chars), Anchor::kMiddle,
           R"(font-size="15" font-weight="bold")");
  return kMargin + kTitleHeight;
}

std::string NoStudiesSvg(const std::string& title, std::string_view kind) {
  const double width = 360;
  const double height = (title.empty() ? 0 : kTitleHeight) + 64;
  SvgWriter svg(width, height, title.empty() ? std::string(kind) : title,
                std::string(kind) + ": no studies to show.");
  const double top = DrawTitle(svg, title, width);
  svg.Text({width / 2, top + 22}, "No studies", Anchor::kMiddle, kGreyText);
  return std::move(svg).Finish();
}

// An arrow head with its tip on the panel edge, pointing outwards (direction ±1).
void DrawArrow(SvgWriter& svg, double tip_x, double y, double direction) {
  const double back = tip_x - direction * 7;
  svg.ClosedPath({{tip_x, y}, {back, y - 3.5}, {back, y + 3.5}}, R"(fill="#000")");
}

// A horizontal interval, clipped to the axis with an arrow where it runs beyond.
void DrawInterval(SvgWriter& svg, const Scale& scale, double lower, double upper, double y,
                  std::string_view attributes) {
  if (!Finite(lower) || !Finite(upper)) return;
  if (lower > upper) std::swap(lower, upper);
  svg.Line({scale.X(lower), y}, {scale.X(upper), y}, attributes);
  if (scale.Below(lower)) DrawArrow(svg, scale.left, y, -1);
  if (scale.Above(upper)) DrawArrow(svg, scale.right, y, 1);
}

void DrawXAxis(SvgWriter& svg, const Scale& scale, const Axis& axis, double y,
               std::string_view label) {
  svg.Line({scale.left, y}, {scale.right, y}, kBlack);
  for (double tick : axis.Ticks()) {
    const double x = scale.X(tick);
    svg.Line({x, y}, {x, y + 5}, kBlack);
    svg.Text({x, y + 18}, FormatFixed(tick, axis.decimals), Anchor::kMiddle);
  }
  svg.Text({(scale.left + scale.right) / 2, y + 36}, label, Anchor::kMiddle);
}

// The columns of a forest plot, left to right; a width of 0 leaves the column out.
struct Columns {
  double events_right = 0;
  double panel_left = 0;
  double panel_right = 0;
  double weight_right = 0;
  double text_right = 0;
  double width = 0;
};

Columns LayoutColumns(double label_width, double events_width, double weight_width,
                      double text_width) {
  Columns c;
  double x = kMargin + label_width;
  if (events_width > 0) c.events_right = x += kColumnGap + events_width;
  c.panel_left = x + kColumnGap;
  c.panel_right = x = c.panel_left + kPanelWidth;
  if (weight_width > 0) c.weight_right = x += kColumnGap + weight_width;
  c.text_right = x + kColumnGap + text_width;
  c.width = c.text_right + kMargin;
  return c;
}

// What the rows of a forest plot share: columns, axis, and the decimals of the estimates.
struct Forest {
  Columns columns;
  Axis axis;
  Scale scale;
  int decimals = 2;
  std::string axis_label;
  std::string text_heading;
};

// The axis of a forest plot: every finite interval end, clipped to [0, 1].
Axis ForestAxis(const std::vector<Estimate>& estimates) {
  double lo = 1;
  double hi = 0;
  for (const Estimate& e : estimates) {
    for (double v : {e.estimate, e.lower, e.upper}) {
      if (Finite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  if (lo > hi) lo = 0, hi = 1;
  return NiceAxis(lo, hi, true);
}

Forest MakeForest(const std::vector<Estimate>& estimates, const MetaAnalysis& analysis,
                  const PlotOptions& options) {
  Forest f;
  f.axis = ForestAxis(estimates);
  // Two decimals, more for rare outcomes so that 0.004 does not read as 0.00.
  if (f.axis.hi > 0) {
    f.decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(f.axis.hi))), 2, 4);
  }
  f.axis_label = ShortLabel(options.axis_label.empty() ? "Proportion" : options.axis_label);
  f.text_heading = f.axis_label + " [" + LevelText(analysis.options.level) + "]";
  return f;
}

void PlaceScale(Forest& f) {
  f.scale = {f.axis.lo, f.axis.hi, f.columns.panel_left, f.columns.panel_right};
}

// The width of a column of `regular` texts and `bold` ones (headings, the pooled row).
double ColumnWidth(const std::vector<std::string>& regular,
                   std::initializer_list<std::string_view> bold) {
  double width = 0;
  for (const std::string& t : regular) width = std::max(width, TextWidth(t));
  for (std::string_view t : bold) width = std::max(width, TextWidth(t, true));
  return width;
}

void DrawHeadings(SvgWriter& svg, const Forest& f, double top, std::string_view first,
                  std::string_view events) {
  const double y = top + 12;
  svg.Text({kMargin, y}, first, Anchor::kStart, kBold);
  if (f.columns.events_right > 0) {
    svg.Text({f.columns.events_right, y}, events, Anchor::kEnd, kBold);
  }
  if (f.columns.weight_right > 0) {
    svg.Text({f.columns.weight_right, y}, "Weight", Anchor::kEnd, kBold);
  }
  svg.Text({f.columns.text_right, y}, f.text_heading, Anchor::kEnd, kBold);
  svg.Line({kMargin, top + 20}, {f.columns.width - kMargin, top + 20}, kBlack);
}

double MaxWeight(const std::vector<StudyEffect>& studies) {
  double max_weight = 0;
  for (const StudyEffect& s : studies) {
    if (Finite(s.weight_percent)) max_weight = std::max(max_weight, s.weight_percent);
  }
  return max_weight;
}

// The square's side: its area is proportional to the study's weight.
double SquareSide(double weight, double max_weight) {
  if (!Finite(weight) || !(max_weight > 0)) return kMinSquare;
  return std::clamp(kMaxSquare * std::sqrt(std::max(weight, 0.0) / max_weight), kMinSquare,
                    kMaxSquare);
}

void DrawPoint(SvgWriter& svg, const Forest& f, const Estimate& e, double y, double side) {
  DrawInterval(svg, f.scale, e.lower, e.upper, y, kBlack);
  if (!Finite(e.estimate)) return;
  const double x = f.scale.X(e.estimate);
  svg.Rect({x - side / 2, y - side / 2}, side, side, R"(fill="#000")");
}

void DrawStudyRow(SvgWriter& svg, const Forest& f, const StudyEffect& study, double y,
                  double max_weight) {
  const double text_y = y + kBaseline;
  svg.Text({kMargin, text_y}, ShortLabel(study.label), Anchor::kStart);
  svg.Text({f.columns.events_right, text_y},
           std::to_string(study.events) + "/" + std::to_string(study.total), Anchor::kEnd);
  DrawPoint(svg, f, study.proportion, y, SquareSide(study.weight_percent, max_weight));
  const std::string weight = FormatFixed(study.weight_percent, 1);
  svg.Text({f.columns.weight_right, text_y}, weight == "NA" ? weight : weight + "%", Anchor::kEnd);
  svg.Text({f.columns.text_right, text_y}, EstimateText(study.proportion, f.decimals),
           Anchor::kEnd);
}

void DrawDiamond(SvgWriter& svg, const Scale& scale, const Estimate& e, double y) {
  if (!Finite(e.estimate) || !Finite(e.lower) || !Finite(e.upper)) return;
  const double x = scale.X(e.estimate);
  const double h = kDiamondHalfHeight;
  svg.Polygon({{scale.X(std::min(e.lower, e.estimate)), y},
               {x, y - h},
               {scale.X(std::max(e.upper, e.estimate)), y},
               {x, y + h}},
              R"(fill="#000")");
}

// The pooled row and, for random effects, the prediction interval under it.
void DrawPooledRows(SvgWriter& svg, const Forest& f, const MetaAnalysis& analysis, double y) {
  const PooledResult& pooled = analysis.pooled;
  svg.Text({kMargin, y + kBaseline}, ModelLabel(analysis.options.estimator), Anchor::kStart, kBold);
  DrawDiamond(svg, f.scale, pooled.proportion, y);
  svg.Text({f.columns.weight_right, y + kBaseline}, "100.0%", Anchor::kEnd, kBold);
  svg.Text({f.columns.text_right, y + kBaseline}, EstimateText(pooled.proportion, f.decimals),
           Anchor::kEnd, kBold);
  if (!pooled.prediction_proportion) return;
  const Estimate& pi = *pooled.prediction_proportion;
  y += kRowHeight;
  svg.Text({kMargin, y + kBaseline}, "Prediction interval", Anchor::kStart);
  DrawInterval(svg, f.scale, pi.lower, pi.upper, y, kDashed);
  svg.Text({f.columns.text_right, y + kBaseline}, IntervalText(pi.lower, pi.upper, f.decimals),
           Anchor::kEnd);
}

void DrawReferenceLine(SvgWriter& svg, const Scale& scale, double value, double top,
                       double bottom) {
  if (!Finite(value) || scale.Below(value) || scale.Above(value)) return;
  const double x = scale.X(value);
  svg.Line({x, top}, {x, bottom}, kDotted);
}

std::string ForestDescription(const MetaAnalysis& analysis, const Forest& f) {
  std::string desc = "Forest plot of " + std::to_string(analysis.studies.size()) +
                     (analysis.studies.size() == 1 ? " study" : " studies") + ". " +
                     ModelLabel(analysis.options.estimator) + ": " + f.axis_label + " " +
                     EstimateText(analysis.pooled.proportion, f.decimals) + ".";
  const std::string heterogeneity = HeterogeneityText(analysis.pooled, analysis.options.estimator);
  return heterogeneity.empty() ? desc : desc + " Heterogeneity: " + heterogeneity + ".";
}

Forest MakeStudyForest(const MetaAnalysis& analysis, const PlotOptions& options) {
  std::vector<Estimate> estimates{analysis.pooled.proportion};
  if (analysis.pooled.prediction_proportion) {
    estimates.push_back(*analysis.pooled.prediction_proportion);
  }
  std::vector<std::string> labels{"Prediction interval"};
  std::vector<std::string> counts;
  for (const StudyEffect& s : analysis.studies) {
    estimates.push_back(s.proportion);
    labels.push_back(ShortLabel(s.label));
    counts.push_back(std::to_string(s.events) + "/" + std::to_string(s.total));
  }
  Forest f = MakeForest(estimates, analysis, options);
  std::vector<std::string> texts;
  if (const auto& pi = analysis.pooled.prediction_proportion) {
    texts.push_back(IntervalText(pi->lower, pi->upper, f.decimals));
  }
  for (const StudyEffect& s : analysis.studies) {
    texts.push_back(EstimateText(s.proportion, f.decimals));
  }
  f.columns = LayoutColumns(
      ColumnWidth(labels, {"Study", ModelLabel(analysis.options.estimator)}),
      ColumnWidth(counts, {"Events/Total"}), ColumnWidth({}, {"Weight", "100.0%"}),
      ColumnWidth(texts, {f.text_heading, EstimateText(analysis.pooled.proportion, f.decimals)}));
  PlaceScale(f);
  return f;
}

}  // namespace

std::string ForestPlotSvg(const MetaAnalysis& analysis, const PlotOptions& options) {
  if (analysis.studies.empty()) return NoStudiesSvg(options.title, "Forest plot");
  const Forest f = MakeStudyForest(analysis, options);
  const std::string heterogeneity = HeterogeneityText(analysis.pooled, analysis.options.estimator);
  const double rows_top = TopOf(options.title) + 24;
  const double studies_bottom =
      rows_top + static_cast<double>(analysis.studies.size()) * kRowHeight;
  const double pooled_rows = analysis.pooled.prediction_proportion ? 2 : 1;
  const double bottom = studies_bottom + 8 + pooled_rows * kRowHeight;
  const double axis_y = bottom + 8;
  const double height = axis_y + kAxisHeight + (heterogeneity.empty() ? 0 : 22) + kMargin;
  SvgWriter svg(f.columns.width, height, options.title.empty() ? "Forest plot" : options.title,
                ForestDescription(analysis, f));
  DrawTitle(svg, options.title, f.columns.width);
  DrawHeadings(svg, f, rows_top - 24, "Study", "Events/Total");
  DrawReferenceLine(svg, f.scale, analysis.pooled.proportion.estimate, rows_top, bottom);
  const double max_weight = MaxWeight(analysis.studies);
  for (std::size_t i = 0; i < analysis.studies.size(); ++i) {
    DrawStudyRow(svg, f, analysis.studies[i],
                 rows_top + (static_cast<double>(i) + 0.5) * kRowHeight, max_weight);
  }
  svg.Line({kMargin, studies_bottom + 4}, {f.columns.width - kMargin, studies_bottom + 4}, kBlack);
  DrawPooledRows(svg, f, analysis, studies_bottom + 8 + kRowHeight / 2);
  DrawXAxis(svg, f.scale, f.axis, axis_y, f.axis_label);
  if (!heterogeneity.empty()) {
    svg.Text({kMargin, axis_y + 58}, "Heterogeneity: " + heterogeneity, Anchor::kStart, kGreyText);
  }
  return std::move(svg).Finish();
}

std::string CumulativeForestPlotSvg(const MetaAnalysis& analysis,
                                    const std::vector<CumulativeStep>& steps,
                                    const PlotOptions& options) {
  if (steps.empty()) return NoStudiesSvg(options.title, "Cumulative forest plot");
  std::vector<Estimate> estimates;
  std::vector<std::string> labels;
  for (const CumulativeStep& s : steps) {
    estimates.push_back(s.pooled.proportion);
    labels.push_back("+ " + ShortLabel(s.label));
  }
  Forest f = MakeForest(estimates, analysis, options);
  std::vector<std::string> texts;
  for (const Estimate& e : estimates) texts.push_back(EstimateText(e, f.decimals));
  f.columns = LayoutColumns(ColumnWidth(labels, {"Study added"}), 0, 0,
                            ColumnWidth(texts, {f.text_heading}));
  PlaceScale(f);
  const double rows_top = TopOf(options.title) + 24;
  const double bottom = rows_top + static_cast<double>(steps.size()) * kRowHeight;
  const Estimate& last = estimates.back();
  SvgWriter svg(f.columns.width, bottom + 8 + kAxisHeight + kMargin,
                options.title.empty() ? "Cumulative forest plot" : options.title,
                "Cumulative forest plot of " + std::to_string(steps.size()) + " steps, " +
                    ModelLabel(analysis.options.estimator) + ". After the last step: " +
                    f.axis_label + " " + EstimateText(last, f.decimals) + ".");
  DrawTitle(svg, options.title, f.columns.width);
  DrawHeadings(svg, f, rows_top - 24, "Study added", "");
  DrawReferenceLine(svg, f.scale, last.estimate, rows_top, bottom);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double y = rows_top + (static_cast<double>(i) + 0.5) * kRowHeight;
    svg.Text({kMargin, y + kBaseline}, labels[i], Anchor::kStart);
    DrawPoint(svg, f, estimates[i], y, kStepSquare);
    svg.Text({f.columns.text_right, y + kBaseline}, texts[i], Anchor::kEnd);
  }
  DrawXAxis(svg, f.scale, f.axis, bottom + 8, f.axis_label);
  return std::move(svg).Finish();
}

namespace {

struct FunnelPoint {
  double yi = 0;
  double se = 0;
};

std::vector<FunnelPoint> FunnelPoints(const MetaAnalysis& analysis) {
  std::vector<FunnelPoint> points;
  for (const StudyEffect& s : analysis.studies) {
    const double se = std::sqrt(std::max(s.vi, 0.0));
    if (Finite(s.yi) && Finite(se)) points.push_back({s.yi, se});
  }
  return points;
}

// The y axis (standard error, 0 at the top) and x axis (wide enough for the funnel's base).
std::pair<Axis, Axis> FunnelAxes(const std::vector<FunnelPoint>& points, double centre) {
  double max_se = 1e-3;
  for (const FunnelPoint& p : points) max_se = std::max(max_se, p.se);
  const Axis y_axis = NiceAxis(0, max_se, false);
  double lo = points.front().yi;
  double hi = lo;
  for (const FunnelPoint& p : points) lo = std::min(lo, p.yi), hi = std::max(hi, p.yi);
  if (Finite(centre)) {
    lo = std::min(lo, centre - kZ95 * y_axis.hi);
    hi = std::max(hi, centre + kZ95 * y_axis.hi);
  }
  return {NiceAxis(lo, hi, false), y_axis};
}

void DrawYAxis(SvgWriter& svg, const Scale& y_scale, const Axis& axis, double x) {
  svg.Line({x, y_scale.left}, {x, y_scale.right}, kBlack);
  for (double tick : axis.Ticks()) {
    const double y = y_scale.X(tick);
    svg.Line({x - 5, y}, {x, y}, kBlack);
    svg.Text({x - 8, y + kBaseline}, FormatFixed(tick, axis.decimals), Anchor::kEnd);
  }
  svg.VerticalText({x - 46, (y_scale.left + y_scale.right) / 2}, "Standard error");
}

void DrawFunnelRegion(SvgWriter& svg, const Scale& xs, const Scale& ys, double centre) {
  svg.Rect({xs.left, ys.left}, xs.right - xs.left, ys.right - ys.left, R"(fill="#e6e6e6")");
  if (!Finite(centre)) return;
  const Point apex{xs.X(centre), ys.left};
  const Point base_left{xs.X(centre - kZ95 * ys.hi), ys.right};
  const Point base_right{xs.X(centre + kZ95 * ys.hi), ys.right};
  svg.Polygon({base_left, apex, base_right}, R"(fill="#fff")");
  svg.Line(base_left, apex, R"(stroke="#000" stroke-dasharray="2 3")");
  svg.Line(apex, base_right, R"(stroke="#000" stroke-dasharray="2 3")");
  svg.Line(apex, {apex.x, ys.right}, kBlack);
}

}  // namespace

std::string FunnelPlotSvg(const MetaAnalysis& analysis, const PlotOptions& options) {
  const std::vector<FunnelPoint> points = FunnelPoints(analysis);
  if (points.empty()) return NoStudiesSvg(options.title, "Funnel plot");
  const double centre = analysis.pooled.transformed.estimate;
  const auto [x_axis, y_axis] = FunnelAxes(points, centre);
  const std::string x_label = MeasureAxisLabel(analysis.options.measure);
  const double top = TopOf(options.title) + 4;
  SvgWriter svg(kFunnelWidth, top + kFunnelPanelHeight + kAxisHeight + kMargin,
                options.title.empty() ? "Funnel plot" : options.title,
                "Funnel plot of " + std::to_string(points.size()) +
                    (points.size() == 1 ? " study: " : " studies: ") + x_label +
                    " against standard error, with the pooled estimate (" + FormatFixed(centre, 2) +
                    " on that scale) and its 95% pseudo-confidence region.");
  DrawTitle(svg, options.title, kFunnelWidth);
  const Scale xs{x_axis.lo, x_axis.hi, kMargin + 64, kFunnelWidth - kMargin - 8};
  const Scale ys{y_axis.lo, y_axis.hi, top, top + kFunnelPanelHeight};  // "left" is the top
  DrawFunnelRegion(svg, xs, ys, centre);
  for (const FunnelPoint& p : points) svg.Circle({xs.X(p.yi), ys.X(p.se)}, 3.5, R"(fill="#000")");
  DrawXAxis(svg, xs, x_axis, ys.right, x_label);
  DrawYAxis(svg, ys, y_axis, xs.left);
  return std::move(svg).Finish();
}

}  // namespace kinship::stats

#include "research/stats_meta.h"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "research/stats_json.h"
#include "stats/meta.h"
#include "stats/plots.h"

namespace kinship::research {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxStudies = 100000;

struct MetaRequest {
  stats::MetaOptions options;
  std::vector<stats::Study> studies;
  std::vector<std::string> groups;   // when a subgroup column is named
  std::vector<std::size_t> order;    // when cumulative
  bool subgroup = false;
  bool cumulative = false;
  bool leave_one_out = false;
  std::string title;
  StatsRows rows;
};

// Sorts the rows by a column: numerically when every value is a number, else as text.
std::vector<std::size_t> OrderBy(const StatsRows& rows, const std::string& column) {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> numbers(rows.size());
  bool numeric = true;
  for (std::size_t i = 0; i < rows.size() && numeric; ++i) {
    const std::string text = rows.Text(i, column);
    const auto r = std::from_chars(text.data(), text.data() + text.size(), numbers[i]);
    numeric = r.ec == std::errc() && r.ptr == text.data() + text.size();
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return numeric ? numbers[a] < numbers[b] : rows.Text(a, column) < rows.Text(b, column);
  });
  return order;
}

Result<MetaRequest> ReadMetaRequest(std::string_view text, bool cumulative_plot = false) {
  http::BodyReader body(text);
  MetaRequest req;
  std::vector<FieldError> errors;
  const auto measure = body.OptionalEnum("measure", {"PR", "PLO", "PAS", "PFT"});
  const auto method = body.OptionalEnum("method", {"FE", "DL", "REML"});
  req.options.measure = stats::ParseMeasure(measure.value_or("PLO")).value_or(stats::Measure::kLogit);
  req.options.estimator = stats::ParseEstimator(method.value_or("REML")).value_or(stats::Estimator::kReml);
  req.options.level = ReadLevel(body);
  const auto subgroup = body.OptionalString("subgroup", {.min = 1, .max = 100});
  const auto order = body.OptionalString("order", {.min = 1, .max = 100});
  req.cumulative = body.OptionalBool("cumulative").value_or(false) || cumulative_plot;
  req.leave_one_out = body.OptionalBool("leave_one_out").value_or(false);
  req.title = body.OptionalString("title", {.max = 200}).value_or("");
  req.rows = ReadRows(body, "studies", kMaxStudies, errors);
  const StatsRows& rows = req.rows;
  if (rows.size() > 0) {
    for (const char* column : {"events", "total"}) {
      if (!rows.HasColumn(column)) errors.push_back({rows.from_csv() ? "csv" : "studies", std::string("needs a column ") + column});
    }
  }
  if (subgroup && rows.size() > 0 && !rows.HasColumn(*subgroup)) {
    errors.push_back({"subgroup", "names no column of the studies: " + *subgroup});
  }
  if (order && !req.cumulative) errors.push_back({"order", "is used with cumulative: true (the order of a cumulative meta-analysis)"});
  if (order && rows.size() > 0 && !rows.HasColumn(*order)) {
    errors.push_back({"order", "names no column of the studies: " + *order});
  }
  if (errors.empty()) {
    const bool labelled = rows.HasColumn("study");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto events = rows.Count(i, "events", errors);
      const auto total = rows.Count(i, "total", errors);
      std::string label = labelled ? rows.Text(i, "study") : "";
      if (label.empty()) label = "Study " + std::to_string(i + 1);
      if (events && total && *total == 0) rows.AddError(i, "total", "must be at least 1", errors);
      if (events && total && *events > *total) {
        rows.AddError(i, "events", "must not be more than total (" + std::to_string(*total) + ")", errors);
      }
      req.studies.push_back({label, events.value_or(0), total.value_or(1)});
      if (subgroup) req.groups.push_back(rows.Text(i, *subgroup));
    }
  }
  KINSHIP_RETURN_IF_ERROR(FinishWith(body, std::move(errors)));
  req.subgroup = subgroup.has_value();
  if (req.cumulative) req.order = order ? OrderBy(rows, *order) : std::vector<std::size_t>{};
  return req;
}

// Library errors name "studies[i].x"; CSV requests want the line instead.
Status Translated(const Status& s, const StatsRows& rows) {
  if (s.field_errors().empty()) return s;
  std::vector<FieldError> errors;
  for (const FieldError& e : s.field_errors()) errors.push_back(rows.Translate(e, "studies"));
  return {s.code(), s.message(), std::move(errors)};
}

void PutPooled(json& out, const stats::PooledResult& p) {
  out["k"] = p.k;
  out["estimate"] = Num(p.transformed.estimate);
  out["se"] = Num(p.se);
  out["z"] = Num(p.z);
  out["p_value"] = Num(p.p_value);
  out["ci_lb"] = Num(p.transformed.lower);
  out["ci_ub"] = Num(p.transformed.upper);
  out["pi_lb"] = p.prediction_transformed ? Num(p.prediction_transformed->lower) : json();
  out["pi_ub"] = p.prediction_transformed ? Num(p.prediction_transformed->upper) : json();
  out["tau2"] = Num(p.tau2);
  out["tau"] = Num(p.tau);
  out["se_tau2"] = Num(p.se_tau2);
  out["I2"] = Num(p.i2);
  out["H2"] = Num(p.h2);
  out["Q"] = Num(p.q);
  out["Q_df"] = p.q_df;
  out["Q_p"] = Num(p.q_p_value);
  out["prop_estimate"] = Num(p.proportion.estimate);
  out["prop_ci_lb"] = Num(p.proportion.lower);
  out["prop_ci_ub"] = Num(p.proportion.upper);
  out["prop_pi_lb"] = p.prediction_proportion ? Num(p.prediction_proportion->lower) : json();
  out["prop_pi_ub"] = p.prediction_proportion ? Num(p.prediction_proportion->upper) : json();
  if (p.reml_log_likelihood) out["reml_loglik"] = Num(*p.reml_log_likelihood);
}

json StudiesJson(const stats::MetaAnalysis& m) {
  json studies = json::array();
  for (const stats::StudyEffect& s : m.studies) {
    studies.push_back({{"study", s.label},
                       {"events", s.events},
                       {"total", s.total},
                       {"observed", Num(static_cast<double>(s.events) / static_cast<double>(s.total))},
                       {"yi", Num(s.yi)},
                       {"vi", Num(s.vi)},
                       {"ci_lb", Num(s.transformed.lower)},
                       {"ci_ub", Num(s.transformed.upper)},
                       {"proportion", Num(s.proportion.estimate)},
                       {"prop_ci_lb", Num(s.proportion.lower)},
                       {"prop_ci_ub", Num(s.proportion.upper)},
                       {"weight", Num(s.weight_percent)}});
  }
  return studies;
}

json StepsJson(const std::vector<stats::CumulativeStep>& steps) {
  json out = json::array();
  for (const stats::CumulativeStep& step : steps) {
    json entry = {{"study", step.label}};
    PutPooled(entry, step.pooled);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

Result<nlohmann::json> RunMeta(std::string_view body) {
  KINSHIP_ASSIGN_OR_RETURN(MetaRequest req, ReadMetaRequest(body));
  Result<stats::MetaAnalysis> analysis = stats::AnalyseProportions(req.studies, req.options);
  if (!analysis.ok()) return Translated(analysis.status(), req.rows);
  json out = {{"method", stats::EstimatorCode(req.options.estimator)},
              {"measure", stats::MeasureCode(req.options.measure)},
              {"level", req.options.level}};
  PutPooled(out, analysis->pooled);
  if (req.options.measure == stats::Measure::kFreemanTukey) out["harmonic_mean_n"] = Num(analysis->harmonic_mean_total);
  out["studies"] = StudiesJson(*analysis);
  json warnings = json::array();
  if (analysis->pooled.k == 1) warnings.push_back("Only one study: there is nothing to pool and no heterogeneity to estimate.");
  if (req.options.estimator == stats::Estimator::kFixedEffect) {
    warnings.push_back("A fixed-effect model has no prediction interval (pi_lb, pi_ub are null).");
  }
  if (req.subgroup) {
    Result<stats::SubgroupAnalysis> sub = stats::AnalyseSubgroups(req.studies, req.groups, req.options);
    if (!sub.ok()) return Translated(sub.status(), req.rows);
    json groups = json::array();
    for (const stats::SubgroupResult& g : sub->subgroups) {
      json entry = {{"group", g.group}};
      PutPooled(entry, g.pooled);
      groups.push_back(std::move(entry));
    }
    out["subgroups"] = std::move(groups);
    out["Q_between"] = Num(sub->q_between);
    out["Q_between_df"] = sub->q_between_df;
    out["Q_between_p"] = Num(sub->q_between_p_value);
  }
  if (req.cumulative) {
    Result<std::vector<stats::CumulativeStep>> steps = stats::AnalyseCumulative(req.studies, req.order, req.options);
    if (!steps.ok()) return Translated(steps.status(), req.rows);
    out["cumulative"] = StepsJson(*steps);
  }
  if (req.leave_one_out) {
    Result<std::vector<stats::CumulativeStep>> steps = stats::AnalyseLeaveOneOut(req.studies, req.options);
    if (!steps.ok()) return Translated(steps.status(), req.rows);
    out["leave_one_out"] = StepsJson(*steps);
  }
  out["warnings"] = std::move(warnings);
  return out;
}

Result<std::string> DrawMetaPlot(std::string_view kind, std::string_view body) {
  KINSHIP_ASSIGN_OR_RETURN(MetaRequest req, ReadMetaRequest(body, kind == "cumulative"));
  Result<stats::MetaAnalysis> analysis = stats::AnalyseProportions(req.studies, req.options);
  if (!analysis.ok()) return Translated(analysis.status(), req.rows);
  const stats::PlotOptions options{.title = req.title, .axis_label = ""};
  if (kind == "forest") return stats::ForestPlotSvg(*analysis, options);
  if (kind == "funnel") return stats::FunnelPlotSvg(*analysis, options);
  if (kind == "cumulative") {
    Result<std::vector<stats::CumulativeStep>> steps = stats::AnalyseCumulative(req.studies, req.order, req.options);
    if (!steps.ok()) return Translated(steps.status(), req.rows);
    return stats::CumulativeForestPlotSvg(*analysis, *steps, options);
  }
  return NotFound("There is no plot called " + std::string(kind) + ": use forest, cumulative or funnel.");
}

}  // namespace kinship::research

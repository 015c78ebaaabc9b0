#include "research/stats_service.h"

#include <algorithm>

#include "core/text.h"
#include "research/stats_json.h"
#include "research/stats_meta.h"
#include "research/stats_tables.h"
#include "stats/contingency.h"
#include "stats/ears.h"
#include "stats/paired.h"
#include "stats/proportion.h"
#include "stats/trend.h"

namespace kinship::research {

using nlohmann::json;

StatsRows ReadRows(http::BodyReader& body, std::string_view array_field, std::size_t max_rows,
                   std::vector<FieldError>& errors) {
  bool has_array = false;
  const std::vector<json> elements = body.Array(array_field, max_rows, &has_array);
  const auto csv = body.OptionalString("csv", {.min = 1, .max = 20'000'000, .trim = false, .multiline = true});
  if (has_array && csv) {
    errors.push_back({"csv", "give either csv or " + std::string(array_field) + ", not both"});
    return {};
  }
  if (!has_array && !csv) {
    if (!body.has("csv")) errors.push_back({std::string(array_field), "is required (or csv with a header row)"});
    return {};
  }
  StatsRows rows = csv ? StatsRows::FromCsv(*csv, errors) : StatsRows::FromJson(elements, std::string(array_field));
  if (!csv) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (!elements[i].is_object()) errors.push_back({rows.Where(i), "must be an object"});
    }
  }
  if (errors.empty() && rows.size() == 0) {
    errors.push_back({csv ? "csv" : std::string(array_field), "has no rows"});
  }
  if (csv && rows.size() > max_rows) errors.push_back({"csv", "has more than " + std::to_string(max_rows) + " rows"});
  return rows;
}

double ReadLevel(http::BodyReader& body) { return body.OptionalNumber("level", 50, 99.999).value_or(95); }

Status FinishWith(http::BodyReader& body, std::vector<FieldError> errors) {
  for (FieldError& e : errors) body.AddError(std::move(e.field), std::move(e.message));
  return body.Finish();
}

namespace {

Result<json> RunProportion(std::string_view text) {
  http::BodyReader body(text);
  const int64_t events = body.Int("events", 0, 1'000'000'000'000LL);
  const int64_t total = body.Int("total", 1, 1'000'000'000'000LL);
  const std::string method = body.OptionalEnum("method", {"wilson", "wilson-cc", "exact", "agresti-coull"}).value_or("wilson");
  const double level = ReadLevel(body);
  std::vector<FieldError> errors;
  if (body.has("events") && body.has("total") && events > total) {
    errors.push_back({"events", "must not be more than total (" + std::to_string(total) + ")"});
  }
  KINSHIP_RETURN_IF_ERROR(FinishWith(body, std::move(errors)));
  KINSHIP_ASSIGN_OR_RETURN(stats::ProportionInterval ci,
                           stats::EstimateProportion(events, total, *stats::ParseProportionMethod(method), level));
  json out = {{"events", ci.events}, {"total", ci.total},   {"method", method},        {"level", level},
              {"estimate", Num(ci.estimate)}, {"ci_lb", Num(ci.lower)}, {"ci_ub", Num(ci.upper)}};
  if (ci.centre) {
    out["centre"] = Num(ci.centre);
    out["ci_lb_unclipped"] = Num(ci.lower_unclipped);
    out["ci_ub_unclipped"] = Num(ci.upper_unclipped);
  }
  return out;
}

Result<json> RunMcNemar(std::string_view text) {
  http::BodyReader body(text);
  stats::PairedCounts counts;
  counts.both_yes = body.Int("both_yes", 0, 1'000'000'000'000LL);
  counts.yes_no = body.Int("yes_no", 0, 1'000'000'000'000LL);
  counts.no_yes = body.Int("no_yes", 0, 1'000'000'000'000LL);
  counts.both_no = body.Int("both_no", 0, 1'000'000'000'000LL);
  KINSHIP_RETURN_IF_ERROR(body.Finish());
  KINSHIP_ASSIGN_OR_RETURN(stats::McNemarResult r, stats::McNemarTest(counts));
  return json{{"both_yes", counts.both_yes},
              {"yes_no", counts.yes_no},
              {"no_yes", counts.no_yes},
              {"both_no", counts.both_no},
              {"statistic", Num(r.statistic)},
              {"df", r.df},
              {"p_value", Num(r.p_value)},
              {"correct", true},
              {"statistic_uncorrected", Num(r.statistic_uncorrected)},
              {"p_value_uncorrected", Num(r.p_value_uncorrected)},
              {"exact_p_value", Num(r.exact_p_value)},
              {"discordant", r.discordant},
              {"before_proportion", Num(r.before_proportion)},
              {"after_proportion", Num(r.after_proportion)},
              {"difference", Num(r.after_proportion - r.before_proportion)}};
}

Result<json> RunTrend(std::string_view text) {
  http::BodyReader body(text);
  std::vector<FieldError> errors;
  const StatsRows rows = ReadRows(body, "groups", 10000, errors);
  std::vector<stats::TrendGroup> groups;
  std::vector<double> scores;
  const bool scored = rows.HasColumn("score");
  for (std::size_t i = 0; errors.empty() && i < rows.size(); ++i) {
    const auto events = rows.Count(i, "events", errors);
    const auto total = rows.Count(i, "total", errors);
    if (events && total && *total == 0) rows.AddError(i, "total", "must be at least 1", errors);
    if (events && total && *events > *total) {
      rows.AddError(i, "events", "must not be more than total (" + std::to_string(*total) + ")", errors);
    }
    groups.push_back({events.value_or(0), total.value_or(1)});
    if (scored) scores.push_back(rows.Number(i, "score", true, errors).value_or(0));
  }
  KINSHIP_RETURN_IF_ERROR(FinishWith(body, std::move(errors)));
  Result<stats::TrendResult> r = stats::TrendTest(groups, scores);
  if (!r.ok()) {
    std::vector<FieldError> translated;
    for (const FieldError& e : r.status().field_errors()) translated.push_back(rows.Translate(e, "groups"));
    return Status(r.status().code(), r.status().message(), std::move(translated));
  }
  json out_groups = json::array();
  for (std::size_t i = 0; i < groups.size(); ++i) {
    json g = {{"events", groups[i].events}, {"total", groups[i].total},
              {"proportion", Num(static_cast<double>(groups[i].events) / static_cast<double>(groups[i].total))},
              {"score", Num(r->scores[i])}};
    for (const char* label : {"group", "label", "year"}) {
      if (rows.HasColumn(label)) g[label] = rows.Text(i, label);
    }
    out_groups.push_back(std::move(g));
  }
  return json{{"statistic", Num(r->statistic)}, {"df", r->df}, {"p_value", Num(r->p_value)}, {"z", Num(r->z)},
              {"p_value_increasing", Num(r->p_value_increasing)}, {"p_value_decreasing", Num(r->p_value_decreasing)},
              {"scores", scored ? "given" : "1..k"}, {"groups", std::move(out_groups)}};
}

}  // namespace

const std::vector<std::string_view>& StatsMethods() {
  static const std::vector<std::string_view> kMethods = {"meta", "chisq", "trend", "prop", "mcnemar", "ears"};
  return kMethods;
}

const std::vector<std::string_view>& StatsPlots() {
  static const std::vector<std::string_view> kPlots = {"forest", "cumulative", "funnel"};
  return kPlots;
}

Result<nlohmann::json> RunStats(std::string_view method, std::string_view body) {
  if (method == "meta") return RunMeta(body);
  if (method == "chisq") return RunChiSquare(body);
  if (method == "trend") return RunTrend(body);
  if (method == "prop") return RunProportion(body);
  if (method == "mcnemar") return RunMcNemar(body);
  if (method == "ears") return RunEars(body);
  return NotFound("There is no statistics method called " + std::string(method) +
                  ": use meta, chisq, trend, prop, mcnemar or ears.");
}

Result<std::string> DrawStatsPlot(std::string_view kind, std::string_view body) {
  if (std::find(StatsPlots().begin(), StatsPlots().end(), kind) == StatsPlots().end()) {
    return NotFound("There is no plot called " + std::string(kind) + ": use forest, cumulative or funnel.");
  }
  return DrawMetaPlot(kind, body);
}

}  // namespace kinship::research

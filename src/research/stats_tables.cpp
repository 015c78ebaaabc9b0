#include "research/stats_tables.h"

#include <charconv>

#include "encounters/calendar.h"
#include "research/stats_json.h"
#include "stats/contingency.h"
#include "stats/ears.h"

namespace kinship::research {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTableSide = 100;
constexpr long long kMaxCell = 1'000'000'000LL;

struct TableRequest {
  stats::CountTable table;
  std::vector<std::string> row_labels;
  std::vector<std::string> column_labels;
};

bool IsCount(const std::string& s) {
  long long v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// From CSV: the header gives the column labels; the first column holds row labels unless
// every one of its cells is a count.
void TableFromCsv(const StatsRows& rows, TableRequest& req, std::vector<FieldError>& errors) {
  const std::vector<std::string>& columns = rows.columns();
  bool labelled = false;
  for (std::size_t r = 0; r < rows.size() && !labelled; ++r) labelled = !IsCount(rows.Text(r, columns[0]));
  const std::size_t first = labelled ? 1 : 0;
  for (std::size_t c = first; c < columns.size(); ++c) req.column_labels.push_back(columns[c]);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    req.row_labels.push_back(labelled ? rows.Text(r, columns[0]) : "Row " + std::to_string(r + 1));
    std::vector<long long> counts;
    for (std::size_t c = first; c < columns.size(); ++c) {
      const auto count = rows.Count(r, columns[c], errors);
      if (count && *count > kMaxCell) rows.AddError(r, columns[c], "is too large (at most 10^9)", errors);
      counts.push_back(count.value_or(0));
    }
    req.table.push_back(std::move(counts));
  }
}

void TableFromJson(const std::vector<json>& elements, TableRequest& req, std::vector<FieldError>& errors) {
  for (std::size_t r = 0; r < elements.size(); ++r) {
    const std::string where = "table[" + std::to_string(r) + "]";
    if (!elements[r].is_array() || elements[r].size() > kMaxTableSide) {
      errors.push_back({where, "must be an array of at most 100 counts"});
      continue;
    }
    std::vector<long long> counts;
    for (std::size_t c = 0; c < elements[r].size(); ++c) {
      const json& cell = elements[r][c];
      const bool ok = cell.is_number_integer() && (cell.is_number_unsigned() ? cell.get<unsigned long long>() <= kMaxCell
                                                                             : cell.get<long long>() >= 0 &&
                                                                                   cell.get<long long>() <= kMaxCell);
      if (!ok) errors.push_back({where + "[" + std::to_string(c) + "]", "must be a whole number from 0 to 10^9"});
      counts.push_back(ok ? cell.get<long long>() : 0);
    }
    req.table.push_back(std::move(counts));
  }
}

std::vector<std::string> Labels(const std::vector<json>& elements, std::string_view field,
                                std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (!elements[i].is_string() || elements[i].get<std::string>().size() > 100) {
      errors.push_back({std::string(field) + "[" + std::to_string(i) + "]", "must be a text of at most 100 characters"});
      out.emplace_back();
    } else {
      out.push_back(elements[i].get<std::string>());
    }
  }
  return out;
}

json FisherJson(const stats::FisherResult& f, double level, json& warnings) {
  if (std::isinf(f.odds_ratio) || std::isinf(f.upper)) {
    warnings.push_back("The odds ratio or its upper limit is infinite (a zero cell): shown as null.");
  }
  return {{"p_value", Num(f.p_value)},   {"p_value_less", Num(f.p_value_less)},
          {"p_value_greater", Num(f.p_value_greater)}, {"odds_ratio", Num(f.odds_ratio)},
          {"ci_lb", Num(f.lower)},       {"ci_ub", Num(f.upper)},
          {"sample_odds_ratio", Num(f.sample_odds_ratio)}, {"level", level}};
}

}  // namespace

Result<nlohmann::json> RunChiSquare(std::string_view text) {
  http::BodyReader body(text);
  std::vector<FieldError> errors;
  TableRequest req;
  const bool yates = body.OptionalBool("yates").value_or(false);
  const bool fisher = body.OptionalBool("fisher").value_or(false);
  const double level = ReadLevel(body);
  bool has_table = false;
  const std::vector<json> table = body.Array("table", kMaxTableSide, &has_table);
  const std::vector<json> row_labels = body.Array("row_labels", kMaxTableSide);
  const std::vector<json> column_labels = body.Array("column_labels", kMaxTableSide);
  if (has_table) {
    if (body.has("csv")) errors.push_back({"csv", "give either csv or table, not both"});
    TableFromJson(table, req, errors);
    req.row_labels = Labels(row_labels, "row_labels", errors);
    req.column_labels = Labels(column_labels, "column_labels", errors);
  } else {
    const StatsRows rows = ReadRows(body, "table", kMaxTableSide, errors);
    if (errors.empty()) TableFromCsv(rows, req, errors);
    if (!row_labels.empty() || !column_labels.empty()) {
      errors.push_back({"row_labels", "labels come from the CSV's header and first column"});
    }
  }
  KINSHIP_RETURN_IF_ERROR(FinishWith(body, std::move(errors)));
  const std::size_t rows = req.table.size(), columns = rows ? req.table[0].size() : 0;
  if (req.row_labels.empty()) for (std::size_t r = 0; r < rows; ++r) req.row_labels.push_back("Row " + std::to_string(r + 1));
  if (req.column_labels.empty()) {
    for (std::size_t c = 0; c < columns; ++c) req.column_labels.push_back("Column " + std::to_string(c + 1));
  }
  if (req.row_labels.size() != rows) return FieldInvalid("row_labels", "needs one label per row of the table");
  if (req.column_labels.size() != columns) return FieldInvalid("column_labels", "needs one label per column of the table");
  if (fisher && (rows != 2 || columns != 2)) {
    return FieldInvalid("fisher", "Fisher's exact test is available for 2×2 tables only; this table is " +
                                      std::to_string(rows) + "×" + std::to_string(columns));
  }
  if (yates && (rows != 2 || columns != 2)) {
    return FieldInvalid("yates", "Yates' correction applies to 2×2 tables only");
  }
  KINSHIP_ASSIGN_OR_RETURN(stats::ChiSquareResult chi, stats::ChiSquareTest(req.table, yates));
  json warnings = chi.warnings;
  json expected = json::array();
  for (const auto& row : chi.expected) {
    json r = json::array();
    for (const double e : row) r.push_back(Num(e));
    expected.push_back(std::move(r));
  }
  json out = {{"rows", req.row_labels},   {"columns", req.column_labels}, {"observed", req.table},
              {"expected", std::move(expected)}, {"statistic", Num(chi.statistic)}, {"df", chi.df},
              {"p_value", Num(chi.p_value)}, {"yates", chi.yates}};
  if (fisher) {
    KINSHIP_ASSIGN_OR_RETURN(stats::FisherResult f, stats::FisherExactTest(req.table, level));
    out["fisher"] = FisherJson(f, level, warnings);
  }
  out["warnings"] = std::move(warnings);
  return out;
}

Result<nlohmann::json> RunEars(std::string_view text) {
  http::BodyReader body(text);
  std::vector<FieldError> errors;
  stats::EarsOptions options;
  options.min_sigma = body.OptionalNumber("min_sigma", 0, 1e12).value_or(0);
  const StatsRows rows = ReadRows(body, "series", 100000, errors);
  std::vector<double> counts;
  std::vector<std::string> dates;
  std::optional<int64_t> previous;
  for (std::size_t i = 0; errors.empty() && i < rows.size(); ++i) {
    const std::string date = rows.Text(i, "date");
    const std::optional<int64_t> day = encounters::ParseDay(date);
    if (!day) {
      rows.AddError(i, "date", "must be a date YYYY-MM-DD", errors);
    } else if (previous && *day != *previous + 1) {
      rows.AddError(i, "date",
                    *day <= *previous ? "must come after the date before it (one row per day, oldest first)"
                                      : "leaves a gap after " + dates.back() +
                                            ": the series needs one row per day (write 0 for a day without events)",
                    errors);
    }
    previous = day;
    dates.push_back(date);
    counts.push_back(static_cast<double>(rows.Count(i, "count", errors).value_or(0)));
  }
  KINSHIP_RETURN_IF_ERROR(FinishWith(body, std::move(errors)));
  KINSHIP_ASSIGN_OR_RETURN(stats::EarsResult r, stats::DetectAberrations(counts, options));
  json days = json::array();
  json alarms = json::array();
  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const stats::EarsDay& d = r.days[i];
    days.push_back({{"date", dates[i]},     {"count", d.count},         {"c1", Num(d.c1)},
                    {"c1_mean", Num(d.c1_mean)}, {"c1_sd", Num(d.c1_sd)}, {"c1_alarm", d.c1_alarm},
                    {"c2", Num(d.c2)},       {"c2_mean", Num(d.c2_mean)}, {"c2_sd", Num(d.c2_sd)},
                    {"c2_alarm", d.c2_alarm}, {"c3", Num(d.c3)},          {"c3_alarm", d.c3_alarm}});
    if (d.c1_alarm || d.c2_alarm || d.c3_alarm) {
      json methods = json::array();
      if (d.c1_alarm) methods.push_back("C1");
      if (d.c2_alarm) methods.push_back("C2");
      if (d.c3_alarm) methods.push_back("C3");
      alarms.push_back({{"date", dates[i]}, {"count", d.count}, {"methods", std::move(methods)}});
    }
  }
  json warnings = r.warnings;
  if (counts.size() < 8) warnings.push_back("C1 needs 7 days of history, C2 9 and C3 11: no statistic yet.");
  return json{{"min_sigma", options.min_sigma},
              {"thresholds", {{"c1", options.c1_threshold}, {"c2", options.c2_threshold}, {"c3", options.c3_threshold}}},
              {"days", std::move(days)},
              {"alarms", std::move(alarms)},
              {"warnings", std::move(warnings)}};
}

}  // namespace kinship::research

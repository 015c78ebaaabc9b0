#include "cli/stats_format.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/text.h"

namespace kinship::cli {
namespace {

using nlohmann::json;

std::string Fixed(const json& v, int digits = 4) {
  if (!v.is_number()) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v.get<double>());
  return buffer;
}

std::string PValue(const json& v) {
  if (!v.is_number()) return "-";
  const double p = v.get<double>();
  if (p < 0.0001) return "< 0.0001";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", p);
  return buffer;
}

std::string Interval(const json& estimate, const json& lower, const json& upper, int digits = 4) {
  return Fixed(estimate, digits) + " [" + Fixed(lower, digits) + ", " + Fixed(upper, digits) + "]";
}

// Prints rows as aligned columns; the first row is the header.
void Table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += row[c] + std::string(width[c] - row[c].size(), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

void Warnings(std::ostream& out, const json& answer) {
  if (!answer.contains("warnings")) return;
  for (const json& w : answer["warnings"]) out << "Note: " << w.get<std::string>() << "\n";
}

void PrintPooledRows(std::vector<std::vector<std::string>>& rows, const json& list, const char* first) {
  rows.push_back({first, "k", "proportion [CI]", "tau2", "I2 %", "Q"});
  for (const json& s : list) {
    rows.push_back({s.value("study", s.value("group", "")), std::to_string(s["k"].get<int>()),
                    Interval(s["prop_estimate"], s["prop_ci_lb"], s["prop_ci_ub"]), Fixed(s["tau2"]),
                    Fixed(s["I2"], 1), Fixed(s["Q"], 2)});
  }
}

void PrintMeta(std::ostream& out, const json& a) {
  const std::string level = FormatNumber(a["level"].get<double>());
  out << "Meta-analysis of proportions: measure " << a["measure"].get<std::string>() << ", method "
      << a["method"].get<std::string>() << ", " << a["k"].get<int>() << " studies, " << level << "% intervals\n\n";
  std::vector<std::vector<std::string>> rows = {{"study", "events", "total", "proportion [CI]", "weight %"}};
  for (const json& s : a["studies"]) {
    rows.push_back({s["study"].get<std::string>(), std::to_string(s["events"].get<long long>()),
                    std::to_string(s["total"].get<long long>()),
                    Interval(s["proportion"], s["prop_ci_lb"], s["prop_ci_ub"]), Fixed(s["weight"], 2)});
  }
  Table(out, rows);
  out << "\nPooled proportion   " << Interval(a["prop_estimate"], a["prop_ci_lb"], a["prop_ci_ub"]) << "\n";
  if (a["prop_pi_lb"].is_number()) {
    out << "Prediction interval " << "[" << Fixed(a["prop_pi_lb"]) << ", " << Fixed(a["prop_pi_ub"]) << "]\n";
  }
  out << "Transformed scale   " << Interval(a["estimate"], a["ci_lb"], a["ci_ub"]) << ", se " << Fixed(a["se"])
      << ", z " << Fixed(a["z"], 3) << ", p " << PValue(a["p_value"]) << "\n";
  out << "Heterogeneity       tau2 " << Fixed(a["tau2"]) << " (se " << Fixed(a["se_tau2"]) << "), I2 "
      << Fixed(a["I2"], 2) << "%, H2 " << Fixed(a["H2"], 3) << ", Q " << Fixed(a["Q"], 3) << " (df "
      << a["Q_df"].get<int>() << ", p " << PValue(a["Q_p"]) << ")\n";
  if (a.contains("subgroups")) {
    out << "\nSubgroups\n";
    std::vector<std::vector<std::string>> sub;
    PrintPooledRows(sub, a["subgroups"], "group");
    Table(out, sub);
    out << "Test for subgroup differences: Q " << Fixed(a["Q_between"], 3) << " (df " << a["Q_between_df"].get<int>()
        << ", p " << PValue(a["Q_between_p"]) << ")\n";
  }
  if (a.contains("cumulative")) {
    out << "\nCumulative meta-analysis (each row adds one study)\n";
    std::vector<std::vector<std::string>> cum;
    PrintPooledRows(cum, a["cumulative"], "added");
    Table(out, cum);
  }
  if (a.contains("leave_one_out")) {
    out << "\nLeave-one-out (each row leaves one study out)\n";
    std::vector<std::vector<std::string>> loo;
    PrintPooledRows(loo, a["leave_one_out"], "left out");
    Table(out, loo);
  }
}

void PrintChiSquare(std::ostream& out, const json& a) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {""};
  for (const json& c : a["columns"]) header.push_back(c.get<std::string>());
  rows.push_back(header);
  for (std::size_t r = 0; r < a["rows"].size(); ++r) {
    std::vector<std::string> row = {a["rows"][r].get<std::string>()};
    for (std::size_t c = 0; c < a["observed"][r].size(); ++c) {
      row.push_back(std::to_string(a["observed"][r][c].get<long long>()) + " (" + Fixed(a["expected"][r][c], 2) + ")");
    }
    rows.push_back(row);
  }
  out << "Observed (expected) counts\n";
  Table(out, rows);
  out << "\nPearson's chi-square" << (a["yates"].get<bool>() ? " with Yates' continuity correction" : "") << ": "
      << Fixed(a["statistic"]) << ", df " << a["df"].get<int>() << ", p " << PValue(a["p_value"]) << "\n";
  if (a.contains("fisher")) {
    const json& f = a["fisher"];
    out << "Fisher's exact test: p " << PValue(f["p_value"]) << " (two-sided), odds ratio "
        << Interval(f["odds_ratio"], f["ci_lb"], f["ci_ub"]) << " (conditional MLE, "
        << FormatNumber(f["level"].get<double>()) << "% CI)\n";
  }
  Warnings(out, a);
}

void PrintTrend(std::ostream& out, const json& a) {
  std::vector<std::vector<std::string>> rows = {{"score", "events", "total", "proportion"}};
  for (const json& g : a["groups"]) {
    rows.push_back({Fixed(g["score"], 2), std::to_string(g["events"].get<long long>()),
                    std::to_string(g["total"].get<long long>()), Fixed(g["proportion"])});
  }
  Table(out, rows);
  out << "\nCochran–Armitage test for trend: chi-square " << Fixed(a["statistic"]) << ", df 1, p "
      << PValue(a["p_value"]) << "\nz " << Fixed(a["z"]) << " (" << (a["z"].get<double>() >= 0 ? "rising" : "falling")
      << " with the score); one-sided p rising " << PValue(a["p_value_increasing"]) << ", falling "
      << PValue(a["p_value_decreasing"]) << "\n";
}

void PrintProportion(std::ostream& out, const json& a) {
  out << a["events"].get<long long>() << " of " << a["total"].get<long long>() << ": "
      << Interval(a["estimate"], a["ci_lb"], a["ci_ub"]) << " (" << a["method"].get<std::string>() << ", "
      << FormatNumber(a["level"].get<double>()) << "% CI)\n";
}

void PrintMcNemar(std::ostream& out, const json& a) {
  out << "Before " << Fixed(a["before_proportion"]) << ", after " << Fixed(a["after_proportion"]) << " ("
      << a["discordant"].get<long long>() << " changed their answer)\n"
      << "McNemar's chi-square with continuity correction: " << Fixed(a["statistic"]) << ", df 1, p "
      << PValue(a["p_value"]) << "\n"
      << "Without correction: " << Fixed(a["statistic_uncorrected"]) << ", p " << PValue(a["p_value_uncorrected"]) << "\n"
      << "Exact (binomial) test: p " << PValue(a["exact_p_value"]) << "\n";
}

void PrintEars(std::ostream& out, const json& a) {
  std::vector<std::vector<std::string>> rows = {{"date", "count", "C1", "C2", "C3", "alarm"}};
  for (const json& d : a["days"]) {
    std::string alarm;
    for (const char* m : {"c1", "c2", "c3"}) {
      if (d[std::string(m) + "_alarm"].get<bool>()) alarm += (alarm.empty() ? "" : ",") + std::string(1, 'C') + m[1];
    }
    rows.push_back({d["date"].get<std::string>(), Fixed(d["count"], 0), Fixed(d["c1"], 3), Fixed(d["c2"], 3),
                    Fixed(d["c3"], 3), alarm});
  }
  Table(out, rows);
  out << "\n" << a["alarms"].size() << " day(s) with an alarm (C1, C2 at " << Fixed(a["thresholds"]["c1"], 3)
      << ", C3 at " << Fixed(a["thresholds"]["c3"], 3) << ")\n";
  Warnings(out, a);
}

}  // namespace

void PrintStats(std::ostream& out, std::string_view method, const nlohmann::json& answer) {
  if (method == "meta") {
    PrintMeta(out, answer);
    Warnings(out, answer);
  } else if (method == "chisq") {
    PrintChiSquare(out, answer);
  } else if (method == "trend") {
    PrintTrend(out, answer);
  } else if (method == "prop") {
    PrintProportion(out, answer);
  } else if (method == "mcnemar") {
    PrintMcNemar(out, answer);
  } else if (method == "ears") {
    PrintEars(out, answer);
  } else {
    out << answer.dump(2) << "\n";
  }
}

}  // namespace kinship::cli

// The statistics engine as a service: one JSON request in, one JSON answer out, for each
// method of src/stats. The API (POST /api/v1/stats/<method>), the web research page and
// the `kinship stats` command line all go through here, so they validate alike and answer
// alike. Tabular input arrives either as JSON arrays or as CSV text in the `csv` field; CSV
// errors name the line and the column.
//
//   Result<nlohmann::json> out = RunStats("prop", R"({"events": 3, "total": 17})");
//   // out->at("ci_lb") == 0.0619…
//
// Every figure in an answer is a JSON number; a value that does not exist (the prediction
// interval of a fixed-effect model, an infinite odds ratio) is null, with a warning.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kinship::research {

// The methods: "meta", "chisq", "trend", "prop", "mcnemar", "ears".
const std::vector<std::string_view>& StatsMethods();
// The plots of a meta-analysis: "forest", "cumulative", "funnel".
const std::vector<std::string_view>& StatsPlots();

// Runs `method` on the JSON request `body`. Fails with kNotFound for an unknown method,
// kInvalidArgument for malformed JSON, and kValidation naming every bad field.
Result<nlohmann::json> RunStats(std::string_view method, std::string_view body);

// Draws a plot of the meta-analysis that `body` describes (the same request as "meta") and
// returns the SVG document. Fails as RunStats does.
Result<std::string> DrawStatsPlot(std::string_view kind, std::string_view body);

}  // namespace kinship::research

// Small helpers shared by the statistics service files: JSON numbers that are never NaN or
// infinite (null instead), and reading the common `csv`-or-array input of a request.
#pragma once
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/json_body.h"
#include "research/stats_rows.h"

namespace kinship::research {

// A finite value as a JSON number, anything else as null.
inline nlohmann::json Num(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }
inline nlohmann::json Num(const std::optional<double>& value) { return value ? Num(*value) : nlohmann::json(); }

// Reads the request's rows from `array_field` (at most max_rows objects) or from `csv`;
// exactly one of them must be given. Errors are added to the body reader.
StatsRows ReadRows(http::BodyReader& body, std::string_view array_field, std::size_t max_rows,
                   std::vector<FieldError>& errors);

// The confidence level (percent, default 95).
double ReadLevel(http::BodyReader& body);

// Finishes the reader and adds the collected row errors; OK when there are none.
Status FinishWith(http::BodyReader& body, std::vector<FieldError> errors);

}  // namespace kinship::research

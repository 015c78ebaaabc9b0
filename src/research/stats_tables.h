// The table and series parts of the statistics service: chi-square and Fisher on an r×c
// table, and EARS aberration detection on a daily series. Used by stats_service.cpp.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.h"

namespace kinship::research {

Result<nlohmann::json> RunChiSquare(std::string_view body);
Result<nlohmann::json> RunEars(std::string_view body);

}  // namespace kinship::research

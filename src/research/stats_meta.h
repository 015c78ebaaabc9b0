// The meta-analysis part of the statistics service: reads a meta request (studies, measure,
// method, level, subgroup, cumulative order, leave-one-out), runs src/stats and writes the
// JSON answer; also draws its plots. Used by stats_service.cpp.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinship::research {

Result<nlohmann::json> RunMeta(std::string_view body);
Result<std::string> DrawMetaPlot(std::string_view kind, std::string_view body);

}  // namespace kinship::research

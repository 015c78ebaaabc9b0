// Readable tables for `kinship stats` without --json: each method's JSON answer printed as
// a person reads it (aligned columns, p-values as "< 0.001" when tiny, proportions with
// their intervals). The JSON answer stays the one source of the figures.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

namespace kinship::cli {

void PrintStats(std::ostream& out, std::string_view method, const nlohmann::json& answer);

}  // namespace kinship::cli

// libFuzzer target: the statistics service behind POST /api/v1/stats/<method> and
// `kinship stats`. The first byte picks the method or plot, the rest is the JSON body. It
// must never crash or hang, and an answer must never carry a NaN or an infinity.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "research/stats_service.h"

namespace {

bool AllFinite(const nlohmann::json& v) {
  if (v.is_number_float()) return std::isfinite(v.get<double>());
  if (v.is_array() || v.is_object()) {
    for (const auto& item : v) {
      if (!AllFinite(item)) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kMethods[] = {"meta", "chisq", "trend", "prop", "mcnemar", "ears"};
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const unsigned pick = data[0] % 9;
  if (pick < 6) {
    kinship::Result<nlohmann::json> out = kinship::research::RunStats(kMethods[pick], body);
    if (out.ok() && !AllFinite(*out)) __builtin_trap();
    if (!out.ok() && out.status().field_errors().empty() && out.status().code() == kinship::StatusCode::kValidation) {
      __builtin_trap();  // a validation error always names a field
    }
  } else {
    static constexpr std::string_view kPlots[] = {"forest", "cumulative", "funnel"};
    kinship::Result<std::string> svg = kinship::research::DrawStatsPlot(kPlots[pick - 6], body);
    if (svg.ok() && (svg->find("nan") != std::string::npos || svg->find("inf") != std::string::npos)) {
      __builtin_trap();
    }
  }
  return 0;
}

// Structured logs: one JSON object per line on stderr, through spdlog. Fields must never
// hold personal data (no participant codes, names, addresses, passwords or tokens);
// request logs carry the route pattern, not the raw path.
//
//   log::Info("http: request", {{"request_id", id}, {"route", "/api/v1/sites/{id}"}});
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kinship::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the minimum level ("debug", "info", "warn", "error"). Returns false for an unknown name.
bool SetLevel(std::string_view name);
void Write(Level level, std::string_view msg, const nlohmann::json& fields);

inline void Debug(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kDebug, msg, fields);
}
inline void Info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kInfo, msg, fields);
}
inline void Warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kWarn, msg, fields);
}
inline void Error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  Write(Level::kError, msg, fields);
}

}  // namespace kinship::log

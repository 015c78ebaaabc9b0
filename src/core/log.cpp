#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace kinship::log {
namespace {

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("kinship");
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

bool SetLevel(std::string_view name) {
  if (name == "debug") Logger().set_level(spdlog::level::debug);
  else if (name == "info") Logger().set_level(spdlog::level::info);
  else if (name == "warn") Logger().set_level(spdlog::level::warn);
  else if (name == "error") Logger().set_level(spdlog::level::err);
  else return false;
  return true;
}

void Write(Level level, std::string_view msg, const nlohmann::json& fields) {
  auto& logger = Logger();
  if (!logger.should_log(ToSpd(level))) return;
  nlohmann::json line = {{"ts", NowIso()}, {"level", Name(level)}, {"msg", msg}};
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  }
  logger.log(ToSpd(level), "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace kinship::log

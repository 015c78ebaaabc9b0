// Time as the API shows it: UTC ISO-8601 with milliseconds ("2026-11-23T10:15:00.123Z").
// Stored the same way, so text order is time order.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace kinship {

using TimePoint = std::chrono::system_clock::time_point;

TimePoint Now();
// Formats t as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatTime(TimePoint t);
std::string NowIso();
// Milliseconds since the Unix epoch.
int64_t ToUnixMillis(TimePoint t);

}  // namespace kinship

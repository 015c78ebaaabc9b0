// Calendar arithmetic for encounters and their roll-ups, all in UTC: reading the API's ISO
// times, the day of an encounter, and the period keys of participant_periods —
// "d:2026-11-23" (day), "w:2026-W48" (ISO week, Monday first) and "m:2026-11" (month).
//
//   auto t = ParseTime("2026-11-23T10:15:00.123Z");   // nullopt when malformed
//   PeriodKeys("2026-11-23")  // {"d:2026-11-23", "w:2026-W48", "m:2026-11"}
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace kinship::encounters {

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int y, int m, int d);
void CivilFromDays(int64_t days, int* y, int* m, int* d);

// "YYYY-MM-DD" of a day number, and the day number of "YYYY-MM-DD" (nullopt when malformed
// or not a real date).
std::string DayString(int64_t days);
std::optional<int64_t> ParseDay(std::string_view day);
// day plus n days ("2026-02-28" + 1 = "2026-03-01"). day must be well-formed.
std::string AddDays(std::string_view day, int64_t n);

// Reads "YYYY-MM-DDTHH:MM:SS[.fff]Z" as milliseconds since the Unix epoch; nullopt when
// malformed.
std::optional<int64_t> ParseTimeMillis(std::string_view iso);
// The same as a time point; nullopt also past what a time point holds (the year 2262).
std::optional<TimePoint> ParseTime(std::string_view iso);
// The UTC day of an ISO time ("2026-11-23T23:59:00.000Z" → "2026-11-23").
inline std::string DayOf(std::string_view iso) { return std::string(iso.substr(0, 10)); }

// ISO 8601 week of a day: the week belongs to the year that holds its Thursday.
struct IsoWeek {
  int year = 0;
  int week = 0;
  std::string monday;  // the week's first day
};
IsoWeek IsoWeekOf(std::string_view day);

std::string DayKey(std::string_view day);    // "d:2026-11-23"
std::string WeekKey(std::string_view day);   // "w:2026-W48"
std::string MonthKey(std::string_view day);  // "m:2026-11"
// The three participant_periods keys an encounter on that day counts in.
std::array<std::string, 3> PeriodKeys(std::string_view day);

// The last day of the month that holds day.
std::string LastDayOfMonth(std::string_view day);

}  // namespace kinship::encounters

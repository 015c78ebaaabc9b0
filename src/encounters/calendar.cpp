#include "encounters/calendar.h"

#include <cstdio>

namespace kinship::encounters {

namespace {

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// 0 = Monday ... 6 = Sunday. 1970-01-01 was a Thursday.
int Weekday(int64_t days) {
  const int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

std::string DayString(int64_t days) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<int64_t> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4) || !Digits(s, 5, 2) || !Digits(s, 8, 2)) {
    return std::nullopt;
  }
  const int y = Number(s, 0, 4), m = Number(s, 5, 2), d = Number(s, 8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::string AddDays(std::string_view day, int64_t n) { return DayString(ParseDay(day).value_or(0) + n); }

std::optional<int64_t> ParseTimeMillis(std::string_view s) {
  if (s.size() < 20 || s.back() != 'Z' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto day = ParseDay(s.substr(0, 10));
  if (!day || !Digits(s, 11, 2) || !Digits(s, 14, 2) || !Digits(s, 17, 2)) return std::nullopt;
  const int hh = Number(s, 11, 2), mm = Number(s, 14, 2), ss = Number(s, 17, 2);
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  int64_t millis = 0;
  if (s.size() > 20) {
    const size_t frac = s.size() - 21;
    if (s[19] != '.' || frac < 1 || frac > 9 || !Digits(s, 20, frac)) return std::nullopt;
    const std::string three = (std::string(s.substr(20, frac)) + "00").substr(0, 3);
    millis = Number(three, 0, 3);
  }
  const int64_t total = ((*day * 24 + hh) * 60 + mm) * 60 + ss;
  return total * 1000 + millis;
}

std::optional<TimePoint> ParseTime(std::string_view s) {
  const auto ms = ParseTimeMillis(s);
  // system_clock counts nanoseconds in 64 bits: about 292 years either side of 1970.
  constexpr int64_t kLimit = int64_t{9'000'000'000'000};  // milliseconds, about 285 years
  if (!ms || *ms > kLimit || *ms < -kLimit) return std::nullopt;
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(*ms)));
}

IsoWeek IsoWeekOf(std::string_view day) {
  const int64_t days = ParseDay(day).value_or(0);
  const int64_t monday = days - Weekday(days);
  const int64_t thursday = monday + 3;
  int y = 0, m = 0, d = 0;
  CivilFromDays(thursday, &y, &m, &d);
  const int64_t jan1 = DaysFromCivil(y, 1, 1);
  return {y, static_cast<int>((thursday - jan1) / 7 + 1), DayString(monday)};
}

std::string DayKey(std::string_view day) { return "d:" + std::string(day); }

std::string WeekKey(std::string_view day) {
  const IsoWeek w = IsoWeekOf(day);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "w:%04d-W%02d", w.year, w.week);
  return buf;
}

std::string MonthKey(std::string_view day) { return "m:" + std::string(day.substr(0, 7)); }

std::array<std::string, 3> PeriodKeys(std::string_view day) { return {DayKey(day), WeekKey(day), MonthKey(day)}; }

std::string LastDayOfMonth(std::string_view day) {
  const int64_t days = ParseDay(day).value_or(0);
  int y = 0, m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  return DayString(DaysFromCivil(y, m, DaysInMonth(y, m)));
}

}  // namespace kinship::encounters

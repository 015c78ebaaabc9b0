#include "demo/demo_schedule.h"

#include <cmath>

#include "encounters/calendar.h"

namespace kinship::demo {

namespace {

constexpr double kPi = 3.14159265358979323846;

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

bool Holiday(int64_t day) {
  int y = 0, m = 0, d = 0;
  encounters::CivilFromDays(day, &y, &m, &d);
  return (m == 1 && d == 1) || (m == 12 && (d == 25 || d == 26));
}

}  // namespace

double Unit(uint64_t a, uint64_t b) { return static_cast<double>(Mix(a ^ Mix(b)) >> 11) / 9007199254740992.0; }

int Weekday(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

OpenHours SiteHours(std::string_view kind, int64_t day, uint64_t site_salt) {
  OpenHours h;
  if (Holiday(day) || Unit(site_salt, static_cast<uint64_t>(day)) < 0.02) return h;
  const int wd = Weekday(day);
  auto set = [&](int from_h, int to_h, double weight) {
    h = {true, from_h * 60, to_h * 60, weight};
  };
  if (kind == "fixed") {
    static constexpr double kByDay[] = {1.1, 1.0, 1.0, 1.0, 0.95};
    if (wd < 5) set(9, 17, kByDay[wd]);
    if (wd == 5) set(10, 14, 0.45);
  } else if (kind == "outreach") {
    if (wd == 1 || wd == 3) set(11, 16, 0.55);
    if (wd == 5) set(11, 15, 0.4);
  } else if (kind == "mobile") {
    static constexpr double kByDay[] = {0.7, 0.7, 0.75, 0.8, 0.9, 0.6};
    if (wd < 6) set(18, 23, kByDay[wd]);
  } else {  // mail_hub: parcels are packed and logged in office hours
    if (wd < 5) set(10, 16, 0.3);
  }
  return h;
}

double SeasonFactor(int64_t day) {
  int y = 0, m = 0, d = 0;
  encounters::CivilFromDays(day, &y, &m, &d);
  const double doy = static_cast<double>(day - encounters::DaysFromCivil(y, 1, 1));
  const double winter = 0.15 * std::cos(2 * kPi * (doy - 20) / 365.25);      // peak in late January
  const double august = 0.1 * std::exp(-std::pow((doy - 222) / 18.0, 2));     // holidays, mid-August
  return 1.0 + winter - august;
}

}  // namespace kinship::demo

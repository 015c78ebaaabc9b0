// When the demo sites are open and how busy they are, which shapes the synthetic encounters:
// fixed sites open on weekdays and Saturday mornings, outreach three days a week, vans in the
// evening, the postal hub on weekdays; nobody works on New Year's Day or at Christmas, and
// each site closes on a few other days a year (training, staff shortage). Demand is higher in
// winter, dips in summer (lowest in August) and grows slowly over the two years.
#pragma once

#include <cstdint>
#include <string_view>

namespace kinship::demo {

struct OpenHours {
  bool open = false;
  int from_minute = 0;  // minutes after midnight UTC
  int to_minute = 0;
  double weight = 0;  // relative number of encounters that day
};

// Monday = 0 ... Sunday = 6 for a day number (days since 1970-01-01, a Thursday).
int Weekday(int64_t day);

// The hours of a site of that kind ("fixed", "outreach", "mobile", "mail_hub") on a day.
// site_salt makes each site's extra closed days its own (same salt, same days).
OpenHours SiteHours(std::string_view kind, int64_t day, uint64_t site_salt);

// Demand relative to the yearly mean: about 1.2 in January, 0.8 in August.
double SeasonFactor(int64_t day);

// A number in [0, 1) that depends only on its inputs (for decisions that must not consume
// the random stream, such as closed days).
double Unit(uint64_t a, uint64_t b);

}  // namespace kinship::demo

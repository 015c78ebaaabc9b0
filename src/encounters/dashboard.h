// The dashboard: today's, this week's or this month's work in numbers — encounters, people,
// supplies out, syringes back, referrals — by site and by day. Built from the roll-ups only
// (dashboard_store.h), so it answers in milliseconds however many encounters there are.
// Periods are calendar periods in UTC; a week starts on Monday. For researchers every count
// from 1 to 4 is shown as "<5", with complementary suppression within sites, days and items
// (small_cells.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::encounters {

inline const std::vector<std::string_view> kDashboardPeriods = {"today", "week", "month"};

// The days a period covers on a given day.
struct PeriodSpan {
  std::string from;
  std::string to;
  std::string period_key;               // participant_periods key: "d:…", "w:…", "m:…"
  std::vector<std::string> daily_days;  // today; the week's 7 days; the month's days so far
};
PeriodSpan SpanOf(std::string_view period, std::string_view today);

struct DashboardRequest {
  std::string period = "today";
  std::optional<std::string> site_id;
  std::string today;  // "YYYY-MM-DD", UTC
  bool suppress_small_cells = false;
};

// kNotFound when site_id is not a site of the program.
Result<nlohmann::json> BuildDashboard(store::Database& db, const std::string& program_id, const DashboardRequest& req);

}  // namespace kinship::encounters

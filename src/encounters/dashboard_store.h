// SQL behind the dashboard. It reads only the roll-up tables (daily_site_stats,
// daily_item_stats, participant_periods), never encounters, so its cost depends on days ×
// sites × items, not on how many encounters a program has logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::encounters {

struct DayRange {
  std::string from;  // first day, inclusive
  std::string to;    // last day, inclusive
  std::optional<std::string> site_id;
};

struct SiteTotals {
  std::string site_id;
  int64_t encounters = 0;
  int64_t with_code = 0;
  int64_t returned_syringes = 0;
  int64_t returned_containers = 0;
  int64_t for_others_people = 0;
  int64_t referrals = 0;
};

struct ItemSiteTotal {
  std::string item_id;
  std::string item_name;
  std::string unit;
  std::string category;
  std::string site_id;
  int64_t quantity = 0;
  int64_t for_others = 0;
};

struct SiteName {
  std::string id;
  std::string name;
  bool archived = false;
};

Result<std::vector<SiteTotals>> SumSiteStats(store::Tx& tx, const std::string& program_id, const DayRange& range);
// Encounters per day that has any (days without encounters are absent).
Result<std::vector<std::pair<std::string, int64_t>>> SumDailyEncounters(store::Tx& tx, const std::string& program_id,
                                                                        const DayRange& range);
Result<std::vector<ItemSiteTotal>> SumItemStats(store::Tx& tx, const std::string& program_id, const DayRange& range);
// People with at least one encounter in the period ("d:…", "w:…" or "m:…"), program-wide.
Result<int64_t> CountPeople(store::Tx& tx, const std::string& program_id, const std::string& period_key);
Result<std::vector<SiteName>> SiteNames(store::Tx& tx, const std::string& program_id);

}  // namespace kinship::encounters

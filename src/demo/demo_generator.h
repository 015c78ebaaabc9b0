// The generator behind GenerateActivity() (demo_activity.h), one per program, shared by
// demo_activity.cpp (planning the months, logging encounters, the roll-ups) and
// demo_supply.cpp (monthly deliveries, transfers, counts, disposals, expiries). Internal to
// demo/.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "demo/demo_activity.h"
#include "demo/demo_people.h"
#include "demo/demo_referrals.h"
#include "demo/demo_schedule.h"
#include "demo/demo_stock.h"
#include "demo/demo_visits.h"

namespace kinship::demo {

inline constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

// One encounter as planned for its month: when, where, who and what.
struct Planned {
  int64_t ms = 0;          // occurred_at
  int64_t created_ms = 0;  // when it was logged (the request)
  int site = 0, person = -1;
  const std::string* worker = nullptr;
  Visit visit;
  bool referral = false;
  int64_t void_ms = -1;  // voided then, by the same worker; -1 when it stands
};

struct SiteDay {
  int64_t encounters = 0, with_code = 0, returned_syringes = 0, returned_containers = 0, for_others_people = 0,
          referrals = 0;
  bool row = false;
};

struct ItemDay {
  int64_t quantity = 0, for_others = 0;
  bool row = false;
};

class ActivityGenerator {
 public:
  ActivityGenerator(const ProgramWorld& world, const crypto::Key& code_key, const ActivityPlan& plan, BulkWriter& out,
                    const DemoTables& tables);

  Result<ActivityCounts> Run();

 private:
  // Planning (demo_activity.cpp): how busy a site is on a day, the scale that gives the
  // wanted number of encounters, and a month of encounters in the order they were logged.
  double DayWeight(size_t site, int64_t day, OpenHours* hours) const;
  void Calibrate();
  std::vector<Planned> PlanMonth(int64_t from_day, int64_t to_day);
  Planned PlanOne(size_t site, int64_t day, const OpenHours& h);

  // Supplies (demo_supply.cpp): the coordinator's stock work, each at its time of day.
  MovementWho Who(int64_t ms, const char* reason = nullptr) const;
  int MonthLot(int item, int64_t day, int64_t ms);  // this month's lot of item (made when first needed)
  void Sweep(int64_t day);                          // expired lots leave, on the 1st
  void Restock(int64_t from_day, int64_t to_day, const std::vector<Planned>& plan);  // deliveries for the month
  void Donations(int64_t day);                      // two short-dated donations near the end
  void Transfers(int64_t day);                      // top-ups from the fixed site, mid-month
  void Chores(int64_t day);                         // stock counts and disposals now and then
  // The site ran out: a delivery of at least missing units just before before_ms.
  void UrgentOrder(int site, int item, int64_t missing, int64_t before_ms);

  // Encounters (demo_activity.cpp).
  // Logs p (returns its id): dispenses, writes the encounter and counts it in the roll-ups.
  std::string Log(Planned& p, std::vector<std::pair<int, int64_t>>* taken);
  void DispenseLines(Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>>* taken);
  void CountEncounter(const Planned& p, const std::string& id, const std::string* participant);
  // Puts back what a voided encounter took, at the time it was voided.
  void Void(const Planned& p, const std::string& id, std::vector<std::pair<int, int64_t>> taken);
  void LogDay(int64_t day, std::vector<Planned>& plan, size_t* next);
  void CloseDay(int64_t day);
  void WritePeriod(std::unordered_map<int, int64_t>& counts, const std::string& key);

  const ProgramWorld& w_;
  const ActivityPlan& plan_;
  BulkWriter& out_;
  const DemoTables& t_;
  std::mt19937_64 rng_;
  IdMaker ids_, movement_ids_;
  StockBook stock_;
  VisitMaker visits_;
  ReferralBook referrals_;
  std::optional<People> people_;
  int64_t today_;
  size_t items_;
  std::vector<uint64_t> salts_;
  std::vector<double> site_weights_;
  int source_ = -1;  // the fixed site that supplies the others
  double base_ = 0;  // encounters per unit of DayWeight
  std::vector<SiteDay> site_day_;
  std::vector<ItemDay> item_day_;
  std::vector<int64_t> remaining_;  // [site*items+item]: still to hand out this month, as planned
  std::vector<int64_t> month_demand_;  // [site*items+item]: to hand out this whole month
  std::unordered_map<int, int64_t> period_day_, period_week_, period_month_;
  std::unordered_map<int64_t, int> month_lots_;  // item * 100000 + month number -> lot
  ActivityCounts counts_;
};

}  // namespace kinship::demo

#include "encounters/dashboard.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "encounters/calendar.h"
#include "encounters/dashboard_store.h"
#include "encounters/small_cells.h"

namespace kinship::encounters {

namespace {

struct ItemOut {
  std::string item_id;
  std::string item_name;
  int64_t quantity = 0;
  bool syringe = false;
};

struct SiteOut {
  std::string site_id;
  std::string site_name;
  int64_t encounters = 0;
  int64_t items_out = 0;
};

// Suppression flags for one group (all false when not suppressing).
std::vector<bool> Flags(const std::vector<int64_t>& cells, bool suppress) {
  return suppress ? SuppressInGroup(cells) : std::vector<bool>(cells.size(), false);
}

}  // namespace

PeriodSpan SpanOf(std::string_view period, std::string_view today) {
  PeriodSpan s;
  if (period == "week") {
    const IsoWeek w = IsoWeekOf(today);
    s.from = w.monday;
    s.to = AddDays(w.monday, 6);
    s.period_key = WeekKey(today);
    for (int i = 0; i < 7; ++i) s.daily_days.push_back(AddDays(w.monday, i));
  } else if (period == "month") {
    s.from = std::string(today.substr(0, 8)) + "01";
    s.to = LastDayOfMonth(today);
    s.period_key = MonthKey(today);
    for (std::string d = s.from; d <= today; d = AddDays(d, 1)) s.daily_days.push_back(d);
  } else {
    s.from = s.to = std::string(today);
    s.period_key = DayKey(today);
    s.daily_days.push_back(std::string(today));
  }
  return s;
}

namespace {

// The roll-ups of one period, read in one snapshot.
struct RollupRead {
  std::vector<SiteName> sites;
  std::vector<SiteTotals> totals;
  std::vector<std::pair<std::string, int64_t>> per_day;
  std::vector<ItemSiteTotal> items;
  int64_t people = 0;
};

// The numbers before suppression.
struct Figures {
  SiteTotals sum;
  int64_t syringes_out = 0;
  std::vector<ItemOut> items;  // most given first
  std::vector<SiteOut> sites;  // by name
  std::vector<int64_t> daily;  // one per span.daily_days
};

Figures Compose(const RollupRead& read, const PeriodSpan& span, const std::optional<std::string>& site_id) {
  Figures f;
  std::map<std::string, SiteOut> by_site;
  for (const auto& t : read.totals) {
    f.sum.encounters += t.encounters;
    f.sum.with_code += t.with_code;
    f.sum.returned_syringes += t.returned_syringes;
    f.sum.returned_containers += t.returned_containers;
    f.sum.for_others_people += t.for_others_people;
    f.sum.referrals += t.referrals;
    by_site[t.site_id].encounters = t.encounters;
  }
  std::map<std::string, ItemOut> items;
  for (const auto& t : read.items) {
    auto& i = items[t.item_id];
    i.item_id = t.item_id;
    i.item_name = t.item_name;
    i.quantity += t.quantity;
    i.syringe = t.category == "injecting" && t.unit == "syringe";
    if (i.syringe) f.syringes_out += t.quantity;
    by_site[t.site_id].items_out += t.quantity;
  }
  // The site asked for, or every active site and any archived one with numbers.
  for (const auto& s : read.sites) {
    if (site_id && s.id != *site_id) continue;
    auto it = by_site.find(s.id);
    if (s.archived && it == by_site.end()) continue;
    SiteOut row = it == by_site.end() ? SiteOut{} : it->second;
    row.site_id = s.id;
    row.site_name = s.name;
    f.sites.push_back(row);
  }
  for (auto& [id, i] : items) {
    if (i.quantity > 0) f.items.push_back(i);
  }
  std::sort(f.items.begin(), f.items.end(), [](const ItemOut& a, const ItemOut& b) {
    return a.quantity != b.quantity ? a.quantity > b.quantity : a.item_name < b.item_name;
  });
  std::map<std::string, int64_t> day_counts(read.per_day.begin(), read.per_day.end());
  for (const auto& d : span.daily_days) f.daily.push_back(day_counts.count(d) ? day_counts[d] : 0);
  return f;
}

// Which item lines to hide: small ones, their partners among all items, and their partners
// among the syringe lines (whose total is syringes_out).
std::vector<bool> ItemFlags(const std::vector<ItemOut>& items, bool suppress) {
  std::vector<int64_t> all, syringes;
  std::vector<size_t> syringe_rows;
  for (size_t i = 0; i < items.size(); ++i) {
    all.push_back(items[i].quantity);
    if (items[i].syringe) syringe_rows.push_back(i), syringes.push_back(items[i].quantity);
  }
  auto flags = Flags(all, suppress);
  const auto syringe_flags = Flags(syringes, suppress);
  for (size_t k = 0; k < syringe_rows.size(); ++k) {
    if (syringe_flags[k]) flags[syringe_rows[k]] = true;
  }
  return flags;
}

nlohmann::json Render(const Figures& f, const RollupRead& read, const PeriodSpan& span, const DashboardRequest& req) {
  const bool s = req.suppress_small_cells;
  const auto cell = [s](int64_t n) { return SmallCell(n, s && IsSmallCell(n)); };
  const auto item_flags = ItemFlags(f.items, s);
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < f.items.size(); ++i) {
    items.push_back({{"item_id", f.items[i].item_id},
                     {"item_name", f.items[i].item_name},
                     {"quantity", SmallCell(f.items[i].quantity, item_flags[i])}});
  }
  std::vector<int64_t> site_encounters, site_items;
  for (const auto& r : f.sites) site_encounters.push_back(r.encounters), site_items.push_back(r.items_out);
  const auto encounter_flags = Flags(site_encounters, s), items_flags = Flags(site_items, s);
  nlohmann::json sites = nlohmann::json::array();
  for (size_t i = 0; i < f.sites.size(); ++i) {
    sites.push_back({{"site_id", f.sites[i].site_id},
                     {"site_name", f.sites[i].site_name},
                     {"encounters", SmallCell(f.sites[i].encounters, encounter_flags[i])},
                     {"items_out", SmallCell(f.sites[i].items_out, items_flags[i])}});
  }
  const auto daily_flags = Flags(f.daily, s);
  nlohmann::json daily = nlohmann::json::array();
  for (size_t i = 0; i < f.daily.size(); ++i) {
    daily.push_back({{"day", span.daily_days[i]}, {"encounters", SmallCell(f.daily[i], daily_flags[i])}});
  }
  // A ratio of two small numbers could give them away.
  nlohmann::json ratio = nullptr;
  const bool ratio_hidden = s && (IsSmallCell(f.sum.returned_syringes) || IsSmallCell(f.syringes_out));
  if (f.syringes_out > 0 && !ratio_hidden) {
    ratio = std::round(1000.0 * static_cast<double>(f.sum.returned_syringes) / static_cast<double>(f.syringes_out)) /
            1000.0;
  }
  return {{"period", req.period},
          {"from", span.from},
          {"to", span.to},
          {"site_id", req.site_id ? nlohmann::json(*req.site_id) : nlohmann::json(nullptr)},
          {"encounters", cell(f.sum.encounters)},
          {"people", cell(read.people)},
          {"people_scope", "program"},
          {"anonymous_encounters", cell(f.sum.encounters - f.sum.with_code)},
          {"returned_syringes", cell(f.sum.returned_syringes)},
          {"returned_containers", cell(f.sum.returned_containers)},
          {"syringes_out", cell(f.syringes_out)},
          {"returns_ratio", ratio},
          {"for_others_people", cell(f.sum.for_others_people)},
          {"referrals", cell(f.sum.referrals)},
          {"items_out", std::move(items)},
          {"by_site", std::move(sites)},
          {"daily", std::move(daily)},
          {"small_cells_suppressed", s}};
}

}  // namespace

Result<nlohmann::json> BuildDashboard(store::Database& db, const std::string& program_id, const DashboardRequest& req) {
  const PeriodSpan span = SpanOf(req.period, req.today);
  const DayRange range{span.from, span.to, req.site_id};
  RollupRead read;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(read.sites, SiteNames(tx, program_id));
    const auto asked = [&](const SiteName& s) { return s.id == *req.site_id; };
    if (req.site_id && std::none_of(read.sites.begin(), read.sites.end(), asked)) return NotFound("site not found");
    KINSHIP_ASSIGN_OR_RETURN(read.totals, SumSiteStats(tx, program_id, range));
    KINSHIP_ASSIGN_OR_RETURN(read.per_day, SumDailyEncounters(tx, program_id, range));
    KINSHIP_ASSIGN_OR_RETURN(read.items, SumItemStats(tx, program_id, range));
    KINSHIP_ASSIGN_OR_RETURN(read.people, CountPeople(tx, program_id, span.period_key));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Render(Compose(read, span, req.site_id), read, span, req);
}

}  // namespace kinship::encounters

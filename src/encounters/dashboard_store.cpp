#include "encounters/dashboard_store.h"

namespace kinship::encounters {

namespace {

// "WHERE program_id = $1 AND day >= $2 AND day <= $3 [AND site_id = $4]" and its parameters.
std::string RangeWhere(const std::string& program_id, const DayRange& range, store::Params* params,
                       const std::string& alias = "") {
  *params = {program_id, range.from, range.to};
  std::string where = "WHERE " + alias + "program_id = $1 AND " + alias + "day >= $2 AND " + alias + "day <= $3";
  if (range.site_id) {
    params->emplace_back(*range.site_id);
    where += " AND " + alias + "site_id = $4";
  }
  return where;
}

}  // namespace

Result<std::vector<SiteTotals>> SumSiteStats(store::Tx& tx, const std::string& program_id, const DayRange& range) {
  store::Params params;
  const std::string where = RangeWhere(program_id, range, &params);
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT site_id, SUM(encounters), SUM(with_code), SUM(returned_syringes), SUM(returned_containers), "
               "SUM(for_others_people), SUM(referrals) FROM daily_site_stats " + where + " GROUP BY site_id",
               params));
  std::vector<SiteTotals> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5), r.Int(6)});
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> SumDailyEncounters(store::Tx& tx, const std::string& program_id,
                                                                        const DayRange& range) {
  store::Params params;
  const std::string where = RangeWhere(program_id, range, &params);
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT day, SUM(encounters) FROM daily_site_stats " + where + " GROUP BY day ORDER BY day", params));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

Result<std::vector<ItemSiteTotal>> SumItemStats(store::Tx& tx, const std::string& program_id, const DayRange& range) {
  store::Params params;
  const std::string where = RangeWhere(program_id, range, &params, "s.");
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT s.item_id, i.name, i.unit, i.category, s.site_id, SUM(s.quantity), SUM(s.for_others) "
               "FROM daily_item_stats s JOIN items i ON i.program_id = s.program_id AND i.id = s.item_id " +
                   where + " GROUP BY s.item_id, i.name, i.unit, i.category, s.site_id",
               params));
  std::vector<ItemSiteTotal> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6)});
  }
  return out;
}

Result<int64_t> CountPeople(store::Tx& tx, const std::string& program_id, const std::string& period_key) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT COUNT(*) FROM participant_periods WHERE program_id = $1 AND period = $2 "
                                    "AND encounters > 0",
                                    {program_id, period_key}));
  return rows.empty() ? 0 : rows[0].Int(0);
}

Result<std::vector<SiteName>> SiteNames(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT id, name, archived FROM sites WHERE program_id = $1 ORDER BY name", {program_id}));
  std::vector<SiteName> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Bool(2)});
  return out;
}

}  // namespace kinship::encounters

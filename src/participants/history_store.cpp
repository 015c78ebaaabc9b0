#include "participants/history_store.h"

#include <chrono>
#include <cstdio>
#include <map>

#include "core/clock.h"

namespace kinship::participants {

namespace {
nlohmann::json OrNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json SplitServices(const std::string& text) {
  nlohmann::json out = nlohmann::json::array();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}
}  // namespace

std::string AddHours(const std::string& iso, int hours) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d, &h, &mi, &s, &ms) < 6) return iso;
  using namespace std::chrono;
  const sys_days day = year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d);
  const auto t = day + std::chrono::hours{h + hours} + minutes{mi} + seconds{s} + milliseconds{ms};
  return FormatTime(time_point_cast<system_clock::duration>(t));
}

Result<std::vector<nlohmann::json>> EncountersOfParticipant(store::Tx& tx, const std::string& program_id,
                                                            const std::string& participant_id,
                                                            const std::string& display_code, int edit_window_hours,
                                                            int limit) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT id, occurred_at, site_id, mode, area, worker_id, participant_id, kit_id, returned_syringes, "
               "returned_containers, services, for_others_people, voided, void_reason, created_at, updated_at "
               "FROM encounters WHERE program_id = $1 AND participant_id = $2 "
               "ORDER BY occurred_at DESC, id DESC LIMIT $3",
               {program_id, participant_id, limit}));
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows item_rows,
      tx.Query("SELECT ei.encounter_id, ei.item_id, i.name, ei.quantity, ei.for_others FROM encounter_items ei "
               "JOIN items i ON i.program_id = ei.program_id AND i.id = ei.item_id "
               "WHERE ei.program_id = $1 AND ei.encounter_id IN (SELECT e.id FROM encounters e "
               "WHERE e.program_id = $1 AND e.participant_id = $2 ORDER BY e.occurred_at DESC, e.id DESC LIMIT $3) "
               "ORDER BY ei.encounter_id, i.name",
               {program_id, participant_id, limit}));
  std::map<std::string, nlohmann::json> items;
  for (const auto& r : item_rows) {
    auto& list = items[r.Text(0)];
    if (list.is_null()) list = nlohmann::json::array();
    list.push_back(
        {{"item_id", r.Text(1)}, {"item_name", r.Text(2)}, {"quantity", r.Int(3)}, {"for_others", r.Int(4)}});
  }
  std::vector<nlohmann::json> out;
  for (const auto& r : rows) {
    const std::string id = r.Text(0);
    auto it = items.find(id);
    out.push_back({{"id", id},
                   {"occurred_at", r.Text(1)},
                   {"site_id", r.Text(2)},
                   {"mode", r.Text(3)},
                   {"area", OrNull(r.OptText(4))},
                   {"worker_id", r.Text(5)},
                   {"participant_id", r.Text(6)},
                   {"display_code", display_code},
                   {"kit_id", OrNull(r.OptText(7))},
                   {"items", it == items.end() ? nlohmann::json::array() : it->second},
                   {"returned_syringes", r.Int(8)},
                   {"returned_containers", r.Int(9)},
                   {"services", SplitServices(r.Text(10))},
                   {"for_others_people", r.Int(11)},
                   {"referrals", nlohmann::json::array()},
                   {"voided", r.Bool(12)},
                   {"void_reason", OrNull(r.OptText(13))},
                   {"editable_until", AddHours(r.Text(14), edit_window_hours)},
                   {"created_at", r.Text(14)},
                   {"updated_at", r.Text(15)}});
  }
  return out;
}

}  // namespace kinship::participants

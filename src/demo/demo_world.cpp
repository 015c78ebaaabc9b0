#include "demo/demo_world.h"

#include <map>

namespace kinship::demo {

int ProgramWorld::Item(std::string_view name) const {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int ProgramWorld::Kit(std::string_view name) const {
  for (size_t i = 0; i < kits.size(); ++i) {
    if (kits[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<ProgramWorld> LoadWorld(store::Database& db, const std::string& program_id, int index) {
  ProgramWorld w;
  w.index = index;
  w.id = program_id;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    const store::Params p = {program_id};
    KINSHIP_ASSIGN_OR_RETURN(store::Rows prog, tx.Query("SELECT slug FROM programs WHERE id = $1", p));
    if (prog.empty()) return NotFound("demo: program not found");
    w.slug = prog[0].Text(0);
    KINSHIP_ASSIGN_OR_RETURN(
        store::Rows sites,
        tx.Query("SELECT id, name, kind, area FROM sites WHERE program_id = $1 AND archived = 0 ORDER BY name", p));
    for (const auto& r : sites) w.sites.push_back({r.Text(0), r.Text(1), r.Text(2), r.OptText(3).value_or("")});
    KINSHIP_ASSIGN_OR_RETURN(store::Rows items,
                             tx.Query("SELECT id, name, unit, category, reorder_threshold FROM items "
                                      "WHERE program_id = $1 AND archived = 0 ORDER BY name",
                                      p));
    std::map<std::string, int> item_index;
    for (const auto& r : items) {
      item_index[r.Text(0)] = static_cast<int>(w.items.size());
      w.items.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)});
    }
    KINSHIP_ASSIGN_OR_RETURN(store::Rows kits,
                             tx.Query("SELECT k.id, k.name, ki.item_id, ki.quantity FROM kits k "
                                      "JOIN kit_items ki ON ki.program_id = k.program_id AND ki.kit_id = k.id "
                                      "JOIN items i ON i.program_id = ki.program_id AND i.id = ki.item_id "
                                      "WHERE k.program_id = $1 AND k.archived = 0 ORDER BY k.name, i.name",
                                      p));
    for (const auto& r : kits) {
      if (w.kits.empty() || w.kits.back().id != r.Text(0)) w.kits.push_back({r.Text(0), r.Text(1), {}});
      auto it = item_index.find(r.Text(2));
      if (it != item_index.end()) w.kits.back().items.emplace_back(it->second, static_cast<int>(r.Int(3)));
    }
    KINSHIP_ASSIGN_OR_RETURN(store::Rows users,
                             tx.Query("SELECT id, role FROM users WHERE program_id = $1 AND disabled = 0 "
                                      "ORDER BY username",
                                      p));
    std::string admin;
    for (const auto& r : users) {
      const std::string role = r.Text(1);
      if (role == "peer") w.peers.push_back(r.Text(0));
      if (role == "coordinator" && w.coordinator.empty()) w.coordinator = r.Text(0);
      if (role == "admin" && admin.empty()) admin = r.Text(0);
    }
    if (w.coordinator.empty()) w.coordinator = admin;
    KINSHIP_ASSIGN_OR_RETURN(w.settings, programs::LoadSettings(tx, program_id));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (w.sites.empty() || w.items.empty() || w.peers.empty() || w.coordinator.empty()) {
    return FailedPrecondition("demo: program " + w.slug + " needs sites, items, peer workers and a coordinator");
  }
  return w;
}

}  // namespace kinship::demo

#include "supplies/kit_store.h"

#include <map>

namespace kinship::supplies {

namespace {
constexpr const char* kSelect = "SELECT id, program_id, name, archived, created_at, updated_at FROM kits ";
Kit FromRow(const store::Row& r) {
  Kit k;
  k.id = r.Text(0);
  k.program_id = r.Text(1);
  k.name = r.Text(2);
  k.archived = r.Bool(3);
  k.created_at = r.Text(4);
  k.updated_at = r.Text(5);
  return k;
}
Status NameTaken(Status s) {
  if (s.code() == StatusCode::kAlreadyExists) return FieldInvalid("name", "a kit with this name already exists");
  return s;
}
// Fills the lines of kits (one query for the page), in item name order.
Status LoadLines(store::Tx& tx, const std::string& program_id, std::vector<Kit>& kits) {
  if (kits.empty()) return Status::Ok();
  std::map<std::string, Kit*> by_id;
  for (auto& k : kits) by_id[k.id] = &k;
  const std::string first = by_id.begin()->first, last = by_id.rbegin()->first;
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT ki.kit_id, ki.item_id, i.name, ki.quantity FROM kit_items ki "
               "JOIN items i ON i.program_id = ki.program_id AND i.id = ki.item_id "
               "WHERE ki.program_id = $1 AND ki.kit_id >= $2 AND ki.kit_id <= $3 ORDER BY ki.kit_id, i.name",
               {program_id, first, last}));
  for (const auto& r : rows) {
    auto it = by_id.find(r.Text(0));
    if (it != by_id.end()) it->second->items.push_back({r.Text(1), r.Text(2), r.Int(3)});
  }
  return Status::Ok();
}
}  // namespace

nlohmann::json ToJson(const Kit& k) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& l : k.items) items.push_back({{"item_id", l.item_id}, {"name", l.name}, {"quantity", l.quantity}});
  return {{"id", k.id},
          {"name", k.name},
          {"archived", k.archived},
          {"items", std::move(items)},
          {"created_at", k.created_at},
          {"updated_at", k.updated_at}};
}

Status InsertKit(store::Tx& tx, const Kit& k) {
  KINSHIP_RETURN_IF_ERROR(
      NameTaken(tx.Exec("INSERT INTO kits (program_id, id, name, archived, created_at, updated_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6)",
                        {k.program_id, k.id, k.name, k.archived, k.created_at, k.updated_at})
                    .status()));
  return ReplaceKitLines(tx, k);
}

Status UpdateKit(store::Tx& tx, const Kit& k) {
  auto r = tx.Exec("UPDATE kits SET name = $3, archived = $4, updated_at = $5 WHERE program_id = $1 AND id = $2",
                   {k.program_id, k.id, k.name, k.archived, k.updated_at});
  if (!r.ok()) return NameTaken(r.status());
  return *r == 0 ? NotFound("kit not found") : Status::Ok();
}

Status ReplaceKitLines(store::Tx& tx, const Kit& k) {
  KINSHIP_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM kit_items WHERE program_id = $1 AND kit_id = $2", {k.program_id, k.id}).status());
  for (const auto& l : k.items) {
    KINSHIP_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO kit_items (program_id, kit_id, item_id, quantity) VALUES ($1, $2, $3, $4)",
                {k.program_id, k.id, l.item_id, l.quantity})
            .status());
  }
  return Status::Ok();
}

Result<Kit> FindKit(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE program_id = $1 AND id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("kit not found");
  std::vector<Kit> kits = {FromRow(rows[0])};
  KINSHIP_RETURN_IF_ERROR(LoadLines(tx, program_id, kits));
  return std::move(kits[0]);
}

Result<std::vector<Kit>> ListKits(store::Tx& tx, const std::string& program_id, bool include_archived,
                                  const std::string& after, int limit) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) +
                                        "WHERE program_id = $1 AND id > $2 AND (archived = 0 OR archived = $3) "
                                        "ORDER BY id LIMIT $4",
                                    {program_id, after, include_archived ? 1 : 0, limit}));
  std::vector<Kit> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  KINSHIP_RETURN_IF_ERROR(LoadLines(tx, program_id, out));
  return out;
}

}  // namespace kinship::supplies

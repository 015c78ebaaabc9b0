#include "supplies/item_store.h"

namespace kinship::supplies {

namespace {
constexpr const char* kSelect =
    "SELECT id, program_id, name, unit, category, reorder_threshold, soft_limit, archived, created_at, updated_at "
    "FROM items ";
Item FromRow(const store::Row& r) {
  Item i;
  i.id = r.Text(0);
  i.program_id = r.Text(1);
  i.name = r.Text(2);
  i.unit = r.Text(3);
  i.category = r.Text(4);
  i.reorder_threshold = r.Int(5);
  if (!r.IsNull(6)) i.soft_limit = r.Int(6);
  i.archived = r.Bool(7);
  i.created_at = r.Text(8);
  i.updated_at = r.Text(9);
  return i;
}
Status NameTaken(Status s) {
  if (s.code() == StatusCode::kAlreadyExists) return FieldInvalid("name", "an item with this name already exists");
  return s;
}
}  // namespace

nlohmann::json ToJson(const Item& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"unit", i.unit},
          {"category", i.category},
          {"reorder_threshold", i.reorder_threshold},
          {"soft_limit", i.soft_limit ? nlohmann::json(*i.soft_limit) : nlohmann::json(nullptr)},
          {"archived", i.archived},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at}};
}

Status InsertItem(store::Tx& tx, const Item& i) {
  return NameTaken(tx.Exec("INSERT INTO items (program_id, id, name, unit, category, reorder_threshold, soft_limit, "
                           "archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                           {i.program_id, i.id, i.name, i.unit, i.category, i.reorder_threshold, i.soft_limit,
                            i.archived, i.created_at, i.updated_at})
                       .status());
}

Status UpdateItem(store::Tx& tx, const Item& i) {
  auto r = tx.Exec(
      "UPDATE items SET name = $3, unit = $4, category = $5, reorder_threshold = $6, soft_limit = $7, archived = $8, "
      "updated_at = $9 WHERE program_id = $1 AND id = $2",
      {i.program_id, i.id, i.name, i.unit, i.category, i.reorder_threshold, i.soft_limit, i.archived, i.updated_at});
  if (!r.ok()) return NameTaken(r.status());
  return *r == 0 ? NotFound("item not found") : Status::Ok();
}

Result<Item> FindItem(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE program_id = $1 AND id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("item not found");
  return FromRow(rows[0]);
}

Result<std::vector<Item>> ListItems(store::Tx& tx, const std::string& program_id, bool include_archived,
                                    const std::string& category, const std::string& after, int limit) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query(std::string(kSelect) +
                   "WHERE program_id = $1 AND id > $2 AND (archived = 0 OR archived = $3) "
                   "AND ($4 = '' OR category = $4) ORDER BY id LIMIT $5",
               {program_id, after, include_archived ? 1 : 0, category, limit}));
  std::vector<Item> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<Item>> AllItems(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE program_id = $1 ORDER BY name", {program_id}));
  std::vector<Item> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace kinship::supplies

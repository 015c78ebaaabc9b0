#include "supplies/lot_store.h"

namespace kinship::supplies {

namespace {
constexpr const char* kSelect =
    "SELECT l.id, l.program_id, l.item_id, i.name, l.lot_number, l.expires_on, l.created_at FROM lots l "
    "JOIN items i ON i.program_id = l.program_id AND i.id = l.item_id ";
Lot FromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.OptText(5), r.Text(6)};
}
}  // namespace

nlohmann::json ToJson(const Lot& l) {
  return {{"id", l.id},
          {"item_id", l.item_id},
          {"item_name", l.item_name},
          {"lot_number", l.lot_number},
          {"expires_on", l.expires_on ? nlohmann::json(*l.expires_on) : nlohmann::json(nullptr)},
          {"created_at", l.created_at}};
}

Status InsertLot(store::Tx& tx, const Lot& l) {
  Status s = tx.Exec("INSERT INTO lots (program_id, id, item_id, lot_number, expires_on, created_at) "
                     "VALUES ($1, $2, $3, $4, $5, $6)",
                     {l.program_id, l.id, l.item_id, l.lot_number, l.expires_on, l.created_at})
                 .status();
  if (s.code() == StatusCode::kAlreadyExists) {
    return FieldInvalid("lot_number", "this item already has a lot with this number");
  }
  return s;
}

Result<Lot> FindLot(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) + "WHERE l.program_id = $1 AND l.id = $2", {program_id, id}));
  if (rows.empty()) return NotFound("lot not found");
  return FromRow(rows[0]);
}

Result<std::optional<Lot>> FindLotByNumber(store::Tx& tx, const std::string& program_id, const std::string& item_id,
                                           const std::string& lot_number) {
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query(std::string(kSelect) + "WHERE l.program_id = $1 AND l.item_id = $2 AND l.lot_number = $3",
               {program_id, item_id, lot_number}));
  if (rows.empty()) return std::optional<Lot>();
  return std::optional<Lot>(FromRow(rows[0]));
}

Result<std::vector<Lot>> ListLots(store::Tx& tx, const std::string& program_id, const std::string& item_id,
                                  const std::string& after, int limit) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string(kSelect) +
                                        "WHERE l.program_id = $1 AND l.id > $2 AND ($3 = '' OR l.item_id = $3) "
                                        "ORDER BY l.id LIMIT $4",
                                    {program_id, after, item_id, limit}));
  std::vector<Lot> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace kinship::supplies

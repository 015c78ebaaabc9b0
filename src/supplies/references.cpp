#include "supplies/references.h"

#include "supplies/item_store.h"
#include "supplies/lot_store.h"

namespace kinship::supplies {

Result<std::optional<std::string>> CheckSite(store::Tx& tx, const std::string& program_id, const std::string& id,
                                             const std::string& field, std::vector<FieldError>& errors) {
  if (id.empty()) return std::optional<std::string>();  // already reported by the body reader
  KINSHIP_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT name, archived FROM sites WHERE program_id = $1 AND id = $2", {program_id, id}));
  if (rows.empty()) {
    errors.push_back({field, "is not a site of this program"});
    return std::optional<std::string>();
  }
  if (rows[0].Bool(1)) {
    errors.push_back({field, "is archived"});
    return std::optional<std::string>();
  }
  return std::optional<std::string>(rows[0].Text(0));
}

Result<std::optional<Item>> CheckItem(store::Tx& tx, const std::string& program_id, const std::string& id,
                                      const std::string& field, std::vector<FieldError>& errors) {
  if (id.empty()) return std::optional<Item>();
  auto item = FindItem(tx, program_id, id);
  if (!item.ok()) {
    if (item.status().code() != StatusCode::kNotFound) return item.status();
    errors.push_back({field, "is not an item of this program"});
    return std::optional<Item>();
  }
  if (item->archived) {
    errors.push_back({field, "is archived"});
    return std::optional<Item>();
  }
  return std::optional<Item>(std::move(*item));
}

Result<std::optional<Lot>> CheckLot(store::Tx& tx, const std::string& program_id, const std::string& id,
                                    const std::string& field, std::vector<FieldError>& errors,
                                    const std::string& item_id) {
  if (id.empty()) return std::optional<Lot>();
  auto lot = FindLot(tx, program_id, id);
  if (!lot.ok()) {
    if (lot.status().code() != StatusCode::kNotFound) return lot.status();
    errors.push_back({field, "is not a lot of this program"});
    return std::optional<Lot>();
  }
  if (!item_id.empty() && lot->item_id != item_id) {
    errors.push_back({field, "is a lot of another item"});
    return std::optional<Lot>();
  }
  return std::optional<Lot>(std::move(*lot));
}

Status SiteExists(store::Tx& tx, const std::string& program_id, const std::string& id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT id FROM sites WHERE program_id = $1 AND id = $2", {program_id, id}));
  return rows.empty() ? NotFound("site not found") : Status::Ok();
}

Result<std::vector<SiteRow>> AllSites(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT id, name, archived FROM sites WHERE program_id = $1 ORDER BY name",
                                    {program_id}));
  std::vector<SiteRow> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Bool(2)});
  return out;
}

}  // namespace kinship::supplies

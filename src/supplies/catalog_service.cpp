#include "supplies/catalog_service.h"

#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "supplies/item_store.h"
#include "supplies/kit_store.h"
#include "supplies/lot_store.h"
#include "supplies/references.h"

namespace kinship::supplies {

namespace {

// Checks the lines of a kit and returns them with item names.
Result<std::vector<KitLine>> CheckKitLines(store::Tx& tx, const std::string& program_id,
                                           const std::vector<KitLineInput>& lines) {
  if (lines.empty()) return FieldInvalid("items", "must have at least 1 entry");
  std::vector<FieldError> errors;
  std::vector<KitLine> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string field = "items[" + std::to_string(i) + "].item_id";
    if (!seen.insert(lines[i].item_id).second) {
      errors.push_back({field, "is listed twice"});
      continue;
    }
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Item> item, CheckItem(tx, program_id, lines[i].item_id, field, errors));
    if (item) out.push_back({item->id, item->name, lines[i].quantity});
  }
  if (!errors.empty()) return ValidationFailed(std::move(errors));
  return out;
}

nlohmann::json Change(const nlohmann::json& from, const nlohmann::json& to) {
  return nlohmann::json::array({from, to});
}

}  // namespace

Result<Item> CreateItem(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const ItemInput& input) {
  Item i;
  i.id = NewId();
  i.program_id = actor.program_id;
  i.name = input.name.value_or("");
  i.unit = input.unit.value_or("");
  i.category = input.category.value_or("other");
  i.reorder_threshold = input.reorder_threshold.value_or(0);
  i.soft_limit = input.soft_limit;
  i.created_at = i.updated_at = NowIso();
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertItem(tx, i));
    return audit.Append(tx, {i.program_id, actor.user_id, "item", i.id, "create", {{"category", i.category}}});
  });
  if (!st.ok()) return st;
  return i;
}

Result<Item> ChangeItem(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const std::string& id, const ItemInput& input) {
  Item out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Item i, FindItem(tx, actor.program_id, id));
    nlohmann::json diff = nlohmann::json::object();
    if (input.name && *input.name != i.name) i.name = *input.name, diff["name"] = "changed";
    if (input.unit && *input.unit != i.unit) diff["unit"] = Change(i.unit, *input.unit), i.unit = *input.unit;
    if (input.category && *input.category != i.category) {
      diff["category"] = Change(i.category, *input.category), i.category = *input.category;
    }
    if (input.reorder_threshold && *input.reorder_threshold != i.reorder_threshold) {
      diff["reorder_threshold"] = Change(i.reorder_threshold, *input.reorder_threshold);
      i.reorder_threshold = *input.reorder_threshold;
    }
    if (input.soft_limit_present && input.soft_limit != i.soft_limit) {
      diff["soft_limit"] = Change(i.soft_limit ? nlohmann::json(*i.soft_limit) : nlohmann::json(),
                                  input.soft_limit ? nlohmann::json(*input.soft_limit) : nlohmann::json());
      i.soft_limit = input.soft_limit;
    }
    if (input.archived && *input.archived != i.archived) diff["archived"] = i.archived = *input.archived;
    i.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(UpdateItem(tx, i));
    out = i;
    const char* action = diff.contains("archived") && i.archived ? "archive" : "update";
    return audit.Append(tx, {i.program_id, actor.user_id, "item", i.id, action, diff});
  });
  if (!st.ok()) return st;
  return out;
}

Result<Kit> CreateKit(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const KitInput& input) {
  Kit k;
  k.id = NewId();
  k.program_id = actor.program_id;
  k.name = input.name.value_or("");
  k.created_at = k.updated_at = NowIso();
  Status st = db.Write([&](store::Tx& tx) -> Status {
    const std::vector<KitLineInput> lines = input.items.value_or(std::vector<KitLineInput>{});
    KINSHIP_ASSIGN_OR_RETURN(k.items, CheckKitLines(tx, k.program_id, lines));
    KINSHIP_RETURN_IF_ERROR(InsertKit(tx, k));
    KINSHIP_ASSIGN_OR_RETURN(k, FindKit(tx, k.program_id, k.id));  // lines in name order
    return audit.Append(tx, {k.program_id, actor.user_id, "kit", k.id, "create", {{"items", k.items.size()}}});
  });
  if (!st.ok()) return st;
  return k;
}

Result<Kit> ChangeKit(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const std::string& id, const KitInput& input) {
  Kit out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Kit k, FindKit(tx, actor.program_id, id));
    nlohmann::json diff = nlohmann::json::object();
    if (input.name && *input.name != k.name) k.name = *input.name, diff["name"] = "changed";
    if (input.items) {
      KINSHIP_ASSIGN_OR_RETURN(k.items, CheckKitLines(tx, k.program_id, *input.items));
      KINSHIP_RETURN_IF_ERROR(ReplaceKitLines(tx, k));
      diff["items"] = k.items.size();
    }
    if (input.archived && *input.archived != k.archived) diff["archived"] = k.archived = *input.archived;
    k.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(UpdateKit(tx, k));
    KINSHIP_ASSIGN_OR_RETURN(out, FindKit(tx, k.program_id, k.id));
    const char* action = diff.contains("archived") && k.archived ? "archive" : "update";
    return audit.Append(tx, {k.program_id, actor.user_id, "kit", k.id, action, diff});
  });
  if (!st.ok()) return st;
  return out;
}

Result<Lot> FindOrMakeLot(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                          const Item& item, const std::string& lot_number,
                          const std::optional<std::string>& expires_on, const std::string& expires_field) {
  KINSHIP_ASSIGN_OR_RETURN(std::optional<Lot> existing, FindLotByNumber(tx, actor.program_id, item.id, lot_number));
  if (existing) {
    if (expires_on && expires_on != existing->expires_on) {
      return FieldInvalid(expires_field, "lot " + lot_number + " is already recorded as expiring on " +
                                             existing->expires_on.value_or("no date"));
    }
    return std::move(*existing);
  }
  Lot l;
  l.id = NewId();
  l.program_id = actor.program_id;
  l.item_id = item.id;
  l.item_name = item.name;
  l.lot_number = lot_number;
  l.expires_on = expires_on;
  l.created_at = NowIso();
  KINSHIP_RETURN_IF_ERROR(InsertLot(tx, l));
  KINSHIP_RETURN_IF_ERROR(audit.Append(
      tx, {l.program_id, actor.user_id, "lot", l.id, "create",
           {{"item_id", l.item_id}, {"expires_on", expires_on ? nlohmann::json(*expires_on) : nlohmann::json()}}}));
  return l;
}

Result<Lot> CreateLot(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const LotInput& input) {
  Lot out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    std::vector<FieldError> errors;
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Item> item,
                             CheckItem(tx, actor.program_id, input.item_id, "item_id", errors));
    if (!errors.empty()) return ValidationFailed(std::move(errors));
    KINSHIP_ASSIGN_OR_RETURN(std::optional<Lot> existing,
                             FindLotByNumber(tx, actor.program_id, item->id, input.lot_number));
    if (existing) return FieldInvalid("lot_number", "this item already has a lot with this number");
    KINSHIP_ASSIGN_OR_RETURN(out, FindOrMakeLot(tx, audit, actor, *item, input.lot_number, input.expires_on,
                                                "expires_on"));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace kinship::supplies

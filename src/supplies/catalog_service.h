// Business rules for the supply catalog: items, kits and lots, each write audited in its
// transaction. Items and kits are archived, never deleted, so history keeps its names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"
#include "supplies/item.h"
#include "supplies/kit.h"
#include "supplies/lot.h"

namespace kinship::supplies {

struct ItemInput {
  std::optional<std::string> name;
  std::optional<std::string> unit;
  std::optional<std::string> category;
  std::optional<int64_t> reorder_threshold;
  std::optional<int64_t> soft_limit;
  bool soft_limit_present = false;  // "soft_limit": null clears it
  std::optional<bool> archived;
};

struct KitLineInput {
  std::string item_id;
  int64_t quantity = 0;
};

struct KitInput {
  std::optional<std::string> name;
  std::optional<std::vector<KitLineInput>> items;
  std::optional<bool> archived;
};

struct LotInput {
  std::string item_id;
  std::string lot_number;
  std::optional<std::string> expires_on;
};

// kValidation for a taken name.
Result<Item> CreateItem(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const ItemInput& input);
// kNotFound when the item is not in the actor's program; kValidation for a taken name.
Result<Item> ChangeItem(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const std::string& id, const ItemInput& input);

// kValidation for a taken name, or items that are not live items of the program
// ("items[1].item_id") or listed twice.
Result<Kit> CreateKit(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const KitInput& input);
// kNotFound when the kit is not in the actor's program; otherwise as CreateKit.
Result<Kit> ChangeKit(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const std::string& id, const KitInput& input);

// kValidation when the item is not a live item of the program or already has that lot number.
Result<Lot> CreateLot(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                      const LotInput& input);

// In an open transaction: the item's lot with that number, made (and audited) when new. A
// given expiry that differs from the existing lot's is a field error on expires_field.
Result<Lot> FindOrMakeLot(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                          const Item& item, const std::string& lot_number,
                          const std::optional<std::string>& expires_on, const std::string& expires_field);

}  // namespace kinship::supplies

// SQL for lots; every statement is scoped by program_id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "supplies/lot.h"

namespace kinship::supplies {

// kValidation (field "lot_number") when the item already has a lot with that number.
Status InsertLot(store::Tx& tx, const Lot& l);
// kNotFound when the lot is not in the program.
Result<Lot> FindLot(store::Tx& tx, const std::string& program_id, const std::string& id);
// The item's lot with that number, or nullopt.
Result<std::optional<Lot>> FindLotByNumber(store::Tx& tx, const std::string& program_id, const std::string& item_id,
                                           const std::string& lot_number);
// One page by id; item_id empty for every item.
Result<std::vector<Lot>> ListLots(store::Tx& tx, const std::string& program_id, const std::string& item_id,
                                  const std::string& after, int limit);

}  // namespace kinship::supplies

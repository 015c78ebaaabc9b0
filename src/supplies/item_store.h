// SQL for items; every statement is scoped by program_id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "supplies/item.h"

namespace kinship::supplies {

// kValidation (field "name") when the program already has an item of that name.
Status InsertItem(store::Tx& tx, const Item& i);
// kNotFound when the item is not in the program; kValidation for a taken name.
Status UpdateItem(store::Tx& tx, const Item& i);
// kNotFound when the item is not in the program.
Result<Item> FindItem(store::Tx& tx, const std::string& program_id, const std::string& id);
// One page by id; category empty for all.
Result<std::vector<Item>> ListItems(store::Tx& tx, const std::string& program_id, bool include_archived,
                                    const std::string& category, const std::string& after, int limit);
// Every item of the program (archived too), by name.
Result<std::vector<Item>> AllItems(store::Tx& tx, const std::string& program_id);

}  // namespace kinship::supplies

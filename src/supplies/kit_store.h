// SQL for kits and their items; every statement is scoped by program_id.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "supplies/kit.h"

namespace kinship::supplies {

// Inserts the kit and its lines. kValidation (field "name") for a taken name.
Status InsertKit(store::Tx& tx, const Kit& k);
// Updates name, archived and updated_at. kNotFound / kValidation as above.
Status UpdateKit(store::Tx& tx, const Kit& k);
// Replaces the kit's lines with k.items.
Status ReplaceKitLines(store::Tx& tx, const Kit& k);
// kNotFound when the kit is not in the program.
Result<Kit> FindKit(store::Tx& tx, const std::string& program_id, const std::string& id);
Result<std::vector<Kit>> ListKits(store::Tx& tx, const std::string& program_id, bool include_archived,
                                  const std::string& after, int limit);

}  // namespace kinship::supplies

// Checks of the ids a request body names (a site, an item, a lot): each must be a row of
// the caller's program, and sites and items must not be archived. A failed check is a field
// error appended to `errors`, so a request hears about every bad reference at once; the
// returned Status is only ever a store error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "supplies/item.h"
#include "supplies/lot.h"

namespace kinship::supplies {

// "is not a site of this program" / "is archived". Returns the site's name when usable.
Result<std::optional<std::string>> CheckSite(store::Tx& tx, const std::string& program_id, const std::string& id,
                                             const std::string& field, std::vector<FieldError>& errors);
// "is not an item of this program" / "is archived".
Result<std::optional<Item>> CheckItem(store::Tx& tx, const std::string& program_id, const std::string& id,
                                      const std::string& field, std::vector<FieldError>& errors);
// "is not a lot of this program"; with item_id set, also "is a lot of another item".
Result<std::optional<Lot>> CheckLot(store::Tx& tx, const std::string& program_id, const std::string& id,
                                    const std::string& field, std::vector<FieldError>& errors,
                                    const std::string& item_id = "");

struct SiteRow {
  std::string id;
  std::string name;
  bool archived = false;
};
// Every site of the program, archived too (CSV imports match sites by name).
Result<std::vector<SiteRow>> AllSites(store::Tx& tx, const std::string& program_id);

// kNotFound unless id is a site of the program (archived or not): for ids in a query string.
Status SiteExists(store::Tx& tx, const std::string& program_id, const std::string& id);

}  // namespace kinship::supplies

// The catalog a new program starts with: the supplies harm-reduction programs hand out
// most, and two kits. Programs edit, archive and add to it freely afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace kinship::supplies {

inline const std::vector<std::string_view> kItemCategories = {
    "injecting", "smoking", "snorting", "drug_checking", "naloxone", "safer_sex", "disposal", "wound_care", "other"};

struct CatalogEntry {
  std::string_view name;
  std::string_view unit;
  std::string_view category;
  int reorder_threshold;
};

struct KitEntry {
  std::string_view name;
  std::vector<std::pair<std::string_view, int>> items;  // catalog name, quantity
};

const std::vector<CatalogEntry>& DefaultCatalog();
const std::vector<KitEntry>& DefaultKits();

// Inserts the default catalog and kits into a program that has no items yet (no-op
// otherwise). Runs in the transaction that creates the program.
Status SeedDefaultCatalog(store::Tx& tx, const std::string& program_id);

}  // namespace kinship::supplies

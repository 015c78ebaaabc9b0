#include "supplies/default_catalog.h"

#include <map>

#include "core/clock.h"
#include "core/ids.h"

namespace kinship::supplies {

const std::vector<CatalogEntry>& DefaultCatalog() {
  static const std::vector<CatalogEntry> kCatalog = {
      {"Syringe 1 mL 29G", "syringe", "injecting", 500},
      {"Syringe 1 mL 27G", "syringe", "injecting", 500},
      {"Syringe 3 mL 25G", "syringe", "injecting", 200},
      {"Needle 25G 5/8\"", "needle", "injecting", 200},
      {"Needle 27G 1/2\"", "needle", "injecting", 200},
      {"Cooker", "cooker", "injecting", 300},
      {"Filter", "filter", "injecting", 300},
      {"Sterile water 10 mL", "vial", "injecting", 300},
      {"Alcohol swab", "swab", "injecting", 600},
      {"Tourniquet", "tourniquet", "injecting", 50},
      {"Foil sheet", "sheet", "smoking", 200},
      {"Glass pipe", "pipe", "smoking", 100},
      {"Mouthpiece", "mouthpiece", "smoking", 100},
      {"Snorting kit", "kit", "snorting", 50},
      {"Fentanyl test strip", "strip", "drug_checking", 200},
      {"Naloxone injectable 0.4 mg/mL", "ampoule", "naloxone", 40},
      {"Naloxone nasal spray 4 mg", "device", "naloxone", 40},
      {"Condom", "condom", "safer_sex", 300},
      {"Lubricant sachet", "sachet", "safer_sex", 200},
      {"Sharps container 1 L", "container", "disposal", 50},
      {"Wound care kit", "kit", "wound_care", 30},
  };
  return kCatalog;
}

const std::vector<KitEntry>& DefaultKits() {
  static const std::vector<KitEntry> kKits = {
      {"Injection kit",
       {{"Syringe 1 mL 29G", 10},
        {"Cooker", 10},
        {"Filter", 10},
        {"Alcohol swab", 20},
        {"Sterile water 10 mL", 10}}},
      {"Smoking kit", {{"Glass pipe", 2}, {"Mouthpiece", 4}, {"Foil sheet", 10}}},
      {"Naloxone kit", {{"Naloxone nasal spray 4 mg", 2}}},
  };
  return kKits;
}

Status SeedDefaultCatalog(store::Tx& tx, const std::string& program_id) {
  KINSHIP_ASSIGN_OR_RETURN(store::Rows existing,
                           tx.Query("SELECT COUNT(*) FROM items WHERE program_id = $1", {program_id}));
  if (!existing.empty() && existing[0].Int(0) > 0) return Status::Ok();
  const std::string now = NowIso();
  std::map<std::string_view, std::string> ids;
  for (const auto& e : DefaultCatalog()) {
    const std::string id = NewId();
    ids[e.name] = id;
    KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO items (program_id, id, name, unit, category, reorder_threshold, "
                                    "soft_limit, archived, created_at, updated_at) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, NULL, 0, $7, $7)",
                                    {program_id, id, e.name, e.unit, e.category, e.reorder_threshold, now})
                                .status());
  }
  for (const auto& kit : DefaultKits()) {
    const std::string kit_id = NewId();
    KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO kits (program_id, id, name, archived, created_at, updated_at) "
                                    "VALUES ($1, $2, $3, 0, $4, $4)",
                                    {program_id, kit_id, kit.name, now})
                                .status());
    for (const auto& [name, quantity] : kit.items) {
      KINSHIP_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO kit_items (program_id, kit_id, item_id, quantity) VALUES ($1, $2, $3, $4)",
                  {program_id, kit_id, ids.at(name), quantity})
              .status());
    }
  }
  return Status::Ok();
}

}  // namespace kinship::supplies

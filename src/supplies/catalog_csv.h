// The catalog and lots as CSV, for spreadsheets: export what there is, import a file all or
// nothing. A bad file answers kValidation with one error per bad cell, named
// "line 7: quantity" (at most 100), and writes nothing.
//
//   items.csv: name,unit,category,reorder_threshold,soft_limit  (import creates or updates by name)
//   lots.csv:  item,lot_number,expires_on,site,quantity         (import: one receive per row;
//                                                                 export: stock on hand per lot and site)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::supplies {

// Live items by name.
Result<std::string> ExportItemsCsv(store::Database& db, const std::string& program_id);
// Returns the number of rows imported.
Result<int64_t> ImportItemsCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                               std::string_view text);

Result<std::string> ExportLotsCsv(store::Database& db, const std::string& program_id);
// Items and sites are named (case-insensitively); lots are made when new.
Result<int64_t> ImportLotsCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                              std::string_view text);

}  // namespace kinship::supplies

// Encounters as CSV, for spreadsheets and for paper tally sheets typed in later. Columns:
// id, occurred_at, site (name), mode, area, participant_code (display code), returned_syringes,
// returned_containers, services (separated by ";"), for_others_people, voided, then one
// column per item named "item:<item name>" holding the quantity given.
//
// The import is all or nothing: every row is logged like POST /api/v1/encounters (stock is
// dispensed, roll-ups and the audit log follow) in ONE transaction, and any bad cell makes
// a 422 naming "line N: column" with nothing written. It ignores `id` and `voided`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::encounters {

inline constexpr size_t kMaxExportRows = 100000;
inline constexpr size_t kMaxImportErrors = 100;

// Encounters whose day is within [from_day, to_day] (either may be absent), oldest first.
// kValidation on "from" when the range holds more than kMaxExportRows encounters.
Result<std::string> ExportEncountersCsv(store::Database& db, const std::string& program_id,
                                        const std::optional<std::string>& from_day,
                                        const std::optional<std::string>& to_day);

// Returns the number of encounters imported. kValidation with up to 100 field errors named
// "line N: column"; a file that is not CSV is an error on "file".
Result<int64_t> ImportEncountersCsv(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    std::string_view text);

}  // namespace kinship::encounters

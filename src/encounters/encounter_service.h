// Business rules for encounters. Logging one is a single transaction: check it against the
// program's sites, participants, kits and catalog; dispense every line from the site's stock
// (first expiry first out; a shortage is a 409 and nothing is written); save it with its
// referrals; add it to the roll-ups the dashboard reads; append one audit entry. Editing and
// voiding put the stock back (dispense_reversal) and take the encounter out of the roll-ups
// first; both are allowed only within the program's edit window, and a peer worker without
// encounters.manage may change only the encounters they logged.
//
//   auto view = CreateEncounter(db, audit, actor, input);  // 422, 409 (stock) or the encounter
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/status.h"
#include "encounters/encounter.h"
#include "encounters/encounter_store.h"
#include "encounters/encounter_validation.h"
#include "programs/program_settings.h"
#include "store/database.h"

namespace kinship::encounters {

// A line given above the item's soft limit: the encounter is saved, and the worker is told.
struct Warning {
  std::string item_id;
  std::string message;
};

// An encounter as the API shows it.
struct EncounterView {
  Encounter encounter;
  nlohmann::json referrals = nlohmann::json::array();
  std::string editable_until;
  std::vector<Warning> warnings;
};

// with_warnings adds "warnings" (the answer to a create or an edit).
nlohmann::json ToJson(const EncounterView& v, bool with_warnings = false);

// created_at plus the edit window.
std::string EditableUntil(const std::string& created_at, int edit_window_hours);

// What every encounter written in one transaction shares (one request, or one CSV file).
struct WriteScope {
  const audit::Recorder& audit;
  const auth::Principal& actor;
  programs::ProgramSettings settings;
  TimePoint now;
};

// Logs one encounter inside tx (the CSV import calls it once per row in one transaction).
// kValidation with field errors named through names; kFailedPrecondition (409) when a
// line's item is short at the site, with {item_id, site_id, requested, available} in
// extra(). On failure the caller must roll tx back.
Result<EncounterView> CreateEncounterInTx(store::Tx& tx, const WriteScope& scope, const EncounterInput& in,
                                          const FieldNames& names = {});

// The same in its own transaction. in.site_id and in.items must be set.
Result<EncounterView> CreateEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const EncounterInput& in);
// Changes the fields present in in (items replace the old lines). kNotFound, kPermissionDenied
// (a peer worker and someone else's encounter), kFailedPrecondition (void, or past the edit
// window: "editable_until" in extra(); or a stock shortage, leaving the old encounter as it
// was), kValidation.
Result<EncounterView> EditEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const std::string& id, const EncounterInput& in);
// Voids it with a reason; the same errors as EditEncounter.
Result<EncounterView> VoidEncounter(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const std::string& id, const std::string& reason);

// One encounter with its referrals; kNotFound when not in the program.
Result<EncounterView> ReadEncounter(store::Database& db, const std::string& program_id, const std::string& id);
// A page of encounters, newest first. filter.after_id must be an encounter of the program
// (kValidation on "after" otherwise).
Result<std::vector<EncounterView>> ReadEncounters(store::Database& db, const std::string& program_id,
                                                  EncounterFilter filter);

}  // namespace kinship::encounters

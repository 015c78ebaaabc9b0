// SQL for encounters, their item lines and the roll-ups kept beside them (daily_site_stats,
// daily_item_stats, participant_periods and the participant's counters), plus the few reads
// of the catalog and of participants that logging an encounter needs. Every statement is
// scoped by program_id.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "encounters/encounter.h"
#include "store/database.h"

namespace kinship::encounters {

// What an encounter needs to know of a catalog item.
struct ItemFacts {
  std::string id;
  std::string name;
  std::string unit;
  std::string category;
  std::optional<int64_t> soft_limit;
  bool archived = false;
};

// The program's items among ids, by id, in one query; ids not in the program are absent.
Result<std::map<std::string, ItemFacts>> FindItems(store::Tx& tx, const std::string& program_id,
                                                   const std::vector<std::string>& ids);
// Every item of the program (archived too), by name.
Result<std::vector<ItemFacts>> ListItems(store::Tx& tx, const std::string& program_id);
// False when the kit is not in the program.
Result<bool> KitExists(store::Tx& tx, const std::string& program_id, const std::string& kit_id);
// The participant's id, following merged_into to the code it was merged into. kNotFound
// when the participant is not in the program. display_code, when given, receives the
// resolved participant's display code.
Result<std::string> ResolveParticipant(store::Tx& tx, const std::string& program_id, const std::string& id,
                                       std::optional<std::string>* display_code = nullptr);
// The participant with this display code (followed through merges), or kNotFound.
Result<std::string> ParticipantByDisplayCode(store::Tx& tx, const std::string& program_id, const std::string& code);

Status InsertEncounter(store::Tx& tx, const Encounter& e);
// Rewrites the encounter's row (not its items). kNotFound when it is gone.
Status UpdateEncounter(store::Tx& tx, const Encounter& e);
// Replaces the encounter's item lines with e.items.
Status ReplaceEncounterItems(store::Tx& tx, const Encounter& e, bool had_items);
// Locks the encounter's row until the transaction ends (PostgreSQL; SQLite's single writer
// needs none), so two edits or voids of one encounter take turns. Missing rows are no error.
Status LockEncounter(store::Tx& tx, const std::string& program_id, const std::string& id);
// With items and display code; kNotFound when not in the program.
Result<Encounter> FindEncounter(store::Tx& tx, const std::string& program_id, const std::string& id);

struct EncounterFilter {
  std::optional<std::string> site_id;
  std::optional<std::string> participant_id;
  std::optional<std::string> worker_id;  // read through the time index: bound it with from_time
  std::optional<std::string> from_time;  // occurred_at >= from_time
  std::optional<std::string> until_time;  // occurred_at < until_time
  std::optional<std::string> after_id;   // keyset: older than this encounter
  std::optional<std::string> after_time;  // its occurred_at
  int limit = 100;
};
// Newest first (occurred_at, then id), with their items (one query for the whole page).
Result<std::vector<Encounter>> ListEncounters(store::Tx& tx, const std::string& program_id,
                                              const EncounterFilter& filter);
// occurred_at of an encounter, for keyset paging; kNotFound when not in the program.
Result<std::string> EncounterTime(store::Tx& tx, const std::string& program_id, const std::string& id);
// The ids among encounter_ids that have at least one referral.
Result<std::set<std::string>> EncountersWithReferrals(store::Tx& tx, const std::string& program_id,
                                                      const std::vector<std::string>& encounter_ids);

// Adds (sign = +1) or subtracts (sign = -1) one encounter to or from every roll-up:
// daily_site_stats (with `referrals` referrals), daily_item_stats, participant_periods and
// the participant's encounter_count / first_seen_at / last_seen_at.
Status ApplyRollups(store::Tx& tx, const Encounter& e, int sign, int64_t referrals, const std::string& now);

}  // namespace kinship::encounters

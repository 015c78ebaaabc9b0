// SQL for referrals and their events; every statement is scoped by program_id. Reads join
// the resource (name, kind) and the participant (display code).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "referrals/referral.h"
#include "store/database.h"

namespace kinship::referrals {

struct ReferralFilter {
  std::string status;
  std::string participant_id;  // the participant's own referrals
  std::string resource_id;
  std::string encounter_id;
  std::string of_participant;  // theirs, or made in their encounters
  std::string due_by;          // open referrals whose follow_up_on is this day or earlier
  std::string older_than;      // id paging of a newest-first list: referrals made before this one
  // Board paging (with due_by): referrals after this one in (follow_up_on, made_at, id) order.
  std::optional<Referral> due_after;
  bool newest_first = false;   // by id, newest first; otherwise oldest first (follow_up_on first with
                               // due_by; by made_at, newest first, with of_participant)
  int limit = 100;
};

Status InsertReferral(store::Tx& tx, const Referral& r);
// Writes status, follow_up_on, closed_at and updated_at.
Status UpdateReferral(store::Tx& tx, const Referral& r);
Status InsertEvent(store::Tx& tx, const std::string& program_id, const std::string& referral_id,
                   const ReferralEvent& e);
// kNotFound when the referral is not in the program. With its history.
Result<Referral> FindReferral(store::Tx& tx, const std::string& program_id, const std::string& id);
// With their histories.
Result<std::vector<Referral>> QueryReferrals(store::Tx& tx, const std::string& program_id, const ReferralFilter& f);

// The participant a referral should name: id itself, or the code it was merged into; nullopt
// when no such participant is in the program.
Result<std::optional<std::string>> ReferableParticipant(store::Tx& tx, const std::string& program_id,
                                                        const std::string& id);
Result<bool> EncounterExists(store::Tx& tx, const std::string& program_id, const std::string& id);

// Per resource kind, the referrals made in [from_time, to_time) and how many reached each stage.
struct FunnelRow {
  std::string kind;
  int64_t made = 0, accepted = 0, attended = 0, not_attended = 0, closed = 0;
};
Result<std::vector<FunnelRow>> FunnelByKind(store::Tx& tx, const std::string& program_id,
                                            const std::string& from_time, const std::string& to_time);

}  // namespace kinship::referrals

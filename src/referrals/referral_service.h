// Business rules for referrals: making a referral to a resource of the directory, following
// it up through its statuses (made → accepted → attended | not_attended → closed) with an
// event for every change, the follow-up board and the funnel. Every write is audited in the
// same transaction; no participant code or answer ever reaches the audit change.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "http/paging.h"
#include "store/database.h"

namespace kinship::referrals {

struct NewReferral {
  std::string resource_id;
  std::optional<std::string> participant_id;
  std::optional<std::string> encounter_id;
  std::optional<std::string> follow_up_on;
};

// Inserts a referral (status "made") and its first event inside tx, validating that the resource exists in
// actor.program_id and is not archived (kValidation on field_prefix + ".resource_id" otherwise). Appends the audit
// entry. Returns the referral as its API JSON object.
Result<nlohmann::json> MakeReferralInTx(store::Tx& tx, const audit::Recorder& audit, const auth::Principal& actor,
                                        const NewReferral& in, const std::string& field_prefix);
// The referrals made from one encounter, as API JSON objects (oldest first).
Result<nlohmann::json> ReferralsOfEncounter(store::Tx& tx, const std::string& program_id,
                                            const std::string& encounter_id);
// The referrals of one participant (theirs, or made in their encounters), newest first, at
// most limit, as API JSON objects.
Result<nlohmann::json> ReferralsOfParticipant(store::Tx& tx, const std::string& program_id,
                                              const std::string& participant_id, int limit);

// Makes a referral from the API (MakeReferralInTx in its own transaction); field errors are
// named after the body's fields.
Result<nlohmann::json> MakeReferral(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                    const NewReferral& in);

struct ReferralChange {
  std::optional<std::string> status;
  bool follow_up_present = false;  // "follow_up_on" sent (null clears it)
  std::optional<std::string> follow_up_on;
};
// Moves the status forward (an event per change; closed sets closed_at) and/or changes the
// follow-up day. kNotFound for another program's id; kFailedPrecondition for a step back, a
// change out of closed or a new follow-up day on a closed referral.
Result<nlohmann::json> ChangeReferral(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const std::string& id, const ReferralChange& change);

// Open referrals whose follow-up day is today or earlier, oldest follow-up first, a page at
// a time: {"today", "items": [referral], "next_after"}. paging.after names the last referral
// of the previous page (kValidation on "after" when it is not a referral of the program).
Result<nlohmann::json> FollowUpBoard(store::Database& db, const auth::Principal& actor, const http::Paging& paging);

// The referrals made in [from, to] (days, UTC) and how many reached each status, overall and
// by resource kind. For researchers, counts from 1 to 4 read "<5", and when a column of
// by_kind has exactly one such cell, the next smallest non-zero cell of that column is hidden
// too (also "<5", complementary suppression) so the small one cannot be recovered from the
// total.
Result<nlohmann::json> ReferralFunnel(store::Database& db, const auth::Principal& actor, const std::string& from,
                                      const std::string& to);

// "YYYY-MM-DD" plus days (negative goes back). day must be well-formed.
std::string AddDays(const std::string& day, int days);

}  // namespace kinship::referrals

// SQL for participants and their code keys; every statement is scoped by program_id. Keys
// are (kind, hash) rows in participant_keys: "uic" and "card" find a code (unique per
// program), "near0".."near7" find codes whose answers differ in one part.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "participants/participant.h"
#include "store/database.h"

namespace kinship::participants {

Status InsertParticipant(store::Tx& tx, const Participant& p);
// Writes the attributes, merged_into, the encounter counts and updated_at.
Status UpdateParticipant(store::Tx& tx, const Participant& p);
// kNotFound when the participant is not in the program.
Result<Participant> FindParticipant(store::Tx& tx, const std::string& program_id, const std::string& id);
// The participant a merged one ended up in (itself when not merged). kNotFound as above.
Result<Participant> FindResolved(store::Tx& tx, const std::string& program_id, const std::string& id);

// The participant holding a "uic" or "card" key with this hash, or nullopt.
Result<std::optional<std::string>> FindCodeOwner(store::Tx& tx, const std::string& program_id,
                                                 const std::string& hash);
// kAlreadyExists when the code is taken (a concurrent create).
Status InsertKey(store::Tx& tx, const std::string& program_id, const std::string& kind, const std::string& hash,
                 const std::string& participant_id);
Result<bool> DisplayCodeTaken(store::Tx& tx, const std::string& program_id, const std::string& display_code);

// Participants (not merged) holding any of these (kind, hash) keys, except exclude_id.
Result<std::vector<Participant>> FindByNearKeys(store::Tx& tx, const std::string& program_id,
                                                const std::vector<std::pair<std::string, std::string>>& keys,
                                                const std::string& exclude_id);

// Ordered by id; code_prefix (display code without dashes, upper case) filters when not empty.
Result<std::vector<Participant>> ListParticipants(store::Tx& tx, const std::string& program_id,
                                                  const std::string& code_prefix, const std::string& after, int limit);

// Pairs (a < b) of participants, neither merged, that share a near key; the newest codes first.
Result<std::vector<std::pair<std::string, std::string>>> DuplicatePairs(store::Tx& tx, const std::string& program_id,
                                                                        int limit);

// Moves from_id's encounters, referrals, code keys and period counts to to_id.
Status MoveParticipantRows(store::Tx& tx, const std::string& program_id, const std::string& from_id,
                           const std::string& to_id);

}  // namespace kinship::participants

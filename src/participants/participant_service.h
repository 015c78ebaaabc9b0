// Business rules for participants: finding a code from answers or a card, registering a new
// code, recording the few attributes the program chose, the history of a code, likely
// duplicates and merging them. Writes are audited in the same transaction; neither answers
// nor codes ever reach the audit log, the logs or an error message.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/crypto.h"
#include "core/status.h"
#include "participants/participant.h"
#include "store/database.h"

namespace kinship::participants {

// How a request names a code: UIC answers, a card code (canonical, see ParseCardCode), or a
// request for a new card (creation only). Exactly one is set.
struct CodeInput {
  std::optional<nlohmann::json> answers;
  std::optional<std::string> card_code;
  bool new_card = false;
};

// Attributes sent in a request, in order: name → value, nullopt to clear. Values are already
// among the attribute's allowed values.
using AttributeChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct LookupResult {
  std::optional<Participant> participant;  // resolved through merges
  std::vector<Participant> likely_duplicates;
};

struct Created {
  Participant participant;
  std::optional<std::string> card_code;  // the new card's code, shown once
};

// kValidation naming the answer that is missing or malformed (never its value).
Result<LookupResult> LookupParticipant(store::Database& db, const crypto::Key& code_key, const auth::Principal& actor,
                                       const CodeInput& in);
// kAlreadyExists with extra {"participant_id"} when the code exists; kValidation for bad
// answers or an attribute the program does not record.
Result<Created> CreateParticipant(store::Database& db, const audit::Recorder& audit, const crypto::Key& code_key,
                                  const auth::Principal& actor, const CodeInput& in, const AttributeChanges& attrs);
// kNotFound for another program's id; kValidation for an attribute the program does not record.
Result<Participant> ChangeAttributes(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                     const std::string& id, const AttributeChanges& attrs);
// Moves from_id's encounters, referrals, codes and counts into keep_id and marks from_id
// merged. kNotFound for keep_id; kValidation when from_id is unknown or the same code;
// kFailedPrecondition when either is already merged.
Result<Participant> MergeParticipants(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const std::string& keep_id, const std::string& from_id);
// {"participant", "encounters" (newest first, at most 200), "referrals" (newest first, at most 200)}.
Result<nlohmann::json> ParticipantHistory(store::Database& db, const auth::Principal& actor, const std::string& id);
// {"items": [{"a", "b", "reason"}]}: pairs of codes (neither merged) whose answers differ in one part.
Result<nlohmann::json> LikelyDuplicates(store::Database& db, const auth::Principal& actor);

}  // namespace kinship::participants

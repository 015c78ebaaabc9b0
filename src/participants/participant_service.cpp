#include "participants/participant_service.h"

#include <algorithm>
#include <map>

#include "core/clock.h"
#include "core/ids.h"
#include "participants/codes.h"
#include "participants/history_store.h"
#include "participants/participant_store.h"
#include "programs/program_settings.h"
#include "referrals/referral_service.h"

namespace kinship::participants {

namespace {

constexpr int kMaxDisplayAttempts = 8;
constexpr int kHistoryLimit = 200;

// The keys of one code: its kind and hash, the near keys of a UIC, and a card's display code.
struct CodeKeys {
  std::string kind;
  std::string hash;
  std::vector<std::pair<std::string, std::string>> near;
  std::string display_code;
};

Result<CodeKeys> KeysFor(const crypto::Key& key, const programs::ProgramSettings& s, const CodeInput& in) {
  CodeKeys k;
  if (in.answers) {
    KINSHIP_ASSIGN_OR_RETURN(std::vector<std::string> parts, UicParts(*in.answers, s.uic_formula));
    k.kind = "uic";
    k.hash = CodeHash(key, s.code_salt, "uic", UicString(parts));
    k.near = NearKeys(key, s.code_salt, parts);
    return k;
  }
  if (!in.card_code) return Internal("participants: a code input needs answers or a card code");
  k.kind = "card";
  k.hash = CodeHash(key, s.code_salt, "card", *in.card_code);
  k.display_code = *in.card_code;
  return k;
}

std::vector<FieldError> AttributeErrors(const programs::ProgramSettings& s, const AttributeChanges& attrs) {
  std::vector<FieldError> errors;
  for (const auto& [name, value] : attrs) {
    if (std::find(s.attributes.begin(), s.attributes.end(), name) == s.attributes.end()) {
      errors.push_back({"attributes." + name, "is not recorded by this program"});
    }
  }
  return errors;
}

// Sets the attributes; returns the names of those that changed (for the audit entry).
nlohmann::json ApplyAttributes(Participant& p, const AttributeChanges& attrs) {
  nlohmann::json changed = nlohmann::json::array();
  for (const auto& [name, value] : attrs) {
    auto* slot = p.Attribute(name);
    if (slot == nullptr || *slot == value) continue;
    *slot = value;
    changed.push_back(name);
  }
  return changed;
}

// Merges the field errors of two failed validations (either may be OK).
Status Combine(const Status& a, const Status& b) {
  if (a.ok()) return b;
  if (b.ok() || a.code() != StatusCode::kValidation || b.code() != StatusCode::kValidation) return a;
  std::vector<FieldError> all = a.field_errors();
  all.insert(all.end(), b.field_errors().begin(), b.field_errors().end());
  return ValidationFailed(std::move(all));
}

Result<std::string> FreeDisplayCode(store::Tx& tx, const std::string& program_id, const CodeKeys& k) {
  if (k.kind == "card") return k.display_code;
  for (int attempt = 0; attempt < kMaxDisplayAttempts; ++attempt) {
    const std::string code = DisplayCodeFromHash(k.hash, attempt);
    KINSHIP_ASSIGN_OR_RETURN(bool taken, DisplayCodeTaken(tx, program_id, code));
    if (!taken) return code;
  }
  return Internal("participants: no free display code after " + std::to_string(kMaxDisplayAttempts) + " attempts");
}

// A new card code that no participant of the program holds yet.
Result<std::string> FreeCardCode(store::Tx& tx, const crypto::Key& key, const programs::ProgramSettings& s,
                                 const std::string& program_id) {
  for (int attempt = 0; attempt < kMaxDisplayAttempts; ++attempt) {
    const std::string code = NewCardCode();
    KINSHIP_ASSIGN_OR_RETURN(auto owner, FindCodeOwner(tx, program_id, CodeHash(key, s.code_salt, "card", code)));
    KINSHIP_ASSIGN_OR_RETURN(bool taken, DisplayCodeTaken(tx, program_id, code));
    if (!owner && !taken) return code;
  }
  return Internal("participants: no free card code after " + std::to_string(kMaxDisplayAttempts) + " attempts");
}

std::optional<std::string> Earliest(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<std::string> Latest(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

}  // namespace

Result<LookupResult> LookupParticipant(store::Database& db, const crypto::Key& code_key, const auth::Principal& actor,
                                       const CodeInput& in) {
  LookupResult out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings s, programs::LoadSettings(tx, actor.program_id));
    KINSHIP_ASSIGN_OR_RETURN(CodeKeys k, KeysFor(code_key, s, in));
    if (s.code_salt.empty()) return Status::Ok();  // codes are only made once the program has its salt
    KINSHIP_ASSIGN_OR_RETURN(auto owner, FindCodeOwner(tx, actor.program_id, k.hash));
    std::string found_id;
    if (owner) {
      KINSHIP_ASSIGN_OR_RETURN(Participant p, FindResolved(tx, actor.program_id, *owner));
      found_id = p.id;
      out.participant = std::move(p);
    }
    KINSHIP_ASSIGN_OR_RETURN(out.likely_duplicates, FindByNearKeys(tx, actor.program_id, k.near, found_id));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Created> CreateParticipant(store::Database& db, const audit::Recorder& audit, const crypto::Key& code_key,
                                  const auth::Principal& actor, const CodeInput& in, const AttributeChanges& attrs) {
  Created out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    const std::string& program_id = actor.program_id;
    KINSHIP_RETURN_IF_ERROR(programs::EnsureSettings(tx, program_id));
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings s, programs::LoadSettings(tx, program_id));
    CodeInput input = in;
    if (in.new_card) {
      KINSHIP_ASSIGN_OR_RETURN(std::string card, FreeCardCode(tx, code_key, s, program_id));
      input.card_code = card;
      out.card_code = card;
    }
    auto keys = KeysFor(code_key, s, input);
    const auto attribute_errors = AttributeErrors(s, attrs);
    KINSHIP_RETURN_IF_ERROR(Combine(keys.ok() ? Status::Ok() : keys.status(),
                                    attribute_errors.empty() ? Status::Ok() : ValidationFailed(attribute_errors)));
    const CodeKeys& k = *keys;
    KINSHIP_ASSIGN_OR_RETURN(auto owner, FindCodeOwner(tx, program_id, k.hash));
    if (owner) {
      KINSHIP_ASSIGN_OR_RETURN(Participant existing, FindResolved(tx, program_id, *owner));
      return Status(StatusCode::kAlreadyExists, "This code is already registered.")
          .WithExtra(nlohmann::json{{"participant_id", existing.id}}.dump());
    }
    Participant p;
    p.program_id = program_id;
    p.id = NewId();
    KINSHIP_ASSIGN_OR_RETURN(p.display_code, FreeDisplayCode(tx, program_id, k));
    p.code_kind = k.kind;
    p.created_at = p.updated_at = NowIso();
    const nlohmann::json set = ApplyAttributes(p, attrs);
    KINSHIP_RETURN_IF_ERROR(InsertParticipant(tx, p));
    KINSHIP_RETURN_IF_ERROR(InsertKey(tx, program_id, k.kind, k.hash, p.id));
    for (const auto& [kind, hash] : k.near) KINSHIP_RETURN_IF_ERROR(InsertKey(tx, program_id, kind, hash, p.id));
    out.participant = p;
    return audit.Append(tx, {program_id, actor.user_id, "participant", p.id, "create",
                             {{"code_kind", p.code_kind}, {"attributes", set}}});
  });
  if (!st.ok()) return st;
  return out;
}

Result<Participant> ChangeAttributes(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                     const std::string& id, const AttributeChanges& attrs) {
  Participant out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Participant p, FindParticipant(tx, actor.program_id, id));
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings s, programs::LoadSettings(tx, actor.program_id));
    if (auto errors = AttributeErrors(s, attrs); !errors.empty()) return ValidationFailed(std::move(errors));
    const nlohmann::json changed = ApplyAttributes(p, attrs);
    p.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(UpdateParticipant(tx, p));
    out = p;
    return audit.Append(tx, {p.program_id, actor.user_id, "participant", p.id, "update", {{"attributes", changed}}});
  });
  if (!st.ok()) return st;
  return out;
}

Result<Participant> MergeParticipants(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                      const std::string& keep_id, const std::string& from_id) {
  Participant out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    const std::string& program_id = actor.program_id;
    KINSHIP_ASSIGN_OR_RETURN(Participant keep, FindParticipant(tx, program_id, keep_id));
    if (keep_id == from_id) return FieldInvalid("from_id", "must be another participant than the one kept");
    auto found = FindParticipant(tx, program_id, from_id);
    if (!found.ok() && found.status().code() == StatusCode::kNotFound) {
      return FieldInvalid("from_id", "is not a participant of this program");
    }
    if (!found.ok()) return found.status();
    Participant from = *found;
    if (keep.merged_into) {
      return FailedPrecondition("This code was merged into another one; merge into that one instead.");
    }
    if (from.merged_into) return FailedPrecondition("That code is already merged into another one.");
    KINSHIP_RETURN_IF_ERROR(MoveParticipantRows(tx, program_id, from.id, keep.id));
    const std::string now = NowIso();
    keep.encounter_count += from.encounter_count;
    keep.first_seen_at = Earliest(keep.first_seen_at, from.first_seen_at);
    keep.last_seen_at = Latest(keep.last_seen_at, from.last_seen_at);
    for (const char* name : {"age_band", "gender", "housing", "main_route"}) {
      auto* kept = keep.Attribute(name);
      if (!*kept) *kept = *from.Attribute(name);  // keep what the kept code knows; fill its gaps
    }
    keep.updated_at = now;
    const int64_t moved = from.encounter_count;
    from.merged_into = keep.id;
    from.encounter_count = 0;
    from.updated_at = now;
    KINSHIP_RETURN_IF_ERROR(UpdateParticipant(tx, keep));
    KINSHIP_RETURN_IF_ERROR(UpdateParticipant(tx, from));
    out = keep;
    return audit.Append(tx, {program_id, actor.user_id, "participant", keep.id, "merge",
                             {{"from_id", from.id}, {"encounters_moved", moved}}});
  });
  if (!st.ok()) return st;
  return out;
}

Result<nlohmann::json> ParticipantHistory(store::Database& db, const auth::Principal& actor, const std::string& id) {
  nlohmann::json out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Participant p, FindParticipant(tx, actor.program_id, id));
    KINSHIP_ASSIGN_OR_RETURN(programs::ProgramSettings s, programs::LoadSettings(tx, actor.program_id));
    KINSHIP_ASSIGN_OR_RETURN(std::vector<nlohmann::json> encounters,
                             EncountersOfParticipant(tx, actor.program_id, p.id, p.display_code,
                                                     s.edit_window_hours, kHistoryLimit));
    KINSHIP_ASSIGN_OR_RETURN(nlohmann::json referrals,
                             referrals::ReferralsOfParticipant(tx, actor.program_id, p.id, kHistoryLimit));
    std::map<std::string, nlohmann::json*> by_id;
    for (auto& e : encounters) by_id[e["id"].get<std::string>()] = &e;
    // Oldest first within an encounter, as ReferralsOfEncounter lists them.
    for (auto it = referrals.rbegin(); it != referrals.rend(); ++it) {
      if (!(*it)["encounter_id"].is_string()) continue;
      auto e = by_id.find((*it)["encounter_id"].get<std::string>());
      if (e != by_id.end()) (*e->second)["referrals"].push_back(*it);
    }
    out = {{"participant", ToJson(p)}, {"encounters", encounters}, {"referrals", referrals}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<nlohmann::json> LikelyDuplicates(store::Database& db, const auth::Principal& actor) {
  nlohmann::json items = nlohmann::json::array();
  Status st = db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto pairs, DuplicatePairs(tx, actor.program_id, kHistoryLimit));
    std::map<std::string, nlohmann::json> seen;
    const auto get = [&](const std::string& pid) -> Result<nlohmann::json> {
      auto it = seen.find(pid);
      if (it != seen.end()) return it->second;
      KINSHIP_ASSIGN_OR_RETURN(Participant p, FindParticipant(tx, actor.program_id, pid));
      return seen[pid] = ToJson(p);
    };
    for (const auto& [a, b] : pairs) {
      KINSHIP_ASSIGN_OR_RETURN(nlohmann::json ja, get(a));
      KINSHIP_ASSIGN_OR_RETURN(nlohmann::json jb, get(b));
      items.push_back({{"a", ja}, {"b", jb}, {"reason", "answers differ in one part"}});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return nlohmann::json{{"items", items}};
}

}  // namespace kinship::participants

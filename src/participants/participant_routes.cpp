#include "participants/participant_routes.h"

#include <map>

#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "participants/codes.h"
#include "participants/participant_service.h"
#include "participants/participant_store.h"
#include "programs/program_settings.h"

namespace kinship::participants {

namespace {

// BodyReader reads flat fields; the nested objects `answers` and `attributes` are taken out of
// the body and read apart. rest is the body without them (or the body as sent when it is not a
// JSON object, so BodyReader reports that).
struct SplitBody {
  std::string rest;
  std::map<std::string, nlohmann::json> nested;  // members present, null included
};

SplitBody Split(std::string_view body, std::initializer_list<const char*> names) {
  SplitBody out{std::string(body), {}};
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(body, nullptr, false);
  } catch (const nlohmann::json::exception&) {
    return out;
  }
  if (!doc.is_object()) return out;
  for (const char* name : names) {
    auto it = doc.find(name);
    if (it == doc.end()) continue;
    out.nested[name] = *it;
    doc.erase(it);
  }
  out.rest = doc.dump();
  return out;
}

// Reads {"attributes": {...}}: each attribute one of its values, or null to clear it.
AttributeChanges ReadAttributes(http::BodyReader& body, const nlohmann::json& object) {
  AttributeChanges out;
  http::BodyReader a(object, "attributes");
  for (auto name : programs::kParticipantAttributes) {
    if (!a.has(name)) continue;
    out.emplace_back(std::string(name), a.OptionalEnum(name, AttributeValues(name)));
  }
  body.Absorb(a);
  return out;
}

// Reads the code of a lookup or creation: answers, card_code or (creation) new_card.
CodeInput ReadCode(http::BodyReader& body, const SplitBody& split, bool allow_new_card) {
  CodeInput in;
  auto answers = split.nested.find("answers");
  if (answers != split.nested.end() && !answers->second.is_null()) in.answers = answers->second;
  const auto card = body.OptionalString("card_code", {.min = 1, .max = 40});
  if (card) {
    in.card_code = ParseCardCode(*card);
    if (!in.card_code) body.AddError("card_code", "must be a card code like C-7KQ3-XF9M");
  }
  if (allow_new_card) {
    const auto new_card = body.OptionalBool("new_card");
    in.new_card = new_card.value_or(false);
  }
  const int given = (in.answers ? 1 : 0) + (card ? 1 : 0) + (in.new_card ? 1 : 0);
  const char* which = allow_new_card ? "answers, card_code or new_card" : "answers or card_code";
  if (given == 0 && !body.has("card_code")) {
    body.AddError("answers", std::string("is required (send one of ") + which + ")");
  } else if (given > 1) {
    body.AddError(in.answers ? "answers" : "card_code", std::string("send only one of ") + which);
  }
  return in;
}

// The ?code= filter: the start of a display code, dashes optional, read like a card code.
Result<std::string> CodePrefix(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    if (c == '-' || c == ' ') continue;
    char u = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    if (u == 'I' || u == 'L') u = '1';
    if (u == 'O') u = '0';
    if (kCrockford.find(u) == std::string_view::npos || out.size() >= 12) {
      return FieldInvalid("code", "must be the start of a display code (letters, digits and dashes)");
    }
    out.push_back(u);
  }
  return out;
}

}  // namespace

http::Response HandleLookupParticipant(http::Context& ctx) {
  const SplitBody split = Split(ctx.req.body, {"answers"});
  http::BodyReader body(split.rest);
  const CodeInput in = ReadCode(body, split, false);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto found = LookupParticipant(ctx.services.db, ctx.services.code_key, ctx.who(), in);
  if (!found.ok()) return http::ProblemFromStatus(found.status());
  nlohmann::json dups = nlohmann::json::array();
  for (const auto& p : found->likely_duplicates) dups.push_back(ToJson(p));
  return http::Json(200, {{"participant", found->participant ? ToJson(*found->participant) : nlohmann::json(nullptr)},
                          {"likely_duplicates", dups}});
}

http::Response HandleCreateParticipant(http::Context& ctx) {
  const SplitBody split = Split(ctx.req.body, {"answers", "attributes"});
  http::BodyReader body(split.rest);
  const CodeInput in = ReadCode(body, split, true);
  AttributeChanges attrs;
  if (auto it = split.nested.find("attributes"); it != split.nested.end() && !it->second.is_null()) {
    attrs = ReadAttributes(body, it->second);
  }
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto created = CreateParticipant(ctx.services.db, ctx.services.audit, ctx.services.code_key, ctx.who(), in, attrs);
  if (!created.ok()) return http::ProblemFromStatus(created.status());
  nlohmann::json out = ToJson(created->participant);
  if (created->card_code) out["card_code"] = *created->card_code;
  auto r = http::Json(201, out);
  r.SetHeader("Location", "/api/v1/participants/" + created->participant.id);
  return r;
}

http::Response HandleListParticipants(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  auto prefix = CodePrefix(ctx.req.Query("code"));
  if (!prefix.ok()) return http::ProblemFromStatus(prefix.status());
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListParticipants(tx, ctx.program_id(), *prefix, paging->after, paging->limit));
    for (const auto& p : list) items.push_back(ToJson(p));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetParticipant(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Participant p, FindParticipant(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(p);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandlePatchParticipant(http::Context& ctx) {
  const SplitBody split = Split(ctx.req.body, {"attributes"});
  http::BodyReader body(split.rest);
  AttributeChanges attrs;
  auto it = split.nested.find("attributes");
  if (it == split.nested.end() || it->second.is_null()) {
    body.AddError("attributes", "is required");  // a malformed body is still reported as such first
  } else {
    attrs = ReadAttributes(body, it->second);
  }
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto p = ChangeAttributes(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), attrs);
  if (!p.ok()) return http::ProblemFromStatus(p.status());
  return http::Json(200, ToJson(*p));
}

http::Response HandleParticipantHistory(http::Context& ctx) {
  auto history = ParticipantHistory(ctx.services.db, ctx.who(), ctx.Param("id"));
  if (!history.ok()) return http::ProblemFromStatus(history.status());
  return http::Json(200, *history);
}

http::Response HandleParticipantDuplicates(http::Context& ctx) {
  auto dups = LikelyDuplicates(ctx.services.db, ctx.who());
  if (!dups.ok()) return http::ProblemFromStatus(dups.status());
  return http::Json(200, *dups);
}

http::Response HandleMergeParticipant(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string from_id = body.Id("from_id");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto kept = MergeParticipants(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), from_id);
  if (!kept.ok()) return http::ProblemFromStatus(kept.status());
  return http::Json(200, ToJson(*kept));
}

}  // namespace kinship::participants

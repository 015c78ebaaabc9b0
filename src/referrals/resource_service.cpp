#include "referrals/resource_service.h"

#include "core/clock.h"
#include "core/ids.h"
#include "referrals/resource_store.h"

namespace kinship::referrals {

namespace {
// Applies one text change; records its name in diff when the value changed.
void Apply(const TextChange& change, const char* name, std::optional<std::string>* field, nlohmann::json* diff) {
  if (!change.present || change.value == *field) return;
  *field = change.value;
  (*diff)[name] = "changed";
}
}  // namespace

Result<Resource> CreateResource(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const ResourceInput& input) {
  Resource r;
  r.program_id = actor.program_id;
  r.id = NewId();
  r.name = input.name.value_or("");
  r.kind = input.kind.value_or("other");
  r.hours = input.hours.value;
  r.eligibility = input.eligibility.value;
  r.how_to_refer = input.how_to_refer.value;
  r.contact = input.contact.value;
  r.area = input.area.value;
  r.created_at = r.updated_at = NowIso();
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertResource(tx, r));
    return audit.Append(tx, {r.program_id, actor.user_id, "resource", r.id, "create", {{"kind", r.kind}}});
  });
  if (!st.ok()) return st;
  return r;
}

Result<Resource> ChangeResource(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                                const std::string& id, const ResourceInput& input) {
  Resource out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Resource r, FindResource(tx, actor.program_id, id));
    nlohmann::json diff = nlohmann::json::object();
    if (input.name && *input.name != r.name) r.name = *input.name, diff["name"] = "changed";
    if (input.kind && *input.kind != r.kind) diff["kind"] = {r.kind, *input.kind}, r.kind = *input.kind;
    Apply(input.hours, "hours", &r.hours, &diff);
    Apply(input.eligibility, "eligibility", &r.eligibility, &diff);
    Apply(input.how_to_refer, "how_to_refer", &r.how_to_refer, &diff);
    Apply(input.contact, "contact", &r.contact, &diff);
    Apply(input.area, "area", &r.area, &diff);
    if (input.archived && *input.archived != r.archived) diff["archived"] = r.archived = *input.archived;
    r.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(UpdateResource(tx, r));
    out = r;
    const char* action = diff.contains("archived") && r.archived ? "archive" : "update";
    return audit.Append(tx, {r.program_id, actor.user_id, "resource", r.id, action, diff});
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace kinship::referrals

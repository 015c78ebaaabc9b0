#include "sites/site_service.h"

#include "core/clock.h"
#include "core/ids.h"
#include "sites/site_store.h"

namespace kinship::sites {

Result<Site> CreateSite(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const SiteInput& input) {
  Site s;
  s.id = NewId();
  s.program_id = actor.program_id;
  s.name = input.name.value_or("");
  s.kind = input.kind.value_or("fixed");
  s.area = input.area;
  s.archived = false;
  s.created_at = s.updated_at = NowIso();
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertSite(tx, s));
    return audit.Append(tx, {s.program_id, actor.user_id, "site", s.id, "create", {{"kind", s.kind}}});
  });
  if (!st.ok()) return st;
  return s;
}

Result<Site> ChangeSite(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                        const std::string& id, const SiteInput& input) {
  Site out;
  Status st = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Site s, FindSite(tx, actor.program_id, id));
    nlohmann::json diff = nlohmann::json::object();
    if (input.name && *input.name != s.name) s.name = *input.name, diff["name"] = "changed";
    if (input.kind && *input.kind != s.kind) diff["kind"] = {s.kind, *input.kind}, s.kind = *input.kind;
    if (input.area_present && input.area != s.area) s.area = input.area, diff["area"] = "changed";
    if (input.archived && *input.archived != s.archived) diff["archived"] = s.archived = *input.archived;
    s.updated_at = NowIso();
    KINSHIP_RETURN_IF_ERROR(UpdateSite(tx, s));
    out = s;
    const char* action = diff.contains("archived") && s.archived ? "archive" : "update";
    return audit.Append(tx, {s.program_id, actor.user_id, "site", s.id, action, diff});
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace kinship::sites

#include "sites/site_routes.h"

#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "sites/site_service.h"
#include "sites/site_store.h"

namespace kinship::sites {

namespace {
constexpr http::StringRule kName{.min = 1, .max = 120};
constexpr http::StringRule kArea{.min = 0, .max = 120};
}  // namespace

http::Response HandleListSites(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  const std::string archived = ctx.req.Query("include_archived");
  if (!archived.empty() && archived != "true" && archived != "false") {
    return http::ProblemFromStatus(FieldInvalid("include_archived", "must be true or false"));
  }
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListSites(tx, ctx.program_id(), archived == "true", paging->after, paging->limit));
    for (const auto& site : list) items.push_back(ToJson(site));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetSite(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Site site, FindSite(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(site);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateSite(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  SiteInput in;
  in.name = body.String("name", kName);
  in.kind = body.Enum("kind", kSiteKinds);
  in.area = body.OptionalString("area", kArea);
  if (in.area && in.area->empty()) in.area.reset();
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto site = CreateSite(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!site.ok()) return http::ProblemFromStatus(site.status());
  auto r = http::Json(201, ToJson(*site));
  r.SetHeader("Location", "/api/v1/sites/" + site->id);
  return r;
}

http::Response HandlePatchSite(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  SiteInput in;
  if (body.has("name")) in.name = body.String("name", kName);  // present: null is not a name
  in.kind = body.OptionalEnum("kind", kSiteKinds);
  in.area = body.OptionalString("area", kArea, &in.area_present);
  if (in.area && in.area->empty()) in.area.reset();
  in.archived = body.OptionalBool("archived");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto site = ChangeSite(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!site.ok()) return http::ProblemFromStatus(site.status());
  return http::Json(200, ToJson(*site));
}

http::Response HandleArchiveSite(http::Context& ctx) {
  SiteInput in;
  in.archived = true;
  auto site = ChangeSite(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!site.ok()) return http::ProblemFromStatus(site.status());
  return http::NoContent();
}

}  // namespace kinship::sites

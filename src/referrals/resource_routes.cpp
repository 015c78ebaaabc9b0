#include "referrals/resource_routes.h"

#include <algorithm>

#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "referrals/resource_service.h"
#include "referrals/resource_store.h"

namespace kinship::referrals {

namespace {
constexpr http::StringRule kName{.min = 1, .max = 120};
constexpr http::StringRule kText{.min = 0, .max = 500};
constexpr http::StringRule kArea{.min = 0, .max = 120};

// An optional text field: "" and null both clear it.
TextChange ReadText(http::BodyReader& body, const char* field, http::StringRule rule) {
  TextChange c;
  c.value = body.OptionalString(field, rule, &c.present);
  if (c.value && c.value->empty()) c.value.reset();
  return c;
}

void ReadTexts(http::BodyReader& body, ResourceInput* in) {
  in->hours = ReadText(body, "hours", kText);
  in->eligibility = ReadText(body, "eligibility", kText);
  in->how_to_refer = ReadText(body, "how_to_refer", kText);
  in->contact = ReadText(body, "contact", kText);
  in->area = ReadText(body, "area", kArea);
}
}  // namespace

http::Response HandleListResources(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  const std::string archived = ctx.req.Query("include_archived");
  if (!archived.empty() && archived != "true" && archived != "false") {
    return http::ProblemFromStatus(FieldInvalid("include_archived", "must be true or false"));
  }
  const std::string kind = ctx.req.Query("kind");
  if (!kind.empty() && std::find(kResourceKinds.begin(), kResourceKinds.end(), kind) == kResourceKinds.end()) {
    return http::ProblemFromStatus(FieldInvalid("kind", "must be one of: housing, mental_health, "
                                                        "substance_use_treatment, opioid_agonist_treatment, medical, "
                                                        "testing, legal, food, shelter, other"));
  }
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListResources(tx, ctx.program_id(), kind, archived == "true", paging->after,
                                                      paging->limit));
    for (const auto& r : list) items.push_back(ToJson(r));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetResource(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Resource r, FindResource(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(r);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateResource(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ResourceInput in;
  in.name = body.String("name", kName);
  in.kind = body.Enum("kind", kResourceKinds);
  ReadTexts(body, &in);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto r = CreateResource(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  auto resp = http::Json(201, ToJson(*r));
  resp.SetHeader("Location", "/api/v1/resources/" + r->id);
  return resp;
}

http::Response HandlePatchResource(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  ResourceInput in;
  if (body.has("name")) in.name = body.String("name", kName);  // present: null is not a name
  in.kind = body.OptionalEnum("kind", kResourceKinds);
  ReadTexts(body, &in);
  in.archived = body.OptionalBool("archived");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto r = ChangeResource(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), in);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  return http::Json(200, ToJson(*r));
}

}  // namespace kinship::referrals

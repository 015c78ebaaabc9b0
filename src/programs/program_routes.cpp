#include "programs/program_routes.h"

#include "audit/audit_log.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "programs/program_service.h"
#include "programs/program_store.h"

namespace kinship::programs {

http::Response HandleListPrograms(http::Context& ctx) {
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, VisiblePrograms(tx, ctx.who()));
    for (const auto& p : list) items.push_back(ToJson(p));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, {{"items", items}, {"next_after", nullptr}});
}

http::Response HandleGetProgram(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Program p, VisibleProgram(tx, ctx.who(), ctx.Param("id")));
    out = ToJson(p);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateProgram(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string name = body.String("name", {.min = 1, .max = 120});
  const std::string slug = body.String("slug", {.min = 1, .max = 64});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  std::optional<std::string> network;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Program home, FindProgram(tx, ctx.who().home_program_id));
    network = home.network_id;
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  if (!network) return http::ProblemFromStatus(FailedPrecondition("Your program is not part of a network."));
  auto p = CreateProgram(ctx.services.db, ctx.services.audit, ctx.who().user_id, name, slug, network);
  if (!p.ok()) return http::ProblemFromStatus(p.status());
  return http::Json(201, ToJson(*p));
}

http::Response HandlePatchProgram(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const auto name = body.OptionalString("name", {.min = 1, .max = 120});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  nlohmann::json out;
  Status s = ctx.services.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Program p, VisibleProgram(tx, ctx.who(), ctx.Param("id")));
    // Admins change only their own program; network users any program of their network.
    if (ctx.who().role != "network" && p.id != ctx.who().program_id) return NotFound("program not found");
    if (name) {
      KINSHIP_RETURN_IF_ERROR(UpdateProgramName(tx, p.id, *name));
      KINSHIP_RETURN_IF_ERROR(ctx.services.audit.Append(tx, {p.id, ctx.who().user_id, "program", p.id, "update", {{"name", "changed"}}}));
    }
    KINSHIP_ASSIGN_OR_RETURN(Program updated, FindProgram(tx, p.id));
    out = ToJson(updated);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

}  // namespace kinship::programs

#include "users/user_routes.h"

#include "auth/permissions.h"
#include "http/json_body.h"
#include "http/paging.h"
#include "http/problem.h"
#include "users/user_service.h"
#include "users/user_store.h"

namespace kinship::users {

namespace {
const std::vector<std::string_view> kRoleNames(std::begin(auth::kRoles), std::end(auth::kRoles));
constexpr http::StringRule kDisplayName{.min = 1, .max = 120};
}  // namespace

http::Response HandleListUsers(http::Context& ctx) {
  auto paging = http::ParsePaging(ctx.req);
  if (!paging.ok()) return http::ProblemFromStatus(paging.status());
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto list, ListUsers(tx, ctx.program_id(), paging->after, paging->limit));
    for (const auto& u : list) items.push_back(ToJson(u));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, http::ListEnvelope(std::move(items), *paging));
}

http::Response HandleGetUser(http::Context& ctx) {
  nlohmann::json out;
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(User u, FindUser(tx, ctx.program_id(), ctx.Param("id")));
    out = ToJson(u);
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, out);
}

http::Response HandleCreateUser(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  NewUser in;
  in.username = body.String("username", {.min = 1, .max = 64});
  in.display_name = body.String("display_name", kDisplayName);
  in.role = body.Enum("role", kRoleNames);
  in.password = body.String("password", {.min = 1, .max = 1000, .trim = false});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto u = CreateUser(ctx.services.db, ctx.services.audit, ctx.who(), in);
  if (!u.ok()) return http::ProblemFromStatus(u.status());
  auto r = http::Json(201, ToJson(*u));
  r.SetHeader("Location", "/api/v1/users/" + u->id);
  return r;
}

http::Response HandlePatchUser(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  UserChange change;
  change.display_name = body.OptionalString("display_name", kDisplayName);
  change.role = body.OptionalEnum("role", kRoleNames);
  change.disabled = body.OptionalBool("disabled");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto u = ChangeUser(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), change);
  if (!u.ok()) return http::ProblemFromStatus(u.status());
  return http::Json(200, ToJson(*u));
}

http::Response HandleResetPassword(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string pw = body.String("new_password", {.min = 1, .max = 1000, .trim = false});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  Status s = ResetPassword(ctx.services.db, ctx.services.audit, ctx.who(), ctx.Param("id"), pw);
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::NoContent();
}

}  // namespace kinship::users

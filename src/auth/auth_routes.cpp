#include "auth/auth_routes.h"

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "auth/permissions.h"
#include "core/ids.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "programs/program_store.h"
#include "store/database.h"

namespace kinship::auth {

namespace {

std::string CookieHeader(const http::Context& ctx, const std::string& value, int max_age) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age);
  const bool tls = ctx.req.tls || (ctx.services.settings.trust_proxy &&
                                   ctx.req.Header("x-forwarded-proto") == "https");
  if (tls || ctx.services.settings.secure_cookies) c += "; Secure";
  return c;
}

http::Response SessionResponse(http::Context& ctx, const Principal& p, const std::string& expires_at) {
  nlohmann::json program = nullptr;
  Status st = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(programs::Program prog, programs::FindProgram(tx, p.program_id));
    program = {{"id", prog.id}, {"name", prog.name}, {"slug", prog.slug}};
    return Status::Ok();
  });
  if (!st.ok()) return http::ProblemFromStatus(st);
  nlohmann::json perms = nlohmann::json::array();
  for (auto perm : PermissionsOf(p.role)) perms.push_back(perm);
  nlohmann::json body = {
      {"user",
       {{"id", p.user_id},
        {"username", p.username},
        {"display_name", p.display_name},
        {"role", p.role},
        {"program_id", p.home_program_id}}},
      {"program", program},
      {"permissions", perms},
  };
  if (p.via_session) body["csrf_token"] = p.csrf_token;
  if (!expires_at.empty()) body["expires_at"] = expires_at;
  return http::Json(200, body);
}

}  // namespace

http::Response HandleLogin(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string username = body.String("username", {.min = 1, .max = 64});
  const std::string password = body.String("password", {.min = 1, .max = 200, .trim = false});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  int retry_after = 0;
  const std::string client = http::ClientAddress(ctx.req, ctx.services.settings.trust_proxy);
  auto result = Login(ctx.services, username, password, client, &retry_after);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kUnauthenticated) {
      return http::Problem(401, "invalid-credentials", "Login failed", result.status().message());
    }
    auto r = http::ProblemFromStatus(result.status());
    if (retry_after > 0) r.SetHeader("Retry-After", std::to_string(retry_after));
    return r;
  }
  auto r = SessionResponse(ctx, result->principal, result->expires_at);
  r.SetHeader("Set-Cookie", CookieHeader(ctx, result->token, ctx.services.settings.session_hours * 3600));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response HandleGetSession(http::Context& ctx) {
  auto r = SessionResponse(ctx, ctx.who(), "");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response HandleLogout(http::Context& ctx) {
  if (ctx.who().via_session) {
    if (Status s = Logout(ctx.services, ctx.who()); !s.ok()) return http::ProblemFromStatus(s);
  }
  auto r = http::NoContent();
  r.SetHeader("Set-Cookie", CookieHeader(ctx, "", 0));
  return r;
}

http::Response HandleChangePassword(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string current = body.String("current_password", {.min = 1, .max = 200, .trim = false});
  const std::string next = body.String("new_password", {.min = 1, .max = 1000, .trim = false});
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  if (Status s = ChangePassword(ctx.services, ctx.who(), current, next); !s.ok()) return http::ProblemFromStatus(s);
  return http::NoContent();
}

http::Response HandleSwitchProgram(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string program_id = body.Id("program_id");
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  if (!ctx.who().via_session) {
    return http::Problem(409, "conflict", "Conflict", "API tokens choose a program with the X-Kinship-Program header.");
  }
  auto p = SwitchProgram(ctx.services, ctx.who(), program_id);
  if (!p.ok()) return http::ProblemFromStatus(p.status());
  return SessionResponse(ctx, *p, "");
}

static nlohmann::json TokenJson(const ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at ? nlohmann::json(*t.expires_at) : nlohmann::json(nullptr)},
          {"last_used_at", t.last_used_at ? nlohmann::json(*t.last_used_at) : nlohmann::json(nullptr)}};
}

http::Response HandleListTokens(http::Context& ctx) {
  nlohmann::json items = nlohmann::json::array();
  Status s = ctx.services.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(auto tokens, ListTokens(tx, ctx.who().home_program_id, ctx.who().user_id));
    for (const auto& t : tokens) items.push_back(TokenJson(t));
    return Status::Ok();
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::Json(200, {{"items", items}, {"next_after", nullptr}});
}

http::Response HandleCreateToken(http::Context& ctx) {
  http::BodyReader body(ctx.req.body);
  const std::string name = body.String("name", {.min = 1, .max = 120});
  const auto days = body.OptionalInt("expires_in_days", 1, 3650);
  if (Status s = body.Finish(); !s.ok()) return http::ProblemFromStatus(s);
  auto t = CreateToken(ctx.services, ctx.who(), name, days);
  if (!t.ok()) return http::ProblemFromStatus(t.status());
  nlohmann::json out = TokenJson(t->token);
  out["token"] = t->secret;
  auto r = http::Json(201, out);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response HandleDeleteToken(http::Context& ctx) {
  const std::string id = ctx.Param("id");
  Status s = ctx.services.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(DeleteToken(tx, ctx.who().home_program_id, ctx.who().user_id, id));
    return ctx.services.audit.Append(tx, {ctx.who().home_program_id, ctx.who().user_id, "api_token", id, "delete", {}});
  });
  if (!s.ok()) return http::ProblemFromStatus(s);
  return http::NoContent();
}

}  // namespace kinship::auth

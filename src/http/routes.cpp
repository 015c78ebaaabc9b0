// The route table: every API route, its handler and the permission it needs, in one place.
// docs/openapi.json must list each of them (tests/unit/openapi_test.cpp checks).
#include "audit/audit_routes.h"
#include "auth/auth_routes.h"
#include "http/router.h"
#include "programs/program_routes.h"
#include "programs/settings_routes.h"
// -- includes: participants --
// -- includes: supplies --
// -- includes: encounters --
// -- includes: referrals --
#include "sites/site_routes.h"
#include "users/user_routes.h"

namespace kinship::http {

const Router& ApiRouter() {
  static const Router kRouter = [] {
    Router r;
    const auto add = [&r](std::string method, std::string pattern, RouteHandler h, std::string perm) {
      r.Add({std::move(method), std::move(pattern), std::move(h), std::move(perm), false});
    };
    r.Add({"POST", "/api/v1/session", auth::HandleLogin, "", true});
    add("GET", "/api/v1/session", auth::HandleGetSession, "");
    add("DELETE", "/api/v1/session", auth::HandleLogout, "");
    add("PUT", "/api/v1/session/password", auth::HandleChangePassword, "account.self");
    add("PUT", "/api/v1/session/program", auth::HandleSwitchProgram, "programs.switch");
    add("GET", "/api/v1/tokens", auth::HandleListTokens, "account.self");
    add("POST", "/api/v1/tokens", auth::HandleCreateToken, "account.self");
    add("DELETE", "/api/v1/tokens/{id}", auth::HandleDeleteToken, "account.self");

    add("GET", "/api/v1/programs", programs::HandleListPrograms, "programs.read");
    add("POST", "/api/v1/programs", programs::HandleCreateProgram, "programs.create");
    add("GET", "/api/v1/programs/{id}", programs::HandleGetProgram, "programs.read");
    add("PATCH", "/api/v1/programs/{id}", programs::HandlePatchProgram, "programs.write");

    add("GET", "/api/v1/sites", sites::HandleListSites, "sites.read");
    add("POST", "/api/v1/sites", sites::HandleCreateSite, "sites.write");
    add("GET", "/api/v1/sites/{id}", sites::HandleGetSite, "sites.read");
    add("PATCH", "/api/v1/sites/{id}", sites::HandlePatchSite, "sites.write");
    add("DELETE", "/api/v1/sites/{id}", sites::HandleArchiveSite, "sites.write");

    add("GET", "/api/v1/users", users::HandleListUsers, "users.read");
    add("POST", "/api/v1/users", users::HandleCreateUser, "users.write");
    add("GET", "/api/v1/users/{id}", users::HandleGetUser, "users.read");
    add("PATCH", "/api/v1/users/{id}", users::HandlePatchUser, "users.write");
    add("POST", "/api/v1/users/{id}/password", users::HandleResetPassword, "users.write");

    add("GET", "/api/v1/audit", audit::HandleListAudit, "audit.read");
    add("GET", "/api/v1/audit/verify", audit::HandleVerifyAudit, "audit.read");

    add("GET", "/api/v1/settings", programs::HandleGetSettings, "programs.read");
    add("PATCH", "/api/v1/settings", programs::HandlePatchSettings, "programs.write");

    // -- routes: participants --

    // -- routes: supplies --

    // -- routes: encounters --

    // -- routes: referrals --
    return r;
  }();
  return kRouter;
}

}  // namespace kinship::http

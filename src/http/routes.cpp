// The route table: every API route, its handler and the permission it needs, in one place.
// docs/openapi.json must list each of them (tests/unit/openapi_test.cpp checks).
#include "audit/audit_routes.h"
#include "auth/auth_routes.h"
#include "http/router.h"
#include "programs/program_routes.h"
#include "programs/settings_routes.h"
#include "participants/participant_routes.h"
// -- includes: participants --
#include "supplies/catalog_routes.h"
#include "supplies/stock_routes.h"
// -- includes: supplies --
#include "encounters/encounter_routes.h"
// -- includes: encounters --
#include "referrals/referral_routes.h"
#include "referrals/resource_routes.h"
// -- includes: referrals --
#include "research/stats_routes.h"
#include "research/stats_service.h"
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

    add("POST", "/api/v1/participants/lookup", participants::HandleLookupParticipant, "participants.read");
    add("GET", "/api/v1/participants/duplicates", participants::HandleParticipantDuplicates, "participants.merge");
    add("GET", "/api/v1/participants", participants::HandleListParticipants, "participants.read");
    add("POST", "/api/v1/participants", participants::HandleCreateParticipant, "participants.write");
    add("GET", "/api/v1/participants/{id}", participants::HandleGetParticipant, "participants.read");
    add("PATCH", "/api/v1/participants/{id}", participants::HandlePatchParticipant, "participants.write");
    add("GET", "/api/v1/participants/{id}/history", participants::HandleParticipantHistory, "participants.history");
    add("POST", "/api/v1/participants/{id}/merge", participants::HandleMergeParticipant, "participants.merge");
    // -- routes: participants --

    add("GET", "/api/v1/items", supplies::HandleListItems, "supplies.read");
    add("POST", "/api/v1/items", supplies::HandleCreateItem, "supplies.write");
    add("GET", "/api/v1/items/{id}", supplies::HandleGetItem, "supplies.read");
    add("PATCH", "/api/v1/items/{id}", supplies::HandlePatchItem, "supplies.write");
    add("GET", "/api/v1/items.csv", supplies::HandleExportItemsCsv, "data.export");
    add("POST", "/api/v1/items.csv", supplies::HandleImportItemsCsv, "data.import");
    add("GET", "/api/v1/kits", supplies::HandleListKits, "supplies.read");
    add("POST", "/api/v1/kits", supplies::HandleCreateKit, "supplies.write");
    add("GET", "/api/v1/kits/{id}", supplies::HandleGetKit, "supplies.read");
    add("PATCH", "/api/v1/kits/{id}", supplies::HandlePatchKit, "supplies.write");
    add("DELETE", "/api/v1/kits/{id}", supplies::HandleArchiveKit, "supplies.write");
    add("GET", "/api/v1/lots", supplies::HandleListLots, "supplies.read");
    add("POST", "/api/v1/lots", supplies::HandleCreateLot, "supplies.write");
    add("GET", "/api/v1/lots.csv", supplies::HandleExportLotsCsv, "data.export");
    add("POST", "/api/v1/lots.csv", supplies::HandleImportLotsCsv, "data.import");
    add("GET", "/api/v1/stock", supplies::HandleListStock, "supplies.read");
    add("GET", "/api/v1/stock/card", supplies::HandleStockCard, "supplies.read");
    add("GET", "/api/v1/stock/low", supplies::HandleLowStock, "supplies.read");
    add("GET", "/api/v1/stock/expiring", supplies::HandleExpiringStock, "supplies.read");
    add("POST", "/api/v1/stock/receive", supplies::HandleReceiveStock, "supplies.write");
    add("POST", "/api/v1/stock/transfer", supplies::HandleTransferStock, "supplies.write");
    add("POST", "/api/v1/stock/adjust", supplies::HandleAdjustStock, "supplies.write");
    add("POST", "/api/v1/stock/dispose", supplies::HandleDisposeStock, "supplies.write");
    add("POST", "/api/v1/stock/expire", supplies::HandleExpireStock, "supplies.write");
    add("POST", "/api/v1/stock/count", supplies::HandleCountStock, "supplies.write");
    // -- routes: supplies --

    add("GET", "/api/v1/encounters", encounters::HandleListEncounters, "encounters.read");
    add("POST", "/api/v1/encounters", encounters::HandleCreateEncounter, "encounters.write");
    add("GET", "/api/v1/encounters.csv", encounters::HandleExportEncounters, "data.export");
    add("POST", "/api/v1/encounters.csv", encounters::HandleImportEncounters, "data.import");
    add("GET", "/api/v1/encounters/{id}", encounters::HandleGetEncounter, "encounters.read");
    add("PATCH", "/api/v1/encounters/{id}", encounters::HandlePatchEncounter, "encounters.write");
    add("POST", "/api/v1/encounters/{id}/void", encounters::HandleVoidEncounter, "encounters.write");
    add("GET", "/api/v1/dashboard", encounters::HandleDashboard, "dashboard.read");
    // -- routes: encounters --

    add("GET", "/api/v1/resources", referrals::HandleListResources, "referrals.read");
    add("POST", "/api/v1/resources", referrals::HandleCreateResource, "resources.write");
    add("GET", "/api/v1/resources/{id}", referrals::HandleGetResource, "referrals.read");
    add("PATCH", "/api/v1/resources/{id}", referrals::HandlePatchResource, "resources.write");
    add("GET", "/api/v1/referrals/board", referrals::HandleReferralBoard, "referrals.read");
    add("GET", "/api/v1/referrals/funnel", referrals::HandleReferralFunnel, "dashboard.read");
    add("GET", "/api/v1/referrals", referrals::HandleListReferrals, "referrals.read");
    add("POST", "/api/v1/referrals", referrals::HandleCreateReferral, "referrals.write");
    add("GET", "/api/v1/referrals/{id}", referrals::HandleGetReferral, "referrals.read");
    add("PATCH", "/api/v1/referrals/{id}", referrals::HandlePatchReferral, "referrals.write");
    // -- routes: referrals --

    // The statistics engine computes on the numbers a request carries; nothing is stored.
    for (const std::string_view method : research::StatsMethods()) {
      add("POST", "/api/v1/stats/" + std::string(method), research::StatsHandler(std::string(method)), "stats.use");
    }
    for (const std::string_view kind : research::StatsPlots()) {
      add("POST", "/api/v1/stats/plot/" + std::string(kind), research::StatsPlotHandler(std::string(kind)), "stats.use");
    }
    return r;
  }();
  return kRouter;
}

}  // namespace kinship::http

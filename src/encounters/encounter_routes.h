// HTTP handlers for /api/v1/encounters, /api/v1/encounters.csv and /api/v1/dashboard.
#pragma once

#include "http/context.h"

namespace kinship::encounters {

http::Response HandleListEncounters(http::Context& ctx);
http::Response HandleGetEncounter(http::Context& ctx);
http::Response HandleCreateEncounter(http::Context& ctx);
http::Response HandlePatchEncounter(http::Context& ctx);
http::Response HandleVoidEncounter(http::Context& ctx);
http::Response HandleExportEncounters(http::Context& ctx);
http::Response HandleImportEncounters(http::Context& ctx);
http::Response HandleDashboard(http::Context& ctx);

}  // namespace kinship::encounters

// HTTP handlers for /api/v1/sites.
#pragma once

#include "http/context.h"

namespace kinship::sites {

http::Response HandleListSites(http::Context& ctx);
http::Response HandleGetSite(http::Context& ctx);
http::Response HandleCreateSite(http::Context& ctx);
http::Response HandlePatchSite(http::Context& ctx);
http::Response HandleArchiveSite(http::Context& ctx);

}  // namespace kinship::sites

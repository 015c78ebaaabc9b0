// HTTP handlers for /api/v1/resources (the referral directory).
#pragma once

#include "http/context.h"

namespace kinship::referrals {

http::Response HandleListResources(http::Context& ctx);
http::Response HandleGetResource(http::Context& ctx);
http::Response HandleCreateResource(http::Context& ctx);
http::Response HandlePatchResource(http::Context& ctx);

}  // namespace kinship::referrals

// HTTP handlers for /api/v1/referrals: making and following up referrals, the follow-up
// board and the funnel.
#pragma once

#include "http/context.h"

namespace kinship::referrals {

http::Response HandleListReferrals(http::Context& ctx);
http::Response HandleGetReferral(http::Context& ctx);
http::Response HandleCreateReferral(http::Context& ctx);
http::Response HandlePatchReferral(http::Context& ctx);
http::Response HandleReferralBoard(http::Context& ctx);
http::Response HandleReferralFunnel(http::Context& ctx);

}  // namespace kinship::referrals

// HTTP handlers for /api/v1/session and /api/v1/tokens.
#pragma once

#include "http/context.h"

namespace kinship::auth {

http::Response HandleLogin(http::Context& ctx);
http::Response HandleGetSession(http::Context& ctx);
http::Response HandleLogout(http::Context& ctx);
http::Response HandleChangePassword(http::Context& ctx);
http::Response HandleSwitchProgram(http::Context& ctx);
http::Response HandleListTokens(http::Context& ctx);
http::Response HandleCreateToken(http::Context& ctx);
http::Response HandleDeleteToken(http::Context& ctx);

}  // namespace kinship::auth

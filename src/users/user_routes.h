// HTTP handlers for /api/v1/users.
#pragma once

#include "http/context.h"

namespace kinship::users {

http::Response HandleListUsers(http::Context& ctx);
http::Response HandleGetUser(http::Context& ctx);
http::Response HandleCreateUser(http::Context& ctx);
http::Response HandlePatchUser(http::Context& ctx);
http::Response HandleResetPassword(http::Context& ctx);

}  // namespace kinship::users

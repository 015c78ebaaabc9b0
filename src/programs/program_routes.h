// HTTP handlers for /api/v1/programs.
#pragma once

#include "http/context.h"

namespace kinship::programs {

http::Response HandleListPrograms(http::Context& ctx);
http::Response HandleGetProgram(http::Context& ctx);
http::Response HandleCreateProgram(http::Context& ctx);
http::Response HandlePatchProgram(http::Context& ctx);

}  // namespace kinship::programs

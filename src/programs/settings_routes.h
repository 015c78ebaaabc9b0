// HTTP handlers for /api/v1/settings: the active program's settings for the daily work.
#pragma once

#include "http/context.h"

namespace kinship::programs {

http::Response HandleGetSettings(http::Context& ctx);
http::Response HandlePatchSettings(http::Context& ctx);

}  // namespace kinship::programs

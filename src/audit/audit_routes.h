// HTTP handlers for /api/v1/audit.
#pragma once

#include "http/context.h"

namespace kinship::audit {

http::Response HandleListAudit(http::Context& ctx);
http::Response HandleVerifyAudit(http::Context& ctx);

}  // namespace kinship::audit

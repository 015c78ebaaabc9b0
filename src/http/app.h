// The request pipeline every request goes through: request id, parsing the target,
// operational endpoints (/healthz, /readyz, /metrics), routing, authentication, CSRF,
// the permission check, the handler, security headers, metrics and one log line.
// Exceptions from handlers are caught here and become a logged 500.
#pragma once

#include <memory>
#include <string>

#include "http/context.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/static_files.h"

namespace kinship::http {

class App {
 public:
  App(Services& services, std::string ui_dir);
  // Handles one request; never throws.
  Response Handle(Request& req);
  const Metrics& metrics() const { return metrics_; }

 private:
  Response RouteApi(Context& ctx);
  Response Static(Context& ctx);
  Services& services_;
  StaticFiles static_files_;
  Metrics metrics_;
};

// The OpenAPI document (docs/openapi.json, embedded at build time).
std::string_view OpenApiDocument();

}  // namespace kinship::http

// What a route handler gets: the request, its path parameters, the authenticated principal
// and the services (database, audit log, keys, settings) it may use.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "core/crypto.h"
#include "http/message.h"

namespace kinship::store { class Database; }
namespace kinship::audit { class Recorder; }
namespace kinship::auth { class LoginThrottle; }

namespace kinship::http {

// Settings the handlers need, taken from the validated configuration at start.
struct Settings {
  int session_hours = 12;
  bool secure_cookies = false;
  bool trust_proxy = false;
  int login_failures_per_account = 10;
  int login_failures_per_address = 50;
  int login_window_minutes = 15;
};

struct Services {
  store::Database& db;
  audit::Recorder& audit;
  auth::LoginThrottle& throttle;
  Settings settings;
  // Keyed BLAKE2b key for participant codes (derived from the master key file, "codes").
  crypto::Key code_key{};
};

struct Context {
  Request& req;
  Services& services;
  std::map<std::string, std::string> params;  // path parameters, e.g. {"id", "..."}
  std::optional<auth::Principal> principal;
  std::string request_id;
  std::string route;  // the matched pattern, e.g. "/api/v1/sites/{id}"

  const auth::Principal& who() const { return *principal; }
  const std::string& program_id() const { return principal->program_id; }
  std::string Param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};

using RouteHandler = std::function<Response(Context&)>;

}  // namespace kinship::http

// Logging in and out, recognising a request's user (session cookie or API token), password
// changes, the program switch of network users, and API tokens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "auth/session_store.h"
#include "core/status.h"
#include "http/context.h"

namespace kinship::auth {

inline constexpr const char* kSessionCookie = "kinship_session";

struct LoginResult {
  std::string token;  // the cookie value; shown to the client once
  std::string expires_at;
  Principal principal;
};

// kUnauthenticated with one message for every failure (no user enumeration);
// kResourceExhausted (with retry_after set) when throttled.
Result<LoginResult> Login(http::Services& s, const std::string& username, const std::string& password,
                          const std::string& address, int* retry_after);

// The principal for a request, from its session cookie or bearer token, and the
// X-Kinship-Program header for network users. kUnauthenticated when there is none.
Result<Principal> Authenticate(http::Services& s, const http::Request& req);

Status Logout(http::Services& s, const Principal& who);
Status ChangePassword(http::Services& s, const Principal& who, const std::string& current,
                      const std::string& next);
// kNotFound when the program is outside the user's network.
Result<Principal> SwitchProgram(http::Services& s, const Principal& who, const std::string& program_id);

struct NewToken {
  ApiToken token;
  std::string secret;
};
Result<NewToken> CreateToken(http::Services& s, const Principal& who, const std::string& name,
                             std::optional<int64_t> expires_in_days);

}  // namespace kinship::auth

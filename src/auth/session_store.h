// SQL for login sessions and API tokens. Only digests of the secrets are stored: a copy
// of the database does not let anyone log in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::auth {

struct SessionRow {
  std::string token_hash, program_id, user_id, active_program_id, csrf_token, created_at, expires_at;
};

struct ApiToken {
  std::string id, program_id, user_id, name, created_at;
  std::optional<std::string> expires_at, last_used_at;
};

Status InsertSession(store::Tx& tx, const SessionRow& s);
// Removes sessions that expired before now (called at each login, so the table stays small).
Status DeleteExpiredSessions(store::Tx& tx, const std::string& now);
// Records that a token was used (at most hourly, see auth_service.cpp).
Status TouchToken(store::Tx& tx, const std::string& id, const std::string& now);
Status DeleteSession(store::Tx& tx, const std::string& token_hash);
Status DeleteOtherSessions(store::Tx& tx, const std::string& user_id, const std::string& keep_hash);
Status SetActiveProgram(store::Tx& tx, const std::string& token_hash, const std::string& program_id);
// The principal behind a live session of an enabled user; kUnauthenticated otherwise.
Result<Principal> PrincipalForSession(store::Tx& tx, const std::string& token_hash, const std::string& now);
Result<Principal> PrincipalForToken(store::Tx& tx, const std::string& token_hash, const std::string& now);

Status InsertToken(store::Tx& tx, const ApiToken& t, const std::string& token_hash);
Result<std::vector<ApiToken>> ListTokens(store::Tx& tx, const std::string& program_id, const std::string& user_id);
// kNotFound when the token is not the user's.
Status DeleteToken(store::Tx& tx, const std::string& program_id, const std::string& user_id, const std::string& id);

}  // namespace kinship::auth

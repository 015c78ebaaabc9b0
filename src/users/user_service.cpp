#include "users/user_service.h"

#include <algorithm>

#include "auth/permissions.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/text.h"
#include "users/user_store.h"

namespace kinship::users {

void CheckUsername(const std::string& username, std::vector<FieldError>* errors) {
  const bool ok_chars = std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (username.size() < 3 || username.size() > 64 || !ok_chars) {
    errors->push_back({"username", "must be 3 to 64 characters: lower-case letters, digits, '.', '_' or '-'"});
  }
}

void CheckPassword(const std::string& field, const std::string& password, std::vector<FieldError>* errors) {
  if (password.size() < 10) errors->push_back({field, "must be at least 10 characters"});
  if (password.size() > 200) errors->push_back({field, "must be at most 200 characters"});
}

Result<User> CreateUser(store::Database& db, const audit::Recorder& audit,
                        const auth::Principal& actor, const NewUser& input) {
  std::vector<FieldError> errors;
  CheckUsername(input.username, &errors);
  CheckPassword("password", input.password, &errors);
  const size_t chars = Utf8Length(input.display_name);
  if (chars < 1 || chars > 120) {
    errors.push_back({"display_name", "must be 1 to 120 characters"});
  }
  if (!auth::IsRole(input.role)) errors.push_back({"role", "must be one of: peer, coordinator, admin, researcher, network"});
  if (!errors.empty()) return ValidationFailed(errors);
  if (!auth::MayGrantRole(actor.role, input.role)) {
    return PermissionDenied("Your role may not create a user with the role '" + input.role + "'.");
  }
  // Hash before the transaction: argon2id is slow on purpose and must not hold the writer.
  auto hash = crypto::HashPassword(input.password);
  if (!hash.ok()) return hash.status();
  User u;
  u.id = NewId();
  u.program_id = actor.program_id;
  u.username = input.username;
  u.display_name = input.display_name;
  u.role = input.role;
  u.created_at = u.updated_at = NowIso();
  u.password_hash = *hash;
  Status s = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertUser(tx, u));
    return audit.Append(tx, {u.program_id, actor.user_id, "user", u.id, "create",
                             {{"username", u.username}, {"role", u.role}}});
  });
  if (!s.ok()) return s;
  return u;
}

Result<User> ChangeUser(store::Database& db, const audit::Recorder& audit,
                        const auth::Principal& actor, const std::string& id, const UserChange& change) {
  if (change.role && !auth::MayGrantRole(actor.role, *change.role)) {
    if (!auth::IsRole(*change.role)) return FieldInvalid("role", "is not a role");
    return PermissionDenied("Your role may not grant the role '" + *change.role + "'.");
  }
  if (id == actor.user_id && ((change.disabled && *change.disabled) || (change.role && *change.role != actor.role))) {
    return FailedPrecondition("You cannot disable yourself or change your own role.");
  }
  User out;
  Status s = db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(User u, FindUser(tx, actor.program_id, id));
    if (u.role == "network" && actor.role != "network") {
      return PermissionDenied("Only a network coordinator may change a network user.");
    }
    nlohmann::json diff = nlohmann::json::object();
    if (change.display_name && *change.display_name != u.display_name) {
      u.display_name = *change.display_name;
      diff["display_name"] = "changed";
    }
    if (change.role && *change.role != u.role) diff["role"] = {u.role, *change.role}, u.role = *change.role;
    if (change.disabled && *change.disabled != u.disabled) diff["disabled"] = u.disabled = *change.disabled;
    KINSHIP_RETURN_IF_ERROR(UpdateUser(tx, u));
    if (u.disabled) {
      KINSHIP_RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = $1", {u.id}).status());
    }
    out = u;
    return audit.Append(tx, {u.program_id, actor.user_id, "user", u.id, "update", diff});
  });
  if (!s.ok()) return s;
  return out;
}

Status ResetPassword(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                     const std::string& id, const std::string& new_password) {
  std::vector<FieldError> errors;
  CheckPassword("new_password", new_password, &errors);
  if (!errors.empty()) return ValidationFailed(errors);
  auto hash = crypto::HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  return db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(User u, FindUser(tx, actor.program_id, id));
    if (u.role == "network" && actor.role != "network") {
      return PermissionDenied("Only a network coordinator may reset a network user's password.");
    }
    KINSHIP_RETURN_IF_ERROR(SetPasswordHash(tx, actor.program_id, id, *hash));
    KINSHIP_RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = $1", {id}).status());
    KINSHIP_RETURN_IF_ERROR(tx.Exec("DELETE FROM api_tokens WHERE user_id = $1", {id}).status());
    return audit.Append(tx, {actor.program_id, actor.user_id, "user", id, "reset_password", {}});
  });
}

}  // namespace kinship::users

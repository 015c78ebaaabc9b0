// Business rules for staff accounts: who may create whom, valid usernames and passwords,
// and the audit entry for every change. Used by the API and by `kinship user` / `init`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "core/status.h"
#include "store/database.h"
#include "users/user.h"

namespace kinship::users {

struct NewUser {
  std::string username;
  std::string display_name;
  std::string role;
  std::string password;
};

struct UserChange {
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<bool> disabled;
};

// Field errors for a username (3–64 of a-z 0-9 . _ -) and a password (10–200 characters).
void CheckUsername(const std::string& username, std::vector<FieldError>* errors);
void CheckPassword(const std::string& field, const std::string& password, std::vector<FieldError>* errors);

// Creates a user in actor.program_id. kValidation for bad fields or a taken username,
// kPermissionDenied when the actor may not grant the role.
Result<User> CreateUser(store::Database& db, const audit::Recorder& audit,
                        const auth::Principal& actor, const NewUser& input);
// kNotFound when the user is not in the actor's program.
Result<User> ChangeUser(store::Database& db, const audit::Recorder& audit,
                        const auth::Principal& actor, const std::string& id, const UserChange& change);
// Sets a new password and ends the user's sessions.
Status ResetPassword(store::Database& db, const audit::Recorder& audit, const auth::Principal& actor,
                     const std::string& id, const std::string& new_password);

}  // namespace kinship::users

// SQL for users. Every lookup by id is scoped to a program; only login looks a username up
// across programs (usernames are unique installation-wide).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "users/user.h"

namespace kinship::users {

// kNotFound when no user has that username.
Result<User> FindUserByUsername(store::Tx& tx, const std::string& username);
// kNotFound when the user does not exist in that program.
Result<User> FindUser(store::Tx& tx, const std::string& program_id, const std::string& id);
Result<std::vector<User>> ListUsers(store::Tx& tx, const std::string& program_id,
                                    const std::string& after, int limit);
// kAlreadyExists when the username is taken.
Status InsertUser(store::Tx& tx, const User& u);
// Updates display name, role and disabled flag.
Status UpdateUser(store::Tx& tx, const User& u);
Status SetPasswordHash(store::Tx& tx, const std::string& program_id, const std::string& id,
                       const std::string& hash);
Status RecordLogin(store::Tx& tx, const std::string& id, const std::string& at);
Result<int64_t> CountUsers(store::Tx& tx);

}  // namespace kinship::users

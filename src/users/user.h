// A staff account: a peer worker, coordinator, admin, researcher or network coordinator.
// Usernames are unique across the installation; the password hash never leaves the store.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kinship::users {

struct User {
  std::string id;
  std::string program_id;
  std::string username;
  std::string display_name;
  std::string role;
  bool disabled = false;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> last_login_at;
  std::string password_hash;  // argon2id; never serialised
};

nlohmann::json ToJson(const User& u);

}  // namespace kinship::users

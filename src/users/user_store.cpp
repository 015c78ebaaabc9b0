#include "users/user_store.h"

#include "core/clock.h"

namespace kinship::users {

namespace {
constexpr const char* kColumns =
    "id, program_id, username, display_name, role, disabled, created_at, updated_at, last_login_at, "
    "password_hash";

User FromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5),
          r.Text(6), r.Text(7), r.OptText(8), r.Text(9)};
}

Result<User> One(Result<store::Rows> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("user not found");
  return FromRow((*rows)[0]);
}
}  // namespace

nlohmann::json ToJson(const User& u) {
  return {{"id", u.id},
          {"program_id", u.program_id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at},
          {"last_login_at", u.last_login_at ? nlohmann::json(*u.last_login_at) : nlohmann::json(nullptr)}};
}

Result<User> FindUserByUsername(store::Tx& tx, const std::string& username) {
  return One(tx.Query(std::string("SELECT ") + kColumns + " FROM users WHERE username = $1", {username}));
}

Result<User> FindUser(store::Tx& tx, const std::string& program_id, const std::string& id) {
  return One(tx.Query(std::string("SELECT ") + kColumns + " FROM users WHERE program_id = $1 AND id = $2",
                      {program_id, id}));
}

Result<std::vector<User>> ListUsers(store::Tx& tx, const std::string& program_id,
                                    const std::string& after, int limit) {
  auto rows = tx.Query(std::string("SELECT ") + kColumns +
                           " FROM users WHERE program_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                       {program_id, after, limit});
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Status InsertUser(store::Tx& tx, const User& u) {
  auto r = tx.Exec(
      "INSERT INTO users (program_id, id, username, display_name, role, password_hash, disabled, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
      {u.program_id, u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled, u.created_at});
  if (r.status().code() == StatusCode::kAlreadyExists) {
    return FieldInvalid("username", "is already taken");
  }
  return r.status();
}

Status UpdateUser(store::Tx& tx, const User& u) {
  auto r = tx.Exec(
      "UPDATE users SET display_name = $3, role = $4, disabled = $5, updated_at = $6 "
      "WHERE program_id = $1 AND id = $2",
      {u.program_id, u.id, u.display_name, u.role, u.disabled, NowIso()});
  if (!r.ok()) return r.status();
  return *r == 0 ? NotFound("user not found") : Status::Ok();
}

Status SetPasswordHash(store::Tx& tx, const std::string& program_id, const std::string& id,
                       const std::string& hash) {
  auto r = tx.Exec("UPDATE users SET password_hash = $3, updated_at = $4 WHERE program_id = $1 AND id = $2",
                   {program_id, id, hash, NowIso()});
  if (!r.ok()) return r.status();
  return *r == 0 ? NotFound("user not found") : Status::Ok();
}

Status RecordLogin(store::Tx& tx, const std::string& id, const std::string& at) {
  return tx.Exec("UPDATE users SET last_login_at = $2 WHERE id = $1", {id, at}).status();
}

Result<int64_t> CountUsers(store::Tx& tx) {
  auto rows = tx.Query("SELECT COUNT(*) FROM users");
  if (!rows.ok()) return rows.status();
  return (*rows)[0].Int(0);
}

}  // namespace kinship::users

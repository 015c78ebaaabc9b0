#include "auth/session_store.h"

namespace kinship::auth {

Status InsertSession(store::Tx& tx, const SessionRow& s) {
  return tx.Exec("INSERT INTO sessions (token_hash, program_id, user_id, active_program_id, csrf_token, "
                 "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {s.token_hash, s.program_id, s.user_id, s.active_program_id, s.csrf_token, s.created_at,
                  s.expires_at})
      .status();
}

Status DeleteExpiredSessions(store::Tx& tx, const std::string& now) {
  return tx.Exec("DELETE FROM sessions WHERE expires_at <= $1", {now}).status();
}

Status TouchToken(store::Tx& tx, const std::string& id, const std::string& now) {
  return tx.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, now}).status();
}

Status DeleteSession(store::Tx& tx, const std::string& token_hash) {
  return tx.Exec("DELETE FROM sessions WHERE token_hash = $1", {token_hash}).status();
}

Status DeleteOtherSessions(store::Tx& tx, const std::string& user_id, const std::string& keep_hash) {
  return tx.Exec("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", {user_id, keep_hash}).status();
}

Status SetActiveProgram(store::Tx& tx, const std::string& token_hash, const std::string& program_id) {
  return tx.Exec("UPDATE sessions SET active_program_id = $2 WHERE token_hash = $1", {token_hash, program_id})
      .status();
}

namespace {
// Columns 0–4 of both principal queries: u.id, u.username, u.display_name, u.role, u.program_id.
Principal UserColumns(const store::Row& r) {
  Principal p;
  p.user_id = r.Text(0);
  p.username = r.Text(1);
  p.display_name = r.Text(2);
  p.role = r.Text(3);
  p.home_program_id = p.program_id = r.Text(4);
  return p;
}
}  // namespace

Result<Principal> PrincipalForSession(store::Tx& tx, const std::string& token_hash, const std::string& now) {
  auto rows = tx.Query(
      "SELECT u.id, u.username, u.display_name, u.role, u.program_id, s.active_program_id, s.csrf_token "
      "FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
      {token_hash, now});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Unauthenticated("Your session has ended; please log in again.");
  const auto& r = (*rows)[0];
  Principal p = UserColumns(r);
  p.program_id = r.Text(5);
  p.via_session = true;
  p.session_hash = token_hash;
  p.csrf_token = r.Text(6);
  return p;
}

Result<Principal> PrincipalForToken(store::Tx& tx, const std::string& token_hash, const std::string& now) {
  auto rows = tx.Query(
      "SELECT u.id, u.username, u.display_name, u.role, u.program_id, t.id, t.last_used_at "
      "FROM api_tokens t JOIN users u ON u.id = t.user_id "
      "WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled = 0",
      {token_hash, now});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Unauthenticated("The API token is not valid.");
  const auto& r = (*rows)[0];
  Principal p = UserColumns(r);
  p.token_id = r.Text(5);
  p.token_last_used_at = r.OptText(6).value_or("");
  return p;
}

Status InsertToken(store::Tx& tx, const ApiToken& t, const std::string& token_hash) {
  return tx.Exec("INSERT INTO api_tokens (program_id, id, user_id, name, token_hash, created_at, expires_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {t.program_id, t.id, t.user_id, t.name, token_hash, t.created_at, t.expires_at})
      .status();
}

Result<std::vector<ApiToken>> ListTokens(store::Tx& tx, const std::string& program_id, const std::string& user_id) {
  auto rows = tx.Query(
      "SELECT id, program_id, user_id, name, created_at, expires_at, last_used_at FROM api_tokens "
      "WHERE program_id = $1 AND user_id = $2 ORDER BY id",
      {program_id, user_id});
  if (!rows.ok()) return rows.status();
  std::vector<ApiToken> out;
  for (const auto& r : *rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.OptText(5), r.OptText(6)});
  }
  return out;
}

Status DeleteToken(store::Tx& tx, const std::string& program_id, const std::string& user_id, const std::string& id) {
  auto r = tx.Exec("DELETE FROM api_tokens WHERE program_id = $1 AND user_id = $2 AND id = $3",
                   {program_id, user_id, id});
  if (!r.ok()) return r.status();
  return *r == 0 ? NotFound("token not found") : Status::Ok();
}

}  // namespace kinship::auth

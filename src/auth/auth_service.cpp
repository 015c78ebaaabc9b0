#include "auth/auth_service.h"

#include "audit/audit_log.h"
#include "auth/throttle.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "programs/program_service.h"
#include "store/database.h"
#include "users/user_service.h"
#include "users/user_store.h"

namespace kinship::auth {

namespace {
const char* kBadLogin = "The username or password is not right.";
}

Result<LoginResult> Login(http::Services& s, const std::string& username, const std::string& password,
                          const std::string& address, int* retry_after) {
  *retry_after = s.throttle.RetryAfter(username, address);
  if (*retry_after > 0) {
    const int minutes = (*retry_after + 59) / 60;
    return ResourceExhausted("Too many failed logins. Please wait " +
                             (*retry_after < 60 ? std::to_string(*retry_after) + " seconds"
                                                : std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes")) +
                             " and try again.");
  }
  std::optional<users::User> user;
  Status st = s.db.Read([&](store::Tx& tx) -> Status {
    auto u = users::FindUserByUsername(tx, username);
    if (u.ok()) user = *u;
    return u.ok() || u.status().code() == StatusCode::kNotFound ? Status::Ok() : u.status();
  });
  if (!st.ok()) return st;
  // Verify against a dummy hash for unknown users so timing reveals nothing.
  const bool match = crypto::VerifyPassword(user ? user->password_hash : crypto::DummyPasswordHash(), password);
  if (!user || !match || user->disabled) {
    s.throttle.RecordFailure(username, address);
    return Unauthenticated(kBadLogin);
  }
  s.throttle.RecordSuccess(username);
  LoginResult out;
  out.token = crypto::RandomToken("kss_");
  const auto now = Now();
  out.expires_at = FormatTime(now + std::chrono::hours(s.settings.session_hours));
  SessionRow row{crypto::Digest(out.token), user->program_id, user->id, user->program_id,
                 crypto::RandomHex(24), FormatTime(now), out.expires_at};
  st = s.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(DeleteExpiredSessions(tx, row.created_at));
    KINSHIP_RETURN_IF_ERROR(InsertSession(tx, row));
    KINSHIP_RETURN_IF_ERROR(users::RecordLogin(tx, user->id, row.created_at));
    return s.audit.Append(tx, {user->program_id, user->id, "session", user->id, "login", {}});
  });
  if (!st.ok()) return st;
  Principal& p = out.principal;
  p.user_id = user->id;
  p.username = user->username;
  p.display_name = user->display_name;
  p.role = user->role;
  p.home_program_id = p.program_id = user->program_id;
  p.via_session = true;
  p.session_hash = row.token_hash;
  p.csrf_token = row.csrf_token;
  return out;
}

Result<Principal> Authenticate(http::Services& s, const http::Request& req) {
  std::string bearer;
  const std::string authz = req.Header("authorization");
  if (authz.rfind("Bearer ", 0) == 0) bearer = authz.substr(7);
  const std::string cookie = req.Cookie(kSessionCookie);
  if (bearer.empty() && cookie.empty()) return Unauthenticated("Please log in.");
  const std::string wanted_program = req.Header("x-kinship-program");
  Principal p;
  Status st = s.db.Read([&](store::Tx& tx) -> Status {
    const std::string now = NowIso();
    if (!bearer.empty()) {
      KINSHIP_ASSIGN_OR_RETURN(p, PrincipalForToken(tx, crypto::Digest(bearer), now));
    } else {
      KINSHIP_ASSIGN_OR_RETURN(p, PrincipalForSession(tx, crypto::Digest(cookie), now));
    }
    if (!wanted_program.empty() && wanted_program != p.program_id) {
      if (p.role != "network") return PermissionDenied("Only network users may choose another program.");
      auto program = programs::VisibleProgram(tx, p, wanted_program);
      if (!program.ok()) return program.status();
      p.program_id = program->id;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Keep last_used_at roughly true without a write per request: at most one an hour.
  if (!p.token_id.empty()) {
    const std::string hour_ago = FormatTime(Now() - std::chrono::hours(1));
    if (p.token_last_used_at.empty() || p.token_last_used_at < hour_ago) {
      const std::string id = p.token_id;
      (void)s.db.Write([&](store::Tx& tx) { return TouchToken(tx, id, NowIso()); });
    }
  }
  return p;
}

Status Logout(http::Services& s, const Principal& who) {
  return s.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(DeleteSession(tx, who.session_hash));
    return s.audit.Append(tx, {who.home_program_id, who.user_id, "session", who.user_id, "logout", {}});
  });
}

Status ChangePassword(http::Services& s, const Principal& who, const std::string& current,
                      const std::string& next) {
  std::vector<FieldError> errors;
  users::CheckPassword("new_password", next, &errors);
  if (!errors.empty()) return ValidationFailed(errors);
  std::string hash;
  Status st = s.db.Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(users::User u, users::FindUser(tx, who.home_program_id, who.user_id));
    hash = u.password_hash;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!crypto::VerifyPassword(hash, current)) return FieldInvalid("current_password", "is not right");
  auto next_hash = crypto::HashPassword(next);
  if (!next_hash.ok()) return next_hash.status();
  return s.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(users::SetPasswordHash(tx, who.home_program_id, who.user_id, *next_hash));
    KINSHIP_RETURN_IF_ERROR(DeleteOtherSessions(tx, who.user_id, who.session_hash));
    return s.audit.Append(tx, {who.home_program_id, who.user_id, "user", who.user_id, "change_password", {}});
  });
}

Result<Principal> SwitchProgram(http::Services& s, const Principal& who, const std::string& program_id) {
  Principal out = who;
  Status st = s.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(programs::Program p, programs::VisibleProgram(tx, who, program_id));
    KINSHIP_RETURN_IF_ERROR(SetActiveProgram(tx, who.session_hash, p.id));
    out.program_id = p.id;
    return s.audit.Append(tx, {who.home_program_id, who.user_id, "session", who.user_id, "switch_program",
                               {{"program_id", p.id}}});
  });
  if (!st.ok()) return st;
  return out;
}

Result<NewToken> CreateToken(http::Services& s, const Principal& who, const std::string& name,
                             std::optional<int64_t> expires_in_days) {
  NewToken out;
  out.secret = crypto::RandomToken("kst_");
  const auto now = Now();
  out.token = {NewId(), who.home_program_id, who.user_id, name, FormatTime(now), std::nullopt, std::nullopt};
  if (expires_in_days) out.token.expires_at = FormatTime(now + std::chrono::hours(24 * *expires_in_days));
  Status st = s.db.Write([&](store::Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(InsertToken(tx, out.token, crypto::Digest(out.secret)));
    return s.audit.Append(tx, {who.home_program_id, who.user_id, "api_token", out.token.id, "create", {}});
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace kinship::auth

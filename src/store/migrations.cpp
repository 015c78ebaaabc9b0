#include "store/migrations.h"

#include <string>

namespace kinship::store {

namespace {

// Migration 1: tenancy, accounts, sessions, tokens and the audit log.
constexpr std::string_view kFoundation = R"SQL(
CREATE TABLE networks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  network_id TEXT REFERENCES networks(id),
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX programs_network ON programs(network_id);
CREATE TABLE sites (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('fixed', 'outreach', 'mobile', 'mail_hub')),
  area TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX sites_name ON sites(program_id, name);
CREATE TABLE users (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('peer', 'coordinator', 'admin', 'researcher', 'network')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_login_at TEXT,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX users_id ON users(id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  active_program_id TEXT NOT NULL REFERENCES programs(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  last_used_at TEXT,
  PRIMARY KEY (program_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE audit_heads (
  program_id TEXT PRIMARY KEY REFERENCES programs(id),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_log (
  program_id TEXT NOT NULL REFERENCES programs(id),
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (program_id, seq)
);
)SQL";

constexpr std::string_view kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {"foundation: programs, sites, users, sessions, tokens, audit log", kFoundation, ""},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

const std::vector<std::string_view>& TablesInOrder() {
  static const std::vector<std::string_view> kTables = {
      "networks", "programs", "sites", "users", "sessions", "api_tokens", "audit_heads", "audit_log",
  };
  return kTables;
}

static Result<int> ReadVersion(Tx& tx) {
  auto rows = tx.Query("SELECT version FROM schema_version");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return 0;
  return static_cast<int>((*rows)[0].Int(0));
}

Result<int> SchemaVersion(Database& db) {
  // Read-only: asking the version must not create anything.
  int version = 0;
  Status s = db.Read([&](Tx& tx) -> Status {
    const char* exists_sql = tx.backend() == Backend::kPostgres
                                 ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                                   "current_schema() AND table_name = 'schema_version'"
                                 : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
    KINSHIP_ASSIGN_OR_RETURN(Rows exists, tx.Query(exists_sql));
    if (exists.empty() || exists[0].Int(0) == 0) return Status::Ok();
    KINSHIP_ASSIGN_OR_RETURN(version, ReadVersion(tx));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return version;
}

Status Migrate(Database& db) {
  const auto& migrations = Migrations();
  for (;;) {
    bool done = false;
    Status s = db.WriteExclusive([&](Tx& tx) -> Status {
      KINSHIP_RETURN_IF_ERROR(tx.ExecScript(kVersionTable));
      if (tx.backend() == Backend::kPostgres) {
        // Two servers starting at once must not both migrate.
        KINSHIP_RETURN_IF_ERROR(tx.ExecScript("LOCK TABLE schema_version IN EXCLUSIVE MODE"));
      }
      KINSHIP_ASSIGN_OR_RETURN(int version, ReadVersion(tx));
      if (version > LatestSchemaVersion()) {
        return FailedPrecondition("store: the database schema is at version " + std::to_string(version) +
                                  " but this kinship binary knows only up to version " +
                                  std::to_string(LatestSchemaVersion()) +
                                  "; upgrade kinship before using this database");
      }
      if (version == LatestSchemaVersion()) {
        done = true;
        return Status::Ok();
      }
      const Migration& m = migrations[version];
      const std::string_view sql =
          tx.backend() == Backend::kPostgres && !m.postgres.empty() ? m.postgres : m.sqlite;
      Status applied = tx.ExecScript(sql);
      if (!applied.ok()) {
        return Internal("store: migration " + std::to_string(version + 1) + " (" +
                        std::string(m.description) + ") failed: " + applied.message());
      }
      if (version == 0) {
        return tx.Exec("INSERT INTO schema_version (version) VALUES ($1)", {1}).status();
      }
      return tx.Exec("UPDATE schema_version SET version = $1", {version + 1}).status();
    });
    if (!s.ok()) return s;
    if (done) return Status::Ok();
  }
}

}  // namespace kinship::store

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

// Migration 2: the peer's daily work — program settings, participant codes, the supply
// catalog and stock ledger, encounters with their daily roll-ups, and referrals.
// Quantities are integers in the item's unit; days are "YYYY-MM-DD" (UTC).
constexpr std::string_view kDailyWork = R"SQL(
CREATE TABLE program_settings (
  program_id TEXT PRIMARY KEY REFERENCES programs(id),
  data TEXT NOT NULL,
  code_salt TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE participants (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  display_code TEXT NOT NULL,
  code_kind TEXT NOT NULL CHECK (code_kind IN ('uic', 'card')),
  age_band TEXT,
  gender TEXT,
  housing TEXT,
  main_route TEXT,
  merged_into TEXT,
  first_seen_at TEXT,
  last_seen_at TEXT,
  encounter_count BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX participants_display ON participants(program_id, display_code);
CREATE TABLE participant_keys (
  program_id TEXT NOT NULL REFERENCES programs(id),
  kind TEXT NOT NULL,
  hash TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (program_id, kind, hash, participant_id)
);
CREATE UNIQUE INDEX participant_keys_code ON participant_keys(program_id, hash) WHERE kind IN ('uic', 'card');
CREATE INDEX participant_keys_participant ON participant_keys(program_id, participant_id);
CREATE TABLE items (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  category TEXT NOT NULL,
  reorder_threshold BIGINT NOT NULL DEFAULT 0 CHECK (reorder_threshold >= 0),
  soft_limit BIGINT CHECK (soft_limit IS NULL OR soft_limit > 0),
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX items_name ON items(program_id, name);
CREATE TABLE kits (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX kits_name ON kits(program_id, name);
CREATE TABLE kit_items (
  program_id TEXT NOT NULL REFERENCES programs(id),
  kit_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (program_id, kit_id, item_id)
);
CREATE TABLE lots (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  lot_number TEXT NOT NULL,
  expires_on TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX lots_number ON lots(program_id, item_id, lot_number);
CREATE TABLE stock (
  program_id TEXT NOT NULL REFERENCES programs(id),
  site_id TEXT NOT NULL,
  lot_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  expires_on TEXT,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (program_id, site_id, lot_id)
);
CREATE INDEX stock_fefo ON stock(program_id, site_id, item_id, expires_on);
CREATE TABLE stock_totals (
  program_id TEXT NOT NULL REFERENCES programs(id),
  site_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, site_id, item_id)
);
CREATE TABLE movements (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  lot_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('receive', 'dispense', 'dispense_reversal', 'transfer_out',
                                     'transfer_in', 'adjust', 'dispose', 'expire')),
  quantity BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  lot_balance_after BIGINT NOT NULL,
  occurred_at TEXT NOT NULL,
  reason TEXT,
  encounter_id TEXT,
  transfer_id TEXT,
  user_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE INDEX movements_card ON movements(program_id, site_id, item_id, id);
CREATE INDEX movements_encounter ON movements(program_id, encounter_id) WHERE encounter_id IS NOT NULL;
CREATE INDEX movements_lot ON movements(program_id, lot_id);
CREATE TABLE encounters (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  day TEXT NOT NULL,
  site_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('fixed', 'outreach', 'mobile', 'delivery')),
  area TEXT,
  worker_id TEXT NOT NULL,
  participant_id TEXT,
  kit_id TEXT,
  returned_syringes BIGINT NOT NULL DEFAULT 0 CHECK (returned_syringes >= 0),
  returned_containers BIGINT NOT NULL DEFAULT 0 CHECK (returned_containers >= 0),
  services TEXT NOT NULL DEFAULT '',
  for_others_people BIGINT NOT NULL DEFAULT 0 CHECK (for_others_people >= 0),
  voided INTEGER NOT NULL DEFAULT 0,
  void_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE INDEX encounters_time ON encounters(program_id, occurred_at);
CREATE INDEX encounters_site ON encounters(program_id, site_id, occurred_at);
CREATE INDEX encounters_participant ON encounters(program_id, participant_id, occurred_at)
  WHERE participant_id IS NOT NULL;
CREATE TABLE encounter_items (
  program_id TEXT NOT NULL REFERENCES programs(id),
  encounter_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  for_others BIGINT NOT NULL DEFAULT 0 CHECK (for_others >= 0 AND for_others <= quantity),
  PRIMARY KEY (program_id, encounter_id, item_id)
);
CREATE TABLE daily_site_stats (
  program_id TEXT NOT NULL REFERENCES programs(id),
  day TEXT NOT NULL,
  site_id TEXT NOT NULL,
  encounters BIGINT NOT NULL DEFAULT 0,
  with_code BIGINT NOT NULL DEFAULT 0,
  returned_syringes BIGINT NOT NULL DEFAULT 0,
  returned_containers BIGINT NOT NULL DEFAULT 0,
  for_others_people BIGINT NOT NULL DEFAULT 0,
  referrals BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, day, site_id)
);
CREATE TABLE daily_item_stats (
  program_id TEXT NOT NULL REFERENCES programs(id),
  day TEXT NOT NULL,
  site_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  quantity BIGINT NOT NULL DEFAULT 0,
  for_others BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, day, site_id, item_id)
);
CREATE TABLE participant_periods (
  program_id TEXT NOT NULL REFERENCES programs(id),
  period TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  encounters BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, period, participant_id)
);
CREATE TABLE resources (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  hours TEXT,
  eligibility TEXT,
  how_to_refer TEXT,
  contact TEXT,
  area TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE UNIQUE INDEX resources_name ON resources(program_id, name);
CREATE TABLE referrals (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  encounter_id TEXT,
  participant_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('made', 'accepted', 'attended', 'not_attended', 'closed')),
  made_at TEXT NOT NULL,
  made_by TEXT NOT NULL,
  follow_up_on TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (program_id, id)
);
CREATE INDEX referrals_made ON referrals(program_id, made_at);
CREATE INDEX referrals_follow_up ON referrals(program_id, follow_up_on) WHERE status <> 'closed';
CREATE INDEX referrals_participant ON referrals(program_id, participant_id) WHERE participant_id IS NOT NULL;
CREATE INDEX referrals_encounter ON referrals(program_id, encounter_id) WHERE encounter_id IS NOT NULL;
CREATE TABLE referral_events (
  program_id TEXT NOT NULL REFERENCES programs(id),
  id TEXT NOT NULL,
  referral_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT,
  PRIMARY KEY (program_id, id)
);
CREATE INDEX referral_events_referral ON referral_events(program_id, referral_id);
)SQL";

// Migration 3: indexes that keep the busiest paths fast as the data grows.
// - First-expiry-first-out picks read only lots that still hold stock, in the order they are
//   taken (no sort, no walk over a site's emptied lots). Never-expiring lots (expires_on
//   NULL) sort last in SQLite and PostgreSQL alike through the COALESCE.
// - The referrals of one encounter or one participant come in id order from their own index
//   instead of a walk over the program's referrals in primary-key order.
constexpr std::string_view kScaleIndexes = R"SQL(
DROP INDEX stock_fefo;
CREATE INDEX stock_fefo ON stock(program_id, site_id, item_id, (COALESCE(expires_on, '9999-12-31')), lot_id)
  WHERE quantity > 0;
DROP INDEX referrals_encounter;
CREATE INDEX referrals_encounter ON referrals(program_id, encounter_id, id) WHERE encounter_id IS NOT NULL;
DROP INDEX referrals_participant;
CREATE INDEX referrals_participant ON referrals(program_id, participant_id, id) WHERE participant_id IS NOT NULL;
)SQL";

constexpr std::string_view kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {"foundation: programs, sites, users, sessions, tokens, audit log", kFoundation, ""},
      {"daily work: participants, supplies and stock, encounters, referrals", kDailyWork, ""},
      {"indexes for scale: lots in stock in first-expiry-first-out order, referrals by encounter and participant",
       kScaleIndexes, ""},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

const std::vector<std::string_view>& TablesInOrder() {
  static const std::vector<std::string_view> kTables = {
      "networks", "programs", "sites", "users", "sessions", "api_tokens", "audit_heads", "audit_log",
      "program_settings", "participants", "participant_keys", "items", "kits", "kit_items", "lots",
      "stock", "stock_totals", "movements", "encounters", "encounter_items", "daily_site_stats",
      "daily_item_stats", "participant_periods", "resources", "referrals", "referral_events",
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

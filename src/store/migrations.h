// The schema as an append-only list of migrations. The schema version is the number of
// migrations applied; each runs in its own transaction together with its version bump.
// A shipped migration is never edited: add a new one.
#pragma once

#include <string_view>
#include <vector>

#include "store/database.h"

namespace kinship::store {

struct Migration {
  std::string_view description;
  std::string_view sqlite;    // SQL for SQLite
  std::string_view postgres;  // SQL for PostgreSQL; empty when the SQLite text serves both
};

const std::vector<Migration>& Migrations();

// The version this binary knows (the number of migrations).
int LatestSchemaVersion();

// Returns the version the database is at (0 for a new database).
Result<int> SchemaVersion(Database& db);

// Applies every pending migration. Returns kFailedPrecondition, and changes nothing, when
// the database is at a newer version than this binary knows.
Status Migrate(Database& db);

// Tables in an order that respects foreign keys (parents first): backup and restore use it.
const std::vector<std::string_view>& TablesInOrder();

}  // namespace kinship::store

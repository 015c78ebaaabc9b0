// The embedded SQLite backend: WAL, foreign keys, synchronous=FULL, a busy timeout, a pool
// of reader connections and one writer thread that group-commits concurrent writes.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace kinship::store {

// Opens (creating if needed) the SQLite file at path. Returns kUnavailable when the file
// cannot be opened or is not a database.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const OpenOptions& options);

}  // namespace kinship::store

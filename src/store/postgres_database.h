// The PostgreSQL backend of the storage interface (database.h), over libpq: a pool of
// connections shared by all threads, one transaction per Read/Write call.
//
//   auto db = OpenPostgres("postgresql://kinship@db.example.org/kinship", {.pool_size = 16});
//   if (!db.ok()) return db.status();
//   Status s = (*db)->Write([&](Tx& tx) -> Status { ... });
//
// Read() runs at REPEATABLE READ, READ ONLY, so every statement in fn sees one snapshot.
// Write() and WriteExclusive() run at the server's default isolation (READ COMMITTED); they
// are the same here, as PostgreSQL needs no write batching. A transaction that fails with a
// serialization failure or a deadlock is retried as a whole, so fn may run more than once
// and must not have effects outside the transaction.
//
// Unlike SQLite, PostgreSQL aborts the whole transaction when one statement fails: after an
// error inside fn, later statements fail too, and the transaction rolls back even if fn
// returns OK (the first error is then returned). Use ON CONFLICT rather than "insert, and
// update when that fails".
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace kinship::store {

// Opens a pool of options.pool_size connections to url, a libpq URI ("postgresql://..." or
// "postgres://...", e.g. "postgresql:///kinship?host=/run/postgresql&port=5432"). One
// connection is made at once to check the server answers; the others when needed.
// Returns kUnavailable, with a message naming the host and database but not the
// password, when the server cannot be reached or refuses the connection.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const OpenOptions& options);

}  // namespace kinship::store

// The tamper-evident audit log. Every write appends, in the same transaction, an entry
// (who, when, program, entity, action, a digest of the change) whose hash chains to the
// previous entry of the same program with keyed BLAKE2b. Altering, removing or reordering
// any entry breaks the chain, and Verify() names the first broken link. The key is derived
// from the master key file, which is not in the database, so a database alone cannot be
// re-chained after tampering. This file is also the audit log's store (its SQL lives here).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::audit {

struct Entry {
  std::string program_id;
  std::string user_id;  // empty for the system (CLI, migrations)
  std::string entity;   // "site", "user", "session", ...
  std::string entity_id;
  std::string action;   // "create", "update", "archive", "login", ...
  nlohmann::json change = nlohmann::json::object();  // never passwords or personal data
};

struct StoredEntry {
  int64_t seq = 0;
  std::string at, program_id, user_id, entity, entity_id, action, digest, hash;
};

struct VerifyReport {
  bool ok = true;
  int64_t checked = 0;
  std::string program_id;  // of the first broken link
  int64_t first_broken_seq = 0;
  std::string reason;
};

class Recorder {
 public:
  explicit Recorder(const crypto::Key& key) : key_(key) {}

  // Starts the chain of a new program (call in the transaction that creates it).
  Status StartChain(store::Tx& tx, const std::string& program_id) const;
  // Appends entry in tx. Returns the store's error if the append fails.
  Status Append(store::Tx& tx, const Entry& entry) const;
  // Newest first; before_seq = 0 means from the newest.
  Result<std::vector<StoredEntry>> List(store::Tx& tx, const std::string& program_id,
                                        int64_t before_seq, int limit) const;
  // Checks the chain of one program, or every program when program_id is empty.
  Result<VerifyReport> Verify(store::Database& db, const std::string& program_id) const;
  // The same inside an open transaction (a restore checks before it commits).
  Result<VerifyReport> VerifyIn(store::Tx& tx, const std::string& program_id) const;

 private:
  std::string ChainHash(const std::string& prev_hash, int64_t seq, const std::string& at,
                        const std::string& program_id, const std::string& user_id,
                        const std::string& entity, const std::string& entity_id,
                        const std::string& action, const std::string& digest) const;
  crypto::Key key_;
};

nlohmann::json ToJson(const StoredEntry& e);

}  // namespace kinship::audit

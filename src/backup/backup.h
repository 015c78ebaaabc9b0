// Online backup and restore of a whole installation, between any two backends.
//
// WriteBackup reads every table of store::TablesInOrder() inside one Read() transaction,
// which is a consistent snapshot on both SQLite (WAL) and PostgreSQL (REPEATABLE READ), so
// it can run while the server is serving and writing. It writes FILE.tmp, fsyncs it and
// renames it to FILE, so a crash never leaves a half-written backup under the real name.
//
// A restore is three steps, so that nothing is written before the file is known good:
//
//   auto manifest = backup::VerifyBackupFile(path);          // checksum, structure, counts
//   Status s = backup::LoadBackup(db, path, *manifest,       // one transaction: load, count,
//                                 verify_audit_chain);       // verify, all or nothing
//
// The format is described in backup/backup_format.h.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backup/backup_format.h"
#include "core/status.h"
#include "store/database.h"

namespace kinship::backup {

struct BackupSummary {
  int schema_version = 0;
  std::vector<std::pair<std::string, int64_t>> rows;  // per table, in restore order
  int64_t total_rows = 0;
  std::string checksum;
};

// Writes a backup of db to path. Returns kFailedPrecondition when the database is not at
// this binary's schema version (nothing is written), kInternal when the file cannot be
// written (FILE.tmp is removed), or the store's error.
Result<BackupSummary> WriteBackup(store::Database& db, const std::string& path);

// Reads the whole file and checks its integrity without touching any database: see
// ScanBackup for the errors. Whether its schema suits this binary is for the caller.
Result<BackupManifest> VerifyBackupFile(const std::string& path);

// True when every table of the backup's schema is empty in db (tables that do not exist
// yet count as empty).
Result<bool> IsEmptyDatabase(store::Database& db);

// Loads the verified backup at path into db (already migrated to the backup's schema
// version) in one WriteExclusive transaction. The file is checked again while it is read;
// any difference rolls everything back. Returns kFailedPrecondition when db is not empty,
// the backup's tables are not this binary's, a table's columns differ from the backup's or
// the loaded row counts differ from the manifest, kInvalidArgument when the file changed
// since it was verified, or the store's error; on any error nothing is written.
// before_commit runs last inside the same transaction (the caller verifies the audit
// chain there); its error rolls everything back too.
Status LoadBackup(store::Database& db, const std::string& path, const BackupManifest& manifest,
                  const store::TxFn& before_commit);

// kFailedPrecondition naming the first table whose row count differs from the manifest.
Status CheckRowCounts(store::Database& db, const BackupManifest& manifest);

}  // namespace kinship::backup

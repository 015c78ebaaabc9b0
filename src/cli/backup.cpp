// `kinship backup` and `kinship restore`: a consistent online backup of the whole
// installation into one backend-neutral file, and its restore into an empty database of
// either backend, verified (checksum before writing; row counts and the audit chain after).
// The logic lives in backup/; this file maps its results to messages and exit codes.
#include <filesystem>
#include <iostream>

#include "backup/backup.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "store/migrations.h"

namespace kinship::cli {

namespace {

// store::Open creates a missing SQLite file; a backup must not.
bool SqliteFileMissing(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) return false;
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  return !std::filesystem::exists(path);
}

Result<std::unique_ptr<store::Database>> OpenDatabase(const Config& config) {
  store::OpenOptions options;
  options.pool_size = 2;
  return store::Open(config.String("db"), options);
}

int Backup(const Config& config, const std::string& out) {
  if (SqliteFileMissing(config.String("db"))) {
    return Fail(kExitDatabase, "there is no database at " + config.String("db"));
  }
  auto db = OpenDatabase(config);
  if (!db.ok()) return Fail(kExitDatabase, db.status().message());
  auto summary = backup::WriteBackup(**db, out);
  (*db)->Close();
  if (!summary.ok()) {
    // Not a (current) Kinship database, or unreachable: 3; the file could not be written: 1.
    const auto code = summary.status().code();
    const bool database = code == StatusCode::kFailedPrecondition || code == StatusCode::kUnavailable;
    return Fail(database ? kExitDatabase : kExitFailure, summary.status().message());
  }
  std::cout << "Backup written to " << out << " (schema version " << summary->schema_version << ", "
            << summary->total_rows << " rows):\n";
  for (const auto& [table, n] : summary->rows) std::cout << "  " << table << ": " << n << "\n";
  std::cout << "  checksum: " << summary->checksum << "\n";
  return kExitOk;
}

// Verifies the file and that this binary can restore its schema; prints why not.
int CheckBackupFile(const std::string& in, backup::BackupManifest* manifest) {
  auto verified = backup::VerifyBackupFile(in);
  if (!verified.ok()) {
    if (verified.status().code() == StatusCode::kNotFound) return Fail(kExitFailure, verified.status().message());
    return Fail(kExitVerify, "the backup does not verify, nothing was restored: " + verified.status().message());
  }
  *manifest = std::move(*verified);
  const int version = manifest->header.schema_version;
  const int latest = store::LatestSchemaVersion();
  if (version > latest) {
    return Fail(kExitFailure, "the backup is at schema version " + std::to_string(version) +
                                  ", newer than this kinship binary knows (" + std::to_string(latest) +
                                  "); restore it with a newer kinship");
  }
  if (version != latest) {
    return Fail(kExitFailure, "the backup is at schema version " + std::to_string(version) + ", this binary at " +
                                  std::to_string(latest) + "; restore it with the kinship release that wrote it, " +
                                  "then upgrade and run `kinship migrate`");
  }
  return kExitOk;
}

int Restore(const Config& config, const std::string& in, bool keep_unverified) {
  // 1. The file, before anything is written anywhere.
  backup::BackupManifest manifest_value;
  if (int rc = CheckBackupFile(in, &manifest_value); rc != kExitOk) return rc;
  const backup::BackupManifest* manifest = &manifest_value;
  const int version = manifest->header.schema_version;
  // 2. The key that must verify the audit chain, then the target.
  auto key = crypto::MasterKey::Load(config.KeyFilePath(), false);
  if (!key.ok()) {
    return Fail(kExitFailure, key.status().message() + " (restore needs the installation's key file: --key-file)");
  }
  const audit::Recorder recorder(key->Derive("audit"));
  auto db = OpenDatabase(config);
  if (!db.ok()) return Fail(kExitDatabase, db.status().message());
  store::Database& target = **db;
  auto empty = backup::IsEmptyDatabase(target);
  if (!empty.ok()) return Fail(kExitDatabase, empty.status().message());
  if (!*empty) return Fail(kExitFailure, "restore needs an empty database; " + target.Describe() + " has data");
  if (Status s = store::Migrate(target); !s.ok()) return Fail(kExitDatabase, s.message());
  // 3. Every row in one transaction, which also checks the counts and the audit chain
  //    before it commits: a restore that does not verify leaves the target empty.
  audit::VerifyReport report;
  std::string broken;
  const auto verify_chain = [&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(report, recorder.VerifyIn(tx, ""));
    if (report.ok) return Status::Ok();
    broken = "the audit chain of program " + report.program_id + " breaks at entry " +
             std::to_string(report.first_broken_seq) + " (" + report.reason + "); is " + config.KeyFilePath() +
             " this installation's key file?";
    if (keep_unverified) {
      std::cerr << "warning: " << broken << "\nThe restored rows are kept (--keep-unverified); "
                << "do not serve them before you know why.\n";
      return Status::Ok();
    }
    return FailedPrecondition(broken);
  };
  if (Status s = backup::LoadBackup(target, in, *manifest, verify_chain); !s.ok()) {
    if (!broken.empty()) return Fail(kExitVerify, "the restore does not verify: " + broken + " (nothing was restored)");
    const int code = s.code() == StatusCode::kInvalidArgument   ? kExitVerify
                     : s.code() == StatusCode::kFailedPrecondition ? kExitFailure
                                                                   : kExitDatabase;
    return Fail(code, s.message() + " (nothing was restored)");
  }
  if (!report.ok) return kExitVerify;  // kept on request, but still not verified
  target.Close();
  std::cout << "Restored " << in << " into " << target.Describe() << " (schema version " << version
            << ", written " << manifest->header.created_at << " from " << manifest->header.source << "):\n";
  for (const auto& t : manifest->tables) std::cout << "  " << t.name << ": " << t.rows << "\n";
  std::cout << manifest->tables.size() << " tables, " << manifest->total_rows << " rows, " << report.checked
            << " audit entries: verified\n";
  return kExitOk;
}

}  // namespace

void AddBackup(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("backup", "Write a consistent backup of the whole database (also while serving)");
  cmd->footer(
      "The backup is one snapshot of every table, written as FILE.tmp and renamed when complete. It holds password "
      "hashes: keep it private. The key file is not in the backup: keep a copy of it apart from the backups, "
      "`kinship restore` needs it.");
  static FlagValues flags;
  static std::string out;
  AddConfigFlags(cmd, {"config", "db", "log_level"}, &flags);
  cmd->add_option("--out", out, "Backup file to write (written as FILE.tmp, then renamed)")->required();
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Backup(*config, out) : kExitUsage;
  });
}

void AddRestore(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("restore", "Restore a backup into an empty database, and verify it");
  cmd->footer(
      "The file's checksum is verified before anything is written; all rows load in one transaction; then the row "
      "counts and the audit chain are verified. The audit chain is checked with the configured key file "
      "(--key-file), which is not in the backup and must be the same installation's key file. Exit codes: 0 "
      "restored and verified, 1 refused (the database is not empty, or the backup's schema is not this binary's), "
      "3 database unusable, 4 the backup or the restored data does not verify.");
  static FlagValues flags;
  static std::string in;
  static bool keep_unverified = false;
  AddConfigFlags(cmd, {"config", "db", "key_file", "log_level"}, &flags);
  cmd->add_option("--in", in, "Backup file to restore")->required();
  cmd->add_flag("--keep-unverified", keep_unverified,
                "Keep the restored rows even when the audit chain does not verify (to investigate it); by default "
                "nothing is restored then");
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Restore(*config, in, keep_unverified) : kExitUsage;
  });
}

}  // namespace kinship::cli

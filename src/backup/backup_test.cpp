// Backup and restore on temporary SQLite files: a round trip keeps every row and the audit
// chain, a backup taken while writes go on is a consistent snapshot, and a damaged file or
// a non-empty target is refused without writing anything.
#include "backup/backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "audit/audit_log.h"
#include "backup/backup_store.h"
#include "cli/common.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "demo/demo_data.h"
#include "programs/program_service.h"
#include "sites/site_service.h"
#include "store/migrations.h"

namespace kinship::backup {
namespace {

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::filesystem::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-backup-" + NewId());
    std::filesystem::create_directories(dir_);
    key_.fill(3);
    recorder_ = std::make_unique<audit::Recorder>(key_);
    source_ = OpenMigrated("source.db");
    auto demo = demo::CreateDemoData(*source_, *recorder_, 1, 1);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    backup_ = (dir_ / "kinship.backup").string();
  }
  void TearDown() override {
    for (auto* db : {source_.get(), target_.get()}) {
      if (db) db->Close();
    }
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<store::Database> OpenMigrated(const std::string& name) {
    auto db = store::Open("sqlite:" + (dir_ / name).string());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_TRUE(store::Migrate(**db).ok());
    return std::move(*db);
  }

  // Every row of every table, as text, in primary-key order.
  static std::vector<std::string> Dump(store::Database& db) {
    std::vector<std::string> out;
    Status s = db.Read([&](store::Tx& tx) -> Status {
      for (auto table : store::TablesInOrder()) {
        KINSHIP_ASSIGN_OR_RETURN(auto shape, DescribeTable(tx, table));
        KINSHIP_ASSIGN_OR_RETURN(auto rows, ReadRowsAfter(tx, table, shape, {}, 1000000));
        for (const auto& r : rows) {
          std::string line(table);
          for (size_t i = 0; i < r.size(); ++i) line += "|" + (r.IsNull(i) ? "NULL" : r.Text(i));
          out.push_back(line);
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::string ProgramId(store::Database& db) {
    std::string id;
    EXPECT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    KINSHIP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM programs ORDER BY slug LIMIT 1"));
                    id = rows.at(0).Text(0);
                    return Status::Ok();
                  }).ok());
    return id;
  }

  // Restores backup_ into a new target and returns the status of the load.
  Status RestoreIntoNewTarget() {
    auto manifest = VerifyBackupFile(backup_);
    if (!manifest.ok()) return manifest.status();
    if (target_) target_->Close();
    target_ = OpenMigrated("target-" + NewId() + ".db");
    return LoadBackup(*target_, backup_, *manifest, nullptr);
  }

  std::filesystem::path dir_;
  crypto::Key key_;
  std::unique_ptr<audit::Recorder> recorder_;
  std::unique_ptr<store::Database> source_, target_;
  std::string backup_;
};

TEST(StreamDigestTest, EqualsCryptoDigestOfTheConcatenation) {
  ASSERT_TRUE(crypto::Init().ok());
  StreamDigest d;
  d.Update("kinship ");
  d.Update("");
  d.Update("backup\n");
  EXPECT_EQ(d.Hex(), crypto::Digest("kinship backup\n"));
  d.Update("more");  // Hex() does not end the stream
  EXPECT_EQ(d.Hex(), crypto::Digest("kinship backup\nmore"));
}

TEST(CellTest, JsonRoundTripKeepsTypes) {
  for (const store::Value& v : {store::Value(), store::Value(int64_t{-9007199254740993}), store::Value(0.1),
                                store::Value("Main street \"hub\" é")}) {
    auto j = CellToJson(v);
    ASSERT_TRUE(j.ok());
    auto back = CellFromJson(nlohmann::json::parse(j->dump()));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->is_null(), v.is_null());
    EXPECT_EQ(back->is_int(), v.is_int());
    EXPECT_EQ(back->is_real(), v.is_real());
    EXPECT_EQ(back->AsText(), v.AsText());
  }
  EXPECT_FALSE(CellToJson(store::Value(std::nan(""))).ok());
  EXPECT_FALSE(CellFromJson(nlohmann::json(true)).ok());
  EXPECT_FALSE(CellFromJson(nlohmann::json::array()).ok());
}

TEST_F(BackupTest, RoundTripKeepsEveryRowAndTheAuditChain) {
  auto summary = WriteBackup(*source_, backup_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_GT(summary->total_rows, 10);
  EXPECT_FALSE(std::filesystem::exists(backup_ + ".tmp"));
  EXPECT_EQ(std::filesystem::status(backup_).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  const std::string text = ReadAll(backup_);
  EXPECT_EQ(text.rfind(R"({"format":"kinship-backup","version":1,"schema_version":3,)", 0), 0u) << text.substr(0, 80);

  Status s = RestoreIntoNewTarget();
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ(manifest->total_rows, summary->total_rows);
  EXPECT_TRUE(CheckRowCounts(*target_, *manifest).ok());
  EXPECT_EQ(Dump(*target_), Dump(*source_));
  auto report = recorder_->Verify(*target_, "");
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  EXPECT_GT(report->checked, 0);
}

TEST_F(BackupTest, WritesDuringTheBackupDoNotBreakItsConsistency) {
  const std::string program_id = ProgramId(*source_);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      sites::SiteInput in;
      in.name = "Site " + NewId();
      in.kind = "fixed";
      if (sites::CreateSite(*source_, *recorder_, cli::SystemActor(program_id), in).ok()) ++written;
    }
  });
  int backups = 0;
  for (; backups < 8 || written < 50; ++backups) {
    ASSERT_LT(backups, 500) << "the writer made no progress";
    auto summary = WriteBackup(*source_, backup_);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    Status s = RestoreIntoNewTarget();
    ASSERT_TRUE(s.ok()) << "backup " << backups << ": " << s.ToString();
    // The audit heads and the audit log come from the same instant: the chain verifies.
    auto report = recorder_->Verify(*target_, "");
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok) << "backup " << backups << ": " << report->reason;
  }
  stop = true;
  writer.join();
  EXPECT_GT(written.load(), 0);
}

TEST_F(BackupTest, ATamperedByteFailsTheChecksum) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  std::string text = ReadAll(backup_);
  const auto at = text.find("\"fixed\"");
  ASSERT_NE(at, std::string::npos);
  text[at + 1] = 'F';  // still valid JSON, still the right shape
  WriteAll(backup_, text);
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_FALSE(manifest.ok());
  EXPECT_EQ(manifest.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(manifest.status().message().find("checksum"), std::string::npos) << manifest.status().message();
}

TEST_F(BackupTest, AChangedRowCountInTheTrailerFails) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  std::string text = ReadAll(backup_);
  const auto last_row = text.rfind("\n[", text.size() - 2);
  const auto trailer = text.rfind("\n{");
  ASSERT_LT(last_row, trailer);
  text.erase(last_row, text.find('\n', last_row + 1) - last_row);  // drop the last row (only that line)
  WriteAll(backup_, text);
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_FALSE(manifest.ok());
  EXPECT_NE(manifest.status().message().find("trailer says"), std::string::npos) << manifest.status().message();
}

TEST_F(BackupTest, ATruncatedFileFails) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  const std::string text = ReadAll(backup_);
  for (size_t keep : {size_t{0}, text.size() / 2, text.rfind("\n{") + 1, text.size() - 1}) {
    WriteAll(backup_, text.substr(0, keep));
    auto manifest = VerifyBackupFile(backup_);
    ASSERT_FALSE(manifest.ok()) << "kept " << keep << " of " << text.size() << " bytes";
    EXPECT_EQ(manifest.status().code(), StatusCode::kInvalidArgument) << manifest.status().message();
  }
  EXPECT_EQ(VerifyBackupFile((dir_ / "missing").string()).status().code(), StatusCode::kNotFound);
}

TEST_F(BackupTest, ANonEmptyTargetIsRefusedAndUnchanged) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_TRUE(manifest.ok());
  target_ = OpenMigrated("target.db");
  ASSERT_TRUE(programs::CreateProgram(*target_, *recorder_, "", "Other Program", "other", std::nullopt).ok());
  auto empty = IsEmptyDatabase(*target_);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(*empty);
  const auto before = Dump(*target_);
  Status s = LoadBackup(*target_, backup_, *manifest, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("restore needs an empty database"), std::string::npos) << s.message();
  EXPECT_EQ(Dump(*target_), before);
}

TEST_F(BackupTest, DifferentColumnsAreRefusedAndNothingIsWritten) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_TRUE(manifest.ok());
  target_ = OpenMigrated("target.db");
  ASSERT_TRUE(target_->WriteExclusive([](store::Tx& tx) { return tx.ExecScript("ALTER TABLE sites ADD COLUMN x TEXT"); })
                  .ok());
  Status s = LoadBackup(*target_, backup_, *manifest, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("columns of table sites differ"), std::string::npos) << s.message();
  EXPECT_TRUE(Dump(*target_).empty());
}

TEST_F(BackupTest, AFileChangedAfterItsVerificationRollsTheRestoreBack) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_TRUE(manifest.ok());
  std::string text = ReadAll(backup_);
  // The last cell of the last row (an audit hash): the rows still load, only the checksum tells.
  const auto end = text.rfind("\"]\n");
  ASSERT_NE(end, std::string::npos);
  text[end - 1] = text[end - 1] == '0' ? '1' : '0';
  WriteAll(backup_, text);
  target_ = OpenMigrated("target.db");
  Status s = LoadBackup(*target_, backup_, *manifest, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_TRUE(Dump(*target_).empty());
}

TEST_F(BackupTest, AFailedBackupLeavesNoFile) {
  auto db = store::Open("sqlite:" + (dir_ / "not-kinship.db").string());
  ASSERT_TRUE(db.ok());
  auto summary = WriteBackup(**db, backup_);
  (*db)->Close();
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(backup_));
  EXPECT_FALSE(std::filesystem::exists(backup_ + ".tmp"));
}

TEST_F(BackupTest, AFailedCheckBeforeCommitRestoresNothing) {
  ASSERT_TRUE(WriteBackup(*source_, backup_).ok());
  auto manifest = VerifyBackupFile(backup_);
  ASSERT_TRUE(manifest.ok());
  target_ = OpenMigrated("target-check.db");
  bool checked_with_rows = false;
  Status s = LoadBackup(*target_, backup_, *manifest, [&](store::Tx& tx) -> Status {
    auto rows = tx.Query("SELECT COUNT(*) FROM programs");
    checked_with_rows = rows.ok() && (*rows)[0].Int(0) > 0;  // the check sees the loaded rows
    return FailedPrecondition("audit chain broken");
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(checked_with_rows);
  auto empty = IsEmptyDatabase(*target_);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(*empty);
}

}  // namespace
}  // namespace kinship::backup

// The audit chain must reveal any altered, removed or reordered entry.
#include <gtest/gtest.h>

#include <filesystem>

#include "audit/audit_log.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "programs/program_service.h"
#include "store/migrations.h"

namespace kinship::audit {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-audit-" + NewId());
    std::filesystem::create_directories(dir_);
    db_ = std::move(*store::Open("sqlite:" + (dir_ / "a.db").string()));
    ASSERT_TRUE(store::Migrate(*db_).ok());
    key_.fill(7);
    recorder_ = std::make_unique<Recorder>(key_);
    auto p = programs::CreateProgram(*db_, *recorder_, "", "Test Program", "test", std::nullopt);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    program_id_ = p->id;
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(db_->Write([&](store::Tx& tx) {
                       return recorder_->Append(tx, {program_id_, "", "site", NewId(), "create", {{"i", i}}});
                     }).ok());
    }
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Sql(const std::string& sql) {
    ASSERT_TRUE(db_->WriteExclusive([&](store::Tx& tx) { return tx.ExecScript(sql); }).ok());
  }
  VerifyReport Verify() {
    auto r = recorder_->Verify(*db_, "");
    EXPECT_TRUE(r.ok());
    return *r;
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  crypto::Key key_;
  std::unique_ptr<Recorder> recorder_;
  std::string program_id_;
};

TEST_F(AuditTest, IntactChainVerifies) {
  auto r = Verify();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.checked, 6);  // program creation + 5
}

TEST_F(AuditTest, AlteredEntryIsNamed) {
  Sql("UPDATE audit_log SET action = 'delete' WHERE seq = 3");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_seq, 3);
  EXPECT_EQ(r.program_id, program_id_);
}

TEST_F(AuditTest, RemovedMiddleEntryIsNamed) {
  Sql("DELETE FROM audit_log WHERE seq = 4");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_seq, 4);
}

TEST_F(AuditTest, RemovedNewestEntryIsNoticed) {
  Sql("DELETE FROM audit_log WHERE seq = 6");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_seq, 6);
}

TEST_F(AuditTest, RehashingWithoutTheKeyDoesNotHelp) {
  // An attacker recomputes the altered row's hash with a different key.
  Recorder forger(crypto::Key{});
  Sql("UPDATE audit_log SET user_id = 'someone' WHERE seq = 2");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_seq, 2);
}

TEST_F(AuditTest, WrongKeyFailsAtTheFirstEntry) {
  Recorder other(crypto::Key{});
  auto r = other.Verify(*db_, program_id_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_seq, 1);
}

TEST_F(AuditTest, ListIsNewestFirstAndPages) {
  Status s = db_->Read([&](store::Tx& tx) -> Status {
    auto page = recorder_->List(tx, program_id_, 0, 4);
    EXPECT_TRUE(page.ok());
    EXPECT_EQ(page->size(), 4u);
    EXPECT_EQ(page->front().seq, 6);
    auto next = recorder_->List(tx, program_id_, page->back().seq, 4);
    EXPECT_EQ(next->size(), 2u);
    EXPECT_EQ(next->back().seq, 1);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok());
}

}  // namespace
}  // namespace kinship::audit

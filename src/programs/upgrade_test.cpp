// Upgrading a database made by an older kinship: a schema-1 database with a program gains the
// daily-work tables and, through EnsureProgramDefaults, the program's settings and default
// catalog; a schema-2 database with stock gains the first-expiry-first-out index of lots in
// stock without losing a row.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/crypto.h"
#include "core/ids.h"
#include "programs/program_service.h"
#include "store/migrations.h"

namespace kinship::programs {
namespace {

class UpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-upgrade-" + NewId());
    std::filesystem::create_directories(dir_);
    db_ = std::move(*store::Open("sqlite:" + (dir_ / "u.db").string()));
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  // Applies the first `version` migrations only, as that older binary would have.
  void MigrateTo(int version) {
    Status s = db_->WriteExclusive([&](store::Tx& tx) -> Status {
      KINSHIP_RETURN_IF_ERROR(tx.ExecScript("CREATE TABLE schema_version (version INTEGER NOT NULL)"));
      for (int i = 0; i < version; ++i) KINSHIP_RETURN_IF_ERROR(tx.ExecScript(store::Migrations()[i].sqlite));
      return tx.Exec("INSERT INTO schema_version (version) VALUES ($1)", {version}).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  int64_t Scalar(const std::string& sql, const store::Params& params = {}) {
    int64_t n = -1;
    Status s = db_->Read([&](store::Tx& tx) -> Status {
      KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, params));
      n = rows.empty() || rows[0].IsNull(0) ? 0 : rows[0].Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  void Exec(const std::string& sql, const store::Params& params = {}) {
    Status s = db_->Write([&](store::Tx& tx) { return tx.Exec(sql, params).status(); });
    ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(UpgradeTest, ASchemaOneProgramGetsSettingsAndTheDefaultCatalog) {
  MigrateTo(1);
  Exec("INSERT INTO programs (id, network_id, name, slug, created_at, updated_at) "
       "VALUES ('p1', NULL, 'Old Program', 'old', 'x', 'x')");
  ASSERT_TRUE(store::Migrate(*db_).ok());
  EXPECT_EQ(*store::SchemaVersion(*db_), store::LatestSchemaVersion());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM program_settings WHERE program_id = 'p1'"), 0);

  ASSERT_TRUE(EnsureProgramDefaults(*db_).ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM program_settings WHERE program_id = 'p1'"), 1);
  const int64_t items = Scalar("SELECT COUNT(*) FROM items WHERE program_id = 'p1'");
  EXPECT_GE(items, 15);
  EXPECT_GE(Scalar("SELECT COUNT(*) FROM kits WHERE program_id = 'p1'"), 1);

  // Running it again (every start does) adds nothing.
  ASSERT_TRUE(EnsureProgramDefaults(*db_).ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM items WHERE program_id = 'p1'"), items);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM program_settings"), 1);
}

TEST_F(UpgradeTest, ASchemaTwoStockTableKeepsItsRowsAndGetsTheLotsInStockIndex) {
  MigrateTo(2);
  Exec("INSERT INTO programs (id, network_id, name, slug, created_at, updated_at) "
       "VALUES ('p1', NULL, 'Program', 'p', 'x', 'x')");
  for (const char* lot : {"empty", "full", "undated"}) {
    Exec("INSERT INTO lots (program_id, id, item_id, lot_number, expires_on, created_at) "
         "VALUES ('p1', $1, 'i1', $1, $2, 'x')",
         {lot, std::string(lot) == "undated" ? store::Value() : store::Value("2099-01-01")});
  }
  Exec("INSERT INTO stock (program_id, site_id, lot_id, item_id, expires_on, quantity) VALUES "
       "('p1', 's1', 'empty', 'i1', '2099-01-01', 0), ('p1', 's1', 'full', 'i1', '2099-01-01', 7), "
       "('p1', 's1', 'undated', 'i1', NULL, 2)");

  ASSERT_TRUE(store::Migrate(*db_).ok());
  EXPECT_EQ(*store::SchemaVersion(*db_), store::LatestSchemaVersion());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock"), 3);
  EXPECT_EQ(Scalar("SELECT SUM(quantity) FROM stock"), 9);
  // Only the lots that hold stock are in the index, the dated one first.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock INDEXED BY stock_fefo "
                   "WHERE program_id = 'p1' AND site_id = 's1' AND item_id = 'i1' AND quantity > 0"),
            2);
  int64_t first = 0;
  Status s = db_->Read([&](store::Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT quantity FROM stock INDEXED BY stock_fefo WHERE program_id = 'p1' AND site_id = 's1' "
                 "AND item_id = 'i1' AND quantity > 0 ORDER BY COALESCE(expires_on, '9999-12-31'), lot_id LIMIT 1"));
    first = rows[0].Int(0);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(first, 7);
}

}  // namespace
}  // namespace kinship::programs

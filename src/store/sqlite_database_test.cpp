// Tests for the SQLite backend: values, errors, snapshots, and group commit (a failing
// write in a batch never takes another write's rows with it).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/crypto.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/migrations.h"

namespace kinship::store {
namespace {

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-sqlite-" + NewId());
    std::filesystem::create_directories(dir_);
    auto db = Open("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->WriteExclusive([](Tx& tx) {
                     return tx.ExecScript(
                         "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, v DOUBLE PRECISION);"
                         "CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t(id))");
                   }).ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
                     auto rows = tx.Query("SELECT COUNT(*) FROM " + table);
                     if (!rows.ok()) return rows.status();
                     n = (*rows)[0].Int(0);
                     return Status::Ok();
                   }).ok());
    return n;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteTest, RoundTripsEveryValueKind) {
  ASSERT_TRUE(db_->Write([](Tx& tx) {
                   return tx.Exec("INSERT INTO t (id, name, v) VALUES ($1, $2, $3)", {1, "ñandú ✓", 2.5}).status();
                 }).ok());
  ASSERT_TRUE(db_->Write([](Tx& tx) {
                   return tx.Exec("INSERT INTO t (id, name, v) VALUES ($1, $2, $3)", {2, Value(), Value()}).status();
                 }).ok());
  ASSERT_TRUE(db_->Read([](Tx& tx) -> Status {
                   auto rows = tx.Query("SELECT id, name, v FROM t ORDER BY id");
                   EXPECT_TRUE(rows.ok());
                   EXPECT_EQ(rows->size(), 2u);
                   EXPECT_EQ((*rows)[0].Int(0), 1);
                   EXPECT_EQ((*rows)[0].Text(1), "ñandú ✓");
                   EXPECT_DOUBLE_EQ((*rows)[0].Real(2), 2.5);
                   EXPECT_TRUE((*rows)[1].IsNull(1));
                   EXPECT_FALSE((*rows)[1].OptText(1).has_value());
                   return Status::Ok();
                 }).ok());
}

TEST_F(SqliteTest, PlaceholdersMayRepeatAndComeOutOfOrder) {
  ASSERT_TRUE(db_->Write([](Tx& tx) {
                   return tx.Exec("INSERT INTO t (v, name, id) VALUES ($3, $2, $1)", {7, "seven", 7.0}).status();
                 }).ok());
  ASSERT_TRUE(db_->Read([](Tx& tx) -> Status {
                   auto rows = tx.Query("SELECT name FROM t WHERE id = $1 AND v = $1", {7});
                   EXPECT_EQ(rows->size(), 1u);
                   EXPECT_EQ((*rows)[0].Text(0), "seven");
                   return Status::Ok();
                 }).ok());
}

TEST_F(SqliteTest, MapsConstraintErrorsToCodes) {
  ASSERT_TRUE(db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status(); }).ok());
  Status dup = db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (2, 'a')").status(); });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  Status fk = db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO child (id, t_id) VALUES (1, 99)").status(); });
  EXPECT_EQ(fk.code(), StatusCode::kFailedPrecondition);
  Status syntax = db_->Read([](Tx& tx) { return tx.Query("SELEC nothing").status(); });
  EXPECT_EQ(syntax.code(), StatusCode::kInternal);
  EXPECT_NE(syntax.message().find("store: unable to"), std::string::npos);
}

TEST_F(SqliteTest, MissingParameterIsAnErrorNotACrash) {
  Status s = db_->Read([](Tx& tx) { return tx.Query("SELECT $1, $2", {1}).status(); });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
}

TEST_F(SqliteTest, FailedWriteRollsBack) {
  Status s = db_->Write([](Tx& tx) -> Status {
    KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status());
    return FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("t"), 0);
}

TEST_F(SqliteTest, ReadOnlyConnectionsRefuseWrites) {
  Status s = db_->Read([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status(); });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count("t"), 0);
}

TEST_F(SqliteTest, GroupCommitIsolatesFailuresAndKeepsEveryAcknowledgedWrite) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 50;
  std::atomic<int> acknowledged{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int id = t * kPerThread + i + 1;
        // Every 5th write inserts a row, then fails: its row must vanish, the others stay.
        const bool fail = id % 5 == 0;
        Status s = db_->Write([&](Tx& tx) -> Status {
          KINSHIP_RETURN_IF_ERROR(tx.Exec("INSERT INTO t (id, name) VALUES ($1, $2)", {id, "n" + std::to_string(id)}).status());
          if (fail) return FailedPrecondition("refused on purpose");
          return Status::Ok();
        });
        (s.ok() ? acknowledged : refused)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acknowledged + refused, kThreads * kPerThread);
  EXPECT_EQ(refused, kThreads * kPerThread / 5);
  EXPECT_EQ(Count("t"), acknowledged.load());
}

TEST_F(SqliteTest, ExceptionInWriteReachesTheCallerAndRollsBack) {
  EXPECT_THROW((void)db_->Write([](Tx& tx) -> Status {
    (void)tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')");
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_EQ(Count("t"), 0);
  EXPECT_TRUE(db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status(); }).ok());
}

TEST_F(SqliteTest, ReadSeesASnapshot) {
  ASSERT_TRUE(db_->Write([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status(); }).ok());
  Status s = db_->Read([&](Tx& tx) -> Status {
    auto before = tx.Query("SELECT COUNT(*) FROM t");
    std::thread writer([&] {
      EXPECT_TRUE(db_->Write([](Tx& w) { return w.Exec("INSERT INTO t (id, name) VALUES (2, 'b')").status(); }).ok());
    });
    writer.join();
    auto after = tx.Query("SELECT COUNT(*) FROM t");
    EXPECT_EQ((*before)[0].Int(0), (*after)[0].Int(0));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(Count("t"), 2);
}

// Checkpoints run beside the writer: once the WAL passes 1,000 pages its pages reach the
// database file without any commit running the checkpoint itself, and nothing is lost.
TEST_F(SqliteTest, TheWalIsCheckpointedInTheBackground) {
  const auto db_file = dir_ / "t.db";
  const auto size_before = std::filesystem::file_size(db_file);
  const std::string blob(3000, 'x');
  for (int i = 0; i < 1500; ++i) {
    ASSERT_TRUE(db_->Write([&](Tx& tx) {
                     return tx.Exec("INSERT INTO t (name) VALUES ($1)", {blob + std::to_string(i)}).status();
                   }).ok());
  }
  bool grew = false;
  for (int wait = 0; wait < 100 && !grew; ++wait) {
    grew = std::filesystem::file_size(db_file) > size_before + 2'000'000;
    if (!grew) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(grew) << "the database file is still " << std::filesystem::file_size(db_file) << " bytes";
  EXPECT_EQ(Count("t"), 1500);
}

TEST_F(SqliteTest, ClosedDatabaseRefusesWork) {
  db_->Close();
  EXPECT_EQ(db_->Write([](Tx&) { return Status::Ok(); }).code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->Read([](Tx&) { return Status::Ok(); }).code(), StatusCode::kUnavailable);
}

TEST(SqliteOpen, BadUrlsAndFilesGiveClearErrors) {
  EXPECT_EQ(Open("mysql://x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Open("sqlite:").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Open("sqlite:/nonexistent-dir/x/y.db").status().code(), StatusCode::kUnavailable);
  const auto path = std::filesystem::temp_directory_path() / ("kinship-notdb-" + NewId());
  std::ofstream(path) << std::string(4096, 'x');
  auto db = Open("sqlite:" + path.string());
  EXPECT_FALSE(db.ok());
  std::filesystem::remove(path);
}

TEST(RedactUrl, HidesPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(RedactUrl("postgresql:///db?host=/tmp&password=secret&port=5"),
            "postgresql:///db?host=/tmp&password=***&port=5");
  EXPECT_EQ(RedactUrl("sqlite:/x.db"), "sqlite:/x.db");
}

TEST(Migrations, ApplyOnceAndRefuseANewerSchema) {
  ASSERT_TRUE(crypto::Init().ok());
  const auto dir = std::filesystem::temp_directory_path() / ("kinship-mig-" + NewId());
  std::filesystem::create_directories(dir);
  auto db = Open("sqlite:" + (dir / "m.db").string());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*SchemaVersion(**db), 0);
  ASSERT_TRUE(Migrate(**db).ok());
  EXPECT_EQ(*SchemaVersion(**db), LatestSchemaVersion());
  ASSERT_TRUE(Migrate(**db).ok());  // idempotent
  ASSERT_TRUE((*db)->WriteExclusive([](Tx& tx) {
                     return tx.Exec("UPDATE schema_version SET version = $1", {LatestSchemaVersion() + 1}).status();
                   }).ok());
  Status s = Migrate(**db);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("upgrade kinship"), std::string::npos);
  for (auto table : TablesInOrder()) {
    Status q = (*db)->Read([&](Tx& tx) { return tx.Query("SELECT COUNT(*) FROM " + std::string(table)).status(); });
    EXPECT_TRUE(q.ok()) << table;
  }
  (*db)->Close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kinship::store

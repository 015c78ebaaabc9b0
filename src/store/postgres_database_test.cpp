// Tests of the PostgreSQL backend against a real server. Run them under
// tests/scripts/with_postgres.sh, which starts a throwaway server and sets
// KINSHIP_TEST_PG_URL; without it they fail, unless KINSHIP_ALLOW_NO_PG=1 (then they skip).
#include "store/postgres_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace kinship::store {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = EnvOr("KINSHIP_TEST_PG_URL", "");
    if (url_.empty()) {
      if (EnvOr("KINSHIP_ALLOW_NO_PG", "") == "1") {
        GTEST_SKIP() << "KINSHIP_TEST_PG_URL is not set and KINSHIP_ALLOW_NO_PG=1";
      }
      FAIL() << "KINSHIP_TEST_PG_URL is not set: run the tests under "
                "tests/scripts/with_postgres.sh (or set KINSHIP_ALLOW_NO_PG=1 to skip them)";
    }
    db_ = OpenOrDie(4);
    // Unique per test and per process: ctest may run several test processes at once
    // against one database.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    table_ = "pgtest_";
    for (char c : name) table_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    table_ += "_" + std::to_string(getpid());
  }

  void TearDown() override {
    if (!db_) return;
    db_ = OpenOrDie(1);  // the test may have closed its own
    for (const std::string& t : {table_ + "_child", table_}) {
      Status s = db_->WriteExclusive([&](Tx& tx) -> Status {
        return tx.ExecScript("DROP TABLE IF EXISTS " + t);
      });
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
  }

  std::unique_ptr<Database> OpenOrDie(int pool_size) {
    OpenOptions options;
    options.pool_size = pool_size;
    auto db = OpenPostgres(url_, options);
    if (!db.ok()) {
      ADD_FAILURE() << db.status().ToString();
      return nullptr;
    }
    return std::move(db).value();
  }

  void CreateTable(const std::string& columns) { CreateTable(table_, columns); }
  void CreateTable(const std::string& name, const std::string& columns) {
    Status s = db_->WriteExclusive([&](Tx& tx) -> Status {
      return tx.ExecScript("CREATE TABLE " + name + " (" + columns + ")");
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Runs a query in its own read transaction.
  Rows Select(const std::string& sql, const Params& params = {}) {
    Rows rows;
    Status s = db_->Read([&](Tx& tx) -> Status {
      KINSHIP_ASSIGN_OR_RETURN(rows, tx.Query(sql, params));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  }

  int64_t CountRows() { return Select("SELECT count(*) FROM " + table_).at(0).Int(0); }

  Status Insert(const std::string& sql, const Params& params) {
    return db_->Write([&](Tx& tx) -> Status { return tx.Exec(sql, params).status(); });
  }

  std::string url_;
  std::string table_;
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresDatabaseTest, ReportsBackendAndPings) {
  EXPECT_EQ(db_->backend(), Backend::kPostgres);
  EXPECT_TRUE(db_->Ping().ok());
  EXPECT_EQ(db_->Describe(), RedactUrl(url_));
}

TEST_F(PostgresDatabaseTest, RoundTripsIntegersTextAndNull) {
  CreateTable("id BIGINT PRIMARY KEY, n BIGINT, t TEXT");
  const std::vector<std::pair<int64_t, Value>> cases = {
      {1, Value(std::numeric_limits<int64_t>::max())},
      {2, Value(std::numeric_limits<int64_t>::min())},
      {3, Value(0)},
      {4, Value(true)},
      {5, Value()},
  };
  const std::vector<std::string> texts = {
      "naloxone", "Café — «naloxone» 💉 日本語", "", "quote ' and \" and \\ and $1", "line\nbreak"};
  for (size_t i = 0; i < cases.size(); ++i) {
    Status s = Insert("INSERT INTO " + table_ + " (id, n, t) VALUES ($1, $2, $3)",
                      {cases[i].first, cases[i].second, texts[i]});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Rows rows = Select("SELECT n, t FROM " + table_ + " ORDER BY id");
  ASSERT_EQ(rows.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    if (cases[i].second.is_null()) {
      EXPECT_TRUE(rows[i].IsNull(0));
    } else {
      ASSERT_TRUE(rows[i].at(0).is_int());
      EXPECT_EQ(rows[i].Int(0), cases[i].second.AsInt());
    }
    ASSERT_TRUE(rows[i].at(1).is_text());
    EXPECT_EQ(rows[i].Text(1), texts[i]);
  }
}

TEST_F(PostgresDatabaseTest, RoundTripsDoublesExactly) {
  CreateTable("id BIGINT PRIMARY KEY, x DOUBLE PRECISION");
  const std::vector<double> cases = {0.1,
                                     1.0 / 3.0,
                                     -2.5e-300,
                                     1.7976931348623157e308,
                                     std::numeric_limits<double>::denorm_min(),
                                     0.0,
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity()};
  for (size_t i = 0; i < cases.size(); ++i) {
    Status s = Insert("INSERT INTO " + table_ + " (id, x) VALUES ($1, $2)",
                      {static_cast<int64_t>(i), cases[i]});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Rows rows = Select("SELECT x FROM " + table_ + " ORDER BY id");
  ASSERT_EQ(rows.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(rows[i].at(0).is_real()) << i;
    EXPECT_EQ(rows[i].Real(0), cases[i]) << i;
  }
  Rows nan = Select("SELECT $1::double precision", {std::nan("")});
  ASSERT_TRUE(nan.at(0).at(0).is_real());
  EXPECT_TRUE(std::isnan(nan.at(0).Real(0)));
}

TEST_F(PostgresDatabaseTest, MapsColumnTypesToValueKinds) {
  Rows rows = Select(
      "SELECT 7::smallint, 8::integer, 9::bigint, 1.5::real, 2.25::double precision, "
      "12.5::numeric, true, false, NULL::bigint, NULL::text, 'v'::varchar, "
      "DATE '2024-02-29', 'NaN'::numeric, 1e400::numeric");
  ASSERT_EQ(rows.size(), 1u);
  const Row& r = rows[0];
  ASSERT_EQ(r.size(), 14u);
  for (size_t i : {0u, 1u, 2u, 6u, 7u}) EXPECT_TRUE(r.at(i).is_int()) << i;
  EXPECT_EQ(r.Int(0), 7);
  EXPECT_EQ(r.Int(1), 8);
  EXPECT_EQ(r.Int(2), 9);
  for (size_t i : {3u, 4u, 5u, 12u}) EXPECT_TRUE(r.at(i).is_real()) << i;
  EXPECT_EQ(r.Real(3), 1.5);
  EXPECT_EQ(r.Real(4), 2.25);
  EXPECT_EQ(r.Real(5), 12.5);
  EXPECT_TRUE(std::isnan(r.Real(12)));
  EXPECT_TRUE(r.Bool(6));
  EXPECT_FALSE(r.Bool(7));
  EXPECT_TRUE(r.IsNull(8));
  EXPECT_TRUE(r.IsNull(9));
  EXPECT_EQ(r.OptText(9), std::nullopt);
  EXPECT_EQ(r.Text(10), "v");
  EXPECT_EQ(r.Text(11), "2024-02-29");
  // Beyond double's range a numeric keeps its exact text.
  ASSERT_TRUE(r.at(13).is_text());
  EXPECT_EQ(r.Text(13).size(), 401u);
}

TEST_F(PostgresDatabaseTest, ExecReturnsRowsChanged) {
  CreateTable("id BIGINT PRIMARY KEY, n BIGINT NOT NULL");
  Status s = db_->Write([&](Tx& tx) -> Status {
    for (int i = 1; i <= 3; ++i) {
      auto inserted = tx.Exec("INSERT INTO " + table_ + " VALUES ($1, 0)", {i});
      if (!inserted.ok()) return inserted.status();
      EXPECT_EQ(*inserted, 1);
    }
    auto updated = tx.Exec("UPDATE " + table_ + " SET n = n + 1");
    EXPECT_TRUE(updated.ok() && *updated == 3);
    auto none = tx.Exec("DELETE FROM " + table_ + " WHERE id > $1", {100});
    EXPECT_TRUE(none.ok() && *none == 0);
    auto ddl = tx.Exec("CREATE INDEX ON " + table_ + " (n)");
    EXPECT_TRUE(ddl.ok() && *ddl == 0);
    auto selected = tx.Query("SELECT id FROM " + table_ + " WHERE n = $1 ORDER BY id", {1});
    EXPECT_TRUE(selected.ok() && selected->size() == 3);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

TEST_F(PostgresDatabaseTest, ExecScriptRunsSeveralStatements) {
  Status s = db_->WriteExclusive([&](Tx& tx) -> Status {
    return tx.ExecScript("CREATE TABLE " + table_ + " (id BIGINT); INSERT INTO " + table_ +
                         " VALUES (1), (2); INSERT INTO " + table_ + " VALUES (3);");
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(CountRows(), 3);
}

TEST_F(PostgresDatabaseTest, UniqueViolationIsAlreadyExists) {
  CreateTable("id BIGINT PRIMARY KEY, code TEXT UNIQUE");
  ASSERT_TRUE(Insert("INSERT INTO " + table_ + " VALUES ($1, $2)", {1, "PX-1"}).ok());
  Status s = Insert("INSERT INTO " + table_ + " VALUES ($1, $2)", {2, "PX-1"});
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_NE(s.message().find("store: unable to run query: duplicate key"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("PX-1"), std::string::npos) << "leaks a value: " << s.message();
  EXPECT_EQ(CountRows(), 1);
}

TEST_F(PostgresDatabaseTest, ConstraintViolationsAreFailedPrecondition) {
  CreateTable("id BIGINT PRIMARY KEY");
  CreateTable(table_ + "_child",
              "id BIGINT PRIMARY KEY, parent BIGINT REFERENCES " + table_ +
                  ", qty BIGINT NOT NULL CHECK (qty >= 0)");
  ASSERT_TRUE(Insert("INSERT INTO " + table_ + " VALUES (1)", {}).ok());
  const std::string insert = "INSERT INTO " + table_ + "_child VALUES ($1, $2, $3)";
  struct Case {
    const char* name;
    Params params;
  };
  const std::vector<Case> cases = {
      {"foreign key", {1, 999, 1}},
      {"check", {2, 1, -5}},
      {"not null", {3, 1, Value()}},
  };
  for (const Case& c : cases) {
    Status s = Insert(insert, c.params);
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << c.name << ": " << s.ToString();
    EXPECT_EQ(s.message().find("999"), std::string::npos) << "leaks a value: " << s.message();
  }
  EXPECT_TRUE(Insert(insert, {4, 1, 0}).ok());
}

TEST_F(PostgresDatabaseTest, ErrorsDoNotQuoteParameterValues) {
  Status s = db_->Read([&](Tx& tx) -> Status {
    return tx.Query("SELECT $1::bigint", {"participant-secret-42"}).status();
  });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("store: unable to run query: invalid input syntax"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("participant-secret"), std::string::npos) << s.message();
}

TEST_F(PostgresDatabaseTest, TextWithNulCharacterIsInvalidArgument) {
  Status s = db_->Read([&](Tx& tx) -> Status {
    return tx.Query("SELECT $1::text", {std::string("a\0b", 3)}).status();
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
}

TEST_F(PostgresDatabaseTest, FailedFnRollsBackAndReturnsItsStatus) {
  CreateTable("id BIGINT PRIMARY KEY");
  Status s = db_->Write([&](Tx& tx) -> Status {
    auto r = tx.Exec("INSERT INTO " + table_ + " VALUES (1)");
    EXPECT_TRUE(r.ok());
    return FailedPrecondition("stock would go negative");
  });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "stock would go negative");
  EXPECT_EQ(CountRows(), 0);
}

TEST_F(PostgresDatabaseTest, IgnoredStatementErrorStillRollsBack) {
  CreateTable("id BIGINT PRIMARY KEY");
  ASSERT_TRUE(Insert("INSERT INTO " + table_ + " VALUES (1)", {}).ok());
  Status s = db_->Write([&](Tx& tx) -> Status {
    EXPECT_TRUE(tx.Exec("INSERT INTO " + table_ + " VALUES (2)").ok());
    EXPECT_FALSE(tx.Exec("INSERT INTO " + table_ + " VALUES (1)").ok());
    return Status::Ok();  // wrongly ignores the failure
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_EQ(CountRows(), 1);
}

TEST_F(PostgresDatabaseTest, ConcurrentWritesAllLand) {
  CreateTable("id BIGINT PRIMARY KEY, n BIGINT NOT NULL");
  ASSERT_TRUE(Insert("INSERT INTO " + table_ + " VALUES (1, 0)", {}).ok());
  constexpr int kThreads = 16;
  constexpr int kWritesPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        Status s = db_->Write([&](Tx& tx) -> Status {
          return tx.Exec("UPDATE " + table_ + " SET n = n + 1 WHERE id = 1").status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Select("SELECT n FROM " + table_).at(0).Int(0), kThreads * kWritesPerThread);
}

TEST_F(PostgresDatabaseTest, ReadSeesOneSnapshotAndCannotWrite) {
  CreateTable("id BIGINT PRIMARY KEY");
  ASSERT_TRUE(Insert("INSERT INTO " + table_ + " VALUES (1)", {}).ok());
  Status s = db_->Read([&](Tx& tx) -> Status {
    KINSHIP_ASSIGN_OR_RETURN(Rows before, tx.Query("SELECT count(*) FROM " + table_));
    // Another connection commits a row in the middle of this read.
    EXPECT_TRUE(Insert("INSERT INTO " + table_ + " VALUES (2)", {}).ok());
    KINSHIP_ASSIGN_OR_RETURN(Rows after, tx.Query("SELECT count(*) FROM " + table_));
    EXPECT_EQ(before.at(0).Int(0), 1);
    EXPECT_EQ(after.at(0).Int(0), 1);
    auto write = tx.Exec("INSERT INTO " + table_ + " VALUES (3)");
    EXPECT_FALSE(write.ok()) << "a read transaction accepted a write";
    return Status::Ok();
  });
  EXPECT_FALSE(s.ok());  // the failed write aborted the read transaction
  EXPECT_EQ(CountRows(), 2);
}

TEST_F(PostgresDatabaseTest, RetriesSerializationFailures) {
  const std::string fail_sql =
      "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$";
  int calls = 0;
  Status s = db_->Write([&](Tx& tx) -> Status {
    if (++calls == 1) return tx.ExecScript(fail_sql);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(calls, 2);

  calls = 0;
  s = db_->Write([&](Tx& tx) -> Status {
    ++calls;
    return tx.ExecScript(fail_sql);
  });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(calls, 4);  // the first run and three retries
}

TEST_F(PostgresDatabaseTest, ReconnectsAfterTheServerDropsAConnection) {
  auto single = OpenOrDie(1);
  ASSERT_NE(single, nullptr);
  auto backend_pid = [&]() -> int64_t {
    int64_t pid = -1;
    Status s = single->Read([&](Tx& tx) -> Status {
      KINSHIP_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT pg_backend_pid()"));
      pid = rows.at(0).Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return pid;
  };
  auto terminate = [&](int64_t pid) {
    Rows r = Select("SELECT pg_terminate_backend($1::int, 5000)", {pid});
    ASSERT_TRUE(r.at(0).Bool(0));
  };

  int64_t first = backend_pid();
  terminate(first);  // while idle in the pool
  int64_t second = backend_pid();
  EXPECT_NE(second, first);

  // Dropped in the middle of a transaction: that transaction fails as unavailable...
  Status s = single->Write([&](Tx& tx) -> Status {
    terminate(second);
    return tx.Query("SELECT 1").status();
  });
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  // ...and the next one gets a fresh connection.
  EXPECT_NE(backend_pid(), -1);
  EXPECT_TRUE(single->Ping().ok());
}

TEST_F(PostgresDatabaseTest, SetsApplicationNameAndMessageLevel) {
  Rows rows = Select("SELECT current_setting('application_name'), "
                     "current_setting('client_min_messages')");
  EXPECT_EQ(rows.at(0).Text(0), "kinship");
  EXPECT_EQ(rows.at(0).Text(1), "warning");
}

TEST_F(PostgresDatabaseTest, UnreachableServerIsUnavailableWithoutPassword) {
  // A database that does not exist on the test server, with a password in the URL, and a
  // server that is not there at all.
  std::string wrong_db = url_;
  size_t slash = wrong_db.find(":///");
  ASSERT_NE(slash, std::string::npos) << "expected a socket URL like with_postgres.sh makes";
  wrong_db.replace(slash, 4, "://postgres:hunter2-secret@/no_such_db_");
  const std::vector<std::string> urls = {
      wrong_db,
      "postgresql://kinship:hunter2-secret@127.0.0.1:1/kinship?connect_timeout=2",
      "postgresql://kinship:hunter2-secret@[::1:bad/kinship",
  };
  for (const std::string& url : urls) {
    auto db = OpenPostgres(url, OpenOptions{});
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.status().code(), StatusCode::kUnavailable) << db.status().ToString();
    EXPECT_EQ(db.status().message().find("hunter2"), std::string::npos) << db.status().message();
    EXPECT_NE(db.status().message().find("store: unable to connect"), std::string::npos)
        << db.status().message();
  }
}

TEST_F(PostgresDatabaseTest, CallsAfterCloseFail) {
  db_->Close();
  EXPECT_EQ(db_->Ping().code(), StatusCode::kUnavailable);
  int calls = 0;
  auto fn = [&](Tx&) -> Status {
    ++calls;
    return Status::Ok();
  };
  EXPECT_EQ(db_->Read(fn).code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->Write(fn).code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->WriteExclusive(fn).code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls, 0);
  db_->Close();  // twice is harmless
}

TEST_F(PostgresDatabaseTest, CloseWaitsForNoOneAndFinishesLeasedConnections) {
  // A connection in use when Close() is called is closed when its transaction ends.
  Status s = db_->Read([&](Tx& tx) -> Status {
    db_->Close();
    return tx.Query("SELECT 1").status();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(db_->Ping().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace kinship::store

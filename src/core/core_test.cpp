// Tests for the small core pieces: Status/Result, ids, time, crypto, config.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/status.h"

namespace kinship {
namespace {

class CoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Init().ok()); }
};

TEST_F(CoreTest, ResultHoldsValueOrStatus) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = NotFound("site not found");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(bad.status().ToString(), "not_found: site not found");
}

TEST_F(CoreTest, ValidationCarriesFieldErrors) {
  Status s = ValidationFailed({{"name", "is required"}, {"kind", "must be one of: fixed"}});
  ASSERT_EQ(s.field_errors().size(), 2u);
  EXPECT_EQ(s.field_errors()[1].field, "kind");
}

TEST_F(CoreTest, NewIdIsUuidV7AndSortsByTime) {
  std::set<std::string> seen;
  std::string prev;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NewId();
    ASSERT_TRUE(IsValidId(id)) << id;
    EXPECT_EQ(id[14], '7');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_TRUE(seen.insert(id).second);
    EXPECT_GE(id.substr(0, 13), prev.substr(0, prev.empty() ? 0 : 13));
    prev = id;
  }
}

TEST_F(CoreTest, IsValidIdRejectsMalformed) {
  for (const char* bad : {"", "x", "0190e0c4-5c1e-7d2a-9b3c-1f2e3d4c5b6", "0190e0c4-5c1e-7d2a-9b3c-1f2e3d4c5b6az",
                          "0190e0c4x5c1e-7d2a-9b3c-1f2e3d4c5b6a", "../../etc/passwd", "0190e0c4-5c1e-7d2a-9b3c-1f2e3d4c5b6g"}) {
    EXPECT_FALSE(IsValidId(bad)) << bad;
  }
}

TEST_F(CoreTest, FormatTimeIsIsoUtcWithMillis) {
  const TimePoint t{std::chrono::milliseconds(1795427100123)};
  EXPECT_EQ(FormatTime(t), "2026-11-23T09:45:00.123Z");
}

TEST_F(CoreTest, PasswordHashVerifies) {
  auto h = crypto::HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(crypto::VerifyPassword(*h, "correct horse battery!"));
  EXPECT_FALSE(crypto::VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(crypto::VerifyPassword(crypto::DummyPasswordHash(), ""));
}

TEST_F(CoreTest, KeyedHashDependsOnKey) {
  crypto::Key a{}, b{};
  b[0] = 1;
  EXPECT_EQ(crypto::KeyedHash(a, "x").size(), 64u);
  EXPECT_NE(crypto::KeyedHash(a, "x"), crypto::KeyedHash(b, "x"));
  EXPECT_EQ(crypto::KeyedHash(a, "x"), crypto::KeyedHash(a, "x"));
  EXPECT_NE(crypto::Digest("x"), crypto::Digest("y"));
}

TEST_F(CoreTest, RandomTokensAreDistinctAndPrefixed) {
  const auto t1 = crypto::RandomToken("kst_");
  const auto t2 = crypto::RandomToken("kst_");
  EXPECT_NE(t1, t2);
  EXPECT_EQ(t1.rfind("kst_", 0), 0u);
  EXPECT_EQ(t1.size(), 4u + 43u);
}

TEST_F(CoreTest, MasterKeyCreatedOnceThenReadBack) {
  const auto dir = std::filesystem::temp_directory_path() / ("kinship-key-" + NewId());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "k.key").string();
  EXPECT_EQ(crypto::MasterKey::Load(path, false).status().code(), StatusCode::kNotFound);
  auto k1 = crypto::MasterKey::Load(path, true);
  ASSERT_TRUE(k1.ok());
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  auto k2 = crypto::MasterKey::Load(path, false);
  ASSERT_TRUE(k2.ok());
  EXPECT_EQ(k1->Derive("audit"), k2->Derive("audit"));
  EXPECT_NE(k1->Derive("audit"), k1->Derive("uic"));
  std::ofstream(path) << "not-a-key\n";
  EXPECT_EQ(crypto::MasterKey::Load(path, false).status().code(), StatusCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

TEST_F(CoreTest, ConfigPrecedenceFlagOverEnvOverFileOverDefault) {
  const auto dir = std::filesystem::temp_directory_path() / ("kinship-cfg-" + NewId());
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "kinship.conf").string();
  std::ofstream(file) << "# comment\nlisten = 127.0.0.1:9000\nworkers = 4\nsession_hours = \"6\"\n";
  auto c = Config::Load({{"config", file}, {"workers", "8"}}, {{"KINSHIP_SESSION_HOURS", "3"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->String("listen"), "127.0.0.1:9000");  // file
  EXPECT_EQ(c->Int("workers"), 8);                    // flag beats file
  EXPECT_EQ(c->Int("session_hours"), 3);              // env beats file
  EXPECT_EQ(c->String("log_level"), "info");          // default
  std::filesystem::remove_all(dir);
}

TEST_F(CoreTest, ConfigRejectsBadValuesNamingTheOption) {
  struct Case {
    std::map<std::string, std::string> flags, env;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {{{"workers", "lots"}}, {}, "workers"},
      {{{"workers", "0"}}, {}, "between"},
      {{}, {{"KINSHIP_SECURE_COOKIES", "maybe"}}, "KINSHIP_SECURE_COOKIES"},
      {{{"log_level", "loud"}}, {}, "log_level"},
      {{{"config", "/nonexistent/kinship.conf"}}, {}, "cannot read"},
  };
  for (const auto& c : cases) {
    auto r = Config::Load(c.flags, c.env);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos) << r.status().message();
  }
}

TEST_F(CoreTest, ConfigFileUnknownOptionIsAnError) {
  const auto dir = std::filesystem::temp_directory_path() / ("kinship-cfg-" + NewId());
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "k.conf").string();
  std::ofstream(file) << "lisen = 1\n";
  auto c = Config::Load({{"config", file}}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(":1: unknown option 'lisen'"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(CoreTest, ConfigDescribeHidesDatabasePassword) {
  auto c = Config::Load({{"db", "postgresql://kinship:s3cret@db.local/kinship"}}, {});
  ASSERT_TRUE(c.ok());
  const std::string text = c->Describe();
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_NE(text.find("db.local/kinship"), std::string::npos);
}

TEST_F(CoreTest, KeyFileDefaultsBesideSqliteDatabase) {
  auto c = Config::Load({{"db", "sqlite:/var/lib/kinship/k.db"}}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->KeyFilePath(), "/var/lib/kinship/k.db.key");
  auto pg = Config::Load({{"db", "postgresql:///k"}}, {});
  EXPECT_EQ(pg->KeyFilePath(), "kinship.key");
}

}  // namespace
}  // namespace kinship

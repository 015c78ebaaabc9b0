#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "demo/demo_data.h"
#include "demo/demo_ids.h"
#include "demo/demo_schedule.h"
#include "encounters/calendar.h"
#include "store/migrations.h"

namespace kinship::demo {
namespace {

TEST(DemoIds, NextIsStrictlyIncreasingEvenWhenTimeGoesBack) {
  IdMaker ids(42);
  std::string last;
  const int64_t times[] = {1'700'000'000'000, 1'700'000'000'000, 1'699'999'999'000, 1'700'000'000'001};
  for (int round = 0; round < 2000; ++round) {
    for (int64_t t : times) {
      const std::string id = ids.Next(t);
      ASSERT_GT(id, last);
      ASSERT_TRUE(IsValidId(id));
      ASSERT_EQ(id[14], '7');  // version 7
      last = id;
    }
  }
}

TEST(DemoIds, SameSeedSameIds) {
  IdMaker a(7), b(7), c(8);
  EXPECT_EQ(a.At(1'700'000'000'000), b.At(1'700'000'000'000));
  EXPECT_EQ(a.Next(1'700'000'000'000), b.Next(1'700'000'000'000));
  EXPECT_NE(IdMaker(7).At(1'700'000'000'000), c.At(1'700'000'000'000));
  // The time part is the row's own time.
  EXPECT_EQ(a.At(1'700'000'000'000).substr(0, 13), IdMaker(9).At(1'700'000'000'000).substr(0, 13));
}

TEST(DemoIds, IsoTimeMatchesFormatTime) {
  for (int64_t ms : {int64_t{0}, int64_t{951'782'400'000}, int64_t{1'709'164'799'999}, int64_t{1'735'689'599'123},
                     int64_t{1'795'000'000'007}}) {
    EXPECT_EQ(IsoTime(ms), FormatTime(TimePoint(std::chrono::milliseconds(ms)))) << ms;
  }
}

TEST(DemoSchedule, WeeklyAndSeasonalPatterns) {
  const int64_t sunday = encounters::DaysFromCivil(2026, 11, 22);
  const int64_t wednesday = encounters::DaysFromCivil(2026, 11, 25);
  EXPECT_EQ(Weekday(sunday), 6);
  EXPECT_EQ(Weekday(wednesday), 2);
  EXPECT_FALSE(SiteHours("fixed", sunday, 1).open);
  EXPECT_FALSE(SiteHours("mobile", encounters::DaysFromCivil(2026, 12, 25), 1).open);
  EXPECT_GT(SeasonFactor(encounters::DaysFromCivil(2026, 1, 20)), 1.1);
  EXPECT_LT(SeasonFactor(encounters::DaysFromCivil(2026, 8, 10)), 0.8);
  // Besides the holidays, each site closes on a few other weekdays a year, the same ones for
  // the same salt.
  int closed = 0;
  for (int64_t d = wednesday; d < wednesday + 364; ++d) {
    if (Weekday(d) < 5 && !SiteHours("fixed", d, 99).open) ++closed;
  }
  EXPECT_GE(closed, 3);
  EXPECT_LE(closed, 15);
  for (int64_t d = wednesday; d < wednesday + 60; ++d) {
    EXPECT_EQ(SiteHours("fixed", d, 5).open, SiteHours("fixed", d, 5).open);
  }
}

class DemoDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    dir_ = std::filesystem::temp_directory_path() / ("kinship-demo-" + NewId());
    std::filesystem::create_directories(dir_);
    key_.fill(5);
    recorder_ = std::make_unique<audit::Recorder>(key_);
    auto db = store::Open("sqlite:" + (dir_ / "demo.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_).ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    std::filesystem::remove_all(dir_);
  }
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     KINSHIP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql));
                     n = rows.at(0).Int(0);
                     return Status::Ok();
                   }).ok());
    return n;
  }

  std::filesystem::path dir_;
  crypto::Key key_{};
  std::unique_ptr<audit::Recorder> recorder_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(DemoDataTest, TinyMakesOnlyTheStructure) {
  DemoOptions o;
  o.size = DemoSize::kTiny;
  auto summary = CreateDemoData(*db_, *recorder_, key_, o);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->programs, 3);
  EXPECT_EQ(summary->sites, 8);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM encounters"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM lots"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM resources"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM items"), 0);
}

TEST_F(DemoDataTest, SmallRunKeepsTheLedgerAndRollUpsConsistent) {
  DemoOptions o;
  o.seed = 3;
  o.encounters = 3000;
  o.now_ms = 1'795'000'000'000;  // 2026-11-18T11:06:40Z
  auto summary = CreateDemoData(*db_, *recorder_, key_, o);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const int64_t encounters = Count("SELECT COUNT(*) FROM encounters");
  EXPECT_EQ(encounters, summary->activity.encounters);
  EXPECT_GT(encounters, 2500);
  EXPECT_LT(encounters, 3500);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM movements"), summary->activity.movements);
  // Stock is the sum of the movements, and the running balances add up in id order.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stock s WHERE quantity <> (SELECT SUM(m.quantity) FROM movements m "
                  "WHERE m.program_id = s.program_id AND m.site_id = s.site_id AND m.lot_id = s.lot_id)"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM (SELECT balance_after, SUM(quantity) OVER (PARTITION BY program_id, "
                  "site_id, item_id ORDER BY id) AS run FROM movements) WHERE balance_after <> run OR run < 0"),
            0);
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM daily_site_stats"),
            Count("SELECT COUNT(*) FROM encounters WHERE voided = 0"));
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM participant_periods WHERE period LIKE 'm:%'"),
            Count("SELECT COUNT(*) FROM encounters WHERE voided = 0 AND participant_id IS NOT NULL"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM encounters WHERE created_at > '2026-11-18T11:06:40.000Z'"), 0);
  auto verified = recorder_->Verify(*db_, "");
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

}  // namespace
}  // namespace kinship::demo

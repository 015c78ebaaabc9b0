// The encounter service against a real SQLite file: a seeded random mix of encounters,
// edits and voids, after which every roll-up (daily_site_stats, daily_item_stats,
// participant_periods, the participants' counters) equals what the live encounters add up
// to, and the stock equals what was received less what live encounters hold. Also: a
// shortage writes nothing, and a peer worker may change only their own encounters.
// Each test runs on SQLite and on PostgreSQL (under tests/scripts/with_postgres.sh, which
// sets KINSHIP_TEST_PG_URL; without it the PostgreSQL runs fail, unless KINSHIP_ALLOW_NO_PG=1).
#include "encounters/encounter_service.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "audit/audit_log.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "encounters/calendar.h"
#include "programs/program_service.h"
#include "store/migrations.h"
#include "supplies/stock_service.h"

namespace kinship::encounters {
namespace {

class EncounterServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    std::string url;
    if (GetParam() == "postgres") {
      const char* pg = std::getenv("KINSHIP_TEST_PG_URL");
      const char* allow = std::getenv("KINSHIP_ALLOW_NO_PG");
      if (pg == nullptr && allow != nullptr && std::string(allow) == "1") GTEST_SKIP() << "no KINSHIP_TEST_PG_URL";
      ASSERT_NE(pg, nullptr) << "KINSHIP_TEST_PG_URL is not set: run under tests/scripts/with_postgres.sh "
                                "(or set KINSHIP_ALLOW_NO_PG=1 to skip)";
      url = pg;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("kinship-encounters-" + NewId());
      std::filesystem::create_directories(dir_);
      url = "sqlite:" + (dir_ / "e.db").string();
    }
    auto opened = store::Open(url);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(*opened);
    ASSERT_TRUE(store::Migrate(*db_).ok());
    crypto::Key key;
    key.fill(5);
    audit_ = std::make_unique<audit::Recorder>(key);
    // A program of its own, so runs can share one PostgreSQL database.
    const std::string suffix = NewId().substr(24);
    auto p = programs::CreateProgram(*db_, *audit_, "", "Encounter Program " + suffix, "enc-" + suffix, std::nullopt);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    coordinator_ = Actor("coordinator", p->id);
    peer_ = Actor("peer", p->id);
    other_peer_ = Actor("peer", p->id);
    const std::string now = NowIso();
    ASSERT_TRUE(db_->Write([&](store::Tx& tx) -> Status {
                     for (int i = 0; i < 2; ++i) {
                       sites_.push_back(NewId());
                       KINSHIP_RETURN_IF_ERROR(
                           tx.Exec("INSERT INTO sites (program_id, id, name, kind, area, archived, created_at, "
                                   "updated_at) VALUES ($1, $2, $3, 'fixed', NULL, 0, $4, $4)",
                                   {p->id, sites_.back(), "Site " + std::to_string(i), now})
                               .status());
                     }
                     for (int i = 0; i < 3; ++i) {
                       people_.push_back(NewId());
                       KINSHIP_RETURN_IF_ERROR(
                           tx.Exec("INSERT INTO participants (program_id, id, display_code, code_kind, created_at, "
                                   "updated_at) VALUES ($1, $2, $3, 'card', $4, $4)",
                                   {p->id, people_.back(), "C-TEST-000" + std::to_string(i), now})
                               .status());
                     }
                     KINSHIP_ASSIGN_OR_RETURN(
                         store::Rows rows,
                         tx.Query("SELECT id FROM items WHERE program_id = $1 AND name IN ('Syringe 1 mL 29G', "
                                  "'Cooker', 'Foil sheet') ORDER BY name",
                                  {p->id}));
                     for (const auto& r : rows) items_.push_back(r.Text(0));
                     return Status::Ok();
                   }).ok());
    ASSERT_EQ(items_.size(), 3u);
    for (const auto& site : sites_) {
      for (const auto& item : items_) {
        supplies::ReceiveInput in{site, item, "L-" + item.substr(30), std::nullopt, kReceived, std::nullopt};
        auto r = supplies::ReceiveStock(*db_, *audit_, coordinator_, in);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    }
  }
  void TearDown() override {
    if (db_) db_->Close();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  static auth::Principal Actor(const std::string& role, const std::string& program_id) {
    auth::Principal a;
    a.user_id = NewId();
    a.username = role;
    a.role = role;
    a.home_program_id = a.program_id = program_id;
    return a;
  }

  store::Rows Query(const std::string& sql) {
    store::Rows out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     KINSHIP_ASSIGN_OR_RETURN(out, tx.Query(sql, {coordinator_.program_id}));
                     return Status::Ok();
                   }).ok());
    return out;
  }

  // Non-zero roll-up rows as "key=value" strings, for comparing with a recomputation.
  std::set<std::string> Lines(const std::string& sql) {
    std::set<std::string> out;
    for (const auto& r : Query(sql)) {
      std::string line;
      bool any = false;
      for (size_t i = 0; i < r.size(); ++i) {
        const std::string cell = r.Text(i);
        line += (i ? "|" : "") + cell;
        // PostgreSQL answers numbers as text: a row counts when any number past the key is not 0.
        const bool number = !cell.empty() && cell.find_first_not_of("-0123456789") == std::string::npos;
        if (i >= 2 && number && cell != "0") any = true;
      }
      if (any) out.insert(line);
    }
    return out;
  }

  static constexpr int64_t kReceived = 100000;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::Recorder> audit_;
  auth::Principal coordinator_, peer_, other_peer_;
  std::vector<std::string> sites_, people_, items_;
};

TEST_P(EncounterServiceTest, RollupsEqualTheLiveEncountersAfterRandomCreatesEditsAndVoids) {
  std::mt19937 rng(20261123);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const auto random_input = [&](bool editing) {
    EncounterInput in;
    if (!editing || pick(2)) in.site_id = sites_[static_cast<size_t>(pick(2))];
    if (!editing || pick(2)) {
      in.participant_present = true;
      if (pick(4)) in.participant_id = people_[static_cast<size_t>(pick(3))];
    }
    if (!editing || pick(2)) {
      in.items.emplace();
      for (size_t i = 0; i < items_.size(); ++i) {
        if (!pick(2)) continue;
        ItemLine line;
        line.item_id = items_[i];
        line.quantity = 1 + pick(30);
        line.for_others = pick(static_cast<int>(line.quantity) + 1);
        line.field = "items[" + std::to_string(i) + "]";
        in.items->push_back(line);
      }
    }
    // Spread over the last 20 days so days, ISO weeks and months all get several rows.
    if (!editing || pick(2)) in.occurred_at = FormatTime(Now() - std::chrono::hours(pick(24 * 20)));
    if (!editing || pick(2)) in.returned_syringes = pick(40);
    if (!editing || pick(2)) in.returned_containers = pick(3);
    if (!editing || pick(2)) in.for_others_people = pick(4);
    return in;
  };
  std::vector<std::string> live;
  for (int step = 0; step < 300; ++step) {
    const int what = live.empty() ? 0 : pick(10);
    if (what < 6) {
      auto v = CreateEncounter(*db_, *audit_, coordinator_, random_input(false));
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      live.push_back(v->encounter.id);
    } else if (what < 8) {
      auto v = EditEncounter(*db_, *audit_, coordinator_, live[static_cast<size_t>(pick(static_cast<int>(live.size())))],
                             random_input(true));
      ASSERT_TRUE(v.ok()) << v.status().ToString();
    } else {
      const size_t i = static_cast<size_t>(pick(static_cast<int>(live.size())));
      auto v = VoidEncounter(*db_, *audit_, coordinator_, live[i], "test");
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  const auto site_stats = Lines("SELECT day, site_id, encounters, with_code, returned_syringes, "
                                "returned_containers, for_others_people, referrals FROM daily_site_stats "
                                "WHERE program_id = $1");
  ASSERT_GT(site_stats.size(), 10u);  // the comparisons below compare something
  EXPECT_EQ(site_stats,
            Lines("SELECT day, site_id, COUNT(*), SUM(CASE WHEN participant_id IS NULL THEN 0 ELSE 1 END), "
                  "SUM(returned_syringes), SUM(returned_containers), SUM(for_others_people), 0 FROM encounters "
                  "WHERE program_id = $1 AND voided = 0 GROUP BY day, site_id"));
  EXPECT_EQ(Lines("SELECT day, site_id, item_id, quantity, for_others FROM daily_item_stats WHERE program_id = $1"),
            Lines("SELECT e.day, e.site_id, i.item_id, SUM(i.quantity), SUM(i.for_others) FROM encounter_items i "
                  "JOIN encounters e ON e.program_id = i.program_id AND e.id = i.encounter_id "
                  "WHERE i.program_id = $1 AND e.voided = 0 GROUP BY e.day, e.site_id, i.item_id"));

  std::map<std::pair<std::string, std::string>, int64_t> periods;
  for (const auto& r : Query("SELECT day, participant_id FROM encounters WHERE program_id = $1 AND voided = 0 "
                             "AND participant_id IS NOT NULL")) {
    for (const auto& key : PeriodKeys(r.Text(0))) ++periods[{key, r.Text(1)}];
  }
  std::map<std::pair<std::string, std::string>, int64_t> stored;
  for (const auto& r : Query("SELECT period, participant_id, encounters FROM participant_periods "
                             "WHERE program_id = $1 AND encounters <> 0")) {
    stored[{r.Text(0), r.Text(1)}] = r.Int(2);
  }
  EXPECT_EQ(stored, periods);

  EXPECT_EQ(Lines("SELECT id, encounter_count, encounter_count, COALESCE(first_seen_at, '-'), "
                  "COALESCE(last_seen_at, '-') FROM participants WHERE program_id = $1"),
            Lines("SELECT p.id, COUNT(e.id), COUNT(e.id), COALESCE(MIN(e.occurred_at), '-'), "
                  "COALESCE(MAX(e.occurred_at), '-') FROM participants p LEFT JOIN encounters e ON "
                  "e.program_id = p.program_id AND e.participant_id = p.id AND e.voided = 0 "
                  "WHERE p.program_id = $1 GROUP BY p.id"));

  std::map<std::pair<std::string, std::string>, int64_t> given;
  for (const auto& r : Query("SELECT e.site_id, i.item_id, SUM(i.quantity) FROM encounter_items i JOIN encounters e "
                             "ON e.program_id = i.program_id AND e.id = i.encounter_id "
                             "WHERE i.program_id = $1 AND e.voided = 0 GROUP BY e.site_id, i.item_id")) {
    given[{r.Text(0), r.Text(1)}] = r.Int(2);
  }
  for (const auto& r : Query("SELECT site_id, item_id, quantity FROM stock_totals WHERE program_id = $1")) {
    const int64_t held = given[{r.Text(0), r.Text(1)}];
    EXPECT_EQ(r.Int(2), kReceived - held) << r.Text(0) << " " << r.Text(1);
  }
}

TEST_P(EncounterServiceTest, AShortageWritesNothing) {
  EncounterInput first;
  first.site_id = sites_[0];
  ItemLine one;
  one.item_id = items_[1], one.quantity = 1, one.field = "items[0]";
  first.items = {one};
  ASSERT_TRUE(CreateEncounter(*db_, *audit_, peer_, first).ok());
  const auto counts = [&] {
    std::vector<int64_t> out;
    for (const char* table : {"encounters", "encounter_items", "daily_site_stats", "daily_item_stats",
                              "participant_periods", "movements", "audit_log"}) {
      out.push_back(Query(std::string("SELECT COUNT(*) FROM ") + table + " WHERE program_id = $1")[0].Int(0));
    }
    out.push_back(Query("SELECT SUM(encounters) FROM daily_site_stats WHERE program_id = $1")[0].Int(0));
    out.push_back(Query("SELECT SUM(encounter_count) FROM participants WHERE program_id = $1")[0].Int(0));
    return out;
  };
  const auto before = counts();

  EncounterInput in;
  in.site_id = sites_[0];
  in.participant_present = true;
  in.participant_id = people_[0];
  ItemLine a, b;
  a.item_id = items_[0], a.quantity = 5, a.field = "items[0]";
  b.item_id = items_[1], b.quantity = kReceived, b.field = "items[1]";
  in.items = {a, b};
  auto v = CreateEncounter(*db_, *audit_, peer_, in);
  ASSERT_EQ(v.status().code(), StatusCode::kFailedPrecondition) << v.status().ToString();
  EXPECT_NE(v.status().extra().find("\"available\":99999"), std::string::npos) << v.status().extra();
  EXPECT_EQ(counts(), before);
}

TEST_P(EncounterServiceTest, PeersChangeOnlyTheirOwnEncounters) {
  EncounterInput in;
  in.site_id = sites_[0];
  in.items.emplace();
  auto mine = CreateEncounter(*db_, *audit_, peer_, in);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EncounterInput change;
  change.returned_syringes = 3;
  EXPECT_EQ(EditEncounter(*db_, *audit_, other_peer_, mine->encounter.id, change).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(VoidEncounter(*db_, *audit_, other_peer_, mine->encounter.id, "x").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(EditEncounter(*db_, *audit_, peer_, mine->encounter.id, change).ok());
  EXPECT_TRUE(VoidEncounter(*db_, *audit_, coordinator_, mine->encounter.id, "x").ok());
  EXPECT_EQ(VoidEncounter(*db_, *audit_, coordinator_, mine->encounter.id, "x").status().code(),
            StatusCode::kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(Encounters, EncounterServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kinship::encounters

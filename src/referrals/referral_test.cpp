// Referral statuses only move forward, and follow-up days are calendar arithmetic.
#include <gtest/gtest.h>

#include "referrals/referral.h"
#include "referrals/referral_service.h"

namespace kinship::referrals {
namespace {

TEST(ReferralTest, StatusMovesForwardOnly) {
  const std::vector<std::tuple<std::string, std::string, bool>> cases = {
      {"made", "accepted", true},          {"made", "attended", true},        {"made", "closed", true},
      {"accepted", "attended", true},      {"accepted", "not_attended", true}, {"accepted", "closed", true},
      {"attended", "closed", true},        {"not_attended", "closed", true},  {"accepted", "made", false},
      {"attended", "accepted", false},     {"attended", "not_attended", false}, {"not_attended", "attended", false},
      {"closed", "made", false},           {"closed", "attended", false},     {"closed", "closed", false},
      {"made", "made", false},             {"made", "lost", false},           {"lost", "closed", false},
  };
  for (const auto& [from, to, ok] : cases) EXPECT_EQ(CanMove(from, to), ok) << from << " -> " << to;
}

TEST(ReferralTest, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays("2026-11-23", 7), "2026-11-30");
  EXPECT_EQ(AddDays("2026-11-30", 1), "2026-12-01");
  EXPECT_EQ(AddDays("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(AddDays("2028-02-28", 1), "2028-02-29");
  EXPECT_EQ(AddDays("2027-02-28", 1), "2027-03-01");
  EXPECT_EQ(AddDays("2026-03-01", -1), "2026-02-28");
  EXPECT_EQ(AddDays("2026-01-10", -29), "2025-12-12");
  EXPECT_EQ(AddDays("2026-05-05", 0), "2026-05-05");
  EXPECT_EQ(AddDays("2026-05-05", 365), "2027-05-05");
}

TEST(ReferralTest, JsonHasEveryContractField) {
  Referral r;
  r.id = "r";
  r.history.push_back({"made", "2026-11-23T10:00:00.000Z", std::nullopt});
  const auto j = ToJson(r);
  for (const char* key : {"id", "resource_id", "resource_name", "encounter_id", "participant_id", "display_code",
                          "status", "made_at", "made_by", "follow_up_on", "closed_at", "history"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["participant_id"].is_null());
  EXPECT_TRUE(j["history"][0]["user_id"].is_null());
}

}  // namespace
}  // namespace kinship::referrals

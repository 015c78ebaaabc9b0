// The encounter rules that need no database, and small-cell suppression.
#include "encounters/encounter_validation.h"

#include <gtest/gtest.h>

#include "encounters/calendar.h"
#include "encounters/encounter.h"
#include "encounters/small_cells.h"

namespace kinship::encounters {
namespace {

const TimePoint kNow = *ParseTime("2026-11-23T12:00:00.000Z");

ItemLine Line(std::string id, int64_t quantity, int64_t for_others, size_t i) {
  ItemLine l;
  l.item_id = std::move(id);
  l.quantity = quantity;
  l.for_others = for_others;
  l.field = "items[" + std::to_string(i) + "]";
  return l;
}

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ": " + e.message);
  return out;
}

TEST(EncounterValidationTest, AGoodEncounterHasNoErrors) {
  EncounterInput in;
  in.site_id = "s";
  in.items = {Line("a", 10, 2, 0), Line("b", 1, 0, 1)};
  in.services = std::vector<std::string>{"education", "testing"};
  in.returned_syringes = 40;
  in.for_others_people = 3;
  in.occurred_at = "2026-11-23T11:00:00.000Z";
  EXPECT_TRUE(CheckEncounterInput(in, kNow).empty());
}

TEST(EncounterValidationTest, ServicesOnlyNeedNoItems) {
  EncounterInput in;
  in.items.emplace();
  in.services = std::vector<std::string>{"counselling"};
  EXPECT_TRUE(CheckEncounterInput(in, kNow).empty());
}

TEST(EncounterValidationTest, AnItemListedTwiceIsRefused) {
  EncounterInput in;
  in.items = {Line("a", 1, 0, 0), Line("b", 1, 0, 1), Line("a", 2, 0, 2)};
  const auto errors = CheckEncounterInput(in, kNow);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "items[2].item_id");
}

TEST(EncounterValidationTest, ForOthersCannotExceedTheQuantity) {
  EncounterInput in;
  in.items = {Line("a", 5, 6, 0), Line("b", 5, 5, 1)};
  const auto errors = CheckEncounterInput(in, kNow);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "items[0].for_others");
  EXPECT_EQ(errors[0].message, "must not be more than the quantity");
}

TEST(EncounterValidationTest, RangesOfEveryNumber) {
  EncounterInput in;
  in.items = {Line("a", 0, 0, 0), Line("b", 100001, 0, 1), Line("c", 100000, 0, 2)};
  in.returned_syringes = -1;
  in.returned_containers = 100001;
  in.for_others_people = 1001;
  EXPECT_EQ(Fields(CheckEncounterInput(in, kNow)),
            (std::vector<std::string>{"items[0].quantity: must be between 1 and 100000",
                                      "items[1].quantity: must be between 1 and 100000",
                                      "returned_syringes: must be between 0 and 100000",
                                      "returned_containers: must be between 0 and 100000",
                                      "for_others_people: must be between 0 and 1000"}));
}

TEST(EncounterValidationTest, TooManyLinesAndReferrals) {
  EncounterInput in;
  in.items.emplace();
  for (size_t i = 0; i < 51; ++i) in.items->push_back(Line("i" + std::to_string(i), 1, 0, i));
  in.referrals.resize(11);
  const auto errors = Fields(CheckEncounterInput(in, kNow));
  EXPECT_EQ(errors, (std::vector<std::string>{"items: must have at most 50 entries",
                                              "referrals: must have at most 10 entries"}));
}

TEST(EncounterValidationTest, OccurredAtWindow) {
  EXPECT_EQ(CheckOccurredAt("2026-11-23T12:04:59.000Z", kNow), "");  // within clock skew
  EXPECT_EQ(CheckOccurredAt("2026-11-23T12:05:01.000Z", kNow), "must not be in the future");
  EXPECT_EQ(CheckOccurredAt("2026-10-24T12:00:00.000Z", kNow), "");  // exactly 30 days back
  EXPECT_EQ(CheckOccurredAt("2026-10-24T11:59:59.000Z", kNow), "must be within the last 30 days");
  // Centuries away (past what a time point holds) is still just the future or the past.
  EXPECT_EQ(CheckOccurredAt("2999-01-01T00:00:00Z", kNow), "must not be in the future");
  EXPECT_EQ(CheckOccurredAt("1900-01-01T00:00:00Z", kNow), "must be within the last 30 days");
  EXPECT_EQ(CheckOccurredAt("yesterday", kNow), "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ");
}

TEST(EncounterValidationTest, UnknownOrRepeatedServices) {
  EncounterInput in;
  in.services = std::vector<std::string>{"education", "haircut", "education"};
  const auto errors = CheckEncounterInput(in, kNow);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "services");
  EXPECT_NE(errors[0].message.find("haircut"), std::string::npos);
  EXPECT_NE(errors[1].message.find("twice"), std::string::npos);
}

TEST(EncounterValidationTest, CsvNamesErrorsByLineAndColumn) {
  EncounterInput in;
  ItemLine line;
  line.item_id = "a";
  line.quantity = 0;
  line.column = "line 7: item:Cooker";
  in.items = {line};
  in.occurred_at = "2030-01-01T00:00:00.000Z";
  in.mode = "teleport";
  FieldNames names;
  names.prefix = "line 7: ";
  EXPECT_EQ(Fields(CheckEncounterInput(in, kNow, names)),
            (std::vector<std::string>{"line 7: mode: must be one of: fixed, outreach, mobile, delivery",
                                      "line 7: occurred_at: must not be in the future",
                                      "line 7: item:Cooker: must be between 1 and 100000"}));
}

TEST(EncounterValidationTest, DefaultModeFollowsTheSiteKind) {
  EXPECT_EQ(DefaultModeFor("fixed"), "fixed");
  EXPECT_EQ(DefaultModeFor("outreach"), "outreach");
  EXPECT_EQ(DefaultModeFor("mobile"), "mobile");
  EXPECT_EQ(DefaultModeFor("mail_hub"), "delivery");
}

TEST(EncounterValidationTest, ServicesRoundTripThroughTheColumn) {
  EXPECT_EQ(JoinServices({"education", "testing"}), "education,testing");
  EXPECT_EQ(SplitServices("education,testing"), (std::vector<std::string>{"education", "testing"}));
  EXPECT_TRUE(SplitServices("").empty());
}

TEST(SmallCellsTest, CountsOneToFourAreHidden) {
  EXPECT_FALSE(IsSmallCell(0));
  EXPECT_TRUE(IsSmallCell(1));
  EXPECT_TRUE(IsSmallCell(4));
  EXPECT_FALSE(IsSmallCell(5));
  EXPECT_EQ(SmallCell(3, true), "<5");
  EXPECT_EQ(SmallCell(3, false), 3);
}

TEST(SmallCellsTest, OneHiddenCellTakesTheSmallestOtherWithIt) {
  EXPECT_EQ(SuppressInGroup({12, 3, 9, 0}), (std::vector<bool>{false, true, true, false}));
  // Two small cells already protect each other.
  EXPECT_EQ(SuppressInGroup({12, 3, 2, 9}), (std::vector<bool>{false, true, true, false}));
  // Nothing small: nothing hidden.
  EXPECT_EQ(SuppressInGroup({12, 0, 9}), (std::vector<bool>{false, false, false}));
  // A lone small cell with no partner stays hidden alone (its total is hidden too then).
  EXPECT_EQ(SuppressInGroup({3, 0}), (std::vector<bool>{true, false}));
}

}  // namespace
}  // namespace kinship::encounters

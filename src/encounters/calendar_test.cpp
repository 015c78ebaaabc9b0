// Calendar arithmetic behind the roll-ups: ISO weeks at year ends, period keys, day
// arithmetic across months and leap days, and reading ISO times.
#include "encounters/calendar.h"

#include <gtest/gtest.h>

#include "encounters/dashboard.h"

namespace kinship::encounters {
namespace {

struct WeekCase {
  const char* day;
  const char* key;
  const char* monday;
};

class CalendarWeekTest : public ::testing::TestWithParam<WeekCase> {};

TEST_P(CalendarWeekTest, IsoWeekOfDay) {
  const auto& c = GetParam();
  EXPECT_EQ(WeekKey(c.day), c.key);
  EXPECT_EQ(IsoWeekOf(c.day).monday, c.monday);
}

// Reference values from Python's date.isocalendar().
INSTANTIATE_TEST_SUITE_P(YearEnds, CalendarWeekTest,
                         ::testing::Values(WeekCase{"2026-11-23", "w:2026-W48", "2026-11-23"},
                                           WeekCase{"2026-11-29", "w:2026-W48", "2026-11-23"},
                                           WeekCase{"2021-01-03", "w:2020-W53", "2020-12-28"},
                                           WeekCase{"2021-01-04", "w:2021-W01", "2021-01-04"},
                                           WeekCase{"2024-12-30", "w:2025-W01", "2024-12-30"},
                                           WeekCase{"2015-12-31", "w:2015-W53", "2015-12-28"},
                                           WeekCase{"2008-12-29", "w:2009-W01", "2008-12-29"},
                                           WeekCase{"2010-01-03", "w:2009-W53", "2009-12-28"},
                                           WeekCase{"2000-01-01", "w:1999-W52", "1999-12-27"},
                                           WeekCase{"2024-02-29", "w:2024-W09", "2024-02-26"}));

TEST(CalendarTest, PeriodKeysOfADay) {
  const auto keys = PeriodKeys("2026-11-23");
  EXPECT_EQ(keys[0], "d:2026-11-23");
  EXPECT_EQ(keys[1], "w:2026-W48");
  EXPECT_EQ(keys[2], "m:2026-11");
  // The first days of January can belong to the previous ISO year's last week.
  const auto jan = PeriodKeys("2021-01-01");
  EXPECT_EQ(jan[1], "w:2020-W53");
  EXPECT_EQ(jan[2], "m:2021-01");
}

TEST(CalendarTest, DaysRoundTripAndKnownEpochs) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2026, 11, 23), 20780);
  EXPECT_EQ(DaysFromCivil(2000, 1, 1), 10957);
  for (int64_t d = -800; d < 30000; d += 37) EXPECT_EQ(ParseDay(DayString(d)), d);
}

TEST(CalendarTest, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(AddDays("2024-02-29", 1), "2024-03-01");
  EXPECT_EQ(AddDays("2023-02-28", 1), "2023-03-01");
  EXPECT_EQ(AddDays("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(AddDays("2027-01-01", -1), "2026-12-31");
  EXPECT_EQ(LastDayOfMonth("2024-02-10"), "2024-02-29");
  EXPECT_EQ(LastDayOfMonth("2100-02-10"), "2100-02-28");
  EXPECT_EQ(LastDayOfMonth("2026-11-23"), "2026-11-30");
}

TEST(CalendarTest, ParseDayRefusesImpossibleDates) {
  EXPECT_FALSE(ParseDay("2023-02-29"));
  EXPECT_FALSE(ParseDay("2026-13-01"));
  EXPECT_FALSE(ParseDay("2026-04-31"));
  EXPECT_FALSE(ParseDay("2026-4-01"));
  EXPECT_FALSE(ParseDay("20261101"));
  EXPECT_FALSE(ParseDay(""));
  EXPECT_TRUE(ParseDay("2000-02-29"));
}

TEST(CalendarTest, ParseTimeReadsTheApiFormat) {
  const auto t = ParseTime("2026-11-23T10:15:00.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTime(*t), "2026-11-23T10:15:00.123Z");
  EXPECT_EQ(FormatTime(*ParseTime("2026-11-23T10:15:00Z")), "2026-11-23T10:15:00.000Z");
  EXPECT_EQ(FormatTime(*ParseTime("2026-11-23T10:15:00.5Z")), "2026-11-23T10:15:00.500Z");
  EXPECT_FALSE(ParseTime("2026-11-23T10:15:00"));
  EXPECT_FALSE(ParseTime("2026-11-23T24:00:00Z"));
  EXPECT_FALSE(ParseTime("2026-11-23 10:15:00Z"));
  EXPECT_FALSE(ParseTime("2026-11-23T10:15:00.Z"));
  EXPECT_EQ(DayOf("2026-11-23T23:59:59.999Z"), "2026-11-23");
}

TEST(CalendarTest, DashboardSpans) {
  const auto today = SpanOf("today", "2026-11-25");
  EXPECT_EQ(today.from, "2026-11-25");
  EXPECT_EQ(today.to, "2026-11-25");
  EXPECT_EQ(today.period_key, "d:2026-11-25");
  EXPECT_EQ(today.daily_days.size(), 1u);

  const auto week = SpanOf("week", "2026-11-25");  // a Wednesday
  EXPECT_EQ(week.from, "2026-11-23");
  EXPECT_EQ(week.to, "2026-11-29");
  EXPECT_EQ(week.period_key, "w:2026-W48");
  ASSERT_EQ(week.daily_days.size(), 7u);
  EXPECT_EQ(week.daily_days.back(), "2026-11-29");

  const auto month = SpanOf("month", "2026-11-25");
  EXPECT_EQ(month.from, "2026-11-01");
  EXPECT_EQ(month.to, "2026-11-30");
  EXPECT_EQ(month.period_key, "m:2026-11");
  ASSERT_EQ(month.daily_days.size(), 25u);  // the month's days so far
  EXPECT_EQ(month.daily_days.back(), "2026-11-25");
}

}  // namespace
}  // namespace kinship::encounters

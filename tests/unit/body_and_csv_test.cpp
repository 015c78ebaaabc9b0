// Tests for the nested-body reading (arrays of objects, dates, times) and the CSV parser
// and writer that the importers and exporters share.
#include <gtest/gtest.h>

#include "core/csv.h"
#include "core/text.h"
#include "http/json_body.h"
#include "http/problem.h"

namespace kinship {
namespace {

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.field_errors()) out.push_back(e.field);
  return out;
}

TEST(NestedBody, NamesElementErrorsByPath) {
  http::BodyReader again(R"({"items": [{"item_id": "x", "quantity": 3}, {"quantity": -1, "extra": 1}, 7]})");
  const auto elements = again.Array("items", 10);
  for (size_t i = 0; i < elements.size(); ++i) {
    http::BodyReader item(elements[i], again.Element("items", i));
    item.Id("item_id");
    item.Int("quantity", 1, 100);
    again.Absorb(item);
  }
  Status s = again.Finish();
  ASSERT_EQ(s.code(), StatusCode::kValidation);
  const auto f = Fields(s);
  EXPECT_NE(std::find(f.begin(), f.end(), "items[0].item_id"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "items[1].item_id"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "items[1].quantity"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "items[1].extra"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "items[2]"), f.end());
}

TEST(NestedBody, ArrayLimitsAndTypes) {
  http::BodyReader body(R"({"a": [1, 2, 3], "b": "no", "s": ["x", "y", "x", "z"]})");
  EXPECT_TRUE(body.Array("a", 2).empty());
  EXPECT_TRUE(body.Array("b", 2).empty());
  bool present = true;
  EXPECT_TRUE(body.Array("missing", 2, &present).empty());
  EXPECT_FALSE(present);
  const auto s = body.EnumArray("s", {"x", "y"});
  EXPECT_EQ(s, (std::vector<std::string>{"x", "y"}));
  const auto f = Fields(body.Finish());
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "s[2]", "s[3]"}));
}

TEST(NestedBody, DatesAndTimes) {
  http::BodyReader body(
      R"({"d1": "2024-02-29", "d2": "2023-02-29", "d3": "2024-13-01", "t1": "2026-11-23T10:15:00Z",
          "t2": "2026-11-23T10:15:00.5Z", "t3": "2026-11-23T24:00:00Z", "t4": "2026-11-23 10:15:00", "t5": 5})");
  EXPECT_EQ(body.OptionalDate("d1"), "2024-02-29");
  EXPECT_FALSE(body.OptionalDate("d2"));
  EXPECT_FALSE(body.OptionalDate("d3"));
  EXPECT_EQ(body.OptionalTime("t1"), "2026-11-23T10:15:00.000Z");
  EXPECT_EQ(body.OptionalTime("t2"), "2026-11-23T10:15:00.500Z");
  EXPECT_FALSE(body.OptionalTime("t3"));
  EXPECT_FALSE(body.OptionalTime("t4"));
  EXPECT_FALSE(body.OptionalTime("t5"));
  EXPECT_EQ(Fields(body.Finish()), (std::vector<std::string>{"d2", "d3", "t3", "t4", "t5"}));
}

TEST(ProblemExtra, AddsMembersButNeverToInternalErrors) {
  auto r = http::ProblemFromStatus(FailedPrecondition("Only 3 in stock.").WithExtra(R"({"available": 3})"));
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(body["available"], 3);
  EXPECT_EQ(body["status"], 409);
  auto internal = http::ProblemFromStatus(Internal("secret").WithExtra(R"({"sql": "x"})"));
  EXPECT_FALSE(nlohmann::json::parse(internal.body).contains("sql"));
}

TEST(Csv, ParsesQuotesCrlfBomAndBlankLines) {
  auto t = ParseCsv("\xEF\xBB\xBFname, quantity\r\n\"Syringe, 1 mL\",10\r\n\r\n\"say \"\"hi\"\"\",\"2\nlines\"\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->header, (std::vector<std::string>{"name", "quantity"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].cells[0], "Syringe, 1 mL");
  EXPECT_EQ(t->rows[0].line, 2u);
  EXPECT_EQ(t->rows[1].cells[0], "say \"hi\"");
  EXPECT_EQ(t->rows[1].cells[1], "2\nlines");
  EXPECT_EQ(t->rows[1].line, 4u);
  EXPECT_EQ(t->Column("QUANTITY"), 1);
  EXPECT_EQ(t->Column("missing"), -1);
}

TEST(Csv, RefusesMalformedWithTheLine) {
  EXPECT_NE(ParseCsv("a,b\n1,2\n3\n").status().message().find("line 3"), std::string::npos);
  EXPECT_NE(ParseCsv("a,b\n\"open,2\n").status().message().find("not closed"), std::string::npos);
  EXPECT_NE(ParseCsv("a,a\n").status().message().find("twice"), std::string::npos);
  EXPECT_NE(ParseCsv("a,\n").status().message().find("no name"), std::string::npos);
  EXPECT_NE(ParseCsv("a\n\"x\"y\n").status().message().find("after a closing quote"), std::string::npos);
  EXPECT_FALSE(ParseCsv("").ok());
  EXPECT_FALSE(ParseCsv("a\n\xC3\x28\n").ok());
  EXPECT_FALSE(ParseCsv("a\n1\n2\n3\n", {.max_rows = 2}).ok());
  EXPECT_FALSE(ParseCsv("a\n" + std::string(50, 'x') + "\n", {.max_cell_chars = 10}).ok());
  EXPECT_FALSE(ParseCsv("a,b,c\n", {.max_columns = 2}).ok());
}

TEST(Csv, WriterQuotesAndDefusesFormulas) {
  CsvWriter w;
  w.Row({"name", "n"});
  w.Row({"=HYPERLINK(\"x\")", "-5"});
  w.Row({"a,b", "@SUM(A1)"});
  EXPECT_EQ(w.text(), "name,n\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n\"a,b\",'@SUM(A1)\r\n");
  auto back = ParseCsv(w.text());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->rows[0].cells[0], "'=HYPERLINK(\"x\")");
}

TEST(Utf8, Validates) {
  EXPECT_TRUE(IsValidUtf8("plain é ✓ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace kinship

// Participant codes: names folded the same way every visit, formulas built part by part,
// answers validated without ever quoting them, near keys that find one-part differences,
// and card codes read the way people type them.
#include "participants/codes.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace kinship::participants {
namespace {

using nlohmann::json;
using programs::UicPart;

const std::vector<UicPart> kDefault = {
    {"mother_first_name", "first2"}, {"birth_day", "2digits"}, {"birth_year", "last2"}, {"gender", "letter"}};

json Maria() { return {{"mother_first_name", "Maria"}, {"birth_day", 7}, {"birth_year", 1985}, {"gender", "f"}}; }

std::string Uic(const json& answers, const std::vector<UicPart>& formula = kDefault) {
  auto parts = UicParts(answers, formula);
  EXPECT_TRUE(parts.ok()) << parts.status().ToString();
  return parts.ok() ? UicString(*parts) : "";
}

// The single field error of a failed validation, as "field: message".
std::string OneError(const json& answers, const std::vector<UicPart>& formula = kDefault) {
  auto parts = UicParts(answers, formula);
  if (parts.ok()) return "ok";
  EXPECT_EQ(parts.status().code(), StatusCode::kValidation);
  const size_t n = parts.status().field_errors().size();
  if (n != 1) return "errors: " + std::to_string(n);
  const auto& e = parts.status().field_errors()[0];
  return e.field + ": " + e.message;
}

crypto::Key TestKey(unsigned char fill) {
  crypto::Key k;
  k.fill(fill);
  return k;
}

class CodesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Init().ok()); }
};

TEST_F(CodesTest, NormaliseNameFoldsAccentsKeepsLettersAndUpperCases) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Maria", "MARIA"},        {"Émilie-Anne", "EMILIEANNE"}, {"  josé  ", "JOSE"},     {"Ørjan", "ORJAN"},
      {"Straße", "STRASSE"},     {"Łucja", "LUCJA"},            {"Ștefan", "STEFAN"},     {"Œdipe", "OEDIPE"},
      {"O'Brien 2nd", "OBRIENND"}, {"Ñuñez", "NUNEZ"},          {"Þóra", "THORA"},        {"Çağla", "CAGLA"},
      {"Dvořák", "DVORAK"},      {"Ærø", "AERO"},               {"Мария", ""},            {"", ""},
      {"李", ""},                {"ÿ", "Y"},                    {"Ĳsbrand", "IJSBRAND"},  {"x×y÷z", "XYZ"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(NormaliseName(in), want) << in;
}

TEST_F(CodesTest, NormaliseNameIgnoresBrokenUtf8) {
  EXPECT_EQ(NormaliseName(std::string("A\x80" "B")), "AB");
  EXPECT_EQ(NormaliseName(std::string("AB\xC3")), "AB");  // truncated at the end
}

TEST_F(CodesTest, DefaultFormulaGivesTheDocumentedExample) { EXPECT_EQ(Uic(Maria()), "MA0785F"); }

TEST_F(CodesTest, AccentsAndCaseDoNotChangeTheCode) {
  json a = Maria();
  a["mother_first_name"] = "  mária ";
  a["gender"] = "F";
  EXPECT_EQ(Uic(a), "MA0785F");
}

TEST_F(CodesTest, ShortNamesArePaddedWithNines) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"first1", "Al", "A"}, {"first2", "A", "A9"},   {"first3", "Al", "AL9"}, {"first3", "---", "999"},
      {"last2", "Maria", "IA"}, {"last2", "J", "J9"}, {"last2", "Jo", "JO"},   {"first2", "Мария", "99"},
  };
  for (const auto& [take, name, want] : cases) {
    EXPECT_EQ(Uic({{"father_first_name", name}}, {{"father_first_name", take}}), want) << take << " " << name;
  }
}

TEST_F(CodesTest, FormulaVariants) {
  const json all = {{"mother_first_name", "Maria"}, {"father_first_name", "Jean-Luc"}, {"birth_day", 23},
                    {"birth_month", 3},              {"birth_year", 2001},             {"gender", "m"}};
  EXPECT_EQ(Uic(all, {{"mother_first_name", "first1"},
                      {"father_first_name", "first3"},
                      {"birth_day", "2digits"},
                      {"birth_month", "2digits"},
                      {"birth_year", "4digits"},
                      {"gender", "letter"}}),
            "MJEA23032001M");
  EXPECT_EQ(Uic({{"birth_year", 1900}, {"father_first_name", "Luc"}},
                {{"birth_year", "last2"}, {"father_first_name", "last2"}}),
            "00UC");
  EXPECT_EQ(Uic({{"birth_month", 12}}, {{"birth_month", "2digits"}}), "12");
}

TEST_F(CodesTest, EveryMissingAnswerIsRequired) {
  auto parts = UicParts(json::object(), kDefault);
  ASSERT_FALSE(parts.ok());
  ASSERT_EQ(parts.status().field_errors().size(), 4u);
  EXPECT_EQ(parts.status().field_errors()[0].field, "answers.mother_first_name");
  EXPECT_EQ(parts.status().field_errors()[0].message, "is required");
  EXPECT_EQ(parts.status().field_errors()[3].field, "answers.gender");
}

TEST_F(CodesTest, AnswersOutOfRangeOrOfTheWrongTypeAreRefused) {
  const auto with = [](const char* key, json value) {
    json a = Maria();
    a[key] = std::move(value);
    return a;
  };
  EXPECT_EQ(OneError(with("birth_day", 0)), "answers.birth_day: must be between 1 and 31");
  EXPECT_EQ(OneError(with("birth_day", 32)), "answers.birth_day: must be between 1 and 31");
  EXPECT_EQ(OneError(with("birth_day", 31)), "ok");
  EXPECT_EQ(OneError(with("birth_day", "7")), "answers.birth_day: must be a whole number");
  EXPECT_EQ(OneError(with("birth_day", 7.5)), "answers.birth_day: must be a whole number");
  EXPECT_EQ(OneError(with("birth_day", nullptr)), "answers.birth_day: is required");
  EXPECT_EQ(OneError(with("birth_day", 18446744073709551615ull)), "answers.birth_day: must be between 1 and 31");
  EXPECT_EQ(OneError(with("birth_day", -3)), "answers.birth_day: must be between 1 and 31");
  EXPECT_EQ(OneError(with("birth_year", 1899)), "answers.birth_year: must be between 1900 and 2100");
  EXPECT_EQ(OneError(with("birth_year", 2101)), "answers.birth_year: must be between 1900 and 2100");
  EXPECT_EQ(OneError(with("birth_year", 2100)), "ok");
  EXPECT_EQ(OneError(with("gender", "FF")), "answers.gender: must be exactly one letter");
  EXPECT_EQ(OneError(with("gender", "1")), "answers.gender: must be exactly one letter");
  EXPECT_EQ(OneError(with("gender", "")), "answers.gender: must be exactly one letter");
  EXPECT_EQ(OneError(with("gender", "ß")), "answers.gender: must be exactly one letter");
  EXPECT_EQ(OneError(with("gender", "é")), "ok");
  EXPECT_EQ(OneError(with("gender", 1)), "answers.gender: must be a string");
  EXPECT_EQ(OneError(with("mother_first_name", "")), "answers.mother_first_name: must not be empty");
  EXPECT_EQ(OneError(with("mother_first_name", "   ")), "answers.mother_first_name: must not be empty");
  EXPECT_EQ(OneError(with("mother_first_name", std::string(60, 'a'))), "ok");
  EXPECT_EQ(OneError(with("mother_first_name", std::string(61, 'a'))),
            "answers.mother_first_name: must be at most 60 characters");
  EXPECT_EQ(OneError(with("mother_first_name", "Ma\nria")),
            "answers.mother_first_name: must not contain control characters");
  EXPECT_EQ(OneError(with("mother_first_name", json::array({"Maria"}))),
            "answers.mother_first_name: must be a string");
  EXPECT_EQ(OneError({{"birth_month", 13}}, {{"birth_month", "2digits"}}),
            "answers.birth_month: must be between 1 and 12");
}

TEST_F(CodesTest, AnswersOutsideTheFormulaAreRefused) {
  json a = Maria();
  a["father_first_name"] = "Jean";
  EXPECT_EQ(OneError(a), "answers.father_first_name: is not part of this program's code");
  a = Maria();
  a["name"] = "Maria Lopez";
  EXPECT_EQ(OneError(a), "answers.name: is not a known field");
  EXPECT_EQ(OneError(json::array()), "answers: must be an object");
  EXPECT_EQ(OneError("MA0785F"), "answers: must be an object");
}

TEST_F(CodesTest, ErrorsNeverQuoteTheAnswers) {
  const json a = {{"mother_first_name", std::string(61, 'Q')}, {"birth_day", 99}, {"birth_year", 1234},
                  {"gender", "Zebra"}, {"secret", "Quetzalcoatl"}};
  auto parts = UicParts(a, kDefault);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().field_errors().size(), 5u);
  for (const auto& e : parts.status().field_errors()) {
    for (const char* value : {"QQ", "99", "1234", "Zebra", "Quetzalcoatl"}) {
      EXPECT_EQ(e.message.find(value), std::string::npos) << e.field << ": " << e.message;
    }
  }
  EXPECT_EQ(parts.status().message().find("Q"), std::string::npos);
}

TEST_F(CodesTest, CodeHashDependsOnKeySaltKindAndCode) {
  const auto k = TestKey(1);
  const std::string h = CodeHash(k, "salt", "uic", "MA0785F");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, CodeHash(k, "salt", "uic", "MA0785F"));
  EXPECT_NE(h, CodeHash(TestKey(2), "salt", "uic", "MA0785F"));
  EXPECT_NE(h, CodeHash(k, "pepper", "uic", "MA0785F"));
  EXPECT_NE(h, CodeHash(k, "salt", "card", "MA0785F"));
  EXPECT_NE(h, CodeHash(k, "salt", "uic", "MA0786F"));
  EXPECT_EQ(h, crypto::KeyedHash(k, "salt|uic|MA0785F"));
}

TEST_F(CodesTest, MaskedUicHidesOnePartKeepingWidths) {
  const std::vector<std::string> parts = {"MA", "07", "85", "F"};
  EXPECT_EQ(MaskedUic(parts, 0), "**0785F");
  EXPECT_EQ(MaskedUic(parts, 3), "MA0785*");
}

TEST_F(CodesTest, NearKeysMatchWhenExactlyOnePartDiffers) {
  const auto k = TestKey(3);
  const auto keys = [&](const json& a) { return NearKeys(k, "s", *UicParts(a, kDefault)); };
  const auto base = keys(Maria());
  ASSERT_EQ(base.size(), 4u);
  EXPECT_EQ(base[0].first, "near0");
  EXPECT_EQ(base[3].first, "near3");

  json day = Maria();
  day["birth_day"] = 8;  // part 1 differs
  const auto other = keys(day);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(base[i].second == other[i].second, i == 1) << i;

  json two = day;
  two["gender"] = "m";  // parts 1 and 3 differ
  const auto far = keys(two);
  for (size_t i = 0; i < 4; ++i) EXPECT_NE(base[i].second, far[i].second) << i;
}

TEST_F(CodesTest, DisplayCodeIsSixCrockfordCharactersAndDeterministic) {
  const std::string hash = CodeHash(TestKey(4), "s", "uic", "MA0785F");
  const std::string code = DisplayCodeFromHash(hash);
  EXPECT_TRUE(std::regex_match(code, std::regex("[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}"))) << code;
  EXPECT_EQ(code, DisplayCodeFromHash(hash));
  for (int attempt = 1; attempt < 8; ++attempt) EXPECT_NE(DisplayCodeFromHash(hash, attempt), code) << attempt;
  // Bits 0..29 of 0xffff...: all ones → "ZZZ-ZZZ"; of zeros → "000-000".
  EXPECT_EQ(DisplayCodeFromHash(std::string(64, 'f')), "ZZZ-ZZZ");
  EXPECT_EQ(DisplayCodeFromHash(std::string(64, '0')), "000-000");
  // 0x08421 = 00001 00001 00001 00001 → "1111", the top 20 bits of "08421".
  EXPECT_EQ(DisplayCodeFromHash("0842108421" + std::string(54, '0')), "111-111");
}

TEST_F(CodesTest, NewCardCodesLookRightAndDiffer) {
  const std::regex shape("C-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = NewCardCode();
    EXPECT_TRUE(std::regex_match(code, shape)) << code;
    EXPECT_EQ(ParseCardCode(code), code);
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 195u);
}

TEST_F(CodesTest, CardCodesAreReadAsPeopleTypeThem) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {"C-7KQ3-XF9M", "C-7KQ3-XF9M"},
      {"c-7kq3-xf9m", "C-7KQ3-XF9M"},
      {"C7KQ3XF9M", "C-7KQ3-XF9M"},
      {"7KQ3XF9M", "C-7KQ3-XF9M"},
      {"7kq3 xf9m", "C-7KQ3-XF9M"},
      {"C-IKQ3-XFOL", "C-1KQ3-XF01"},  // look-alikes
      {"C-7KQ3-XF9U", std::nullopt},   // U is not in the alphabet
      {"C-7KQ3-XF9", std::nullopt},
      {"C-7KQ3-XF9MM", std::nullopt},
      {"", std::nullopt},
      {"C-7KQ3-XF9!", std::nullopt},
      {"X-7KQ3-XF9M", std::nullopt},
      {std::string(100, '-'), std::nullopt},
  };
  for (const auto& [typed, want] : cases) EXPECT_EQ(ParseCardCode(typed), want) << typed;
}

}  // namespace
}  // namespace kinship::participants

// Reads and validates a JSON request body field by field, collecting every field error so
// the client hears about all of them at once. Unknown fields are refused.
//
//   BodyReader body(req.body);
//   auto name = body.String("name", {.min = 1, .max = 120});
//   auto area = body.OptionalString("area", {.max = 120});
//   if (Status s = body.Finish(); !s.ok()) return s;   // 400 or 422
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <set>
#include <vector>

#include "core/status.h"
#include "core/text.h"

namespace kinship::http {

struct StringRule {
  size_t min = 0;
  size_t max = 1000;
  bool trim = true;
  bool multiline = false;  // allow line breaks and tabs (CSV text, say); other control characters stay refused
};

class BodyReader {
 public:
  // Parses body; malformed JSON, invalid UTF-8 or a non-object becomes the Finish() error.
  explicit BodyReader(std::string_view body);
  // Reads one nested object (an array element, say). Its field errors are named
  // "<prefix>.<field>", e.g. "items[2].quantity"; a non-object is an error on prefix.
  // Hand it back to the parent with Absorb().
  BodyReader(const nlohmann::json& object, std::string prefix);

  // Required string within the rule's length (in characters). Returns "" when invalid.
  std::string String(std::string_view field, StringRule rule = {});
  // Absent → nullopt; null → nullopt and *was_null set (to clear a value).
  std::optional<std::string> OptionalString(std::string_view field, StringRule rule = {},
                                            bool* present = nullptr);
  // Required string that must be one of choices.
  std::string Enum(std::string_view field, const std::vector<std::string_view>& choices);
  std::optional<std::string> OptionalEnum(std::string_view field,
                                          const std::vector<std::string_view>& choices);
  std::optional<bool> OptionalBool(std::string_view field);
  std::optional<int64_t> OptionalInt(std::string_view field, int64_t min, int64_t max);
  // A finite number in [min, max] (whole or not); absent or null → nullopt.
  std::optional<double> OptionalNumber(std::string_view field, double min, double max);
  // Required id (UUID) string.
  std::string Id(std::string_view field);
  std::optional<std::string> OptionalId(std::string_view field);
  // Required whole number in [min, max].
  int64_t Int(std::string_view field, int64_t min, int64_t max);
  // A calendar date "YYYY-MM-DD".
  std::optional<std::string> OptionalDate(std::string_view field, bool* present = nullptr);
  // A UTC time "YYYY-MM-DDTHH:MM:SS[.mmm]Z", returned normalised to milliseconds.
  std::optional<std::string> OptionalTime(std::string_view field);
  // An array of at most max elements (absent → empty, *present false). Read each object
  // element with BodyReader(element, Element(field, i)) and Absorb() it.
  std::vector<nlohmann::json> Array(std::string_view field, size_t max, bool* present = nullptr);
  // An array of distinct strings, each one of choices (absent → empty).
  std::vector<std::string> EnumArray(std::string_view field, const std::vector<std::string_view>& choices);
  // The name of element i of an array field, for nested readers: "items[2]".
  std::string Element(std::string_view field, size_t i) const;
  // Takes over a nested reader's errors (it must not be used afterwards).
  void Absorb(BodyReader& child);

  void AddError(std::string field, std::string message);
  bool has(std::string_view field) const;
  // Checks unknown fields; returns OK, a 400 (malformed) or a 422 listing every field error.
  Status Finish();

 private:
  const nlohmann::json* Get(std::string_view field);
  std::string Name(std::string_view field) const;
  std::string prefix_;
  nlohmann::json doc_;
  Status parse_error_;
  std::set<std::string, std::less<>> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace kinship::http

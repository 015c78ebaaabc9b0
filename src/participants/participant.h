// A participant: an anonymous code (a keyed hash of answers or of a card code, never the
// answers themselves), a short display code, a few optional coarse attributes the program
// chose to record, and the counts of their encounters. Merged duplicates keep their row with
// `merged_into` set, so an old code still finds the person.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::participants {

inline const std::vector<std::string_view> kAgeBands = {"under_18", "18-24", "25-34", "35-44",
                                                        "45-54",    "55-64", "65+"};
inline const std::vector<std::string_view> kGenders = {"woman",      "man",   "non_binary", "trans_woman",
                                                       "trans_man",  "two_spirit", "other", "prefer_not_to_say"};
inline const std::vector<std::string_view> kHousing = {"housed", "unstably_housed", "shelter", "unsheltered",
                                                       "prefer_not_to_say"};
inline const std::vector<std::string_view> kMainRoutes = {"injecting", "smoking", "snorting",
                                                          "oral",      "other",   "prefer_not_to_say"};

// The allowed values of one attribute (age_band, gender, housing, main_route).
const std::vector<std::string_view>& AttributeValues(std::string_view attribute);

struct Participant {
  std::string program_id;
  std::string id;
  std::string display_code;
  std::string code_kind;  // "uic" or "card"
  std::optional<std::string> age_band;
  std::optional<std::string> gender;
  std::optional<std::string> housing;
  std::optional<std::string> main_route;
  std::optional<std::string> merged_into;
  std::optional<std::string> first_seen_at;
  std::optional<std::string> last_seen_at;
  int64_t encounter_count = 0;
  std::string created_at;
  std::string updated_at;

  // The attribute's slot by name (nullptr for an unknown name).
  std::optional<std::string>* Attribute(std::string_view name);
};

nlohmann::json ToJson(const Participant& p);

}  // namespace kinship::participants

// What a client asks for when it logs or edits an encounter, and the rules that need no
// database: ranges, distinct lines, for_others within quantity, and the time window (not in
// the future beyond a little clock skew, at most 30 days back). The JSON routes and the CSV
// importer both fill an EncounterInput; errors are named the way each of them names fields
// ("items[2].quantity" for JSON, "line 7: item:Cooker" for CSV).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace kinship::encounters {

struct ItemLine {
  std::string item_id;
  int64_t quantity = 0;
  int64_t for_others = 0;
  std::string field;   // JSON: "items[2]" (errors on "items[2].quantity"); empty when column is set
  std::string column;  // CSV: "line 7: item:Cooker", used for every error of the line
  std::string Field(std::string_view sub) const { return column.empty() ? field + "." + std::string(sub) : column; }
};

struct ReferralRequest {
  std::string resource_id;
  std::optional<std::string> follow_up_on;
};

// A create fills what the client sent; an edit (PATCH) sets only the fields present, and the
// rest is taken from the encounter being edited.
struct EncounterInput {
  std::optional<std::string> site_id;
  std::optional<std::string> mode;
  std::optional<std::string> area;
  bool area_present = false;  // "area": null clears it
  std::optional<std::string> occurred_at;
  std::optional<std::string> participant_id;
  bool participant_present = false;  // "participant_id": null makes it anonymous
  std::optional<std::string> kit_id;
  bool kit_present = false;
  std::optional<std::vector<ItemLine>> items;
  std::optional<int64_t> returned_syringes;
  std::optional<int64_t> returned_containers;
  std::optional<std::vector<std::string>> services;
  std::optional<int64_t> for_others_people;
  std::vector<ReferralRequest> referrals;
  bool use_expired = false;
};

// How errors name the top-level fields: JSON uses the field names as they are; CSV prefixes
// the line and uses its column names ("line 7: participant_code").
struct FieldNames {
  std::string prefix;
  std::string site_id = "site_id";
  std::string participant_id = "participant_id";
  std::string occurred_at = "occurred_at";
  std::string Of(std::string_view field) const { return prefix + std::string(field); }
};

// Checks the rules that need no database against now. Returns the field errors (empty when
// the input is fine).
std::vector<FieldError> CheckEncounterInput(const EncounterInput& in, TimePoint now, const FieldNames& names = {});

// Checks one occurred_at: a UTC ISO time, not later than now + 5 minutes, not earlier than
// now - 30 days. Returns "" when fine, else the message.
std::string CheckOccurredAt(std::string_view occurred_at, TimePoint now);

}  // namespace kinship::encounters

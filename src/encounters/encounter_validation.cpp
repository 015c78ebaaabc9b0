#include "encounters/encounter_validation.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "encounters/calendar.h"
#include "encounters/encounter.h"

namespace kinship::encounters {

namespace {

std::string Between(int64_t min, int64_t max) {
  return "must be between " + std::to_string(min) + " and " + std::to_string(max);
}

void CheckCount(std::vector<FieldError>& errors, const std::optional<int64_t>& v, int64_t max, std::string field) {
  if (v && (*v < 0 || *v > max)) errors.push_back({std::move(field), Between(0, max)});
}

}  // namespace

std::string CheckOccurredAt(std::string_view occurred_at, TimePoint now) {
  const auto t = ParseTimeMillis(occurred_at);
  if (!t) return "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ";
  const int64_t now_ms = ToUnixMillis(now);
  if (*t > now_ms + int64_t{kClockSkewMinutes} * 60'000) return "must not be in the future";
  if (*t < now_ms - int64_t{kMaxDaysBack} * 86'400'000) {
    return "must be within the last " + std::to_string(kMaxDaysBack) + " days";
  }
  return "";
}

std::vector<FieldError> CheckEncounterInput(const EncounterInput& in, TimePoint now, const FieldNames& names) {
  std::vector<FieldError> errors;
  if (in.mode && std::find(kModes.begin(), kModes.end(), *in.mode) == kModes.end()) {
    errors.push_back({names.Of("mode"), "must be one of: fixed, outreach, mobile, delivery"});
  }
  if (in.area && Utf8Length(*in.area) > kMaxAreaChars) {
    errors.push_back({names.Of("area"), "must be at most " + std::to_string(kMaxAreaChars) + " characters"});
  }
  if (in.occurred_at) {
    if (std::string why = CheckOccurredAt(*in.occurred_at, now); !why.empty()) {
      errors.push_back({names.Of(names.occurred_at), why});
    }
  }
  if (in.items) {
    if (in.items->size() > kMaxItemLines) {
      errors.push_back({names.Of("items"), "must have at most " + std::to_string(kMaxItemLines) + " entries"});
    }
    std::set<std::string> seen;
    for (const auto& line : *in.items) {
      if (!seen.insert(line.item_id).second) {
        errors.push_back({line.Field("item_id"), "is listed twice; put the whole quantity on one line"});
      }
      if (line.quantity < 1 || line.quantity > kMaxQuantity) {
        errors.push_back({line.Field("quantity"), Between(1, kMaxQuantity)});
      } else if (line.for_others < 0 || line.for_others > kMaxQuantity) {
        errors.push_back({line.Field("for_others"), Between(0, kMaxQuantity)});
      } else if (line.for_others > line.quantity) {
        errors.push_back({line.Field("for_others"), "must not be more than the quantity"});
      }
    }
  }
  CheckCount(errors, in.returned_syringes, kMaxReturned, names.Of("returned_syringes"));
  CheckCount(errors, in.returned_containers, kMaxReturned, names.Of("returned_containers"));
  CheckCount(errors, in.for_others_people, kMaxForOthersPeople, names.Of("for_others_people"));
  if (in.services) {
    std::set<std::string> seen;
    for (const auto& s : *in.services) {
      if (std::find(kServices.begin(), kServices.end(), s) == kServices.end()) {
        errors.push_back({names.Of("services"), "\"" + s + "\" is not one of: education, naloxone_training, "
                                                "wound_care, testing, counselling, drug_checking, other"});
      } else if (!seen.insert(s).second) {
        errors.push_back({names.Of("services"), "\"" + s + "\" is listed twice"});
      }
    }
  }
  if (in.referrals.size() > kMaxReferrals) {
    errors.push_back({names.Of("referrals"), "must have at most " + std::to_string(kMaxReferrals) + " entries"});
  }
  return errors;
}

}  // namespace kinship::encounters

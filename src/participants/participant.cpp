#include "participants/participant.h"

namespace kinship::participants {

namespace {
nlohmann::json OrNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

const std::vector<std::string_view>& AttributeValues(std::string_view attribute) {
  static const std::vector<std::string_view> kNone;
  if (attribute == "age_band") return kAgeBands;
  if (attribute == "gender") return kGenders;
  if (attribute == "housing") return kHousing;
  if (attribute == "main_route") return kMainRoutes;
  return kNone;
}

std::optional<std::string>* Participant::Attribute(std::string_view name) {
  if (name == "age_band") return &age_band;
  if (name == "gender") return &gender;
  if (name == "housing") return &housing;
  if (name == "main_route") return &main_route;
  return nullptr;
}

nlohmann::json ToJson(const Participant& p) {
  return {{"id", p.id},
          {"display_code", p.display_code},
          {"code_kind", p.code_kind},
          {"attributes",
           {{"age_band", OrNull(p.age_band)},
            {"gender", OrNull(p.gender)},
            {"housing", OrNull(p.housing)},
            {"main_route", OrNull(p.main_route)}}},
          {"merged_into", OrNull(p.merged_into)},
          {"first_seen_at", OrNull(p.first_seen_at)},
          {"last_seen_at", OrNull(p.last_seen_at)},
          {"encounter_count", p.encounter_count},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

}  // namespace kinship::participants

#include "referrals/referral.h"

namespace kinship::referrals {

namespace {
int Stage(std::string_view status) {
  if (status == "made") return 0;
  if (status == "accepted") return 1;
  if (status == "attended" || status == "not_attended") return 2;
  if (status == "closed") return 3;
  return -1;
}

nlohmann::json OrNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

bool CanMove(std::string_view from, std::string_view to) {
  const int a = Stage(from), b = Stage(to);
  return a >= 0 && b > a;
}

nlohmann::json ToJson(const Referral& r) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& e : r.history) {
    history.push_back({{"status", e.status}, {"at", e.at}, {"user_id", OrNull(e.user_id)}});
  }
  return {{"id", r.id},
          {"resource_id", r.resource_id},
          {"resource_name", r.resource_name},
          {"resource_kind", r.resource_kind},
          {"encounter_id", OrNull(r.encounter_id)},
          {"participant_id", OrNull(r.participant_id)},
          {"display_code", OrNull(r.display_code)},
          {"status", r.status},
          {"made_at", r.made_at},
          {"made_by", r.made_by},
          {"follow_up_on", OrNull(r.follow_up_on)},
          {"closed_at", OrNull(r.closed_at)},
          {"updated_at", r.updated_at},
          {"history", history}};
}

}  // namespace kinship::referrals

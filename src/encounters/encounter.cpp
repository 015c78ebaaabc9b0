#include "encounters/encounter.h"

namespace kinship::encounters {

namespace {
nlohmann::json OrNull(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

std::string JoinServices(const std::vector<std::string>& services) {
  std::string out;
  for (const auto& s : services) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> SplitServices(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string DefaultModeFor(std::string_view site_kind) {
  if (site_kind == "mail_hub") return "delivery";
  if (site_kind == "outreach" || site_kind == "mobile") return std::string(site_kind);
  return "fixed";
}

nlohmann::json ToJson(const Encounter& e, const nlohmann::json& referrals, const std::string& editable_until) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : e.items) {
    items.push_back(
        {{"item_id", i.item_id}, {"item_name", i.item_name}, {"quantity", i.quantity}, {"for_others", i.for_others}});
  }
  return {{"id", e.id},
          {"occurred_at", e.occurred_at},
          {"site_id", e.site_id},
          {"mode", e.mode},
          {"area", OrNull(e.area)},
          {"worker_id", e.worker_id},
          {"participant_id", OrNull(e.participant_id)},
          {"display_code", OrNull(e.display_code)},
          {"kit_id", OrNull(e.kit_id)},
          {"items", std::move(items)},
          {"returned_syringes", e.returned_syringes},
          {"returned_containers", e.returned_containers},
          {"services", e.services},
          {"for_others_people", e.for_others_people},
          {"referrals", referrals.is_array() ? referrals : nlohmann::json::array()},
          {"voided", e.voided},
          {"void_reason", OrNull(e.void_reason)},
          {"editable_until", editable_until},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

}  // namespace kinship::encounters

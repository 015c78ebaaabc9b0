// A resource of the program's referral directory: a local service people can be referred to
// (housing, mental health care, treatment, testing, legal help, ...), with what a peer needs
// to know to refer someone there. Archived resources stay readable for old referrals.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::referrals {

inline const std::vector<std::string_view> kResourceKinds = {
    "housing", "mental_health", "substance_use_treatment", "opioid_agonist_treatment", "medical", "testing",
    "legal",   "food",          "shelter",                 "other"};

struct Resource {
  std::string program_id;
  std::string id;
  std::string name;
  std::string kind;
  std::optional<std::string> hours;
  std::optional<std::string> eligibility;
  std::optional<std::string> how_to_refer;
  std::optional<std::string> contact;
  std::optional<std::string> area;
  bool archived = false;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json ToJson(const Resource& r);

}  // namespace kinship::referrals

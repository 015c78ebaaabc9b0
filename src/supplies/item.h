// A supply the program hands out (a syringe, a naloxone kit, a foil sheet), counted in its
// own unit. Items are archived, never deleted: movements and encounters keep pointing at them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kinship::supplies {

struct Item {
  std::string id;
  std::string program_id;
  std::string name;
  std::string unit;
  std::string category;  // one of kItemCategories (default_catalog.h)
  int64_t reorder_threshold = 0;  // stock below this at a site is low
  std::optional<int64_t> soft_limit;  // more than this per encounter warns, never refuses
  bool archived = false;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json ToJson(const Item& i);

}  // namespace kinship::supplies

// A kit: a named set of items handed out together (an injection kit, a smoking kit). Picking
// a kit in an encounter fills in its items; stock is always kept per item, never per kit.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kinship::supplies {

struct KitLine {
  std::string item_id;
  std::string name;  // the item's name (read only)
  int64_t quantity = 0;
};

struct Kit {
  std::string id;
  std::string program_id;
  std::string name;
  bool archived = false;
  std::vector<KitLine> items;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json ToJson(const Kit& k);

}  // namespace kinship::supplies

// A lot: one batch of an item from the maker, with its number and expiry date. Stock is kept
// per lot and site, so first-expiry-first-out can pick the lot that expires soonest.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kinship::supplies {

struct Lot {
  std::string id;
  std::string program_id;
  std::string item_id;
  std::string item_name;  // read only
  std::string lot_number;
  std::optional<std::string> expires_on;  // "YYYY-MM-DD"; none for supplies that do not expire
  std::string created_at;
};

nlohmann::json ToJson(const Lot& l);

}  // namespace kinship::supplies

// A site where a program works: a fixed site, an outreach route, a mobile unit or a mail
// hub. `area` is coarse (a neighbourhood), never an address.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinship::sites {

inline const std::vector<std::string_view> kSiteKinds = {"fixed", "outreach", "mobile", "mail_hub"};

struct Site {
  std::string id;
  std::string program_id;
  std::string name;
  std::string kind;
  std::optional<std::string> area;
  bool archived = false;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json ToJson(const Site& s);

}  // namespace kinship::sites

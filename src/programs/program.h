// A program: one harm-reduction service (its sites, staff and data). Programs may belong
// to a network, whose `network` users act across its member programs.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kinship::programs {

struct Program {
  std::string id;
  std::optional<std::string> network_id;
  std::string name;
  std::string slug;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json ToJson(const Program& p);

}  // namespace kinship::programs

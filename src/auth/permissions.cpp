#include "auth/permissions.h"

#include <algorithm>
#include <map>
#include <string>

namespace kinship::auth {
namespace {

// role → permissions. Read it as the table in docs/PERMISSIONS.md.
const std::map<std::string_view, std::vector<std::string_view>>& Matrix() {
  static const std::map<std::string_view, std::vector<std::string_view>> kMatrix = {
      {"peer",
       {"programs.read", "sites.read", "account.self", "participants.read", "participants.write",
        "encounters.read", "encounters.write", "supplies.read", "referrals.read", "referrals.write"}},
      {"researcher", {"programs.read", "sites.read", "account.self", "supplies.read", "dashboard.read", "stats.use"}},
      {"coordinator",
       {"programs.read", "sites.read", "sites.write", "users.read", "account.self", "participants.read",
        "participants.write", "participants.history", "participants.merge", "encounters.read",
        "encounters.write", "encounters.manage", "supplies.read", "supplies.write", "referrals.read",
        "referrals.write", "resources.write", "dashboard.read", "data.export", "data.import", "stats.use"}},
      {"admin",
       {"programs.read", "programs.write", "sites.read", "sites.write", "users.read", "users.write",
        "audit.read", "account.self", "participants.read", "participants.write", "participants.history",
        "participants.merge", "encounters.read", "encounters.write", "encounters.manage", "supplies.read",
        "supplies.write", "referrals.read", "referrals.write", "resources.write", "dashboard.read",
        "data.export", "data.import", "stats.use"}},
      {"network",
       {"programs.read", "programs.write", "programs.create", "programs.switch", "sites.read",
        "sites.write", "users.read", "users.write", "audit.read", "account.self", "participants.read",
        "participants.write", "participants.history", "participants.merge", "encounters.read",
        "encounters.write", "encounters.manage", "supplies.read", "supplies.write", "referrals.read",
        "referrals.write", "resources.write", "dashboard.read", "data.export", "data.import", "stats.use"}},
  };
  return kMatrix;
}

}  // namespace

bool IsRole(std::string_view role) {
  return std::find(std::begin(kRoles), std::end(kRoles), role) != std::end(kRoles);
}

bool HasPermission(std::string_view role, std::string_view permission) {
  const auto& m = Matrix();
  auto it = m.find(role);
  if (it == m.end()) return false;
  return std::find(it->second.begin(), it->second.end(), permission) != it->second.end();
}

std::vector<std::string_view> PermissionsOf(std::string_view role) {
  auto it = Matrix().find(role);
  return it == Matrix().end() ? std::vector<std::string_view>{} : it->second;
}

const std::vector<std::string_view>& AllPermissions() {
  static const std::vector<std::string_view> kAll = [] {
    std::vector<std::string_view> all;
    for (const auto& [role, perms] : Matrix()) {
      for (auto p : perms) {
        if (std::find(all.begin(), all.end(), p) == all.end()) all.push_back(p);
      }
    }
    std::sort(all.begin(), all.end());
    return all;
  }();
  return kAll;
}

bool MayGrantRole(std::string_view actor_role, std::string_view target_role) {
  if (!IsRole(target_role)) return false;
  if (actor_role == "network") return true;
  if (actor_role == "admin") return target_role != "network";
  return false;
}

}  // namespace kinship::auth

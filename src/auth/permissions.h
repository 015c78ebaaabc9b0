// The permission matrix: which role may do what. This is the one place it is decided;
// the route table names a permission per route and the request pipeline checks it here.
// docs/PERMISSIONS.md shows the same matrix for people.
#pragma once

#include <string_view>
#include <vector>

namespace kinship::auth {

inline constexpr std::string_view kRoles[] = {"peer", "coordinator", "admin", "researcher", "network"};

bool IsRole(std::string_view role);
// True when role holds permission (e.g. "sites.write"). Unknown roles hold nothing.
bool HasPermission(std::string_view role, std::string_view permission);
// Every permission the role holds, for the session object the web app reads.
std::vector<std::string_view> PermissionsOf(std::string_view role);
// Every permission that exists.
const std::vector<std::string_view>& AllPermissions();
// True when actor_role may grant target_role to a user (admins cannot mint network users).
bool MayGrantRole(std::string_view actor_role, std::string_view target_role);

}  // namespace kinship::auth

#pragma once

#include <set>
#include <span>
#include <string>
#include <string_view>

namespace fenghuo::identity {

// A permission: what a route needs (http::Access) and what roles and API tokens grant.
struct PermissionInfo {
  std::string_view code;
  std::string_view name;     // zh-CN
  std::string_view name_en;
  bool token_scope;          // may be granted to a machine client's API token
};

struct RoleInfo {
  std::string_view code;
  std::string_view name;     // zh-CN
  std::string_view name_en;
  std::span<const std::string_view> permissions;
};

std::span<const PermissionInfo> permissions();
std::span<const RoleInfo> roles();
const RoleInfo* find_role(std::string_view code);
bool is_permission(std::string_view code);
bool is_token_scope(std::string_view code);

// The union of the roles' permissions (unknown roles grant nothing).
std::set<std::string, std::less<>> permissions_of(std::span<const std::string> roles);

}  // namespace fenghuo::identity

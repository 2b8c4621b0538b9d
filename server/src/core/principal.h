#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fenghuo {

// The prefix of a GB/T 2260 region code that everything inside the region shares:
// "140000" -> "14" (province), "140100" -> "1401" (city), "140105" -> "140105" (county).
std::string region_prefix(std::string_view code);

// Who is calling: a signed-in user, a machine client with an API token, or the system
// itself (command line, background jobs). Jurisdiction is the region code's prefix: a
// principal sees and changes region-bound data whose code starts with it.
struct Principal {
  enum class Kind { kUser, kToken, kSystem };
  Kind kind = Kind::kUser;
  std::int64_t id = 0;  // user id or token id
  std::string name;
  std::string region;   // 6-digit code of the jurisdiction
  std::int64_t org_id = 0;
  std::vector<std::string> roles;
  std::set<std::string, std::less<>> permissions;
  std::int64_t session_id = 0;  // 0 unless signed in with a session
  std::int64_t created_by = 0;  // API tokens: the user who created the token
  std::string client_address;

  bool has(std::string_view permission) const { return permissions.contains(permission); }
  // True when `region_code` lies inside this principal's jurisdiction.
  bool covers(std::string_view region_code) const;
  std::string_view kind_name() const;

  static Principal system(std::string name = "system");
};

// The one place where jurisdiction turns into a query filter: the SQL LIKE pattern for
// region codes a principal may see, narrowed to `requested` (a region code) when given.
// Refuses (403, field "region") a requested region outside the jurisdiction.
Result<std::string> region_pattern(const Principal& principal, std::string_view requested = {});

// Refuses (404, so that nothing outside leaks) a record whose region is outside the
// principal's jurisdiction.
Status check_covers(const Principal& principal, std::string_view region_code,
                    std::string_view what);

}  // namespace fenghuo

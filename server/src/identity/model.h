#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace fenghuo::identity {

// Organisation types of the deployment plan, as stored and sent in JSON.
inline constexpr std::string_view kOrgTypes[] = {"emergency_bureau", "member_unit",
                                                 "rescue_team", "enterprise", "other"};
bool is_org_type(std::string_view type);
// A mainland China mobile number: 11 digits starting 13-19.
bool is_mobile_phone(std::string_view phone);

struct Region {
  std::string code;
  std::string name;
  std::string level;  // province | city | county | zone
  std::string parent;
  double lon = 0;
  double lat = 0;
  std::optional<double> area_km2;
  std::optional<std::int64_t> population;
};

// Who a notice or text message goes to: a user's id, name and phone.
struct Contact {
  std::int64_t id = 0;
  std::string name;
  std::string phone;
};

struct Organisation {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string region;
  std::string region_name;
  std::string type;
  std::string name;
  std::string contact_phone;
  std::string duty_phone;
  std::optional<std::string> external_id;
  std::string status = "active";
  std::int64_t version = 1;
};

struct User {
  std::int64_t id = 0;
  std::string name;
  std::string phone;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string region;  // the organisation's region: the user's jurisdiction
  std::string region_name;
  std::vector<std::string> roles;
  std::string status = "active";
  std::optional<std::string> external_id;
  std::optional<std::int64_t> last_login_at;
  std::int64_t version = 1;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
  std::string user_agent;
};

struct ApiToken {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> scopes;
  std::string region;
  std::int64_t created_by = 0;
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> revoked_at;
  std::optional<std::int64_t> last_used_at;
};

struct OrgAdmin {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string region;
  std::string name;
  std::string phone;
  std::string duties;
  std::int64_t version = 1;
};

boost::json::object to_json(const Region& r);
boost::json::object to_json(const Organisation& o);
boost::json::object to_json(const User& u);
boost::json::object to_json(const ApiToken& t);
boost::json::object to_json(const OrgAdmin& a);

}  // namespace fenghuo::identity

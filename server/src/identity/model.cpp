#include "identity/model.h"

#include <boost/json.hpp>

#include "core/time.h"

namespace fenghuo::identity {
namespace {

boost::json::value time_or_null(const std::optional<std::int64_t>& ms) {
  if (!ms) return nullptr;
  return boost::json::value(format_rfc3339(*ms));
}

}  // namespace

bool is_org_type(std::string_view type) {
  for (auto t : kOrgTypes) {
    if (t == type) return true;
  }
  return false;
}

bool is_mobile_phone(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  return phone.find_first_not_of("0123456789") == std::string_view::npos;
}

boost::json::object to_json(const Region& r) {
  boost::json::object o;
  o["code"] = r.code;
  o["name"] = r.name;
  o["level"] = r.level;
  o["parent"] = r.parent.empty() ? boost::json::value(nullptr) : boost::json::value(r.parent);
  o["lon"] = r.lon;
  o["lat"] = r.lat;
  o["area_km2"] = r.area_km2 ? boost::json::value(*r.area_km2) : boost::json::value(nullptr);
  o["population"] =
      r.population ? boost::json::value(*r.population) : boost::json::value(nullptr);
  return o;
}

boost::json::object to_json(const Organisation& org) {
  boost::json::object o;
  o["id"] = std::to_string(org.id);
  o["parent_id"] = org.parent_id ? boost::json::value(std::to_string(*org.parent_id))
                                 : boost::json::value(nullptr);
  o["region"] = org.region;
  o["region_name"] = org.region_name;
  o["type"] = org.type;
  o["name"] = org.name;
  o["contact_phone"] = org.contact_phone;
  o["duty_phone"] = org.duty_phone;
  o["external_id"] =
      org.external_id ? boost::json::value(*org.external_id) : boost::json::value(nullptr);
  o["status"] = org.status;
  o["version"] = org.version;
  return o;
}

boost::json::object to_json(const User& u) {
  boost::json::object o;
  o["id"] = std::to_string(u.id);
  o["name"] = u.name;
  o["phone"] = u.phone;
  boost::json::object org;
  org["id"] = std::to_string(u.org_id);
  org["name"] = u.org_name;
  org["region"] = u.region;
  o["org"] = std::move(org);
  o["region"] = u.region;
  o["region_name"] = u.region_name;
  boost::json::array roles;
  for (const auto& r : u.roles) roles.emplace_back(r);
  o["roles"] = std::move(roles);
  o["status"] = u.status;
  o["external_id"] =
      u.external_id ? boost::json::value(*u.external_id) : boost::json::value(nullptr);
  o["last_login_at"] = time_or_null(u.last_login_at);
  o["version"] = u.version;
  return o;
}

boost::json::object to_json(const ApiToken& t) {
  boost::json::object o;
  o["id"] = std::to_string(t.id);
  o["name"] = t.name;
  boost::json::array scopes;
  for (const auto& s : t.scopes) scopes.emplace_back(s);
  o["scopes"] = std::move(scopes);
  o["region"] = t.region;
  o["created_at"] = format_rfc3339(t.created_at);
  o["expires_at"] = time_or_null(t.expires_at);
  o["last_used_at"] = time_or_null(t.last_used_at);
  o["revoked_at"] = time_or_null(t.revoked_at);
  boost::json::object by;
  by["id"] = std::to_string(t.created_by);
  by["name"] = t.created_by_name;
  o["created_by"] = std::move(by);
  return o;
}

boost::json::object to_json(const OrgAdmin& a) {
  boost::json::object o;
  o["id"] = std::to_string(a.id);
  boost::json::object org;
  org["id"] = std::to_string(a.org_id);
  org["name"] = a.org_name;
  org["region"] = a.region;
  o["org"] = std::move(org);
  o["name"] = a.name;
  o["phone"] = a.phone;
  o["duties"] = a.duties;
  o["version"] = a.version;
  return o;
}

}  // namespace fenghuo::identity

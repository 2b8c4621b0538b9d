#include "identity/directory.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "identity/access.h"
#include "identity/roles.h"

namespace fenghuo::identity {
namespace {

// ---- reading fields of a JSON body, with errors naming the field ------------------------
Result<std::optional<std::string>> text_field(const boost::json::object& in, std::string_view key,
                                              std::size_t max_length = 200) {
  const auto* v = in.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string())
    return Error::validation(std::string(key), std::string(key) + " must be text");
  std::string s(v->as_string());
  if (s.size() > max_length) {
    return Error::validation(std::string(key), std::string(key) + " is longer than " +
                                                   std::to_string(max_length) + " bytes");
  }
  return std::optional<std::string>(std::move(s));
}

// Ids travel as strings in JSON; numbers are accepted too.
Result<std::optional<std::int64_t>> id_field(const boost::json::object& in, std::string_view key) {
  const auto* v = in.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64() && v->as_int64() > 0) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_string()) {
    const auto& s = v->as_string();
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec == std::errc{} && p == s.data() + s.size() && id > 0) {
      return std::optional<std::int64_t>(id);
    }
  }
  return Error::validation(std::string(key), std::string(key) + " must be an id");
}

Result<std::int64_t> version_field(const boost::json::object& in) {
  const auto* v = in.if_contains("version");
  if (v == nullptr || !v->is_int64()) {
    return Error::validation("version", "version is required: send the version you edited");
  }
  return v->as_int64();
}

Result<std::optional<std::vector<std::string>>> roles_field(const boost::json::object& in) {
  const auto* v = in.if_contains("roles");
  if (v == nullptr || v->is_null()) return std::optional<std::vector<std::string>>();
  if (!v->is_array()) return Error::validation("roles", "roles must be a list of role codes");
  std::vector<std::string> roles;
  for (const auto& r : v->as_array()) {
    if (!r.is_string() || find_role(r.as_string()) == nullptr) {
      return Error::validation("roles", "unknown role " + boost::json::serialize(r));
    }
    if (std::find(roles.begin(), roles.end(), r.as_string()) == roles.end()) {
      roles.emplace_back(r.as_string());
    }
  }
  std::sort(roles.begin(), roles.end());
  return std::optional<std::vector<std::string>>(std::move(roles));
}

bool is_phone_or_empty(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() > 20) return false;
  return s.find_first_not_of("0123456789-+ ") == std::string::npos;
}

// The role of `roles` with a permission `by` lacks (nullopt: `by` could grant them all).
std::optional<std::pair<std::string, std::string>> ungrantable(
    const Principal& by, const std::vector<std::string>& roles) {
  if (by.kind == Principal::Kind::kSystem) return std::nullopt;
  for (const auto& r : roles) {
    const RoleInfo* role = find_role(r);
    if (role == nullptr) continue;
    for (auto p : role->permissions) {
      if (!by.has(p)) return std::make_pair(r, std::string(p));
    }
  }
  return std::nullopt;
}

// A user may grant only roles whose permissions they hold themselves.
Status check_grantable(const Principal& by, const std::vector<std::string>& roles) {
  if (auto lacking = ungrantable(by, roles)) {
    return Error{ErrorCode::kForbidden,
                 "you cannot grant the role " + lacking->first + " (it has " + lacking->second +
                     ", which you lack)",
                 "roles"};
  }
  return {};
}

// Changing a user in any way (phone, name, status, organisation, roles) is as much a privilege
// as granting the roles they hold: whoever could change a system administrator's phone could
// sign in as them.
Status check_may_change(const Principal& by, const User& target) {
  if (auto lacking = ungrantable(by, target.roles)) {
    return Error::forbidden("you cannot change a user who holds the role " + lacking->first +
                            " (it has " + lacking->second + ", which you lack)");
  }
  return {};
}

}  // namespace

Status validate_user(const User& u) {
  if (u.name.empty()) return Error::validation("name", "name is required");
  if (!is_mobile_phone(u.phone)) {
    return Error::validation("phone", "phone must be an 11-digit mainland mobile number");
  }
  if (u.status != "active" && u.status != "disabled") {
    return Error::validation("status", "status must be active or disabled");
  }
  for (const auto& r : u.roles) {
    if (find_role(r) == nullptr) return Error::validation("roles", "unknown role " + r);
  }
  return {};
}

Status validate_org(const Organisation& o) {
  if (o.name.empty()) return Error::validation("name", "name is required");
  if (!is_org_type(o.type)) {
    return Error::validation(
        "type", "type must be emergency_bureau, member_unit, rescue_team, enterprise or other");
  }
  if (!is_phone_or_empty(o.contact_phone)) {
    return Error::validation("contact_phone", "contact_phone is not a phone number");
  }
  if (!is_phone_or_empty(o.duty_phone)) {
    return Error::validation("duty_phone", "duty_phone is not a phone number");
  }
  if (o.status != "active" && o.status != "disabled") {
    return Error::validation("status", "status must be active or disabled");
  }
  return {};
}

DirectoryService::DirectoryService(db::Database& db, const Clock& clock, const audit::Log& audit,
                                   realtime::Bus& bus)
    : db_(db), clock_(clock), audit_(audit), bus_(bus) {}

Status DirectoryService::announce(db::Transaction& tx, std::string event, std::string entity,
                                  std::int64_t id, std::string region) {
  boost::json::object data;
  data["entity"] = entity;
  data["id"] = std::to_string(id);
  bus_.publish_after_commit(
      tx, {"identity", std::move(event), boost::json::serialize(data), std::move(region)});
  return {};
}

Result<std::vector<Region>> DirectoryService::regions() {
  std::vector<Region> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto r = store::list_regions(c);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return {};
  }));
  return out;
}

// ---- organisations ----------------------------------------------------------------------

Result<Page<Organisation>> DirectoryService::organisations(const Principal& by, const OrgQuery& q) {
  auto pattern = region_pattern(by, q.region);
  if (!pattern.ok()) return std::move(pattern).error();
  Page<Organisation> page;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::list_orgs(c, {*pattern, q.type, q.text, q.limit, q.offset}));
    page = std::move(found);
    return {};
  }));
  return page;
}

Result<Organisation> DirectoryService::organisation(const Principal& by, std::int64_t id) {
  std::optional<Organisation> org;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto o = store::find_org(c, id);
    if (!o.ok()) return std::move(o).error();
    FENGHUO_TRY(check_covers(by, o->region, "organisation"));
    org = std::move(o).value();
    return {};
  }));
  return std::move(*org);
}

Result<Organisation> DirectoryService::create_org_in(db::Transaction& tx, const Principal& by,
                                                     Organisation org) {
  FENGHUO_TRY(validate_org(org));
  auto region = store::find_region(tx.connection(), org.region);
  if (!region.ok()) return std::move(region).error();
  if (!*region) return Error::validation("region", "unknown region " + org.region);
  if (!by.covers(org.region)) {
    return Error{ErrorCode::kForbidden, "region " + org.region + " is outside your jurisdiction",
                 "region"};
  }
  if (org.parent_id) {
    auto parent = store::find_org(tx.connection(), *org.parent_id);
    if (!parent.ok() || !by.covers(parent->region)) {
      return Error::validation("parent_id", "parent organisation not found");
    }
  } else if (org.type != "emergency_bureau") {
    // Without a parent, a unit sits under its region's emergency management bureau.
    auto bureau = store::find_bureau(tx.connection(), org.region);
    if (!bureau.ok()) return std::move(bureau).error();
    if (*bureau) org.parent_id = (*bureau)->id;
  }
  auto id = store::insert_org(tx.connection(), org, clock_.now_ms());
  if (!id.ok()) return std::move(id).error();
  auto created = store::find_org(tx.connection(), *id);
  if (!created.ok()) return std::move(created).error();
  FENGHUO_TRY(audit_.append(tx, by,
                            {"organisation.create", "organisation", std::to_string(*id),
                             created->region, "", boost::json::serialize(to_json(*created))}));
  FENGHUO_TRY(announce(tx, "organisation.created", "organisation", *id, created->region));
  return created;
}

// A new parent exists inside the caller's jurisdiction, is neither the organisation itself
// nor one of its descendants, and the caller covers the old parent too (moving a unit out
// from under a bureau outside one's jurisdiction is that bureau's business).
Status DirectoryService::check_new_parent(db::Transaction& tx, const Principal& by,
                                          const Organisation& before, const Organisation& after) {
  if (before.parent_id) {
    auto old_parent = store::find_org(tx.connection(), *before.parent_id);
    if (!old_parent.ok() && old_parent.error().code != ErrorCode::kNotFound) {
      return std::move(old_parent).error();
    }
    if (old_parent.ok() && !by.covers(old_parent->region)) {
      return Error{ErrorCode::kForbidden,
                   "the organisation's current parent is outside your jurisdiction", "parent_id"};
    }
  }
  if (!after.parent_id) return {};
  if (*after.parent_id == after.id) {
    return Error::validation("parent_id", "an organisation cannot be its own parent");
  }
  // Walk up from the new parent: meeting the organisation means a cycle.
  std::optional<std::int64_t> next = after.parent_id;
  bool first = true;
  for (int depth = 0; next; ++depth) {
    if (*next == after.id) {
      return Error::validation("parent_id",
                               "the new parent lies under this organisation (it would be a cycle)");
    }
    if (depth > 64) return Error::validation("parent_id", "the organisation tree is too deep");
    auto org = store::find_org(tx.connection(), *next);
    if (!org.ok()) {
      if (org.error().code != ErrorCode::kNotFound) return std::move(org).error();
      if (first) return Error::validation("parent_id", "parent organisation not found");
      break;
    }
    if (first && !by.covers(org->region)) {
      return Error::validation("parent_id", "parent organisation not found");
    }
    first = false;
    next = org->parent_id;
  }
  return {};
}

Result<Organisation> DirectoryService::update_org_in(db::Transaction& tx, const Principal& by,
                                                     const Organisation& before,
                                                     Organisation after) {
  FENGHUO_TRY(validate_org(after));
  if (after.region != before.region) {
    auto region = store::find_region(tx.connection(), after.region);
    if (!region.ok()) return std::move(region).error();
    if (!*region) return Error::validation("region", "unknown region " + after.region);
    if (!by.covers(after.region)) {
      return Error{ErrorCode::kForbidden,
                   "region " + after.region + " is outside your jurisdiction", "region"};
    }
  }
  if (after.parent_id != before.parent_id) FENGHUO_TRY(check_new_parent(tx, by, before, after));
  FENGHUO_TRY(store::update_org(tx.connection(), after, clock_.now_ms()));
  auto updated = store::find_org(tx.connection(), after.id);
  if (!updated.ok()) return std::move(updated).error();
  FENGHUO_TRY(audit_.append(
      tx, by,
      {"organisation.update", "organisation", std::to_string(after.id), updated->region,
       boost::json::serialize(to_json(before)), boost::json::serialize(to_json(*updated))}));
  FENGHUO_TRY(announce(tx, "organisation.updated", "organisation", after.id, updated->region));
  return updated;
}

Result<Organisation> DirectoryService::create_organisation(const Principal& by,
                                                           const boost::json::object& in) {
  Organisation org;
  FENGHUO_ASSIGN(name, text_field(in, "name"));
  FENGHUO_ASSIGN(region, text_field(in, "region", 6));
  FENGHUO_ASSIGN(type, text_field(in, "type", 40));
  FENGHUO_ASSIGN(contact, text_field(in, "contact_phone", 20));
  FENGHUO_ASSIGN(duty, text_field(in, "duty_phone", 20));
  FENGHUO_ASSIGN(parent, id_field(in, "parent_id"));
  if (!region) return Error::validation("region", "region is required");
  org.name = name.value_or("");
  org.region = *region;
  org.type = type.value_or("");
  org.contact_phone = contact.value_or("");
  org.duty_phone = duty.value_or("");
  org.parent_id = parent;
  std::optional<Organisation> created;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto o = create_org_in(tx, by, std::move(org));
    if (!o.ok()) return std::move(o).error();
    created = std::move(o).value();
    return {};
  }));
  return std::move(*created);
}

Result<Organisation> DirectoryService::update_organisation(const Principal& by, std::int64_t id,
                                                           const boost::json::object& in) {
  std::optional<Organisation> updated;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    // The record and the jurisdiction first: outside it, nothing else is told.
    auto before = store::find_org(tx.connection(), id);
    if (!before.ok()) return std::move(before).error();
    FENGHUO_TRY(check_covers(by, before->region, "organisation"));
    FENGHUO_ASSIGN(version, version_field(in));
    FENGHUO_ASSIGN(name, text_field(in, "name"));
    FENGHUO_ASSIGN(region, text_field(in, "region", 6));
    FENGHUO_ASSIGN(type, text_field(in, "type", 40));
    FENGHUO_ASSIGN(contact, text_field(in, "contact_phone", 20));
    FENGHUO_ASSIGN(duty, text_field(in, "duty_phone", 20));
    FENGHUO_ASSIGN(status, text_field(in, "status", 20));
    FENGHUO_ASSIGN(parent, id_field(in, "parent_id"));
    Organisation after = *before;
    after.version = version;
    if (name) after.name = *name;
    if (region) after.region = *region;
    if (type) after.type = *type;
    if (contact) after.contact_phone = *contact;
    if (duty) after.duty_phone = *duty;
    if (status) after.status = *status;
    if (in.contains("parent_id")) after.parent_id = parent;
    auto o = update_org_in(tx, by, *before, std::move(after));
    if (!o.ok()) return std::move(o).error();
    updated = std::move(o).value();
    return {};
  }));
  return std::move(*updated);
}

// ---- users ------------------------------------------------------------------------------

Result<Page<User>> DirectoryService::users(const Principal& by, const UserQuery& q) {
  auto pattern = region_pattern(by, q.region);
  if (!pattern.ok()) return std::move(pattern).error();
  Page<User> page;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::list_users(c, {*pattern, q.org_id, q.role, q.status, q.text,
                                                q.limit, q.offset}));
    page = std::move(found);
    return {};
  }));
  return page;
}

Result<User> DirectoryService::user(const Principal& by, std::int64_t id) {
  std::optional<User> found;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto u = store::find_user(c, id);
    if (!u.ok()) return std::move(u).error();
    FENGHUO_TRY(check_covers(by, u->region, "user"));
    found = std::move(u).value();
    return {};
  }));
  return std::move(*found);
}

Result<User> DirectoryService::create_user_in(db::Transaction& tx, const Principal& by, User u) {
  FENGHUO_TRY(validate_user(u));
  FENGHUO_TRY(check_grantable(by, u.roles));
  auto org = store::find_org(tx.connection(), u.org_id);
  if (!org.ok() || !by.covers(org->region)) {
    return Error::validation("org_id", "organisation not found");
  }
  auto existing = store::find_user_by_phone(tx.connection(), u.phone);
  if (!existing.ok()) return std::move(existing).error();
  if (*existing) return Error::conflict("phone", "another user has the phone " + u.phone);
  auto id = store::insert_user(tx.connection(), u, clock_.now_ms());
  if (!id.ok()) return std::move(id).error();
  FENGHUO_TRY(store::set_roles(tx.connection(), *id, u.roles));
  auto created = store::find_user(tx.connection(), *id);
  if (!created.ok()) return std::move(created).error();
  FENGHUO_TRY(audit_.append(tx, by,
                            {"user.create", "user", std::to_string(*id), created->region, "",
                             boost::json::serialize(to_json(*created))}));
  FENGHUO_TRY(announce(tx, "user.created", "user", *id, created->region));
  return created;
}

Result<User> DirectoryService::update_user_in(db::Transaction& tx, const Principal& by,
                                              const User& before, User after) {
  FENGHUO_TRY(check_may_change(by, before));
  FENGHUO_TRY(validate_user(after));
  if (after.roles != before.roles) FENGHUO_TRY(check_grantable(by, after.roles));
  if (after.org_id != before.org_id) {
    auto org = store::find_org(tx.connection(), after.org_id);
    if (!org.ok() || !by.covers(org->region)) {
      return Error::validation("org_id", "organisation not found");
    }
  }
  if (after.phone != before.phone) {
    auto existing = store::find_user_by_phone(tx.connection(), after.phone);
    if (!existing.ok()) return std::move(existing).error();
    if (*existing) return Error::conflict("phone", "another user has the phone " + after.phone);
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(store::update_user(tx.connection(), after, now));
  if (after.roles != before.roles)
    FENGHUO_TRY(store::set_roles(tx.connection(), after.id, after.roles));
  bool disabled = after.status == "disabled" && before.status != "disabled";
  bool phone_changed = after.phone != before.phone;
  if (disabled || phone_changed) {
    FENGHUO_TRY(store::revoke_user_sessions(tx.connection(), after.id, now));
  }
  if (phone_changed) {
    // Whoever held the old number holds nothing any more, machine clients included.
    FENGHUO_TRY(store::revoke_user_tokens(tx.connection(), after.id, now));
  }
  auto updated = store::find_user(tx.connection(), after.id);
  if (!updated.ok()) return std::move(updated).error();
  const char* reason = disabled                        ? access_reason::kUserDisabled
                       : phone_changed                 ? access_reason::kPhoneChanged
                       : after.roles != before.roles   ? access_reason::kRolesChanged
                       : after.org_id != before.org_id ? access_reason::kOrganisationChanged
                                                       : nullptr;
  if (reason != nullptr) {
    end_access(tx, &bus_, {after.id, std::nullopt, std::nullopt, reason, updated->region});
  }
  if (phone_changed) {
    boost::json::object old_phone, new_phone;
    old_phone["phone"] = before.phone;
    new_phone["phone"] = updated->phone;
    FENGHUO_TRY(
        audit_.append(tx, by,
                      {"user.phone_change", "user", std::to_string(after.id), updated->region,
                       boost::json::serialize(old_phone), boost::json::serialize(new_phone)}));
  }
  std::string action = after.status != before.status
                           ? (after.status == "disabled" ? "user.disable" : "user.enable")
                           : "user.update";
  FENGHUO_TRY(audit_.append(
      tx, by,
      {action, "user", std::to_string(after.id), updated->region,
       boost::json::serialize(to_json(before)), boost::json::serialize(to_json(*updated))}));
  FENGHUO_TRY(announce(tx, "user.updated", "user", after.id, updated->region));
  return updated;
}

Result<User> DirectoryService::create_user(const Principal& by, const boost::json::object& in) {
  User u;
  FENGHUO_ASSIGN(name, text_field(in, "name", 100));
  FENGHUO_ASSIGN(phone, text_field(in, "phone", 20));
  FENGHUO_ASSIGN(org, id_field(in, "org_id"));
  FENGHUO_ASSIGN(roles, roles_field(in));
  if (!org) return Error::validation("org_id", "org_id is required");
  u.name = name.value_or("");
  u.phone = phone.value_or("");
  u.org_id = *org;
  u.roles = roles.value_or(std::vector<std::string>{});
  std::optional<User> created;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto r = create_user_in(tx, by, std::move(u));
    if (!r.ok()) return std::move(r).error();
    created = std::move(r).value();
    return {};
  }));
  return std::move(*created);
}

Result<User> DirectoryService::update_user(const Principal& by, std::int64_t id,
                                           const boost::json::object& in) {
  std::optional<User> updated;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto before = store::find_user(tx.connection(), id);
    if (!before.ok()) return std::move(before).error();
    FENGHUO_TRY(check_covers(by, before->region, "user"));
    FENGHUO_ASSIGN(version, version_field(in));
    FENGHUO_ASSIGN(name, text_field(in, "name", 100));
    FENGHUO_ASSIGN(phone, text_field(in, "phone", 20));
    FENGHUO_ASSIGN(org, id_field(in, "org_id"));
    FENGHUO_ASSIGN(roles, roles_field(in));
    FENGHUO_ASSIGN(status, text_field(in, "status", 20));
    if (by.kind == Principal::Kind::kUser && by.id == id && status && *status == "disabled") {
      return Error::validation("status", "you cannot disable yourself");
    }
    User after = *before;
    after.version = version;
    if (name) after.name = *name;
    if (phone) after.phone = *phone;
    if (org) after.org_id = *org;
    if (roles) after.roles = *roles;
    if (status) after.status = *status;
    auto r = update_user_in(tx, by, *before, std::move(after));
    if (!r.ok()) return std::move(r).error();
    updated = std::move(r).value();
    return {};
  }));
  return std::move(*updated);
}

// ---- administrator registry -----------------------------------------------------------------

Result<std::vector<OrgAdmin>> DirectoryService::admins(const Principal& by,
                                                       const std::string& region) {
  auto pattern = region_pattern(by, region);
  if (!pattern.ok()) return std::move(pattern).error();
  std::vector<OrgAdmin> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto r = store::list_admins(c, *pattern);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return {};
  }));
  return out;
}

Result<std::vector<store::Coverage>> DirectoryService::admin_coverage(const Principal& by,
                                                                      const std::string& region) {
  auto pattern = region_pattern(by, region);
  if (!pattern.ok()) return std::move(pattern).error();
  std::vector<store::Coverage> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto r = store::admin_coverage(c, *pattern);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return {};
  }));
  return out;
}

namespace {

Status validate_admin(const OrgAdmin& a) {
  if (a.name.empty()) return Error::validation("name", "name is required");
  if (!is_phone_or_empty(a.phone) || a.phone.empty()) {
    return Error::validation("phone", "phone is required and must be a phone number");
  }
  return {};
}

}  // namespace

Result<OrgAdmin> DirectoryService::create_admin(const Principal& by,
                                                const boost::json::object& in) {
  FENGHUO_ASSIGN(org, id_field(in, "org_id"));
  FENGHUO_ASSIGN(name, text_field(in, "name", 100));
  FENGHUO_ASSIGN(phone, text_field(in, "phone", 20));
  FENGHUO_ASSIGN(duties, text_field(in, "duties", 500));
  if (!org) return Error::validation("org_id", "org_id is required");
  OrgAdmin a;
  a.org_id = *org;
  a.name = name.value_or("");
  a.phone = phone.value_or("");
  a.duties = duties.value_or("");
  FENGHUO_TRY(validate_admin(a));
  std::optional<OrgAdmin> created;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto o = store::find_org(tx.connection(), a.org_id);
    if (!o.ok() || !by.covers(o->region)) {
      return Error::validation("org_id", "organisation not found");
    }
    auto id = store::insert_admin(tx.connection(), a, clock_.now_ms());
    if (!id.ok()) return std::move(id).error();
    auto c = store::find_admin(tx.connection(), *id);
    if (!c.ok()) return std::move(c).error();
    created = std::move(c).value();
    FENGHUO_TRY(audit_.append(tx, by,
                              {"org_admin.create", "org_admin", std::to_string(*id),
                               created->region, "", boost::json::serialize(to_json(*created))}));
    return announce(tx, "org_admin.created", "org_admin", *id, created->region);
  }));
  return std::move(*created);
}

Result<OrgAdmin> DirectoryService::update_admin(const Principal& by, std::int64_t id,
                                                const boost::json::object& in) {
  std::optional<OrgAdmin> updated;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto before = store::find_admin(tx.connection(), id);
    if (!before.ok()) return std::move(before).error();
    FENGHUO_TRY(check_covers(by, before->region, "administrator"));
    FENGHUO_ASSIGN(version, version_field(in));
    FENGHUO_ASSIGN(org, id_field(in, "org_id"));
    FENGHUO_ASSIGN(name, text_field(in, "name", 100));
    FENGHUO_ASSIGN(phone, text_field(in, "phone", 20));
    FENGHUO_ASSIGN(duties, text_field(in, "duties", 500));
    OrgAdmin after = *before;
    after.version = version;
    if (org) {
      auto o = store::find_org(tx.connection(), *org);
      if (!o.ok() || !by.covers(o->region)) {
        return Error::validation("org_id", "organisation not found");
      }
      after.org_id = *org;
    }
    if (name) after.name = *name;
    if (phone) after.phone = *phone;
    if (duties) after.duties = *duties;
    FENGHUO_TRY(validate_admin(after));
    FENGHUO_TRY(store::update_admin(tx.connection(), after, clock_.now_ms()));
    auto u = store::find_admin(tx.connection(), id);
    if (!u.ok()) return std::move(u).error();
    updated = std::move(u).value();
    FENGHUO_TRY(audit_.append(
        tx, by,
        {"org_admin.update", "org_admin", std::to_string(id), updated->region,
         boost::json::serialize(to_json(*before)), boost::json::serialize(to_json(*updated))}));
    return announce(tx, "org_admin.updated", "org_admin", id, updated->region);
  }));
  return std::move(*updated);
}

Status DirectoryService::delete_admin(const Principal& by, std::int64_t id) {
  return db_.transact([&](db::Transaction& tx) -> Status {
    auto before = store::find_admin(tx.connection(), id);
    if (!before.ok()) return std::move(before).error();
    FENGHUO_TRY(check_covers(by, before->region, "administrator"));
    FENGHUO_TRY(store::delete_admin(tx.connection(), id));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"org_admin.delete", "org_admin", std::to_string(id), before->region,
                               boost::json::serialize(to_json(*before)), ""}));
    return announce(tx, "org_admin.deleted", "org_admin", id, before->region);
  });
}

namespace {

// A missing record as nullopt, other errors as they are.
template <typename T>
Result<std::optional<T>> if_found(Result<T> found) {
  if (found.ok()) return std::optional<T>(std::move(found).value());
  if (found.error().code == ErrorCode::kNotFound) return std::optional<T>();
  return std::move(found).error();
}

}  // namespace

Result<std::optional<Organisation>> organisation_in(db::Connection& c, std::int64_t id) {
  return if_found(store::find_org(c, id));
}

Result<std::optional<User>> user_in(db::Connection& c, std::int64_t id) {
  return if_found(store::find_user(c, id));
}

Result<std::optional<std::int64_t>> parent_organisation_in(db::Connection& c, std::int64_t org_id) {
  FENGHUO_ASSIGN(o, store::find_org(c, org_id));
  if (o.parent_id) return o.parent_id;
  return store::find_parent_bureau(c, o.region);
}

Result<std::vector<std::int64_t>> active_members_named(db::Connection& c, std::int64_t org_id,
                                                       const std::string& who) {
  return store::find_active_members(c, org_id, who);
}

Result<std::vector<Organisation>> correspondents(db::Connection& c,
                                                 const std::string& region_pattern,
                                                 const std::string& province,
                                                 const std::string& city, const std::string& text,
                                                 std::int64_t exclude, std::int64_t limit) {
  return store::list_correspondents(c, region_pattern, province, city, text, exclude, limit);
}

Result<std::optional<Contact>> contact(db::Connection& c, std::int64_t user_id) {
  return store::find_contact(c, user_id);
}

Result<std::optional<Contact>> active_contact(db::Connection& c, std::int64_t user_id) {
  return store::find_active_contact(c, user_id);
}

Result<std::vector<Contact>> active_holders(db::Connection& c, std::int64_t org_id,
                                            const std::string& role) {
  return store::active_role_holders(c, org_id, role);
}

Result<std::vector<std::int64_t>> active_bureaus(db::Connection& c, const std::string& prefix) {
  return store::active_bureau_ids(c, prefix + "%");
}

Result<std::optional<std::string>> region_name(db::Connection& c, const std::string& code) {
  FENGHUO_ASSIGN(region, store::find_region(c, code));
  if (!region) return std::optional<std::string>();
  return std::optional<std::string>(std::move(region->name));
}

}  // namespace fenghuo::identity

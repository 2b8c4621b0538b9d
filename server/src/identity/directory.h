#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "identity/model.h"
#include "identity/store.h"
#include "realtime/bus.h"

namespace fenghuo::identity {

// Regions, organisations, users and the administrator registry, always within the caller's
// jurisdiction: a record outside it is "not found", a region outside it "forbidden".
// Every change is audited in its own transaction and announced on the bus ("identity").
class DirectoryService {
 public:
  DirectoryService(db::Database& db, const Clock& clock, const audit::Log& audit,
                   realtime::Bus& bus);

  Result<std::vector<Region>> regions();

  struct OrgQuery {
    std::string region;  // 6-digit code; empty = the whole jurisdiction
    std::string type;
    std::string text;
    std::int64_t limit = 50;
    std::int64_t offset = 0;
  };
  Result<Page<Organisation>> organisations(const Principal& by, const OrgQuery& q);
  Result<Organisation> organisation(const Principal& by, std::int64_t id);
  // Fields: parent_id, region, type, name, contact_phone, duty_phone.
  Result<Organisation> create_organisation(const Principal& by, const boost::json::object& in);
  // Fields as create, plus status; `version` is required. A new parent_id must exist in the
  // caller's jurisdiction and not be the organisation or one of its descendants (400), and
  // the caller must cover the current parent (403).
  Result<Organisation> update_organisation(const Principal& by, std::int64_t id,
                                           const boost::json::object& in);

  struct UserQuery {
    std::string region;
    std::optional<std::int64_t> org_id;
    std::string role;
    std::string status;
    std::string text;
    std::int64_t limit = 50;
    std::int64_t offset = 0;
  };
  Result<Page<User>> users(const Principal& by, const UserQuery& q);
  Result<User> user(const Principal& by, std::int64_t id);
  // Fields: name, phone, org_id, roles.
  Result<User> create_user(const Principal& by, const boost::json::object& in);
  // Fields as create, plus status; `version` is required. Any change needs the right to grant
  // every role the user holds (403 otherwise). Disabling ends the sessions (and the user's
  // API tokens stop working); a new phone revokes the sessions and API tokens and is audited
  // (user.phone_change, old and new number); both, and new roles or organisation, are
  // announced on kAccessTopic.
  Result<User> update_user(const Principal& by, std::int64_t id, const boost::json::object& in);

  Result<std::vector<OrgAdmin>> admins(const Principal& by, const std::string& region);
  Result<OrgAdmin> create_admin(const Principal& by, const boost::json::object& in);
  Result<OrgAdmin> update_admin(const Principal& by, std::int64_t id,
                                const boost::json::object& in);
  Status delete_admin(const Principal& by, std::int64_t id);
  Result<std::vector<store::Coverage>> admin_coverage(const Principal& by,
                                                      const std::string& region);

  // For the command line and import: writes within an open transaction.
  Result<User> create_user_in(db::Transaction& tx, const Principal& by, User user);
  Result<Organisation> create_org_in(db::Transaction& tx, const Principal& by, Organisation org);
  Result<User> update_user_in(db::Transaction& tx, const Principal& by, const User& before,
                              User after);
  Result<Organisation> update_org_in(db::Transaction& tx, const Principal& by,
                                     const Organisation& before, Organisation after);

 private:
  Status check_new_parent(db::Transaction& tx, const Principal& by, const Organisation& before,
                          const Organisation& after);
  Status announce(db::Transaction& tx, std::string event, std::string entity, std::int64_t id,
                  std::string region);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
};

// Reads for other modules, inside their own read or transaction `c`. They apply no
// jurisdiction rule: the calling service applies its own.
// The organisation or user with `id`; nullopt when there is none.
Result<std::optional<Organisation>> organisation_in(db::Connection& c, std::int64_t id);
Result<std::optional<User>> user_in(db::Connection& c, std::int64_t id);
// The organisation that `org_id` reports to: its parent, else (bureaus created from the region
// tree have no parent link) the active emergency bureau of the region above; nullopt for
// none. kNotFound when `org_id` does not exist.
Result<std::optional<std::int64_t>> parent_organisation_in(db::Connection& c, std::int64_t org_id);
// Ids of the active users of `org_id` whose phone, name or id reads `who`, by id.
Result<std::vector<std::int64_t>> active_members_named(db::Connection& c, std::int64_t org_id,
                                                       const std::string& who);
// Active organisations other than `exclude` inside `region_pattern` (a region_pattern()) or
// the emergency bureaus of regions `province` and `city`, with `text` in their or their
// region's name: the bureaus outside the pattern first, then bureaus, then by region and id.
Result<std::vector<Organisation>> correspondents(db::Connection& c,
                                                 const std::string& region_pattern,
                                                 const std::string& province,
                                                 const std::string& city, const std::string& text,
                                                 std::int64_t exclude, std::int64_t limit);

// Reads for other modules (notices, warnings), on the caller's connection so that they see
// the caller's transaction. No jurisdiction check: the caller decides who is told.
// The user whatever their status (nullopt: no such user).
Result<std::optional<Contact>> contact(db::Connection& c, std::int64_t user_id);
// The user if active (nullopt: missing or disabled).
Result<std::optional<Contact>> active_contact(db::Connection& c, std::int64_t user_id);
// The active users of the organisation who hold `role`, by id.
Result<std::vector<Contact>> active_holders(db::Connection& c, std::int64_t org_id,
                                            const std::string& role);
// The active emergency bureaus (ids) in the regions whose code starts with `prefix`, by
// region code.
Result<std::vector<std::int64_t>> active_bureaus(db::Connection& c, const std::string& prefix);
// The region's name (nullopt: no such region).
Result<std::optional<std::string>> region_name(db::Connection& c, const std::string& code);

// Checks a user record (name, phone, roles) before it is stored.
Status validate_user(const User& u);
// Checks an organisation record (name, type, phones) before it is stored.
Status validate_org(const Organisation& o);

}  // namespace fenghuo::identity

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "db/database.h"
#include "identity/model.h"

// SQL of the identity module: named statements, bound parameters, nothing else. Functions
// answer kNotFound when a single record is missing and kConflict when an update names a
// stale version.
namespace fenghuo::identity::store {

// Regions
Status upsert_region(db::Connection& c, const Region& r);
Result<std::vector<Region>> list_regions(db::Connection& c);
Result<std::optional<Region>> find_region(db::Connection& c, const std::string& code);

// Organisations
Result<std::int64_t> insert_org(db::Connection& c, const Organisation& o, std::int64_t now);
Status update_org(db::Connection& c, const Organisation& o,
                  std::int64_t now);  // o.version: expected
Result<Organisation> find_org(db::Connection& c, std::int64_t id);
Result<std::optional<Organisation>> find_org_by_external_id(db::Connection& c,
                                                            const std::string& external_id);
Result<std::optional<Organisation>> find_bureau(db::Connection& c, const std::string& region);
// The active emergency bureau of the region above `region` (the lowest id).
Result<std::optional<std::int64_t>> find_parent_bureau(db::Connection& c,
                                                       const std::string& region);
struct OrgFilter {
  std::string region_pattern;
  std::string type;
  std::string text;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};
Result<Page<Organisation>> list_orgs(db::Connection& c, const OrgFilter& f);
// Active organisations other than `exclude` that are inside `region_pattern` or are the
// emergency bureaus of `province` or `city`, `text` in their or their region's name; those
// outside the pattern first, bureaus before others, then by region and id.
Result<std::vector<Organisation>> list_correspondents(
    db::Connection& c, const std::string& region_pattern, const std::string& province,
    const std::string& city, const std::string& text, std::int64_t exclude, std::int64_t limit);

// Users
Result<std::int64_t> insert_user(db::Connection& c, const User& u, std::int64_t now);
Status update_user(db::Connection& c, const User& u, std::int64_t now);  // u.version: expected
Status set_roles(db::Connection& c, std::int64_t user_id, const std::vector<std::string>& roles);
Result<User> find_user(db::Connection& c, std::int64_t id);
Result<std::optional<User>> find_user_by_phone(db::Connection& c, const std::string& phone);
Result<std::optional<User>> find_user_by_external_id(db::Connection& c,
                                                     const std::string& external_id);
// Ids of the active users of `org_id` whose phone, name or id reads `who`, by id.
Result<std::vector<std::int64_t>> find_active_members(db::Connection& c, std::int64_t org_id,
                                                      const std::string& who);
Status record_login(db::Connection& c, std::int64_t user_id, std::int64_t now);
struct UserFilter {
  std::string region_pattern;
  std::optional<std::int64_t> org_id;
  std::string role;
  std::string status;
  std::string text;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};
Result<Page<User>> list_users(db::Connection& c, const UserFilter& f);
// Active users with an external id in the jurisdiction pattern (for a full sync).
Result<std::vector<User>> list_synced_users(db::Connection& c, const std::string& region_pattern);

// Contacts (for other modules' notices, through identity/directory.h)
Result<std::optional<Contact>> find_contact(db::Connection& c, std::int64_t user_id);
Result<std::optional<Contact>> find_active_contact(db::Connection& c, std::int64_t user_id);
// Active users of the organisation holding `role`, by id.
Result<std::vector<Contact>> active_role_holders(db::Connection& c, std::int64_t org_id,
                                                 const std::string& role);
// Ids of the active emergency bureaus whose region code is LIKE `region_pattern`.
Result<std::vector<std::int64_t>> active_bureau_ids(db::Connection& c,
                                                    const std::string& region_pattern);

// SMS codes
struct SmsCode {
  std::int64_t id = 0;
  std::string salt;
  std::string code_hash;
  std::int64_t expires_at = 0;
  std::int64_t attempts = 0;
};
Status insert_code(db::Connection& c, const std::string& phone, const std::string& client,
                   const std::string& salt, const std::string& code_hash, std::int64_t now,
                   std::int64_t expires_at);
Status retire_codes(db::Connection& c, const std::string& phone, std::int64_t now);
// Removes the code issued to `phone` at `created_at` (it could not be delivered).
Status forget_code(db::Connection& c, const std::string& phone, std::int64_t created_at);
// Retires the phone's live codes but the newest `keep`.
Status retire_old_codes(db::Connection& c, const std::string& phone, std::int64_t now,
                        std::int64_t keep);
// Counts one guess on every live code of the phone tried fewer than `max_attempts` times and
// answers those codes (attempts as counted now). Atomic: parallel guesses cannot exceed
// the limit.
Result<std::vector<SmsCode>> try_live_codes(db::Connection& c, const std::string& phone,
                                            std::int64_t now, std::int64_t max_attempts);
// When the last live code that was tried `max_attempts` times expires (nullopt: none).
Result<std::optional<std::int64_t>> exhausted_codes_until(db::Connection& c,
                                                          const std::string& phone,
                                                          std::int64_t now,
                                                          std::int64_t max_attempts);
Status use_code(db::Connection& c, std::int64_t code_id, std::int64_t now);
Result<std::int64_t> codes_for_phone_since(db::Connection& c, const std::string& phone,
                                           std::int64_t since);
Result<std::optional<std::int64_t>> last_code_at(db::Connection& c, const std::string& phone);
Result<std::int64_t> codes_for_client_since(db::Connection& c, const std::string& client,
                                            std::int64_t since);

// CAPTCHAs
Status insert_captcha(db::Connection& c, const std::string& id, const std::string& answer_hash,
                      const std::string& client, std::int64_t now, std::int64_t expires_at);
// Deletes CAPTCHAs that expired before `before`.
Status purge_captchas(db::Connection& c, std::int64_t before);
Result<std::int64_t> captchas_for_client_since(db::Connection& c, const std::string& client,
                                               std::int64_t since);
// Uses a live CAPTCHA (once: used or expired ones answer nullopt) and answers its answer hash.
Result<std::optional<std::string>> use_captcha(db::Connection& c, const std::string& id,
                                               std::int64_t now);

// Sessions
struct SessionRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string csrf_hash;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> revoked_at;
};
Result<std::int64_t> insert_session(db::Connection& c, std::int64_t user_id,
                                    const std::string& token_hash, const std::string& csrf_hash,
                                    std::int64_t now, std::int64_t expires_at,
                                    const std::string& client, const std::string& user_agent);
Result<std::optional<SessionRow>> find_session(db::Connection& c, const std::string& token_hash);
Status touch_session(db::Connection& c, std::int64_t id, std::int64_t now);
Result<std::int64_t> revoke_session(db::Connection& c, std::int64_t id, std::int64_t user_id,
                                    std::int64_t now);
Status revoke_user_sessions(db::Connection& c, std::int64_t user_id, std::int64_t now);
// Revokes every API token the user created.
Status revoke_user_tokens(db::Connection& c, std::int64_t user_id, std::int64_t now);
Result<std::vector<SessionInfo>> live_sessions(db::Connection& c, std::int64_t user_id,
                                               std::int64_t now, std::int64_t idle_ms);

// API tokens
Result<std::int64_t> insert_token(db::Connection& c, const ApiToken& t,
                                  const std::string& token_hash);
Result<std::optional<ApiToken>> find_token_by_hash(db::Connection& c, const std::string& hash);
Result<ApiToken> find_token(db::Connection& c, std::int64_t id);
Result<std::vector<ApiToken>> list_tokens(db::Connection& c, const std::string& region_pattern);
Status revoke_token(db::Connection& c, std::int64_t id, std::int64_t now);
Status touch_token(db::Connection& c, std::int64_t id, std::int64_t now);

// Administrator registry
Result<std::int64_t> insert_admin(db::Connection& c, const OrgAdmin& a, std::int64_t now);
Status update_admin(db::Connection& c, const OrgAdmin& a, std::int64_t now);
Status delete_admin(db::Connection& c, std::int64_t id);
Result<OrgAdmin> find_admin(db::Connection& c, std::int64_t id);
Result<std::vector<OrgAdmin>> list_admins(db::Connection& c, const std::string& region_pattern);
struct Coverage {
  std::string region;
  std::string region_name;
  std::string level;
  std::int64_t admins = 0;
};
Result<std::vector<Coverage>> admin_coverage(db::Connection& c, const std::string& region_pattern);

}  // namespace fenghuo::identity::store

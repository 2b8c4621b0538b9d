#include "identity/store.h"

#include "db/query.h"

namespace fenghuo::identity::store {
namespace {

using db::Param;

db::Param opt(const std::optional<std::int64_t>& v) {
  return v ? db::Param(*v) : db::Param(nullptr);
}
db::Param opt(const std::optional<std::string>& v) {
  return v ? db::Param(*v) : db::Param(nullptr);
}
std::optional<std::string> opt_text(const db::Rows& r, std::size_t i, std::size_t col) {
  if (r.is_null(i, col)) return std::nullopt;
  return r.text(i, col);
}

// ---- regions --------------------------------------------------------------------------
constexpr std::string_view kUpsertRegion =
    "INSERT INTO regions (code, name, level, parent, lon, lat, area_km2, population) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, level = excluded.level, parent = excluded.parent, lon = excluded.lon, "
    "lat = excluded.lat, area_km2 = excluded.area_km2, population = excluded.population";
constexpr std::string_view kRegionColumns =
    "SELECT code, name, level, parent, lon, lat, area_km2, population FROM regions ";

Region region_of(const db::Rows& r, std::size_t i) {
  Region x;
  x.code = r.text(i, 0);
  x.name = r.text(i, 1);
  x.level = r.text(i, 2);
  x.parent = r.text(i, 3);
  x.lon = r.f64(i, 4);
  x.lat = r.f64(i, 5);
  if (!r.is_null(i, 6)) x.area_km2 = r.f64(i, 6);
  x.population = r.opt_i64(i, 7);
  return x;
}

// ---- organisations ----------------------------------------------------------------------
constexpr std::string_view kOrgColumns =
    "SELECT o.id, o.parent_id, o.region_code, COALESCE(g.name, ''), o.type, o.name, "
    "o.contact_phone, o.duty_phone, o.external_id, o.status, o.version "
    "FROM organisations o LEFT JOIN regions g ON g.code = o.region_code ";
constexpr std::string_view kInsertOrg =
    "INSERT INTO organisations (parent_id, region_code, type, name, contact_phone, duty_phone, "
    "external_id, status, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id";
constexpr std::string_view kUpdateOrg =
    "UPDATE organisations SET parent_id = $2, region_code = $3, type = $4, name = $5, "
    "contact_phone = $6, duty_phone = $7, external_id = $8, status = $9, version = version + 1, "
    "updated_at = $10 WHERE id = $1 AND version = $11";
constexpr std::string_view kOrgExists = "SELECT version FROM organisations WHERE id = $1";
constexpr std::string_view kOrgWhere =
    "WHERE o.region_code LIKE $1 AND ($2 = '' OR o.type = $2) "
    "AND ($3 = '' OR o.name LIKE '%' || $3 || '%') ";

constexpr std::string_view kCorrespondents =
    "WHERE o.status = 'active' AND o.id <> $5 AND (o.region_code LIKE $1 OR "
    "(o.type = 'emergency_bureau' AND o.region_code IN ($2, $3))) "
    "AND ($4 = '' OR o.name LIKE '%' || $4 || '%' OR g.name LIKE '%' || $4 || '%') "
    "ORDER BY CASE WHEN o.region_code LIKE $1 THEN 1 ELSE 0 END, "
    "CASE WHEN o.type = 'emergency_bureau' THEN 0 ELSE 1 END, o.region_code, o.id LIMIT $6";

constexpr std::string_view kParentBureau =
    "SELECT o.id FROM organisations o JOIN regions g ON g.parent = o.region_code "
    "WHERE g.code = $1 AND o.type = 'emergency_bureau' AND o.status = 'active' "
    "ORDER BY o.id LIMIT 1";

Organisation org_of(const db::Rows& r, std::size_t i) {
  Organisation o;
  o.id = r.i64(i, 0);
  o.parent_id = r.opt_i64(i, 1);
  o.region = r.text(i, 2);
  o.region_name = r.text(i, 3);
  o.type = r.text(i, 4);
  o.name = r.text(i, 5);
  o.contact_phone = r.text(i, 6);
  o.duty_phone = r.text(i, 7);
  o.external_id = opt_text(r, i, 8);
  o.status = r.text(i, 9);
  o.version = r.i64(i, 10);
  return o;
}

// An UPDATE ... WHERE version = $n that changed nothing: missing record or stale version.
using db::version_miss;

// ---- users ------------------------------------------------------------------------------
constexpr std::string_view kActiveMembers =
    "SELECT id FROM users WHERE org_id = $1 AND status = 'active' AND (phone = $2 OR name = $2 "
    "OR CAST(id AS TEXT) = $2) ORDER BY id";
constexpr std::string_view kUserColumns =
    "SELECT u.id, u.name, u.phone, u.org_id, o.name, o.region_code, COALESCE(g.name, ''), "
    "u.status, u.external_id, u.last_login_at, u.version "
    "FROM users u JOIN organisations o ON o.id = u.org_id "
    "LEFT JOIN regions g ON g.code = o.region_code ";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (name, phone, org_id, status, external_id, version, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id";
constexpr std::string_view kUpdateUser =
    "UPDATE users SET name = $2, phone = $3, org_id = $4, status = $5, external_id = $6, "
    "version = version + 1, updated_at = $7 WHERE id = $1 AND version = $8";
constexpr std::string_view kUserExists = "SELECT version FROM users WHERE id = $1";
constexpr std::string_view kRolesOf =
    "SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role";
constexpr std::string_view kClearRoles = "DELETE FROM user_roles WHERE user_id = $1";
constexpr std::string_view kAddRole = "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)";
constexpr std::string_view kUserWhere =
    "WHERE o.region_code LIKE $1 AND ($2 = 0 OR u.org_id = $2) AND ($3 = '' OR u.status = $3) "
    "AND ($4 = '' OR u.name LIKE '%' || $4 || '%' OR u.phone LIKE '%' || $4 || '%') "
    "AND ($5 = '' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $5)) ";
constexpr std::string_view kRecordLogin = "UPDATE users SET last_login_at = $2 WHERE id = $1";

Result<User> with_roles(db::Connection& c, User u) {
  auto roles = c.query(kRolesOf, {u.id});
  if (!roles.ok()) return std::move(roles).error();
  for (std::size_t i = 0; i < roles->size(); ++i) u.roles.push_back(roles->text(i, 0));
  return u;
}

User user_of(const db::Rows& r, std::size_t i) {
  User u;
  u.id = r.i64(i, 0);
  u.name = r.text(i, 1);
  u.phone = r.text(i, 2);
  u.org_id = r.i64(i, 3);
  u.org_name = r.text(i, 4);
  u.region = r.text(i, 5);
  u.region_name = r.text(i, 6);
  u.status = r.text(i, 7);
  u.external_id = opt_text(r, i, 8);
  u.last_login_at = r.opt_i64(i, 9);
  u.version = r.i64(i, 10);
  return u;
}

Result<std::optional<User>> one_user(db::Connection& c, std::string_view sql, const Param& key) {
  auto rows = c.query(sql, {key});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<User>();
  auto u = with_roles(c, user_of(*rows, 0));
  if (!u.ok()) return std::move(u).error();
  return std::optional<User>(std::move(u).value());
}

// ---- contacts ---------------------------------------------------------------------------
constexpr std::string_view kContact = "SELECT id, name, phone FROM users WHERE id = $1";
constexpr std::string_view kActiveContact =
    "SELECT id, name, phone FROM users WHERE id = $1 AND status = 'active'";
constexpr std::string_view kActiveRoleHolders =
    "SELECT u.id, u.name, u.phone FROM users u JOIN user_roles r ON r.user_id = u.id "
    "WHERE u.org_id = $1 AND u.status = 'active' AND r.role = $2 ORDER BY u.id";
constexpr std::string_view kActiveBureaus =
    "SELECT id FROM organisations WHERE type = 'emergency_bureau' AND status = 'active' "
    "AND region_code LIKE $1 ORDER BY region_code";

Contact contact_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), r.text(i, 1), r.text(i, 2)};
}

// ---- SMS codes --------------------------------------------------------------------------
constexpr std::string_view kInsertCode =
    "INSERT INTO sms_codes (phone, client_address, salt, code_hash, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kRetireCodes =
    "UPDATE sms_codes SET used_at = $2 WHERE phone = $1 AND used_at IS NULL";
constexpr std::string_view kForgetCode =
    "DELETE FROM sms_codes WHERE phone = $1 AND created_at = $2";
// Retires the live codes of a phone but the newest $3.
constexpr std::string_view kRetireOldCodes =
    "UPDATE sms_codes SET used_at = $2 WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 "
    "AND id NOT IN (SELECT id FROM sms_codes WHERE phone = $1 AND used_at IS NULL "
    "AND expires_at > $2 ORDER BY id DESC LIMIT $3)";
// One guess: counted on every live code that may still be tried, in the same statement that
// reads them. The row locks of the UPDATE serialise parallel guesses (PostgreSQL re-checks
// `attempts < $3` after a concurrent guess commits), so no code is tried more than $3 times.
constexpr std::string_view kTryLiveCodes =
    "UPDATE sms_codes SET attempts = attempts + 1 "
    "WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 "
    "RETURNING id, salt, code_hash, expires_at, attempts";
constexpr std::string_view kExhaustedCodes =
    "SELECT MAX(expires_at) FROM sms_codes "
    "WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 AND attempts >= $3";
constexpr std::string_view kUseCode = "UPDATE sms_codes SET used_at = $2 WHERE id = $1";
constexpr std::string_view kCodesForPhone =
    "SELECT COUNT(*) FROM sms_codes WHERE phone = $1 AND created_at >= $2";
constexpr std::string_view kLastCodeAt = "SELECT MAX(created_at) FROM sms_codes WHERE phone = $1";
constexpr std::string_view kCodesForClient =
    "SELECT COUNT(*) FROM sms_codes WHERE client_address = $1 AND created_at >= $2";

// ---- CAPTCHAs ---------------------------------------------------------------------------
constexpr std::string_view kInsertCaptcha =
    "INSERT INTO auth_captchas (id, answer_hash, client_address, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kPurgeCaptchas = "DELETE FROM auth_captchas WHERE expires_at < $1";
constexpr std::string_view kCaptchasForClient =
    "SELECT COUNT(*) FROM auth_captchas WHERE client_address = $1 AND created_at >= $2";
constexpr std::string_view kUseCaptcha =
    "UPDATE auth_captchas SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 "
    "RETURNING answer_hash";

// ---- sessions ---------------------------------------------------------------------------
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, expires_at, "
    "client_address, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kFindSession =
    "SELECT id, user_id, csrf_hash, created_at, last_seen_at, expires_at, revoked_at "
    "FROM sessions WHERE token_hash = $1";
constexpr std::string_view kTouchSession = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";
constexpr std::string_view kRevokeSession =
    "UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL";
constexpr std::string_view kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
constexpr std::string_view kRevokeUserTokens =
    "UPDATE api_tokens SET revoked_at = $2 WHERE created_by = $1 AND revoked_at IS NULL";
constexpr std::string_view kLiveSessions =
    "SELECT id, created_at, last_seen_at, expires_at, client_address, user_agent FROM sessions "
    "WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 "
    "ORDER BY last_seen_at DESC";

// ---- API tokens -------------------------------------------------------------------------
constexpr std::string_view kTokenColumns =
    "SELECT t.id, t.name, t.scopes, t.region_code, t.created_by, COALESCE(u.name, ''), "
    "t.created_at, t.expires_at, t.revoked_at, t.last_used_at "
    "FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by ";
constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (name, token_hash, scopes, region_code, created_by, created_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ",";
    out += p;
  }
  return out;
}
std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

ApiToken token_of(const db::Rows& r, std::size_t i) {
  ApiToken t;
  t.id = r.i64(i, 0);
  t.name = r.text(i, 1);
  t.scopes = split(r.text(i, 2));
  t.region = r.text(i, 3);
  t.created_by = r.i64(i, 4);
  t.created_by_name = r.text(i, 5);
  t.created_at = r.i64(i, 6);
  t.expires_at = r.opt_i64(i, 7);
  t.revoked_at = r.opt_i64(i, 8);
  t.last_used_at = r.opt_i64(i, 9);
  return t;
}

// ---- administrator registry ---------------------------------------------------------------
constexpr std::string_view kAdminColumns =
    "SELECT a.id, a.org_id, o.name, o.region_code, a.name, a.phone, a.duties, a.version "
    "FROM org_admins a JOIN organisations o ON o.id = a.org_id ";
constexpr std::string_view kInsertAdmin =
    "INSERT INTO org_admins (org_id, name, phone, duties, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id";
constexpr std::string_view kUpdateAdmin =
    "UPDATE org_admins SET org_id = $2, name = $3, phone = $4, duties = $5, "
    "version = version + 1, updated_at = $6 WHERE id = $1 AND version = $7";
constexpr std::string_view kAdminExists = "SELECT version FROM org_admins WHERE id = $1";
constexpr std::string_view kDeleteAdmin = "DELETE FROM org_admins WHERE id = $1";
constexpr std::string_view kCoverage =
    "SELECT g.code, g.name, g.level, "
    "(SELECT COUNT(*) FROM org_admins a JOIN organisations o ON o.id = a.org_id "
    " WHERE o.region_code = g.code) FROM regions g WHERE g.code LIKE $1 ORDER BY g.code";

OrgAdmin admin_of(const db::Rows& r, std::size_t i) {
  OrgAdmin a;
  a.id = r.i64(i, 0);
  a.org_id = r.i64(i, 1);
  a.org_name = r.text(i, 2);
  a.region = r.text(i, 3);
  a.name = r.text(i, 4);
  a.phone = r.text(i, 5);
  a.duties = r.text(i, 6);
  a.version = r.i64(i, 7);
  return a;
}

Status changed_one(const Result<std::int64_t>& n, std::string_view what) {
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found(std::string(what) + " not found");
  return {};
}

}  // namespace

// ---- regions --------------------------------------------------------------------------
Status upsert_region(db::Connection& c, const Region& r) {
  return c
      .execute(kUpsertRegion,
               {r.code, r.name, r.level, r.parent.empty() ? Param(nullptr) : Param(r.parent), r.lon,
                r.lat, r.area_km2 ? Param(*r.area_km2) : Param(nullptr), opt(r.population)})
      .status();
}

Result<std::vector<Region>> list_regions(db::Connection& c) {
  static const std::string sql = std::string(kRegionColumns) + "ORDER BY code";
  return db::query_all(c, sql, {}, region_of);
}

Result<std::optional<Region>> find_region(db::Connection& c, const std::string& code) {
  static const std::string sql = std::string(kRegionColumns) + "WHERE code = $1";
  auto rows = c.query(sql, {code});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Region>();
  return std::optional<Region>(region_of(*rows, 0));
}

// ---- organisations ----------------------------------------------------------------------
Result<std::int64_t> insert_org(db::Connection& c, const Organisation& o, std::int64_t now) {
  auto rows = c.query(kInsertOrg, {opt(o.parent_id), o.region, o.type, o.name, o.contact_phone,
                                   o.duty_phone, opt(o.external_id), o.status, now});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update_org(db::Connection& c, const Organisation& o, std::int64_t now) {
  auto n = c.execute(kUpdateOrg, {o.id, opt(o.parent_id), o.region, o.type, o.name, o.contact_phone,
                                  o.duty_phone, opt(o.external_id), o.status, now, o.version});
  if (!n.ok()) return n.error();
  if (*n == 0) return version_miss(c, kOrgExists, o.id, "organisation");
  return {};
}

Result<Organisation> find_org(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kOrgColumns) + "WHERE o.id = $1";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("organisation not found");
  return org_of(*rows, 0);
}

Result<std::optional<Organisation>> find_org_by_external_id(db::Connection& c,
                                                            const std::string& external_id) {
  static const std::string sql = std::string(kOrgColumns) + "WHERE o.external_id = $1";
  auto rows = c.query(sql, {external_id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Organisation>();
  return std::optional<Organisation>(org_of(*rows, 0));
}

Result<std::optional<std::int64_t>> find_parent_bureau(db::Connection& c,
                                                       const std::string& region) {
  return db::query_one(c, kParentBureau, {region},
                       [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

Result<std::optional<Organisation>> find_bureau(db::Connection& c, const std::string& region) {
  static const std::string sql =
      std::string(kOrgColumns) +
      "WHERE o.region_code = $1 AND o.type = 'emergency_bureau' ORDER BY o.id LIMIT 1";
  auto rows = c.query(sql, {region});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Organisation>();
  return std::optional<Organisation>(org_of(*rows, 0));
}

Result<std::vector<Organisation>> list_correspondents(
    db::Connection& c, const std::string& region_pattern, const std::string& province,
    const std::string& city, const std::string& text, std::int64_t exclude, std::int64_t limit) {
  static const std::string sql = std::string(kOrgColumns) + std::string(kCorrespondents);
  return db::query_all(c, sql, {region_pattern, province, city, text, exclude, limit}, org_of);
}

Result<Page<Organisation>> list_orgs(db::Connection& c, const OrgFilter& f) {
  static const std::string page = std::string(kOrgColumns) + std::string(kOrgWhere) +
                                  "ORDER BY o.region_code, o.type, o.id LIMIT $4 OFFSET $5";
  static const std::string count = "SELECT COUNT(*) FROM organisations o " + std::string(kOrgWhere);
  FENGHUO_ASSIGN(
      orgs, db::query_all(c, page, {f.region_pattern, f.type, f.text, f.limit, f.offset}, org_of));
  auto n = c.query(count, {f.region_pattern, f.type, f.text});
  if (!n.ok()) return std::move(n).error();
  return Page<Organisation>{std::move(orgs), n->i64(0, 0)};
}

// ---- users ------------------------------------------------------------------------------
Result<std::int64_t> insert_user(db::Connection& c, const User& u, std::int64_t now) {
  auto rows = c.query(kInsertUser, {u.name, u.phone, u.org_id, u.status, opt(u.external_id), now});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update_user(db::Connection& c, const User& u, std::int64_t now) {
  auto n = c.execute(
      kUpdateUser, {u.id, u.name, u.phone, u.org_id, u.status, opt(u.external_id), now, u.version});
  if (!n.ok()) return n.error();
  if (*n == 0) return version_miss(c, kUserExists, u.id, "user");
  return {};
}

Status set_roles(db::Connection& c, std::int64_t user_id, const std::vector<std::string>& roles) {
  FENGHUO_TRY(c.execute(kClearRoles, {user_id}));
  for (const auto& r : roles) FENGHUO_TRY(c.execute(kAddRole, {user_id, r}));
  return {};
}

Result<User> find_user(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kUserColumns) + "WHERE u.id = $1";
  auto u = one_user(c, sql, id);
  if (!u.ok()) return std::move(u).error();
  if (!*u) return Error::not_found("user not found");
  return std::move(**u);
}

Result<std::optional<User>> find_user_by_phone(db::Connection& c, const std::string& phone) {
  static const std::string sql = std::string(kUserColumns) + "WHERE u.phone = $1";
  return one_user(c, sql, phone);
}

Result<std::optional<User>> find_user_by_external_id(db::Connection& c,
                                                     const std::string& external_id) {
  static const std::string sql = std::string(kUserColumns) + "WHERE u.external_id = $1";
  return one_user(c, sql, external_id);
}

Result<std::vector<std::int64_t>> find_active_members(db::Connection& c, std::int64_t org_id,
                                                      const std::string& who) {
  return db::query_all(c, kActiveMembers, {org_id, who},
                       [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

Status record_login(db::Connection& c, std::int64_t user_id, std::int64_t now) {
  return changed_one(c.execute(kRecordLogin, {user_id, now}), "user");
}

Result<Page<User>> list_users(db::Connection& c, const UserFilter& f) {
  static const std::string page =
      std::string(kUserColumns) + std::string(kUserWhere) + "ORDER BY u.id LIMIT $6 OFFSET $7";
  static const std::string count =
      "SELECT COUNT(*) FROM users u JOIN organisations o ON o.id = u.org_id " +
      std::string(kUserWhere);
  std::vector<Param> params = {
      f.region_pattern, f.org_id.value_or(0), f.status, f.text, f.role, f.limit, f.offset};
  auto rows = c.query(page, params);
  if (!rows.ok()) return std::move(rows).error();
  Page<User> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto u = with_roles(c, user_of(*rows, i));
    if (!u.ok()) return std::move(u).error();
    out.items.push_back(std::move(u).value());
  }
  auto n = c.query(count, std::span<const Param>(params.data(), 5));
  if (!n.ok()) return std::move(n).error();
  out.total = n->i64(0, 0);
  return out;
}

Result<std::vector<User>> list_synced_users(db::Connection& c, const std::string& region_pattern) {
  static const std::string sql =
      std::string(kUserColumns) +
      "WHERE o.region_code LIKE $1 AND u.external_id IS NOT NULL AND u.status = 'active'";
  auto rows = c.query(sql, {region_pattern});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<User> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto u = with_roles(c, user_of(*rows, i));
    if (!u.ok()) return std::move(u).error();
    out.push_back(std::move(u).value());
  }
  return out;
}

// ---- contacts ---------------------------------------------------------------------------
Result<std::optional<Contact>> find_contact(db::Connection& c, std::int64_t user_id) {
  return db::query_one(c, kContact, {user_id}, contact_of);
}

Result<std::optional<Contact>> find_active_contact(db::Connection& c, std::int64_t user_id) {
  return db::query_one(c, kActiveContact, {user_id}, contact_of);
}

Result<std::vector<Contact>> active_role_holders(db::Connection& c, std::int64_t org_id,
                                                 const std::string& role) {
  return db::query_all(c, kActiveRoleHolders, {org_id, role}, contact_of);
}

Result<std::vector<std::int64_t>> active_bureau_ids(db::Connection& c,
                                                    const std::string& region_pattern) {
  return db::query_all(c, kActiveBureaus, {region_pattern},
                       [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

// ---- SMS codes --------------------------------------------------------------------------
Status insert_code(db::Connection& c, const std::string& phone, const std::string& client,
                   const std::string& salt, const std::string& code_hash, std::int64_t now,
                   std::int64_t expires_at) {
  return c.execute(kInsertCode, {phone, client, salt, code_hash, now, expires_at}).status();
}

Status retire_codes(db::Connection& c, const std::string& phone, std::int64_t now) {
  return c.execute(kRetireCodes, {phone, now}).status();
}

Status forget_code(db::Connection& c, const std::string& phone, std::int64_t created_at) {
  return c.execute(kForgetCode, {phone, created_at}).status();
}

Status retire_old_codes(db::Connection& c, const std::string& phone, std::int64_t now,
                        std::int64_t keep) {
  return c.execute(kRetireOldCodes, {phone, now, keep}).status();
}

Result<std::vector<SmsCode>> try_live_codes(db::Connection& c, const std::string& phone,
                                            std::int64_t now, std::int64_t max_attempts) {
  return db::query_all(
      c, kTryLiveCodes, {phone, now, max_attempts}, [](const db::Rows& r, std::size_t i) {
        return SmsCode{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.i64(i, 3), r.i64(i, 4)};
      });
}

Result<std::optional<std::int64_t>> exhausted_codes_until(db::Connection& c,
                                                          const std::string& phone,
                                                          std::int64_t now,
                                                          std::int64_t max_attempts) {
  auto rows = c.query(kExhaustedCodes, {phone, now, max_attempts});
  if (!rows.ok()) return std::move(rows).error();
  return rows->opt_i64(0, 0);
}

Status use_code(db::Connection& c, std::int64_t code_id, std::int64_t now) {
  return changed_one(c.execute(kUseCode, {code_id, now}), "code");
}

Result<std::int64_t> codes_for_phone_since(db::Connection& c, const std::string& phone,
                                           std::int64_t since) {
  auto rows = c.query(kCodesForPhone, {phone, since});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Result<std::optional<std::int64_t>> last_code_at(db::Connection& c, const std::string& phone) {
  auto rows = c.query(kLastCodeAt, {phone});
  if (!rows.ok()) return std::move(rows).error();
  return rows->opt_i64(0, 0);
}

Result<std::int64_t> codes_for_client_since(db::Connection& c, const std::string& client,
                                            std::int64_t since) {
  auto rows = c.query(kCodesForClient, {client, since});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

// ---- sessions ---------------------------------------------------------------------------
Result<std::int64_t> insert_session(db::Connection& c, std::int64_t user_id,
                                    const std::string& token_hash, const std::string& csrf_hash,
                                    std::int64_t now, std::int64_t expires_at,
                                    const std::string& client, const std::string& user_agent) {
  auto rows = c.query(kInsertSession,
                      {token_hash, csrf_hash, user_id, now, expires_at, client, user_agent});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Result<std::optional<SessionRow>> find_session(db::Connection& c, const std::string& token_hash) {
  auto rows = c.query(kFindSession, {token_hash});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<SessionRow>();
  return std::optional<SessionRow>(SessionRow{rows->i64(0, 0), rows->i64(0, 1), rows->text(0, 2),
                                              rows->i64(0, 3), rows->i64(0, 4), rows->i64(0, 5),
                                              rows->opt_i64(0, 6)});
}

Status touch_session(db::Connection& c, std::int64_t id, std::int64_t now) {
  return c.execute(kTouchSession, {id, now}).status();
}

Result<std::int64_t> revoke_session(db::Connection& c, std::int64_t id, std::int64_t user_id,
                                    std::int64_t now) {
  return c.execute(kRevokeSession, {id, user_id, now});
}

Status revoke_user_sessions(db::Connection& c, std::int64_t user_id, std::int64_t now) {
  return c.execute(kRevokeUserSessions, {user_id, now}).status();
}

Status revoke_user_tokens(db::Connection& c, std::int64_t user_id, std::int64_t now) {
  return c.execute(kRevokeUserTokens, {user_id, now}).status();
}

Result<std::vector<SessionInfo>> live_sessions(db::Connection& c, std::int64_t user_id,
                                               std::int64_t now, std::int64_t idle_ms) {
  return db::query_all(c, kLiveSessions, {user_id, now, now - idle_ms},
                       [](const db::Rows& r, std::size_t i) {
                         return SessionInfo{r.i64(i, 0), r.i64(i, 1),  r.i64(i, 2),
                                            r.i64(i, 3), r.text(i, 4), r.text(i, 5)};
                       });
}

// ---- CAPTCHAs ---------------------------------------------------------------------------
Status insert_captcha(db::Connection& c, const std::string& id, const std::string& answer_hash,
                      const std::string& client, std::int64_t now, std::int64_t expires_at) {
  return c.execute(kInsertCaptcha, {id, answer_hash, client, now, expires_at}).status();
}

Status purge_captchas(db::Connection& c, std::int64_t before) {
  return c.execute(kPurgeCaptchas, {before}).status();
}

Result<std::int64_t> captchas_for_client_since(db::Connection& c, const std::string& client,
                                               std::int64_t since) {
  auto rows = c.query(kCaptchasForClient, {client, since});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Result<std::optional<std::string>> use_captcha(db::Connection& c, const std::string& id,
                                               std::int64_t now) {
  auto rows = c.query(kUseCaptcha, {id, now});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->text(0, 0));
}

// ---- API tokens -------------------------------------------------------------------------
Result<std::int64_t> insert_token(db::Connection& c, const ApiToken& t,
                                  const std::string& token_hash) {
  auto rows = c.query(kInsertToken, {t.name, token_hash, join(t.scopes), t.region, t.created_by,
                                     t.created_at, opt(t.expires_at)});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Result<std::optional<ApiToken>> find_token_by_hash(db::Connection& c, const std::string& hash) {
  static const std::string sql = std::string(kTokenColumns) + "WHERE t.token_hash = $1";
  auto rows = c.query(sql, {hash});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<ApiToken>();
  return std::optional<ApiToken>(token_of(*rows, 0));
}

Result<ApiToken> find_token(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kTokenColumns) + "WHERE t.id = $1";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("API token not found");
  return token_of(*rows, 0);
}

Result<std::vector<ApiToken>> list_tokens(db::Connection& c, const std::string& region_pattern) {
  static const std::string sql =
      std::string(kTokenColumns) + "WHERE t.region_code LIKE $1 ORDER BY t.id DESC";
  return db::query_all(c, sql, {region_pattern}, token_of);
}

Status revoke_token(db::Connection& c, std::int64_t id, std::int64_t now) {
  return changed_one(c.execute(kRevokeToken, {id, now}), "API token");
}

Status touch_token(db::Connection& c, std::int64_t id, std::int64_t now) {
  return c.execute(kTouchToken, {id, now}).status();
}

// ---- administrator registry ---------------------------------------------------------------
Result<std::int64_t> insert_admin(db::Connection& c, const OrgAdmin& a, std::int64_t now) {
  auto rows = c.query(kInsertAdmin, {a.org_id, a.name, a.phone, a.duties, now});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update_admin(db::Connection& c, const OrgAdmin& a, std::int64_t now) {
  auto n = c.execute(kUpdateAdmin, {a.id, a.org_id, a.name, a.phone, a.duties, now, a.version});
  if (!n.ok()) return n.error();
  if (*n == 0) return version_miss(c, kAdminExists, a.id, "administrator");
  return {};
}

Status delete_admin(db::Connection& c, std::int64_t id) {
  return changed_one(c.execute(kDeleteAdmin, {id}), "administrator");
}

Result<OrgAdmin> find_admin(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kAdminColumns) + "WHERE a.id = $1";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("administrator not found");
  return admin_of(*rows, 0);
}

Result<std::vector<OrgAdmin>> list_admins(db::Connection& c, const std::string& region_pattern) {
  static const std::string sql =
      std::string(kAdminColumns) + "WHERE o.region_code LIKE $1 ORDER BY o.region_code, a.id";
  return db::query_all(c, sql, {region_pattern}, admin_of);
}

Result<std::vector<Coverage>> admin_coverage(db::Connection& c, const std::string& region_pattern) {
  return db::query_all(c, kCoverage, {region_pattern}, [](const db::Rows& r, std::size_t i) {
    return Coverage{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.i64(i, 3)};
  });
}

}  // namespace fenghuo::identity::store

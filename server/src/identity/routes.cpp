#include "identity/routes.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "http/json.h"
#include "http/params.h"
#include "identity/importer.h"
#include "identity/roles.h"

namespace fenghuo::identity {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::RouteOptions;

template <typename T>
Response page_of(const std::vector<T>& items, std::int64_t total) {
  return http::page_response(http::json_array(items, [](const T& x) { return to_json(x); }), total);
}

boost::json::object user_with_permissions(const User& user) {
  boost::json::object o = to_json(user);
  boost::json::array perms;
  for (const auto& p : permissions_of(user.roles)) perms.emplace_back(p);
  o["permissions"] = std::move(perms);
  return o;
}

std::string cookie(std::string_view name, std::string_view value, bool http_only, bool secure,
                   std::int64_t max_age_s) {
  std::string c = std::string(name) + "=" + std::string(value) +
                  "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

bool secure_cookies(const CookiePolicy& policy, const Request& request) {
  if (policy.secure == "always") return true;
  if (policy.secure == "never") return false;
  return request.header("x-forwarded-proto") == "https";
}

boost::json::object session_json(const SessionInfo& s, std::int64_t current_session) {
  return {{"id", std::to_string(s.id)},
          {"created_at", format_rfc3339(s.created_at)},
          {"last_seen_at", format_rfc3339(s.last_seen_at)},
          {"expires_at", format_rfc3339(s.expires_at)},
          {"client_address", s.client_address},
          {"user_agent", s.user_agent},
          {"current", s.id == current_session}};
}

boost::json::object permission_json(const PermissionInfo& p) {
  return {{"code", p.code}, {"name", p.name}, {"name_en", p.name_en}};
}

boost::json::object role_json(const RoleInfo& role) {
  boost::json::array perms;
  for (auto p : role.permissions) perms.emplace_back(p);
  return {{"code", role.code},
          {"name", role.name},
          {"name_en", role.name_en},
          {"permissions", std::move(perms)}};
}

boost::json::object coverage_json(const store::Coverage& c) {
  return {{"region", c.region},
          {"region_name", c.region_name},
          {"level", c.level},
          {"admins", c.admins}};
}

// Sign-in, sign-out and the caller's own account: /api/v1/auth/*, /api/v1/me*.
void add_sign_in_routes(http::Router& router, AuthService& auth, DirectoryService& directory,
                        const CookiePolicy& cookies) {
  router.add(Method::kPost, "/api/v1/auth/sms-code", {.access = Access::open()},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               const auto* phone = body.if_contains("phone");
               if (phone == nullptr || !phone->is_string()) {
                 return Error::validation("phone", "phone is required");
               }
               AuthService::CaptchaAnswer captcha;
               for (auto [key, target] : {std::pair{"captcha_id", &captcha.id},
                                          std::pair{"captcha_answer", &captcha.answer}}) {
                 const auto* v = body.if_contains(key);
                 if (v == nullptr || v->is_null()) continue;
                 if (!v->is_string() || v->as_string().size() > 64) {
                   return Error::validation(key, std::string(key) + " must be text");
                 }
                 *target = std::string(v->as_string());
               }
               FENGHUO_ASSIGN(issued, auth.request_code(std::string(phone->as_string()),
                                                        r.client_address, captcha));
               boost::json::object o;
               o["sent"] = true;
               o["expires_in_s"] = issued.expires_in_s;
               o["retry_after_s"] = issued.retry_after_s;
               return http::json_response(202, o);
             });

  router.add(Method::kGet, "/api/v1/auth/captcha", {.access = Access::open()},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(captcha, auth.new_captcha(r.client_address));
               boost::json::object o;
               o["id"] = captcha.id;
               o["image"] = captcha.image;
               o["expires_in_s"] = captcha.expires_in_s;
               Response res = http::json_response(200, o);
               res.set_header("Cache-Control", "no-store");
               return res;
             });

  router.add(
      Method::kPost, "/api/v1/auth/login", {.access = Access::open()},
      [&auth, cookies](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(body, http::parse_json_object(r));
        const auto* phone = body.if_contains("phone");
        const auto* code = body.if_contains("code");
        if (phone == nullptr || !phone->is_string()) {
          return Error::validation("phone", "phone is required");
        }
        if (code == nullptr || !code->is_string()) {
          return Error::validation("code", "code is required");
        }
        FENGHUO_ASSIGN(login,
                       auth.login(std::string(phone->as_string()), std::string(code->as_string()),
                                  r.client_address, std::string(r.header("user-agent"))));
        boost::json::object o;
        o["token"] = login.token;
        o["csrf_token"] = login.csrf_token;
        o["expires_at"] = format_rfc3339(login.expires_at);
        o["user"] = user_with_permissions(login.user);
        Response res = http::json_response(200, o);
        bool secure = secure_cookies(cookies, r);
        std::int64_t max_age = auth.settings().session_lifetime_ms / 1000;
        res.add_header("Set-Cookie", cookie("fenghuo_session", login.token, true, secure, max_age));
        res.add_header("Set-Cookie",
                       cookie("fenghuo_csrf", login.csrf_token, false, secure, max_age));
        return res;
      });

  router.add(Method::kPost, "/api/v1/auth/logout", {.access = Access::self()},
             [&auth, cookies](Request& r) -> Result<Response> {
               FENGHUO_TRY(auth.logout(*r.principal));
               Response res;
               res.status = 204;
               bool secure = secure_cookies(cookies, r);
               res.add_header("Set-Cookie", cookie("fenghuo_session", "", true, secure, 0));
               res.add_header("Set-Cookie", cookie("fenghuo_csrf", "", false, secure, 0));
               return res;
             });

  router.add(Method::kGet, "/api/v1/me", {.access = Access::self()},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(user, directory.user(*r.principal, r.principal->id));
               return http::json_response(200, user_with_permissions(user));
             });

  router.add(Method::kGet, "/api/v1/me/sessions", {.access = Access::self()},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(sessions, auth.sessions(*r.principal));
               const std::int64_t current = r.principal->session_id;
               return http::items_response(http::json_array(
                   sessions, [current](const SessionInfo& s) { return session_json(s, current); }));
             });

  router.add(Method::kDelete, "/api/v1/me/sessions/{id}", {.access = Access::self()},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(auth.revoke_session(*r.principal, id));
               Response res;
               res.status = 204;
               return res;
             });
}

// Reference lists: /api/v1/regions, /api/v1/roles.
void add_reference_routes(http::Router& router, DirectoryService& directory) {
  router.add(Method::kGet, "/api/v1/regions", {.access = Access::global("regions.read")},
             [&directory](Request&) -> Result<Response> {
               FENGHUO_ASSIGN(regions, directory.regions());
               return page_of(regions, regions.size());
             });

  router.add(Method::kGet, "/api/v1/roles", {.access = Access::global("users.read")},
             [](Request&) -> Result<Response> {
               boost::json::object o;
               o["items"] = http::json_array(roles(), role_json);
               o["permissions"] = http::json_array(permissions(), permission_json);
               return http::json_response(200, o);
             });
}

// Organisations and users: /api/v1/organisations*, /api/v1/users*.
void add_directory_routes(http::Router& router, DirectoryService& directory) {
  router.add(Method::kGet, "/api/v1/organisations", {.access = Access::jurisdiction("orgs.read")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 1000));
               FENGHUO_ASSIGN(
                   page,
                   directory.organisations(
                       *r.principal, {r.query("region").value_or(""), r.query("type").value_or(""),
                                      r.query("q").value_or(""), paging.limit, paging.offset}));
               return page_of(page.items, page.total);
             });
  router.add(Method::kPost, "/api/v1/organisations", {.access = Access::jurisdiction("orgs.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(org, directory.create_organisation(*r.principal, body));
               return http::json_response(201, to_json(org));
             });
  router.add(Method::kGet, "/api/v1/organisations/{id}",
             {.access = Access::jurisdiction("orgs.read")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(org, directory.organisation(*r.principal, id));
               return http::json_response(200, to_json(org));
             });
  router.add(Method::kPatch, "/api/v1/organisations/{id}",
             {.access = Access::jurisdiction("orgs.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(org, directory.update_organisation(*r.principal, id, body));
               return http::json_response(200, to_json(org));
             });

  // ---- users --------------------------------------------------------------------------
  router.add(Method::kGet, "/api/v1/users", {.access = Access::jurisdiction("users.read")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 1000));
               FENGHUO_ASSIGN(org, http::query_int(r, "org", 0, 0, INT64_MAX));
               DirectoryService::UserQuery q{r.query("region").value_or(""),
                                             org > 0 ? std::optional(org) : std::nullopt,
                                             r.query("role").value_or(""),
                                             r.query("status").value_or(""),
                                             r.query("q").value_or(""),
                                             paging.limit,
                                             paging.offset};
               FENGHUO_ASSIGN(page, directory.users(*r.principal, q));
               return page_of(page.items, page.total);
             });
  router.add(Method::kPost, "/api/v1/users", {.access = Access::jurisdiction("users.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(user, directory.create_user(*r.principal, body));
               return http::json_response(201, to_json(user));
             });
  router.add(Method::kGet, "/api/v1/users/{id}", {.access = Access::jurisdiction("users.read")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(user, directory.user(*r.principal, id));
               return http::json_response(200, to_json(user));
             });
  router.add(Method::kPatch, "/api/v1/users/{id}", {.access = Access::jurisdiction("users.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(user, directory.update_user(*r.principal, id, body));
               return http::json_response(200, to_json(user));
             });
}

// API tokens: /api/v1/api-tokens*.
void add_token_routes(http::Router& router, AuthService& auth) {
  router.add(Method::kGet, "/api/v1/api-tokens/scopes", {.access = Access::global("tokens.manage")},
             [](Request&) -> Result<Response> {
               boost::json::array items;
               for (const auto& p : permissions()) {
                 if (p.token_scope) items.push_back(permission_json(p));
               }
               return http::items_response(std::move(items));
             });
  router.add(Method::kGet, "/api/v1/api-tokens", {.access = Access::jurisdiction("tokens.manage")},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(tokens, auth.tokens(*r.principal, r.query("region").value_or("")));
               return page_of(tokens, tokens.size());
             });
  router.add(Method::kPost, "/api/v1/api-tokens", {.access = Access::jurisdiction("tokens.manage")},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               std::string name;
               if (const auto* n = body.if_contains("name"); n && n->is_string()) {
                 name = std::string(n->as_string());
               }
               std::vector<std::string> scopes;
               if (const auto* s = body.if_contains("scopes"); s && s->is_array()) {
                 for (const auto& x : s->as_array()) {
                   if (!x.is_string()) return Error::validation("scopes", "scopes are text");
                   scopes.emplace_back(x.as_string());
                 }
               }
               std::optional<std::int64_t> expires;
               if (const auto* e = body.if_contains("expires_at"); e && !e->is_null()) {
                 std::optional<std::int64_t> ms;
                 if (e->is_string()) ms = parse_rfc3339(e->as_string());
                 if (!ms)
                   return Error::validation("expires_at", "expires_at must be an RFC 3339 time");
                 expires = ms;
               }
               FENGHUO_ASSIGN(created, auth.create_token(*r.principal, name, scopes, expires));
               boost::json::object o = to_json(created.token);
               o["token"] = created.secret;
               return http::json_response(201, o);
             });
  router.add(Method::kDelete, "/api/v1/api-tokens/{id}",
             {.access = Access::jurisdiction("tokens.manage")},
             [&auth](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(auth.revoke_token(*r.principal, id));
               Response res;
               res.status = 204;
               return res;
             });
}

// The administrator registry (/api/v1/org-admins*) and the directory import.
void add_admin_routes(http::Router& router, DirectoryService& directory, Importer& importer) {
  router.add(Method::kGet, "/api/v1/org-admins", {.access = Access::jurisdiction("admins.read")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(admins,
                              directory.admins(*r.principal, r.query("region").value_or("")));
               return page_of(admins, admins.size());
             });
  router.add(
      Method::kGet, "/api/v1/org-admins/coverage", {.access = Access::jurisdiction("admins.read")},
      [&directory](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(coverage,
                       directory.admin_coverage(*r.principal, r.query("region").value_or("")));
        return http::items_response(http::json_array(coverage, coverage_json));
      });
  router.add(Method::kPost, "/api/v1/org-admins", {.access = Access::jurisdiction("admins.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(admin, directory.create_admin(*r.principal, body));
               return http::json_response(201, to_json(admin));
             });
  router.add(Method::kPatch, "/api/v1/org-admins/{id}",
             {.access = Access::jurisdiction("admins.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(admin, directory.update_admin(*r.principal, id, body));
               return http::json_response(200, to_json(admin));
             });
  router.add(Method::kDelete, "/api/v1/org-admins/{id}",
             {.access = Access::jurisdiction("admins.write")},
             [&directory](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(directory.delete_admin(*r.principal, id));
               Response res;
               res.status = 204;
               return res;
             });

  router.add(Method::kPost, "/api/v1/identity/import",
             {.access = Access::jurisdiction("identity.import"), .body = http::Body::kFile},
             [&importer](Request& r) -> Result<Response> {
               Importer::Options options;
               FENGHUO_ASSIGN(partial, http::query_bool(r, "partial", false));
               FENGHUO_ASSIGN(full_sync, http::query_bool(r, "full_sync", false));
               FENGHUO_ASSIGN(dry_run, http::query_bool(r, "dry_run", false));
               options.partial = partial;
               options.full_sync = full_sync;
               options.dry_run = dry_run;
               FENGHUO_ASSIGN(
                   report, importer.run(*r.principal, std::string(r.header("content-type")), r.body,
                                        options));
               return http::json_response(200, to_json(report));
             });
}

}  // namespace

void add_routes(http::Router& router, AuthService& auth, DirectoryService& directory,
                Importer& importer, CookiePolicy cookies) {
  add_sign_in_routes(router, auth, directory, cookies);
  add_reference_routes(router, directory);
  add_directory_routes(router, directory);
  add_token_routes(router, auth);
  add_admin_routes(router, directory, importer);
}

}  // namespace fenghuo::identity

#include "core/principal.h"
#include "identity/access.h"
#include "identity/routes.h"

namespace fenghuo::identity {
namespace {

constexpr std::string_view kSessionCookie = "fenghuo_session";

Credentials credentials_of(const http::Request& request) {
  Credentials c;
  std::string_view authorization = request.header("authorization");
  if (authorization.starts_with("Bearer ")) c.bearer = std::string(authorization.substr(7));
  if (auto cookie = request.cookie(kSessionCookie)) c.cookie_token = *cookie;
  c.csrf_header = std::string(request.header("x-csrf-token"));
  c.unsafe_method = request.method != http::Method::kGet &&
                    request.method != http::Method::kHead &&
                    request.method != http::Method::kOptions;
  c.client_address = request.client_address;
  return c;
}

}  // namespace

// The access check once the caller is known: the same for both guards.
Status check_access(const http::Route& route, http::Request& request,
                    std::shared_ptr<const Principal> principal) {
  const http::Access& access = route.options.access;
  request.user_id = std::string(principal->kind_name()) + ":" + std::to_string(principal->id);
  request.principal = std::move(principal);
  if (access.scope == http::Scope::kSelf) {
    if (request.principal->kind != Principal::Kind::kUser) {
      return Error::forbidden("this endpoint is for signed-in users, not API tokens");
    }
    return {};
  }
  if (!request.principal->has(access.permission)) {
    return Error::forbidden("you need the permission " + access.permission + " for this");
  }
  return {};
}

http::Guard make_guard(AuthService& auth) {
  return [&auth](const http::Route& route, http::Request& request) -> Status {
    if (route.options.access.scope == http::Scope::kPublic) return {};
    auto principal = auth.authenticate(credentials_of(request));
    if (!principal.ok()) return std::move(principal).error();
    return check_access(route, request, std::move(principal).value());
  };
}

std::function<std::optional<Status>(const http::Route&, http::Request&)> make_quick_guard(
    AuthService& auth) {
  return [&auth](const http::Route& route, http::Request& request) -> std::optional<Status> {
    if (route.options.access.scope == http::Scope::kPublic) return Status{};
    auto principal = auth.authenticate_from_memory(credentials_of(request));
    if (!principal) return std::nullopt;
    return check_access(route, request, std::move(*principal));
  };
}

std::function<Status(http::Request&)> make_socket_guard(AuthService& auth) {
  return [&auth](http::Request& request) -> Status {
    // Cross-site WebSocket hijacking: a browser always sends Origin; it must be this host.
    std::string_view origin = request.header("origin");
    if (!origin.empty()) {
      auto scheme_end = origin.find("://");
      std::string_view origin_host =
          scheme_end == std::string_view::npos ? origin : origin.substr(scheme_end + 3);
      if (origin_host != request.header("host")) {
        return Error::forbidden("the realtime socket accepts pages of this site only");
      }
    }
    Credentials c = credentials_of(request);
    c.unsafe_method = false;
    auto principal = auth.authenticate(c);
    if (!principal.ok()) return std::move(principal).error();
    request.principal = *principal;
    return {};
  };
}

std::function<bool(const Principal&)> sockets_ended_by(const realtime::Event& event) {
  auto ended = access_ended_of(event);
  if (!ended) return {};
  return [ended = *ended](const Principal& p) {
    using Kind = Principal::Kind;
    if (ended.session_id) {
      return p.kind == Kind::kUser && p.id == ended.user_id && p.session_id == *ended.session_id;
    }
    if (ended.token_id) return p.kind == Kind::kToken && p.id == *ended.token_id;
    return (p.kind == Kind::kUser && p.id == ended.user_id) ||
           (p.kind == Kind::kToken && p.created_by == ended.user_id);
  };
}

}  // namespace fenghuo::identity

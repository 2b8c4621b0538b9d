#pragma once

#include <string>

#include "http/router.h"
#include "identity/auth.h"
#include "identity/directory.h"
#include "realtime/event.h"

namespace fenghuo::identity {

class Importer;

struct CookiePolicy {
  std::string secure = "auto";  // auto | always | never
};

// /api/v1/auth/*, /api/v1/me*, /api/v1/regions, /api/v1/roles, /api/v1/organisations*,
// /api/v1/users*, /api/v1/api-tokens*, /api/v1/org-admins*, /api/v1/identity/import.
void add_routes(http::Router& router, AuthService& auth, DirectoryService& directory,
                Importer& importer, CookiePolicy cookies);

// Authenticates every non-public route and checks its permission; a socket guard for the
// realtime WebSocket. The single place where the route table's Access is enforced.
http::Guard make_guard(AuthService& auth);
std::function<Status(http::Request&)> make_socket_guard(AuthService& auth);
// The guard's verdict from memory alone, for routes that need no database (nullopt: ask
// the full guard on the worker pool).
std::function<std::optional<Status>(const http::Route&, http::Request&)> make_quick_guard(
    AuthService& auth);
// For an "auth/access" event (access_ended_of), the realtime sockets it ends: those of the
// ended session, of the revoked API token, or (neither named) every socket of the user and of
// the API tokens they created. An empty function for any other event.
std::function<bool(const Principal&)> sockets_ended_by(const realtime::Event& event);

}  // namespace fenghuo::identity

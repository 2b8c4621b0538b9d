#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace fenghuo::http {

using Handler = std::function<Result<Response>(Request&)>;

// How a route's data is bounded: this is what the authorisation test enumerates.
enum class Scope {
  kPublic,        // anyone, without credentials (health, login)
  kSelf,          // any signed-in caller, about themselves (me, my sessions)
  kJurisdiction,  // needs the permission; data filtered and checked by the caller's region
  kGlobal,        // needs the permission; data not bound to a region (roles, regions)
};

struct Access {
  Scope scope = Scope::kJurisdiction;
  std::string permission;  // required unless the scope is kPublic or kSelf

  static Access open() { return {Scope::kPublic, {}}; }
  static Access self() { return {Scope::kSelf, {}}; }
  static Access jurisdiction(std::string permission) {
    return {Scope::kJurisdiction, std::move(permission)};
  }
  static Access global(std::string permission) { return {Scope::kGlobal, std::move(permission)}; }
};

// What a route reads from the request body, which bounds the body's size.
enum class Body {
  kJson,  // a JSON document: at most ServerOptions::max_json_body_bytes (server.max_json_body_kb)
  kFile,  // a file (uploads, imports, CAP XML): at most ServerOptions::max_file_body_bytes
          // (storage.max_file_mb)
};

struct RouteOptions {
  Access access;  // no default that lets anyone in: every route says who may call it
  // Blocking handlers (database, files) run on the worker pool, never on an I/O thread.
  // A handler that only reads memory (the spatial index) says false: it runs on the I/O
  // thread when the caller can also be checked from memory (see ServerHooks::quick_guard).
  bool blocking = true;
  Body body = Body::kJson;
  // A limit of the route's own in bytes instead of the one `body` implies; 0 = none.
  std::uint64_t max_body_bytes = 0;
};

struct Route;
// Authenticates the caller and checks the route's access before the handler runs; sets
// request.principal. Installed by the application (identity module).
using Guard = std::function<Status(const Route& route, Request& request)>;

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/incidents/{id}"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // "{id}" marks a parameter
};

// Routes by method and path pattern with {name} parameters. Build it before serving;
// after that it is read-only and safe to use from many threads.
class Router {
 public:
  void add(Method method, std::string pattern, RouteOptions options, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::vector<Method> allowed;  // methods the path has, when `route` is null
  };
  // Finds the route for the method and path and fills `params`. HEAD matches GET routes.
  Match match(Method method, std::string_view path,
              std::map<std::string, std::string, std::less<>>& params) const;

  // Runs a route behind `guard` (if any): errors become the one error shape, exceptions a
  // logged 500.
  static Response run(const Route& route, Request& request, const Guard& guard = {});
  // Only the guard: nullopt when the caller may call the route (request.principal is set),
  // else the answer to send (401, 403, or a logged 500 when the guard threw).
  static std::optional<Response> admit(const Route& route, Request& request, const Guard& guard);

  // 404 or 405 (with Allow) for a request that matched no route.
  static Response no_route(const Match& match, const Request& request);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace fenghuo::http

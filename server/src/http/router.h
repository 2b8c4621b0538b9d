#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace fenghuo::http {

using Handler = std::function<Result<Response>(Request&)>;

struct RouteOptions {
  // Blocking handlers (database, files) run on the worker pool, never on an I/O thread.
  bool blocking = true;
};

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
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;
    std::vector<Method> allowed;  // methods the path has, when `route` is null
  };
  // Finds the route for the method and path and fills `params`. HEAD matches GET routes.
  Match match(Method method, std::string_view path,
              std::map<std::string, std::string, std::less<>>& params) const;

  // Runs a route: errors become the one error shape, exceptions a logged 500.
  static Response run(const Route& route, Request& request);

  // 404 or 405 (with Allow) for a request that matched no route.
  static Response no_route(const Match& match, const Request& request);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace fenghuo::http

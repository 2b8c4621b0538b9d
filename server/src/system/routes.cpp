#include <boost/json.hpp>

#include "core/version.h"
#include "http/json.h"
#include "system/health.h"

namespace fenghuo::system {

void add_routes(http::Router& router, const HealthProbe& probe) {
  router.add(
      http::Method::kGet, "/api/v1/health",
      http::RouteOptions{.access = http::Access::open(), .blocking = false}, [&probe](http::Request&) -> Result<http::Response> {
        HealthProbe::Status s = probe.status();
        boost::json::object body;
        body["status"] = s.database_ok ? "ok" : "degraded";
        body["version"] = version();
        body["database"] = s.database;
        body["database_ok"] = s.database_ok;
        body["uptime_s"] = s.uptime_s;
        return http::json_response(s.database_ok ? 200 : 503, body);
      });
}

}  // namespace fenghuo::system

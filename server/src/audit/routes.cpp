#include "audit/routes.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "http/json.h"
#include "http/params.h"

namespace fenghuo::audit {
namespace {

boost::json::value json_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  return ec ? boost::json::value(text) : v;
}

boost::json::object to_json(const Entry& e) {
  boost::json::object o;
  o["seq"] = e.seq;
  o["at"] = format_rfc3339(e.at_ms);
  boost::json::object actor;
  actor["type"] = e.actor_type;
  actor["id"] = std::to_string(e.actor_id);
  actor["name"] = e.actor_name;
  o["actor"] = std::move(actor);
  o["client_address"] = e.client_address;
  o["action"] = e.change.action;
  o["entity_type"] = e.change.entity_type;
  o["entity_id"] = e.change.entity_id;
  o["region"] = e.change.region;
  o["before"] = json_or_null(e.change.before);
  o["after"] = json_or_null(e.change.after);
  return o;
}

}  // namespace

void add_routes(http::Router& router, db::Database& db, const Log& log) {
  router.add(http::Method::kGet, "/api/v1/audit",
             {.access = http::Access::jurisdiction("audit.read")},
             [&db, &log](http::Request& r) -> Result<http::Response> {
               auto pattern = region_pattern(*r.principal, r.query("region").value_or(""));
               if (!pattern.ok()) return std::move(pattern).error();
               auto limit = http::query_int(r, "limit", 50, 1, 500);
               if (!limit.ok()) return std::move(limit).error();
               auto offset = http::query_int(r, "offset", 0, 0, INT32_MAX);
               if (!offset.ok()) return std::move(offset).error();
               auto from = http::query_time(r, "from");
               if (!from.ok()) return std::move(from).error();
               auto to = http::query_time(r, "to");
               if (!to.ok()) return std::move(to).error();
               Log::Query q;
               q.region_pattern = *pattern;
               q.actor = r.query("actor").value_or("");
               q.entity_type = r.query("entity_type").value_or("");
               q.entity_id = r.query("entity_id").value_or("");
               q.action = r.query("action").value_or("");
               q.from_ms = *from;
               q.to_ms = *to;
               q.limit = static_cast<int>(*limit);
               q.offset = static_cast<int>(*offset);
               auto found = log.search(db, q);
               if (!found.ok()) return std::move(found).error();
               return http::page_response(
                   http::json_array(found->items, [](const Entry& e) { return to_json(e); }),
                   found->total);
             });
}

}  // namespace fenghuo::audit

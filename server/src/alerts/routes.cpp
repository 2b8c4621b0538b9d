#include "alerts/routes.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "http/json.h"
#include "http/params.h"

namespace fenghuo::alerts {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

// A warning as the caller sees it: with what they may do with it (the pages show 解除 and
// the other actions only when allowed).
boost::json::object for_caller(const AlertService& service, const Principal& by, const Alert& a) {
  auto o = to_json(a);
  auto allowed = service.actions(by, a);
  o["can_cancel"] = allowed.can_cancel;
  o["can_update"] = allowed.can_update;
  return o;
}

// 叫应 of the caller in a list: "my_ack" is null (not delivered to them), "pending" or
// "acknowledged" (with "my_acknowledged_at").
void add_my_ack(boost::json::object& o,
                const std::map<std::int64_t, std::optional<std::int64_t>>& acks, std::int64_t id) {
  auto it = acks.find(id);
  if (it == acks.end()) {
    o["my_ack"] = nullptr;
    o["my_acknowledged_at"] = nullptr;
    return;
  }
  o["my_ack"] = it->second ? "acknowledged" : "pending";
  o["my_acknowledged_at"] =
      it->second ? boost::json::value(format_rfc3339(*it->second)) : boost::json::value(nullptr);
}

Result<Response> alert_response(const AlertService& service, const Principal& by, int status,
                                Result<Alert> a) {
  if (!a.ok()) return std::move(a).error();
  return http::json_response(status, for_caller(service, by, *a));
}

}  // namespace

void add_routes(http::Router& router, AlertService& service, const FeedPoller& feeds) {
  const auto read = Access::jurisdiction("alerts.read");
  const auto write = Access::jurisdiction("alerts.write");

  router.add(Method::kPost, "/api/v1/alerts/cap", {.access = write, .body = http::Body::kFile},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(imported, service.import_cap(*r.principal, r.body));
               return http::json_response(imported.created ? 201 : 200,
                                          for_caller(service, *r.principal, imported.alert));
             });

  router.add(Method::kPost, "/api/v1/alerts", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return alert_response(service, *r.principal, 201,
                                     service.create_manual(*r.principal, in));
             });

  router.add(
      Method::kGet, "/api/v1/alerts", {.access = read}, [&service](Request& r) -> Result<Response> {
        AlertQuery q;
        q.region = r.query("region").value_or("");
        q.level = r.query("level").value_or("");
        q.text = r.query("q").value_or("");
        if (r.query("active")) {
          FENGHUO_ASSIGN(active, http::query_bool(r, "active", true));
          q.active = active;
        }
        std::string mine = r.query("mine").value_or("");
        if (!mine.empty() && mine != "unacknowledged") {
          return Error::validation("mine", "mine takes only unacknowledged");
        }
        q.unacknowledged = mine == "unacknowledged";
        FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
        q.limit = paging.limit;
        q.offset = paging.offset;
        FENGHUO_ASSIGN(page, service.list(*r.principal, q));
        FENGHUO_ASSIGN(acks, service.my_acks(*r.principal, page.items));
        return http::page_response(http::json_array(page.items,
                                                    [&](const Alert& a) {
                                                      auto o = for_caller(service, *r.principal, a);
                                                      add_my_ack(o, acks, a.id);
                                                      return o;
                                                    }),
                                   page.total);
      });

  // The configured warning feeds and how their last poll went.
  router.add(Method::kGet, "/api/v1/alerts/feeds",
             {.access = Access::global("alerts.write"), .blocking = false},
             [&feeds](Request&) -> Result<Response> {
               boost::json::array items;
               auto time = [](std::int64_t ms) {
                 return ms > 0 ? boost::json::value(format_rfc3339(ms))
                               : boost::json::value(nullptr);
               };
               // A snapshot: never waits for a poll under way (it may take minutes).
               for (const auto& f : feeds.status()) {
                 boost::json::array regions;
                 for (const auto& code : f.regions) regions.emplace_back(code);
                 items.push_back({{"url", f.url},
                                  {"regions", std::move(regions)},
                                  {"polled_at", time(f.polled_at)},
                                  {"ok_at", time(f.ok_at)},
                                  {"error", f.error},
                                  {"imported", f.imported},
                                  {"refused", f.refused},
                                  {"last_refusal", f.last_refusal},
                                  {"refused_at", time(f.refused_at)},
                                  {"polling", f.polling}});
               }
               return http::items_response(std::move(items));
             });

  router.add(Method::kGet, "/api/v1/alerts/active", {.access = read},
             [&service](Request& r) -> Result<Response> {
               if (auto region = r.query("region")) {
                 FENGHUO_TRY(region_pattern(*r.principal, *region).status());
               }
               FENGHUO_ASSIGN(lat, http::query_double(r, "lat", std::nullopt, -90, 90));
               FENGHUO_ASSIGN(lon, http::query_double(r, "lon", std::nullopt, -180, 180));
               FENGHUO_ASSIGN(found, service.active_at(*r.principal, lon, lat));
               return http::items_response(http::json_array(
                   found, [&](const Alert& a) { return for_caller(service, *r.principal, a); }));
             });

  router.add(Method::kGet, "/api/v1/alerts/{id}", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(a, service.get(*r.principal, id));
               auto o = for_caller(service, *r.principal, a);
               FENGHUO_ASSIGN(mine, service.my_delivery(*r.principal, id));
               o["my_delivery"] = mine ? boost::json::value(to_json(*mine)) : nullptr;
               return http::json_response(200, o);
             });

  router.add(Method::kPost, "/api/v1/alerts/{id}/ack", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(d, service.acknowledge(*r.principal, id));
               return http::json_response(200, to_json(d));
             });

  router.add(Method::kGet, "/api/v1/alerts/{id}/deliveries", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(found, service.deliveries(*r.principal, id));
               boost::json::array items;
               std::int64_t acknowledged = 0;
               for (const auto& d : found) {
                 if (d.acknowledged_at) ++acknowledged;
                 items.push_back(to_json(d));
               }
               return http::json_response(
                   200, boost::json::object{{"items", std::move(items)},
                                            {"total", static_cast<std::int64_t>(found.size())},
                                            {"acknowledged", acknowledged}});
             });

  router.add(Method::kGet, "/api/v1/alerts/{id}/cap", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(xml, service.cap_xml(*r.principal, id));
               Response res =
                   Response::text(200, std::move(xml), "application/cap+xml; charset=utf-8");
               res.set_header("Content-Disposition",
                              "attachment; filename=\"alert-" + std::to_string(id) + ".xml\"");
               return res;
             });

  router.add(Method::kPost, "/api/v1/alerts/{id}/cancel", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.get(*r.principal, id).status());
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_TRY(json_input::only(in, {"reason"}));
               FENGHUO_ASSIGN(reason, json_input::text(in, "reason", 500));
               return alert_response(service, *r.principal, 200,
                                     service.cancel(*r.principal, id, reason.value_or("")));
             });
}

}  // namespace fenghuo::alerts

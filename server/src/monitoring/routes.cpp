#include "monitoring/routes.h"

#include <boost/json.hpp>

#include "http/json.h"
#include "http/params.h"
#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

Result<Response> alarm_response(MonitoringService& service, Result<Alarm> a) {
  if (!a.ok()) return std::move(a).error();
  return http::json_response(200, service.to_json(*a));
}

Result<Response> linked_response(MonitoringService& service, const char* key,
                                 Result<std::pair<Alarm, boost::json::object>> linked) {
  if (!linked.ok()) return std::move(linked).error();
  return http::json_response(201, boost::json::object{{"alarm", service.to_json(linked->first)},
                                                      {key, std::move(linked->second)}});
}

}  // namespace

void add_routes(http::Router& router, MonitoringService& service) {
  const auto read = Access::jurisdiction("monitoring.read");
  const auto write = Access::jurisdiction("monitoring.write");

  // A batch of up to 10,000 readings (about 100 bytes each) is larger than a JSON document.
  router.add(Method::kPost, "/api/v1/readings",
             {.access = Access::jurisdiction("readings.write"), .max_body_bytes = 4 * 1024 * 1024},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(result, service.ingest_text(*r.principal, r.body));
               return http::json_response(200, to_json(result));
             });

  router.add(
      Method::kGet, "/api/v1/monitoring/catalogue",
      {.access = Access::global("monitoring.read"), .blocking = false},
      [](Request&) -> Result<Response> { return http::json_response(200, catalogue_json()); });

  router.add(Method::kGet, "/api/v1/monitoring/stations", {.access = read},
             [&service](Request& r) -> Result<Response> {
               StationQuery q;
               q.theme = r.query("theme").value_or("");
               q.region = r.query("region").value_or("");
               q.text = r.query("q").value_or("");
               FENGHUO_ASSIGN(paging, http::query_page(r, 500, 2000));
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, service.stations(*r.principal, q));
               return http::json_response(200, boost::json::object{{"items", std::move(page.first)},
                                                                   {"total", page.second}});
             });

  router.add(Method::kGet, "/api/v1/monitoring/stations/{id}", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(s, service.station(*r.principal, id));
               return http::json_response(200, s);
             });

  router.add(Method::kPut, "/api/v1/monitoring/stations/{id}/metrics/{metric}", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.station(*r.principal, id).status());
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(s, service.set_metric(*r.principal, id, r.param("metric"), in));
               return http::json_response(200, s);
             });

  router.add(Method::kDelete, "/api/v1/monitoring/stations/{id}/metrics/{metric}",
             {.access = write}, [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(s, service.remove_metric(*r.principal, id, r.param("metric")));
               return http::json_response(200, s);
             });

  router.add(Method::kGet, "/api/v1/monitoring/readings", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_TRY(region_pattern(*r.principal, r.query("region").value_or("")).status());
               FENGHUO_ASSIGN(station, http::query_int(r, "station", 0, 0, INT64_MAX));
               if (station == 0) return Error::validation("station", "station is required");
               FENGHUO_ASSIGN(to, http::query_time(r, "to"));
               FENGHUO_ASSIGN(from, http::query_time(r, "from"));
               FENGHUO_ASSIGN(points, http::query_int(r, "points", 300, 1, 2000));
               std::int64_t end = to.value_or(service.now_ms());
               std::int64_t start = from.value_or(end - 24 * 3600000);
               FENGHUO_ASSIGN(
                   s, service.series(*r.principal, station, r.query("metric").value_or(""), start,
                                     end, static_cast<int>(points)));
               return http::json_response(200, s);
             });

  router.add(Method::kGet, "/api/v1/monitoring/earthquakes", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(days, http::query_int(r, "days", 30, 1, 366));
               FENGHUO_ASSIGN(items, service.earthquakes(*r.principal, static_cast<int>(days),
                                                         r.query("region").value_or("")));
               return http::json_response(200, boost::json::object{{"items", std::move(items)}});
             });

  router.add(Method::kGet, "/api/v1/monitoring/summary", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(s, service.summary(*r.principal, r.query("theme").value_or(""),
                                                 r.query("region").value_or("")));
               return http::json_response(200, s);
             });

  router.add(Method::kGet, "/api/v1/monitoring/alarms", {.access = read},
             [&service](Request& r) -> Result<Response> {
               AlarmQuery q;
               q.theme = r.query("theme").value_or("");
               q.region = r.query("region").value_or("");
               q.state = r.query("state").value_or("open");
               FENGHUO_ASSIGN(station, http::query_int(r, "station", 0, 0, INT64_MAX));
               if (station > 0) q.station = station;
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, service.alarms(*r.principal, q));
               boost::json::array items;
               for (const auto& a : page.first) items.push_back(service.to_json(a));
               return http::json_response(
                   200, boost::json::object{{"items", std::move(items)}, {"total", page.second}});
             });

  router.add(Method::kGet, "/api/v1/monitoring/alarms/{id}", {.access = read},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return alarm_response(service, service.alarm(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/acknowledge", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return alarm_response(service, service.acknowledge(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/close", {.access = write},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.alarm(*r.principal, id).status());
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return alarm_response(service, service.close(*r.principal, id, in));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/warning",
             {.access = Access::jurisdiction("alerts.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return linked_response(service, "alert", service.to_warning(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/incident",
             {.access = Access::jurisdiction("incidents.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return linked_response(service, "incident", service.to_incident(*r.principal, id));
             });
}

}  // namespace fenghuo::monitoring

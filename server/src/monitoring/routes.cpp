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

const Access kRead = Access::jurisdiction("monitoring.read");
const Access kWrite = Access::jurisdiction("monitoring.write");

// Readings in; series and earthquakes out; the catalogue and the summary.
void add_reading_routes(http::Router& router, Ingestion& ingestion, StationService& stations,
                        const Clock& clock) {
  // A batch of up to 10,000 readings (about 100 bytes each) is larger than a JSON document.
  router.add(Method::kPost, "/api/v1/readings",
             {.access = Access::jurisdiction("readings.write"), .max_body_bytes = 4 * 1024 * 1024},
             [&ingestion](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(result, ingestion.ingest_text(*r.principal, r.body));
               return http::json_response(200, to_json(result));
             });

  router.add(
      Method::kGet, "/api/v1/monitoring/catalogue",
      {.access = Access::global("monitoring.read"), .blocking = false},
      [](Request&) -> Result<Response> { return http::json_response(200, catalogue_json()); });

  router.add(Method::kGet, "/api/v1/monitoring/readings", {.access = kRead},
             [&stations, &clock](Request& r) -> Result<Response> {
               FENGHUO_TRY(region_pattern(*r.principal, r.query("region").value_or("")).status());
               FENGHUO_ASSIGN(station, http::query_int(r, "station", 0, 0, INT64_MAX));
               if (station == 0) return Error::validation("station", "station is required");
               FENGHUO_ASSIGN(to, http::query_time(r, "to"));
               FENGHUO_ASSIGN(from, http::query_time(r, "from"));
               FENGHUO_ASSIGN(points, http::query_int(r, "points", 300, 1, 2000));
               std::int64_t end = to.value_or(clock.now_ms());
               std::int64_t start = from.value_or(end - 24 * 3600000);
               FENGHUO_ASSIGN(
                   s, stations.series(*r.principal, station, r.query("metric").value_or(""), start,
                                      end, static_cast<int>(points)));
               return http::json_response(200, s);
             });

  router.add(Method::kGet, "/api/v1/monitoring/earthquakes", {.access = kRead},
             [&stations](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(days, http::query_int(r, "days", 30, 1, 366));
               FENGHUO_ASSIGN(items, stations.earthquakes(*r.principal, static_cast<int>(days),
                                                          r.query("region").value_or("")));
               return http::items_response(std::move(items));
             });

  router.add(Method::kGet, "/api/v1/monitoring/summary", {.access = kRead},
             [&stations](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(s, stations.summary(*r.principal, r.query("theme").value_or(""),
                                                  r.query("region").value_or("")));
               return http::json_response(200, s);
             });
}

// Stations and the rules of their metrics.
void add_station_routes(http::Router& router, StationService& stations) {
  router.add(Method::kGet, "/api/v1/monitoring/stations", {.access = kRead},
             [&stations](Request& r) -> Result<Response> {
               StationQuery q;
               q.theme = r.query("theme").value_or("");
               q.region = r.query("region").value_or("");
               q.text = r.query("q").value_or("");
               FENGHUO_ASSIGN(paging, http::query_page(r, 500, 2000));
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, stations.list(*r.principal, q));
               boost::json::array items(std::make_move_iterator(page.items.begin()),
                                        std::make_move_iterator(page.items.end()));
               return http::page_response(std::move(items), page.total);
             });

  router.add(Method::kGet, "/api/v1/monitoring/stations/{id}", {.access = kRead},
             [&stations](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(s, stations.get(*r.principal, id));
               return http::json_response(200, s);
             });

  router.add(Method::kPut, "/api/v1/monitoring/stations/{id}/metrics/{metric}", {.access = kWrite},
             [&stations](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(stations.get(*r.principal, id).status());
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               FENGHUO_ASSIGN(s, stations.set_metric(*r.principal, id, r.param("metric"), in));
               return http::json_response(200, s);
             });

  router.add(Method::kDelete, "/api/v1/monitoring/stations/{id}/metrics/{metric}",
             {.access = kWrite}, [&stations](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(s, stations.remove_metric(*r.principal, id, r.param("metric")));
               return http::json_response(200, s);
             });
}

// Alarms: listed, acknowledged, closed, turned into a warning or an incident.
void add_alarm_routes(http::Router& router, AlarmService& alarms) {
  auto alarm_response = [&alarms](Result<Alarm> a) -> Result<Response> {
    if (!a.ok()) return std::move(a).error();
    return http::json_response(200, alarms.to_json(*a));
  };
  auto linked_response =
      [&alarms](const char* key,
                Result<std::pair<Alarm, boost::json::object>> linked) -> Result<Response> {
    if (!linked.ok()) return std::move(linked).error();
    return http::json_response(201, boost::json::object{{"alarm", alarms.to_json(linked->first)},
                                                        {key, std::move(linked->second)}});
  };

  router.add(Method::kGet, "/api/v1/monitoring/alarms", {.access = kRead},
             [&alarms](Request& r) -> Result<Response> {
               AlarmQuery q;
               q.theme = r.query("theme").value_or("");
               q.region = r.query("region").value_or("");
               FENGHUO_ASSIGN(state, parse_alarm_state(r.query("state").value_or("open")));
               q.state = state;
               FENGHUO_ASSIGN(station, http::query_int(r, "station", 0, 0, INT64_MAX));
               if (station > 0) q.station = station;
               FENGHUO_ASSIGN(paging, http::query_page(r, 50, 500));
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, alarms.list(*r.principal, q));
               return http::page_response(
                   http::json_array(page.items, [&](const Alarm& a) { return alarms.to_json(a); }),
                   page.total);
             });

  router.add(Method::kGet, "/api/v1/monitoring/alarms/{id}", {.access = kRead},
             [&alarms, alarm_response](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return alarm_response(alarms.get(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/acknowledge", {.access = kWrite},
             [&alarms, alarm_response](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return alarm_response(alarms.acknowledge(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/close", {.access = kWrite},
             [&alarms, alarm_response](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(alarms.get(*r.principal, id).status());
               FENGHUO_ASSIGN(in, http::parse_json_object(r));
               return alarm_response(alarms.close(*r.principal, id, in));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/warning",
             {.access = Access::jurisdiction("alerts.write")},
             [&alarms, linked_response](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               return linked_response("alert", alarms.to_warning(*r.principal, id));
             });

  router.add(Method::kPost, "/api/v1/monitoring/alarms/{id}/incident",
             {.access = Access::jurisdiction("incidents.write")},
             [&alarms, linked_response](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               // The body is optional: the person's corrections to what the alarm proposes.
               boost::json::object edits;
               if (!r.body.empty()) {
                 FENGHUO_TRY(alarms.get(*r.principal, id).status());
                 FENGHUO_ASSIGN(in, http::parse_json_object(r));
                 edits = std::move(in);
               }
               return linked_response("incident", alarms.to_incident(*r.principal, id, edits));
             });
}

}  // namespace

void add_routes(http::Router& router, Monitoring& monitoring) {
  add_reading_routes(router, monitoring.ingestion(), monitoring.stations(), monitoring.clock());
  add_station_routes(router, monitoring.stations());
  add_alarm_routes(router, monitoring.alarms());
}

}  // namespace fenghuo::monitoring

#include "analysis/routes.h"

#include <boost/json.hpp>

#include "http/json.h"
#include "http/params.h"
#include "incidents/service.h"

namespace fenghuo::analysis {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

const Access kRead = Access::jurisdiction("incidents.read");

constexpr std::size_t kMaxRings = 8;
constexpr double kMaxRingM = 200000;

// Every route of the jurisdiction scope refuses a `region` outside it first (403), whatever
// else the request lacks.
Status check_region(const Request& r) {
  return region_pattern(*r.principal, r.query("region").value_or("")).status();
}

// `rings=5000,10000,...` (metres, ascending, at most 8, up to 200 km); empty when absent.
Result<std::vector<double>> rings_of(const Request& r) {
  auto text = r.query("rings");
  if (!text) return std::vector<double>{};
  FENGHUO_ASSIGN(rings, parse_ascending_numbers(*text, "rings"));
  if (rings.size() > kMaxRings || rings.back() > kMaxRingM) {
    return Error::validation("rings", "rings: at most 8 radii of up to 200000 metres");
  }
  return rings;
}

// `type`: an incident type code, or absent.
Result<std::string> type_of(const Request& r, incidents::IncidentService& incidents) {
  std::string type = r.query("type").value_or("");
  if (type.empty()) return type;
  FENGHUO_ASSIGN(types, incidents.types());
  for (const auto& t : types) {
    if (t.code == type) return type;
  }
  return Error::validation("type", "type: unknown incident type '" + type + "'");
}

}  // namespace

void add_routes(http::Router& router, AnalysisService& analysis,
                incidents::IncidentService& incidents) {
  router.add(Method::kGet, "/api/v1/incidents/{id}/situation", {.access = kRead},
             [&analysis](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(rings, rings_of(r));
               FENGHUO_ASSIGN(s, analysis.situation_of_incident(*r.principal, id, rings));
               return http::json_response(200, to_json(s));
             });

  router.add(Method::kGet, "/api/v1/analysis/situation", {.access = kRead},
             [&analysis, &incidents](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               Place place;
               FENGHUO_ASSIGN(lon, http::query_double(r, "lon", std::nullopt, -180, 180));
               FENGHUO_ASSIGN(lat, http::query_double(r, "lat", std::nullopt, -90, 90));
               FENGHUO_ASSIGN(type, type_of(r, incidents));
               FENGHUO_ASSIGN(rings, rings_of(r));
               place.lon = lon;
               place.lat = lat;
               place.type = std::move(type);
               place.rings_m = std::move(rings);
               FENGHUO_ASSIGN(s, analysis.situation(*r.principal, place));
               return http::json_response(200, to_json(s));
             });

  router.add(Method::kGet, "/api/v1/search", {.access = Access::jurisdiction("regions.read")},
             [&analysis](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               SearchQuery q;
               q.text = r.query("q").value_or("");
               q.entity = r.query("kind").value_or("");
               q.region = r.query("region").value_or("");
               FENGHUO_ASSIGN(from, http::query_time(r, "from"));
               FENGHUO_ASSIGN(to, http::query_time(r, "to"));
               FENGHUO_ASSIGN(paging, http::query_page(r, 20, 100));
               q.from = from;
               q.to = to;
               q.limit = paging.limit;
               q.offset = paging.offset;
               FENGHUO_ASSIGN(page, analysis.search(*r.principal, q));
               return http::page_response(
                   http::json_array(page.items, [](const SearchHit& h) { return to_json(h); }),
                   page.total);
             });

  router.add(Method::kGet, "/api/v1/analysis/statistics", {.access = kRead},
             [&analysis](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               FENGHUO_ASSIGN(from, http::query_time(r, "from"));
               FENGHUO_ASSIGN(to, http::query_time(r, "to"));
               std::int64_t end = to.value_or(analysis.now_ms());
               std::int64_t start = from.value_or(end - 365LL * 24 * 3600 * 1000);
               if (start > end) return Error::validation("from", "from: after to");
               FENGHUO_ASSIGN(o, analysis.statistics(*r.principal, r.query("region").value_or(""),
                                                     start, end));
               return http::json_response(200, o);
             });

  router.add(Method::kGet, "/api/v1/analysis/earthquake", {.access = kRead},
             [&analysis](Request& r) -> Result<Response> {
               FENGHUO_TRY(check_region(r));
               FENGHUO_ASSIGN(lon, http::query_double(r, "lon", std::nullopt, -180, 180));
               FENGHUO_ASSIGN(lat, http::query_double(r, "lat", std::nullopt, -90, 90));
               FENGHUO_ASSIGN(magnitude, http::query_double(r, "magnitude", std::nullopt, 3, 9.5));
               FENGHUO_ASSIGN(depth, http::query_double(r, "depth_km", 10, 0, 700));
               std::optional<double> strike;
               if (r.query("strike_deg")) {
                 FENGHUO_ASSIGN(s, http::query_double(r, "strike_deg", std::nullopt, 0, 360));
                 strike = s;
               }
               FENGHUO_ASSIGN(
                   q, analysis.earthquake(*r.principal, lon, lat, magnitude, depth, strike));
               return http::json_response(200, to_json(q));
             });
}

}  // namespace fenghuo::analysis

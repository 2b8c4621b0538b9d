#include "resources/routes.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "http/json.h"
#include "http/params.h"
#include "resources/reminders.h"
#include "resources/transfer.h"

namespace fenghuo::resources {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

constexpr std::size_t kMaxExport = 100000;
// Grid cells a cluster request may span: a 4K screen holds about 60 x 34 cells of 64 px.
constexpr double kMaxClusterCells = 20000;

// `kind` may repeat or be comma-separated.
std::vector<std::string> kinds_of(const Request& r) {
  std::vector<std::string> out;
  for (const auto& value : r.query_all("kind")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      auto comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      if (comma > start) out.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

boost::json::object placed_json(const Placed& p) {
  boost::json::object o;
  auto all = kinds();
  const Kind& kind = all[p.kind];
  o["id"] = std::to_string(p.id);
  o["kind"] = kind.key;
  o["category"] = kind.categories.empty() ? std::string_view() : kind.categories[p.category].code;
  o["name"] = p.name;
  char region[12];
  std::snprintf(region, sizeof region, "%06u", p.region);
  o["region"] = region;
  o["lon"] = p.lon;
  o["lat"] = p.lat;
  o["version"] = p.version;
  return o;
}

Result<ResourceService::ListQuery> list_query(const Request& r, std::int64_t max_limit) {
  ResourceService::ListQuery q;
  q.region = r.query("region").value_or("");
  store::Filter& f = q.filter;
  f.kind = r.query("kind").value_or("");
  f.category = r.query("category").value_or("");
  f.text = r.query("q").value_or("");
  FENGHUO_ASSIGN(since, http::query_time(r, "updated_since"));
  f.updated_since = since.value_or(0);
  FENGHUO_ASSIGN(quality, http::query_int(r, "quality_below", 101, 0, 101));
  f.quality_below = static_cast<int>(quality);
  FENGHUO_ASSIGN(parent, http::query_int(r, "parent", 0, 0, INT64_MAX));
  if (parent > 0) f.parent_id = parent;
  FENGHUO_ASSIGN(paging, http::query_page(r, 50, max_limit));
  f.limit = paging.limit;
  f.offset = paging.offset;
  std::string sort = r.query("sort").value_or("id");
  f.sort = sort == "name"         ? store::Sort::kName
           : sort == "updated_at" ? store::Sort::kUpdated
           : sort == "quality"    ? store::Sort::kQuality
           : sort == "region"     ? store::Sort::kRegion
           : sort == "id"         ? store::Sort::kId
                                  : static_cast<store::Sort>(-1);
  if (static_cast<int>(f.sort) < 0) {
    return Error::validation("sort", "sort must be id, name, updated_at, quality or region");
  }
  std::string order = r.query("order").value_or("asc");
  if (order != "asc" && order != "desc")
    return Error::validation("order", "order must be asc or desc");
  f.descending = order == "desc";
  return q;
}

boost::json::object count_json(const store::Count& c) {
  return {{"kind", c.kind}, {"category", c.category}, {"count", c.count}};
}

boost::json::object nearby_json(const Found& f) {
  boost::json::object o = placed_json(f.item);
  o["distance_m"] = std::round(f.distance_m * 10) / 10;
  return o;
}

// Reminders to owners, the kind catalogue and region boundaries.
void add_reference_routes(http::Router& router, db::Database& db, ResourceService& service,
                          identity::DirectoryService& directory, identity::SmsGateway& sms) {
  router.add(Method::kPost, "/api/v1/resources/reminders",
             {.access = Access::jurisdiction("resources.write")},
             [&db, &service, &directory, &sms](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(report,
                              remind_owners(db, *r.principal, directory, sms, service.clock()));
               boost::json::object o;
               o["owners"] = report.owners;
               o["messages_sent"] = report.messages_sent;
               boost::json::array unreachable;
               for (const auto& name : report.unreachable) unreachable.emplace_back(name);
               o["unreachable"] = std::move(unreachable);
               boost::json::array recent;
               for (const auto& name : report.recently_reminded) recent.emplace_back(name);
               o["recently_reminded"] = std::move(recent);
               return http::json_response(200, o);
             });

  router.add(Method::kGet, "/api/v1/resource-kinds", {.access = Access::global("resources.read")},
             [](Request&) -> Result<Response> { return http::json_response(200, kinds_json()); });

  router.add(Method::kGet, "/api/v1/regions/boundaries", {.access = Access::global("regions.read")},
             [&service](Request&) -> Result<Response> {
               if (service.boundaries() == nullptr) return Error::not_found("no boundaries loaded");
               Response res = Response::json(200, service.boundaries()->geojson());
               res.set_header("Cache-Control", "private, max-age=3600");
               return res;
             });
}

// The lists: /api/v1/resources, counts, the quality ranking.
void add_list_routes(http::Router& router, ResourceService& service) {
  router.add(
      Method::kGet, "/api/v1/resources", {.access = Access::jurisdiction("resources.read")},
      [&service](Request& r) -> Result<Response> {
        FENGHUO_ASSIGN(q, list_query(r, 1000));
        FENGHUO_ASSIGN(stale, http::query_bool(r, "stale", false));
        q.stale_only = stale;
        FENGHUO_ASSIGN(page, service.list(*r.principal, q));
        auto now = service.now_ms();
        return http::page_response(
            http::json_array(page.items, [now](const Resource& x) { return to_json(x, now); }),
            page.total);
      });

  router.add(Method::kGet, "/api/v1/resources/counts",
             {.access = Access::jurisdiction("resources.read")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(counts, service.counts(*r.principal, r.query("region").value_or("")));
               return http::items_response(http::json_array(counts, count_json));
             });

  router.add(Method::kGet, "/api/v1/resources/quality/ranking",
             {.access = Access::jurisdiction("resources.read")},
             [&service](Request& r) -> Result<Response> {
               std::string level = r.query("level").value_or("county");
               if (level != "county" && level != "city") {
                 return Error::validation("level", "level must be county or city");
               }
               bool by_city = level == "city";
               FENGHUO_ASSIGN(
                   scores, service.ranking(*r.principal, r.query("region").value_or(""), by_city));
               boost::json::array items;
               int rank = 0;
               for (const auto& s : scores) {
                 boost::json::object o;
                 o["rank"] = ++rank;
                 o["region"] = s.region;
                 o["records"] = s.records;
                 o["quality"] = std::round(s.quality * 10) / 10;
                 o["stale"] = s.stale;
                 items.push_back(std::move(o));
               }
               boost::json::object o;
               o["items"] = std::move(items);
               return http::json_response(200, o);
             });
}

// The map: nearby, within a box, clusters (from the spatial index, not blocking).
void add_map_routes(http::Router& router, ResourceService& service) {
  router.add(Method::kGet, "/api/v1/resources/nearby",
             {.access = Access::jurisdiction("resources.read"), .blocking = false},
             [&service](Request& r) -> Result<Response> {
               // The region first: outside the jurisdiction, nothing else is looked at.
               std::string region = r.query("region").value_or("");
               FENGHUO_TRY(region_pattern(*r.principal, region));
               FENGHUO_ASSIGN(lon, http::query_double(r, "lon", std::nullopt, -180, 180));
               FENGHUO_ASSIGN(lat, http::query_double(r, "lat", std::nullopt, -90, 90));
               FENGHUO_ASSIGN(radius, http::query_double(r, "radius_m", 50000, 1, 2000000));
               FENGHUO_ASSIGN(k, http::query_int(r, "k", 50, 1, 1000));
               FENGHUO_ASSIGN(found, service.nearby(*r.principal, region, lon, lat, radius,
                                                    static_cast<std::size_t>(k), kinds_of(r)));
               return http::items_response(http::json_array(found, nearby_json));
             });

  router.add(Method::kGet, "/api/v1/resources/within",
             {.access = Access::jurisdiction("resources.read"), .blocking = false},
             [&service](Request& r) -> Result<Response> {
               std::string region = r.query("region").value_or("");
               FENGHUO_TRY(region_pattern(*r.principal, region));
               FENGHUO_ASSIGN(box, http::query_bbox(r));
               FENGHUO_ASSIGN(limit, http::query_int(r, "limit", 5000, 1, 20000));
               bool truncated = false;
               FENGHUO_ASSIGN(found, service.within(*r.principal, region, box.min_lon, box.min_lat,
                                                    box.max_lon, box.max_lat, kinds_of(r),
                                                    static_cast<std::size_t>(limit), &truncated));
               boost::json::array items;
               for (const auto& p : found) items.push_back(placed_json(p));
               boost::json::object o;
               o["items"] = std::move(items);
               o["truncated"] = truncated;
               return http::json_response(200, o);
             });

  router.add(
      Method::kGet, "/api/v1/resources/clusters",
      {.access = Access::jurisdiction("resources.read"), .blocking = false},
      [&service](Request& r) -> Result<Response> {
        std::string region = r.query("region").value_or("");
        FENGHUO_TRY(region_pattern(*r.principal, region));
        FENGHUO_ASSIGN(box, http::query_bbox(r));
        FENGHUO_ASSIGN(zoom, http::query_int(r, "zoom", 8, 0, 22));
        // A map never needs more than a few thousand symbols: a box of far more grid
        // cells than a screen holds at this zoom is a client bug, not a view.
        double cell = 90.0 / std::pow(2.0, static_cast<double>(zoom));
        double cells = (std::floor(box.max_lon / cell) - std::floor(box.min_lon / cell) + 1) *
                       (std::floor(box.max_lat / cell) - std::floor(box.min_lat / cell) + 1);
        if (cells > kMaxClusterCells) {
          return Error::validation("bbox", "bbox is too large for zoom " + std::to_string(zoom) +
                                               ": zoom out or send the visible area");
        }
        FENGHUO_ASSIGN(clusters,
                       service.clusters(*r.principal, region, box.min_lon, box.min_lat, box.max_lon,
                                        box.max_lat, static_cast<int>(zoom), kinds_of(r)));
        auto all = kinds();
        boost::json::array items;
        std::int64_t total = 0;
        for (const auto& c : clusters) {
          boost::json::object o;
          o["lon"] = c.lon;
          o["lat"] = c.lat;
          o["count"] = c.count;
          total += c.count;
          boost::json::object by_kind;
          for (std::size_t i = 0; i < c.by_kind.size(); ++i) {
            if (c.by_kind[i] > 0) by_kind[all[i].key] = c.by_kind[i];
          }
          o["kinds"] = std::move(by_kind);
          if (c.single) o["item"] = placed_json(*c.single);
          items.push_back(std::move(o));
        }
        boost::json::object o;
        o["items"] = std::move(items);
        o["total"] = total;
        return http::json_response(200, o);
      });
}

// Files: the import template, export and import.
void add_file_routes(http::Router& router, db::Database& db, ResourceService& service,
                     const std::string& temp_folder) {
  router.add(
      Method::kGet, "/api/v1/resources/template", {.access = Access::global("resources.read")},
      [temp_folder](Request& r) -> Result<Response> {
        const Kind* kind = find_kind(r.query("kind").value_or(""));
        if (kind == nullptr) return Error::validation("kind", "kind: choose a kind");
        std::string format = r.query("format").value_or("csv");
        std::string filename = std::string(kind->key) + "-template." + format;
        Response res;
        if (format == "xlsx") {
          FENGHUO_ASSIGN(bytes, template_xlsx(*kind, temp_folder));
          res = Response::text(200, std::move(bytes),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        } else if (format == "csv") {
          res = Response::text(200, to_csv(*kind, {}), "text/csv; charset=utf-8");
        } else {
          return Error::validation("format", "format must be csv or xlsx");
        }
        res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        return res;
      });

  router.add(
      Method::kGet, "/api/v1/resources/export", {.access = Access::jurisdiction("resources.read")},
      [&service, temp_folder](Request& r) -> Result<Response> {
        FENGHUO_TRY(region_pattern(*r.principal, r.query("region").value_or("")));
        FENGHUO_ASSIGN(q, list_query(r, kMaxExport));
        const Kind* kind = find_kind(q.filter.kind);
        if (kind == nullptr) return Error::validation("kind", "kind: choose the kind to export");
        if (!r.query("limit")) q.filter.limit = kMaxExport;
        FENGHUO_ASSIGN(page, service.list(*r.principal, q));
        std::string format = r.query("format").value_or("csv");
        Response res;
        if (format == "xlsx") {
          FENGHUO_ASSIGN(bytes, to_xlsx(*kind, page.items, temp_folder));
          res = Response::text(200, std::move(bytes),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        } else if (format == "csv") {
          res = Response::text(200, to_csv(*kind, page.items), "text/csv; charset=utf-8");
        } else {
          return Error::validation("format", "format must be csv or xlsx");
        }
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + std::string(kind->key) + "." + format + "\"");
        return res;
      });

  router.add(Method::kPost, "/api/v1/resources/import",
             {.access = Access::jurisdiction("resources.write"), .body = http::Body::kFile},
             [&db, &service](Request& r) -> Result<Response> {
               const Kind* kind = find_kind(r.query("kind").value_or(""));
               if (kind == nullptr)
                 return Error::validation("kind", "kind: choose the kind to import");
               FENGHUO_ASSIGN(dry_run, http::query_bool(r, "dry_run", false));
               FENGHUO_ASSIGN(partial, http::query_bool(r, "partial", false));
               FENGHUO_ASSIGN(report, import_rows(db, service, *r.principal, *kind,
                                                  std::string(r.header("content-type")), r.body,
                                                  dry_run, partial));
               return http::json_response(200, to_json(report));
             });
}

// One record: create, read, change, delete, verify.
void add_record_routes(http::Router& router, ResourceService& service) {
  router.add(Method::kPost, "/api/v1/resources",
             {.access = Access::jurisdiction("resources.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(created, service.create(*r.principal, body));
               return http::json_response(201, to_json(created, created.updated_at));
             });

  router.add(Method::kGet, "/api/v1/resources/{id}",
             {.access = Access::jurisdiction("resources.read")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(found, service.get(*r.principal, id));
               return http::json_response(200, to_json(found, service.now_ms()));
             });

  router.add(Method::kPatch, "/api/v1/resources/{id}",
             {.access = Access::jurisdiction("resources.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(body, http::parse_json_object(r));
               FENGHUO_ASSIGN(updated, service.update(*r.principal, id, body));
               return http::json_response(200, to_json(updated, updated.updated_at));
             });

  router.add(Method::kDelete, "/api/v1/resources/{id}",
             {.access = Access::jurisdiction("resources.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_TRY(service.remove(*r.principal, id));
               Response res;
               res.status = 204;
               return res;
             });

  router.add(Method::kPost, "/api/v1/resources/{id}/verify",
             {.access = Access::jurisdiction("resources.write")},
             [&service](Request& r) -> Result<Response> {
               FENGHUO_ASSIGN(id, http::path_id(r));
               FENGHUO_ASSIGN(verified, service.verify(*r.principal, id));
               return http::json_response(200, to_json(verified, verified.verified_at));
             });
}

}  // namespace

void add_routes(http::Router& router, db::Database& db, ResourceService& service,
                identity::DirectoryService& directory, identity::SmsGateway& sms,
                std::string temp_folder) {
  add_reference_routes(router, db, service, directory, sms);
  add_list_routes(router, service);
  add_map_routes(router, service);
  add_file_routes(router, db, service, temp_folder);
  add_record_routes(router, service);
}

}  // namespace fenghuo::resources

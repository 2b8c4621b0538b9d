#include "resources/store.h"

#include <array>
#include <boost/json.hpp>

#include "db/json_sql.h"
#include "db/query.h"

namespace fenghuo::resources::store {
namespace {

using db::Param;

constexpr std::string_view kColumns =
    "SELECT id, kind, category, name, region_code, lon, lat, address, contact_person, "
    "contact_phone, data_source, owner_org_id, parent_id, attributes_json, quality, verified_at, "
    "updated_at, updated_by, version FROM resources ";
constexpr std::string_view kInsert =
    "INSERT INTO resources (kind, category, name, region_code, lon, lat, address, contact_person, "
    "contact_phone, data_source, owner_org_id, parent_id, attributes_json, quality, verified_at, "
    "created_at, updated_at, updated_by, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13, $14, $15, $15, $15, $16, 1) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE resources SET category = $2, name = $3, region_code = $4, lon = $5, lat = $6, "
    "address = $7, contact_person = $8, contact_phone = $9, data_source = $10, "
    "owner_org_id = $11, parent_id = $12, attributes_json = $13, quality = $14, "
    "verified_at = $15, updated_at = $15, updated_by = $16, version = version + 1 "
    "WHERE id = $1 AND version = $17 AND deleted_at IS NULL";
constexpr std::string_view kExists =
    "SELECT version FROM resources WHERE id = $1 AND deleted_at IS NULL";
constexpr std::string_view kDelete =
    "UPDATE resources SET deleted_at = $2, version = version + 1 WHERE id = $1 AND deleted_at IS "
    "NULL";
constexpr std::string_view kVerify =
    "UPDATE resources SET verified_at = $2, updated_by = $3 WHERE id = $1 AND deleted_at IS NULL";
constexpr std::string_view kChildren =
    "SELECT COUNT(*) FROM resources WHERE parent_id = $1 AND deleted_at IS NULL";
constexpr std::string_view kWhere =
    "WHERE deleted_at IS NULL AND region_code LIKE $1 AND ($2 = '' OR kind = $2) "
    "AND ($3 = '' OR category = $3) "
    "AND ($4 = '' OR name LIKE '%' || $4 || '%' OR address LIKE '%' || $4 || '%') "
    "AND updated_at >= $5 AND quality < $6 AND verified_at < $7 "
    "AND ($8 = 0 OR parent_id = $8) ";
constexpr std::string_view kCounts =
    "SELECT kind, category, COUNT(*) FROM resources WHERE deleted_at IS NULL "
    "AND region_code LIKE $1 GROUP BY kind, category ORDER BY kind, category";
constexpr std::string_view kQuality =
    "SELECT region_code, COUNT(*), SUM(quality), "
    "SUM(CASE WHEN verified_at < $3 THEN 1 ELSE 0 END) FROM resources "
    "WHERE deleted_at IS NULL AND kind = $1 AND region_code LIKE $2 GROUP BY region_code";
constexpr std::string_view kLocated =
    "SELECT id, kind, category, region_code, lon, lat, name, version FROM resources "
    "WHERE deleted_at IS NULL AND lon IS NOT NULL AND lat IS NOT NULL AND id > $1 "
    "ORDER BY id LIMIT 20000";

// ORDER BY clauses are chosen from this fixed table, never from request text.
constexpr std::array<std::string_view, 5> kOrderColumn = {"id", "name", "updated_at", "quality",
                                                          "region_code"};

Param opt(const std::optional<double>& v) { return v ? Param(*v) : Param(nullptr); }
Param opt(const std::optional<std::int64_t>& v) { return v ? Param(*v) : Param(nullptr); }

Resource resource_of(const db::Rows& r, std::size_t i) {
  Resource x;
  x.id = r.i64(i, 0);
  x.kind = r.text(i, 1);
  x.category = r.text(i, 2);
  x.name = r.text(i, 3);
  x.region = r.text(i, 4);
  if (!r.is_null(i, 5)) x.lon = r.f64(i, 5);
  if (!r.is_null(i, 6)) x.lat = r.f64(i, 6);
  x.address = r.text(i, 7);
  x.contact_person = r.text(i, 8);
  x.contact_phone = r.text(i, 9);
  x.data_source = r.text(i, 10);
  x.owner_org_id = r.opt_i64(i, 11);
  x.parent_id = r.opt_i64(i, 12);
  boost::system::error_code ec;
  auto attrs = boost::json::parse(r.text(i, 13), ec);
  if (!ec && attrs.is_object()) x.attributes = std::move(attrs.as_object());
  x.quality = static_cast<int>(r.i64(i, 14));
  x.verified_at = r.i64(i, 15);
  x.updated_at = r.i64(i, 16);
  x.updated_by = r.text(i, 17);
  x.version = r.i64(i, 18);
  return x;
}

std::vector<Param> row_params(const Resource& r) {
  return {r.kind,
          r.category,
          r.name,
          r.region,
          opt(r.lon),
          opt(r.lat),
          r.address,
          r.contact_person,
          r.contact_phone,
          r.data_source,
          opt(r.owner_org_id),
          opt(r.parent_id),
          boost::json::serialize(r.attributes),
          std::int64_t{r.quality}};
}

}  // namespace

Result<std::int64_t> insert(db::Connection& c, const Resource& r, std::int64_t now) {
  auto params = row_params(r);
  params.push_back(now);
  params.push_back(r.updated_by);
  auto rows = c.query(kInsert, params);
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status update(db::Connection& c, const Resource& r, std::int64_t now) {
  auto base = row_params(r);
  // $1 id, $2.. the row without its kind, $15 now, $16 by, $17 expected version.
  std::vector<Param> params = {r.id};
  params.insert(params.end(), base.begin() + 1, base.end());
  params.push_back(now);
  params.push_back(r.updated_by);
  params.push_back(r.version);
  auto n = c.execute(kUpdate, params);
  if (!n.ok()) return n.error();
  if (*n == 1) return {};
  return db::version_miss(c, kExists, r.id, "the record");
}

Status mark_deleted(db::Connection& c, std::int64_t id, std::int64_t now) {
  auto n = c.execute(kDelete, {id, now});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("resource not found");
  return {};
}

Status mark_verified(db::Connection& c, std::int64_t id, std::int64_t now, const std::string& by) {
  auto n = c.execute(kVerify, {id, now, by});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("resource not found");
  return {};
}

Result<Resource> find(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kColumns) + "WHERE id = $1 AND deleted_at IS NULL";
  auto rows = c.query(sql, {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("resource not found");
  return resource_of(*rows, 0);
}

namespace {
// "(1,2,3)": ids are numbers, so they can be written into the statement.
std::string id_list(const std::vector<std::int64_t>& ids) {
  std::string out = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + ")";
}
}  // namespace

Result<std::vector<Resource>> find_many(db::Connection& c, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return std::vector<Resource>{};
  std::string sql = std::string(kColumns) + "WHERE deleted_at IS NULL AND id IN " + id_list(ids);
  return db::query_all(c, sql, std::span<const db::Param>(), resource_of);
}

Result<std::vector<Resource>> children_of(db::Connection& c,
                                          const std::vector<std::int64_t>& parents,
                                          std::string_view kind) {
  if (parents.empty()) return std::vector<Resource>{};
  std::string sql = std::string(kColumns) +
                    "WHERE deleted_at IS NULL AND kind = $1 AND parent_id IN " + id_list(parents);
  return db::query_all(c, sql, {std::string(kind)}, resource_of);
}

Result<std::vector<std::pair<std::string, double>>> sum_by_region(db::Connection& c,
                                                                  const std::string& region_pattern,
                                                                  std::string_view kind,
                                                                  std::string_view key) {
  std::string sql = "SELECT region_code, SUM(" + db::json_number(c, "attributes_json", key) +
                    ") FROM resources WHERE deleted_at IS NULL AND kind = $1 AND region_code "
                    "LIKE $2 GROUP BY region_code";
  return db::query_all(
      c, sql, {std::string(kind), region_pattern},
      [](const db::Rows& r, std::size_t i) { return std::make_pair(r.text(i, 0), r.f64(i, 1)); });
}

Result<std::int64_t> count_children(db::Connection& c, std::int64_t parent_id) {
  auto rows = c.query(kChildren, {parent_id});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Result<std::vector<Resource>> find_named(db::Connection& c, const std::string& kind,
                                         const std::string& name, const std::string& region) {
  static const std::string sql =
      std::string(kColumns) +
      "WHERE kind = $1 AND name = $2 AND region_code = $3 AND deleted_at IS NULL ORDER BY id";
  return db::query_all(c, sql, {kind, name, region}, resource_of);
}

Result<Page<Resource>> list(db::Connection& c, const Filter& f) {
  static const auto pages = [] {
    std::array<std::array<std::string, 2>, 5> sql;
    for (std::size_t i = 0; i < kOrderColumn.size(); ++i) {
      for (int desc = 0; desc < 2; ++desc) {
        sql[i][desc] = std::string(kColumns) + std::string(kWhere) + "ORDER BY " +
                       std::string(kOrderColumn[i]) + (desc ? " DESC" : " ASC") +
                       ", id LIMIT $9 OFFSET $10";
      }
    }
    return sql;
  }();
  static const std::string count = "SELECT COUNT(*) FROM resources " + std::string(kWhere);
  std::vector<Param> params = {f.region_pattern,  f.kind,
                               f.category,        f.text,
                               f.updated_since,   std::int64_t{f.quality_below},
                               f.verified_before, f.parent_id.value_or(0),
                               f.limit,           f.offset};
  const std::string& page = pages[static_cast<std::size_t>(f.sort)][f.descending ? 1 : 0];
  auto rows = c.query(page, params);
  if (!rows.ok()) return std::move(rows).error();
  Page<Resource> out;
  out.items.reserve(rows->size());
  for (std::size_t i = 0; i < rows->size(); ++i) out.items.push_back(resource_of(*rows, i));
  auto n = c.query(count, std::span<const Param>(params.data(), 8));
  if (!n.ok()) return std::move(n).error();
  out.total = n->i64(0, 0);
  return out;
}

Result<std::vector<Count>> counts(db::Connection& c, const std::string& region_pattern) {
  return db::query_all(c, kCounts, {region_pattern}, [](const db::Rows& r, std::size_t i) {
    return Count{r.text(i, 0), r.text(i, 1), r.i64(i, 2)};
  });
}

Result<std::vector<RegionQuality>> quality_by_region(db::Connection& c, const std::string& kind,
                                                     const std::string& region_pattern,
                                                     std::int64_t stale_before) {
  return db::query_all(c, kQuality, {kind, region_pattern, stale_before},
                       [](const db::Rows& r, std::size_t i) {
                         return RegionQuality{r.text(i, 0), r.i64(i, 1), r.i64(i, 2), r.i64(i, 3)};
                       });
}

Status each_located(db::Connection& c, const std::function<void(const LocatedRow&)>& each) {
  std::int64_t after = 0;
  for (;;) {
    auto rows = c.query(kLocated, {after});
    if (!rows.ok()) return std::move(rows).error();
    if (rows->empty()) return {};
    for (std::size_t i = 0; i < rows->size(); ++i) {
      each(LocatedRow{rows->i64(i, 0), rows->text(i, 1), rows->text(i, 2), rows->text(i, 6),
                      rows->text(i, 3), rows->f64(i, 4), rows->f64(i, 5), rows->i64(i, 7)});
    }
    after = rows->i64(rows->size() - 1, 0);
  }
}

}  // namespace fenghuo::resources::store

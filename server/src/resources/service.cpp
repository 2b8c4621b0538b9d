#include "resources/service.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>

#include "identity/directory.h"

namespace fenghuo::resources {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::uint16_t kind_index(std::string_view key) {
  auto all = kinds();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].key == key) return static_cast<std::uint16_t>(i);
  }
  return 0;
}

std::uint16_t category_index(const Kind& kind, std::string_view code) {
  for (std::size_t i = 0; i < kind.categories.size(); ++i) {
    if (kind.categories[i].code == code) return static_cast<std::uint16_t>(i);
  }
  return 0;
}

std::string actor_name(const Principal& p) {
  return std::string(p.kind_name()) + ":" + std::to_string(p.id) + " " + p.name;
}

}  // namespace

std::optional<Placed> placed_of(const Resource& r) {
  const Kind* kind = find_kind(r.kind);
  if (kind == nullptr || !r.lon || !r.lat) return std::nullopt;
  Placed p;
  p.id = r.id;
  p.name = r.name;
  p.version = r.version;
  p.lon = *r.lon;
  p.lat = *r.lat;
  p.region = static_cast<std::uint32_t>(std::strtoul(r.region.c_str(), nullptr, 10));
  p.kind = kind_index(r.kind);
  p.category = category_index(*kind, r.category);
  return p;
}

ResourceService::ResourceService(db::Database& db, const Clock& clock, const audit::Log& audit,
                                 realtime::Bus& bus, std::shared_ptr<const Boundaries> boundaries)
    : db_(db), clock_(clock), audit_(audit), bus_(bus), boundaries_(std::move(boundaries)) {
  subscription_ = bus_.subscribe([this](const realtime::Event& e) { on_event(e); });
}

ResourceService::~ResourceService() { bus_.unsubscribe(subscription_); }

void ResourceService::on_event(const realtime::Event& event) {
  if (event.topic != "resources") return;
  boost::system::error_code ec;
  auto v = boost::json::parse(event.data, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.as_object();
  std::int64_t id = std::strtoll(std::string(o.at("id").as_string()).c_str(), nullptr, 10);
  if (event.event == "deleted" || !o.contains("lon") || o.at("lon").is_null()) {
    index_.remove(id);
    return;
  }
  Resource r;
  r.id = id;
  r.kind = std::string(o.at("kind").as_string());
  r.category = std::string(o.at("category").as_string());
  r.region = event.region;
  r.name = std::string(o.at("name").as_string());
  r.version = o.at("version").as_int64();
  r.lon = o.at("lon").to_number<double>();
  r.lat = o.at("lat").to_number<double>();
  if (auto p = placed_of(r)) index_.upsert(*p);
}

void ResourceService::announce(db::Transaction& tx, const char* event, const Resource& r,
                               bool deleted) {
  boost::json::object data;
  data["id"] = std::to_string(r.id);
  data["kind"] = r.kind;
  data["category"] = r.category;
  data["name"] = r.name;
  data["version"] = r.version;
  data["lon"] = r.lon && !deleted ? boost::json::value(*r.lon) : boost::json::value(nullptr);
  data["lat"] = r.lat && !deleted ? boost::json::value(*r.lat) : boost::json::value(nullptr);
  bus_.publish_after_commit(tx, {"resources", event, boost::json::serialize(data), r.region});
}

Status ResourceService::load_index() {
  index_.clear();
  FENGHUO_TRY(db_.read([&](db::Connection& c) {
    return store::each_located(c, [&](const store::LocatedRow& row) {
      Resource r;
      r.id = row.id;
      r.kind = row.kind;
      r.category = row.category;
      r.name = row.name;
      r.version = row.version;
      r.region = row.region;
      r.lon = row.lon;
      r.lat = row.lat;
      if (auto p = placed_of(r)) index_.upsert(*p);
    });
  }));
  spdlog::info("resources: {} located records in the spatial index ({} MB)", index_.size(),
               index_.memory_bytes() / (1024 * 1024));
  return {};
}

Status ResourceService::check(db::Connection& c, const Principal& by, const Resource& r) {
  FENGHUO_TRY(validate(r));
  if (!by.covers(r.region)) {
    return Error{ErrorCode::kForbidden, "region " + r.region + " is outside your jurisdiction",
                 "region"};
  }
  auto region = c.query("SELECT code FROM regions WHERE code = $1", {r.region});
  if (!region.ok()) return std::move(region).error();
  if (region->empty()) return Error::validation("region", "region: unknown region " + r.region);
  if (r.lon && r.lat && boundaries_)
    FENGHUO_TRY(boundaries_->check_point(r.region, *r.lon, *r.lat));
  if (r.parent_id) {
    const Kind* kind = find_kind(r.kind);
    auto parent = store::find(c, *r.parent_id);
    if (!parent.ok() || parent->kind != kind->parent_kind || !by.covers(parent->region)) {
      return Error::validation("parent_id", "parent_id: no " + std::string(kind->parent_kind) +
                                                " with id " + std::to_string(*r.parent_id));
    }
  }
  if (r.owner_org_id) {
    FENGHUO_ASSIGN(org, identity::organisation_in(c, *r.owner_org_id));
    if (!org || !by.covers(org->region)) {
      return Error::validation("owner_org_id", "owner_org_id: organisation not found");
    }
  }
  return {};
}

Result<Resource> ResourceService::create_in(db::Transaction& tx, const Principal& by, Resource r) {
  // Every record has an owner who keeps it current: by default the creator's organisation.
  if (!r.owner_org_id && by.org_id > 0) r.owner_org_id = by.org_id;
  FENGHUO_TRY(check(tx.connection(), by, r));
  r.quality = quality_of(r);
  r.updated_by = actor_name(by);
  std::int64_t now = clock_.now_ms();
  FENGHUO_ASSIGN(id, store::insert(tx.connection(), r, now));
  FENGHUO_ASSIGN(created, store::find(tx.connection(), id));
  FENGHUO_TRY(audit_.append(tx, by,
                            {"resource.create", "resource", std::to_string(id), created.region, "",
                             boost::json::serialize(to_json(created, now))}));
  announce(tx, "created", created, false);
  if (created_hook_) FENGHUO_TRY(created_hook_(tx, by, created));
  return created;
}

Result<Resource> ResourceService::update_in(db::Transaction& tx, const Principal& by,
                                            const Resource& before, Resource after) {
  FENGHUO_TRY(check(tx.connection(), by, after));
  after.quality = quality_of(after);
  after.updated_by = actor_name(by);
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(store::update(tx.connection(), after, now));
  FENGHUO_ASSIGN(updated, store::find(tx.connection(), after.id));
  FENGHUO_TRY(audit_.append(tx, by,
                            {"resource.update", "resource", std::to_string(after.id),
                             updated.region, boost::json::serialize(to_json(before, now)),
                             boost::json::serialize(to_json(updated, now))}));
  announce(tx, "updated", updated, false);
  return updated;
}

Result<Resource> ResourceService::get(const Principal& by, std::int64_t id) {
  std::optional<Resource> found;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(r, store::find(c, id));
    FENGHUO_TRY(check_covers(by, r.region, "resource"));
    found = std::move(r);
    return {};
  }));
  return std::move(*found);
}

Result<Resource> ResourceService::create(const Principal& by, const boost::json::object& in) {
  Resource r;
  FENGHUO_TRY(apply_fields(r, in));
  std::optional<Resource> created;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(c, create_in(tx, by, std::move(r)));
    created = std::move(c);
    return {};
  }));
  return std::move(*created);
}

Result<Resource> ResourceService::update(const Principal& by, std::int64_t id,
                                         const boost::json::object& in) {
  std::optional<Resource> updated;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(before, store::find(tx.connection(), id));
    FENGHUO_TRY(check_covers(by, before.region, "resource"));
    const auto* version = in.if_contains("version");
    if (version == nullptr || !version->is_int64()) {
      return Error::validation("version", "version: required; send the version you edited");
    }
    Resource after = before;
    after.version = version->as_int64();
    FENGHUO_TRY(apply_fields(after, in));
    FENGHUO_ASSIGN(u, update_in(tx, by, before, std::move(after)));
    updated = std::move(u);
    return {};
  }));
  return std::move(*updated);
}

Status ResourceService::remove(const Principal& by, std::int64_t id) {
  return db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(before, store::find(tx.connection(), id));
    FENGHUO_TRY(check_covers(by, before.region, "resource"));
    FENGHUO_ASSIGN(children, store::count_children(tx.connection(), id));
    if (children > 0) {
      return Error::conflict(std::to_string(children) +
                             " records (members, equipment or stock) belong to this one; "
                             "move or delete them first");
    }
    std::int64_t now = clock_.now_ms();
    FENGHUO_TRY(store::mark_deleted(tx.connection(), id, now));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"resource.delete", "resource", std::to_string(id), before.region,
                               boost::json::serialize(to_json(before, now)), ""}));
    announce(tx, "deleted", before, true);
    return {};
  });
}

Result<Resource> ResourceService::verify(const Principal& by, std::int64_t id) {
  std::optional<Resource> verified;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(before, store::find(tx.connection(), id));
    FENGHUO_TRY(check_covers(by, before.region, "resource"));
    std::int64_t now = clock_.now_ms();
    FENGHUO_TRY(store::mark_verified(tx.connection(), id, now, actor_name(by)));
    FENGHUO_ASSIGN(after, store::find(tx.connection(), id));
    FENGHUO_TRY(audit_.append(
        tx, by, {"resource.verify", "resource", std::to_string(id), before.region, "", ""}));
    verified = std::move(after);
    return {};
  }));
  return std::move(*verified);
}

Result<Page<Resource>> ResourceService::list(const Principal& by, const ListQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  store::Filter f = q.filter;
  f.region_pattern = pattern;
  const Kind* kind = f.kind.empty() ? nullptr : find_kind(f.kind);
  if (!f.kind.empty() && kind == nullptr) {
    return Error::validation("kind", "kind: unknown kind '" + f.kind + "'");
  }
  if (q.stale_only) {
    if (kind == nullptr) return Error::validation("kind", "kind: stale=true needs a kind");
    f.verified_before = clock_.now_ms() - kind->verify_interval_days * kDayMs;
  }
  Page<Resource> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(page, store::list(c, f));
    out = std::move(page);
    return {};
  }));
  return out;
}

Result<std::vector<store::Count>> ResourceService::counts(const Principal& by,
                                                          const std::string& region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  std::vector<store::Count> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(counts, store::counts(c, pattern));
    out = std::move(counts);
    return {};
  }));
  return out;
}

Result<SpatialIndex::Filter> ResourceService::spatial_filter(
    const Principal& by, const std::string& region, const std::vector<std::string>& keys) const {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  SpatialIndex::Filter filter;
  filter.region_prefix = pattern.substr(0, pattern.size() - 1);  // without the LIKE '%'
  for (const auto& key : keys) {
    const Kind* kind = find_kind(key);
    if (kind == nullptr) return Error::validation("kind", "kind: unknown kind '" + key + "'");
    filter.kinds.push_back(kind_index(key));
  }
  return filter;
}

Result<std::vector<Found>> ResourceService::nearby(const Principal& by, const std::string& region,
                                                   double lon, double lat, double radius_m,
                                                   std::size_t k,
                                                   const std::vector<std::string>& kinds) {
  FENGHUO_ASSIGN(filter, spatial_filter(by, region, kinds));
  return index_.nearby(lon, lat, radius_m, k, filter);
}

Result<std::vector<Placed>> ResourceService::within(const Principal& by, const std::string& region,
                                                    double min_lon, double min_lat, double max_lon,
                                                    double max_lat,
                                                    const std::vector<std::string>& kinds,
                                                    std::size_t limit, bool* truncated) {
  FENGHUO_ASSIGN(filter, spatial_filter(by, region, kinds));
  return index_.within(min_lon, min_lat, max_lon, max_lat, filter, limit, truncated);
}

Result<std::vector<Cluster>> ResourceService::clusters(const Principal& by,
                                                       const std::string& region, double min_lon,
                                                       double min_lat, double max_lon,
                                                       double max_lat, int zoom,
                                                       const std::vector<std::string>& kinds) {
  FENGHUO_ASSIGN(filter, spatial_filter(by, region, kinds));
  return index_.clusters(min_lon, min_lat, max_lon, max_lat, zoom, filter);
}

Result<std::vector<ResourceService::RegionScore>> ResourceService::ranking(
    const Principal& by, const std::string& region, bool by_city) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  std::int64_t now = clock_.now_ms();
  std::map<std::string, RegionScore> scores;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    for (const Kind& kind : kinds()) {
      FENGHUO_ASSIGN(rows, store::quality_by_region(c, std::string(kind.key), pattern,
                                                    now - kind.verify_interval_days * kDayMs));
      for (const auto& row : rows) {
        std::string key = by_city ? row.region.substr(0, 4) + "00" : row.region;
        RegionScore& s = scores[key];
        s.region = key;
        s.records += row.records;
        s.quality += static_cast<double>(row.quality_sum);
        s.stale += row.stale;
      }
    }
    return {};
  }));
  std::vector<RegionScore> out;
  for (auto& [key, s] : scores) {
    s.quality = s.records > 0 ? s.quality / static_cast<double>(s.records) : 0;
    out.push_back(s);
  }
  // Best upkeep first: quality, then the smaller share of stale records.
  std::sort(out.begin(), out.end(), [](const RegionScore& a, const RegionScore& b) {
    double stale_a = a.records ? static_cast<double>(a.stale) / static_cast<double>(a.records) : 0;
    double stale_b = b.records ? static_cast<double>(b.stale) / static_cast<double>(b.records) : 0;
    if (a.quality != b.quality) return a.quality > b.quality;
    return stale_a < stale_b;
  });
  return out;
}

namespace {

constexpr std::string_view kStations =
    "SELECT s.id, s.name, s.category, s.region_code, COALESCE(g.name, ''), s.attributes_json, "
    "s.parent_id, COALESCE(p.name, ''), COALESCE(p.category, ''), s.lon, s.lat "
    "FROM resources s LEFT JOIN regions g ON g.code = s.region_code "
    "LEFT JOIN resources p ON p.id = s.parent_id AND p.deleted_at IS NULL "
    "WHERE s.kind = 'station' AND s.deleted_at IS NULL AND ($1 = 0 OR s.id = $1) ORDER BY s.id";

ResourceService::Station station_of(const db::Rows& r, std::size_t i) {
  ResourceService::Station s;
  s.id = r.i64(i, 0);
  s.name = r.text(i, 1);
  s.category = r.text(i, 2);
  s.region = r.text(i, 3);
  s.region_name = r.text(i, 4);
  s.attributes_json = r.text(i, 5);
  s.parent_id = r.opt_i64(i, 6);
  s.parent_name = r.text(i, 7);
  s.parent_category = r.text(i, 8);
  if (!r.is_null(i, 9)) s.lon = r.f64(i, 9);
  if (!r.is_null(i, 10)) s.lat = r.f64(i, 10);
  return s;
}

}  // namespace

Result<std::vector<ResourceService::Station>> ResourceService::stations(
    db::Connection& c, std::optional<std::int64_t> id) const {
  FENGHUO_ASSIGN(rows, c.query(kStations, {id.value_or(0)}));
  std::vector<Station> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(station_of(rows, i));
  return out;
}

}  // namespace fenghuo::resources

namespace fenghuo::resources {

Result<std::vector<Resource>> ResourceService::records(const std::vector<std::int64_t>& ids) const {
  std::vector<Resource> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::find_many(c, ids));
    out = std::move(found);
    return {};
  }));
  return out;
}

Result<std::vector<Resource>> ResourceService::children(const std::vector<std::int64_t>& parents,
                                                        std::string_view kind) const {
  std::vector<Resource> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::children_of(c, parents, kind));
    out = std::move(found);
    return {};
  }));
  return out;
}

Result<std::vector<std::pair<std::string, double>>> ResourceService::field_sums(
    const Principal& by, std::string_view kind, std::string_view field) const {
  const Kind* k = find_kind(kind);
  if (k == nullptr || find_field(*k, field) == nullptr) {
    return Error::internal("no field " + std::string(field) + " in kind " + std::string(kind));
  }
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  std::vector<std::pair<std::string, double>> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(sums, store::sum_by_region(c, pattern, kind, field));
    out = std::move(sums);
    return {};
  }));
  return out;
}

}  // namespace fenghuo::resources

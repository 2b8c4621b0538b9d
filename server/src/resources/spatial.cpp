#include "resources/spatial.h"

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <array>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <shared_mutex>
#include <unordered_map>

#include "resources/schema.h"

namespace fenghuo::resources {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

// The R-tree works in a local plane: metres east and north at the province's latitude.
// Plane distances are within kDistortion of true ones for points within some ten degrees
// of that latitude, which the nearest query allows for.
constexpr double kReferenceLat = 37.5;
constexpr double kMetresPerDegreeLat = 110946.0;  // mean, 34-41°N
constexpr double kDistortion = 1.25;              // plane distance / true distance, at most
constexpr double kEarthRadius = 6371008.8;        // mean radius, for ranking by haversine

using PlanePoint = bg::model::point<double, 2, bg::cs::cartesian>;
using PlaneBox = bg::model::box<PlanePoint>;

double metres_per_degree_lon() {
  static const double v = 111320.0 * std::cos(kReferenceLat * M_PI / 180.0);
  return v;
}

PlanePoint to_plane(double lon, double lat) {
  return PlanePoint(lon * metres_per_degree_lon(), lat * kMetresPerDegreeLat);
}

// What the tree holds per point: 48 bytes, the name kept in a shared buffer.
struct Entry {
  std::int64_t id;
  std::int64_t version;
  double lon;
  double lat;
  std::uint32_t region;
  std::uint32_t name_offset;
  std::uint16_t name_length;
  std::uint16_t kind;
  std::uint16_t category;
};
struct EntryIndexable {
  using result_type = PlanePoint;
  PlanePoint operator()(const Entry& e) const { return to_plane(e.lon, e.lat); }
};
struct EntryEqual {
  bool operator()(const Entry& a, const Entry& b) const { return a.id == b.id; }
};
using Tree = bgi::rtree<Entry, bgi::rstar<16>, EntryIndexable, EntryEqual>;

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad;
  double dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

// The jurisdiction and kind filter as cheap integer tests.
struct Match {
  std::uint32_t divisor = 1;  // region / divisor == value, for a 2-, 4- or 6-digit prefix
  std::uint32_t value = 0;
  bool any_region = true;
  bool outside = false;
  std::uint64_t kinds = ~std::uint64_t{0};

  explicit Match(const SpatialIndex::Filter& f) {
    if (!f.region_prefix.empty()) {
      any_region = false;
      outside = f.outside;
      value = static_cast<std::uint32_t>(std::strtoul(f.region_prefix.c_str(), nullptr, 10));
      divisor = f.region_prefix.size() >= 6 ? 1 : f.region_prefix.size() >= 4 ? 100 : 10000;
    }
    if (!f.kinds.empty()) {
      kinds = 0;
      for (auto k : f.kinds) kinds |= std::uint64_t{1} << k;
    }
  }
  bool region(std::uint32_t r) const { return any_region || ((r / divisor == value) != outside); }
  bool operator()(const Entry& e) const { return ((kinds >> e.kind) & 1) && region(e.region); }
};

// Cluster grids: at zoom z a cell is 90 / 2^z degrees (64 px of a 256-px web-map tile).
// Up to kGridMaxZoom the index keeps, per kind and cell, the count and coordinate sums of
// its points per region, so that a province-wide view costs a few hundred lookups, not a
// scan of a million points. Deeper zooms scan the (small) viewport in the R-tree.
constexpr int kGridMaxZoom = 12;

double cell_size(int zoom) { return 90.0 / std::pow(2.0, zoom); }
long cell_of(double degrees, double cell) { return static_cast<long>(std::floor(degrees / cell)); }
std::uint64_t cell_key(long x, long y) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32) |
         static_cast<std::uint32_t>(y);
}

struct CellRegion {
  std::uint32_t region = 0;
  std::int32_t count = 0;
  double sum_lon = 0;
  double sum_lat = 0;
};
using Grid = std::unordered_map<std::uint64_t, std::vector<CellRegion>>;

}  // namespace

double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
  double s12 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(lat1, lon1, lat2, lon2, s12);
  return s12;
}

struct SpatialIndex::Impl {
  mutable std::shared_mutex mutex;
  Tree tree;
  std::string names;         // every name, one after the other
  std::vector<Entry> by_id;  // by record id (ids are dense); kind 0xffff = absent
  std::size_t count = 0;
  std::vector<std::array<Grid, kGridMaxZoom + 1>> grids =
      std::vector<std::array<Grid, kGridMaxZoom + 1>>(kinds().size());

  static constexpr std::uint16_t kAbsent = 0xffff;

  Placed placed(const Entry& e) const {
    Placed p;
    p.id = e.id;
    p.name.assign(names, e.name_offset, e.name_length);
    p.version = e.version;
    p.lon = e.lon;
    p.lat = e.lat;
    p.region = e.region;
    p.kind = e.kind;
    p.category = e.category;
    return p;
  }

  void grid_count(const Entry& e, int sign) {
    for (int z = 0; z <= kGridMaxZoom; ++z) {
      double cell = cell_size(z);
      Grid& grid = grids[e.kind][z];
      auto key = cell_key(cell_of(e.lon, cell), cell_of(e.lat, cell));
      auto& entries = grid[key];
      auto it = std::find_if(entries.begin(), entries.end(),
                             [&](const CellRegion& c) { return c.region == e.region; });
      if (it == entries.end()) it = entries.insert(entries.end(), CellRegion{e.region});
      it->count += sign;
      it->sum_lon += sign * e.lon;
      it->sum_lat += sign * e.lat;
      if (it->count <= 0) {
        entries.erase(it);
        if (entries.empty()) grid.erase(key);
      }
    }
  }

  void erase(std::int64_t id) {
    if (id < 0 || static_cast<std::size_t>(id) >= by_id.size()) return;
    Entry& e = by_id[static_cast<std::size_t>(id)];
    if (e.kind == kAbsent) return;
    tree.remove(e);
    grid_count(e, -1);
    e.kind = kAbsent;
    --count;
  }
};

SpatialIndex::SpatialIndex() : impl_(std::make_unique<Impl>()) {}
SpatialIndex::~SpatialIndex() = default;

void SpatialIndex::upsert(const Placed& p) {
  std::unique_lock lock(impl_->mutex);
  impl_->erase(p.id);
  Entry e{p.id,
          p.version,
          p.lon,
          p.lat,
          p.region,
          static_cast<std::uint32_t>(impl_->names.size()),
          static_cast<std::uint16_t>(std::min<std::size_t>(p.name.size(), 0xffff)),
          p.kind,
          p.category};
  impl_->names.append(p.name, 0, e.name_length);
  if (static_cast<std::size_t>(p.id) >= impl_->by_id.size()) {
    Entry absent{};
    absent.kind = Impl::kAbsent;
    impl_->by_id.resize(
        std::max<std::size_t>(static_cast<std::size_t>(p.id) + 1, impl_->by_id.size() * 3 / 2),
        absent);
  }
  impl_->by_id[static_cast<std::size_t>(p.id)] = e;
  impl_->tree.insert(e);
  impl_->grid_count(e, +1);
  ++impl_->count;
}

void SpatialIndex::remove(std::int64_t id) {
  std::unique_lock lock(impl_->mutex);
  impl_->erase(id);
}

void SpatialIndex::clear() {
  std::unique_lock lock(impl_->mutex);
  impl_->tree.clear();
  impl_->names.clear();
  impl_->by_id.clear();
  impl_->count = 0;
  for (auto& g : impl_->grids) {
    for (auto& z : g) z.clear();
  }
}

std::size_t SpatialIndex::size() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->count;
}

std::size_t SpatialIndex::memory_bytes() const {
  std::shared_lock lock(impl_->mutex);
  std::size_t bytes = impl_->names.capacity() + impl_->by_id.capacity() * sizeof(Entry);
  bytes += impl_->tree.size() * sizeof(Entry) * 13 / 10;  // leaves are about 3/4 full
  for (const auto& kind : impl_->grids) {
    for (const auto& grid : kind) {
      bytes += grid.size() * (sizeof(std::uint64_t) + sizeof(std::vector<CellRegion>) + 16);
      for (const auto& [key, cells] : grid) bytes += cells.capacity() * sizeof(CellRegion);
    }
  }
  return bytes;
}

std::vector<Found> SpatialIndex::nearby(double lon, double lat, double radius_m, std::size_t k,
                                        const Filter& filter) const {
  std::vector<Found> out;
  if (k == 0 || !std::isfinite(lon) || !std::isfinite(lat) || !(radius_m >= 0)) return out;
  PlanePoint centre = to_plane(lon, lat);
  Match match(filter);
  std::shared_lock lock(impl_->mutex);
  const Tree& tree = impl_->tree;
  if (tree.empty()) return out;
  // Ask the tree for more than k in plane distance, then rank by true distance. Any point
  // not among the candidates is at least (plane distance of the last) / kDistortion away;
  // if that cannot beat the k-th true distance (or the radius), the answer is exact.
  std::size_t want = std::min(tree.size(), 2 * k + 16);
  struct Candidate {
    const Entry* entry;
    double metres;  // haversine for ranking, geodesic once chosen
  };
  // Working buffers reused by each request thread: with many connections, allocating them
  // per request made the allocator a fifth of the query's time.
  thread_local std::vector<Candidate> candidates;
  thread_local std::vector<Entry> nearest;
  auto by_metres = [](const Candidate& a, const Candidate& b) { return a.metres < b.metres; };
  for (;;) {
    candidates.clear();
    nearest.clear();
    nearest.reserve(want);
    candidates.reserve(want);
    // The one-shot k-nearest query: much faster than the incremental query iterator.
    tree.query(bgi::nearest(centre, static_cast<unsigned>(want)) && bgi::satisfies(match),
               std::back_inserter(nearest));
    double last_plane = 0;
    for (const Entry& e : nearest) {
      last_plane = std::max(last_plane, bg::distance(centre, to_plane(e.lon, e.lat)));
      double d = haversine_m(lon, lat, e.lon, e.lat);
      // The sphere and the ellipsoid differ by well under 1 %: keep a margin for the radius.
      if (d <= radius_m * 1.01 + 1) candidates.push_back({&e, d});
    }
    // Geodesic distances for the top k by haversine, and for any within 1 % of the k-th:
    // those are found by selection, and only they are sorted, once, by true distance.
    if (candidates.size() > k) {
      auto kth = candidates.begin() + static_cast<std::ptrdiff_t>(k - 1);
      std::nth_element(candidates.begin(), kth, candidates.end(), by_metres);
      double limit = kth->metres * 1.01 + 1;
      auto close = std::partition(kth + 1, candidates.end(),
                                  [&](const Candidate& c) { return c.metres <= limit; });
      candidates.erase(close, candidates.end());
    }
    for (auto& c : candidates) c.metres = geodesic_m(lon, lat, c.entry->lon, c.entry->lat);
    std::erase_if(candidates, [&](const Candidate& c) { return c.metres > radius_m; });
    std::sort(candidates.begin(), candidates.end(), by_metres);
    if (candidates.size() > k) candidates.resize(k);
    double bound = last_plane / kDistortion;
    bool exhausted = want >= tree.size();
    bool settled = candidates.size() == k ? candidates.back().metres <= bound : radius_m <= bound;
    if (exhausted || settled) break;
    want = std::min(tree.size(), want * 4);
  }
  out.reserve(candidates.size());
  for (const auto& c : candidates) out.push_back({impl_->placed(*c.entry), c.metres});
  return out;
}

std::vector<std::vector<std::int64_t>> SpatialIndex::tally(double lon, double lat,
                                                           const std::vector<double>& radii_m,
                                                           const Filter& filter) const {
  std::vector<std::vector<std::int64_t>> counts(kinds().size(),
                                                std::vector<std::int64_t>(radii_m.size(), 0));
  if (radii_m.empty() || !std::isfinite(lon) || !std::isfinite(lat)) return counts;
  double outer = radii_m.back();
  if (!(outer >= 0) || !std::isfinite(outer)) return counts;
  // Every point within `outer` lies in this plane box (plane distances stretch true ones by at
  // most kDistortion); haversine ranks them, and only those near a ring's edge, where sphere
  // and ellipsoid could disagree (well under 1 %), get the exact geodesic distance.
  PlanePoint centre = to_plane(lon, lat);
  double reach = outer * kDistortion + 1;
  PlaneBox box(PlanePoint(centre.get<0>() - reach, centre.get<1>() - reach),
               PlanePoint(centre.get<0>() + reach, centre.get<1>() + reach));
  auto near_edge = [&](double d) {
    return std::any_of(radii_m.begin(), radii_m.end(),
                       [&](double r) { return std::abs(d - r) <= r * 0.01 + 1; });
  };
  Match match(filter);
  std::shared_lock lock(impl_->mutex);
  for (auto it = impl_->tree.qbegin(bgi::covered_by(box) && bgi::satisfies(match));
       it != impl_->tree.qend(); ++it) {
    double d = haversine_m(lon, lat, it->lon, it->lat);
    if (d > outer * 1.01 + 1) continue;
    if (near_edge(d)) d = geodesic_m(lon, lat, it->lon, it->lat);
    auto ring = std::lower_bound(radii_m.begin(), radii_m.end(), d);
    if (ring == radii_m.end()) continue;
    ++counts[it->kind][static_cast<std::size_t>(ring - radii_m.begin())];
  }
  return counts;
}

std::unordered_map<std::uint32_t, std::vector<std::int64_t>> SpatialIndex::count_by_region(
    const Filter& filter) const {
  std::unordered_map<std::uint32_t, std::vector<std::int64_t>> out;
  Match match(filter);
  std::shared_lock lock(impl_->mutex);
  for (const Entry& e : impl_->by_id) {
    if (e.kind == Impl::kAbsent || !match(e)) continue;
    auto& counts = out[e.region];
    if (counts.empty()) counts.assign(kinds().size(), 0);
    ++counts[e.kind];
  }
  return out;
}

std::vector<Placed> SpatialIndex::within(double min_lon, double min_lat, double max_lon,
                                         double max_lat, const Filter& filter, std::size_t limit,
                                         bool* truncated) const {
  std::vector<Placed> out;
  if (truncated != nullptr) *truncated = false;
  PlaneBox box(to_plane(min_lon, min_lat), to_plane(max_lon, max_lat));
  Match match(filter);
  std::shared_lock lock(impl_->mutex);
  for (auto it = impl_->tree.qbegin(bgi::covered_by(box) && bgi::satisfies(match));
       it != impl_->tree.qend(); ++it) {
    if (out.size() >= limit) {
      if (truncated != nullptr) *truncated = true;
      break;
    }
    out.push_back(impl_->placed(*it));
  }
  return out;
}

std::vector<Cluster> SpatialIndex::clusters(double min_lon, double min_lat, double max_lon,
                                            double max_lat, int zoom, const Filter& filter) const {
  // The routes refuse such boxes; the index must still never loop over a NaN or infinite
  // range of cells (cell_of(NaN) is undefined), so it answers nothing for them.
  if (!std::isfinite(min_lon) || !std::isfinite(min_lat) || !std::isfinite(max_lon) ||
      !std::isfinite(max_lat) || min_lon > max_lon || min_lat > max_lat) {
    return {};
  }
  zoom = std::clamp(zoom, 0, 22);
  double cell = cell_size(zoom);
  long x0 = cell_of(min_lon, cell), x1 = cell_of(max_lon, cell);
  long y0 = cell_of(min_lat, cell), y1 = cell_of(max_lat, cell);
  struct Acc {
    double sum_lon = 0, sum_lat = 0;
    std::int64_t count = 0;
    std::vector<std::int64_t> by_kind;
  };
  std::unordered_map<std::uint64_t, Acc> cells;
  auto add = [&](std::uint64_t key, std::uint16_t kind, std::int64_t n, double sum_lon,
                 double sum_lat) {
    Acc& a = cells[key];
    if (a.by_kind.empty()) a.by_kind.assign(kinds().size(), 0);
    a.count += n;
    a.sum_lon += sum_lon;
    a.sum_lat += sum_lat;
    a.by_kind[kind] += n;
  };
  Match match(filter);

  std::shared_lock lock(impl_->mutex);
  if (zoom <= kGridMaxZoom) {
    double cells_in_box = static_cast<double>(x1 - x0 + 1) * static_cast<double>(y1 - y0 + 1);
    for (std::size_t kind = 0; kind < impl_->grids.size(); ++kind) {
      if (((match.kinds >> kind) & 1) == 0) continue;
      const Grid& grid = impl_->grids[kind][zoom];
      auto take = [&](std::uint64_t key, const std::vector<CellRegion>& entries) {
        for (const auto& e : entries) {
          if (match.region(e.region)) {
            add(key, static_cast<std::uint16_t>(kind), e.count, e.sum_lon, e.sum_lat);
          }
        }
      };
      if (cells_in_box < static_cast<double>(grid.size())) {
        for (long x = x0; x <= x1; ++x) {
          for (long y = y0; y <= y1; ++y) {
            auto key = cell_key(x, y);
            if (auto it = grid.find(key); it != grid.end()) take(key, it->second);
          }
        }
      } else {
        for (const auto& [key, entries] : grid) {
          long x = static_cast<std::int32_t>(key >> 32);
          long y = static_cast<std::int32_t>(key & 0xffffffffu);
          if (x >= x0 && x <= x1 && y >= y0 && y <= y1) take(key, entries);
        }
      }
    }
  } else {
    // The whole cells touching the box, so that a cluster never depends on where the box ends.
    PlaneBox box(to_plane(x0 * cell, y0 * cell), to_plane((x1 + 1) * cell, (y1 + 1) * cell));
    for (auto it = impl_->tree.qbegin(bgi::within(box) && bgi::satisfies(match));
         it != impl_->tree.qend(); ++it) {
      add(cell_key(cell_of(it->lon, cell), cell_of(it->lat, cell)), it->kind, 1, it->lon, it->lat);
    }
  }

  std::vector<Cluster> out;
  out.reserve(cells.size());
  for (auto& [key, a] : cells) {
    if (a.count <= 0) continue;
    Cluster c;
    c.count = a.count;
    c.lon = a.sum_lon / static_cast<double>(a.count);
    c.lat = a.sum_lat / static_cast<double>(a.count);
    c.by_kind = std::move(a.by_kind);
    out.push_back(std::move(c));
  }
  // A cluster of one is shown as the point itself: find it (rare at low zoom, so cheap).
  for (auto& c : out) {
    if (c.count != 1) continue;
    long x = cell_of(c.lon, cell), y = cell_of(c.lat, cell);
    PlaneBox box(to_plane(x * cell, y * cell), to_plane((x + 1) * cell, (y + 1) * cell));
    for (auto it = impl_->tree.qbegin(bgi::within(box) && bgi::satisfies(match));
         it != impl_->tree.qend(); ++it) {
      c.single = impl_->placed(*it);
      break;
    }
  }
  return out;
}

}  // namespace fenghuo::resources

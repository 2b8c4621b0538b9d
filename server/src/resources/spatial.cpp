#include "resources/spatial.h"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "resources/schema.h"

namespace fenghuo::resources {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

// The R-tree works in a local plane: metres east and north of the equator and meridian at
// the province's latitude. Distances there are within kDistortion of the true ones for
// points within some ten degrees of that latitude, which the nearest query allows for.
constexpr double kReferenceLat = 37.5;
constexpr double kMetresPerDegreeLat = 110946.0;  // mean, 34-41°N
constexpr double kDistortion = 1.25;              // plane distance / true distance, at most

using PlanePoint = bg::model::point<double, 2, bg::cs::cartesian>;
using PlaneBox = bg::model::box<PlanePoint>;

double metres_per_degree_lon() {
  static const double v = 111320.0 * std::cos(kReferenceLat * M_PI / 180.0);
  return v;
}

PlanePoint to_plane(double lon, double lat) {
  return PlanePoint(lon * metres_per_degree_lon(), lat * kMetresPerDegreeLat);
}

struct Entry {
  PlanePoint point;
  Placed item;
};
struct EntryIndexable {
  using result_type = PlanePoint;
  const PlanePoint& operator()(const Entry& e) const { return e.point; }
};
struct EntryEqual {
  bool operator()(const Entry& a, const Entry& b) const { return a.item.id == b.item.id; }
};
using Tree = bgi::rtree<Entry, bgi::rstar<16>, EntryIndexable, EntryEqual>;

bool in_region(const Placed& p, const std::string& prefix) {
  if (prefix.empty()) return true;
  char code[12];
  std::snprintf(code, sizeof code, "%06u", p.region);
  return std::string_view(code).starts_with(prefix);
}

}  // namespace

double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
  double s12 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(lat1, lon1, lat2, lon2, s12);
  return s12;
}

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
  std::int64_t count = 0;
  double sum_lon = 0;
  double sum_lat = 0;
};
using Grid = std::unordered_map<std::uint64_t, std::vector<CellRegion>>;

struct SpatialIndex::Impl {
  mutable std::shared_mutex mutex;
  std::vector<Tree> trees = std::vector<Tree>(kinds().size());
  // grids[kind][zoom]
  std::vector<std::array<Grid, kGridMaxZoom + 1>> grids =
      std::vector<std::array<Grid, kGridMaxZoom + 1>>(kinds().size());

  void count(const Placed& p, int sign) {
    for (int z = 0; z <= kGridMaxZoom; ++z) {
      double cell = cell_size(z);
      Grid& grid = grids[p.kind][z];
      auto key = cell_key(cell_of(p.lon, cell), cell_of(p.lat, cell));
      auto& entries = grid[key];
      auto it = std::find_if(entries.begin(), entries.end(),
                             [&](const CellRegion& e) { return e.region == p.region; });
      if (it == entries.end()) it = entries.insert(entries.end(), CellRegion{p.region});
      it->count += sign;
      it->sum_lon += sign * p.lon;
      it->sum_lat += sign * p.lat;
      if (it->count <= 0) {
        entries.erase(it);
        if (entries.empty()) grid.erase(key);
      }
    }
  }
  // Where each id sits, to find it again for removal (and to uncount it from the grids).
  struct Where {
    PlanePoint point;
    std::uint16_t kind;
    std::uint32_t region;
    double lon, lat;
  };
  std::unordered_map<std::int64_t, Where> by_id;

  void erase(std::unordered_map<std::int64_t, Where>::iterator it) {
    Entry old{it->second.point, Placed{}};
    old.item.id = it->first;
    trees[it->second.kind].remove(old);
    Placed gone;
    gone.kind = it->second.kind;
    gone.region = it->second.region;
    gone.lon = it->second.lon;
    gone.lat = it->second.lat;
    count(gone, -1);
    by_id.erase(it);
  }

  std::vector<std::uint16_t> kinds_of(const Filter& f) const {
    if (!f.kinds.empty()) return f.kinds;
    std::vector<std::uint16_t> all(trees.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
    return all;
  }
};

SpatialIndex::SpatialIndex() : impl_(std::make_unique<Impl>()) {}
SpatialIndex::~SpatialIndex() = default;

void SpatialIndex::upsert(const Placed& p) {
  std::unique_lock lock(impl_->mutex);
  if (auto it = impl_->by_id.find(p.id); it != impl_->by_id.end()) impl_->erase(it);
  Entry e{to_plane(p.lon, p.lat), p};
  impl_->trees.at(p.kind).insert(e);
  impl_->count(p, +1);
  impl_->by_id.emplace(p.id, Impl::Where{e.point, p.kind, p.region, p.lon, p.lat});
}

void SpatialIndex::remove(std::int64_t id) {
  std::unique_lock lock(impl_->mutex);
  auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return;
  impl_->erase(it);
}

void SpatialIndex::clear() {
  std::unique_lock lock(impl_->mutex);
  for (auto& t : impl_->trees) t.clear();
  for (auto& g : impl_->grids) {
    for (auto& z : g) z.clear();
  }
  impl_->by_id.clear();
}

std::size_t SpatialIndex::size() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->by_id.size();
}

std::vector<Found> SpatialIndex::nearby(double lon, double lat, double radius_m, std::size_t k,
                                        const Filter& filter) const {
  std::vector<Found> out;
  if (k == 0) return out;
  PlanePoint centre = to_plane(lon, lat);
  auto matches = [&](const Entry& e) { return in_region(e.item, filter.region_prefix); };
  std::shared_lock lock(impl_->mutex);
  for (std::uint16_t kind : impl_->kinds_of(filter)) {
    const Tree& tree = impl_->trees.at(kind);
    if (tree.empty()) continue;
    // Ask the tree for more than k in plane distance, then rank by true distance. Any point
    // not among the candidates is at least (plane distance of the last) / kDistortion away;
    // if that cannot beat the k-th true distance (or the radius), the answer is exact.
    std::size_t want = std::min(tree.size(), 2 * k + 16);
    for (;;) {
      std::vector<Found> candidates;
      double last_plane = 0;
      for (auto it = tree.qbegin(bgi::nearest(centre, static_cast<unsigned>(want)) &&
                                 bgi::satisfies(matches));
           it != tree.qend(); ++it) {
        double d = geodesic_m(lon, lat, it->item.lon, it->item.lat);
        last_plane = std::max(last_plane, bg::distance(centre, it->point));
        if (d <= radius_m) candidates.push_back({it->item, d});
      }
      std::sort(candidates.begin(), candidates.end(),
                [](const Found& a, const Found& b) { return a.distance_m < b.distance_m; });
      if (candidates.size() > k) candidates.resize(k);
      double bound = last_plane / kDistortion;
      bool exhausted = want >= tree.size();
      bool settled = candidates.size() == k ? candidates.back().distance_m <= bound
                                            : radius_m <= bound;
      if (exhausted || settled) {
        out.insert(out.end(), candidates.begin(), candidates.end());
        break;
      }
      want = std::min(tree.size(), want * 4);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Found& a, const Found& b) { return a.distance_m < b.distance_m; });
  if (out.size() > k) out.resize(k);
  return out;
}

std::vector<Placed> SpatialIndex::within(double min_lon, double min_lat, double max_lon,
                                         double max_lat, const Filter& filter, std::size_t limit,
                                         bool* truncated) const {
  std::vector<Placed> out;
  if (truncated != nullptr) *truncated = false;
  PlaneBox box(to_plane(min_lon, min_lat), to_plane(max_lon, max_lat));
  auto matches = [&](const Entry& e) { return in_region(e.item, filter.region_prefix); };
  std::shared_lock lock(impl_->mutex);
  for (std::uint16_t kind : impl_->kinds_of(filter)) {
    const Tree& tree = impl_->trees.at(kind);
    for (auto it = tree.qbegin(bgi::covered_by(box) && bgi::satisfies(matches)); it != tree.qend();
         ++it) {
      if (out.size() >= limit) {
        if (truncated != nullptr) *truncated = true;
        return out;
      }
      out.push_back(it->item);
    }
  }
  return out;
}

std::vector<Cluster> SpatialIndex::clusters(double min_lon, double min_lat, double max_lon,
                                            double max_lat, int zoom,
                                            const Filter& filter) const {
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
  auto region_matches = [&](std::uint32_t region) {
    if (filter.region_prefix.empty()) return true;
    char code[12];
    std::snprintf(code, sizeof code, "%06u", region);
    return std::string_view(code).starts_with(filter.region_prefix);
  };

  std::shared_lock lock(impl_->mutex);
  auto kinds_wanted = impl_->kinds_of(filter);
  if (zoom <= kGridMaxZoom) {
    double cells_in_box = static_cast<double>(x1 - x0 + 1) * static_cast<double>(y1 - y0 + 1);
    for (std::uint16_t kind : kinds_wanted) {
      const Grid& grid = impl_->grids[kind][zoom];
      auto take = [&](std::uint64_t key, const std::vector<CellRegion>& entries) {
        for (const auto& e : entries) {
          if (region_matches(e.region)) add(key, kind, e.count, e.sum_lon, e.sum_lat);
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
    for (std::uint16_t kind : kinds_wanted) {
      const Tree& tree = impl_->trees.at(kind);
      for (auto it = tree.qbegin(bgi::within(box)); it != tree.qend(); ++it) {
        const Placed& p = it->item;
        if (!region_matches(p.region)) continue;
        add(cell_key(cell_of(p.lon, cell), cell_of(p.lat, cell)), kind, 1, p.lon, p.lat);
      }
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
    for (std::uint16_t kind : kinds_wanted) {
      if (c.by_kind[kind] == 0) continue;
      const Tree& tree = impl_->trees.at(kind);
      for (auto it = tree.qbegin(bgi::within(box)); it != tree.qend(); ++it) {
        if (region_matches(it->item.region)) {
          c.single = it->item;
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace fenghuo::resources

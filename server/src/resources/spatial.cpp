#include "resources/spatial.h"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
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

struct SpatialIndex::Impl {
  mutable std::shared_mutex mutex;
  std::vector<Tree> trees = std::vector<Tree>(kinds().size());
  // Where each id sits, to find it again for removal.
  std::unordered_map<std::int64_t, std::pair<PlanePoint, std::uint16_t>> by_id;

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
  if (auto it = impl_->by_id.find(p.id); it != impl_->by_id.end()) {
    Entry old{it->second.first, Placed{}};
    old.item.id = p.id;
    impl_->trees[it->second.second].remove(old);
    impl_->by_id.erase(it);
  }
  Entry e{to_plane(p.lon, p.lat), p};
  impl_->trees.at(p.kind).insert(e);
  impl_->by_id.emplace(p.id, std::make_pair(e.point, p.kind));
}

void SpatialIndex::remove(std::int64_t id) {
  std::unique_lock lock(impl_->mutex);
  auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return;
  Entry old{it->second.first, Placed{}};
  old.item.id = id;
  impl_->trees[it->second.second].remove(old);
  impl_->by_id.erase(it);
}

void SpatialIndex::clear() {
  std::unique_lock lock(impl_->mutex);
  for (auto& t : impl_->trees) t.clear();
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
  // Web-map tiles are 256 px; a cell of 64 px is 90 / 2^zoom degrees of longitude.
  double cell = 90.0 / std::pow(2.0, std::clamp(zoom, 0, 22));
  struct Acc {
    double sum_lon = 0, sum_lat = 0;
    std::int64_t count = 0;
    std::vector<std::int64_t> by_kind;
    Placed first;
  };
  std::map<std::pair<long, long>, Acc> cells;
  PlaneBox box(to_plane(min_lon, min_lat), to_plane(max_lon, max_lat));
  auto matches = [&](const Entry& e) { return in_region(e.item, filter.region_prefix); };
  std::shared_lock lock(impl_->mutex);
  for (std::uint16_t kind : impl_->kinds_of(filter)) {
    const Tree& tree = impl_->trees.at(kind);
    for (auto it = tree.qbegin(bgi::covered_by(box) && bgi::satisfies(matches)); it != tree.qend();
         ++it) {
      const Placed& p = it->item;
      auto key = std::make_pair(static_cast<long>(std::floor(p.lon / cell)),
                                static_cast<long>(std::floor(p.lat / cell)));
      Acc& a = cells[key];
      if (a.count == 0) {
        a.first = p;
        a.by_kind.assign(impl_->trees.size(), 0);
      }
      a.sum_lon += p.lon;
      a.sum_lat += p.lat;
      ++a.count;
      ++a.by_kind[p.kind];
    }
  }
  std::vector<Cluster> out;
  out.reserve(cells.size());
  for (auto& [key, a] : cells) {
    Cluster c;
    c.count = a.count;
    c.lon = a.sum_lon / static_cast<double>(a.count);
    c.lat = a.sum_lat / static_cast<double>(a.count);
    c.by_kind = std::move(a.by_kind);
    if (a.count == 1) c.single = a.first;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace fenghuo::resources

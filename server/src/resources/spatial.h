#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fenghuo::resources {

// A point on the map as the index keeps it.
struct Placed {
  std::int64_t id = 0;
  std::string name;
  std::int64_t version = 0;
  double lon = 0;
  double lat = 0;
  std::uint32_t region = 0;  // 6-digit region code as a number (jurisdiction filter)
  std::uint16_t kind = 0;    // index into kinds()
  std::uint16_t category = 0;
};

struct Found {
  Placed item;
  double distance_m = 0;  // exact, on the WGS-84 ellipsoid
};

struct Cluster {
  double lon = 0;  // centre of its points
  double lat = 0;
  std::int64_t count = 0;
  std::vector<std::int64_t> by_kind;  // count per kind (index into kinds())
  std::optional<Placed> single;       // set when the cluster is one point
};

// The in-memory spatial index of located resources: one R-tree of compact entries (names in
// one shared buffer), cluster grids per zoom, and a table from id to entry. Thread-safe:
// many readers, one writer at a time. Distances returned are geodesic (GeographicLib).
class SpatialIndex {
 public:
  SpatialIndex();
  ~SpatialIndex();

  void upsert(const Placed& p);
  void remove(std::int64_t id);
  void clear();
  std::size_t size() const;
  // Approximately how many bytes the index holds (entries, names, grids, id table).
  std::size_t memory_bytes() const;

  // `region_prefix` filters by jurisdiction ("" = everything); `outside` turns it round
  // (every region not under the prefix: the neighbours of a jurisdiction); `kinds` empty =
  // every kind.
  struct Filter {
    std::string region_prefix;
    std::vector<std::uint16_t> kinds;
    bool outside = false;
  };

  // The points within `radius_m` of (lon, lat), nearest first, at most `k`.
  std::vector<Found> nearby(double lon, double lat, double radius_m, std::size_t k,
                            const Filter& filter) const;
  // How many points lie within each of the ascending `radii_m` of (lon, lat) but not within
  // the one before: counts[kind][ring], exact on the WGS-84 ellipsoid.
  std::vector<std::vector<std::int64_t>> tally(double lon, double lat,
                                               const std::vector<double>& radii_m,
                                               const Filter& filter) const;
  // How many points each region (6-digit code as a number) holds, per kind.
  std::unordered_map<std::uint32_t, std::vector<std::int64_t>> count_by_region(
      const Filter& filter) const;
  // The points inside the box, at most `limit` (truncated sets `*truncated`).
  std::vector<Placed> within(double min_lon, double min_lat, double max_lon, double max_lat,
                             const Filter& filter, std::size_t limit, bool* truncated) const;
  // Clusters of a web-map zoom level: points grouped by grid cells of 64 screen pixels
  // (90 / 2^zoom degrees). The clusters cover the whole cells that touch the box, and every
  // point of those cells is in exactly one cluster.
  std::vector<Cluster> clusters(double min_lon, double min_lat, double max_lon, double max_lat,
                                int zoom, const Filter& filter) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The geodesic distance in metres between two points on the WGS-84 ellipsoid.
double geodesic_m(double lon1, double lat1, double lon2, double lat2);

}  // namespace fenghuo::resources

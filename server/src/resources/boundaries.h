#pragma once

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fenghuo::resources {

// County boundaries of the province (GeoJSON MultiPolygons, WGS-84): which county a point
// lies in, for checking the coordinates of every record on entry and import.
class Boundaries {
 public:
  // Parses a GeoJSON FeatureCollection whose features carry properties.code.
  static Result<std::shared_ptr<const Boundaries>> parse(std::string_view geojson);
  ~Boundaries();

  // The 6-digit code of the county containing the point, or nullopt outside every county.
  std::optional<std::string> county_at(double lon, double lat) const;
  // Refuses a point outside the province (field lon) or outside the claimed region (field
  // region, naming the county it lies in). Functional zones (codes ending 71) lie inside a
  // county of their city. Without boundaries (another province) every point passes.
  Status check_point(const std::string& region, double lon, double lat) const;
  // The area (m², on the WGS-84 ellipsoid) that a closed shape, given by its outline as
  // lon/lat points, shares with each county it overlaps; counties it misses are left out.
  // Where simplified neighbours overlap, a piece counts once, for the first county in file
  // order (as county_at).
  struct Overlap {
    std::string code;
    double area_m2 = 0;
  };
  std::vector<Overlap> overlaps(const std::vector<std::pair<double, double>>& outline) const;
  // Every county code, in file order.
  std::vector<std::string> codes() const;
  // A uniformly random point inside the county (rejection sampling in its bounding box).
  std::optional<std::pair<double, double>> random_point(const std::string& code,
                                                        std::mt19937_64& rng) const;
  std::size_t size() const;
  // The GeoJSON text, served to the web app for its offline base map.
  const std::string& geojson() const { return geojson_; }

 private:
  Boundaries();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string geojson_;
};

// The county boundaries built into this binary for a province ("14"), or empty.
std::string_view builtin_boundaries(const std::string& province);

}  // namespace fenghuo::resources

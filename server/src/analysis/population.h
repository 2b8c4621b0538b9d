#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/geometry.h"

namespace fenghuo::resources {
class Boundaries;
}

namespace fenghuo::analysis {

// A county's census figures (7th national census, 2020): residents and area.
struct Census {
  std::string name;
  std::int64_t population = 0;
  double area_km2 = 0;
};

// How many people live inside a shape, estimated from census density: over every county
// the shape overlaps, the county's residents per km² times the area (geodesic, from the
// county polygons) of the overlap.
struct CountyShare {
  std::string code, name;
  double overlap_km2 = 0;
  double density_per_km2 = 0;
  double people = 0;
};
struct PopulationEstimate {
  double people = 0;
  std::vector<CountyShare> counties;  // largest overlap first
};

PopulationEstimate estimate_population(const resources::Boundaries& boundaries,
                                       const std::unordered_map<std::string, Census>& census,
                                       const Outline& shape);

}  // namespace fenghuo::analysis

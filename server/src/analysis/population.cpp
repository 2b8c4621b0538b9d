#include "analysis/population.h"

#include <algorithm>

#include "resources/boundaries.h"

namespace fenghuo::analysis {

PopulationEstimate estimate_population(const resources::Boundaries& boundaries,
                                       const std::unordered_map<std::string, Census>& census,
                                       const Outline& shape) {
  PopulationEstimate out;
  for (const auto& overlap : boundaries.overlaps(shape)) {
    CountyShare share;
    share.code = overlap.code;
    share.overlap_km2 = overlap.area_m2 / 1e6;
    if (auto it = census.find(overlap.code); it != census.end()) {
      share.name = it->second.name;
      if (it->second.area_km2 > 0) {
        share.density_per_km2 = static_cast<double>(it->second.population) / it->second.area_km2;
      }
    }
    share.people = share.density_per_km2 * share.overlap_km2;
    out.people += share.people;
    out.counties.push_back(std::move(share));
  }
  std::sort(
      out.counties.begin(), out.counties.end(),
      [](const CountyShare& a, const CountyShare& b) { return a.overlap_km2 > b.overlap_km2; });
  return out;
}

}  // namespace fenghuo::analysis

#include "analysis/intensity.h"

#include <cmath>

namespace fenghuo::analysis {
namespace {

// I = a + b M - c lg(R + r0), per axis.
struct Axis {
  double a, b, c, r0;
  double intensity(double m, double r_km) const { return a + b * m - c * std::log10(r_km + r0); }
  double distance(double m, double i) const { return std::pow(10.0, (a + b * m - i) / c) - r0; }
};
constexpr Axis kLong{5.019, 1.446, 4.136, 24};
constexpr Axis kShort{2.240, 1.446, 3.070, 9};

}  // namespace

double intensity_along_long_axis(double magnitude, double distance_km) {
  return kLong.intensity(magnitude, distance_km);
}

double intensity_along_short_axis(double magnitude, double distance_km) {
  return kShort.intensity(magnitude, distance_km);
}

std::optional<IntensityAxes> isoseismal(double magnitude, int intensity) {
  IntensityAxes axes{kLong.distance(magnitude, intensity), kShort.distance(magnitude, intensity)};
  if (!(axes.long_km > 0) || !(axes.short_km > 0)) return std::nullopt;
  return axes;
}

}  // namespace fenghuo::analysis

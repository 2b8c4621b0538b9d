#include "analysis/geometry.h"

#include <GeographicLib/Geodesic.hpp>
#include <boost/geometry.hpp>
#include <cmath>

namespace fenghuo::analysis {
namespace bg = boost::geometry;

namespace {

std::pair<double, double> step(double lon, double lat, double azimuth_deg, double distance_m) {
  double to_lat = 0, to_lon = 0;
  GeographicLib::Geodesic::WGS84().Direct(lat, lon, azimuth_deg, distance_m, to_lat, to_lon);
  return {to_lon, to_lat};
}

}  // namespace

Outline disc(double lon, double lat, double radius_m, int points) {
  return ellipse(lon, lat, radius_m, radius_m, 0, points);
}

Outline ellipse(double lon, double lat, double semi_major_m, double semi_minor_m,
                double azimuth_deg, int points) {
  Outline out;
  out.reserve(static_cast<std::size_t>(points));
  for (int i = 0; i < points; ++i) {
    double t = 2 * M_PI * i / points;  // angle from the major axis
    double along = semi_major_m * std::cos(t);
    double across = semi_minor_m * std::sin(t);
    double distance = std::hypot(along, across);
    double direction = azimuth_deg + std::atan2(across, along) * 180 / M_PI;
    out.push_back(step(lon, lat, direction, distance));
  }
  return out;
}

Outline sector(double lon, double lat, double toward_deg, double angle_deg, double length_m,
               int arc_points) {
  Outline out;
  out.reserve(static_cast<std::size_t>(arc_points) + 2);
  out.emplace_back(lon, lat);
  for (int i = 0; i <= arc_points; ++i) {
    double direction = toward_deg - angle_deg / 2 + angle_deg * i / arc_points;
    out.push_back(step(lon, lat, direction, length_m));
  }
  return out;
}

bool contains(const Outline& outline, double lon, double lat) {
  using Point = bg::model::d2::point_xy<double>;
  bg::model::polygon<Point> shape;
  for (const auto& [x, y] : outline) shape.outer().push_back(Point(x, y));
  bg::correct(shape);
  return bg::covered_by(Point(lon, lat), shape);
}

Bearing bearing(double lon, double lat, double to_lon, double to_lat) {
  Bearing b;
  double azi2 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(lat, lon, to_lat, to_lon, b.distance_m, b.azimuth_deg,
                                           azi2);
  if (b.azimuth_deg < 0) b.azimuth_deg += 360;
  return b;
}

}  // namespace fenghuo::analysis

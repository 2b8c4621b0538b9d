#pragma once

#include <utility>
#include <vector>

namespace fenghuo::analysis {

// A closed outline on the WGS-84 ellipsoid as lon/lat points (the last is not repeated).
using Outline = std::vector<std::pair<double, double>>;

// The geodesic circle of `radius_m` around (lon, lat), as `points` points.
Outline disc(double lon, double lat, double radius_m, int points = 96);

// The ellipse centred on (lon, lat) with semi-axes `semi_major_m` along `azimuth_deg`
// (clockwise from north) and `semi_minor_m` across it; each outline point lies at its
// geodesic distance from the centre.
Outline ellipse(double lon, double lat, double semi_major_m, double semi_minor_m,
                double azimuth_deg, int points = 96);

// The sector from (lon, lat) towards `toward_deg` (clockwise from north), `angle_deg` wide
// and `length_m` long: the apex, then the arc.
Outline sector(double lon, double lat, double toward_deg, double angle_deg, double length_m,
               int arc_points = 32);

// True when the point lies inside the outline (or on its edge), tested in lon/lat.
bool contains(const Outline& outline, double lon, double lat);

// Where the point lies from (lon, lat): geodesic distance and azimuth (clockwise from north).
struct Bearing {
  double distance_m = 0;
  double azimuth_deg = 0;
};
Bearing bearing(double lon, double lat, double to_lon, double to_lat);

}  // namespace fenghuo::analysis

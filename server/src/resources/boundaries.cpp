#include "resources/boundaries.h"

#include <GeographicLib/AlbersEqualArea.hpp>
#include <GeographicLib/Constants.hpp>
#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/json.hpp>
#include <vector>

#include "core/principal.h"

namespace fenghuo::resources {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
}  // namespace

struct Boundaries::Impl {
  std::vector<std::pair<std::string, MultiPolygon>> counties;
  bgi::rtree<std::pair<Box, std::size_t>, bgi::quadratic<16>> boxes;
};

Boundaries::Boundaries() : impl_(std::make_unique<Impl>()) {}
Boundaries::~Boundaries() = default;

std::size_t Boundaries::size() const { return impl_->counties.size(); }

Result<std::shared_ptr<const Boundaries>> Boundaries::parse(std::string_view geojson) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(geojson, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("features")) {
    return Error::validation("boundaries", "not a GeoJSON FeatureCollection");
  }
  std::shared_ptr<Boundaries> b(new Boundaries());
  b->geojson_ = std::string(geojson);
  auto ring_of = [](const boost::json::array& coords, Polygon::ring_type& ring) {
    for (const auto& c : coords) {
      const auto& xy = c.as_array();
      ring.push_back(Point(xy.at(0).to_number<double>(), xy.at(1).to_number<double>()));
    }
  };
  for (const auto& feature : doc.at("features").as_array()) {
    const auto& f = feature.as_object();
    std::string code(f.at("properties").at("code").as_string());
    const auto& geometry = f.at("geometry").as_object();
    std::string type(geometry.at("type").as_string());
    const auto& coords = geometry.at("coordinates").as_array();
    MultiPolygon shape;
    auto add_polygon = [&](const boost::json::array& rings) {
      Polygon poly;
      for (std::size_t i = 0; i < rings.size(); ++i) {
        if (i == 0) {
          ring_of(rings[i].as_array(), poly.outer());
        } else {
          poly.inners().emplace_back();
          ring_of(rings[i].as_array(), poly.inners().back());
        }
      }
      bg::correct(poly);
      shape.push_back(std::move(poly));
    };
    if (type == "Polygon") {
      add_polygon(coords);
    } else if (type == "MultiPolygon") {
      for (const auto& p : coords) add_polygon(p.as_array());
    } else {
      continue;
    }
    Box box = bg::return_envelope<Box>(shape);
    b->impl_->boxes.insert({box, b->impl_->counties.size()});
    b->impl_->counties.emplace_back(std::move(code), std::move(shape));
  }
  return std::shared_ptr<const Boundaries>(std::move(b));
}

std::vector<Boundaries::Overlap> Boundaries::overlaps(
    const std::vector<std::pair<double, double>>& outline) const {
  std::vector<Overlap> out;
  if (outline.size() < 3) return out;
  Polygon shape;
  for (const auto& [lon, lat] : outline) shape.outer().push_back(Point(lon, lat));
  bg::correct(shape);
  Box box = bg::return_envelope<Box>(shape);
  // Areas are measured in an Albers equal-area projection whose standard parallel runs
  // through the shape: equal-area on the ellipsoid, so plane areas are true areas.
  double lon0 = (box.min_corner().x() + box.max_corner().x()) / 2;
  double lat0 = (box.min_corner().y() + box.max_corner().y()) / 2;
  GeographicLib::AlbersEqualArea albers(GeographicLib::Constants::WGS84_a(),
                                        GeographicLib::Constants::WGS84_f(), lat0, 1);
  auto project = [&](const Point& p) {
    double x = 0, y = 0, gamma = 0, k = 0;
    albers.Forward(lon0, p.y(), p.x(), x, y, gamma, k);
    return Point(x, y);
  };
  auto project_ring = [&](const Polygon::ring_type& ring) {
    Polygon::ring_type projected;
    projected.reserve(ring.size());
    for (const auto& p : ring) projected.push_back(project(p));
    return projected;
  };
  MultiPolygon remaining;
  remaining.emplace_back();
  remaining.back().outer() = project_ring(shape.outer());
  bg::correct(remaining);
  // Simplified neighbours overlap a little along their common border: each piece of the
  // shape counts once, for the first county in file order that holds it (as county_at).
  std::vector<std::size_t> candidates;
  for (auto it = impl_->boxes.qbegin(bgi::intersects(box)); it != impl_->boxes.qend(); ++it) {
    candidates.push_back(it->second);
  }
  std::sort(candidates.begin(), candidates.end());
  for (std::size_t index : candidates) {
    if (remaining.empty()) break;
    const auto& [code, county] = impl_->counties[index];
    MultiPolygon plane_county;
    for (const auto& poly : county) {
      Polygon projected;
      projected.outer() = project_ring(poly.outer());
      for (const auto& inner : poly.inners()) projected.inners().push_back(project_ring(inner));
      bg::correct(projected);
      plane_county.push_back(std::move(projected));
    }
    MultiPolygon common, rest;
    bg::intersection(plane_county, remaining, common);
    double area = bg::area(common);
    if (area <= 0) continue;
    out.push_back({code, area});
    bg::difference(remaining, plane_county, rest);
    remaining = std::move(rest);
  }
  return out;
}

std::vector<std::string> Boundaries::codes() const {
  std::vector<std::string> out;
  for (const auto& [code, shape] : impl_->counties) out.push_back(code);
  return out;
}

std::optional<std::pair<double, double>> Boundaries::random_point(const std::string& code,
                                                                  std::mt19937_64& rng) const {
  for (const auto& [c, shape] : impl_->counties) {
    if (c != code) continue;
    Box box = bg::return_envelope<Box>(shape);
    std::uniform_real_distribution<double> x(box.min_corner().x(), box.max_corner().x());
    std::uniform_real_distribution<double> y(box.min_corner().y(), box.max_corner().y());
    for (int attempt = 0; attempt < 1000; ++attempt) {
      Point p(x(rng), y(rng));
      if (bg::within(p, shape)) return std::make_pair(p.x(), p.y());
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Boundaries::county_at(double lon, double lat) const {
  // Simplified neighbours overlap a little along their common border: the first county in
  // file order holding the point is the one.
  Point p(lon, lat);
  std::optional<std::size_t> first;
  for (auto it = impl_->boxes.qbegin(bgi::intersects(p)); it != impl_->boxes.qend(); ++it) {
    if ((!first || it->second < *first) && bg::covered_by(p, impl_->counties[it->second].second)) {
      first = it->second;
    }
  }
  if (!first) return std::nullopt;
  return impl_->counties[*first].first;
}

Status Boundaries::check_point(const std::string& region, double lon, double lat) const {
  if (size() == 0) return {};
  auto county = county_at(lon, lat);
  if (!county) {
    return Error::validation("lon",
                             "lon/lat: the point lies outside the province; check the "
                             "coordinates (WGS-84, longitude first)");
  }
  bool zone = region.ends_with("71");  // functional zones lie inside a county of their city
  bool fits =
      zone ? county->starts_with(region.substr(0, 4)) : county->starts_with(region_prefix(region));
  if (!fits) {
    return Error::validation("region", "region: the point lies in county " + *county +
                                           ", not in region " + region +
                                           "; correct the region or the coordinates");
  }
  return {};
}

}  // namespace fenghuo::resources

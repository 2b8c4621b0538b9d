// The pieces of the situation picture, against independent computations: ring membership
// against brute-force geodesic distances, county overlaps against sampling, population
// against census density worked by hand, and the isoseismals against the cited relation.
#include "analysis/geometry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analysis/intensity.h"
#include "analysis/population.h"
#include "resources/boundaries.h"
#include "resources/spatial.h"

namespace fenghuo::analysis {
namespace {

const resources::Boundaries& shanxi() {
  static auto b = resources::Boundaries::parse(resources::builtin_boundaries("14")).value();
  return *b;
}

// 7th census figures (residents, km²) of the counties the tests touch (data/regions/14).
const std::unordered_map<std::string, Census>& census() {
  static const std::unordered_map<std::string, Census> c = {
      {"141123", {"兴县", 183484, 3172.2}},    {"140105", {"小店区", 1357242, 289.2}},
      {"140106", {"迎泽区", 594238, 106.6}},   {"140107", {"杏花岭区", 779479, 145.3}},
      {"140108", {"尖草坪区", 530499, 299.0}}, {"140109", {"万柏林区", 951238, 285.0}},
      {"140110", {"晋源区", 316445, 292.2}},   {"140121", {"清徐县", 344472, 604.9}},
      {"140702", {"榆次区", 904518, 1322.4}}};
  return c;
}

TEST(Intensity, IsoseismalsFollowTheEasternChinaRelation) {
  // Worked by hand: M 6, VI: lg(R+24) = (5.019 + 8.676 - 6) / 4.136 -> R = 48.53 km;
  // lg(R+9) = (2.240 + 8.676 - 6) / 3.070 -> R = 30.93 km.
  auto six = isoseismal(6.0, 6);
  ASSERT_TRUE(six);
  EXPECT_NEAR(six->long_km, 48.53, 0.01);
  EXPECT_NEAR(six->short_km, 30.93, 0.01);
  auto eight = isoseismal(7.0, 8);
  ASSERT_TRUE(eight);
  EXPECT_NEAR(eight->long_km, 29.28, 0.01);
  EXPECT_NEAR(eight->short_km, 17.35, 0.01);
  EXPECT_NEAR(intensity_along_long_axis(7.0, eight->long_km), 8.0, 1e-9);
  EXPECT_NEAR(intensity_along_short_axis(7.0, eight->short_km), 8.0, 1e-9);
  // Stronger shaking lies closer in.
  EXPECT_LT(isoseismal(7.0, 7)->long_km, isoseismal(7.0, 6)->long_km);
  // A magnitude 4 never reaches VIII.
  EXPECT_FALSE(isoseismal(4.0, 8));
}

TEST(Geometry, OutlinesLieAtTheirGeodesicDistances) {
  auto circle = disc(112.56, 37.71, 5000, 64);
  ASSERT_EQ(circle.size(), 64u);
  for (const auto& [lon, lat] : circle) {
    EXPECT_NEAR(bearing(112.56, 37.71, lon, lat).distance_m, 5000, 0.01);
  }
  auto e = ellipse(112.56, 37.71, 30000, 10000, 30, 96);
  auto major = bearing(112.56, 37.71, e[0].first, e[0].second);
  EXPECT_NEAR(major.distance_m, 30000, 0.01);
  EXPECT_NEAR(major.azimuth_deg, 30, 1e-6);
  auto minor = bearing(112.56, 37.71, e[24].first, e[24].second);
  EXPECT_NEAR(minor.distance_m, 10000, 0.01);
  EXPECT_NEAR(minor.azimuth_deg, 120, 1e-6);
  EXPECT_TRUE(contains(e, 112.56, 37.71));
  EXPECT_FALSE(contains(e, 112.56, 37.95));  // 26 km north, outside a 10-30 km ellipse at 30°
  auto plume = sector(112.56, 37.71, 90, 60, 5000);
  EXPECT_TRUE(contains(plume, 112.59, 37.711));   // 2.6 km east
  EXPECT_FALSE(contains(plume, 112.53, 37.711));  // west: upwind
}

TEST(Tally, RingCountsMatchBruteForceGeodesicDistances) {
  resources::SpatialIndex index;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> dlon(-0.7, 0.7), dlat(-0.55, 0.55);
  std::vector<resources::Placed> points;
  for (int i = 1; i <= 6000; ++i) {
    resources::Placed p;
    p.id = i;
    p.name = "p";
    p.lon = 112.55 + dlon(rng);
    p.lat = 37.75 + dlat(rng);
    p.region = i % 3 == 0 ? 140702 : 140105;  // 榆次 (晋中) or 小店 (太原)
    p.kind = static_cast<std::uint16_t>(i % 4);
    index.upsert(p);
    points.push_back(p);
  }
  // Points exactly on a ring's edge, where sphere and ellipsoid could disagree.
  std::vector<double> rings = {5000, 10000, 20000, 50000};
  int id = 7000;
  for (double r : rings) {
    for (double azimuth : {0.0, 45.0, 90.0, 200.0}) {
      auto edge = disc(112.55, 37.75, r, 8);
      resources::Placed p;
      p.id = id++;
      p.name = "edge";
      p.lon = edge[static_cast<std::size_t>(azimuth / 45) % 8].first;
      p.lat = edge[static_cast<std::size_t>(azimuth / 45) % 8].second;
      p.region = 140105;
      p.kind = 1;
      index.upsert(p);
      points.push_back(p);
    }
  }
  for (bool outside : {false, true}) {
    resources::SpatialIndex::Filter filter;
    filter.region_prefix = "1401";
    filter.outside = outside;
    auto counts = index.tally(112.55, 37.75, rings, filter);
    std::vector<std::vector<std::int64_t>> expected(counts.size(),
                                                    std::vector<std::int64_t>(rings.size()));
    for (const auto& p : points) {
      bool taiyuan = p.region / 100 == 1401;
      if (taiyuan == outside) continue;
      double d = resources::geodesic_m(112.55, 37.75, p.lon, p.lat);
      auto ring = std::lower_bound(rings.begin(), rings.end(), d);
      if (ring != rings.end()) ++expected[p.kind][static_cast<std::size_t>(ring - rings.begin())];
    }
    EXPECT_EQ(counts, expected) << (outside ? "outside" : "inside");
  }
}

TEST(Population, ARingInsideOneCountyIsDensityTimesItsArea) {
  // 兴县: 183,484 residents on 3,172.2 km² = 57.84 per km²; a 5 km ring around its centroid
  // covers pi * 25 km² = 78.54 km², so about 4,543 people.
  auto estimate = estimate_population(shanxi(), census(), disc(111.05648, 38.38453, 5000));
  ASSERT_EQ(estimate.counties.size(), 1u);
  EXPECT_EQ(estimate.counties[0].code, "141123");
  EXPECT_NEAR(estimate.counties[0].overlap_km2, 78.54, 78.54 * 0.002);
  EXPECT_NEAR(estimate.people, 183484.0 / 3172.2 * M_PI * 25, 4543 * 0.003);
}

TEST(Population, ARingAcrossCountiesSumsEachCountysShare) {
  // A point on the line between 小店区 and 迎泽区: walk from one centroid to the other until
  // the county changes.
  double lon = 112.55963, lat = 37.71291;
  const double to_lon = 112.65872, to_lat = 37.86488;
  auto start = shanxi().county_at(lon, lat);
  ASSERT_TRUE(start);
  for (int i = 1; i <= 1000; ++i) {
    double t = i / 1000.0;
    double x = 112.55963 + (to_lon - 112.55963) * t, y = 37.71291 + (to_lat - 37.71291) * t;
    if (shanxi().county_at(x, y) != start) {
      lon = x;
      lat = y;
      break;
    }
  }
  auto ring = disc(lon, lat, 3000);
  auto estimate = estimate_population(shanxi(), census(), ring);
  ASSERT_GE(estimate.counties.size(), 2u);
  // The shares add up to the ring, and each matches where random points inside it fall.
  double total = 0;
  for (const auto& c : estimate.counties) total += c.overlap_km2;
  EXPECT_NEAR(total, M_PI * 9, M_PI * 9 * 0.003);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::map<std::string, int> hits;
  int inside = 0;
  for (int i = 0; i < 40000; ++i) {
    double r = 3000 * std::sqrt(u(rng)), azimuth = 360 * u(rng);
    auto b = ellipse(lon, lat, r, r, azimuth, 1);  // the point at distance r, azimuth
    if (auto county = shanxi().county_at(b[0].first, b[0].second)) ++hits[*county];
    ++inside;
  }
  double people = 0;
  for (const auto& c : estimate.counties) {
    double sampled = M_PI * 9 * hits[c.code] / inside;
    EXPECT_NEAR(c.overlap_km2, sampled, 0.35) << c.code;
    const auto& figures = census().at(c.code);
    people += static_cast<double>(figures.population) / figures.area_km2 * c.overlap_km2;
  }
  EXPECT_NEAR(estimate.people, people, 1e-6 * people);
}

}  // namespace
}  // namespace fenghuo::analysis

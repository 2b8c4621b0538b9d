// The spatial index against brute force on random data.
#include "resources/spatial.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "resources/schema.h"

namespace fenghuo::resources {
namespace {

class SpatialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> lon(110.2, 114.6), lat(34.6, 40.7);
    std::uniform_int_distribution<int> kind(0, static_cast<int>(kinds().size()) - 1);
    const std::uint32_t regions[] = {140105, 140106, 140202, 141002};
    for (std::int64_t id = 1; id <= 20000; ++id) {
      Placed p;
      p.id = id;
      p.lon = lon(rng);
      p.lat = lat(rng);
      p.kind = static_cast<std::uint16_t>(kind(rng));
      p.region = regions[id % 4];
      points_.push_back(p);
      index_.upsert(p);
    }
  }
  std::vector<Placed> points_;
  SpatialIndex index_;
};

TEST_F(SpatialTest, NearbyMatchesBruteForce) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lon(110.5, 114.3), lat(35.0, 40.4);
  for (int q = 0; q < 60; ++q) {
    double x = lon(rng), y = lat(rng);
    double radius = q % 3 == 0 ? 5000 : q % 3 == 1 ? 50000 : 400000;
    std::size_t k = q % 2 ? 50 : 7;
    std::vector<Found> expected;
    for (const auto& p : points_) {
      double d = geodesic_m(x, y, p.lon, p.lat);
      if (d <= radius) expected.push_back({p, d});
    }
    std::sort(expected.begin(), expected.end(),
              [](const Found& a, const Found& b) { return a.distance_m < b.distance_m; });
    if (expected.size() > k) expected.resize(k);
    auto got = index_.nearby(x, y, radius, k, {});
    ASSERT_EQ(got.size(), expected.size()) << "query " << q;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].item.id, expected[i].item.id) << "query " << q << " rank " << i;
      EXPECT_NEAR(got[i].distance_m, expected[i].distance_m, 1e-6);
    }
  }
}

TEST_F(SpatialTest, NearbyFiltersByKindAndJurisdiction) {
  SpatialIndex::Filter filter{"140105", {3, 5}};
  auto got = index_.nearby(112.5, 37.8, 200000, 100, filter);
  ASSERT_FALSE(got.empty());
  for (const auto& f : got) {
    EXPECT_EQ(f.item.region, 140105u);
    EXPECT_TRUE(f.item.kind == 3 || f.item.kind == 5);
  }
}

TEST_F(SpatialTest, WithinMatchesBruteForce) {
  auto got = index_.within(111.0, 36.0, 112.5, 38.0, {}, 100000, nullptr);
  std::size_t expected = std::count_if(points_.begin(), points_.end(), [](const Placed& p) {
    return p.lon >= 111.0 && p.lon <= 112.5 && p.lat >= 36.0 && p.lat <= 38.0;
  });
  EXPECT_EQ(got.size(), expected);
  bool truncated = false;
  auto capped = index_.within(111.0, 36.0, 112.5, 38.0, {}, 10, &truncated);
  EXPECT_EQ(capped.size(), 10u);
  EXPECT_TRUE(truncated);
}

TEST_F(SpatialTest, ClustersConserveCountsAtEveryZoom) {
  for (int zoom = 6; zoom <= 16; ++zoom) {
    // A box of a screen or so around Taiyuan; clusters cover the whole cells it touches.
    double span = std::min(5.0, 1920.0 * 360.0 / (256.0 * std::pow(2.0, zoom)));
    double min_lon = 112.3, min_lat = 37.6, max_lon = min_lon + span, max_lat = min_lat + span * 0.6;
    double cell = 90.0 / std::pow(2.0, zoom);
    double cx0 = std::floor(min_lon / cell) * cell, cx1 = (std::floor(max_lon / cell) + 1) * cell;
    double cy0 = std::floor(min_lat / cell) * cell, cy1 = (std::floor(max_lat / cell) + 1) * cell;
    std::size_t in_cells = std::count_if(points_.begin(), points_.end(), [&](const Placed& p) {
      return p.lon >= cx0 && p.lon < cx1 && p.lat >= cy0 && p.lat < cy1;
    });
    auto clusters = index_.clusters(min_lon, min_lat, max_lon, max_lat, zoom, {});
    std::int64_t total = 0;
    for (const auto& c : clusters) {
      total += c.count;
      std::int64_t by_kind = 0;
      for (auto n : c.by_kind) by_kind += n;
      EXPECT_EQ(by_kind, c.count);
      EXPECT_EQ(c.single.has_value(), c.count == 1);
    }
    EXPECT_EQ(total, static_cast<std::int64_t>(in_cells)) << "zoom " << zoom;
  }
  EXPECT_LT(index_.clusters(110.0, 34.0, 115.0, 41.0, 6, {}).size(), 100u)
      << "low zoom draws few symbols";
  // Counts follow removals and moves.
  std::int64_t before = 0, after = 0;
  for (const auto& c : index_.clusters(110.0, 34.0, 115.0, 41.0, 6, {})) before += c.count;
  index_.remove(points_[5].id);
  for (const auto& c : index_.clusters(110.0, 34.0, 115.0, 41.0, 6, {})) after += c.count;
  EXPECT_EQ(after, before - 1);
}

TEST_F(SpatialTest, UpdatesAndRemovalsAreSeen) {
  Placed moved = points_.front();
  moved.lon = 0.5;
  moved.lat = 0.5;
  index_.upsert(moved);
  auto near_new = index_.nearby(0.5, 0.5, 1000, 5, {});
  ASSERT_EQ(near_new.size(), 1u);
  EXPECT_EQ(near_new[0].item.id, moved.id);
  index_.remove(moved.id);
  EXPECT_TRUE(index_.nearby(0.5, 0.5, 1000, 5, {}).empty());
  EXPECT_EQ(index_.size(), points_.size() - 1);
}

}  // namespace
}  // namespace fenghuo::resources

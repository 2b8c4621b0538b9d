// The simulator behind `fenghuo simulate` and the demo: its readings never repeat a station
// metric's time from one second to the next (else a fast feed would be stored as repeats),
// stay near normal, and now and then cross the highest threshold so alarms happen.
#include "monitoring/simulator.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <tuple>

namespace fenghuo::monitoring {
namespace {

std::vector<Configured> mines(int n) {
  auto rules = parse_rules(boost::json::parse(
      R"([{"kind":"above","thresholds":[{"level":"yellow","value":0.75},{"level":"red","value":1.0}],"deadband":0.05}])"));
  std::vector<Configured> out;
  for (int i = 1; i <= n; ++i) {
    StationInfo s;
    s.id = i;
    s.code = "MINE-" + std::to_string(i);
    out.push_back({s, 1, *rules});  // ch4
  }
  return out;
}

TEST(Simulator, ReadingsNeverRepeatATimeAndSomeCrossTheThreshold) {
  Simulator simulator(mines(20));
  std::set<std::tuple<std::string, std::string, std::int64_t>> seen;
  int crossed = 0, total = 0;
  for (std::int64_t second = 0; second < 300; ++second) {
    auto readings = simulator.next(5000, 1'796'000'000'000 + second * 1000);
    ASSERT_EQ(readings.size(), 5000u);
    for (const auto& r : readings) {
      const auto& o = r.as_object();
      auto key = std::make_tuple(std::string(o.at("station").as_string()),
                                 std::string(o.at("metric").as_string()), o.at("time").as_int64());
      EXPECT_TRUE(seen.insert(key).second)
          << "repeated " << std::get<0>(key) << " at " << std::get<2>(key);
      double value = o.at("value").to_number<double>();
      EXPECT_GE(value, 0.0) << "methane is never negative";
      crossed += value >= 1.0 ? 1 : 0;
      ++total;
    }
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(crossed, 0) << "an excursion past 1.0 % now and then";
  EXPECT_LT(crossed, total / 10) << "mostly normal";
}

}  // namespace
}  // namespace fenghuo::monitoring

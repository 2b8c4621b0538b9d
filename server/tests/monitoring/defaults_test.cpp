// The catalogue's default rules (what a new station starts with) against the domain's numbers:
// river levels (警戒水位 yellow, 保证水位 orange, record level red), the CMA 暴雨 signal on
// rainfall summed over 3, 6 and 12 hours (sums that hold across a restart), methane's 1.0 %
// alarm and 1.5 % power-off, furnace temperatures that stay quiet in normal operation.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "monitoring/catalogue.h"
#include "monitoring/rules.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::int64_t kMinute = 60000;

// An engine with a station's default metrics; readings of one metric, and the levels every
// metric is at.
class Station {
 public:
  Station(std::string_view category, std::string_view enterprise = "",
          const boost::json::object& attributes = {}) {
    for (auto& [code, json] : default_metrics(category, enterprise, attributes)) {
      auto rules = parse_rules(json);
      EXPECT_TRUE(rules.ok()) << code << ": " << (rules.ok() ? "" : rules.error().message);
      const Metric* m = find_metric(code);
      EXPECT_NE(m, nullptr) << code;
      if (m == nullptr || !rules.ok()) continue;
      engine.configure(1, m->id, *rules, 0);
      codes.push_back(std::string(code));
    }
  }
  // A reading `minutes` after the last; answers the transitions it caused.
  std::vector<Transition> read(std::string_view metric, double value, int minutes = 1) {
    t += minutes * kMinute;
    std::vector<Transition> out;
    engine.on_reading(1, find_metric(metric)->id, t, value, out);
    for (const auto& x : out) level[std::string(find_metric(x.metric)->code)] = x.to;
    return out;
  }
  std::string at(std::string_view metric) {
    return std::string(level_at(level[std::string(metric)]));
  }
  RuleEngine engine;
  std::vector<std::string> codes;
  std::map<std::string, int> level;
  std::int64_t t = 0;
};

TEST(DefaultRules, ARiverIsYellowAtItsWarningLevelOrangeAtTheGuaranteedAndRedAtTheRecord) {
  Station river("water", "",
                {{"warning_level", 8.0}, {"guaranteed_level", 9.5}, {"record_level", 10.5}});
  river.read("water_level", 7.5, 30);
  EXPECT_EQ(river.at("water_level"), "");
  river.read("water_level", 8.0, 60);
  EXPECT_EQ(river.at("water_level"), "yellow") << "警戒水位";
  river.read("water_level", 9.6, 60);
  EXPECT_EQ(river.at("water_level"), "orange") << "保证水位 is orange, not red";
  river.read("water_level", 10.5, 60);
  EXPECT_EQ(river.at("water_level"), "red") << "the record (design) level";

  Station unknown("water");
  EXPECT_TRUE(unknown.read("water_level", 30, 30).empty())
      << "a station whose levels are not known has no absolute thresholds";
  EXPECT_EQ(unknown.read("water_level", 31, 30).size(), 1u) << "but a fast rise is an alarm";
}

TEST(DefaultRules, RainfallSumsRaiseTheCmaRainstormSignalLevels) {
  Station gauge("weather");
  for (const char* code : {"rainfall", "rain_1h", "rain_3h", "rain_6h", "rain_12h", "rain_24h"})
    EXPECT_NE(std::find(gauge.codes.begin(), gauge.codes.end(), code), gauge.codes.end()) << code;
  // 5 mm every half hour: 50 mm take 5 hours, within 6 h and 12 h but not 3 h.
  for (int i = 0; i < 10; ++i) gauge.read("rainfall", 5, 30);
  auto last = gauge.engine.last_reading(1, find_metric("rain_1h")->id);
  ASSERT_TRUE(last);
  EXPECT_DOUBLE_EQ(last->second, 10) << "the last hour's two readings";
  EXPECT_EQ(gauge.at("rain_12h"), "blue");
  EXPECT_EQ(gauge.at("rain_6h"), "yellow") << "50 mm in 6 hours";
  EXPECT_EQ(gauge.at("rain_3h"), "") << "30 mm in 3 hours";
  // A downpour: 20 mm every half hour, 50 mm in 3 hours, then 100.
  for (int i = 0; i < 2; ++i) gauge.read("rainfall", 20, 30);
  EXPECT_EQ(gauge.at("rain_3h"), "orange");
  for (int i = 0; i < 3; ++i) gauge.read("rainfall", 20, 30);
  EXPECT_EQ(gauge.at("rain_3h"), "red") << "100 mm in 3 hours";
  // Dry for a day: every signal ends.
  for (int i = 0; i < 48; ++i) gauge.read("rainfall", 0, 30);
  for (const char* code : {"rain_3h", "rain_6h", "rain_12h"}) EXPECT_EQ(gauge.at(code), "") << code;
  EXPECT_DOUBLE_EQ(gauge.engine.last_reading(1, find_metric("rain_24h")->id)->second, 0);
}

TEST(DefaultRules, RainfallSumsHoldAcrossARestart) {
  Station before("weather");
  for (int i = 0; i < 5; ++i) before.read("rainfall", 12, 30);  // 60 mm in 2.5 h: orange
  EXPECT_EQ(before.at("rain_3h"), "orange");
  // A new process reads the last day back.
  Station after("weather");
  std::vector<std::pair<std::int64_t, double>> day;
  for (int i = 1; i <= 5; ++i) day.emplace_back(i * 30 * kMinute, 12);
  after.engine.seed_history(1, find_metric("rainfall")->id, day);
  after.engine.seed_level(1, find_metric("rain_3h")->id, Rule::Kind::kAbove, level_rank("orange"));
  after.t = before.t;
  after.read("rainfall", 45, 30);  // 105 mm within 3 h counting what fell before the restart
  EXPECT_EQ(after.at("rain_3h"), "red");
}

TEST(DefaultRules, MethaneAlarmsAtOnePercentAndCutsPowerAtOneAndAHalf) {
  Station mine("mine");
  mine.read("ch4", 0.4);
  mine.read("ch4", 1.1);
  EXPECT_EQ(mine.at("ch4"), "orange") << "报警浓度 1.0 %";
  mine.read("ch4", 1.5);
  EXPECT_EQ(mine.at("ch4"), "red") << "断电浓度 1.5 %";
  Station sensors("safety", "coal");
  EXPECT_NE(std::find(sensors.codes.begin(), sensors.codes.end(), "ch4"), sensors.codes.end())
      << "a coal mine's safety sensors are a mine station";
}

TEST(DefaultRules, AFurnaceInNormalOperationRaisesNothing) {
  Station works("metallurgy");
  for (double temperature = 1450; temperature <= 1530; temperature += 5)
    EXPECT_TRUE(works.read("furnace_temp", temperature).empty()) << temperature << " ℃";
  works.read("furnace_temp", 1610);
  EXPECT_EQ(works.at("furnace_temp"), "red");
  works.read("furnace_temp", 1480);
  works.read("furnace_temp", 1390);
  EXPECT_EQ(works.at("furnace_temp"), "yellow") << "going cold";
}

TEST(DefaultRules, AnAlarmBecomesTheIncidentTypeOfItsStation) {
  EXPECT_EQ(incident_type_of("geology", "earthquake", ""), "N01");
  EXPECT_EQ(incident_type_of("geology", "geology", ""), "N04");
  EXPECT_EQ(incident_type_of("mine", "mine", "coal"), "A03");
  EXPECT_EQ(incident_type_of("mine", "safety", "non_coal"), "A04");
  EXPECT_EQ(incident_type_of("mine", "mine", "tailings"), "A05");
  EXPECT_EQ(theme_of_station("safety", "tailings"), "mine");
}

}  // namespace
}  // namespace fenghuo::monitoring

// The monitoring part of the demo: what each demo station measures and when it alarms,
// with thresholds as the rules have them (煤矿安全规程 methane 1.0 %, CO 24 ppm; hazardous
// chemicals high and high-high limits; rivers' 警戒水位 and 保证水位), and a day of readings.
#include <boost/json.hpp>

#include "app/demo_data.h"
#include "app/services.h"
#include "monitoring/catalogue.h"
#include "monitoring/simulator.h"

namespace fenghuo {
namespace {

using boost::json::array;
using boost::json::object;

constexpr std::int64_t kHistoryMs = 24 * 3600000;
constexpr std::int64_t kStepMs = 30 * 60000;

object above(std::initializer_list<std::pair<const char*, double>> levels, double deadband) {
  array thresholds;
  for (const auto& [level, value] : levels)
    thresholds.push_back({{"level", level}, {"value", value}});
  return {{"kind", "above"}, {"thresholds", std::move(thresholds)}, {"deadband", deadband}};
}

// The metrics of a station of the theme: {metric code, rules}.
std::vector<std::pair<const char*, array>> metrics_of(const monitoring::StationInfo& s) {
  // A river's levels differ from station to station: 警戒水位 from the station id.
  double warning_level = 8 + static_cast<double>(s.id % 7) * 0.5;
  if (s.theme == "mine") {
    return {{"ch4",
             {above({{"yellow", 0.75}, {"red", 1.0}}, 0.05),
              object{{"kind", "silence"}, {"minutes", 30}, {"level", "orange"}}}},
            {"co", {above({{"orange", 24}, {"red", 50}}, 2)}}};
  }
  if (s.theme == "hazchem") {
    return {{"tank_level", {above({{"yellow", 85}, {"red", 95}}, 1)}},
            {"combustible_gas", {above({{"yellow", 25}, {"red", 50}}, 2)}}};
  }
  if (s.theme == "metallurgy") {
    return {{"co", {above({{"orange", 24}, {"red", 50}}, 2)}},
            {"furnace_temp", {above({{"yellow", 1400}, {"red", 1500}}, 10)}}};
  }
  if (s.theme == "forest") {
    return {{"fire_danger", {above({{"yellow", 3}, {"orange", 4}, {"red", 5}}, 0.5)}},
            {"humidity",
             {object{{"kind", "below"},
                     {"thresholds", array{object{{"level", "yellow"}, {"value", 30}},
                                          object{{"level", "orange"}, {"value", 20}}}},
                     {"deadband", 2}}}}};
  }
  if (s.theme == "geology") {
    if (s.category == "earthquake") {
      return {{"magnitude", {above({{"yellow", 4}, {"orange", 5}, {"red", 6}}, 0)}}, {"depth", {}}};
    }
    return {{"displacement", {above({{"yellow", 20}, {"red", 50}}, 1)}},
            {"crack", {above({{"yellow", 5}, {"red", 10}}, 0.2)}}};
  }
  if (s.category == "weather") {
    return {{"rainfall", {above({{"blue", 20}, {"yellow", 30}, {"orange", 50}, {"red", 80}}, 2)}},
            {"temperature", {}}};
  }
  return {{"water_level",
           {above({{"yellow", warning_level}, {"red", warning_level + 1.5}}, 0.05),
            object{{"kind", "rate"},
                   {"window_min", 60},
                   {"thresholds", array{object{{"level", "yellow"}, {"value", 0.5}}}},
                   {"deadband", 0.1}}}},
          {"rainfall", {above({{"blue", 20}, {"yellow", 30}, {"orange", 50}, {"red", 80}}, 2)}}};
}

}  // namespace

Result<int> load_demo_monitoring(Services& services) {
  auto& monitoring = *services.monitoring;
  if (!monitoring.configured().empty()) return 0;
  FENGHUO_TRY(monitoring.reload_stations());
  const Principal by = Principal::system("fenghuo demo-data");
  monitoring::StationQuery q;
  q.limit = 100000;
  FENGHUO_ASSIGN(page, monitoring.stations(by, q));
  int configured = 0;
  for (const auto& item : page.first) {
    monitoring::StationInfo s;
    s.id = std::stoll(std::string(item.at("id").as_string()));
    s.theme = std::string(item.at("theme").as_string());
    s.category = std::string(item.at("category").as_string());
    for (auto& [metric, rules] : metrics_of(s)) {
      FENGHUO_TRY(
          monitoring.set_metric(by, s.id, metric, object{{"rules", std::move(rules)}}).status());
    }
    ++configured;
  }
  // A day of readings, half-hourly, through the rules: some alarms open, some back to normal.
  monitoring::Simulator simulator(monitoring.configured());
  std::int64_t now = services.clock->now_ms();
  std::size_t per_step = monitoring.configured().size();
  for (std::int64_t t = now - kHistoryMs; t <= now; t += kStepMs) {
    FENGHUO_TRY(monitoring.ingest(by, simulator.next(per_step, t)).status());
  }
  return configured;
}

}  // namespace fenghuo

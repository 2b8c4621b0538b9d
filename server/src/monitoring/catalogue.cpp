#include "monitoring/catalogue.h"

#include <array>
#include <boost/json.hpp>

namespace fenghuo::monitoring {
namespace {

constexpr std::array kThemes = {
    Theme{"forest", "森林草原火灾", "Forest and grassland fire", "Fire"},
    Theme{"flood", "水旱灾害", "Flood and drought", "Met"},
    Theme{"geology", "地震地质", "Earthquake and geology", "Geo"},
    Theme{"hazchem", "危化品监测", "Hazardous chemicals", "CBRNE"},
    Theme{"mine", "智慧矿山", "Smart mines", "Safety"},
    Theme{"metallurgy", "冶金工贸", "Metallurgy and trade", "Safety"}};

constexpr std::array kMetrics = {
    Metric{1, "ch4", "甲烷", "Methane", "%", "mine"},
    Metric{2, "co", "一氧化碳", "Carbon monoxide", "ppm", "mine"},
    Metric{3, "wind_speed", "风速", "Wind speed", "m/s", "mine"},
    Metric{4, "temperature", "温度", "Temperature", "℃", "forest"},
    Metric{5, "water_level", "水位", "Water level", "m", "flood"},
    Metric{6, "rainfall", "雨量", "Rainfall", "mm", "flood"},
    Metric{7, "tank_level", "储罐液位", "Tank level", "%", "hazchem"},
    Metric{8, "pressure", "压力", "Pressure", "MPa", "hazchem"},
    Metric{9, "combustible_gas", "可燃气体", "Combustible gas", "%LEL", "hazchem"},
    Metric{10, "toxic_gas", "有毒气体", "Toxic gas", "ppm", "hazchem"},
    Metric{11, "fire_danger", "森林火险等级", "Fire danger rating", "级", "forest"},
    Metric{12, "humidity", "相对湿度", "Relative humidity", "%", "forest"},
    Metric{13, "displacement", "地表位移", "Ground displacement", "mm", "geology"},
    Metric{14, "crack", "裂缝宽度", "Crack width", "mm", "geology"},
    Metric{15, "magnitude", "震级", "Magnitude", "M", "geology"},
    Metric{16, "depth", "震源深度", "Focal depth", "km", "geology"},
    Metric{17, "furnace_temp", "炉温", "Furnace temperature", "℃", "metallurgy"},
    Metric{18, "dust", "粉尘浓度", "Dust concentration", "mg/m³", "metallurgy"},
    Metric{19, "rain_1h", "1小时累计雨量", "Rainfall in 1 h", "mm", "flood", "rainfall", 60},
    Metric{20, "rain_3h", "3小时累计雨量", "Rainfall in 3 h", "mm", "flood", "rainfall", 180},
    Metric{21, "rain_6h", "6小时累计雨量", "Rainfall in 6 h", "mm", "flood", "rainfall", 360},
    Metric{22, "rain_12h", "12小时累计雨量", "Rainfall in 12 h", "mm", "flood", "rainfall", 720},
    Metric{23, "rain_24h", "24小时累计雨量", "Rainfall in 24 h", "mm", "flood", "rainfall", 1440}};

constexpr std::array<std::string_view, 5> kLevels = {"", "blue", "yellow", "orange", "red"};

}  // namespace

std::span<const Theme> themes() { return kThemes; }

const Theme* find_theme(std::string_view code) {
  for (const auto& t : kThemes) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

std::span<const Metric> metrics() { return kMetrics; }

const Metric* find_metric(std::string_view code) {
  for (const auto& m : kMetrics) {
    if (m.code == code) return &m;
  }
  return nullptr;
}

const Metric* find_metric(int id) {
  for (const auto& m : kMetrics) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::string_view theme_of_station(std::string_view category, std::string_view enterprise_category) {
  if (category == "water" || category == "weather") return "flood";
  if (category == "forest") return "forest";
  if (category == "earthquake" || category == "geology") return "geology";
  if (category == "hazchem" || category == "mine" || category == "metallurgy") return category;
  if (enterprise_category == "coal" || enterprise_category == "non_coal" ||
      enterprise_category == "tailings") {
    return "mine";
  }
  if (enterprise_category == "metallurgy") return "metallurgy";
  return "hazchem";
}

int level_rank(std::string_view level) {
  for (std::size_t i = 1; i < kLevels.size(); ++i) {
    if (kLevels[i] == level) return static_cast<int>(i);
  }
  return 0;
}

std::string_view level_at(int rank) {
  return rank > 0 && rank < static_cast<int>(kLevels.size()) ? kLevels[rank] : "";
}

std::vector<std::pair<std::string_view, boost::json::array>> default_metrics(
    std::string_view category, std::string_view enterprise_category,
    const boost::json::object& attributes) {
  using boost::json::array;
  using boost::json::object;
  auto above = [](std::initializer_list<std::pair<const char*, double>> levels, double deadband) {
    array thresholds;
    for (const auto& [level, value] : levels)
      thresholds.push_back(object{{"level", level}, {"value", value}});
    return object{{"kind", "above"}, {"thresholds", std::move(thresholds)}, {"deadband", deadband}};
  };
  auto below = [](std::initializer_list<std::pair<const char*, double>> levels, double deadband) {
    array thresholds;
    for (const auto& [level, value] : levels)
      thresholds.push_back(object{{"level", level}, {"value", value}});
    return object{{"kind", "below"}, {"thresholds", std::move(thresholds)}, {"deadband", deadband}};
  };
  // Rainfall as it falls, and its sums with the levels of the CMA 暴雨 warning signal (气象灾害
  // 预警信号): blue 50 mm in 12 h, yellow 50 mm in 6 h, orange 50 mm in 3 h, red 100 mm in 3 h.
  auto rainfall = [&](std::vector<std::pair<std::string_view, array>>& out) {
    out.push_back({"rainfall", {}});
    out.push_back({"rain_1h", {}});
    out.push_back({"rain_3h", {above({{"orange", 50}, {"red", 100}}, 2)}});
    out.push_back({"rain_6h", {above({{"yellow", 50}}, 2)}});
    out.push_back({"rain_12h", {above({{"blue", 50}}, 2)}});
    out.push_back({"rain_24h", {}});
  };
  std::string_view theme = theme_of_station(category, enterprise_category);
  std::vector<std::pair<std::string_view, array>> out;
  if (theme == "mine") {
    // 煤矿安全规程: methane alarm at 1.0 %, power cut off at 1.5 % (working faces).
    out.push_back({"ch4",
                   {above({{"yellow", 0.75}, {"orange", 1.0}, {"red", 1.5}}, 0.05),
                    object{{"kind", "silence"}, {"minutes", 30}, {"level", "orange"}}}});
    out.push_back({"co", {above({{"orange", 24}, {"red", 50}}, 2)}});
  } else if (theme == "hazchem") {
    out.push_back({"tank_level", {above({{"yellow", 85}, {"red", 95}}, 1)}});
    out.push_back({"combustible_gas", {above({{"yellow", 25}, {"red", 50}}, 2)}});
  } else if (theme == "metallurgy") {
    out.push_back({"co", {above({{"orange", 24}, {"red", 50}}, 2)}});
    // Hot metal leaves a blast furnace at about 1450-1530 ℃: only past that is it an alarm,
    // and a furnace going cold (炉凉) below 1400 ℃.
    out.push_back({"furnace_temp",
                   {above({{"yellow", 1560}, {"red", 1600}}, 10), below({{"yellow", 1400}}, 10)}});
  } else if (theme == "forest") {
    out.push_back({"fire_danger", {above({{"yellow", 3}, {"orange", 4}, {"red", 5}}, 0.5)}});
    out.push_back({"humidity", {below({{"yellow", 30}, {"orange", 20}}, 2)}});
  } else if (category == "earthquake") {
    out.push_back({"magnitude", {above({{"yellow", 4}, {"orange", 5}, {"red", 6}}, 0)}});
    out.push_back({"depth", {}});
  } else if (theme == "geology") {
    out.push_back({"displacement", {above({{"yellow", 20}, {"red", 50}}, 1)}});
    out.push_back({"crack", {above({{"yellow", 5}, {"red", 10}}, 0.2)}});
  } else if (category == "weather") {
    rainfall(out);
    out.push_back({"temperature", {}});
  } else {
    // A river or reservoir: 警戒水位 yellow, 保证水位 orange, the record or design level red;
    // a level not above the one before it is left out.
    array thresholds;
    double last = -1e300;
    for (const auto& [key, level] :
         {std::pair{"warning_level", "yellow"}, std::pair{"guaranteed_level", "orange"},
          std::pair{"record_level", "red"}}) {
      const auto* v = attributes.if_contains(key);
      if (v == nullptr || !v->is_number()) continue;
      double value = v->to_number<double>();
      if (!(value > last)) continue;
      thresholds.push_back(object{{"level", level}, {"value", value}});
      last = value;
    }
    array rules;
    if (!thresholds.empty()) {
      rules.push_back(
          object{{"kind", "above"}, {"thresholds", std::move(thresholds)}, {"deadband", 0.05}});
    }
    rules.push_back(object{{"kind", "rate"},
                           {"window_min", 60},
                           {"thresholds", array{object{{"level", "yellow"}, {"value", 0.5}}}},
                           {"deadband", 0.1}});
    out.push_back({"water_level", std::move(rules)});
    rainfall(out);
  }
  return out;
}

std::string_view incident_type_of(std::string_view theme, std::string_view category,
                                  std::string_view enterprise_category) {
  if (category == "earthquake") return "N01";
  if (theme == "forest") return "N02";
  if (theme == "flood") return "N0301";
  if (theme == "geology") return "N04";
  if (theme == "mine") {
    if (enterprise_category == "non_coal") return "A04";
    if (enterprise_category == "tailings") return "A05";
    return "A03";
  }
  if (theme == "metallurgy") return "A06";
  return "A02";
}

boost::json::object catalogue_json() {
  boost::json::array themes, metrics;
  for (const auto& t : kThemes) {
    themes.push_back({{"code", t.code}, {"name", t.name}, {"name_en", t.name_en}});
  }
  for (const auto& m : kMetrics) {
    boost::json::object o{{"code", m.code},
                          {"name", m.name},
                          {"name_en", m.name_en},
                          {"unit", m.unit},
                          {"theme", m.theme}};
    if (!m.source.empty()) {
      o["source"] = m.source;
      o["window_min"] = m.window_min;
    }
    metrics.push_back(std::move(o));
  }
  return {{"themes", std::move(themes)}, {"metrics", std::move(metrics)}};
}

}  // namespace fenghuo::monitoring

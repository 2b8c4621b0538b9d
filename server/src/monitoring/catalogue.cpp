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
    Metric{6, "rainfall", "雨量", "Rainfall", "mm/h", "flood"},
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
    Metric{18, "dust", "粉尘浓度", "Dust concentration", "mg/m³", "metallurgy"}};

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
  if (enterprise_category == "coal" || enterprise_category == "non_coal") return "mine";
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

std::string_view incident_type_of(std::string_view theme) {
  if (theme == "forest") return "N02";
  if (theme == "flood") return "N0301";
  if (theme == "geology") return "N04";
  if (theme == "mine") return "A03";
  if (theme == "metallurgy") return "A06";
  return "A02";
}

boost::json::object catalogue_json() {
  boost::json::array themes, metrics;
  for (const auto& t : kThemes) {
    themes.push_back({{"code", t.code}, {"name", t.name}, {"name_en", t.name_en}});
  }
  for (const auto& m : kMetrics) {
    metrics.push_back({{"code", m.code},
                       {"name", m.name},
                       {"name_en", m.name_en},
                       {"unit", m.unit},
                       {"theme", m.theme}});
  }
  return {{"themes", std::move(themes)}, {"metrics", std::move(metrics)}};
}

}  // namespace fenghuo::monitoring

#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace fenghuo::monitoring {

// A monitoring theme (监测预警专题).
struct Theme {
  std::string_view code;  // forest | flood | geology | hazchem | mine | metallurgy
  std::string_view name;
  std::string_view name_en;
  // The CAP 1.2 category of warnings raised from its alarms (Fire, Met, Geo, CBRNE, Safety).
  std::string_view cap_category = "Other";
};

// A quantity stations report. `id` is what the readings table stores (never reuse one).
struct Metric {
  int id;
  std::string_view code;
  std::string_view name;
  std::string_view name_en;
  std::string_view unit;
  std::string_view theme;  // the theme it matters most for
  // Computed, not reported: the sum of `source`'s readings over the last `window_min` minutes
  // (rainfall accumulated over 1, 3, 6, 12 and 24 hours). Empty for a reported metric.
  std::string_view source = {};
  int window_min = 0;
};

std::span<const Theme> themes();
const Theme* find_theme(std::string_view code);
std::span<const Metric> metrics();
const Metric* find_metric(std::string_view code);
const Metric* find_metric(int id);

// The theme of a station: from its category, and for the generic "safety" category from the
// category of the enterprise it belongs to ("" when not known: hazchem).
std::string_view theme_of_station(std::string_view category, std::string_view enterprise_category);

// The metrics a new station measures, with their default alarm rules (the JSON that
// PUT .../metrics/{metric} takes as "rules"), by the station's category, the category of its
// enterprise and its attributes (a river station's 警戒水位 `warning_level`, 保证水位
// `guaranteed_level` and record or design level `record_level`, in metres):
//   mine      CH4 yellow 0.75 %, orange 1.0 % (报警), red 1.5 % (断电, 煤矿安全规程), silent
//             30 min orange; CO orange 24 ppm, red 50 ppm
//   water     water level yellow at 警戒水位, orange at 保证水位, red at the record/design level
//             (those the station has), a change of 0.5 m within an hour yellow; rainfall as
//             weather
//   weather   rainfall (mm since the previous reading) with its 1, 3, 6, 12 and 24 h sums; the
//             CMA 暴雨 signal: blue 50 mm in 12 h, yellow 50 mm in 6 h, orange 50 mm in 3 h,
//             red 100 mm in 3 h
//   metallurgy CO as mines; furnace (hot metal) temperature, normal 1450-1530 ℃: yellow 1560,
//             red 1600, too cold yellow 1400
// and hazchem, forest, earthquake and geology as DOMAIN.md's monitoring themes have them.
std::vector<std::pair<std::string_view, boost::json::array>> default_metrics(
    std::string_view category, std::string_view enterprise_category,
    const boost::json::object& attributes);

// Warning levels, most severe first: red 4, orange 3, yellow 2, blue 1; 0 for anything else.
int level_rank(std::string_view level);
std::string_view level_at(int rank);  // "" for 0

// The incident type (incidents/types.cpp) an alarm of a station becomes: an earthquake station
// an earthquake (N01), other geology stations a geological disaster (N04), a mine station a
// coal mine (A03), non-coal mine (A04) or tailings pond (A05) accident by its enterprise's
// category (a coal mine when not known: methane monitoring is a coal-mine system), and the
// other themes their plan's type.
std::string_view incident_type_of(std::string_view theme, std::string_view category,
                                  std::string_view enterprise_category);

// GET /api/v1/monitoring/catalogue
boost::json::object catalogue_json();

}  // namespace fenghuo::monitoring

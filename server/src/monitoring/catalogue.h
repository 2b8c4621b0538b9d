#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string_view>

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
};

std::span<const Theme> themes();
const Theme* find_theme(std::string_view code);
std::span<const Metric> metrics();
const Metric* find_metric(std::string_view code);
const Metric* find_metric(int id);

// The theme of a station: from its category, and for the generic "safety" category from the
// category of the enterprise it belongs to ("" when not known: hazchem).
std::string_view theme_of_station(std::string_view category, std::string_view enterprise_category);

// Warning levels, most severe first: red 4, orange 3, yellow 2, blue 1; 0 for anything else.
int level_rank(std::string_view level);
std::string_view level_at(int rank);  // "" for 0

// The incident type (incidents/types.cpp) an alarm of the theme becomes.
std::string_view incident_type_of(std::string_view theme);

// GET /api/v1/monitoring/catalogue
boost::json::object catalogue_json();

}  // namespace fenghuo::monitoring

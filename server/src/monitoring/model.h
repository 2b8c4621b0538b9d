#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "monitoring/rules.h"

namespace fenghuo::monitoring {

// A monitoring station (a resource of kind "station") as the monitoring module needs it.
struct StationInfo {
  std::int64_t id = 0;
  std::string code, name, category, theme, region, region_name, parent_name;
  std::string enterprise_category;  // of the enterprise it belongs to, if any
  std::optional<std::int64_t> parent_id;
  std::optional<double> lon, lat;
};

// An alarm raised by a rule. One per station, metric and rule while open; repeats count up.
struct Alarm {
  std::int64_t id = 0, station_id = 0;
  int metric = 0;
  std::string rule, theme, region, level, peak_level;
  std::optional<double> value, threshold;
  std::int64_t count = 1;
  bool active = true;
  std::int64_t opened_at = 0, raised_at = 0, updated_at = 0, version = 1;
  std::optional<std::int64_t> cleared_at, acknowledged_at, closed_at, alert_id, incident_id;
  std::string acknowledged_by, closed_by, close_reason;
  // How it was closed: "recovered" (back to normal and seen; closed_by is empty when the system
  // closed it), "manual" (closed_by closed it for close_reason); empty while open.
  std::string close_code;
};

// Which alarms a list shows: those still open, those closed, or all.
enum class AlarmState { kOpen, kClosed, kAll };
// "open" | "closed" | "all"; anything else is a validation error naming "state".
Result<AlarmState> parse_alarm_state(std::string_view text);

struct AlarmQuery {
  std::string theme, region;
  AlarmState state = AlarmState::kOpen;
  std::optional<std::int64_t> station;
  std::int64_t limit = 50, offset = 0;
};

struct StationQuery {
  std::string theme, region, text;
  std::int64_t limit = 500, offset = 0;
};

// What became of a batch of readings: the good ones are stored, each bad one is answered
// with its position and the reason.
struct IngestResult {
  std::int64_t accepted = 0, duplicates = 0;
  std::vector<std::pair<std::size_t, std::string>> rejected;
};
boost::json::object to_json(const IngestResult& r);

// A station metric that is configured, with its rules (for simulate and the demo).
struct Configured {
  StationInfo station;
  int metric = 0;
  std::vector<Rule> rules;
};

}  // namespace fenghuo::monitoring

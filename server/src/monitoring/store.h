#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/page.h"
#include "db/database.h"
#include "monitoring/model.h"

// SQL of the monitoring module: named statements, bound parameters, nothing else. Readings are
// read from `readings` and its inbox together (db/timeseries.h writes them). Functions answer
// kNotFound when a single record is missing.
namespace fenghuo::monitoring::store {

// ---- station metrics (their alarm rules) -----------------------------------------------------
struct MetricRules {
  std::int64_t station = 0;
  int metric = 0;
  std::string rules;  // JSON
};
Result<std::vector<MetricRules>> all_metric_rules(db::Connection& c);
Result<std::vector<MetricRules>> metric_rules_of(db::Connection& c, std::int64_t station);
// The ids of the stations that have any metric.
Result<std::unordered_set<std::int64_t>> stations_with_metrics(db::Connection& c);
Result<std::optional<std::int64_t>> metric_version(db::Connection& c, std::int64_t station,
                                                   int metric);
struct MetricWrite {
  std::int64_t station = 0;
  int metric = 0;
  std::string rules;  // JSON
  std::int64_t now = 0;
  std::string by;
};
Status insert_metric(db::Connection& c, const MetricWrite& m);
// Answers whether it was inserted (false: the station has the metric already).
Result<bool> insert_metric_if_absent(db::Connection& c, const MetricWrite& m);
Status update_metric(db::Connection& c, const MetricWrite& m);  // counts the version up
// Answers whether there was one.
Result<bool> delete_metric(db::Connection& c, std::int64_t station, int metric);

// ---- readings ---------------------------------------------------------------------------------
using TimedValue = std::pair<std::int64_t, double>;  // time, value
Result<std::optional<TimedValue>> latest_reading(db::Connection& c, std::int64_t station,
                                                 int metric);
// Oldest first.
Result<std::vector<TimedValue>> readings_since(db::Connection& c, std::int64_t station, int metric,
                                               std::int64_t since);
struct Bucket {
  std::int64_t index = 0;  // from `from`, in buckets
  double min = 0, max = 0, mean = 0;
  std::int64_t count = 0;
};
Result<std::vector<Bucket>> buckets(db::Connection& c, std::int64_t station, int metric,
                                    std::int64_t from, std::int64_t to, std::int64_t bucket_ms);
struct Quake {
  std::int64_t ts = 0;
  double magnitude = 0;
  std::optional<double> depth;
};
// The newest 200 magnitudes of a station since `from`, with the depth reported with each.
Result<std::vector<Quake>> quakes(db::Connection& c, std::int64_t station, int magnitude, int depth,
                                  std::int64_t from);

// What a station's answer needs from the database, for a page of stations at once.
struct MetricFacts {
  int metric = 0;
  std::string rules;
  std::int64_t version = 1;
  std::optional<TimedValue> last;  // in `readings` (not the inbox)
};
struct StationFacts {
  std::vector<MetricFacts> metrics;
  std::int64_t open_alarms = 0;
  int level = 0;
};
Result<std::unordered_map<std::int64_t, StationFacts>> station_facts(
    db::Connection& c, const std::vector<std::int64_t>& ids);

// ---- alarms -----------------------------------------------------------------------------------
Result<Alarm> find_alarm(db::Connection& c, std::int64_t id);
struct OpenAlarm {
  std::int64_t id = 0;
  std::string peak_level;
  bool acknowledged = false;
};
// The open alarm of a station metric's rule, if any.
Result<std::optional<OpenAlarm>> find_open_alarm(db::Connection& c, std::int64_t station,
                                                 int metric, const std::string& rule);
struct NewAlarm {
  std::int64_t station = 0;
  int metric = 0;
  std::string rule, theme, region, level;
  int rank = 0;
  double value = 0, threshold = 0;
  std::int64_t raised_at = 0, now = 0;
};
// Answers its id; nullopt when another process opened the same one meanwhile.
Result<std::optional<std::int64_t>> insert_alarm(db::Connection& c, const NewAlarm& a);
struct Raise {
  std::string level, peak_level;
  int rank = 0;
  double value = 0, threshold = 0;
  bool repeat = false;  // back from normal: counts one more and is raised again at `at`
  std::int64_t at = 0, now = 0;
};
Status raise_alarm(db::Connection& c, std::int64_t id, const Raise& r);
// Back to normal at `at`; closed by the system as well when `close` (it was seen): closed_by
// empty, close_code "recovered".
Status clear_alarm(db::Connection& c, std::int64_t id, std::int64_t at, std::int64_t now,
                   bool close);
// Seen by `by`; closed as well when `close` (back to normal already: close_code "recovered").
Status acknowledge_alarm(db::Connection& c, std::int64_t id, std::int64_t now,
                         const std::string& by, bool close);
Status close_alarm(db::Connection& c, std::int64_t id, std::int64_t now, const std::string& by,
                   const std::string& reason);
Status link_alert(db::Connection& c, std::int64_t id, std::int64_t alert_id);
// kConflict when the alarm is linked to an incident already.
Status link_incident(db::Connection& c, std::int64_t id, std::int64_t incident_id);

struct AlarmFilter {
  std::string region_pattern, theme;
  AlarmState state = AlarmState::kOpen;
  std::int64_t station = 0;  // 0: any
  std::int64_t limit = 50, offset = 0;
};
// Open: most severe, unacknowledged, longest open first; closed: last closed first; all: open
// ones first as open, then the rest newest first.
Result<Page<Alarm>> list_alarms(db::Connection& c, const AlarmFilter& f);

// The level of each open alarm (at start, so the rules do not raise them twice).
struct OpenLevel {
  std::int64_t station = 0;
  int metric = 0;
  std::string rule;
  int rank = 0;
  bool active = false;
};
Result<std::vector<OpenLevel>> open_alarm_levels(db::Connection& c);
struct LevelCount {
  std::string level;
  std::int64_t open = 0, unacknowledged = 0;
};
Result<std::vector<LevelCount>> open_alarms_by_level(db::Connection& c,
                                                     const std::string& region_pattern,
                                                     const std::string& theme);

}  // namespace fenghuo::monitoring::store

#pragma once

#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "monitoring/rules.h"
#include "realtime/bus.h"

namespace fenghuo::alerts {
class AlertService;
}
namespace fenghuo::incidents {
class IncidentService;
}

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
};

struct AlarmQuery {
  std::string theme, region, state = "open";  // open | closed | all
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

// Stations' metrics and alarm rules, readings in (HTTP batches and MQTT) with the rules
// evaluated as they arrive, downsampled range queries, and alarms: open, update, fold
// repeats, clear, acknowledge, close, and turn into a warning or an incident. Stations are
// seen by jurisdiction. Alarms are announced on topic "monitoring/{theme}", the latest
// readings there too (at most about once a second per county).
class MonitoringService {
 public:
  MonitoringService(db::Database& db, const Clock& clock, const audit::Log& audit,
                    realtime::Bus& bus, alerts::AlertService& alerts,
                    incidents::IncidentService& incidents);
  ~MonitoringService();

  // Loads stations, their rules, the open alarms and the last reading of every metric.
  Status load();
  // PostgreSQL: the monthly partitions of `readings` for this month and the next two (run at
  // load and daily; a month that has rows in the default partition already is left there).
  Status ensure_partitions();
  // Reads the stations again (after a bulk load that announced nothing).
  Status reload_stations();

  // The catalogue's default metrics and rules (catalogue.h, default_metrics) for a station
  // just created in `tx` (through the API or an import): those it has no rules for yet.
  // Audited; the rules apply from the next batch. Answers how many metrics were added.
  Result<int> add_default_metrics(db::Transaction& tx, const Principal& by, std::int64_t station);
  // The same for every station that has no metrics at all, in transactions of a few thousand
  // stations, applied at once (the demo). At most `limit` stations, spread evenly over the
  // stations in id order. Answers the stations configured.
  Result<std::int64_t> add_default_metrics_everywhere(const Principal& by, std::int64_t limit);

  // Readings: {"readings":[{station, metric, time, value}]} or the bare array. The station is
  // its code (站码) or id. Only stations in the caller's jurisdiction are accepted.
  Result<IngestResult> ingest(const Principal& by, const boost::json::value& body);
  Result<IngestResult> ingest_text(const Principal& by, std::string_view json);

  Result<std::pair<boost::json::array, std::int64_t>> stations(const Principal& by,
                                                               const StationQuery& q);
  Result<boost::json::object> station(const Principal& by, std::int64_t id);
  Result<boost::json::object> set_metric(const Principal& by, std::int64_t station,
                                         std::string_view metric, const boost::json::object& in);
  Result<boost::json::object> remove_metric(const Principal& by, std::int64_t station,
                                            std::string_view metric);
  // Min, max and mean per bucket over [from, to), at most `points` buckets.
  Result<boost::json::object> series(const Principal& by, std::int64_t station,
                                     std::string_view metric, std::int64_t from, std::int64_t to,
                                     int points);
  Result<boost::json::array> earthquakes(const Principal& by, int days,
                                         std::string_view region = {});
  Result<boost::json::object> summary(const Principal& by, std::string_view theme,
                                      std::string_view region = {});

  Result<std::pair<std::vector<Alarm>, std::int64_t>> alarms(const Principal& by,
                                                             const AlarmQuery& q);
  Result<Alarm> alarm(const Principal& by, std::int64_t id);
  Result<Alarm> acknowledge(const Principal& by, std::int64_t id);
  Result<Alarm> close(const Principal& by, std::int64_t id, const boost::json::object& in);
  // A manual warning of the alarm's level for the station's county, linked to the alarm.
  Result<std::pair<Alarm, boost::json::object>> to_warning(const Principal& by, std::int64_t id);
  // An incident intake of the theme's type at the station, linked to the alarm.
  Result<std::pair<Alarm, boost::json::object>> to_incident(const Principal& by, std::int64_t id);
  boost::json::object to_json(const Alarm& a) const;
  std::int64_t now_ms() const { return clock_.now_ms(); }
  static constexpr const char* kConfigTopic = "monitoring/config";

  // The timer's work: silence rules, and the latest readings out to the live pages.
  Status check();
  void flush_live();
  // SQLite: moves the readings that arrived into `readings`, in key order, in one go (a batch
  // commits into an append-only inbox; see migration 0007). Run about once a second.
  Status move_inbox();

  // For simulate: the stations and metrics that are configured, with their rules.
  struct Configured {
    StationInfo station;
    int metric = 0;
    std::vector<Rule> rules;
  };
  std::vector<Configured> configured() const;

 private:
  // The newest reading of each station metric since the last flush to the live pages.
  struct Latest {
    std::int64_t station = 0;
    int metric = 0;
    std::int64_t ts = -1;
    double value = 0;
  };
  Status load_stations(db::Connection& c);
  std::shared_ptr<const StationInfo> find_station(std::string_view code_or_id);
  std::shared_ptr<const StationInfo> station_by_id(std::int64_t id) const;
  Result<std::shared_ptr<const StationInfo>> visible_station(const Principal& by, std::int64_t id);
  // What a station's answer needs from the database, for a page of stations at once.
  struct MetricFacts {
    int metric = 0;
    std::string rules;
    std::int64_t version = 1;
    std::optional<std::pair<std::int64_t, double>> last;
  };
  struct StationFacts {
    std::vector<MetricFacts> metrics;
    std::int64_t open_alarms = 0;
    int level = 0;
  };
  Result<std::unordered_map<std::int64_t, StationFacts>> station_facts(
      db::Connection& c, const std::vector<std::int64_t>& ids);
  void add_seen_readings(std::unordered_map<std::int64_t, StationFacts>& facts) const;
  boost::json::object station_json(const StationInfo& s, const StationFacts& facts);
  Status apply(db::Transaction& tx, const std::vector<Transition>& changes);
  Result<Alarm> read_alarm(db::Connection& c, std::int64_t id);
  void announce(db::Transaction& tx, const Alarm& a);
  void announce_rules(db::Transaction& tx, const StationInfo& s);
  Result<Alarm> update_alarm(const Principal& by, std::int64_t id, const char* action,
                             const std::function<Status(db::Transaction&, Alarm&)>& change);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  alerts::AlertService& alerts_;
  incidents::IncidentService& incidents_;

  mutable std::mutex stations_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StationInfo>> by_code_;
  std::unordered_map<std::int64_t, std::shared_ptr<const StationInfo>> by_id_;
  std::int64_t stations_loaded_at_ = 0;
  std::uint64_t bus_subscription_ = 0;

  // The rule engine and the alarms it drives change together, one batch at a time.
  mutable std::mutex rules_mutex_;
  RuleEngine engine_;
  // Stations whose rules changed (here or in another process), read again before the next
  // batch. Guarded by stations_mutex_.
  std::vector<std::int64_t> rules_changed_;
  Status refresh_rules_locked();

  // SQLite: the readings in the inbox (and, for one more round, those just moved), so that a
  // repeat is known without searching the inbox. Keys as (station << 16 | metric, ts).
  struct KeyHash {
    std::size_t operator()(const std::pair<std::uint64_t, std::int64_t>& k) const {
      return std::hash<std::uint64_t>{}(k.first * 0x9E3779B97F4A7C15ULL ^
                                        static_cast<std::uint64_t>(k.second));
    }
  };
  using KeySet = std::unordered_set<std::pair<std::uint64_t, std::int64_t>, KeyHash>;
  std::mutex inbox_mutex_;
  KeySet inbox_keys_, moved_keys_;
  bool in_inbox(std::int64_t station, int metric, std::int64_t ts);

  std::mutex live_mutex_;
  std::unordered_map<std::uint64_t, Latest> pending_;
  std::atomic<std::int64_t> flushed_at_{0};
  std::atomic<std::int64_t> partitions_at_{0};
};

}  // namespace fenghuo::monitoring

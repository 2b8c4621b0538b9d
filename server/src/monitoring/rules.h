#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace fenghuo::monitoring {

// One level of a rule: the alarm reaches `level` (red|orange|yellow|blue) at `value`.
struct Threshold {
  std::string level;
  double value = 0;
};

// An alarm rule of one metric of one station, as stored in station_metrics.rules:
//   {"kind":"above","thresholds":[{"level":"yellow","value":0.75},{"level":"red","value":1.0}],
//    "deadband":0.05}                          value at or above a threshold
//   {"kind":"below", ...}                      value at or below a threshold
//   {"kind":"rate","window_min":60,"thresholds":[...],"deadband":0.1}
//                                              change over the window (either direction)
//   {"kind":"silence","minutes":10,"level":"orange"}   no reading for that long
// Hysteresis: a level once reached holds until the value is back past its threshold by the
// dead band, so a value hovering at a threshold does not flap.
struct Rule {
  enum class Kind { kAbove, kBelow, kRate, kSilence };
  Kind kind = Kind::kAbove;
  std::vector<Threshold> thresholds;
  double deadband = 0;
  int window_min = 60;
  int minutes = 10;
  std::string level;  // silence
};

std::string_view kind_name(Rule::Kind kind);
// Validates a JSON array of rules; errors name the field ("rules[1].thresholds[0].value").
Result<std::vector<Rule>> parse_rules(const boost::json::value& json);
boost::json::array rules_json(const std::vector<Rule>& rules);

// A change of an alarm condition: from level `from` to `to` (ranks, 0 = none).
struct Transition {
  std::int64_t station = 0;
  int metric = 0;
  Rule::Kind rule = Rule::Kind::kAbove;
  int from = 0, to = 0;
  double value = 0;      // the reading (silence: minutes without one)
  double threshold = 0;  // of level `to`, or of `from` when cleared
  std::int64_t at = 0;
};

// The state of every rule of every station metric, fed reading by reading. Not thread-safe:
// the monitoring service holds its lock around it. Readings older than the newest seen for
// their metric are stored by the caller but do not move the rules.
class RuleEngine {
 public:
  // Sets (replaces) the rules of a station metric; levels of rules that stay keep their state.
  // `now` starts the silence clock of a metric that never reported.
  void configure(std::int64_t station, int metric, std::vector<Rule> rules, std::int64_t now);
  void remove(std::int64_t station, int metric);
  bool configured(std::int64_t station, int metric) const;
  // The level an open alarm had when the process started, so it is not raised twice.
  void seed_level(std::int64_t station, int metric, Rule::Kind rule, int level);
  void seed_last(std::int64_t station, int metric, std::int64_t ts, double value);
  // The recent readings of a metric that others are computed from (rainfall), oldest first,
  // so that its sums hold across a restart.
  void seed_history(std::int64_t station, int metric,
                    const std::vector<std::pair<std::int64_t, double>>& readings);
  // The time of the newest reading of a configured metric (and with its value).
  std::optional<std::int64_t> last(std::int64_t station, int metric) const;
  std::optional<std::pair<std::int64_t, double>> last_reading(std::int64_t station,
                                                              int metric) const;
  // Every configured station metric with its rules.
  std::vector<std::pair<std::pair<std::int64_t, int>, std::vector<Rule>>> all() const;

  // A reading of a metric that others are computed from (catalogue: Metric::source) is also a
  // reading of each of those configured at the station: the sum over its window, at `ts`.
  void on_reading(std::int64_t station, int metric, std::int64_t ts, double value,
                  std::vector<Transition>& out);
  // Silence rules: a metric without a reading for its minutes raises; checked on a timer.
  void check_silence(std::int64_t now, std::vector<Transition>& out);

  // Undo for a batch whose transaction failed: remember series before changing them.
  void begin_batch();
  void rollback_batch();
  void commit_batch();

 private:
  struct Series {
    // Shared: a series is copied for undo on every batch that touches it.
    std::shared_ptr<const std::vector<Rule>> rules = std::make_shared<const std::vector<Rule>>();
    std::vector<int> levels;  // per rule
    std::int64_t last_ts = -1;
    double last_value = 0;
    std::int64_t since = 0;  // configured at (silence before the first reading)
    // Recent readings, for rate rules and computed sums: time, value, running total.
    struct Point {
      std::int64_t ts;
      double value, total;
    };
    std::deque<Point> window;
  };
  static std::uint64_t key(std::int64_t station, int metric) {
    return (static_cast<std::uint64_t>(station) << 16) ^ static_cast<std::uint64_t>(metric);
  }
  void save(std::uint64_t k, const Series& s);

  std::unordered_map<std::uint64_t, Series> series_;
  bool in_batch_ = false;
  std::unordered_map<std::uint64_t, Series> saved_;
};

}  // namespace fenghuo::monitoring

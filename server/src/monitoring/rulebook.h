#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "db/timeseries.h"
#include "monitoring/catalogue.h"
#include "monitoring/directory.h"
#include "monitoring/model.h"
#include "monitoring/rules.h"
#include "realtime/bus.h"

namespace fenghuo::monitoring {

// The alarm rules of every station metric (table station_metrics) and the rule engine they
// drive: set, removed and defaulted here (audited, announced on "monitoring/config" so that
// every process reads them again before its next batch); fed by ingestion and the silence
// check one batch at a time. Thread-safe: one lock around the engine.
class RuleBook {
 public:
  static constexpr const char* kConfigTopic = "monitoring/config";

  RuleBook(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
           StationDirectory& stations, const resources::ResourceService& resources);
  ~RuleBook();
  RuleBook(const RuleBook&) = delete;
  RuleBook& operator=(const RuleBook&) = delete;

  // Every station metric's rules, the last reading of each (and the last day of those that
  // others are summed from), and the levels of the open alarms.
  Status load();

  // Sets the rules of a station metric: `in` is {"rules": [...], "version"?}; a stale version
  // is kConflict naming "version".
  Status set(const Principal& by, const StationInfo& s, const Metric& m,
             const boost::json::object& in);
  // kNotFound when the station does not report the metric.
  Status remove(const Principal& by, const StationInfo& s, const Metric& m);

  // The catalogue's default metrics and rules (catalogue.h, default_metrics) for a station
  // just created in `tx` (through the API or an import): those it has no rules for yet.
  // Audited; the rules apply from the next batch. Answers how many metrics were added.
  Result<int> add_defaults(db::Transaction& tx, const Principal& by, std::int64_t station);
  // The same for every station that has no metrics at all, in transactions of a few thousand
  // stations, applied at once (the demo). At most `limit` stations, spread evenly over the
  // stations in id order. Answers the stations configured.
  Result<std::int64_t> add_defaults_everywhere(const Principal& by, std::int64_t limit);

  std::vector<Configured> configured() const;
  // The newest reading the rules saw of a station metric.
  std::optional<std::pair<std::int64_t, double>> last_reading(std::int64_t station,
                                                              int metric) const;
  // How many of `stations` reported any metric at or after `since`.
  std::int64_t reporting(const std::vector<std::int64_t>& stations, std::int64_t since) const;

  // A batch of readings about to be stored: reads again the rules that changed, refuses (with
  // `refuse(i)`) the points of metrics a station does not report, and marks the others fresh
  // when newer than any seen. Answers the points kept.
  Result<std::vector<db::Point>> screen(std::vector<db::Point>& points,
                                        const std::function<void(std::size_t)>& refuse);

  // Runs one batch through the engine: `feed` hands it readings or the clock; the transitions
  // it produced go to `apply` (one transaction); when that fails the batch is undone.
  using Feed = std::function<void(RuleEngine&, std::vector<Transition>&)>;
  using Apply = std::function<Status(const std::vector<Transition>&)>;
  Status evaluate(const Feed& feed, const Apply& apply);

 private:
  Status refresh_locked();
  void announce(db::Transaction& tx, const StationInfo& s);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  StationDirectory& stations_;
  const resources::ResourceService& resources_;
  std::uint64_t subscription_ = 0;

  // The rule engine and the alarms it drives change together, one batch at a time.
  mutable std::mutex mutex_;
  RuleEngine engine_;

  // Stations whose rules changed (here or in another process), read again before the next
  // batch. Its own lock: the bus may tell of a change while the engine's lock is held.
  std::mutex changed_mutex_;
  std::vector<std::int64_t> changed_;
};

}  // namespace fenghuo::monitoring

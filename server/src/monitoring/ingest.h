#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "db/timeseries.h"
#include "monitoring/alarms.h"
#include "monitoring/directory.h"
#include "monitoring/model.h"
#include "monitoring/rulebook.h"
#include "realtime/bus.h"

namespace fenghuo::monitoring {

// Readings in (HTTP batches, MQTT, the simulator): checked one by one, stored durably, run
// through the rules (alarms follow), and the latest of each station metric sent to the live
// pages on "monitoring/{theme}" about once a second per county. Thread-safe; batches are
// stored concurrently and evaluated one at a time.
class Ingestion {
 public:
  Ingestion(db::Database& db, const Clock& clock, realtime::Bus& bus, StationDirectory& stations,
            RuleBook& rules, AlarmService& alarms);

  // Readings: {"readings":[{station, metric, time, value}]} or the bare array. The station is
  // its code (站码) or id. Only stations in the caller's jurisdiction are accepted.
  Result<IngestResult> ingest(const Principal& by, const boost::json::value& body);
  Result<IngestResult> ingest_text(const Principal& by, std::string_view json);

  // The latest readings out to the live pages.
  void flush_live();
  // Storage upkeep (db/timeseries.h): the inbox moved (about once a second), the monthly
  // partitions made (at start and daily).
  Status move_inbox();
  Status ensure_partitions();
  std::int64_t partitions_at() const { return partitions_at_; }

 private:
  struct Checked;
  Checked check(const Principal& by, const boost::json::array& list, IngestResult& result);
  Result<std::vector<db::Point>> screen(Checked checked, IngestResult& result);
  Status evaluate(std::vector<db::Point>& stored);
  void note_latest(const std::vector<db::Point>& stored);

  db::Database& db_;
  const Clock& clock_;
  realtime::Bus& bus_;
  StationDirectory& stations_;
  RuleBook& rules_;
  AlarmService& alarms_;
  std::unique_ptr<db::TimeSeriesTable> readings_;
  std::atomic<std::int64_t> partitions_at_{0};

  // The newest reading of each station metric since the last flush to the live pages.
  struct Latest {
    std::int64_t station = 0;
    int metric = 0;
    std::int64_t ts = -1;
    double value = 0;
  };
  std::mutex live_mutex_;
  std::unordered_map<std::uint64_t, Latest> pending_;
  std::atomic<std::int64_t> flushed_at_{0};
};

}  // namespace fenghuo::monitoring

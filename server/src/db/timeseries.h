#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "db/database.h"

namespace fenghuo::db {

// One point of a time series. (station, metric, ts) is its key.
struct Point {
  std::int64_t station = 0;
  int metric = 0;
  std::int64_t ts = 0;
  double value = 0;
  bool fresh = false;  // newer than any point of its station metric seen: cannot be stored yet
};

// A table of points `TABLE (station, metric, ts, value)` keyed by (station, metric, ts), stored
// the way each database does best, so that callers never ask which one they are on:
//  - PostgreSQL: partitioned by month (`TABLE_YYYYMM`); a batch goes in as four arrays in one
//    statement.
//  - SQLite: a batch is appended to `TABLE_inbox` (see migration 0007) and moved into the table
//    by `move_inbox`, about once a second, so that writers commit quickly.
// Readers see every stored point as `TABLE` UNION ALL `TABLE_inbox` (the inbox is empty on
// PostgreSQL). Thread-safe.
class TimeSeriesTable {
 public:
  virtual ~TimeSeriesTable() = default;

  // Stores, in one transaction committed when it returns, the points not stored before.
  // `points` has distinct keys, sorted by key. Answers how many were stored.
  virtual Result<std::int64_t> append(std::span<const Point> points) = 0;
  // Moves what arrived in the inbox into the table, in key order (SQLite; nothing elsewhere).
  virtual Status move_inbox() { return {}; }
  // The monthly partitions for the month of `now_ms` (UTC) and the `months - 1` after it; a
  // month with rows in the default partition already is left there (PostgreSQL; nothing
  // elsewhere). A partition that cannot be made is logged, not answered.
  virtual Status ensure_partitions(std::int64_t now_ms, int months) {
    (void)now_ms;
    (void)months;
    return {};
  }
};

// The time series table `table` (a name from our own schema, never input) of `db`.
std::unique_ptr<TimeSeriesTable> open_time_series(Database& db, std::string table);

}  // namespace fenghuo::db

#include "db/timeseries.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fenghuo::db {
namespace {

// ---- PostgreSQL ---------------------------------------------------------------------------

// A batch as four arrays in one statement (much less to parse and plan than a long VALUES
// list). Points newer than any seen cannot be stored already: a plain INSERT (about half the
// work of one that looks for conflicts) unless the batch has others.
class PgTimeSeries final : public TimeSeriesTable {
 public:
  PgTimeSeries(Database& db, std::string table)
      : db_(db),
        table_(std::move(table)),
        insert_(std::string(kInsertHead) + table_ + std::string(kInsertFrom)),
        insert_new_(insert_ + " ON CONFLICT DO NOTHING") {}

  Result<std::int64_t> append(std::span<const Point> points) override {
    const bool all_fresh =
        std::all_of(points.begin(), points.end(), [](const Point& p) { return p.fresh; });
    auto arrays = as_arrays(points);
    std::int64_t stored = 0;
    auto insert = [&](bool skip_stored) {
      return db_.transact([&](Transaction& tx) -> Status {
        FENGHUO_ASSIGN(inserted, tx->execute(skip_stored ? insert_new_ : insert_, arrays));
        stored = inserted;
        return {};
      });
    };
    auto done = insert(!all_fresh);
    // Another process stored some of them meanwhile: again, skipping those.
    if (!done.ok() && all_fresh && done.error().code == ErrorCode::kConflict) done = insert(true);
    FENGHUO_TRY(done);
    return stored;
  }

  Status ensure_partitions(std::int64_t now_ms, int months) override {
    std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm utc{};
    gmtime_r(&t, &utc);
    for (int ahead = 0; ahead < months; ++ahead) {
      std::tm from{};
      from.tm_year = utc.tm_year + (utc.tm_mon + ahead) / 12;
      from.tm_mon = (utc.tm_mon + ahead) % 12;
      from.tm_mday = 1;
      std::tm to = from;
      to.tm_year = from.tm_year + (from.tm_mon + 1) / 12;
      to.tm_mon = (from.tm_mon + 1) % 12;
      std::int64_t from_ms = static_cast<std::int64_t>(timegm(&from)) * 1000;
      std::int64_t to_ms = static_cast<std::int64_t>(timegm(&to)) * 1000;
      char month[16];
      std::snprintf(month, sizeof month, "_%04d%02d", from.tm_year + 1900, from.tm_mon + 1);
      std::string name = table_ + month;
      auto made = db_.transact([&](Transaction& tx) -> Status {
        FENGHUO_ASSIGN(exists, tx->query(kRelationExists, {name}));
        if (!exists.empty()) return {};
        // Bounds are numbers we computed, not input: spliced, as DDL takes no parameters.
        return tx->execute_script("CREATE TABLE " + name + " PARTITION OF " + table_ +
                                  " FOR VALUES FROM (" + std::to_string(from_ms) + ") TO (" +
                                  std::to_string(to_ms) + ")");
      });
      if (!made.ok())
        spdlog::warn("{}: partition {} not created: {}", table_, name, made.error().message);
    }
    return {};
  }

 private:
  static constexpr std::string_view kInsertHead = "INSERT INTO ";
  static constexpr std::string_view kInsertFrom =
      " (station, metric, ts, value) "
      "SELECT * FROM unnest($1::integer[], $2::smallint[], $3::bigint[], $4::double precision[])";
  static constexpr std::string_view kRelationExists = "SELECT 1 FROM pg_class WHERE relname = $1";

  static std::vector<Param> as_arrays(std::span<const Point> points) {
    std::string stations = "{", metrics = "{", times = "{", values = "{";
    stations.reserve(points.size() * 8);
    times.reserve(points.size() * 15);
    values.reserve(points.size() * 12);
    char buf[32];
    for (std::size_t i = 0; i < points.size(); ++i) {
      const char* sep = i ? "," : "";
      stations += sep + std::to_string(points[i].station);
      metrics += sep + std::to_string(points[i].metric);
      times += sep + std::to_string(points[i].ts);
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, points[i].value);
      values += sep;
      values.append(buf, end);
    }
    for (auto* list : {&stations, &metrics, &times, &values}) *list += "}";
    return {std::move(stations), std::move(metrics), std::move(times), std::move(values)};
  }

  Database& db_;
  std::string table_;
  std::string insert_, insert_new_;
};

// ---- SQLite -------------------------------------------------------------------------------

constexpr std::size_t kRowsPerInsert = 100;
constexpr std::int64_t kMoveSlice = 20000;

std::string inbox_insert(const std::string& table, std::size_t rows) {
  std::string sql = "INSERT INTO " + table + "_inbox (station, metric, ts, value) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) {
    std::size_t p = i * 4;
    sql += (i ? ",(" : "(") + ("$" + std::to_string(p + 1)) + ",$" + std::to_string(p + 2) + ",$" +
           std::to_string(p + 3) + ",$" + std::to_string(p + 4) + ")";
  }
  return sql;
}

// Batches commit into an append-only inbox; a repeat is known from the keys in the inbox (kept
// here, so the inbox is never searched) or from the table.
class SqliteTimeSeries final : public TimeSeriesTable {
 public:
  SqliteTimeSeries(Database& db, const std::string& table)
      : db_(db),
        insert_many_(inbox_insert(table, kRowsPerInsert)),
        insert_one_(inbox_insert(table, 1)),
        stored_("SELECT 1 FROM " + table + " WHERE station = $1 AND metric = $2 AND ts = $3"),
        last_row_("SELECT MAX(rowid) FROM " + table + "_inbox"),
        first_row_("SELECT MIN(rowid) FROM " + table + "_inbox"),
        move_("INSERT INTO " + table +
              " (station, metric, ts, value) "
              "SELECT station, metric, ts, value FROM " +
              table +
              "_inbox WHERE rowid <= $1 "
              "ORDER BY station, metric, ts ON CONFLICT DO NOTHING"),
        delete_moved_("DELETE FROM " + table + "_inbox WHERE rowid <= $1") {}

  Result<std::int64_t> append(std::span<const Point> points) override {
    std::int64_t stored = 0;
    FENGHUO_TRY(db_.transact([&](Transaction& tx) -> Status {
      std::vector<Point> fresh;
      fresh.reserve(points.size());
      for (const auto& p : points) {
        if (!p.fresh) {
          FENGHUO_ASSIGN(before, stored_before(tx.connection(), p));
          if (before) continue;
        }
        fresh.push_back(p);
      }
      FENGHUO_TRY(insert(tx.connection(), fresh));
      stored = static_cast<std::int64_t>(fresh.size());
      tx.after_commit([this, fresh = std::move(fresh)] {
        std::lock_guard lock(keys_mutex_);
        for (const auto& p : fresh) inbox_keys_.insert(key_of(p));
      });
      return {};
    }));
    return stored;
  }

  Status move_inbox() override {
    {
      // Keys of points moved now stay known for one more round: a batch that committed into
      // the inbox just before the move notes its keys just after it.
      std::lock_guard lock(keys_mutex_);
      moved_keys_.swap(inbox_keys_);
      inbox_keys_.clear();
    }
    // In slices, so that batches arriving meanwhile wait for one slice, not the whole move.
    std::int64_t upto = 0;
    FENGHUO_TRY(db_.read([&](Connection& c) -> Status {
      FENGHUO_ASSIGN(last, c.query(last_row_));
      upto = last.empty() || last.is_null(0, 0) ? 0 : last.i64(0, 0);
      return {};
    }));
    for (bool more = upto > 0; more;) {
      FENGHUO_TRY(db_.transact([&](Transaction& tx) -> Status {
        FENGHUO_ASSIGN(first, tx->query(first_row_));
        if (first.empty() || first.is_null(0, 0) || first.i64(0, 0) > upto) {
          more = false;
          return {};
        }
        std::int64_t end = std::min(upto, first.i64(0, 0) + kMoveSlice - 1);
        more = end < upto;
        FENGHUO_TRY(tx->execute(move_, {end}).status());
        return tx->execute(delete_moved_, {end}).status();
      }));
    }
    return {};
  }

 private:
  using Key = std::pair<std::uint64_t, std::int64_t>;  // (station << 16 | metric, ts)
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::uint64_t>{}(k.first * 0x9E3779B97F4A7C15ULL ^
                                        static_cast<std::uint64_t>(k.second));
    }
  };
  static Key key_of(const Point& p) {
    return {(static_cast<std::uint64_t>(p.station) << 16) | static_cast<std::uint64_t>(p.metric),
            p.ts};
  }

  Result<bool> stored_before(Connection& c, const Point& p) {
    {
      auto k = key_of(p);
      std::lock_guard lock(keys_mutex_);
      if (inbox_keys_.contains(k) || moved_keys_.contains(k)) return true;
    }
    FENGHUO_ASSIGN(rows, c.query(stored_, {p.station, std::int64_t{p.metric}, p.ts}));
    return !rows.empty();
  }

  Status insert(Connection& c, const std::vector<Point>& points) {
    std::vector<Param> params;
    std::size_t i = 0;
    for (; i + kRowsPerInsert <= points.size(); i += kRowsPerInsert) {
      params.clear();
      params.reserve(kRowsPerInsert * 4);
      for (std::size_t j = i; j < i + kRowsPerInsert; ++j) {
        params.emplace_back(points[j].station);
        params.emplace_back(std::int64_t{points[j].metric});
        params.emplace_back(points[j].ts);
        params.emplace_back(points[j].value);
      }
      FENGHUO_TRY(c.execute(insert_many_, params).status());
    }
    for (; i < points.size(); ++i) {
      FENGHUO_TRY(c.execute(insert_one_, {points[i].station, std::int64_t{points[i].metric},
                                          points[i].ts, points[i].value})
                      .status());
    }
    return {};
  }

  Database& db_;
  const std::string insert_many_, insert_one_, stored_, last_row_, first_row_, move_, delete_moved_;
  std::mutex keys_mutex_;
  std::unordered_set<Key, KeyHash> inbox_keys_, moved_keys_;
};

}  // namespace

std::unique_ptr<TimeSeriesTable> open_time_series(Database& db, std::string table) {
  if (db.dialect() == Dialect::kPostgresql) {
    return std::make_unique<PgTimeSeries>(db, std::move(table));
  }
  return std::make_unique<SqliteTimeSeries>(db, table);
}

}  // namespace fenghuo::db

// Readings in: validation one by one, durable storage, the rules, and the live feed.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <tuple>

#include "core/time.h"
#include "monitoring/catalogue.h"
#include "monitoring/service.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::size_t kMaxBatch = 10000;
constexpr std::int64_t kMaxAheadMs = 5 * 60 * 1000;  // clocks in the field drift a little
constexpr std::int64_t kOldest = 946684800000;       // 2000-01-01
constexpr std::size_t kRowsPerInsert = 100;
constexpr std::size_t kItemsPerEvent = 60;  // keeps NOTIFY payloads small
constexpr std::int64_t kLiveEveryMs = 1000;

struct Good {
  std::size_t index;
  std::int64_t station;
  int metric;
  std::int64_t ts;
  double value;
  bool fresh = false;  // newer than any reading of its metric seen so far: cannot be a repeat
};

bool same_reading(const Good& a, const Good& b) {
  return a.station == b.station && a.metric == b.metric && a.ts == b.ts;
}

std::string insert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO readings_inbox (station, metric, ts, value) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) {
    std::size_t p = i * 4;
    sql += (i ? ",(" : "(") + ("$" + std::to_string(p + 1)) + ",$" + std::to_string(p + 2) + ",$" +
           std::to_string(p + 3) + ",$" + std::to_string(p + 4) + ")";
  }
  return sql;
}

const std::string& inbox_many() {
  static const std::string sql = insert_sql(kRowsPerInsert);
  return sql;
}
const std::string& inbox_one() {
  static const std::string sql = insert_sql(1);
  return sql;
}

// PostgreSQL takes a batch as four arrays in one statement (much less to parse and plan than
// a long VALUES list).
// Readings newer than any seen cannot be stored already: a plain INSERT (about half the work of
// one that looks for conflicts) unless `skip_stored`.
Result<std::int64_t> store_arrays(db::Connection& c, const std::vector<Good>& good,
                                  bool skip_stored) {
  std::string stations = "{", metrics = "{", times = "{", values = "{";
  stations.reserve(good.size() * 8);
  times.reserve(good.size() * 15);
  values.reserve(good.size() * 12);
  char buf[32];
  for (std::size_t i = 0; i < good.size(); ++i) {
    const char* sep = i ? "," : "";
    stations += sep + std::to_string(good[i].station);
    metrics += sep + std::to_string(good[i].metric);
    times += sep + std::to_string(good[i].ts);
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, good[i].value);
    values += sep;
    values.append(buf, end);
  }
  for (auto* list : {&stations, &metrics, &times, &values}) *list += "}";
  const char* plain =
      "INSERT INTO readings (station, metric, ts, value) "
      "SELECT * FROM unnest($1::integer[], $2::smallint[], $3::bigint[], $4::double precision[])";
  const char* skipping =
      "INSERT INTO readings (station, metric, ts, value) "
      "SELECT * FROM unnest($1::integer[], $2::smallint[], $3::bigint[], $4::double precision[]) "
      "ON CONFLICT DO NOTHING";
  return c.execute(skip_stored ? skipping : plain, {stations, metrics, times, values});
}

// SQLite: appended to the inbox (see migration 0007); the caller has left out readings stored
// before.
Status store_in_inbox(db::Connection& c, const std::vector<Good>& good) {
  std::vector<db::Param> params;
  std::size_t i = 0;
  for (; i + kRowsPerInsert <= good.size(); i += kRowsPerInsert) {
    params.clear();
    params.reserve(kRowsPerInsert * 4);
    for (std::size_t j = i; j < i + kRowsPerInsert; ++j) {
      params.emplace_back(good[j].station);
      params.emplace_back(std::int64_t{good[j].metric});
      params.emplace_back(good[j].ts);
      params.emplace_back(good[j].value);
    }
    FENGHUO_TRY(c.execute(inbox_many(), params).status());
  }
  for (; i < good.size(); ++i) {
    FENGHUO_TRY(c.execute(inbox_one(), {good[i].station, std::int64_t{good[i].metric}, good[i].ts,
                                        good[i].value})
                    .status());
  }
  return {};
}

// Whether a reading was moved into `readings` already.
Result<bool> in_readings(db::Connection& c, const Good& g) {
  FENGHUO_ASSIGN(rows,
                 c.query("SELECT 1 FROM readings WHERE station = $1 AND metric = $2 AND ts = $3",
                         {g.station, std::int64_t{g.metric}, g.ts}));
  return !rows.empty();
}

std::pair<std::uint64_t, std::int64_t> key_of(std::int64_t station, int metric, std::int64_t ts) {
  return {(static_cast<std::uint64_t>(station) << 16) | static_cast<std::uint64_t>(metric), ts};
}

}  // namespace

Result<IngestResult> MonitoringService::ingest_text(const Principal& by, std::string_view json) {
  boost::system::error_code ec;
  auto body = boost::json::parse(json, ec);
  if (ec) return Error::bad_request("the body is not JSON: " + ec.message());
  return ingest(by, body);
}

Result<IngestResult> MonitoringService::ingest(const Principal& by,
                                               const boost::json::value& body) {
  const boost::json::array* list = nullptr;
  if (body.is_array()) {
    list = &body.as_array();
  } else if (body.is_object()) {
    if (const auto* r = body.as_object().if_contains("readings"); r && r->is_array())
      list = &r->as_array();
  }
  if (list == nullptr) {
    return Error::validation("readings",
                             "send {\"readings\":[{\"station\",\"metric\",\"time\",\"value\"}]}");
  }
  if (list->size() > kMaxBatch) {
    return Error::validation("readings", "at most 10000 readings per batch");
  }

  IngestResult result;
  std::vector<Good> good;
  good.reserve(list->size());
  const std::int64_t now = clock_.now_ms();
  auto reject = [&](std::size_t i, std::string reason) {
    result.rejected.emplace_back(i, std::move(reason));
  };

  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i];
    if (!item.is_object()) {
      reject(i, "a reading is an object {station, metric, time, value}");
      continue;
    }
    const auto& o = item.as_object();
    const auto* station = o.if_contains("station");
    std::string station_key;
    if (station && station->is_string())
      station_key = std::string(station->as_string());
    else if (station && station->is_int64())
      station_key = std::to_string(station->as_int64());
    else if (station && station->is_uint64())
      station_key = std::to_string(station->as_uint64());
    if (station_key.empty()) {
      reject(i, "station is required (its code or id)");
      continue;
    }
    auto s = find_station(station_key);
    if (!s) {
      reject(i, "unknown station " + station_key);
      continue;
    }
    if (!by.covers(s->region)) {
      reject(i, "station " + station_key + " is outside your jurisdiction");
      continue;
    }
    const auto* metric = o.if_contains("metric");
    const Metric* m = metric && metric->is_string() ? find_metric(metric->as_string()) : nullptr;
    if (m == nullptr) {
      reject(i, metric && metric->is_string() ? "unknown metric " + std::string(metric->as_string())
                                              : "metric is required");
      continue;
    }
    if (!m->source.empty()) {
      reject(i, std::string(m->code) + " is computed from the " + std::string(m->source) +
                    " readings, not sent");
      continue;
    }
    const auto* time = o.if_contains("time");
    std::optional<std::int64_t> ts;
    if (time && time->is_string())
      ts = parse_rfc3339(time->as_string());
    else if (time && time->is_int64())
      ts = time->as_int64();
    if (!ts) {
      reject(i, time ? "time must be an RFC 3339 time or milliseconds since 1970"
                     : "time is required");
      continue;
    }
    if (*ts > now + kMaxAheadMs) {
      reject(i, "time " + format_rfc3339(*ts) + " is in the future");
      continue;
    }
    if (*ts < kOldest) {
      reject(i, "time " + format_rfc3339(*ts) + " is before 2000");
      continue;
    }
    const auto* value = o.if_contains("value");
    if (value == nullptr || !value->is_number()) {
      reject(i, "value must be a number");
      continue;
    }
    double v = value->to_number<double>();
    if (!std::isfinite(v)) {
      reject(i, "value must be a finite number");
      continue;
    }
    good.push_back({i, s->id, m->id, *ts, v});
  }

  // Which station metrics are configured, and which readings are newer than any seen.
  std::vector<Good> stored;
  {
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(refresh_rules_locked());
    stored.reserve(good.size());
    for (auto& g : good) {
      if (!engine_.configured(g.station, g.metric)) {
        reject(g.index, "station " + std::to_string(g.station) + " does not report " +
                            std::string(find_metric(g.metric)->code) +
                            " (add the metric to it first)");
        continue;
      }
      auto last = engine_.last(g.station, g.metric);
      g.fresh = !last || g.ts > *last;
      stored.push_back(g);
    }
  }
  // The same reading twice in one batch is stored once.
  std::stable_sort(stored.begin(), stored.end(), [](const Good& a, const Good& b) {
    return std::tie(a.station, a.metric, a.ts) < std::tie(b.station, b.metric, b.ts);
  });
  auto repeats = std::unique(stored.begin(), stored.end(), same_reading);
  result.duplicates = stored.end() - repeats;
  stored.erase(repeats, stored.end());

  // Stored and committed first, concurrently with other batches; the rules follow.
  const bool inbox = db_.dialect() == db::Dialect::kSqlite;
  if (!inbox) {
    const bool all_fresh =
        std::all_of(stored.begin(), stored.end(), [](const Good& g) { return g.fresh; });
    auto insert = [&](bool skip_stored) {
      return db_.transact([&](db::Transaction& tx) -> Status {
        FENGHUO_ASSIGN(inserted, store_arrays(tx.connection(), stored, skip_stored));
        result.accepted = inserted;
        return {};
      });
    };
    auto done = insert(!all_fresh);
    // Another process stored some of them meanwhile: again, skipping those.
    if (!done.ok() && all_fresh && done.error().code == ErrorCode::kConflict) done = insert(true);
    FENGHUO_TRY(done);
    result.duplicates += static_cast<std::int64_t>(stored.size()) - result.accepted;
  } else {
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      std::vector<Good> fresh;
      fresh.reserve(stored.size());
      for (const auto& g : stored) {
        if (!g.fresh) {
          bool before = in_inbox(g.station, g.metric, g.ts);
          if (!before) {
            FENGHUO_ASSIGN(found, in_readings(tx.connection(), g));
            before = found;
          }
          if (before) {
            ++result.duplicates;
            continue;
          }
        }
        fresh.push_back(g);
      }
      FENGHUO_TRY(store_in_inbox(tx.connection(), fresh));
      result.accepted = static_cast<std::int64_t>(fresh.size());
      tx.after_commit([this, fresh = std::move(fresh)] {
        std::lock_guard lock(inbox_mutex_);
        for (const auto& g : fresh) inbox_keys_.insert(key_of(g.station, g.metric, g.ts));
      });
      return {};
    }));
  }

  {
    std::lock_guard lock(rules_mutex_);
    // The rules see each metric's readings in time order.
    std::stable_sort(stored.begin(), stored.end(),
                     [](const Good& a, const Good& b) { return a.ts < b.ts; });
    std::vector<Transition> changes;
    engine_.begin_batch();
    for (const auto& g : stored) engine_.on_reading(g.station, g.metric, g.ts, g.value, changes);
    if (!changes.empty()) {
      auto done = db_.transact([&](db::Transaction& tx) { return apply(tx, changes); });
      if (!done.ok()) {
        engine_.rollback_batch();
        return std::move(done).error();
      }
    }
    engine_.commit_batch();
  }
  std::sort(result.rejected.begin(), result.rejected.end());

  if (!stored.empty()) {
    std::lock_guard lock(live_mutex_);
    for (const auto& g : stored) {
      auto& latest = pending_[(static_cast<std::uint64_t>(g.station) << 16) |
                              static_cast<std::uint64_t>(g.metric)];
      if (g.ts >= latest.ts) latest = {g.station, g.metric, g.ts, g.value};
    }
  }
  if (clock_.now_ms() - flushed_at_ >= kLiveEveryMs) flush_live();
  return result;
}

bool MonitoringService::in_inbox(std::int64_t station, int metric, std::int64_t ts) {
  auto k = key_of(station, metric, ts);
  std::lock_guard lock(inbox_mutex_);
  return inbox_keys_.contains(k) || moved_keys_.contains(k);
}

Status MonitoringService::move_inbox() {
  if (db_.dialect() != db::Dialect::kSqlite) return {};
  {
    // Keys of readings moved now stay known for one more round: a batch that committed
    // into the inbox just before the move notes its keys just after it.
    std::lock_guard lock(inbox_mutex_);
    moved_keys_.swap(inbox_keys_);
    inbox_keys_.clear();
  }
  // In slices, so that batches arriving meanwhile wait for one slice, not the whole move.
  constexpr std::int64_t kSlice = 20000;
  std::int64_t upto = 0;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(last, c.query("SELECT MAX(rowid) FROM readings_inbox"));
    upto = last.empty() || last.is_null(0, 0) ? 0 : last.i64(0, 0);
    return {};
  }));
  for (bool more = upto > 0; more;) {
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(first, tx->query("SELECT MIN(rowid) FROM readings_inbox"));
      if (first.empty() || first.is_null(0, 0) || first.i64(0, 0) > upto) {
        more = false;
        return {};
      }
      std::int64_t end = std::min(upto, first.i64(0, 0) + kSlice - 1);
      more = end < upto;
      FENGHUO_TRY(
          tx->execute("INSERT INTO readings (station, metric, ts, value) "
                      "SELECT station, metric, ts, value FROM readings_inbox WHERE rowid <= $1 "
                      "ORDER BY station, metric, ts ON CONFLICT DO NOTHING",
                      {end})
              .status());
      return tx->execute("DELETE FROM readings_inbox WHERE rowid <= $1", {end}).status();
    }));
  }
  return {};
}

void MonitoringService::flush_live() {
  std::unordered_map<std::uint64_t, Latest> latest;
  {
    std::lock_guard lock(live_mutex_);
    flushed_at_ = clock_.now_ms();
    if (pending_.empty()) return;
    latest.swap(pending_);
  }
  // One event per theme and county (users see what lies in their jurisdiction).
  std::map<std::pair<std::string, std::string>, boost::json::array> groups;
  for (const auto& [k, r] : latest) {
    auto s = station_by_id(r.station);
    if (!s) continue;
    const Metric* m = find_metric(r.metric);
    auto& items = groups[{s->theme, s->region}];
    items.push_back({{"station", std::to_string(r.station)},
                     {"metric", m ? m->code : ""},
                     {"time", format_rfc3339(r.ts)},
                     {"value", r.value}});
    if (items.size() >= kItemsPerEvent) {
      bus_.publish({"monitoring/" + s->theme, "readings",
                    boost::json::serialize(boost::json::object{{"items", std::move(items)}}),
                    s->region});
      items = {};
    }
  }
  for (auto& [key, items] : groups) {
    if (items.empty()) continue;
    bus_.publish({"monitoring/" + key.first, "readings",
                  boost::json::serialize(boost::json::object{{"items", std::move(items)}}),
                  key.second});
  }
}

Status MonitoringService::check() {
  if (clock_.now_ms() - partitions_at_ >= 24 * 3600000) FENGHUO_TRY(ensure_partitions());
  {
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(refresh_rules_locked());
    std::vector<Transition> changes;
    engine_.begin_batch();
    engine_.check_silence(clock_.now_ms(), changes);
    if (!changes.empty()) {
      auto done = db_.transact([&](db::Transaction& tx) { return apply(tx, changes); });
      if (!done.ok()) {
        engine_.rollback_batch();
        return done;
      }
    }
    engine_.commit_batch();
  }
  flush_live();
  return {};
}

}  // namespace fenghuo::monitoring

// Readings in: validation one by one, durable storage, the rules, and the live feed.
#include <algorithm>
#include <charconv>
#include <cmath>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/time.h"
#include "monitoring/catalogue.h"
#include "monitoring/service.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::size_t kMaxBatch = 10000;
constexpr std::int64_t kMaxAheadMs = 5 * 60 * 1000;   // clocks in the field drift a little
constexpr std::int64_t kOldest = 946684800000;         // 2000-01-01
constexpr std::size_t kRowsPerInsert = 100;
constexpr std::size_t kItemsPerEvent = 60;             // keeps NOTIFY payloads small
constexpr std::int64_t kLiveEveryMs = 1000;

struct Good {
  std::size_t index;
  std::int64_t station;
  int metric;
  std::int64_t ts;
  double value;
};

std::string insert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO readings (station, metric, ts, value) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) {
    std::size_t p = i * 4;
    sql += (i ? ",(" : "(") + ("$" + std::to_string(p + 1)) + ",$" + std::to_string(p + 2) + ",$" +
           std::to_string(p + 3) + ",$" + std::to_string(p + 4) + ")";
  }
  return sql + " ON CONFLICT DO NOTHING";
}

const std::string& insert_many() {
  static const std::string sql = insert_sql(kRowsPerInsert);
  return sql;
}
const std::string& insert_one() {
  static const std::string sql = insert_sql(1);
  return sql;
}

// Stores the readings; answers how many were new.
Result<std::int64_t> store(db::Connection& c, const std::vector<Good>& good) {
  std::int64_t inserted = 0;
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
    FENGHUO_ASSIGN(n, c.execute(insert_many(), params));
    inserted += n;
  }
  for (; i < good.size(); ++i) {
    FENGHUO_ASSIGN(n, c.execute(insert_one(), {good[i].station, std::int64_t{good[i].metric},
                                               good[i].ts, good[i].value}));
    inserted += n;
  }
  return inserted;
}

}  // namespace

Result<IngestResult> MonitoringService::ingest_text(const Principal& by, std::string_view json) {
  boost::system::error_code ec;
  auto body = boost::json::parse(json, ec);
  if (ec) return Error::bad_request("the body is not JSON: " + ec.message());
  return ingest(by, body);
}

Result<IngestResult> MonitoringService::ingest(const Principal& by, const boost::json::value& body) {
  const boost::json::array* list = nullptr;
  if (body.is_array()) {
    list = &body.as_array();
  } else if (body.is_object()) {
    if (const auto* r = body.as_object().if_contains("readings"); r && r->is_array()) list = &r->as_array();
  }
  if (list == nullptr) {
    return Error::validation("readings", "send {\"readings\":[{\"station\",\"metric\",\"time\",\"value\"}]}");
  }
  if (list->size() > kMaxBatch) {
    return Error::validation("readings", "at most 10000 readings per batch");
  }

  IngestResult result;
  std::vector<Good> good;
  good.reserve(list->size());
  const std::int64_t now = clock_.now_ms();
  auto reject = [&](std::size_t i, std::string reason) { result.rejected.emplace_back(i, std::move(reason)); };

  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i];
    if (!item.is_object()) {
      reject(i, "a reading is an object {station, metric, time, value}");
      continue;
    }
    const auto& o = item.as_object();
    const auto* station = o.if_contains("station");
    std::string station_key;
    if (station && station->is_string()) station_key = std::string(station->as_string());
    else if (station && station->is_int64()) station_key = std::to_string(station->as_int64());
    else if (station && station->is_uint64()) station_key = std::to_string(station->as_uint64());
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
    const auto* time = o.if_contains("time");
    std::optional<std::int64_t> ts;
    if (time && time->is_string()) ts = parse_rfc3339(time->as_string());
    else if (time && time->is_int64()) ts = time->as_int64();
    if (!ts) {
      reject(i, time ? "time must be an RFC 3339 time or milliseconds since 1970" : "time is required");
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

  std::vector<Good> stored;
  {
    std::lock_guard lock(rules_mutex_);
    FENGHUO_TRY(refresh_rules_locked());
    stored.reserve(good.size());
    for (auto& g : good) {
      if (engine_.configured(g.station, g.metric)) {
        stored.push_back(g);
      } else {
        reject(g.index, "station " + std::to_string(g.station) + " does not report " +
                            std::string(find_metric(g.metric)->code) + " (add the metric to it first)");
      }
    }
    // The rules see each metric's readings in time order.
    std::stable_sort(stored.begin(), stored.end(), [](const Good& a, const Good& b) { return a.ts < b.ts; });
    engine_.begin_batch();
    auto done = db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(inserted, store(tx.connection(), stored));
      result.accepted = inserted;
      result.duplicates = static_cast<std::int64_t>(stored.size()) - inserted;
      std::vector<Transition> changes;
      for (const auto& g : stored) engine_.on_reading(g.station, g.metric, g.ts, g.value, changes);
      return apply(tx, changes);
    });
    if (!done.ok()) {
      engine_.rollback_batch();
      return std::move(done).error();
    }
    engine_.commit_batch();
  }
  std::sort(result.rejected.begin(), result.rejected.end());

  if (!stored.empty()) {
    std::lock_guard lock(live_mutex_);
    for (const auto& g : stored) {
      auto& latest = pending_[(static_cast<std::uint64_t>(g.station) << 16) | static_cast<std::uint64_t>(g.metric)];
      if (g.ts >= latest.ts) latest = {g.station, g.metric, g.ts, g.value};
    }
  }
  if (clock_.now_ms() - flushed_at_ >= kLiveEveryMs) flush_live();
  return result;
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
    items.push_back({{"station", std::to_string(r.station)}, {"metric", m ? m->code : ""},
                     {"time", format_rfc3339(r.ts)}, {"value", r.value}});
    if (items.size() >= kItemsPerEvent) {
      bus_.publish({"monitoring/" + s->theme, "readings",
                    boost::json::serialize(boost::json::object{{"items", std::move(items)}}), s->region});
      items = {};
    }
  }
  for (auto& [key, items] : groups) {
    if (items.empty()) continue;
    bus_.publish({"monitoring/" + key.first, "readings",
                  boost::json::serialize(boost::json::object{{"items", std::move(items)}}), key.second});
  }
}

Status MonitoringService::check() {
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

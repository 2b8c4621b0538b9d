// Readings in: validation one by one, durable storage, the rules, and the live feed.
#include "monitoring/ingest.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <tuple>

#include "core/time.h"
#include "monitoring/catalogue.h"

namespace fenghuo::monitoring {
namespace {

constexpr std::size_t kMaxBatch = 10000;
constexpr std::int64_t kMaxAheadMs = 5 * 60 * 1000;  // clocks in the field drift a little
constexpr std::int64_t kOldest = 946684800000;       // 2000-01-01
constexpr std::size_t kItemsPerEvent = 60;           // keeps NOTIFY payloads small
constexpr std::int64_t kLiveEveryMs = 1000;
constexpr int kPartitionMonths = 3;  // this month and the next two

Result<const boost::json::array*> readings_of(const boost::json::value& body) {
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
  return list;
}

std::string station_key_of(const boost::json::value* station) {
  if (station && station->is_string()) return std::string(station->as_string());
  if (station && station->is_int64()) return std::to_string(station->as_int64());
  if (station && station->is_uint64()) return std::to_string(station->as_uint64());
  return "";
}

// One reading, or why it is refused (`reason`).
std::optional<db::Point> read_one(const boost::json::value& item, const Principal& by,
                                  StationDirectory& stations, std::int64_t now,
                                  std::string& reason) {
  if (!item.is_object()) {
    reason = "a reading is an object {station, metric, time, value}";
    return std::nullopt;
  }
  const auto& o = item.as_object();
  std::string station_key = station_key_of(o.if_contains("station"));
  if (station_key.empty()) {
    reason = "station is required (its code or id)";
    return std::nullopt;
  }
  auto s = stations.find(station_key);
  if (!s) {
    reason = "unknown station " + station_key;
    return std::nullopt;
  }
  if (!by.covers(s->region)) {
    reason = "station " + station_key + " is outside your jurisdiction";
    return std::nullopt;
  }
  const auto* metric = o.if_contains("metric");
  const Metric* m = metric && metric->is_string() ? find_metric(metric->as_string()) : nullptr;
  if (m == nullptr) {
    reason = metric && metric->is_string() ? "unknown metric " + std::string(metric->as_string())
                                           : "metric is required";
    return std::nullopt;
  }
  if (!m->source.empty()) {
    reason = std::string(m->code) + " is computed from the " + std::string(m->source) +
             " readings, not sent";
    return std::nullopt;
  }
  const auto* time = o.if_contains("time");
  std::optional<std::int64_t> ts;
  if (time && time->is_string())
    ts = parse_rfc3339(time->as_string());
  else if (time && time->is_int64())
    ts = time->as_int64();
  if (!ts) {
    reason = time ? "time must be an RFC 3339 time or milliseconds since 1970" : "time is required";
    return std::nullopt;
  }
  if (*ts > now + kMaxAheadMs) {
    reason = "time " + format_rfc3339(*ts) + " is in the future";
    return std::nullopt;
  }
  if (*ts < kOldest) {
    reason = "time " + format_rfc3339(*ts) + " is before 2000";
    return std::nullopt;
  }
  const auto* value = o.if_contains("value");
  if (value == nullptr || !value->is_number()) {
    reason = "value must be a number";
    return std::nullopt;
  }
  double v = value->to_number<double>();
  if (!std::isfinite(v)) {
    reason = "value must be a finite number";
    return std::nullopt;
  }
  return db::Point{s->id, m->id, *ts, v};
}

bool same_key(const db::Point& a, const db::Point& b) {
  return a.station == b.station && a.metric == b.metric && a.ts == b.ts;
}

// The same reading twice in one batch is stored once. Answers how many were left out.
std::int64_t drop_repeats(std::vector<db::Point>& points) {
  std::stable_sort(points.begin(), points.end(), [](const db::Point& a, const db::Point& b) {
    return std::tie(a.station, a.metric, a.ts) < std::tie(b.station, b.metric, b.ts);
  });
  auto repeats = std::unique(points.begin(), points.end(), same_key);
  auto dropped = static_cast<std::int64_t>(points.end() - repeats);
  points.erase(repeats, points.end());
  return dropped;
}

std::uint64_t series_key(std::int64_t station, int metric) {
  return (static_cast<std::uint64_t>(station) << 16) | static_cast<std::uint64_t>(metric);
}

}  // namespace

boost::json::object to_json(const IngestResult& r) {
  boost::json::array rejected;
  for (const auto& [index, reason] : r.rejected) {
    rejected.push_back({{"index", index}, {"reason", reason}});
  }
  return {
      {"accepted", r.accepted}, {"duplicates", r.duplicates}, {"rejected", std::move(rejected)}};
}

// The readings that passed their checks, with their positions in the batch.
struct Ingestion::Checked {
  std::vector<db::Point> points;
  std::vector<std::size_t> index;
};

Ingestion::Ingestion(db::Database& db, const Clock& clock, realtime::Bus& bus,
                     StationDirectory& stations, RuleBook& rules, AlarmService& alarms)
    : db_(db),
      clock_(clock),
      bus_(bus),
      stations_(stations),
      rules_(rules),
      alarms_(alarms),
      readings_(db::open_time_series(db, "readings")) {}

Result<IngestResult> Ingestion::ingest_text(const Principal& by, std::string_view json) {
  boost::system::error_code ec;
  auto body = boost::json::parse(json, ec);
  if (ec) return Error::bad_request("the body is not JSON: " + ec.message());
  return ingest(by, body);
}

Result<IngestResult> Ingestion::ingest(const Principal& by, const boost::json::value& body) {
  FENGHUO_ASSIGN(list, readings_of(body));
  IngestResult result;
  // Which readings are sound, which station metrics are configured, which are new.
  FENGHUO_ASSIGN(stored, screen(check(by, *list, result), result));
  result.duplicates += drop_repeats(stored);
  // Stored and committed first, concurrently with other batches; the rules follow.
  FENGHUO_ASSIGN(accepted, readings_->append(stored));
  result.accepted = accepted;
  result.duplicates += static_cast<std::int64_t>(stored.size()) - accepted;
  FENGHUO_TRY(evaluate(stored));
  std::sort(result.rejected.begin(), result.rejected.end());
  note_latest(stored);
  if (clock_.now_ms() - flushed_at_ >= kLiveEveryMs) flush_live();
  return result;
}

Ingestion::Checked Ingestion::check(const Principal& by, const boost::json::array& list,
                                    IngestResult& result) {
  Checked checked;
  checked.points.reserve(list.size());
  checked.index.reserve(list.size());
  const std::int64_t now = clock_.now_ms();
  std::string reason;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (auto point = read_one(list[i], by, stations_, now, reason)) {
      checked.points.push_back(*point);
      checked.index.push_back(i);
    } else {
      result.rejected.emplace_back(i, std::move(reason));
    }
  }
  return checked;
}

Result<std::vector<db::Point>> Ingestion::screen(Checked checked, IngestResult& result) {
  auto& points = checked.points;
  return rules_.screen(points, [&](std::size_t i) {
    result.rejected.emplace_back(
        checked.index[i], "station " + std::to_string(points[i].station) + " does not report " +
                              std::string(find_metric(points[i].metric)->code) +
                              " (add the metric to it first)");
  });
}

Status Ingestion::evaluate(std::vector<db::Point>& stored) {
  // The rules see each metric's readings in time order.
  std::stable_sort(stored.begin(), stored.end(),
                   [](const db::Point& a, const db::Point& b) { return a.ts < b.ts; });
  return rules_.evaluate(
      [&](RuleEngine& engine, std::vector<Transition>& changes) {
        for (const auto& p : stored) engine.on_reading(p.station, p.metric, p.ts, p.value, changes);
      },
      [&](const std::vector<Transition>& changes) { return alarms_.apply(changes); });
}

void Ingestion::note_latest(const std::vector<db::Point>& stored) {
  if (stored.empty()) return;
  std::lock_guard lock(live_mutex_);
  for (const auto& p : stored) {
    auto& latest = pending_[series_key(p.station, p.metric)];
    if (p.ts >= latest.ts) latest = {p.station, p.metric, p.ts, p.value};
  }
}

Status Ingestion::move_inbox() { return readings_->move_inbox(); }

Status Ingestion::ensure_partitions() {
  const std::int64_t now = clock_.now_ms();
  partitions_at_ = now;
  return readings_->ensure_partitions(now, kPartitionMonths);
}

void Ingestion::flush_live() {
  std::unordered_map<std::uint64_t, Latest> latest;
  {
    std::lock_guard lock(live_mutex_);
    flushed_at_ = clock_.now_ms();
    if (pending_.empty()) return;
    latest.swap(pending_);
  }
  auto publish = [&](const std::string& theme, const std::string& region,
                     boost::json::array items) {
    bus_.publish({"monitoring/" + theme, "readings",
                  boost::json::serialize(boost::json::object{{"items", std::move(items)}}),
                  region});
  };
  // One event per theme and county (users see what lies in their jurisdiction).
  std::map<std::pair<std::string, std::string>, boost::json::array> groups;
  for (const auto& [k, r] : latest) {
    auto s = stations_.by_id(r.station);
    if (!s) continue;
    const Metric* m = find_metric(r.metric);
    auto& items = groups[{s->theme, s->region}];
    items.push_back({{"station", std::to_string(r.station)},
                     {"metric", m ? m->code : ""},
                     {"time", format_rfc3339(r.ts)},
                     {"value", r.value}});
    if (items.size() >= kItemsPerEvent) {
      publish(s->theme, s->region, std::move(items));
      items = {};
    }
  }
  for (auto& [key, items] : groups) {
    if (!items.empty()) publish(key.first, key.second, std::move(items));
  }
}

}  // namespace fenghuo::monitoring

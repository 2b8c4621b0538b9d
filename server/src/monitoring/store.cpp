#include "monitoring/store.h"

#include "db/query.h"

namespace fenghuo::monitoring::store {
namespace {

constexpr std::span<const db::Param> kNoParams{};

// ---- station metrics --------------------------------------------------------------------------
constexpr std::string_view kAllMetricRules =
    "SELECT station_id, metric, rules FROM station_metrics";
constexpr std::string_view kMetricRulesOf =
    "SELECT station_id, metric, rules FROM station_metrics WHERE station_id = $1";
constexpr std::string_view kStationsWithMetrics = "SELECT DISTINCT station_id FROM station_metrics";
constexpr std::string_view kMetricVersion =
    "SELECT version FROM station_metrics WHERE station_id = $1 AND metric = $2";
constexpr std::string_view kInsertMetric =
    "INSERT INTO station_metrics (station_id, metric, rules, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kInsertMetricIfAbsent =
    "INSERT INTO station_metrics (station_id, metric, rules, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (station_id, metric) DO NOTHING";
constexpr std::string_view kUpdateMetric =
    "UPDATE station_metrics SET rules = $3, updated_at = $4, updated_by = $5, "
    "version = version + 1 WHERE station_id = $1 AND metric = $2";
constexpr std::string_view kDeleteMetric =
    "DELETE FROM station_metrics WHERE station_id = $1 AND metric = $2";

MetricRules metric_rules_of_row(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), static_cast<int>(r.i64(i, 1)), r.text(i, 2)};
}

// ---- readings ---------------------------------------------------------------------------------
constexpr std::string_view kLatestReading =
    "SELECT ts, value FROM readings WHERE station = $1 AND metric = $2 ORDER BY ts DESC LIMIT 1";
constexpr std::string_view kLatestInInbox =
    "SELECT ts, value FROM readings_inbox WHERE station = $1 AND metric = $2 "
    "ORDER BY ts DESC LIMIT 1";
constexpr std::string_view kReadingsSince =
    "SELECT ts, value FROM readings WHERE station = $1 AND metric = $2 AND ts >= $3 "
    "UNION ALL SELECT ts, value FROM readings_inbox WHERE station = $1 AND "
    "metric = $2 AND ts >= $3 ORDER BY 1";
constexpr std::string_view kBuckets =
    "SELECT (ts - $3) / $5 AS b, MIN(value), MAX(value), AVG(value), COUNT(*) FROM ("
    "SELECT ts, value FROM readings WHERE station = $1 AND metric = $2 AND ts >= $3 "
    "AND ts < $4 "
    "UNION ALL SELECT ts, value FROM readings_inbox WHERE station = $1 AND metric = $2 "
    "AND ts >= $3 AND ts < $4) r GROUP BY b ORDER BY b";
constexpr std::string_view kQuakes =
    "WITH r AS (SELECT metric, ts, value FROM readings WHERE station = $1 "
    "AND metric IN ($2, $3) "
    "AND ts >= $4 UNION ALL SELECT metric, ts, value FROM readings_inbox "
    "WHERE station = $1 "
    "AND metric IN ($2, $3) AND ts >= $4) "
    "SELECT m.ts, m.value, d.value FROM r m LEFT JOIN r d ON d.metric = "
    "$3 AND d.ts = m.ts "
    "WHERE m.metric = $2 ORDER BY m.ts DESC LIMIT 200";
// The ids of a page are spliced (numbers from our own directory): one statement per page.
constexpr std::string_view kFactsMetricsHead =
    "SELECT m.station_id, m.metric, m.rules, m.version, "
    "(SELECT r.ts FROM readings r WHERE r.station = m.station_id AND r.metric = m.metric "
    "ORDER BY r.ts DESC LIMIT 1), "
    "(SELECT r.value FROM readings r WHERE r.station = m.station_id AND r.metric = m.metric "
    "ORDER BY r.ts DESC LIMIT 1) "
    "FROM station_metrics m WHERE m.station_id IN (";
constexpr std::string_view kFactsMetricsTail = ") ORDER BY m.station_id, m.metric";
constexpr std::string_view kFactsAlarmsHead =
    "SELECT station_id, COUNT(*), MAX(level_rank) FROM alarms "
    "WHERE closed_at IS NULL AND station_id IN (";
constexpr std::string_view kFactsAlarmsTail = ") GROUP BY station_id";

TimedValue timed_value_of(const db::Rows& r, std::size_t i) { return {r.i64(i, 0), r.f64(i, 1)}; }

// ---- alarms -----------------------------------------------------------------------------------
constexpr std::string_view kAlarmColumns =
    "SELECT id, station_id, metric, rule, theme, region, level, peak_level, value, threshold, "
    "count, active, opened_at, raised_at, cleared_at, acknowledged_at, acknowledged_by, "
    "closed_at, closed_by, close_reason, alert_id, incident_id, updated_at, version, close_code "
    "FROM alarms ";
constexpr std::string_view kFindOpenAlarm =
    "SELECT id, peak_level, acknowledged_at FROM alarms WHERE station_id = $1 "
    "AND metric = $2 AND rule = $3 AND closed_at IS NULL";
// Another process may have opened it meanwhile: then nothing is inserted.
constexpr std::string_view kInsertAlarm =
    "INSERT INTO alarms (station_id, metric, rule, theme, region, level, level_rank, peak_level, "
    "value, threshold, opened_at, raised_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $10, $11) "
    "ON CONFLICT (station_id, metric, rule) WHERE closed_at IS NULL DO NOTHING RETURNING id";
constexpr std::string_view kRaiseAlarm =
    "UPDATE alarms SET level = $2, level_rank = $3, peak_level = $4, value = $5, threshold = $6, "
    "count = count + $7, active = 1, cleared_at = NULL, raised_at = CASE WHEN $7 = 1 THEN $8 "
    "ELSE raised_at END, updated_at = $9, version = version + 1 WHERE id = $1";
// Closed by the system (no one's name), back to normal: the pages word the code.
constexpr std::string_view kClearAndCloseAlarm =
    "UPDATE alarms SET active = 0, cleared_at = $2, closed_at = $3, closed_by = '', "
    "close_code = 'recovered', close_reason = '', updated_at = $3, version = version + 1 "
    "WHERE id = $1";
constexpr std::string_view kClearAlarm =
    "UPDATE alarms SET active = 0, cleared_at = $2, updated_at = $3, "
    "version = version + 1 WHERE id = $1";
constexpr std::string_view kAcknowledgeAlarm =
    "UPDATE alarms SET acknowledged_at = $2, acknowledged_by = $3, updated_at = $2, "
    "version = version + 1 WHERE id = $1";
constexpr std::string_view kAcknowledgeAndCloseAlarm =
    "UPDATE alarms SET acknowledged_at = $2, acknowledged_by = $3, closed_at = $2, "
    "closed_by = $3, close_code = 'recovered', close_reason = '', updated_at = $2, "
    "version = version + 1 "
    "WHERE id = $1";
constexpr std::string_view kCloseAlarm =
    "UPDATE alarms SET closed_at = $2, closed_by = $3, close_code = 'manual', close_reason = $4, "
    "acknowledged_at = COALESCE(acknowledged_at, $2), "
    "acknowledged_by = CASE WHEN acknowledged_by = '' THEN $3 ELSE acknowledged_by END, "
    "updated_at = $2, version = version + 1 WHERE id = $1";
constexpr std::string_view kLinkAlert =
    "UPDATE alarms SET alert_id = $2, version = version + 1 WHERE id = $1";
// Only once: an alarm another request turned into an incident meanwhile stays with that one.
constexpr std::string_view kLinkIncident =
    "UPDATE alarms SET incident_id = $2, version = version + 1 WHERE id = $1 "
    "AND incident_id IS NULL";
constexpr std::string_view kOpenAlarmLevels =
    "SELECT station_id, metric, rule, level_rank, active FROM alarms WHERE closed_at IS NULL";
constexpr std::string_view kOpenAlarmsByLevel =
    "SELECT level, COUNT(*), SUM(CASE WHEN acknowledged_at IS NULL THEN 1 ELSE 0 END) FROM "
    "alarms WHERE closed_at IS NULL AND region LIKE $1 AND ($2 = '' OR theme = $2) "
    "GROUP BY level";

// Lists: one WHERE and ORDER BY per state; $4, $5 are the limit and offset.
constexpr std::string_view kAlarmWhere =
    "WHERE region LIKE $1 AND ($2 = '' OR theme = $2) AND ($3 = 0 OR station_id = $3) ";
constexpr std::string_view kOpenOnly = "AND closed_at IS NULL ";
constexpr std::string_view kClosedOnly = "AND closed_at IS NOT NULL ";
constexpr std::string_view kOpenOrder =
    "ORDER BY level_rank DESC, CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END, opened_at, "
    "id ";
constexpr std::string_view kClosedOrder = "ORDER BY closed_at DESC, id DESC ";
constexpr std::string_view kAllOrder =
    "ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, level_rank DESC, "
    "CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END, opened_at DESC, id DESC ";
constexpr std::string_view kPaged = "LIMIT $4 OFFSET $5";

struct AlarmList {
  std::string count, page;
};
AlarmList alarm_list(std::string_view only, std::string_view order) {
  std::string where = std::string(kAlarmWhere) + std::string(only);
  return {"SELECT COUNT(*) FROM alarms " + where,
          std::string(kAlarmColumns) + where + std::string(order) + std::string(kPaged)};
}
const AlarmList& alarm_list(AlarmState state) {
  static const AlarmList open = alarm_list(kOpenOnly, kOpenOrder);
  static const AlarmList closed = alarm_list(kClosedOnly, kClosedOrder);
  static const AlarmList all = alarm_list("", kAllOrder);
  switch (state) {
    case AlarmState::kOpen:
      return open;
    case AlarmState::kClosed:
      return closed;
    case AlarmState::kAll:
      break;
  }
  return all;
}

Alarm alarm_of(const db::Rows& r, std::size_t i) {
  Alarm a;
  a.id = r.i64(i, 0);
  a.station_id = r.i64(i, 1);
  a.metric = static_cast<int>(r.i64(i, 2));
  a.rule = r.text(i, 3);
  a.theme = r.text(i, 4);
  a.region = r.text(i, 5);
  a.level = r.text(i, 6);
  a.peak_level = r.text(i, 7);
  if (!r.is_null(i, 8)) a.value = r.f64(i, 8);
  if (!r.is_null(i, 9)) a.threshold = r.f64(i, 9);
  a.count = r.i64(i, 10);
  a.active = r.i64(i, 11) != 0;
  a.opened_at = r.i64(i, 12);
  a.raised_at = r.i64(i, 13);
  a.cleared_at = r.opt_i64(i, 14);
  a.acknowledged_at = r.opt_i64(i, 15);
  a.acknowledged_by = r.text(i, 16);
  a.closed_at = r.opt_i64(i, 17);
  a.closed_by = r.text(i, 18);
  a.close_reason = r.text(i, 19);
  a.alert_id = r.opt_i64(i, 20);
  a.incident_id = r.opt_i64(i, 21);
  a.updated_at = r.i64(i, 22);
  a.version = r.i64(i, 23);
  a.close_code = r.text(i, 24);
  return a;
}

}  // namespace

Result<std::vector<MetricRules>> all_metric_rules(db::Connection& c) {
  return db::query_all(c, kAllMetricRules, kNoParams, metric_rules_of_row);
}

Result<std::vector<MetricRules>> metric_rules_of(db::Connection& c, std::int64_t station) {
  return db::query_all(c, kMetricRulesOf, {station}, metric_rules_of_row);
}

Result<std::unordered_set<std::int64_t>> stations_with_metrics(db::Connection& c) {
  FENGHUO_ASSIGN(rows, c.query(kStationsWithMetrics));
  std::unordered_set<std::int64_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.insert(rows.i64(i, 0));
  return out;
}

Result<std::optional<std::int64_t>> metric_version(db::Connection& c, std::int64_t station,
                                                   int metric) {
  return db::query_one(c, kMetricVersion, {station, std::int64_t{metric}},
                       [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

Status insert_metric(db::Connection& c, const MetricWrite& m) {
  return c.execute(kInsertMetric, {m.station, std::int64_t{m.metric}, m.rules, m.now, m.by})
      .status();
}

Result<bool> insert_metric_if_absent(db::Connection& c, const MetricWrite& m) {
  FENGHUO_ASSIGN(inserted, c.execute(kInsertMetricIfAbsent,
                                     {m.station, std::int64_t{m.metric}, m.rules, m.now, m.by}));
  return inserted > 0;
}

Status update_metric(db::Connection& c, const MetricWrite& m) {
  return c.execute(kUpdateMetric, {m.station, std::int64_t{m.metric}, m.rules, m.now, m.by})
      .status();
}

Result<bool> delete_metric(db::Connection& c, std::int64_t station, int metric) {
  FENGHUO_ASSIGN(n, c.execute(kDeleteMetric, {station, std::int64_t{metric}}));
  return n > 0;
}

Result<std::optional<TimedValue>> latest_reading(db::Connection& c, std::int64_t station,
                                                 int metric) {
  std::optional<TimedValue> newest;
  for (auto sql : {kLatestReading, kLatestInInbox}) {
    FENGHUO_ASSIGN(found, db::query_one(c, sql, {station, std::int64_t{metric}}, timed_value_of));
    if (found && (!newest || found->first > newest->first)) newest = found;
  }
  return newest;
}

Result<std::vector<TimedValue>> readings_since(db::Connection& c, std::int64_t station, int metric,
                                               std::int64_t since) {
  return db::query_all(c, kReadingsSince, {station, std::int64_t{metric}, since}, timed_value_of);
}

Result<std::vector<Bucket>> buckets(db::Connection& c, std::int64_t station, int metric,
                                    std::int64_t from, std::int64_t to, std::int64_t bucket_ms) {
  return db::query_all(
      c, kBuckets, {station, std::int64_t{metric}, from, to, bucket_ms},
      [](const db::Rows& r, std::size_t i) {
        return Bucket{r.i64(i, 0), r.f64(i, 1), r.f64(i, 2), r.f64(i, 3), r.i64(i, 4)};
      });
}

Result<std::vector<Quake>> quakes(db::Connection& c, std::int64_t station, int magnitude, int depth,
                                  std::int64_t from) {
  return db::query_all(c, kQuakes, {station, std::int64_t{magnitude}, std::int64_t{depth}, from},
                       [](const db::Rows& r, std::size_t i) {
                         return Quake{
                             r.i64(i, 0), r.f64(i, 1),
                             r.is_null(i, 2) ? std::nullopt : std::optional<double>(r.f64(i, 2))};
                       });
}

Result<std::unordered_map<std::int64_t, StationFacts>> station_facts(
    db::Connection& c, const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, StationFacts> out;
  if (ids.empty()) return out;
  std::string in;
  for (auto id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  FENGHUO_ASSIGN(metrics,
                 c.query(std::string(kFactsMetricsHead) + in + std::string(kFactsMetricsTail)));
  FENGHUO_ASSIGN(alarms,
                 c.query(std::string(kFactsAlarmsHead) + in + std::string(kFactsAlarmsTail)));
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    MetricFacts f;
    f.metric = static_cast<int>(metrics.i64(i, 1));
    f.rules = metrics.text(i, 2);
    f.version = metrics.i64(i, 3);
    if (!metrics.is_null(i, 4)) f.last = {{metrics.i64(i, 4), metrics.f64(i, 5)}};
    out[metrics.i64(i, 0)].metrics.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < alarms.size(); ++i) {
    auto& facts = out[alarms.i64(i, 0)];
    facts.open_alarms = alarms.i64(i, 1);
    facts.level = static_cast<int>(alarms.i64(i, 2));
  }
  return out;
}

Result<Alarm> find_alarm(db::Connection& c, std::int64_t id) {
  static const std::string find = std::string(kAlarmColumns) + "WHERE id = $1";
  FENGHUO_ASSIGN(found, db::query_one(c, find, {id}, alarm_of));
  if (!found) return Error::not_found("alarm " + std::to_string(id) + " not found");
  return *std::move(found);
}

Result<std::optional<OpenAlarm>> find_open_alarm(db::Connection& c, std::int64_t station,
                                                 int metric, const std::string& rule) {
  return db::query_one(c, kFindOpenAlarm, {station, std::int64_t{metric}, rule},
                       [](const db::Rows& r, std::size_t i) {
                         return OpenAlarm{r.i64(i, 0), r.text(i, 1), !r.is_null(i, 2)};
                       });
}

Result<std::optional<std::int64_t>> insert_alarm(db::Connection& c, const NewAlarm& a) {
  return db::query_one(c, kInsertAlarm,
                       {a.station, std::int64_t{a.metric}, a.rule, a.theme, a.region, a.level,
                        std::int64_t{a.rank}, a.value, a.threshold, a.raised_at, a.now},
                       [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); });
}

Status raise_alarm(db::Connection& c, std::int64_t id, const Raise& r) {
  return c
      .execute(kRaiseAlarm, {id, r.level, std::int64_t{r.rank}, r.peak_level, r.value, r.threshold,
                             std::int64_t{r.repeat ? 1 : 0}, r.at, r.now})
      .status();
}

Status clear_alarm(db::Connection& c, std::int64_t id, std::int64_t at, std::int64_t now,
                   bool close) {
  return c.execute(close ? kClearAndCloseAlarm : kClearAlarm, {id, at, now}).status();
}

Status acknowledge_alarm(db::Connection& c, std::int64_t id, std::int64_t now,
                         const std::string& by, bool close) {
  return c.execute(close ? kAcknowledgeAndCloseAlarm : kAcknowledgeAlarm, {id, now, by}).status();
}

Status close_alarm(db::Connection& c, std::int64_t id, std::int64_t now, const std::string& by,
                   const std::string& reason) {
  return c.execute(kCloseAlarm, {id, now, by, reason}).status();
}

Status link_alert(db::Connection& c, std::int64_t id, std::int64_t alert_id) {
  return c.execute(kLinkAlert, {id, alert_id}).status();
}

Status link_incident(db::Connection& c, std::int64_t id, std::int64_t incident_id) {
  FENGHUO_ASSIGN(n, c.execute(kLinkIncident, {id, incident_id}));
  if (n == 0) {
    return Error::conflict("alarm " + std::to_string(id) + " became an incident already");
  }
  return {};
}

Result<Page<Alarm>> list_alarms(db::Connection& c, const AlarmFilter& f) {
  const auto& sql = alarm_list(f.state);
  std::vector<db::Param> params = {f.region_pattern, f.theme, f.station};
  FENGHUO_ASSIGN(count, c.query(sql.count, params));
  Page<Alarm> page;
  page.total = count.i64(0, 0);
  params.emplace_back(f.limit);
  params.emplace_back(f.offset);
  FENGHUO_ASSIGN(items, db::query_all(c, sql.page, params, alarm_of));
  page.items = std::move(items);
  return page;
}

Result<std::vector<OpenLevel>> open_alarm_levels(db::Connection& c) {
  return db::query_all(c, kOpenAlarmLevels, kNoParams, [](const db::Rows& r, std::size_t i) {
    return OpenLevel{r.i64(i, 0), static_cast<int>(r.i64(i, 1)), r.text(i, 2),
                     static_cast<int>(r.i64(i, 3)), r.i64(i, 4) != 0};
  });
}

Result<std::vector<LevelCount>> open_alarms_by_level(db::Connection& c,
                                                     const std::string& region_pattern,
                                                     const std::string& theme) {
  return db::query_all(c, kOpenAlarmsByLevel, {region_pattern, theme},
                       [](const db::Rows& r, std::size_t i) {
                         return LevelCount{r.text(i, 0), r.i64(i, 1), r.i64(i, 2)};
                       });
}

}  // namespace fenghuo::monitoring::store

// Alarms: what the rules raise, folded per station, metric and rule; acknowledged and closed
// by people; turned into a warning or an incident.
#include <boost/json.hpp>

#include "alerts/service.h"
#include "core/json_input.h"
#include "core/time.h"
#include "incidents/service.h"
#include "monitoring/catalogue.h"
#include "monitoring/service.h"

namespace fenghuo::monitoring {
namespace {

constexpr const char* kColumns =
    "SELECT id, station_id, metric, rule, theme, region, level, peak_level, value, threshold, "
    "count, "
    "active, opened_at, raised_at, cleared_at, acknowledged_at, acknowledged_by, closed_at, "
    "closed_by, "
    "close_reason, alert_id, incident_id, updated_at, version FROM alarms ";

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
  return a;
}

boost::json::value time_or_null(const std::optional<std::int64_t>& t) {
  return t ? boost::json::value(format_rfc3339(*t)) : boost::json::value(nullptr);
}
boost::json::value id_or_null(const std::optional<std::int64_t>& t) {
  return t ? boost::json::value(std::to_string(*t)) : boost::json::value(nullptr);
}
boost::json::value number_or_null(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// 甲烷 1.3 % ≥ 1 % (上限)
std::string describe(const Alarm& a, const Metric* m) {
  auto number = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  std::string name = m ? std::string(m->name) : "";
  std::string unit = m ? std::string(m->unit) : "";
  if (a.rule == "silence") {
    return name + "超过" + number(a.threshold.value_or(0)) + "分钟无数据";
  }
  std::string v = a.value ? number(*a.value) + unit : "";
  std::string t = a.threshold ? number(*a.threshold) + unit : "";
  if (a.rule == "below") return name + v + "，低于下限" + t;
  if (a.rule == "rate") return name + "变化过快（" + v + "），变幅阈值" + t;
  return name + v + "，超过上限" + t;
}

}  // namespace

boost::json::object MonitoringService::to_json(const Alarm& a) const {
  auto s = station_by_id(a.station_id);
  const Metric* m = find_metric(a.metric);
  return {{"id", std::to_string(a.id)},
          {"station_id", std::to_string(a.station_id)},
          {"station_name", s ? s->name : ""},
          {"station_code", s ? s->code : ""},
          {"theme", a.theme},
          {"region", a.region},
          {"region_name", s ? s->region_name : ""},
          {"lon", s ? number_or_null(s->lon) : nullptr},
          {"lat", s ? number_or_null(s->lat) : nullptr},
          {"metric", m ? m->code : ""},
          {"metric_name", m ? m->name : ""},
          {"unit", m ? m->unit : ""},
          {"rule", a.rule},
          {"level", a.level},
          {"peak_level", a.peak_level},
          {"value", number_or_null(a.value)},
          {"threshold", number_or_null(a.threshold)},
          {"count", a.count},
          {"active", a.active},
          {"opened_at", format_rfc3339(a.opened_at)},
          {"raised_at", format_rfc3339(a.raised_at)},
          {"cleared_at", time_or_null(a.cleared_at)},
          {"acknowledged_at", time_or_null(a.acknowledged_at)},
          {"acknowledged_by", a.acknowledged_by},
          {"closed_at", time_or_null(a.closed_at)},
          {"closed_by", a.closed_by},
          {"close_reason", a.close_reason},
          {"alert_id", id_or_null(a.alert_id)},
          {"incident_id", id_or_null(a.incident_id)},
          {"version", a.version}};
}

Result<Alarm> MonitoringService::read_alarm(db::Connection& c, std::int64_t id) {
  FENGHUO_ASSIGN(rows, c.query(std::string(kColumns) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("alarm " + std::to_string(id) + " not found");
  return alarm_of(rows, 0);
}

void MonitoringService::announce(db::Transaction& tx, const Alarm& a) {
  bus_.publish_after_commit(
      tx, {"monitoring/" + a.theme, "alarm", boost::json::serialize(to_json(a)), a.region});
}

Status MonitoringService::apply(db::Transaction& tx, const std::vector<Transition>& changes) {
  const std::int64_t now = clock_.now_ms();
  for (const auto& t : changes) {
    auto s = station_by_id(t.station);
    if (!s) continue;  // removed meanwhile
    std::string rule(kind_name(t.rule));
    FENGHUO_ASSIGN(
        open, tx->query("SELECT id, peak_level, acknowledged_at FROM alarms WHERE station_id = $1 "
                        "AND metric = $2 AND rule = $3 AND closed_at IS NULL",
                        {t.station, std::int64_t{t.metric}, rule}));
    std::int64_t id = 0;
    if (t.to > 0) {
      std::string level(level_at(t.to));
      if (open.empty() && (t.from == 0 || t.to > t.from)) {
        // Another process may have opened it meanwhile: then this folds into that one.
        FENGHUO_ASSIGN(inserted,
                       tx->query("INSERT INTO alarms (station_id, metric, rule, theme, region, "
                                 "level, level_rank, peak_level, "
                                 "value, threshold, opened_at, raised_at, updated_at) "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $10, $11) "
                                 "ON CONFLICT (station_id, metric, rule) WHERE closed_at IS NULL "
                                 "DO NOTHING RETURNING id",
                                 {t.station, std::int64_t{t.metric}, rule, s->theme, s->region,
                                  level, std::int64_t{t.to}, t.value, t.threshold, t.at, now}));
        if (!inserted.empty()) {
          FENGHUO_ASSIGN(alarm, read_alarm(tx.connection(), inserted.i64(0, 0)));
          announce(tx, alarm);
          continue;
        }
        FENGHUO_ASSIGN(
            again,
            tx->query("SELECT id, peak_level, acknowledged_at FROM alarms WHERE station_id = $1 "
                      "AND metric = $2 AND rule = $3 AND closed_at IS NULL",
                      {t.station, std::int64_t{t.metric}, rule}));
        open = std::move(again);
      }
      if (open.empty()) continue;  // lower than an alarm someone closed: nothing new
      id = open.i64(0, 0);
      std::string peak = level_rank(open.text(0, 1)) >= t.to ? open.text(0, 1) : level;
      // A repeat (back from normal) folds into the open alarm and counts.
      FENGHUO_TRY(tx->execute(
          "UPDATE alarms SET level = $2, level_rank = $3, peak_level = $4, value = $5, threshold = "
          "$6, "
          "count = count + $7, active = 1, cleared_at = NULL, raised_at = CASE WHEN $7 = 1 THEN $8 "
          "ELSE raised_at END, updated_at = $9, version = version + 1 WHERE id = $1",
          {id, level, std::int64_t{t.to}, peak, t.value, t.threshold,
           std::int64_t{t.from == 0 ? 1 : 0}, t.at, now}));
    } else {
      if (open.empty()) continue;
      id = open.i64(0, 0);
      if (!open.is_null(0, 2)) {
        // Seen and back to normal: nothing is left to do.
        FENGHUO_TRY(tx->execute(
            "UPDATE alarms SET active = 0, cleared_at = $2, closed_at = $3, closed_by = 'system', "
            "close_reason = '恢复正常', updated_at = $3, version = version + 1 WHERE id = $1",
            {id, t.at, now}));
      } else {
        FENGHUO_TRY(
            tx->execute("UPDATE alarms SET active = 0, cleared_at = $2, updated_at = $3, "
                        "version = version + 1 WHERE id = $1",
                        {id, t.at, now}));
      }
    }
    FENGHUO_ASSIGN(alarm, read_alarm(tx.connection(), id));
    announce(tx, alarm);
  }
  return {};
}

Result<std::pair<std::vector<Alarm>, std::int64_t>> MonitoringService::alarms(const Principal& by,
                                                                              const AlarmQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  if (!q.theme.empty() && find_theme(q.theme) == nullptr) {
    return Error::validation("theme", "unknown theme " + q.theme);
  }
  std::string where =
      "WHERE region LIKE $1 AND ($2 = '' OR theme = $2) AND ($3 = 0 OR station_id = $3) ";
  std::string order;
  if (q.state == "open") {
    where += "AND closed_at IS NULL ";
    order =
        "ORDER BY level_rank DESC, CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END, opened_at, "
        "id ";
  } else if (q.state == "closed") {
    where += "AND closed_at IS NOT NULL ";
    order = "ORDER BY closed_at DESC, id DESC ";
  } else if (q.state == "all") {
    order =
        "ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, level_rank DESC, "
        "CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END, opened_at DESC, id DESC ";
  } else {
    return Error::validation("state", "state is open, closed or all");
  }
  std::vector<db::Param> params = {pattern, q.theme, q.station.value_or(0)};
  std::vector<Alarm> out;
  std::int64_t total = 0;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(count, c.query("SELECT COUNT(*) FROM alarms " + where, params));
    total = count.i64(0, 0);
    auto paged = params;
    paged.emplace_back(q.limit);
    paged.emplace_back(q.offset);
    FENGHUO_ASSIGN(rows,
                   c.query(std::string(kColumns) + where + order + "LIMIT $4 OFFSET $5", paged));
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(alarm_of(rows, i));
    return {};
  }));
  return std::make_pair(std::move(out), total);
}

Result<Alarm> MonitoringService::alarm(const Principal& by, std::int64_t id) {
  Alarm out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(a, read_alarm(c, id));
    out = std::move(a);
    return {};
  }));
  FENGHUO_TRY(check_covers(by, out.region, "alarm"));
  return out;
}

Result<Alarm> MonitoringService::update_alarm(
    const Principal& by, std::int64_t id, const char* action,
    const std::function<Status(db::Transaction&, Alarm&)>& change) {
  FENGHUO_TRY(alarm(by, id).status());
  Alarm out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(a, read_alarm(tx.connection(), id));
    FENGHUO_TRY(change(tx, a));
    FENGHUO_ASSIGN(after, read_alarm(tx.connection(), id));
    FENGHUO_TRY(audit_.append(
        tx, by, {action, "alarm", std::to_string(id), after.region, "", after.close_reason}));
    announce(tx, after);
    out = std::move(after);
    return {};
  }));
  return out;
}

Result<Alarm> MonitoringService::acknowledge(const Principal& by, std::int64_t id) {
  const std::int64_t now = clock_.now_ms();
  return update_alarm(
      by, id, "monitoring.alarm.acknowledge", [&](db::Transaction& tx, Alarm& a) -> Status {
        if (a.closed_at)
          return Error::conflict("alarm " + std::to_string(id) + " is closed already");
        if (a.acknowledged_at) return {};
        if (a.active) {
          return tx
              ->execute(
                  "UPDATE alarms SET acknowledged_at = $2, acknowledged_by = $3, updated_at = $2, "
                  "version = version + 1 WHERE id = $1",
                  {id, now, by.name})
              .status();
        }
        // Back to normal already: seen, so it is done.
        return tx
            ->execute(
                "UPDATE alarms SET acknowledged_at = $2, acknowledged_by = $3, closed_at = $2, "
                "closed_by = $3, close_reason = '恢复正常', updated_at = $2, version = version + 1 "
                "WHERE id = $1",
                {id, now, by.name})
            .status();
      });
}

Result<Alarm> MonitoringService::close(const Principal& by, std::int64_t id,
                                       const boost::json::object& in) {
  FENGHUO_TRY(json_input::only(in, {"reason"}));
  FENGHUO_ASSIGN(reason, json_input::required_text(in, "reason", 500));
  const std::int64_t now = clock_.now_ms();
  return update_alarm(
      by, id, "monitoring.alarm.close", [&](db::Transaction& tx, Alarm& a) -> Status {
        if (a.closed_at)
          return Error::conflict("alarm " + std::to_string(id) + " is closed already");
        return tx
            ->execute(
                "UPDATE alarms SET closed_at = $2, closed_by = $3, close_reason = $4, "
                "acknowledged_at = COALESCE(acknowledged_at, $2), "
                "acknowledged_by = CASE WHEN acknowledged_by = '' THEN $3 ELSE acknowledged_by "
                "END, "
                "updated_at = $2, version = version + 1 WHERE id = $1",
                {id, now, by.name, reason})
            .status();
      });
}

Result<std::pair<Alarm, boost::json::object>> MonitoringService::to_warning(const Principal& by,
                                                                            std::int64_t id) {
  if (!by.has("monitoring.write"))
    return Error::forbidden("handling alarms needs monitoring.write");
  FENGHUO_ASSIGN(a, alarm(by, id));
  if (a.alert_id) {
    return Error::conflict("alarm " + std::to_string(id) + " became warning " +
                           std::to_string(*a.alert_id) + " already");
  }
  auto s = station_by_id(a.station_id);
  const Metric* m = find_metric(a.metric);
  const Theme* theme = find_theme(a.theme);
  std::string station_name = s ? s->name : "监测站点" + std::to_string(a.station_id);
  boost::json::object in{{"event", std::string(theme ? theme->name : "监测") + "监测报警"},
                         {"level", a.level},
                         {"headline", station_name + (m ? std::string(m->name) : "") + "报警"},
                         {"description", station_name + "：" + describe(a, m) + "。报警时间 " +
                                             format_rfc3339(a.raised_at) + "。"},
                         {"regions", boost::json::array{boost::json::value(a.region)}},
                         {"expires_at", format_rfc3339(clock_.now_ms() + 24 * 3600000)},
                         {"source", "监测报警 #" + std::to_string(a.id)},
                         {"category", theme ? theme->cap_category : std::string_view("Other")}};
  FENGHUO_ASSIGN(alert, alerts_.create_manual(by, in));
  FENGHUO_ASSIGN(
      linked, update_alarm(by, id, "monitoring.alarm.warning", [&](db::Transaction& tx, Alarm&) {
        return tx
            ->execute("UPDATE alarms SET alert_id = $2, version = version + 1 WHERE id = $1",
                      {id, alert.id})
            .status();
      }));
  return std::make_pair(std::move(linked), alerts::to_json(alert));
}

Result<std::pair<Alarm, boost::json::object>> MonitoringService::to_incident(const Principal& by,
                                                                             std::int64_t id) {
  if (!by.has("monitoring.write"))
    return Error::forbidden("handling alarms needs monitoring.write");
  FENGHUO_ASSIGN(a, alarm(by, id));
  if (a.incident_id) {
    return Error::conflict("alarm " + std::to_string(id) + " became incident " +
                           std::to_string(*a.incident_id) + " already");
  }
  auto s = station_by_id(a.station_id);
  const Metric* m = find_metric(a.metric);
  std::string station_name = s ? s->name : "监测站点" + std::to_string(a.station_id);
  boost::json::object in{
      {"title", station_name + (m ? std::string(m->name) : "") + "报警"},
      {"type", incident_type_of(a.theme, s ? s->category : "", s ? s->enterprise_category : "")},
      {"occurred_at", format_rfc3339(a.raised_at)},
      {"region", a.region},
      {"address", station_name},
      {"description",
       station_name + "：" + describe(a, m) + "（由监测报警 #" + std::to_string(a.id) + " 转入）"}};
  if (s && s->lon && s->lat) {
    in["lon"] = *s->lon;
    in["lat"] = *s->lat;
  }
  if (s && s->category == "earthquake") {
    // An earthquake is graded by its magnitude at first: the alarm's, else the station's last.
    std::optional<double> magnitude;
    const int magnitude_id = find_metric("magnitude")->id;
    if (a.metric == magnitude_id && a.value) {
      magnitude = a.value;
    } else {
      std::lock_guard lock(rules_mutex_);
      if (auto last = engine_.last_reading(a.station_id, magnitude_id)) magnitude = last->second;
    }
    if (magnitude && *magnitude >= 0 && *magnitude <= 10) in["magnitude"] = *magnitude;
  }
  FENGHUO_ASSIGN(incident, incidents_.create(by, in));
  FENGHUO_ASSIGN(
      linked, update_alarm(by, id, "monitoring.alarm.incident", [&](db::Transaction& tx, Alarm&) {
        return tx
            ->execute("UPDATE alarms SET incident_id = $2, version = version + 1 WHERE id = $1",
                      {id, incident.id})
            .status();
      }));
  return std::make_pair(std::move(linked), incidents::to_json(incident, clock_.now_ms()));
}

}  // namespace fenghuo::monitoring

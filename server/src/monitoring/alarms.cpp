#include "monitoring/alarms.h"

#include <boost/json.hpp>

#include "alerts/service.h"
#include "core/json_input.h"
#include "core/time.h"
#include "incidents/service.h"
#include "monitoring/catalogue.h"
#include "monitoring/store.h"

namespace fenghuo::monitoring {
namespace {

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
  if (a.rule == kind_name(Rule::Kind::kSilence)) {
    return name + "超过" + number(a.threshold.value_or(0)) + "分钟无数据";
  }
  std::string v = a.value ? number(*a.value) + unit : "";
  std::string t = a.threshold ? number(*a.threshold) + unit : "";
  if (a.rule == kind_name(Rule::Kind::kBelow)) return name + v + "，低于下限" + t;
  if (a.rule == kind_name(Rule::Kind::kRate)) {
    return name + "变化过快（" + v + "），变幅阈值" + t;
  }
  return name + v + "，超过上限" + t;
}

Status needs_write(const Principal& by) {
  if (!by.has("monitoring.write"))
    return Error::forbidden("handling alarms needs monitoring.write");
  return {};
}

}  // namespace

Result<AlarmState> parse_alarm_state(std::string_view text) {
  if (text == "open") return AlarmState::kOpen;
  if (text == "closed") return AlarmState::kClosed;
  if (text == "all") return AlarmState::kAll;
  return Error::validation("state", "state is open, closed or all");
}

AlarmService::AlarmService(db::Database& db, const Clock& clock, const audit::Log& audit,
                           realtime::Bus& bus, StationDirectory& stations, const RuleBook& rules,
                           alerts::AlertService& alerts, incidents::IncidentService& incidents)
    : db_(db),
      clock_(clock),
      audit_(audit),
      bus_(bus),
      stations_(stations),
      rules_(rules),
      alerts_(alerts),
      incidents_(incidents) {}

boost::json::object AlarmService::to_json(const Alarm& a) const {
  auto s = stations_.by_id(a.station_id);
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
          {"close_code",
           a.close_code.empty() ? boost::json::value(nullptr) : boost::json::value(a.close_code)},
          {"close_reason", a.close_reason},
          {"alert_id", id_or_null(a.alert_id)},
          {"incident_id", id_or_null(a.incident_id)},
          {"version", a.version}};
}

void AlarmService::announce(db::Transaction& tx, const Alarm& a) {
  bus_.publish_after_commit(
      tx, {"monitoring/" + a.theme, "alarm", boost::json::serialize(to_json(a)), a.region});
}

Status AlarmService::apply(const std::vector<Transition>& changes) {
  const std::int64_t now = clock_.now_ms();
  return db_.transact([&](db::Transaction& tx) -> Status {
    for (const auto& t : changes) FENGHUO_TRY(apply_in(tx, t, now));
    return {};
  });
}

Status AlarmService::apply_in(db::Transaction& tx, const Transition& t, std::int64_t now) {
  auto s = stations_.by_id(t.station);
  if (!s) return {};  // removed meanwhile
  auto& c = tx.connection();
  const std::string rule(kind_name(t.rule));
  FENGHUO_ASSIGN(open, store::find_open_alarm(c, t.station, t.metric, rule));
  if (t.to == 0) {
    if (!open) return {};
    // Seen and back to normal: nothing is left to do, it closes.
    FENGHUO_TRY(store::clear_alarm(c, open->id, t.at, now, open->acknowledged));
    FENGHUO_ASSIGN(alarm, store::find_alarm(c, open->id));
    announce(tx, alarm);
    return {};
  }
  const std::string level(level_at(t.to));
  if (!open && (t.from == 0 || t.to > t.from)) {
    FENGHUO_ASSIGN(inserted,
                   store::insert_alarm(c, {t.station, t.metric, rule, s->theme, s->region, level,
                                           t.to, t.value, t.threshold, t.at, now}));
    if (inserted) {
      FENGHUO_ASSIGN(alarm, store::find_alarm(c, *inserted));
      announce(tx, alarm);
      return {};
    }
    // Another process opened it meanwhile: this folds into that one.
    FENGHUO_ASSIGN(again, store::find_open_alarm(c, t.station, t.metric, rule));
    open = std::move(again);
  }
  if (!open) return {};  // lower than an alarm someone closed: nothing new
  // A repeat (back from normal) folds into the open alarm and counts.
  std::string peak = level_rank(open->peak_level) >= t.to ? open->peak_level : level;
  FENGHUO_TRY(store::raise_alarm(
      c, open->id, {level, peak, t.to, t.value, t.threshold, t.from == 0, t.at, now}));
  FENGHUO_ASSIGN(alarm, store::find_alarm(c, open->id));
  announce(tx, alarm);
  return {};
}

Result<Page<Alarm>> AlarmService::list(const Principal& by, const AlarmQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  if (!q.theme.empty() && find_theme(q.theme) == nullptr) {
    return Error::validation("theme", "unknown theme " + q.theme);
  }
  const store::AlarmFilter filter{pattern, q.theme, q.state, q.station.value_or(0),
                                  q.limit, q.offset};
  Page<Alarm> page;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::list_alarms(c, filter));
    page = std::move(found);
    return {};
  }));
  return page;
}

Result<Alarm> AlarmService::get(const Principal& by, std::int64_t id) {
  Alarm out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(a, store::find_alarm(c, id));
    out = std::move(a);
    return {};
  }));
  FENGHUO_TRY(check_covers(by, out.region, "alarm"));
  return out;
}

Result<Alarm> AlarmService::update(const Principal& by, std::int64_t id, const char* action,
                                   const std::function<Status(db::Transaction&, Alarm&)>& change) {
  FENGHUO_TRY(get(by, id).status());
  Alarm out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(a, store::find_alarm(tx.connection(), id));
    FENGHUO_TRY(change(tx, a));
    FENGHUO_ASSIGN(after, changed(tx, by, id, action));
    out = std::move(after);
    return {};
  }));
  return out;
}

Result<Alarm> AlarmService::changed(db::Transaction& tx, const Principal& by, std::int64_t id,
                                    const char* action) {
  FENGHUO_ASSIGN(after, store::find_alarm(tx.connection(), id));
  // The entry says why it was closed: the reason given, else the code ("recovered").
  FENGHUO_TRY(audit_.append(tx, by,
                            {action, "alarm", std::to_string(id), after.region, "",
                             after.close_reason.empty() ? after.close_code : after.close_reason}));
  announce(tx, after);
  return after;
}

Result<Alarm> AlarmService::acknowledge(const Principal& by, std::int64_t id) {
  const std::int64_t now = clock_.now_ms();
  return update(by, id, "monitoring.alarm.acknowledge",
                [&](db::Transaction& tx, Alarm& a) -> Status {
                  if (a.closed_at)
                    return Error::conflict("alarm " + std::to_string(id) + " is closed already");
                  if (a.acknowledged_at) return {};
                  // Back to normal already: seen, so it is done.
                  return store::acknowledge_alarm(tx.connection(), id, now, by.name, !a.active);
                });
}

Result<Alarm> AlarmService::close(const Principal& by, std::int64_t id,
                                  const boost::json::object& in) {
  FENGHUO_TRY(json_input::only(in, {"reason"}));
  FENGHUO_ASSIGN(reason, json_input::required_text(in, "reason", 500));
  const std::int64_t now = clock_.now_ms();
  return update(by, id, "monitoring.alarm.close", [&](db::Transaction& tx, Alarm& a) -> Status {
    if (a.closed_at) return Error::conflict("alarm " + std::to_string(id) + " is closed already");
    return store::close_alarm(tx.connection(), id, now, by.name, reason);
  });
}

struct AlarmService::Handover {
  Alarm alarm;
  std::shared_ptr<const StationInfo> station;  // null when removed meanwhile
  const Metric* metric = nullptr;
  std::string station_name;
};

Result<AlarmService::Handover> AlarmService::handover(const Principal& by, std::int64_t id,
                                                      const char* what,
                                                      std::optional<std::int64_t> Alarm::*linked) {
  FENGHUO_TRY(needs_write(by));
  FENGHUO_ASSIGN(a, get(by, id));
  if (const auto& to = a.*linked) {
    return Error::conflict("alarm " + std::to_string(id) + " became " + what + " " +
                           std::to_string(*to) + " already");
  }
  Handover h;
  h.station = stations_.by_id(a.station_id);
  h.metric = find_metric(a.metric);
  h.station_name = h.station ? h.station->name : "监测站点" + std::to_string(a.station_id);
  h.alarm = std::move(a);
  return h;
}

Result<std::pair<Alarm, boost::json::object>> AlarmService::to_warning(const Principal& by,
                                                                       std::int64_t id) {
  FENGHUO_ASSIGN(h, handover(by, id, "warning", &Alarm::alert_id));
  const auto& [a, s, m, station_name] = h;
  const Theme* theme = find_theme(a.theme);
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
  FENGHUO_ASSIGN(linked,
                 update(by, id, "monitoring.alarm.warning", [&](db::Transaction& tx, Alarm&) {
                   return store::link_alert(tx.connection(), id, alert.id);
                 }));
  return std::make_pair(std::move(linked), alerts::to_json(alert));
}

Result<std::pair<Alarm, boost::json::object>> AlarmService::to_incident(
    const Principal& by, std::int64_t id, const boost::json::object& edits) {
  FENGHUO_TRY(json_input::only(edits, {"occurred_at"}));
  FENGHUO_ASSIGN(h, handover(by, id, "incident", &Alarm::incident_id));
  const auto& [a, s, m, station_name] = h;
  // It happened when the alarm first opened, unless the person says otherwise.
  boost::json::object in{
      {"title", station_name + (m ? std::string(m->name) : "") + "报警"},
      {"type", incident_type_of(a.theme, s ? s->category : "", s ? s->enterprise_category : "")},
      {"occurred_at", format_rfc3339(a.opened_at)},
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
    } else if (auto last = rules_.last_reading(a.station_id, magnitude_id)) {
      magnitude = last->second;
    }
    if (magnitude && *magnitude >= 0 && *magnitude <= 10) in["magnitude"] = *magnitude;
  }
  if (const auto* at = edits.if_contains("occurred_at")) in["occurred_at"] = *at;
  // The incident records the alarm and the alarm the incident, both or neither.
  Alarm linked;
  incidents::Origin origin{a.id, [&](db::Transaction& tx, const incidents::Incident& x) -> Status {
                             FENGHUO_TRY(store::link_incident(tx.connection(), id, x.id));
                             FENGHUO_ASSIGN(after,
                                            changed(tx, by, id, "monitoring.alarm.incident"));
                             linked = std::move(after);
                             return {};
                           }};
  FENGHUO_ASSIGN(incident, incidents_.create(by, in, origin));
  return std::make_pair(std::move(linked), incidents::to_json(incident, clock_.now_ms()));
}

}  // namespace fenghuo::monitoring

#include "app/dashboard.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "http/json.h"

namespace fenghuo {
namespace {

constexpr std::int64_t kChinaOffsetMs = 8 * 3600 * 1000;
constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

// Midnight today and the first of this month in Asia/Shanghai, as UTC milliseconds.
std::pair<std::int64_t, std::int64_t> today_and_month(std::int64_t now) {
  std::int64_t local = now + kChinaOffsetMs;
  std::int64_t today = local - (local % kDayMs) - kChinaOffsetMs;
  std::string date = format_rfc3339(local).substr(0, 8) + "01";  // YYYY-MM-01
  auto month = parse_rfc3339(date + "T00:00:00+08:00");
  return {today, month.value_or(today)};
}

boost::json::object counts_json(const incidents::IncidentService::Counts& c) {
  boost::json::object levels;
  for (int i = 0; i < 4; ++i) levels[incidents::level_code(i + 1)] = c.by_level[i];
  boost::json::array types, regions;
  for (const auto& [code, name, n] : c.by_type) {
    types.push_back({{"type", code}, {"name", name}, {"count", n}});
  }
  for (const auto& [code, name, n] : c.by_region) {
    regions.push_back({{"region", code}, {"name", name}, {"count", n}});
  }
  return {{"total", c.total},
          {"by_level", std::move(levels)},
          {"by_type", std::move(types)},
          {"by_region", std::move(regions)}};
}

// 待办: what waits for the caller's duty room to act, by kind, for the kinds the caller may
// act on: reports to approve (incidents.approve), reports delivered to sign for, open alarms in
// the jurisdiction (monitoring.write: those who may handle them), and active warnings delivered
// to the caller they have not acknowledged yet (待叫应, alerts.read).
Result<boost::json::object> todo_of(Services& s, const Principal& by) {
  boost::json::object todo;
  if (by.org_id == 0) return todo;
  if (by.has("incidents.approve")) {
    FENGHUO_ASSIGN(approval, s.incidents->box(by, {"approval", "", 1, 0}));
    todo["approve"] = approval.total;
  }
  FENGHUO_ASSIGN(to_sign, s.incidents->box(by, {"unsigned", "", 1, 0}));
  todo["sign"] = to_sign.total;
  if (by.has("monitoring.write")) {
    monitoring::AlarmQuery open;
    open.limit = 1;
    FENGHUO_ASSIGN(alarms, s.monitoring->alarms().list(by, open));
    todo["alarms"] = alarms.total;
  }
  if (by.has("alerts.read")) {
    alerts::AlertQuery q;
    q.active = true;
    q.unacknowledged = true;
    q.limit = 1;
    FENGHUO_ASSIGN(to_ack, s.alerts->list(by, q));
    todo["acknowledge"] = to_ack.total;
  }
  return todo;
}

}  // namespace

duty::OpenItems open_items_of(Services& s) {
  return [&s](const Principal& by) -> Result<boost::json::object> {
    auto now = s.clock->now_ms();
    boost::json::array incidents, reports, faxes;
    FENGHUO_ASSIGN(open, s.incidents->open_incidents(by));
    for (const auto& x : open) {
      if (x.org_id == by.org_id) incidents.push_back(to_json(x, now));
    }
    for (const char* box : {"drafts", "approval"}) {
      FENGHUO_ASSIGN(page, s.incidents->box(by, {box, "", 200, 0}));
      for (const auto& r : page.items) reports.push_back(to_json(r, now));
    }
    FENGHUO_ASSIGN(unsigned_faxes, s.faxes->unsigned_for(by));
    for (const auto& f : unsigned_faxes) faxes.push_back(duty::to_json(f, by.org_id));
    return boost::json::object{{"open_incidents", std::move(incidents)},
                               {"pending_reports", std::move(reports)},
                               {"unsigned_faxes", std::move(faxes)}};
  };
}

void add_dashboard_route(http::Router& router, Services& s) {
  router.add(
      http::Method::kGet, "/api/v1/dashboard",
      {.access = http::Access::jurisdiction("incidents.read")},
      [&s](http::Request& r) -> Result<http::Response> {
        const Principal& by = *r.principal;
        std::string region = r.query("region").value_or("");
        auto now = s.clock->now_ms();
        auto [today, month] = today_and_month(now);
        FENGHUO_ASSIGN(today_counts, s.incidents->counts(by, region, today, now + kDayMs));
        FENGHUO_ASSIGN(month_counts, s.incidents->counts(by, region, month, now + kDayMs));
        boost::json::object o;
        o["today"] = counts_json(today_counts);
        o["month"] = counts_json(month_counts);

        incidents::IncidentQuery q;
        q.region = region;
        q.limit = 200;
        boost::json::array active;
        for (const char* status : {"received", "responding"}) {
          q.status = status;
          FENGHUO_ASSIGN(page, s.incidents->list(by, q));
          for (const auto& x : page.items) {
            active.push_back({{"id", std::to_string(x.id)},
                              {"title", x.title},
                              {"level", x.level},
                              {"level_name", incidents::level_name(x.level, x.grading)},
                              {"level_family", incidents::level_family(x.grading)},
                              {"type", x.type},
                              {"type_name", x.type_name},
                              {"lon", x.lon ? boost::json::value(*x.lon) : nullptr},
                              {"lat", x.lat ? boost::json::value(*x.lat) : nullptr},
                              {"region", x.region},
                              {"region_name", x.region_name},
                              {"status", x.status},
                              {"occurred_at", format_rfc3339(x.occurred_at)},
                              {"drill", x.drill}});
          }
        }
        o["active_incidents"] = std::move(active);

        boost::json::array on_duty;
        if (by.has("duty.read")) {
          FENGHUO_ASSIGN(now_on, s.duty->on_duty(by, region));
          for (const auto& d : now_on) on_duty.push_back(duty::to_json(d));
        }
        o["on_duty"] = std::move(on_duty);

        for (const char* box : {"due_soon", "overdue"}) {
          FENGHUO_ASSIGN(page, s.incidents->box(by, {box, region, 50, 0}));
          boost::json::array items;
          for (const auto& x : page.items) items.push_back(to_json(x, now));
          o[box == std::string("due_soon") ? "reports_due" : "reports_overdue"] = std::move(items);
        }
        std::int64_t unsigned_faxes = 0;
        if (by.org_id != 0) {
          FENGHUO_ASSIGN(faxes, s.faxes->unsigned_for(by));
          unsigned_faxes = static_cast<std::int64_t>(faxes.size());
        }
        o["unsigned_faxes"] = unsigned_faxes;
        FENGHUO_ASSIGN(todo, todo_of(s, by));
        o["todo"] = std::move(todo);
        boost::json::array warnings;
        if (by.has("alerts.read")) {
          alerts::AlertQuery aq;
          aq.region = region;
          aq.active = true;
          aq.limit = 50;
          FENGHUO_ASSIGN(active_warnings, s.alerts->list(by, aq));
          for (const auto& a : active_warnings.items) {
            auto w = alerts::to_json(a);
            boost::json::object brief;
            for (const char* k : {"id", "level", "level_name", "event", "headline", "regions",
                                  "region_names", "sent_at", "expires_at", "status"}) {
              brief[k] = w[k];
            }
            warnings.push_back(std::move(brief));
          }
        }
        o["warnings"] = std::move(warnings);
        if (by.has("monitoring.read")) {
          // Open alarms: how many of each level, and the five that matter most.
          FENGHUO_ASSIGN(summary, s.monitoring->stations().summary(by, "", region));
          monitoring::AlarmQuery mq;
          mq.region = region;
          mq.limit = 5;
          FENGHUO_ASSIGN(top, s.monitoring->alarms().list(by, mq));
          boost::json::array items;
          for (const auto& a : top.items) items.push_back(s.monitoring->alarms().to_json(a));
          summary["top"] = std::move(items);
          o["alarms"] = std::move(summary);
        }
        return http::json_response(200, o);
      });
}

}  // namespace fenghuo

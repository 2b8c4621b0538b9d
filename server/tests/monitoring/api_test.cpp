// Monitoring through HTTP against SQLite and PostgreSQL: a batch of readings keeps the good
// ones and says why each bad one was refused; resending changes nothing; a reading past a
// threshold opens an alarm that is announced, folds its repeats, is acknowledged and closes;
// alarms rank by level, then unacknowledged, then age; closing needs a reason; an alarm
// becomes a warning or an incident; silence is an alarm (injected clock); a year of readings
// comes back downsampled; thresholds are validated and versioned; readings come in by MQTT.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "app/services.h"
#include "core/time.h"
#include "monitoring/mqtt.h"
#include "support/events.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

constexpr std::int64_t kMinute = 60000;
constexpr const char* kMethane =
    R"({"rules":[{"kind":"above","thresholds":[{"level":"yellow","value":0.75},{"level":"red","value":1.0}],"deadband":0.05}]})";
constexpr const char* kCarbonMonoxide =
    R"({"rules":[{"kind":"above","thresholds":[{"level":"orange","value":24},{"level":"red","value":50}],"deadband":2}]})";

std::string reading(const std::string& station, const std::string& metric, std::int64_t at,
                    const std::string& value) {
  return R"({"station":")" + station + R"(","metric":")" + metric + R"(","time":")" +
         format_rfc3339(at) + R"(","value":)" + value + "}";
}

class Monitoring : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    start([](Config&) {});
  }
  void start(const std::function<void(Config&)>& customize) {
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(
        GetParam(),
        [&](Config& c) {
          c.session.idle_timeout_min = 24 * 60;
          c.session.lifetime_h = 72;
          customize(c);
        },
        clock_);
    add_user(*app_, "13500000031", "省管理员", "140000", {"system_admin"});
    add_user(*app_, "13500000032", "小店值班员", "140105", {"duty_officer"});
    add_user(*app_, "13500000033", "迎泽值班员", "140106", {"duty_officer"});
    admin_ = sign_in(*app_, "13500000031", clock_.get());
    xiaodian_ = sign_in(*app_, "13500000032", clock_.get());
    yingze_ = sign_in(*app_, "13500000033", clock_.get());
    mine_ = station("XD-MINE-01", "小店区某煤矿井下监测站", 112.62, 37.69);
    second_ = station("XD-MINE-02", "小店区另一煤矿监测站", 112.60, 37.70);
    configure(mine_, "ch4", kMethane);
    configure(second_, "ch4", kMethane);
    configure(mine_, "co", kCarbonMonoxide);
    auto token = admin_.bearer("POST", "/api/v1/api-tokens",
                               R"({"name":"煤矿监测接入","scopes":["readings.write"]})");
    ASSERT_EQ(token.status, 201) << token.body;
    token_ = str(json(token).at("token"));
  }
  std::string station(const std::string& code, const std::string& name, double lon, double lat) {
    auto r =
        admin_.bearer("POST", "/api/v1/resources",
                      R"({"kind":"station","category":"mine","name":")" + name +
                          R"(","region":"140105","lon":)" + std::to_string(lon) + R"(,"lat":)" +
                          std::to_string(lat) + R"(,"code":")" + code + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : "";
  }
  void configure(const std::string& station, const std::string& metric, const std::string& body) {
    auto r = xiaodian_.bearer(
        "PUT", "/api/v1/monitoring/stations/" + station + "/metrics/" + metric, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  HttpResponse send(const std::vector<std::string>& readings) {
    std::string body = R"({"readings":[)";
    for (std::size_t i = 0; i < readings.size(); ++i) body += (i ? "," : "") + readings[i];
    return http_request(
        app_->port(), "POST", "/api/v1/readings", body + "]}",
        {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
  }
  // One reading a minute on from the last.
  boost::json::value methane(const std::string& code, const std::string& value) {
    clock_->advance_ms(kMinute);
    auto r = send({reading(code, "ch4", now(), value)});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json(r).at("accepted").as_int64(), 1) << r.body;
    return json(r);
  }
  boost::json::array open_alarms(const Session& s, const std::string& query = "") {
    auto r = s.bearer("GET", "/api/v1/monitoring/alarms?theme=mine" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json(r).at("items").as_array() : boost::json::array{};
  }
  std::int64_t now() { return clock_->now_ms(); }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session admin_, xiaodian_, yingze_;
  std::string mine_, second_, token_;
};

TEST_P(Monitoring, ABatchKeepsTheGoodReadingsAndSaysWhyEachBadOneWasRefused) {
  std::vector<std::string> batch = {
      reading("XD-MINE-01", "ch4", now() - 60000, "0.31"),
      reading("NO-SUCH-STATION", "ch4", now() - 60000, "0.3"),
      reading("XD-MINE-01", "ch4", now() - 50000, "\"high\""),
      reading("XD-MINE-01", "ch4", now() + 3600000, "0.3"),
      reading("XD-MINE-01", "radon", now() - 40000, "0.3"),
      reading("XD-MINE-02", "wind_speed", now() - 40000, "12"),
      R"({"station":"XD-MINE-01","metric":"ch4","value":0.3})",
      reading(mine_, "ch4", now() - 30000, "0.42"),
  };
  auto r = send(batch);
  ASSERT_EQ(r.status, 200) << r.body;
  auto answer = json(r);
  EXPECT_EQ(answer.at("accepted").as_int64(), 2);
  auto rejected = answer.at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 6u) << r.body;
  std::vector<std::pair<std::int64_t, std::string>> expected = {
      {1, "unknown station"}, {2, "number"},          {3, "future"},
      {4, "unknown metric"},  {5, "does not report"}, {6, "time is required"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(rejected[i].at("index").as_int64(), expected[i].first);
    EXPECT_NE(str(rejected[i].at("reason")).find(expected[i].second), std::string::npos)
        << rejected[i];
  }

  auto again = send(batch);
  EXPECT_EQ(json(again).at("accepted").as_int64(), 0)
      << "the same readings a second time change nothing";
  EXPECT_EQ(json(again).at("duplicates").as_int64(), 2);
  auto& services = app_->app().services();
  ASSERT_TRUE(services.monitoring->move_inbox().ok());  // SQLite: out of the inbox into readings
  auto later = send(batch);
  EXPECT_EQ(json(later).at("duplicates").as_int64(), 2) << "known once stored for good too";
  if (GetParam() == Backend::kPostgresql) {
    // Another process stored a reading newer than any this one saw: a plain insert conflicts,
    // the batch is stored again skipping it.
    ASSERT_TRUE(
        services.db
            ->transact([&](db::Transaction& tx) {
              return tx
                  ->execute(
                      "INSERT INTO readings (station, metric, ts, value) VALUES ($1, 1, $2, 0.5)",
                      {std::stoll(mine_), now() + 1000})
                  .status();
            })
            .ok());
    auto raced = json(send({reading("XD-MINE-01", "ch4", now() + 1000, "0.5"),
                            reading("XD-MINE-01", "ch4", now() + 2000, "0.5")}));
    EXPECT_EQ(raced.at("accepted").as_int64(), 1) << raced;
    EXPECT_EQ(raced.at("duplicates").as_int64(), 1);
    // Readings of this month are in this month's partition.
    ASSERT_TRUE(services.db
                    ->read([&](db::Connection& c) -> Status {
                      FENGHUO_ASSIGN(rows, c.query("SELECT tableoid::regclass::text FROM readings "
                                                   "WHERE station = $1 AND ts = $2",
                                                   {std::stoll(mine_), now() + 2000}));
                      EXPECT_EQ(rows.size(), 1u);
                      std::string month = format_rfc3339(now()).substr(0, 7);  // 2026-11
                      EXPECT_EQ(rows.text(0, 0),
                                "readings_" + month.substr(0, 4) + month.substr(5, 2));
                      return {};
                    })
                    .ok());
  }
  auto series =
      json(xiaodian_.bearer("GET", "/api/v1/monitoring/readings?station=" + mine_ +
                                       "&metric=ch4&from=" + format_rfc3339(now() - 3600000) +
                                       "&to=" + format_rfc3339(now() - 1)));
  std::int64_t count = 0;
  for (const auto& p : series.at("points").as_array()) count += p.at("count").as_int64();
  EXPECT_EQ(count, 2) << series;

  auto empty = http_request(app_->port(), "POST", "/api/v1/readings", "not json",
                            {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(empty.status, 400);
  auto anonymous = http_request(app_->port(), "POST", "/api/v1/readings", R"({"readings":[]})", {});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(yingze_.bearer("POST", "/api/v1/readings", R"({"readings":[]})").status, 403)
      << "a duty officer does not submit readings";
}

TEST_P(Monitoring, AReadingPastTheThresholdOpensAnAlarmThatFoldsRepeatsAndClosesOnceSeen) {
  WsClient ws(app_->port(), "/api/v1/ws", {{"Authorization", "Bearer " + xiaodian_.token}});
  ASSERT_TRUE(ws.connected());
  ws.send_text(R"({"op":"subscribe","topics":["monitoring/mine"]})");
  ASSERT_TRUE(ws.read_text());

  methane("XD-MINE-01", "0.4");
  EXPECT_TRUE(open_alarms(xiaodian_).empty());
  methane("XD-MINE-01", "1.2");
  auto alarms = open_alarms(xiaodian_);
  ASSERT_EQ(alarms.size(), 1u);
  auto alarm = alarms[0].as_object();
  std::string id = str(alarm.at("id"));
  EXPECT_EQ(alarm.at("level").as_string(), "red");
  EXPECT_EQ(alarm.at("metric").as_string(), "ch4");
  EXPECT_EQ(alarm.at("station_name").as_string(), "小店区某煤矿井下监测站");
  EXPECT_EQ(alarm.at("threshold").as_double(), 1.0);
  EXPECT_TRUE(alarm.at("active").as_bool());

  EXPECT_TRUE(heard(ws, "alarm", id)) << "the alarm is announced on monitoring/mine";

  methane("XD-MINE-01", "0.5");
  alarm = open_alarms(xiaodian_)[0].as_object();
  EXPECT_FALSE(alarm.at("active").as_bool()) << "back to normal, still open until someone sees it";
  methane("XD-MINE-01", "1.1");
  alarms = open_alarms(xiaodian_);
  ASSERT_EQ(alarms.size(), 1u) << "a repeat folds into the open alarm";
  EXPECT_EQ(str(alarms[0].at("id")), id);
  EXPECT_EQ(alarms[0].at("count").as_int64(), 2);

  auto acked = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/acknowledge");
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_EQ(json(acked).at("acknowledged_by").as_string(), "小店值班员");
  EXPECT_TRUE(json(acked).at("closed_at").is_null()) << "still past the threshold";
  methane("XD-MINE-01", "0.3");
  EXPECT_TRUE(open_alarms(xiaodian_).empty());
  auto closed = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms/" + id));
  EXPECT_EQ(closed.at("close_code").as_string(), "recovered")
      << "a code the pages word in their language, no server-made text";
  EXPECT_EQ(closed.at("closed_by").as_string(), "") << "the system closed it: no one's name";
  EXPECT_EQ(closed.at("close_reason").as_string(), "");

  // The neighbouring county sees none of it.
  EXPECT_TRUE(open_alarms(yingze_, "&state=all").empty());
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/monitoring/alarms/" + id).status, 404);
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/monitoring/stations/" + mine_).status, 404);
  EXPECT_EQ(
      json(yingze_.bearer("GET", "/api/v1/monitoring/stations?theme=mine")).at("total").as_int64(),
      0);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/monitoring/stations?theme=mine"))
                .at("total")
                .as_int64(),
            2);
}

TEST_P(Monitoring, AlarmsRankByLevelThenUnacknowledgedThenTheLongestOpen) {
  methane("XD-MINE-01", "0.8");  // yellow, oldest, acknowledged below
  std::string acknowledged = str(open_alarms(xiaodian_)[0].at("id"));
  ASSERT_EQ(
      xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + acknowledged + "/acknowledge").status,
      200);
  methane("XD-MINE-02", "0.8");  // yellow, unacknowledged
  clock_->advance_ms(kMinute);
  ASSERT_EQ(send({reading("XD-MINE-01", "co", now(), "60")}).status, 200);  // red, newest
  auto alarms = open_alarms(xiaodian_);
  ASSERT_EQ(alarms.size(), 3u);
  EXPECT_EQ(alarms[0].at("metric").as_string(), "co");
  EXPECT_EQ(alarms[0].at("level").as_string(), "red");
  EXPECT_EQ(str(alarms[1].at("station_id")), second_) << "unacknowledged before acknowledged";
  EXPECT_EQ(str(alarms[2].at("id")), acknowledged);

  auto summary = json(xiaodian_.bearer("GET", "/api/v1/monitoring/summary?theme=mine"));
  EXPECT_EQ(summary.at("open_alarms").as_int64(), 3);
  EXPECT_EQ(summary.at("unacknowledged").as_int64(), 2);
  EXPECT_EQ(summary.at("by_level").at("yellow").as_int64(), 2);
  EXPECT_EQ(summary.at("stations").as_int64(), 2);
  EXPECT_EQ(summary.at("reporting").as_int64(), 2);
}

TEST_P(Monitoring, ClosingNeedsAReasonAndTheSameConditionDoesNotReopenUntilItClears) {
  methane("XD-MINE-01", "1.2");
  std::string id = str(open_alarms(xiaodian_)[0].at("id"));
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/close", "{}").status,
            400);
  auto closed = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/close",
                                 R"({"reason":"传感器标校，现场确认无异常"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(json(closed).at("closed_by").as_string(), "小店值班员");
  EXPECT_EQ(json(closed).at("close_code").as_string(), "manual");
  EXPECT_EQ(json(closed).at("close_reason").as_string(), "传感器标校，现场确认无异常");
  EXPECT_EQ(
      xiaodian_
          .bearer("POST", "/api/v1/monitoring/alarms/" + id + "/close", R"({"reason":"again"})")
          .status,
      409);
  methane("XD-MINE-01", "1.3");
  EXPECT_TRUE(open_alarms(xiaodian_).empty()) << "closed by a person: not raised again at once";
  methane("XD-MINE-01", "0.4");
  methane("XD-MINE-01", "1.2");
  auto alarms = open_alarms(xiaodian_);
  ASSERT_EQ(alarms.size(), 1u) << "a new crossing after it cleared is a new alarm";
  EXPECT_NE(str(alarms[0].at("id")), id);
  auto history = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms?theme=mine&state=closed"));
  EXPECT_EQ(history.at("total").as_int64(), 1);
}

TEST_P(Monitoring, AnAlarmBecomesAWarningOrAnIncidentWithOneCall) {
  methane("XD-MINE-01", "1.2");
  std::string id = str(open_alarms(xiaodian_)[0].at("id"));
  auto warned = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/warning");
  ASSERT_EQ(warned.status, 201) << warned.body;
  auto alert = json(warned).at("alert");
  EXPECT_EQ(alert.at("level").as_string(), "red");
  EXPECT_EQ(alert.at("regions").at(0).as_string(), "140105");
  EXPECT_EQ(alert.at("category").as_string(), "Safety") << "a mine's alarm: CAP category by theme";
  EXPECT_EQ(str(json(warned).at("alarm").at("alert_id")), str(alert.at("id")));
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/warning").status, 409);

  auto incident = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident");
  ASSERT_EQ(incident.status, 201) << incident.body;
  EXPECT_EQ(json(incident).at("incident").at("type").as_string(), "A03") << "a coal mine accident";
  EXPECT_EQ(json(incident).at("incident").at("region").as_string(), "140105");
  EXPECT_FALSE(json(incident).at("alarm").at("incident_id").is_null());
  EXPECT_EQ(yingze_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident").status, 404);
}

TEST_P(Monitoring, AnAlarmSeenAfterItRecoveredIsClosedByThePersonWithTheRecoveredCode) {
  methane("XD-MINE-01", "1.2");
  std::string id = str(open_alarms(xiaodian_)[0].at("id"));
  EXPECT_TRUE(open_alarms(xiaodian_)[0].at("close_code").is_null()) << "open: no close code";
  methane("XD-MINE-01", "0.3");
  auto acked = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/acknowledge");
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_FALSE(json(acked).at("closed_at").is_null());
  EXPECT_EQ(json(acked).at("closed_by").as_string(), "小店值班员");
  EXPECT_EQ(json(acked).at("close_code").as_string(), "recovered");
  EXPECT_EQ(json(acked).at("close_reason").as_string(), "");
}

TEST_P(Monitoring, AnIncidentFromAnAlarmStartsWhenTheAlarmOpenedAndBothRecordTheLink) {
  methane("XD-MINE-01", "1.2");
  const std::int64_t opened = now();
  auto first = open_alarms(xiaodian_)[0];
  std::string id = str(first.at("id"));
  methane("XD-MINE-01", "0.4");  // back to normal, not yet seen
  methane("XD-MINE-01", "1.3");  // raised again later: a repeat of the same alarm
  auto repeated = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms/" + id));
  ASSERT_EQ(repeated.at("count").as_int64(), 2);
  ASSERT_NE(str(repeated.at("raised_at")), str(repeated.at("opened_at")));

  // What the person corrects is checked like any intake, and nothing is made when it is wrong.
  auto future = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident",
                                 R"({"occurred_at":")" + format_rfc3339(now() + 3600000) + R"("})");
  EXPECT_EQ(future.status, 400) << future.body;
  EXPECT_EQ(json(future).at("error").at("field").as_string(), "occurred_at");
  auto unknown = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident",
                                  R"({"title":"改个标题"})");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(json(unknown).at("error").at("field").as_string(), "title");
  EXPECT_TRUE(
      json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms/" + id)).at("incident_id").is_null());
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/incidents")).at("total").as_int64(), 0);
  // Outside the jurisdiction the alarm does not exist, with or without a body.
  EXPECT_EQ(yingze_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident").status, 404);
  EXPECT_EQ(yingze_
                .bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident",
                        R"({"occurred_at":")" + format_rfc3339(opened) + R"("})")
                .status,
            404);

  auto made = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident");
  ASSERT_EQ(made.status, 201) << made.body;
  auto incident = json(made).at("incident");
  EXPECT_EQ(*parse_rfc3339(str(incident.at("occurred_at"))), opened)
      << "it happened when the alarm first opened, not when it was raised again";
  EXPECT_EQ(str(incident.at("source_alarm_id")), id) << "the incident records its alarm";
  std::string incident_id = str(incident.at("id"));
  EXPECT_EQ(str(json(made).at("alarm").at("incident_id")), incident_id);
  auto read_back = json(xiaodian_.bearer("GET", "/api/v1/incidents/" + incident_id));
  EXPECT_EQ(str(read_back.at("source_alarm_id")), id);
  EXPECT_EQ(str(json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms/" + id)).at("incident_id")),
            incident_id)
      << "and the alarm its incident";
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident").status, 409);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/incidents")).at("total").as_int64(), 1);

  // The time proposed can be corrected.
  clock_->advance_ms(kMinute);
  ASSERT_EQ(send({reading("XD-MINE-01", "co", now(), "60")}).status, 200);
  std::string co;
  for (const auto& a : open_alarms(xiaodian_)) {
    if (str(a.at("metric")) == "co") co = str(a.at("id"));
  }
  ASSERT_FALSE(co.empty());
  const std::string earlier = format_rfc3339(now() - 30 * kMinute);
  auto corrected = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + co + "/incident",
                                    R"({"occurred_at":")" + earlier + R"("})");
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  EXPECT_EQ(*parse_rfc3339(str(json(corrected).at("incident").at("occurred_at"))),
            *parse_rfc3339(earlier));
  EXPECT_EQ(str(json(corrected).at("incident").at("source_alarm_id")), co);

  // An intake by hand cannot claim an alarm.
  auto forged = xiaodian_.bearer("POST", "/api/v1/incidents",
                                 R"({"title":"x","type":"A03","occurred_at":")" +
                                     format_rfc3339(now() - kMinute) +
                                     R"(","region":"140105","source_alarm_id":")" + id + R"("})");
  EXPECT_EQ(forged.status, 400) << forged.body;
  EXPECT_EQ(json(forged).at("error").at("field").as_string(), "source_alarm_id");
}

TEST_P(Monitoring, TheHomePagesTodoCountsOpenAlarmsForThoseWhoMayHandleThem) {
  add_user(*app_, "13500000034", "小店指挥长", "140105", {"commander"});
  auto commander = sign_in(*app_, "13500000034", clock_.get());
  auto todo = [](const Session& s) {
    auto r = s.bearer("GET", "/api/v1/dashboard");
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r).at("todo").as_object();
  };
  EXPECT_EQ(todo(xiaodian_).at("alarms").as_int64(), 0);
  methane("XD-MINE-01", "1.2");
  methane("XD-MINE-02", "0.8");
  EXPECT_EQ(todo(xiaodian_).at("alarms").as_int64(), 2);
  EXPECT_EQ(todo(yingze_).at("alarms").as_int64(), 0) << "only the caller's jurisdiction";
  EXPECT_FALSE(todo(commander).contains("alarms")) << "a commander does not handle alarms";
  std::string id = str(open_alarms(xiaodian_)[0].at("id"));
  ASSERT_EQ(xiaodian_
                .bearer("POST", "/api/v1/monitoring/alarms/" + id + "/close",
                        R"({"reason":"现场核实无异常"})")
                .status,
            200);
  EXPECT_EQ(todo(xiaodian_).at("alarms").as_int64(), 1) << "a closed alarm is done";
}

TEST_P(Monitoring, ASilentSensorIsAnAlarmAndItsNextReadingEndsIt) {
  configure(second_, "ch4",
            R"({"rules":[{"kind":"silence","minutes":10,"level":"orange"}],"version":2})");
  methane("XD-MINE-02", "0.2");
  auto& services = app_->app().services();
  clock_->advance_ms(9 * kMinute);
  ASSERT_TRUE(services.monitoring->check().ok());
  EXPECT_TRUE(open_alarms(xiaodian_).empty());
  clock_->advance_ms(2 * kMinute);
  ASSERT_TRUE(services.monitoring->check().ok());
  auto alarms = open_alarms(xiaodian_);
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].at("rule").as_string(), "silence");
  EXPECT_EQ(alarms[0].at("level").as_string(), "orange");
  methane("XD-MINE-02", "0.2");
  EXPECT_FALSE(open_alarms(xiaodian_)[0].at("active").as_bool());
}

TEST_P(Monitoring, AYearOfReadingsComesBackAsAFewHundredBuckets) {
  configure(mine_, "wind_speed", R"({"rules":[]})");
  const std::int64_t hour = 60 * kMinute, start = now() - 365 * 24 * hour;
  for (int batch = 0; batch < 9; ++batch) {
    std::vector<std::string> readings;
    for (int i = batch * 1000; i < std::min(8760, (batch + 1) * 1000); ++i) {
      readings.push_back(
          reading("XD-MINE-01", "wind_speed", start + i * hour, std::to_string(i % 24)));
    }
    auto r = send(readings);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(json(r).at("accepted").as_int64(), static_cast<std::int64_t>(readings.size()));
  }
  auto r = xiaodian_.bearer("GET", "/api/v1/monitoring/readings?station=" + mine_ +
                                       "&metric=wind_speed&from=" + format_rfc3339(start) +
                                       "&to=" + format_rfc3339(now()) + "&points=300");
  ASSERT_EQ(r.status, 200) << r.body;
  auto points = json(r).at("points").as_array();
  EXPECT_LE(points.size(), 300u);
  EXPECT_GE(points.size(), 290u);
  std::int64_t count = 0;
  for (const auto& p : points) {
    count += p.at("count").as_int64();
    EXPECT_LE(p.at("min").as_double(), p.at("mean").as_double());
    EXPECT_LE(p.at("mean").as_double(), p.at("max").as_double());
  }
  EXPECT_EQ(count, 8760);
  EXPECT_EQ(points[1].at("min").as_double(), 0) << "a bucket of a day and more holds a whole day";
  EXPECT_EQ(points[1].at("max").as_double(), 23);
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/monitoring/readings?station=" + mine_ + "&metric=nope")
                .status,
            400);
}

TEST_P(Monitoring, ThresholdsAreValidatedVersionedAndAMetricCanBeRemoved) {
  auto bad = xiaodian_.bearer(
      "PUT", "/api/v1/monitoring/stations/" + mine_ + "/metrics/ch4",
      R"({"rules":[{"kind":"above","thresholds":[{"level":"red","value":0.5},{"level":"yellow","value":1}]}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json(bad).at("error").at("field").as_string(), "rules[0].thresholds");
  auto stale = xiaodian_.bearer("PUT", "/api/v1/monitoring/stations/" + mine_ + "/metrics/ch4",
                                std::string(R"({"version":7,)") + (kMethane + 1));
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto station = json(xiaodian_.bearer("GET", "/api/v1/monitoring/stations/" + mine_));
  EXPECT_EQ(station.at("theme").as_string(), "mine");
  EXPECT_EQ(station.at("metrics").as_array().size(), 2u);
  EXPECT_EQ(yingze_.bearer("PUT", "/api/v1/monitoring/stations/" + mine_ + "/metrics/ch4", kMethane)
                .status,
            404);

  auto removed = xiaodian_.bearer("DELETE", "/api/v1/monitoring/stations/" + mine_ + "/metrics/co");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(json(removed).at("metrics").as_array().size(), 1u);
  auto r = send({reading("XD-MINE-01", "co", now(), "10")});
  EXPECT_EQ(json(r).at("rejected").as_array().size(), 1u);
}

TEST_P(Monitoring, RulesChangedByAnotherProcessApplyFromTheNextBatch) {
  auto& services = app_->app().services();
  methane("XD-MINE-02", "0.2");
  // Another `fenghuo serve` on the same PostgreSQL adds wind speed to the second station ...
  ASSERT_TRUE(
      services.db
          ->transact([&](db::Transaction& tx) {
            return tx
                ->execute(
                    "INSERT INTO station_metrics (station_id, metric, rules, updated_at) VALUES "
                    "($1, 3, $2, $3)",
                    {std::stoll(second_),
                     std::string(R"([{"kind":"above","thresholds":[{"level":"red","value":10}]}])"),
                     now()})
                .status();
          })
          .ok());
  clock_->advance_ms(kMinute);
  auto before = json(send({reading("XD-MINE-02", "wind_speed", now(), "12")}));
  EXPECT_EQ(before.at("rejected").as_array().size(), 1u) << "not heard of yet";
  // ... and its event reaches this process through the database.
  services.bus->deliver_local(
      {"monitoring/config", "rules", R"({"station":")" + second_ + R"("})", "140105"});
  clock_->advance_ms(kMinute);
  auto after = json(send({reading("XD-MINE-02", "wind_speed", now(), "12")}));
  EXPECT_EQ(after.at("accepted").as_int64(), 1) << after;
  EXPECT_EQ(open_alarms(xiaodian_).size(), 1u);
}

TEST_P(Monitoring, ANewStationStartsWithTheCataloguesMetricsAndRules) {
  // Stations made through the API (the setup's mine stations too) get the catalogue's rules.
  auto river = admin_.bearer(
      "POST", "/api/v1/resources",
      R"({"kind":"station","category":"water","name":"汾河小店水文站","region":"140105","lon":112.58,)"
      R"("lat":37.72,"code":"XD-RIVER-01","warning_level":776.5,"guaranteed_level":777.8,)"
      R"("record_level":778.6})");
  ASSERT_EQ(river.status, 201) << river.body;
  std::string id = str(json(river).at("id"));
  auto station = json(xiaodian_.bearer("GET", "/api/v1/monitoring/stations/" + id));
  std::map<std::string, boost::json::value> rules;
  for (const auto& m : station.at("metrics").as_array()) rules[str(m.at("metric"))] = m.at("rules");
  for (const char* code :
       {"water_level", "rainfall", "rain_1h", "rain_3h", "rain_6h", "rain_12h", "rain_24h"}) {
    EXPECT_TRUE(rules.contains(code)) << code << " in " << station;
  }
  const auto& levels = rules["water_level"].at(0).at("thresholds").as_array();
  ASSERT_EQ(levels.size(), 3u) << rules["water_level"];
  EXPECT_EQ(levels[0].at("level").as_string(), "yellow");
  EXPECT_EQ(levels[0].at("value").as_double(), 776.5) << "警戒水位";
  EXPECT_EQ(levels[1].at("level").as_string(), "orange");
  EXPECT_EQ(levels[1].at("value").as_double(), 777.8) << "保证水位";
  EXPECT_EQ(levels[2].at("level").as_string(), "red");
  EXPECT_EQ(levels[2].at("value").as_double(), 778.6) << "the record level";
  EXPECT_EQ(rules["rain_3h"].at(0).at("thresholds").at(1).at("value").as_double(), 100);

  // Readings alarm on those rules at once; the sums are the server's, not sent.
  clock_->advance_ms(kMinute);
  auto r = json(send({reading("XD-RIVER-01", "water_level", now(), "777.9"),
                      reading("XD-RIVER-01", "rain_3h", now(), "80")}));
  EXPECT_EQ(r.at("accepted").as_int64(), 1) << r;
  ASSERT_EQ(r.at("rejected").as_array().size(), 1u) << r;
  EXPECT_NE(str(r.at("rejected").at(0).at("reason")).find("computed"), std::string::npos) << r;
  auto alarms = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms?theme=flood"));
  ASSERT_EQ(alarms.at("total").as_int64(), 1) << alarms;
  EXPECT_EQ(alarms.at("items").at(0).at("level").as_string(), "orange") << "past 保证水位";
  for (int i = 1; i <= 4; ++i) {
    clock_->advance_ms(30 * kMinute);
    ASSERT_EQ(send({reading("XD-RIVER-01", "rainfall", now(), "15")}).status, 200);
  }
  auto rain = json(xiaodian_.bearer("GET", "/api/v1/monitoring/stations/" + id));
  for (const auto& m : rain.at("metrics").as_array()) {
    if (str(m.at("metric")) == "rain_3h") EXPECT_EQ(m.at("last").at("value").as_double(), 60);
  }
  alarms = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms?theme=flood"));
  bool rainstorm = false;
  for (const auto& a : alarms.at("items").as_array())
    rainstorm = rainstorm || (str(a.at("metric")) == "rain_3h" && str(a.at("level")) == "orange");
  EXPECT_TRUE(rainstorm) << "60 mm in 3 hours: the 暴雨 orange signal's level " << alarms;
}

TEST_P(Monitoring, ASeismicAlarmBecomesAnEarthquakeWithItsMagnitude) {
  auto seismic = admin_.bearer(
      "POST", "/api/v1/resources",
      R"({"kind":"station","category":"earthquake","name":"小店地震台","region":"140105","lon":112.57,)"
      R"("lat":37.73,"code":"XD-QUAKE-01"})");
  ASSERT_EQ(seismic.status, 201) << seismic.body;
  clock_->advance_ms(kMinute);
  ASSERT_EQ(send({reading("XD-QUAKE-01", "magnitude", now(), "5.2"),
                  reading("XD-QUAKE-01", "depth", now(), "10")})
                .status,
            200);
  auto alarms = json(xiaodian_.bearer("GET", "/api/v1/monitoring/alarms?theme=geology"));
  ASSERT_EQ(alarms.at("total").as_int64(), 1) << alarms;
  std::string id = str(alarms.at("items").at(0).at("id"));
  auto made = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" + id + "/incident");
  ASSERT_EQ(made.status, 201) << made.body;
  auto incident = json(made).at("incident");
  EXPECT_EQ(incident.at("type").as_string(), "N01") << "an earthquake, not a geological disaster";
  EXPECT_EQ(incident.at("magnitude").as_double(), 5.2);
  EXPECT_EQ(incident.at("level").as_string(), "III") << "graded by magnitude: " << incident;
}

TEST_P(Monitoring, AMineStationBecomesTheAccidentOfItsEnterprisesKind) {
  auto make = [&](const std::string& body) {
    auto r = admin_.bearer("POST", "/api/v1/resources", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : "";
  };
  std::map<std::string, std::string> expected = {
      {"coal", "A03"}, {"non_coal", "A04"}, {"tailings", "A05"}};
  int n = 0;
  for (const auto& [kind, type] : expected) {
    ++n;
    std::string enterprise =
        make(R"({"kind":"enterprise","category":")" + kind + R"(","name":"小店区某企业)" +
             std::to_string(n) + R"(","region":"140105","lon":112.6,"lat":37.7})");
    std::string code = "XD-ENT-" + std::to_string(n);
    make(R"({"kind":"station","category":"safety","name":"企业监测站)" + std::to_string(n) +
         R"(","region":"140105","lon":112.61,"lat":37.71,"code":")" + code + R"(","parent_id":")" +
         enterprise + R"("})");
    clock_->advance_ms(kMinute);
    ASSERT_EQ(send({reading(code, "ch4", now(), "1.6")}).status, 200);
    auto alarms = json(xiaodian_.bearer(
        "GET", "/api/v1/monitoring/alarms?theme=mine&station=" +
                   str(json(xiaodian_.bearer("GET", "/api/v1/monitoring/stations?q=" + code))
                           .at("items")
                           .at(0)
                           .at("id"))));
    ASSERT_EQ(alarms.at("total").as_int64(), 1) << kind << alarms;
    auto made = xiaodian_.bearer("POST", "/api/v1/monitoring/alarms/" +
                                             str(alarms.at("items").at(0).at("id")) + "/incident");
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(json(made).at("incident").at("type").as_string(), type) << kind;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Monitoring,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

// Readings through a real Mosquitto broker (started by scripts/test.sh).
TEST(MonitoringMqtt, ReadingsPublishedToTheBrokerAreStoredAndRaiseAlarms) {
  const char* url = std::getenv("FENGHUO_TEST_MQTT_URL");
  if (url == nullptr || *url == '\0') {
    const char* required = std::getenv("FENGHUO_TEST_REQUIRE_MQTT");
    if (required != nullptr && std::string(required) == "1")
      FAIL() << "FENGHUO_TEST_MQTT_URL unset";
    GTEST_SKIP() << "FENGHUO_TEST_MQTT_URL unset: no broker for this test";
  }
  std::string topic = "fenghuo-test-" + std::to_string(::getpid()) + "/readings/+";
  TestApp app(Backend::kSqlite, [&](Config& c) {
    c.monitoring.mqtt_url = url;
    c.monitoring.mqtt_topic = topic;
  });
  add_user(app, "13500000041", "省管理员", "140000", {"system_admin"});
  Session admin = sign_in(app, "13500000041");
  auto created = admin.bearer(
      "POST", "/api/v1/resources",
      R"({"kind":"station","category":"mine","name":"MQTT煤矿监测站","region":"140105",)"
      R"("lon":112.62,"lat":37.69,"code":"XD-MQTT-01"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(json(created).at("id"));
  ASSERT_EQ(
      admin.bearer("PUT", "/api/v1/monitoring/stations/" + id + "/metrics/ch4", kMethane).status,
      200);

  auto broker = monitoring::parse_mqtt_url(url);
  ASSERT_TRUE(broker.ok());
  auto publisher = monitoring::MqttPublisher::connect(*broker);
  ASSERT_TRUE(publisher.ok()) << publisher.error().message;
  std::string station_topic = topic.substr(0, topic.size() - 1) + "XD-MQTT-01";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::int64_t t = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() -
                   10000;
  // The subscriber connects in the background: publish until a reading arrives.
  std::int64_t stored = 0;
  while (stored == 0 && std::chrono::steady_clock::now() < deadline) {
    t += 1;
    ASSERT_TRUE((*publisher)
                    ->publish(station_topic,
                              R"({"metric":"ch4","time":)" + std::to_string(t) + R"(,"value":0.3})")
                    .ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto series =
        json(admin.bearer("GET", "/api/v1/monitoring/readings?station=" + id + "&metric=ch4"));
    for (const auto& p : series.at("points").as_array()) stored += p.at("count").as_int64();
  }
  ASSERT_GT(stored, 0) << "no reading came through the broker";

  // A list in one message, the station in each reading; one past the threshold.
  ASSERT_TRUE((*publisher)
                  ->publish(station_topic,
                            R"([{"station":"XD-MQTT-01","metric":"ch4","time":)" +
                                std::to_string(t + 1000) +
                                R"(,"value":0.4},{"station":"XD-MQTT-01","metric":"ch4","time":)" +
                                std::to_string(t + 2000) + R"(,"value":1.4}])")
                  .ok());
  ASSERT_TRUE((*publisher)->flush(5000).ok());
  boost::json::array alarms;
  while (alarms.empty() && std::chrono::steady_clock::now() < deadline + std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    alarms =
        json(admin.bearer("GET", "/api/v1/monitoring/alarms?theme=mine")).at("items").as_array();
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].at("level").as_string(), "red");
  EXPECT_EQ(alarms[0].at("value").as_double(), 1.4);
}

}  // namespace
}  // namespace fenghuo::test

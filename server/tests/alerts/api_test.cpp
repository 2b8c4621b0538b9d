// Warnings through HTTP against SQLite and PostgreSQL: CAP import (new, repeat, update,
// cancel, refused), who sees which warning, warnings at a point, entry by hand, export that
// re-imports to the same warning, and expiry with an injected clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "alerts/cap.h"
#include "app/services.h"
#include "core/time.h"
#include "support/events.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

// A GB/T 35965.1-style message from the Xiaodian weather office for part of Xiaodian (a
// polygon wholly inside it: one that reaches into 榆次区 is outside Xiaodian's jurisdiction).
std::string xiaodian_gale(const std::string& n, const std::string& msg_type,
                          std::int64_t sent_ms, std::int64_t expires_ms,
                          const std::string& references = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
         "<identifier>14010541600000_20261130080000_" +
         n +
         "</identifier>\n"
         "<sender>14010541600000</sender>\n"
         "<sent>" +
         alerts::cap_time(sent_ms) +
         "</sent>\n"
         "<status>Actual</status><msgType>" +
         msg_type + "</msgType><scope>Public</scope>\n" +
         (references.empty() ? "" : "<references>" + references + "</references>\n") +
         "<info><language>zh-CN</language><category>Met</category><event>大风</event>"
         "<urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>"
         "<expires>" +
         alerts::cap_time(expires_ms) +
         "</expires>"
         "<senderName>小店区气象台</senderName>"
         "<headline>小店区气象台发布大风橙色预警信号</headline>"
         "<description>预计未来12小时内将出现8级以上大风。</description>"
         "<area><areaDesc>小店区北格镇</areaDesc>"
         "<polygon>37.64,112.52 37.64,112.58 37.69,112.58 37.69,112.52 37.64,112.52</polygon>"
         "</area></info>\n"
         "<info><language>en-US</language><category>Met</category><event>Gale</event>"
         "<urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>"
         "<headline>Gale warning (orange) for Xiaodian</headline>"
         "<area><areaDesc>Beige</areaDesc></area></info>\n"
         "</alert>\n";
}

// A message from `sender` whose one info covers `area` (CAP <area> XML).
std::string cap_for(const std::string& sender, const std::string& n, const std::string& msg_type,
                    std::int64_t sent_ms, std::int64_t expires_ms, const std::string& area,
                    const std::string& references = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
         "<identifier>" +
         sender + "_20261130080000_" + n +
         "</identifier>\n"
         "<sender>" +
         sender +
         "</sender>\n"
         "<sent>" +
         alerts::cap_time(sent_ms) +
         "</sent>\n"
         "<status>Actual</status><msgType>" +
         msg_type + "</msgType><scope>Public</scope>\n" +
         (references.empty() ? "" : "<references>" + references + "</references>\n") +
         "<info><language>zh-CN</language><category>Met</category><event>暴雨</event>"
         "<urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>"
         "<expires>" +
         alerts::cap_time(expires_ms) +
         "</expires>"
         "<headline>暴雨橙色预警信号</headline>" +
         area + "</info>\n</alert>\n";
}

std::string geocode_area(const std::string& code) {
  return "<area><areaDesc>" + code + "</areaDesc><geocode><valueName>GB/T 2260</valueName><value>" +
         code + "</value></geocode></area>";
}

class Alerts : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), [](Config& c) {
      c.session.idle_timeout_min = 24 * 60;
      c.session.lifetime_h = 72;
    }, clock_);
    add_user(*app_, "13500000021", "小店值班员", "140105", {"duty_officer"});
    add_user(*app_, "13500000022", "太原值班员", "140100", {"duty_officer"});
    add_user(*app_, "13500000023", "迎泽值班员", "140106", {"duty_officer"});
    add_user(*app_, "13500000024", "管理员", "140000", {"system_admin"});
    add_user(*app_, "13500000025", "小店带班领导", "140105", {"duty_leader"});
    xiaodian_ = sign_in(*app_, "13500000021", clock_.get());
    city_ = sign_in(*app_, "13500000022", clock_.get());
    yingze_ = sign_in(*app_, "13500000023", clock_.get());
    admin_ = sign_in(*app_, "13500000024", clock_.get());
  }
  HttpResponse post_cap(const std::string& xml) { return post_cap_as(xiaodian_.token, xml); }
  HttpResponse post_cap_as(const std::string& bearer, const std::string& xml) {
    return http_request(
        app_->port(), "POST", "/api/v1/alerts/cap", xml,
        {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/xml"}});
  }
  std::int64_t total(const Session& s, const std::string& query = "") {
    return json(s.bearer("GET", "/api/v1/alerts" + query)).at("total").as_int64();
  }
  std::string manual(const std::string& region, const std::string& extra = "") {
    return R"({"event":"暴雨","level":"yellow","headline":"暴雨黄色预警","expires_at":")" +
           format_rfc3339(now() + 6 * 3600000) + R"(","regions":[")" + region + R"("])" + extra +
           "}";
  }
  std::int64_t now() { return clock_->now_ms(); }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session xiaodian_, city_, yingze_, admin_;
};

TEST_P(Alerts, ACapMessageIsImportedOnceUpdatedAndCancelledByReference) {
  auto created = post_cap(xiaodian_gale("1", "Alert", now(), now() + 12 * 3600000));
  ASSERT_EQ(created.status, 201) << created.body;
  auto a = json(created);
  EXPECT_EQ(a.at("level").as_string(), "orange");
  EXPECT_EQ(a.at("headline").as_string(), "小店区气象台发布大风橙色预警信号") << "zh-CN first";
  EXPECT_EQ(a.at("infos").as_array().size(), 2u);
  EXPECT_EQ(a.at("regions").at(0).as_string(), "140105") << "placed by its polygon";
  std::string id = str(a.at("id"));

  auto repeated = post_cap(xiaodian_gale("1", "Alert", now(), now() + 12 * 3600000));
  EXPECT_EQ(repeated.status, 200);
  EXPECT_EQ(str(json(repeated).at("id")), id) << "the same identifier and sender is known";

  std::string ref = "14010541600000,14010541600000_20261130080000_1," + alerts::cap_time(now());
  auto updated = post_cap(xiaodian_gale("2", "Update", now() + 60000, now() + 24 * 3600000, ref));
  ASSERT_EQ(updated.status, 200) << updated.body;
  auto old = json(xiaodian_.bearer("GET", "/api/v1/alerts/" + id));
  EXPECT_EQ(old.at("state").as_string(), "updated");
  EXPECT_EQ(old.at("superseded_by").as_string(), str(json(updated).at("id")));

  std::string ref2 = "14010541600000,14010541600000_20261130080000_2," + alerts::cap_time(now() + 60000);
  auto cancelled = post_cap(xiaodian_gale("3", "Cancel", now() + 120000, now() + 24 * 3600000, ref2));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  auto active = xiaodian_.bearer("GET", "/api/v1/alerts?active=true");
  EXPECT_EQ(json(active).at("total").as_int64(), 0) << active.body;
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 3);
}

TEST_P(Alerts, ARefusedMessageSaysWhyAndStoresNothing) {
  std::string bad = xiaodian_gale("1", "Alert", now(), now() + 3600000);
  bad.replace(bad.find("<scope>Public</scope>"), 21, "");
  auto refused = post_cap(bad);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(json(refused).at("error").at("message").as_string().find("line"), std::string::npos);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 0);
  auto xxe = post_cap("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">&x;</alert>");
  EXPECT_EQ(xxe.status, 422);
}

TEST_P(Alerts, AWarningReachesItsRegionAndTheRegionsAboveNotItsNeighbours) {
  ASSERT_EQ(post_cap(xiaodian_gale("1", "Alert", now(), now() + 3600000)).status, 201);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 1);
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 1);
  EXPECT_EQ(json(yingze_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 0);
  // A city-wide warning entered by the city reaches its counties.
  auto citywide = city_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"寒潮","level":"blue","headline":"太原市寒潮蓝色预警","expires_at":")" +
          format_rfc3339(now() + 48 * 3600000) + R"(","regions":["140100"],"source":"市气象局电话通知"})");
  ASSERT_EQ(citywide.status, 201) << citywide.body;
  EXPECT_EQ(json(citywide).at("from_cap").as_bool(), false);
  EXPECT_EQ(json(yingze_.bearer("GET", "/api/v1/alerts")).at("total").as_int64(), 1);
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/alerts?region=140100").status, 403);
  auto outside = xiaodian_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"x","level":"blue","headline":"x","expires_at":")" +
          format_rfc3339(now() + 3600000) + R"(","regions":["140200"]})");
  EXPECT_EQ(outside.status, 403);

  // At a point: the polygon holds 北格镇 but not the city centre; the city-wide one both.
  auto beige = xiaodian_.bearer("GET", "/api/v1/alerts/active?lat=37.665&lon=112.55");
  EXPECT_EQ(json(beige).at("items").as_array().size(), 2u) << beige.body;
  auto centre = yingze_.bearer("GET", "/api/v1/alerts/active?lat=37.8563&lon=112.5606");
  EXPECT_EQ(json(centre).at("items").as_array().size(), 1u) << centre.body;
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/alerts/active?lat=95&lon=112").status, 400);
}

TEST_P(Alerts, AnExportValidatesAndReimportsToTheSameWarning) {
  auto manual = xiaodian_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"暴雨","level":"yellow","headline":"小店区暴雨黄色预警","description":"局地短时强降水",)"
      R"("expires_at":")" + format_rfc3339(now() + 6 * 3600000) + R"(","regions":["140105"]})");
  ASSERT_EQ(manual.status, 201) << manual.body;
  std::string id = str(json(manual).at("id"));
  auto cap = xiaodian_.bearer("GET", "/api/v1/alerts/" + id + "/cap");
  ASSERT_EQ(cap.status, 200);
  EXPECT_NE(cap.header("content-type").find("xml"), std::string::npos);
  ASSERT_TRUE(alerts::validate_cap(cap.body).ok()) << alerts::validate_cap(cap.body).error().message;
  auto again = post_cap(cap.body);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(str(json(again).at("id")), id);
  EXPECT_EQ(json(again).at("level").as_string(), "yellow");

  auto missing = xiaodian_.bearer("POST", "/api/v1/alerts", R"({"event":"暴雨","level":"yellow","headline":"x","regions":["140105"]})");
  EXPECT_EQ(json(missing).at("error").at("field").as_string(), "expires_at");
  auto bad_level = xiaodian_.bearer("POST", "/api/v1/alerts",
                                    R"({"event":"暴雨","level":"purple","headline":"x","expires_at":")" +
                                        format_rfc3339(now() + 3600000) + R"(","regions":["140105"]})");
  EXPECT_EQ(json(bad_level).at("error").at("field").as_string(), "level");
}

TEST_P(Alerts, WarningsExpireByThemselvesAndCanBeLiftedByHand) {
  ASSERT_EQ(post_cap(xiaodian_gale("1", "Alert", now(), now() + 3600000)).status, 201);
  auto manual = xiaodian_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"大雾","level":"yellow","headline":"大雾黄色预警","expires_at":")" +
          format_rfc3339(now() + 10 * 3600000) + R"(","regions":["140105"]})");
  ASSERT_EQ(manual.status, 201);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts?active=true")).at("total").as_int64(), 2);
  clock_->advance_s(3600 + 1);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts?active=true")).at("total").as_int64(), 1)
      << "past its expiry it is not active, before the timer runs";
  EXPECT_EQ(*app_->app().services().alerts->expire(), 1);
  EXPECT_EQ(*app_->app().services().alerts->expire(), 0);
  std::string id = str(json(manual).at("id"));
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/cancel", "{}").status, 400);
  auto lifted = xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/cancel", R"({"reason":"雾已消散"})");
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_EQ(json(lifted).at("state").as_string(), "cancelled");
  auto home = xiaodian_.bearer("GET", "/api/v1/dashboard");
  EXPECT_EQ(json(home).at("warnings").as_array().size(), 0u);
}

TEST_P(Alerts, EveryoneOnDutyMustAcknowledgeAndSilenceIsChased) {
  Session leader = sign_in(*app_, "13500000025", clock_.get());
  auto created = post_cap(xiaodian_gale("1", "Alert", now(), now() + 12 * 3600000));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(json(created).at("id"));

  auto board = xiaodian_.bearer("GET", "/api/v1/alerts/" + id + "/deliveries");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(json(board).at("total").as_int64(), 2) << "the Xiaodian duty room: leader and officer";
  EXPECT_EQ(json(board).at("acknowledged").as_int64(), 0);
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/alerts/" + id + "/deliveries").status, 404);
  auto mine = json(xiaodian_.bearer("GET", "/api/v1/alerts/" + id));
  ASSERT_FALSE(mine.at("my_delivery").is_null());
  EXPECT_TRUE(mine.at("my_delivery").at("acknowledged_at").is_null());
  auto notes = xiaodian_.bearer("GET", "/api/v1/notifications?unread=true");
  EXPECT_NE(notes.body.find("橙色预警"), std::string::npos) << notes.body;

  auto todo = xiaodian_.bearer("GET", "/api/v1/alerts?mine=unacknowledged");
  EXPECT_EQ(json(todo).at("total").as_int64(), 1) << todo.body;
  auto ack = xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/ack");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/ack").status, 409);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts?mine=unacknowledged")).at("total").as_int64(), 0);
  EXPECT_EQ(city_.bearer("POST", "/api/v1/alerts/" + id + "/ack").status, 409) << "not delivered to the city";

  Services& s = app_->app().services();
  WsClient ws(app_->port(), "/api/v1/ws", {{"Authorization", "Bearer " + xiaodian_.token}});
  ASSERT_TRUE(ws.connected());
  ws.send_text(R"({"op":"subscribe","topics":["alerts"]})");
  ASSERT_TRUE(ws.read_text());
  clock_->advance_s(9 * 60);
  EXPECT_EQ(*s.alerts->chase(), 0) << "within the time to acknowledge";
  clock_->advance_s(2 * 60);
  EXPECT_EQ(*s.alerts->chase(), 1) << "the silent leader gets a text message";
  EXPECT_TRUE(heard(ws, "chased", id)) << "the 叫应 board hears of the SMS at once";
  std::ifstream outbox(app_->outbox_path());
  std::string line, to_leader;
  while (std::getline(outbox, line)) {
    if (line.find("13500000025") != std::string::npos && line.find("预警") != std::string::npos) to_leader = line;
  }
  EXPECT_NE(to_leader.find("小店区气象台发布大风橙色预警信号"), std::string::npos) << to_leader;
  EXPECT_EQ(*s.alerts->chase(), 0) << "once";
  clock_->advance_s(10 * 60);
  EXPECT_EQ(*s.alerts->chase(), 1) << "then the duty leader is told";
  auto after = json(leader.bearer("GET", "/api/v1/alerts/" + id + "/deliveries"));
  EXPECT_EQ(after.at("acknowledged").as_int64(), 1);
  for (const auto& d : after.at("items").as_array()) {
    if (d.at("user_name") == "小店带班领导") {
      EXPECT_FALSE(d.at("sms_at").is_null());
      EXPECT_FALSE(d.at("escalated_at").is_null());
      EXPECT_TRUE(d.at("acknowledged_at").is_null()) << "still silent, and the board says so";
    }
  }
}

TEST_P(Alerts, AcknowledgingSettlesTheNoticeTheListAndTheHomeTodo) {
  Session leader = sign_in(*app_, "13500000025", clock_.get());
  auto created = post_cap(xiaodian_gale("1", "Alert", now(), now() + 12 * 3600000));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(json(created).at("id"));
  auto to_ack = [](const Session& s) {
    return json(s.bearer("GET", "/api/v1/dashboard")).at("todo").at("acknowledge").as_int64();
  };
  auto unread_notices = [&](const Session& s) {
    auto page = json(s.bearer("GET", "/api/v1/notifications?unread=true"));
    std::int64_t n = 0;
    for (const auto& x : page.at("items").as_array()) {
      if (str(x.at("link")) == "/monitoring/alerts/" + id) ++n;
    }
    return n;
  };
  EXPECT_EQ(to_ack(xiaodian_), 1);
  EXPECT_EQ(to_ack(city_), 0) << "not delivered to the city";
  EXPECT_EQ(unread_notices(xiaodian_), 1);
  auto listed = json(xiaodian_.bearer("GET", "/api/v1/alerts"));
  EXPECT_EQ(listed.at("items").at(0).at("my_ack").as_string(), "pending");
  EXPECT_TRUE(json(city_.bearer("GET", "/api/v1/alerts")).at("items").at(0).at("my_ack").is_null());

  WsClient ws(app_->port(), "/api/v1/ws", {{"Authorization", "Bearer " + xiaodian_.token}});
  ASSERT_TRUE(ws.connected());
  ws.send_text(R"({"op":"subscribe","topics":["notifications"]})");
  ASSERT_TRUE(ws.read_text());
  ASSERT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/ack").status, 200);
  bool told = false;
  while (auto message = ws.read_text(std::chrono::seconds(3))) {
    auto e = boost::json::parse(*message).as_object();
    if (e.at("topic") == "notifications" && e.at("event") == "read") {
      told = str(e.at("data").at("user_ids").at(0)) == xiaodian_.user_id;
      break;
    }
  }
  EXPECT_TRUE(told) << "the bell is told to reload";
  EXPECT_EQ(unread_notices(xiaodian_), 0) << "the notice asked for the 叫应 just given";
  EXPECT_EQ(unread_notices(leader), 1) << "the leader has not acknowledged yet";
  EXPECT_EQ(to_ack(xiaodian_), 0);
  EXPECT_EQ(to_ack(leader), 1);
  auto after = json(xiaodian_.bearer("GET", "/api/v1/alerts"));
  EXPECT_EQ(after.at("items").at(0).at("my_ack").as_string(), "acknowledged");
  EXPECT_FALSE(after.at("items").at(0).at("my_acknowledged_at").is_null());
}

TEST_P(Alerts, AWarningNamesTheOrganisationThatIssuedIt) {
  auto created = city_.bearer("POST", "/api/v1/alerts", manual("140100"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string org(json(city_.bearer("GET", "/api/v1/me")).at("org").at("name").as_string());
  ASSERT_FALSE(org.empty());
  EXPECT_EQ(json(created).at("issuer_org_name").as_string(), org);
  std::string id = str(json(created).at("id"));
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts/" + id)).at("issuer_org_name").as_string(),
            org);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/alerts"))
                .at("items")
                .at(0)
                .at("issuer_org_name")
                .as_string(),
            org);
  auto cap = post_cap(xiaodian_gale("2", "Alert", now(), now() + 3600000));
  ASSERT_EQ(cap.status, 201) << cap.body;
  EXPECT_FALSE(json(cap).at("issuer_org_name").as_string().empty())
      << "a CAP message posted by a person is issued by their organisation";
}

TEST_P(Alerts, ACountyIssuesByHandOnlyForRegionsInsideItsJurisdiction) {
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts", manual("140000")).status, 403)
      << "not for the province it lies in";
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts", manual("140100")).status, 403)
      << "nor for its city";
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/alerts", manual("140106")).status, 403);
  // An area drawn over the city centre (迎泽区) yields regions outside Xiaodian.
  auto drawn = xiaodian_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"暴雨","level":"yellow","headline":"x","expires_at":")" +
          format_rfc3339(now() + 3600000) +
          R"(","areas":[{"desc":"市区","polygons":[[[112.54,37.84],[112.58,37.84],[112.58,37.87],[112.54,37.87],[112.54,37.84]]]}]})");
  EXPECT_EQ(drawn.status, 403) << drawn.body;
  EXPECT_EQ(json(drawn).at("error").at("field").as_string(), "regions");
  EXPECT_EQ(total(admin_), 0) << "nothing stored";
  auto own = xiaodian_.bearer("POST", "/api/v1/alerts", manual("140105"));
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_TRUE(json(own).at("can_cancel").as_bool());
  EXPECT_EQ(city_.bearer("POST", "/api/v1/alerts", manual("140100")).status, 201);
}

TEST_P(Alerts, ACapMessageForRegionsOutsideTheJurisdictionIsRefused) {
  auto province_wide = post_cap(
      cap_for("14010541600000", "1", "Alert", now(), now() + 3600000, geocode_area("140000")));
  EXPECT_EQ(province_wide.status, 403) << province_wide.body;
  EXPECT_EQ(json(province_wide).at("error").at("field").as_string(), "regions");
  // A message that cannot be placed goes to the province, which a county is not.
  auto unplaced = post_cap(cap_for("weather@example.org", "2", "Alert", now(), now() + 3600000,
                                   "<area><areaDesc>somewhere</areaDesc></area>"));
  EXPECT_EQ(unplaced.status, 403) << unplaced.body;
  EXPECT_EQ(total(admin_), 0);
  EXPECT_EQ(post_cap(cap_for("14010541600000", "3", "Alert", now(), now() + 3600000,
                             geocode_area("140105")))
                .status,
            201);
  std::string province_cap =
      cap_for("14000041600000", "4", "Alert", now(), now() + 3600000, geocode_area("140000"));
  EXPECT_EQ(post_cap_as(admin_.token, province_cap).status, 201)
      << "the province issues for the province";
  auto xiaodian_cap =
      cap_for("14010541600000", "3", "Alert", now(), now() + 3600000, geocode_area("140105"));
  auto repeated = post_cap_as(yingze_.token, xiaodian_cap);
  EXPECT_EQ(repeated.status, 409) << "a known message does not show Xiaodian's warning to 迎泽";
  EXPECT_EQ(repeated.body.find("暴雨橙色预警信号"), std::string::npos) << repeated.body;
  EXPECT_EQ(post_cap(xiaodian_cap).status, 200);
}

TEST_P(Alerts, AnApiTokenIssuesOnlyInsideTheRegionOfWhoeverMadeIt) {
  add_user(*app_, "13500000027", "小店管理员", "140105", {"system_admin"});
  Session county_admin = sign_in(*app_, "13500000027", clock_.get());
  auto created = county_admin.bearer("POST", "/api/v1/api-tokens",
                                     R"({"name":"小店气象接入","scopes":["alerts.write"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token(json(created).at("token").as_string());
  auto wide = post_cap_as(token, cap_for("14010541600000", "1", "Alert", now(), now() + 3600000,
                                         geocode_area("140000")));
  EXPECT_EQ(wide.status, 403) << wide.body;
  auto by_hand =
      http_request(app_->port(), "POST", "/api/v1/alerts", manual("140100"),
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  EXPECT_EQ(by_hand.status, 403) << by_hand.body;
  auto own = post_cap_as(token, cap_for("14010541600000", "2", "Alert", now(), now() + 3600000,
                                        geocode_area("140105")));
  EXPECT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(total(admin_), 1);
}

TEST_P(Alerts, AReferenceAppliesOnlyToTheSameIssuerOrAWarningWhoseRegionsTheCallerCovers) {
  const std::string city_sender = "14010041600000";
  auto city_alert = post_cap_as(city_.token, cap_for(city_sender, "1", "Alert", now(),
                                                     now() + 12 * 3600000, geocode_area("140100")));
  ASSERT_EQ(city_alert.status, 201) << city_alert.body;
  std::string id = str(json(city_alert).at("id"));
  std::string ref =
      city_sender + "," + city_sender + "_20261130080000_1," + alerts::cap_time(now());

  // The county cancels the city's warning under its own sender code ...
  auto own_sender = post_cap(cap_for("14010541600000", "9", "Cancel", now() + 1000, now() + 3600000,
                                     geocode_area("140105"), ref));
  EXPECT_EQ(own_sender.status, 403) << own_sender.body;
  EXPECT_EQ(json(own_sender).at("error").at("field").as_string(), "references");
  // ... or under the city's sender code: a sender code is only what the message says.
  auto forged = post_cap(cap_for(city_sender, "10", "Cancel", now() + 1000, now() + 3600000,
                                 geocode_area("140105"), ref));
  EXPECT_EQ(forged.status, 403) << forged.body;
  auto update = post_cap(cap_for("14010541600000", "11", "Update", now() + 1000, now() + 3600000,
                                 geocode_area("140105"), ref));
  EXPECT_EQ(update.status, 403) << update.body;
  auto kept = json(city_.bearer("GET", "/api/v1/alerts/" + id));
  EXPECT_EQ(kept.at("state").as_string(), "active");
  EXPECT_EQ(total(admin_), 1) << "a refused message stores nothing";

  // The city itself, and the province that covers the city, may.
  auto city_update =
      post_cap_as(city_.token, cap_for(city_sender, "2", "Update", now() + 2000, now() + 3600000,
                                       geocode_area("140100"), ref));
  ASSERT_EQ(city_update.status, 200) << city_update.body;
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/alerts/" + id)).at("state").as_string(), "updated");
  std::string ref2 =
      city_sender + "," + city_sender + "_20261130080000_2," + alerts::cap_time(now() + 2000);
  auto province_cancel =
      post_cap_as(admin_.token, cap_for("14000041600000", "3", "Cancel", now() + 3000,
                                        now() + 3600000, geocode_area("140000"), ref2));
  ASSERT_EQ(province_cancel.status, 200) << province_cancel.body;
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/alerts/" + str(json(city_update).at("id"))))
                .at("state")
                .as_string(),
            "cancelled");
}

TEST_P(Alerts, OnlyTheIssuingOrganisationOrACoveringJurisdictionLiftsAWarning) {
  add_user(*app_, "13500000026", "太原值班员二", "140100", {"duty_officer"});
  Session colleague = sign_in(*app_, "13500000026", clock_.get());
  auto citywide = city_.bearer("POST", "/api/v1/alerts", manual("140100"));
  ASSERT_EQ(citywide.status, 201) << citywide.body;
  std::string id = str(json(citywide).at("id"));

  auto seen = json(xiaodian_.bearer("GET", "/api/v1/alerts/" + id));
  EXPECT_FALSE(seen.at("can_cancel").as_bool()) << "the county sees the city's warning ...";
  EXPECT_FALSE(seen.at("can_update").as_bool());
  auto listed = json(xiaodian_.bearer("GET", "/api/v1/alerts"));
  EXPECT_FALSE(listed.at("items").at(0).at("can_cancel").as_bool());
  auto refused = xiaodian_.bearer("POST", "/api/v1/alerts/" + id + "/cancel", R"({"reason":"x"})");
  EXPECT_EQ(refused.status, 403) << "... but may not lift it: " << refused.body;
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/alerts/" + id)).at("state").as_string(), "active");

  EXPECT_TRUE(json(colleague.bearer("GET", "/api/v1/alerts/" + id)).at("can_cancel").as_bool())
      << "the issuing organisation";
  EXPECT_TRUE(json(admin_.bearer("GET", "/api/v1/alerts/" + id)).at("can_cancel").as_bool())
      << "the province covers all its regions";
  auto lifted =
      colleague.bearer("POST", "/api/v1/alerts/" + id + "/cancel", R"({"reason":"雨停"})");
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_FALSE(json(lifted).at("can_cancel").as_bool()) << "nothing left to lift";

  auto county = xiaodian_.bearer("POST", "/api/v1/alerts", manual("140105"));
  ASSERT_EQ(county.status, 201);
  std::string county_id = str(json(county).at("id"));
  EXPECT_TRUE(json(city_.bearer("GET", "/api/v1/alerts/" + county_id)).at("can_cancel").as_bool())
      << "the city covers the county";
  EXPECT_EQ(
      yingze_.bearer("POST", "/api/v1/alerts/" + county_id + "/cancel", R"({"reason":"x"})").status,
      404);
}

TEST_P(Alerts, TheCapCategoryIsChosenByHandOrFollowsTheEventNotAlwaysMet) {
  auto quake =
      xiaodian_.bearer("POST", "/api/v1/alerts",
                       R"({"event":"地震","level":"orange","headline":"地震预警","expires_at":")" +
                           format_rfc3339(now() + 3600000) + R"(","regions":["140105"]})");
  ASSERT_EQ(quake.status, 201) << quake.body;
  EXPECT_EQ(json(quake).at("category").as_string(), "Geo") << "by the event when not chosen";
  std::string id = str(json(quake).at("id"));
  auto cap = xiaodian_.bearer("GET", "/api/v1/alerts/" + id + "/cap");
  EXPECT_NE(cap.body.find("<category>Geo</category>"), std::string::npos) << cap.body;

  auto chosen =
      xiaodian_.bearer("POST", "/api/v1/alerts", manual("140105", R"(,"category":"CBRNE")"));
  ASSERT_EQ(chosen.status, 201) << chosen.body;
  EXPECT_EQ(json(chosen).at("category").as_string(), "CBRNE");
  auto rain = xiaodian_.bearer("POST", "/api/v1/alerts", manual("140105"));
  EXPECT_EQ(json(rain).at("category").as_string(), "Met");
  auto bad =
      xiaodian_.bearer("POST", "/api/v1/alerts", manual("140105", R"(,"category":"Weather")"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json(bad).at("error").at("field").as_string(), "category");
}

INSTANTIATE_TEST_SUITE_P(Backends, Alerts,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

// Incidents and their reports through HTTP against SQLite and PostgreSQL: the whole chain
// between a county and its city, what another county sees, due times and overdue notices
// with an injected clock, concurrent edits, merging, level overrides, exports.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <fstream>

#include "app/services.h"
#include "core/time.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {


class Reporting : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    // Sessions outlive the hours the clock is moved on by.
    app_ = std::make_unique<TestApp>(GetParam(), [](Config& c) {
      c.session.idle_timeout_min = 24 * 60;
      c.session.lifetime_h = 72;
    }, clock_);
    add_user(*app_, "13700000001", "小店值班员", "140105", {"duty_officer"});
    leader_id_ = add_user(*app_, "13700000002", "小店带班领导", "140105", {"duty_leader"});
    add_user(*app_, "13700000003", "太原值班员", "140100", {"duty_officer"});
    add_user(*app_, "13700000004", "迎泽值班员", "140106", {"duty_officer", "duty_leader"});
    officer_ = sign_in(*app_, "13700000001", clock_.get());
    leader_ = sign_in(*app_, "13700000002", clock_.get());
    city_ = sign_in(*app_, "13700000003", clock_.get());
    other_county_ = sign_in(*app_, "13700000004", clock_.get());
  }

  std::string ago(int minutes) { return format_rfc3339(clock_->now_ms() - minutes * 60000LL); }

  // An intake by the county officer; answers the incident.
  boost::json::object intake(const std::string& extra = R"("deaths":1)",
                             const std::string& address = "某路8号") {
    auto r = officer_.bearer("POST", "/api/v1/incidents",
                             R"({"title":"小店区某厂房火灾","type":"A07","occurred_at":")" + ago(20) +
                                 R"(","region":"140105","address":")" + address + R"(","lon":112.57,"lat":37.72,)" +
                                 R"("reporting_unit":"某物流公司","reporter_name":"王五","reporter_phone":"13811112222",)" +
                                 R"("description":"厂房起火，浓烟较大",)" + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r).as_object() : boost::json::object();
  }

  // The county's unsent report of an incident.
  boost::json::object draft_of(const std::string& incident_id) {
    auto list = officer_.bearer("GET", "/api/v1/incidents/" + incident_id + "/reports");
    EXPECT_EQ(list.status, 200) << list.body;
    auto body = json(list);
    for (const auto& r : body.at("items").as_array()) {
      if (r.at("status").as_string() != "sent") return r.as_object();
    }
    ADD_FAILURE() << "no draft in " << list.body;
    return {};
  }

  std::int64_t version(const boost::json::object& o) { return o.at("version").as_int64(); }
  std::string v(std::int64_t n) { return std::to_string(n); }

  // The county's report of `kind` of an incident.
  boost::json::object report_of(const std::string& incident_id, const std::string& kind) {
    auto list = json(officer_.bearer("GET", "/api/v1/incidents/" + incident_id + "/reports"));
    for (const auto& r : list.at("items").as_array()) {
      if (r.at("kind").as_string() == kind) return r.as_object();
    }
    ADD_FAILURE() << "no " << kind << " report of incident " << incident_id;
    return {};
  }

  // Submits a report by the county officer; answers the report as it then stands.
  boost::json::object submit(const boost::json::object& r) {
    auto submitted = officer_.bearer("POST", "/api/v1/reports/" + str(r.at("id")) + "/submit",
                                     R"({"version":)" + v(version(r)) + "}");
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return submitted.status == 200 ? json(submitted).as_object() : boost::json::object();
  }

  std::vector<std::string> timeline_actions(const std::string& incident_id) {
    std::vector<std::string> actions;
    auto entries = json(officer_.bearer("GET", "/api/v1/incidents/" + incident_id + "/timeline"));
    for (const auto& e : entries.at("items").as_array()) actions.push_back(str(e.at("action")));
    return actions;
  }

  std::int64_t unread(Session& s) {
    return json(s.bearer("GET", "/api/v1/notifications?unread=true")).at("unread").as_int64();
  }
  std::int64_t to_approve(Session& s) {
    auto todo = json(s.bearer("GET", "/api/v1/dashboard")).at("todo").as_object();
    return todo.contains("approve") ? todo.at("approve").as_int64() : -1;
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  std::string leader_id_;
  Session officer_, leader_, city_, other_county_;
};

TEST_P(Reporting, TheWholeChainFromCountyToCityIsOnTheTimeline) {
  WsClient city_ws(app_->port(), "/api/v1/ws", {{"Authorization", "Bearer " + city_.token}});
  ASSERT_TRUE(city_ws.connected());
  city_ws.send_text(R"({"op":"subscribe","topics":["reports"]})");
  ASSERT_TRUE(city_ws.read_text());

  auto incident = intake();
  std::string id = str(incident.at("id"));
  EXPECT_EQ(incident.at("level").as_string(), "IV");
  EXPECT_EQ(incident.at("status").as_string(), "received");
  auto draft = draft_of(id);
  std::string report = str(draft.at("id"));
  EXPECT_EQ(draft.at("kind").as_string(), "first");
  auto me = json(officer_.bearer("GET", "/api/v1/me"));
  EXPECT_EQ(draft.at("content").at("unit"), me.at("org").at("name"))
      << "报告单位 is the reporting duty room, not the caller's unit";
  EXPECT_EQ(draft.at("content").at("reporter_phone").as_string(), "13700000001")
      << "联系电话: the drafter's phone";
  EXPECT_EQ(draft.at("content").at("deaths").as_int64(), 1);
  EXPECT_NE(str(draft.at("content").at("place")).find("小店区"), std::string::npos);

  // The city sees nothing of a draft.
  EXPECT_EQ(city_.bearer("GET", "/api/v1/reports/" + report).status, 404);

  auto edited = officer_.bearer("PATCH", "/api/v1/reports/" + report,
                                R"({"content":{"measures":"消防救援大队已到场"},"version":)" + v(version(draft)) + "}");
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto submitted = officer_.bearer("POST", "/api/v1/reports/" + report + "/submit",
                                   R"({"version":)" + v(version(json(edited).as_object())) + "}");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(officer_.bearer("POST", "/api/v1/reports/" + report + "/approve",
                            R"({"version":)" + v(version(json(submitted).as_object())) + "}").status,
            403) << "an officer does not approve";
  auto returned = leader_.bearer("POST", "/api/v1/reports/" + report + "/return",
                                 R"({"version":)" + v(version(json(submitted).as_object())) +
                                     R"(,"comment":"写明过火面积"})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(json(returned).at("status").as_string(), "returned");

  auto fixed = officer_.bearer("PATCH", "/api/v1/reports/" + report,
                               R"({"content":{"summary":"厂房起火，过火面积约300平方米"},"version":)" +
                                   v(version(json(returned).as_object())) + "}");
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  auto again = officer_.bearer("POST", "/api/v1/reports/" + report + "/submit",
                               R"({"version":)" + v(version(json(fixed).as_object())) + "}");
  ASSERT_EQ(again.status, 200);
  auto approved = leader_.bearer("POST", "/api/v1/reports/" + report + "/approve",
                                 R"({"version":)" + v(version(json(again).as_object())) +
                                     R"(,"comment":"同意上报"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto sent = leader_.bearer("POST", "/api/v1/reports/" + report + "/send",
                             R"({"version":)" + v(version(json(approved).as_object())) + "}");
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto deliveries = json(sent).at("deliveries").as_array();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].at("org_name").as_string(), "太原市应急管理局");
  EXPECT_TRUE(deliveries[0].at("relay_due_at").is_null()) << "一般 stops at the city";

  // The city hears of it at once and finds it in its inbox.
  bool heard = false;
  for (int i = 0; i < 20 && !heard; ++i) {
    auto message = city_ws.read_text(std::chrono::seconds(2));
    if (!message) break;
    auto event = boost::json::parse(*message);
    heard = event.at("topic") == "reports" && event.at("data").at("id").as_string() == report &&
            event.at("data").at("status") == "sent";
  }
  EXPECT_TRUE(heard) << "the city's socket heard of the report";
  auto inbox = city_.bearer("GET", "/api/v1/reports?box=inbox");
  ASSERT_EQ(inbox.status, 200);
  ASSERT_EQ(json(inbox).at("total").as_int64(), 1);
  auto todo = [](Session& s) { return json(s.bearer("GET", "/api/v1/dashboard")).at("todo"); };
  EXPECT_EQ(todo(city_).at("sign").as_int64(), 1) << "the city's 待办: one report to sign for";
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/reports?box=unsigned")).at("total").as_int64(), 1);
  auto signed_for = city_.bearer("POST", "/api/v1/reports/" + report + "/sign");
  ASSERT_EQ(signed_for.status, 200) << signed_for.body;
  EXPECT_EQ(todo(city_).at("sign").as_int64(), 0);
  EXPECT_FALSE(todo(city_).as_object().contains("approve")) << "an officer approves nothing";
  EXPECT_EQ(json(signed_for).at("deliveries").at(0).at("signed_by").as_string(), "太原值班员");
  EXPECT_EQ(city_.bearer("POST", "/api/v1/reports/" + report + "/sign").status, 409);

  auto timeline = city_.bearer("GET", "/api/v1/incidents/" + id + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  std::vector<std::string> actions;
  auto entries = json(timeline);
  for (const auto& e : entries.at("items").as_array()) actions.push_back(str(e.at("action")));
  std::vector<std::string> expected = {"incident.create", "report.create", "report.submit",
                                       "report.return",   "report.submit", "report.approve",
                                       "report.send",     "report.create", "report.sign"};
  EXPECT_EQ(actions, expected);
  EXPECT_NE(timeline.body.find("写明过火面积"), std::string::npos) << "the comment is kept";

  // A user of another county sees nothing of it, anywhere.
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/incidents/" + id).status, 404);
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/incidents/" + id + "/timeline").status, 404);
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/incidents/" + id + "/reports").status, 404);
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/reports/" + report).status, 404);
  EXPECT_EQ(other_county_.bearer("POST", "/api/v1/reports/" + report + "/sign").status, 404);
  EXPECT_EQ(json(other_county_.bearer("GET", "/api/v1/incidents")).at("total").as_int64(), 0);
  EXPECT_EQ(json(other_county_.bearer("GET", "/api/v1/reports?box=inbox")).at("total").as_int64(), 0);
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/incidents?region=140105").status, 403);
}

TEST_P(Reporting, AReportIsDueAndTheDutyLeaderIsToldOnceWhenItIsLate) {
  auto incident = intake(R"("deaths":3)");  // 较大
  EXPECT_EQ(incident.at("level").as_string(), "III");
  std::string id = str(incident.at("id"));
  auto draft = draft_of(id);
  auto due = parse_rfc3339(str(draft.at("due_at")));
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, clock_->now_ms() + 60 * 60000) << "首报 within the hour (national default)";
  EXPECT_FALSE(draft.at("overdue").as_bool());

  Services& s = app_->app().services();
  clock_->advance_s(59 * 60);
  ASSERT_EQ(*s.incidents->check_deadlines(), 0) << "not late yet";
  clock_->advance_s(2 * 60);
  ASSERT_EQ(*s.incidents->check_deadlines(), 1);
  ASSERT_EQ(*s.incidents->check_deadlines(), 0) << "told once";
  ASSERT_EQ(*s.notifier->send_queued(*s.db), 1) << "the duty leader's text message";

  auto overdue = leader_.bearer("GET", "/api/v1/reports?box=overdue");
  ASSERT_EQ(json(overdue).at("total").as_int64(), 1) << overdue.body;
  EXPECT_TRUE(json(overdue).at("items").at(0).at("overdue").as_bool());
  EXPECT_TRUE(json(officer_.bearer("GET", "/api/v1/incidents/" + id)).at("overdue").as_bool());
  auto notes = leader_.bearer("GET", "/api/v1/notifications?unread=true");
  ASSERT_EQ(json(notes).at("unread").as_int64(), 1) << notes.body;
  EXPECT_EQ(json(notes).at("items").at(0).at("kind").as_string(), "report_overdue");
  std::ifstream outbox(app_->outbox_path());
  std::string line, last_to_leader;
  while (std::getline(outbox, line)) {
    if (line.find("13700000002") != std::string::npos) last_to_leader = line;
  }
  EXPECT_NE(last_to_leader.find("首报已超时"), std::string::npos) << "an SMS too: " << last_to_leader;
  auto read = leader_.bearer("POST", "/api/v1/notifications/" +
                                         str(json(notes).at("items").at(0).at("id")) + "/read");
  EXPECT_EQ(read.status, 204);

  // Sent late, it stays marked late; the next 续报 falls due a day later (较大).
  auto submitted = officer_.bearer("POST", "/api/v1/reports/" + str(draft.at("id")) + "/submit",
                                   R"({"version":)" + v(version(draft)) + "}");
  auto approved = leader_.bearer("POST", "/api/v1/reports/" + str(draft.at("id")) + "/approve",
                                 R"({"version":)" + v(version(json(submitted).as_object())) + "}");
  auto sent = leader_.bearer("POST", "/api/v1/reports/" + str(draft.at("id")) + "/send",
                             R"({"version":)" + v(version(json(approved).as_object())) + "}");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(json(sent).at("overdue").as_bool()) << "sent after its due time";
  EXPECT_FALSE(json(sent).at("deliveries").at(0).at("relay_due_at").is_null())
      << "较大 goes on from the city to the province";
  auto next = draft_of(id);
  EXPECT_EQ(next.at("kind").as_string(), "update");
  EXPECT_EQ(*parse_rfc3339(str(next.at("due_at"))), clock_->now_ms() + 24 * 3600000LL);

  // The city does not pass it on within two hours: its leader side is told.
  clock_->advance_s(2 * 3600 + 60);
  EXPECT_GE(*s.incidents->check_deadlines(), 1);
}

TEST_P(Reporting, WhoeverActsNextOnAReportIsToldAtOnce) {
  auto incident = intake(R"("deaths":1)", "小店区北格镇某村");
  auto draft = draft_of(str(incident.at("id")));
  EXPECT_EQ(draft.at("content").at("place").as_string(), "小店区北格镇某村")
      << "the county once, not 小店区小店区";
  std::string report = str(draft.at("id"));
  auto unread = [](Session& s) {
    return json(s.bearer("GET", "/api/v1/notifications?unread=true")).as_object();
  };

  auto submitted = officer_.bearer("POST", "/api/v1/reports/" + report + "/submit",
                                   R"({"version":)" + v(version(draft)) + "}");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  auto told = unread(leader_);
  ASSERT_EQ(told.at("unread").as_int64(), 1) << "the duty leader: a report waits for approval";
  EXPECT_EQ(json(leader_.bearer("GET", "/api/v1/dashboard")).at("todo").at("approve").as_int64(), 1)
      << "and the home page's 待办 counts it";
  EXPECT_EQ(told.at("items").at(0).at("kind").as_string(), "report_submitted");
  EXPECT_EQ(told.at("items").at(0).at("link").as_string(), "/duty/reports/" + report);
  EXPECT_NE(str(told.at("items").at(0).at("body")).find("前报送"), std::string::npos)
      << "with the time it is due";
  EXPECT_EQ(unread(officer_).at("unread").as_int64(), 0) << "not the one who submitted it";
  EXPECT_EQ(unread(city_).at("unread").as_int64(), 0) << "nor another duty room";

  auto returned = leader_.bearer("POST", "/api/v1/reports/" + report + "/return",
                                 R"({"version":)" + v(version(json(submitted).as_object())) +
                                     R"(,"comment":"补充伤亡"})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  auto back = unread(officer_);
  ASSERT_EQ(back.at("unread").as_int64(), 1) << "the duty officer: it came back to be corrected";
  EXPECT_EQ(back.at("items").at(0).at("kind").as_string(), "report_returned");
}

TEST_P(Reporting, TheSecondOfTwoConcurrentSavesIsAConflictAndNothingIsLost) {
  auto incident = intake();
  auto draft = draft_of(str(incident.at("id")));
  std::string path = "/api/v1/reports/" + str(draft.at("id"));
  std::string stale = v(version(draft));
  auto first = officer_.bearer("PATCH", path, R"({"content":{"measures":"甲写的措施"},"version":)" + stale + "}");
  ASSERT_EQ(first.status, 200);
  auto second = leader_.bearer("PATCH", path, R"({"content":{"measures":"乙写的措施"},"version":)" + stale + "}");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(json(second).at("error").at("field").as_string(), "version");
  EXPECT_EQ(json(officer_.bearer("GET", path)).at("content").at("measures").as_string(), "甲写的措施");

  std::string incident_path = "/api/v1/incidents/" + str(incident.at("id"));
  auto a = officer_.bearer("PATCH", incident_path, R"({"injured":2,"version":1})");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(leader_.bearer("PATCH", incident_path, R"({"injured":5,"version":1})").status, 409);
  EXPECT_EQ(json(officer_.bearer("GET", incident_path)).at("injured").as_int64(), 2);
}

TEST_P(Reporting, LevelsFollowTheFactsUntilALeaderDecidesAndEveryChangeIsKept) {
  auto incident = intake(R"("deaths":2)");
  std::string path = "/api/v1/incidents/" + str(incident.at("id"));
  EXPECT_EQ(incident.at("level").as_string(), "IV");
  auto worse = officer_.bearer("PATCH", path, R"({"deaths":2,"missing":1,"version":1})");
  ASSERT_EQ(worse.status, 200) << worse.body;
  EXPECT_EQ(json(worse).at("level").as_string(), "III") << "missing persons count";
  EXPECT_EQ(officer_.bearer("POST", path + "/level", R"({"level":"II","reason":"社会影响大","version":2})").status,
            403);
  EXPECT_EQ(leader_.bearer("POST", path + "/level", R"({"level":"II","version":2})").status, 400)
      << "a reason is required";
  auto set = leader_.bearer("POST", path + "/level", R"({"level":"II","reason":"社会影响大","version":2})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json(set).at("level_source").as_string(), "override");
  auto after = officer_.bearer("PATCH", path, R"({"injured":1,"version":3})");
  EXPECT_EQ(json(after).at("level").as_string(), "II") << "the leader's level stands";
  auto levels = json(officer_.bearer("GET", path)).at("levels").as_array();
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[2].at("reason").as_string(), "社会影响大");
  EXPECT_EQ(levels[2].at("by").as_string(), "小店带班领导");
}

TEST_P(Reporting, IntakesAreCheckedAndNothingIsStoredWhenOneIsWrong) {
  auto bad_type = officer_.bearer("POST", "/api/v1/incidents",
                                  R"({"title":"x","type":"ZZ","occurred_at":")" + ago(1) + R"(","region":"140105"})");
  EXPECT_EQ(bad_type.status, 400);
  EXPECT_EQ(json(bad_type).at("error").at("field").as_string(), "type");
  auto future = officer_.bearer("POST", "/api/v1/incidents",
                                R"({"title":"x","type":"A07","occurred_at":")" +
                                    format_rfc3339(clock_->now_ms() + 3600000) + R"(","region":"140105"})");
  EXPECT_EQ(json(future).at("error").at("field").as_string(), "occurred_at");
  auto outside = officer_.bearer("POST", "/api/v1/incidents",
                                 R"({"title":"x","type":"A07","occurred_at":")" + ago(1) + R"(","region":"140106"})");
  EXPECT_EQ(outside.status, 403);
  auto typo = officer_.bearer("POST", "/api/v1/incidents",
                              R"({"title":"x","type":"A07","occurred_at":")" + ago(1) + R"(","region":"140105","deaht":1})");
  EXPECT_EQ(json(typo).at("error").at("field").as_string(), "deaht");
  auto negative = officer_.bearer("POST", "/api/v1/incidents",
                                  R"({"title":"x","type":"A07","occurred_at":")" + ago(1) + R"(","region":"140105","deaths":-1})");
  EXPECT_EQ(json(negative).at("error").at("field").as_string(), "deaths");
  auto misplaced = officer_.bearer("POST", "/api/v1/incidents",
                                   R"({"title":"x","type":"A07","occurred_at":")" + ago(1) +
                                       R"(","region":"140105","lon":112.5606,"lat":37.8563})");
  EXPECT_EQ(misplaced.status, 400);
  EXPECT_EQ(json(misplaced).at("error").at("field").as_string(), "region");
  EXPECT_NE(misplaced.body.find("140106"), std::string::npos) << "names the county the point is in";
  EXPECT_EQ(json(officer_.bearer("GET", "/api/v1/incidents")).at("total").as_int64(), 0);
  auto types = officer_.bearer("GET", "/api/v1/incident-types");
  ASSERT_EQ(types.status, 200);
  EXPECT_NE(types.body.find("\"code\":\"N02\""), std::string::npos);
  EXPECT_NE(types.body.find("forest_area_ha"), std::string::npos);
}

TEST_P(Reporting, ADuplicateCallIsMergedKeepingBothIntakes) {
  auto first = intake();
  auto second = intake();
  EXPECT_TRUE(first.at("source_alarm_id").is_null()) << "taken by phone, from no alarm";
  std::string dup = str(second.at("id"));
  auto merged = officer_.bearer("POST", "/api/v1/incidents/" + dup + "/merge",
                                R"({"into":")" + str(first.at("id")) + R"(","version":1})");
  ASSERT_EQ(merged.status, 200) << merged.body;
  auto survivor = json(officer_.bearer("GET", "/api/v1/incidents/" + str(first.at("id"))));
  EXPECT_EQ(survivor.at("intakes").as_array().size(), 2u);
  auto gone = json(officer_.bearer("GET", "/api/v1/incidents/" + dup));
  EXPECT_EQ(gone.at("status").as_string(), "merged");
  EXPECT_EQ(gone.at("merged_into").as_string(), str(first.at("id")));
  EXPECT_TRUE(gone.at("next_due_at").is_null()) << "its draft no longer falls due";
  EXPECT_EQ(officer_.bearer("PATCH", "/api/v1/incidents/" + dup, R"({"injured":1,"version":2})").status, 409);

  // States: responding, closed, reopened.
  std::string path = "/api/v1/incidents/" + str(first.at("id"));
  auto v1 = version(survivor.as_object());
  auto responding = officer_.bearer("POST", path + "/status", R"({"status":"responding","version":)" + v(v1) + "}");
  ASSERT_EQ(responding.status, 200) << responding.body;
  auto closed = officer_.bearer("POST", path + "/status",
                                R"({"status":"closed","version":)" + v(version(json(responding).as_object())) + "}");
  ASSERT_EQ(closed.status, 200);
  auto reopened = officer_.bearer("POST", path + "/status",
                                  R"({"status":"responding","note":"复燃","version":)" +
                                      v(version(json(closed).as_object())) + "}");
  ASSERT_EQ(reopened.status, 200);
  EXPECT_NE(officer_.bearer("GET", path + "/timeline").body.find("重新打开"), std::string::npos);
}

TEST_P(Reporting, AReportExportsAsAWordDocumentAndAsJson) {
  auto incident = intake();
  auto draft = draft_of(str(incident.at("id")));
  auto docx = officer_.bearer("GET", "/api/v1/reports/" + str(draft.at("id")) + "/export?format=docx");
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body.substr(0, 2), "PK") << "a zip container";
  EXPECT_NE(docx.body.find("word/document.xml"), std::string::npos);
  auto exchange = officer_.bearer("GET", "/api/v1/reports/" + str(draft.at("id")) + "/export?format=json");
  ASSERT_EQ(exchange.status, 200);
  EXPECT_EQ(json(exchange).at("incident").at("region").as_string(), "140105");
  EXPECT_EQ(json(exchange).at("content").at("unit"), draft.at("content").at("unit"));
  EXPECT_EQ(officer_.bearer("GET", "/api/v1/reports/" + str(draft.at("id")) + "/export?format=pdf").status, 400);
}

TEST_P(Reporting, DrillsAreKeptOutOfTheStatistics) {
  intake();
  intake(R"("deaths":0,"drill":true)");
  auto home = officer_.bearer("GET", "/api/v1/dashboard");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_EQ(json(home).at("today").at("total").as_int64(), 1);
  EXPECT_EQ(json(home).at("active_incidents").as_array().size(), 2u);
  auto drills = officer_.bearer("GET", "/api/v1/incidents?drill=true");
  EXPECT_EQ(json(drills).at("total").as_int64(), 1);
}

TEST_P(Reporting, AForwardedReportOpensTheIncidentToItsRecipientOnly) {
  auto incident = intake();
  std::string id = str(incident.at("id"));
  auto draft = draft_of(id);
  std::string report = str(draft.at("id"));
  auto submitted = officer_.bearer("POST", "/api/v1/reports/" + report + "/submit",
                                   R"({"version":)" + v(version(draft)) + "}");
  auto approved = leader_.bearer("POST", "/api/v1/reports/" + report + "/approve",
                                 R"({"version":)" + v(version(json(submitted).as_object())) + "}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto yingze = json(other_county_.bearer("GET", "/api/v1/me")).at("org").at("id");
  EXPECT_EQ(leader_.bearer("POST", "/api/v1/reports/" + report + "/send",
                           R"({"version":)" + v(version(json(approved).as_object())) + R"(,"kind":"forward"})").status,
            400) << "a forward names its recipients";
  auto forwarded = leader_.bearer("POST", "/api/v1/reports/" + report + "/send",
                                  R"({"version":)" + v(version(json(approved).as_object())) +
                                      R"(,"kind":"forward","to":[")" + str(yingze) + R"("]})");
  ASSERT_EQ(forwarded.status, 200) << forwarded.body;
  EXPECT_EQ(json(forwarded).at("deliveries").at(0).at("kind").as_string(), "forward");
  // The neighbouring county now reads the report and its incident, and signs for it.
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/reports/" + report).status, 200);
  EXPECT_EQ(other_county_.bearer("GET", "/api/v1/incidents/" + id).status, 200);
  EXPECT_EQ(other_county_.bearer("PATCH", "/api/v1/incidents/" + id, R"({"injured":9,"version":1})").status, 404)
      << "reading is not editing";
  EXPECT_EQ(other_county_.bearer("POST", "/api/v1/reports/" + report + "/sign").status, 200);
  EXPECT_EQ(city_.bearer("GET", "/api/v1/reports/" + report).status, 404) << "not sent to the city";
  auto timeline = officer_.bearer("GET", "/api/v1/incidents/" + id + "/timeline");
  EXPECT_NE(timeline.body.find("report.forward"), std::string::npos);
  EXPECT_NE(timeline.body.find("批转至 迎泽区应急管理局"), std::string::npos) << timeline.body;
}

TEST_P(Reporting, AnOfficialTypeTableLoadsOverTheBuiltInOneAllOrNothing) {
  Services& s = app_->app().services();
  auto refused = s.incidents->import_types(
      Principal::system("test"),
      R"({"types":[{"code":"A0801","name":"高速公路交通事故","parent":"A08","category":"accident","grading":"accident"},
                   {"code":"X01","name":"无父类","parent":"X","category":"accident"}]})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "parent");
  EXPECT_EQ(officer_.bearer("GET", "/api/v1/incident-types").body.find("A0801"), std::string::npos)
      << "nothing of a refused file is written";
  auto loaded = s.incidents->import_types(
      Principal::system("test"),
      R"({"types":[{"code":"A0801","name":"高速公路交通事故","parent":"A08","category":"accident","grading":"accident"},
                   {"code":"A07","name":"火灾事故（含森林以外）","category":"accident","parent":"A","grading":"accident"}]})");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(*loaded, 2);
  auto types = officer_.bearer("GET", "/api/v1/incident-types");
  EXPECT_NE(types.body.find("高速公路交通事故"), std::string::npos);
  EXPECT_NE(types.body.find("火灾事故（含森林以外）"), std::string::npos) << "known codes are updated";
  auto graded = officer_.bearer("POST", "/api/v1/incidents",
                                R"({"title":"高速追尾","type":"A0801","occurred_at":")" + ago(5) +
                                    R"(","region":"140105","deaths":3})");
  ASSERT_EQ(graded.status, 201) << graded.body;
  EXPECT_EQ(json(graded).at("level").as_string(), "III") << "a new type grades by its scheme";
}

TEST_P(Reporting, ApproveAndSendIsOneStepBothOrNeither) {
  auto incident = intake();
  std::string id = str(incident.at("id"));
  auto pending = submit(draft_of(id));
  std::string path = "/api/v1/reports/" + str(pending.at("id"));
  std::string at = v(version(pending));
  EXPECT_EQ(officer_.bearer("POST", path + "/approve-and-send", R"({"version":)" + at + "}").status,
            403)
      << "an officer does not approve";
  auto yingze = str(json(other_county_.bearer("GET", "/api/v1/me")).at("org").at("id"));
  auto refused = leader_.bearer("POST", path + "/approve-and-send",
                                R"({"version":)" + at + R"(,"to":[")" + yingze + R"("]})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(json(refused).at("error").at("field").as_string(), "to");
  auto still = json(leader_.bearer("GET", path));
  EXPECT_EQ(still.at("status").as_string(), "pending") << "not approved when the sending failed";
  EXPECT_TRUE(still.at("comments").as_array().empty());
  EXPECT_EQ(version(still.as_object()), version(pending));

  auto done = leader_.bearer("POST", path + "/approve-and-send",
                             R"({"version":)" + at + R"(,"comment":"同意上报"})");
  ASSERT_EQ(done.status, 200) << done.body;
  auto sent = json(done);
  EXPECT_EQ(sent.at("status").as_string(), "sent");
  EXPECT_EQ(sent.at("comments").at(0).at("action").as_string(), "approve");
  EXPECT_EQ(sent.at("comments").at(0).at("text").as_string(), "同意上报");
  ASSERT_EQ(sent.at("deliveries").as_array().size(), 1u);
  EXPECT_EQ(sent.at("deliveries").at(0).at("org_name").as_string(), "太原市应急管理局");
  EXPECT_FALSE(sent.at("deliveries").at(0).at("skip_level").as_bool());
  auto actions = timeline_actions(id);
  auto approve = std::find(actions.begin(), actions.end(), "report.approve");
  ASSERT_NE(approve, actions.end());
  ASSERT_NE(approve + 1, actions.end());
  EXPECT_EQ(*(approve + 1), "report.send") << "approved and sent, in that order";
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/reports?box=unsigned")).at("total").as_int64(), 1);
  EXPECT_EQ(leader_.bearer("POST", path + "/approve-and-send",
                           R"({"version":)" + v(version(sent.as_object())) + "}")
                .status,
            409)
      << "sent once";
}

TEST_P(Reporting, ASubmitterWithdrawsAReportUntilItIsApproved) {
  auto incident = intake();
  auto pending = submit(draft_of(str(incident.at("id"))));
  std::string path = "/api/v1/reports/" + str(pending.at("id"));
  ASSERT_EQ(unread(leader_), 1);
  ASSERT_EQ(to_approve(leader_), 1);
  EXPECT_EQ(other_county_.bearer("POST", path + "/withdraw",
                                 R"({"version":)" + v(version(pending)) + "}")
                .status,
            404);
  auto withdrawn = officer_.bearer("POST", path + "/withdraw",
                                   R"({"version":)" + v(version(pending)) + "}");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(json(withdrawn).at("status").as_string(), "draft");
  EXPECT_EQ(unread(leader_), 0) << "the leader's notice goes away";
  EXPECT_EQ(to_approve(leader_), 0) << "and so does the 待办 count";
  auto actions = timeline_actions(str(incident.at("id")));
  EXPECT_EQ(actions.back(), "report.withdraw");

  auto again = submit(json(withdrawn).as_object());
  auto approved = leader_.bearer("POST", path + "/approve",
                                 R"({"version":)" + v(version(again)) + "}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto late = officer_.bearer("POST", path + "/withdraw",
                              R"({"version":)" + v(version(json(approved).as_object())) + "}");
  EXPECT_EQ(late.status, 409) << "approved: too late to withdraw";
  EXPECT_EQ(json(leader_.bearer("GET", path)).at("status").as_string(), "approved");
}

TEST_P(Reporting, AnApproverCorrectsTheTextAndEveryChangeIsKept) {
  auto incident = intake();
  auto draft = draft_of(str(incident.at("id")));
  std::string path = "/api/v1/reports/" + str(draft.at("id"));
  auto body = [this](const boost::json::object& r, const std::string& content) {
    return R"({"version":)" + v(version(r)) + R"(,"content":)" + content + "}";
  };
  EXPECT_EQ(leader_.bearer("POST", path + "/correct", body(draft, R"({"summary":"x"})")).status, 409)
      << "a draft is the officer's to edit";
  auto pending = submit(draft);
  EXPECT_EQ(officer_.bearer("POST", path + "/correct", body(pending, R"({"summary":"x"})")).status,
            403);
  EXPECT_EQ(other_county_.bearer("POST", path + "/correct", body(pending, R"({"summary":"x"})"))
                .status,
            404);
  auto figures = leader_.bearer("POST", path + "/correct", body(pending, R"({"deaths":2})"));
  EXPECT_EQ(figures.status, 400);
  EXPECT_EQ(json(figures).at("error").at("field").as_string(), "deaths");
  auto too_long =
      leader_.bearer("POST", path + "/correct", body(pending, R"({"place":")" + std::string(300, 'x') + R"("})"));
  EXPECT_EQ(json(too_long).at("error").at("field").as_string(), "place");

  auto fixed = leader_.bearer("POST", path + "/correct",
                              body(pending, R"({"summary":"厂房起火，浓烟较大，无人员被困","place":")" +
                                                str(pending.at("content").at("place")) + R"("})"));
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  auto corrected = json(fixed);
  EXPECT_EQ(corrected.at("status").as_string(), "pending") << "it still awaits approval";
  EXPECT_EQ(version(corrected.as_object()), version(pending) + 1);
  ASSERT_EQ(corrected.at("corrections").as_array().size(), 1u) << "only what changed is kept";
  auto c = corrected.at("corrections").at(0);
  EXPECT_EQ(c.at("field").as_string(), "summary");
  EXPECT_EQ(c.at("old").as_string(), "厂房起火，浓烟较大");
  EXPECT_EQ(c.at("new").as_string(), "厂房起火，浓烟较大，无人员被困");
  EXPECT_EQ(c.at("by").as_string(), "小店带班领导");
  EXPECT_TRUE(parse_rfc3339(str(c.at("at"))));
  EXPECT_EQ(leader_.bearer("POST", path + "/correct", body(pending, R"({"summary":"y"})")).status,
            409)
      << "from a stale version";
  EXPECT_EQ(timeline_actions(str(incident.at("id"))).back(), "report.correct");
  EXPECT_EQ(json(officer_.bearer("GET", path)).at("content").at("summary").as_string(),
            "厂房起火，浓烟较大，无人员被困");
}

TEST_P(Reporting, SkipLevelReportingIsForMajorIncidentsAndRecordedAsSuch) {
  add_user(*app_, "13700000005", "省厅值班员", "140000", {"duty_officer"});
  Session province = sign_in(*app_, "13700000005", clock_.get());
  auto province_id = str(json(province.bearer("GET", "/api/v1/me")).at("org").at("id"));
  auto city_id = str(json(city_.bearer("GET", "/api/v1/me")).at("org").at("id"));
  auto yingze = str(json(other_county_.bearer("GET", "/api/v1/me")).at("org").at("id"));

  // 一般: to the direct superior only.
  auto minor = intake();
  auto pending = submit(draft_of(str(minor.at("id"))));
  std::string path = "/api/v1/reports/" + str(pending.at("id"));
  auto approved = json(leader_.bearer("POST", path + "/approve",
                                      R"({"version":)" + v(version(pending)) + "}"));
  std::string at = v(version(approved.as_object()));
  auto skipped = leader_.bearer("POST", path + "/send",
                                R"({"version":)" + at + R"(,"to":[")" + city_id + R"(",")" +
                                    province_id + R"("]})");
  ASSERT_EQ(skipped.status, 400) << skipped.body;
  EXPECT_EQ(json(skipped).at("error").at("field").as_string(), "to");
  EXPECT_NE(skipped.body.find("越级"), std::string::npos) << skipped.body;
  auto sideways =
      leader_.bearer("POST", path + "/send", R"({"version":)" + at + R"(,"to":[")" + yingze + R"("]})");
  EXPECT_EQ(sideways.status, 400) << "上报 goes up, not to a neighbour";
  EXPECT_EQ(json(leader_.bearer("GET", path)).at("deliveries").as_array().size(), 0u);

  // 重大: past the city to the province as well, flagged and on the timeline.
  auto major = intake(R"("deaths":12)");
  ASSERT_EQ(major.at("level").as_string(), "II");
  auto first = submit(report_of(str(major.at("id")), "first"));
  auto sent = leader_.bearer("POST", "/api/v1/reports/" + str(first.at("id")) + "/approve-and-send",
                             R"({"version":)" + v(version(first)) + R"(,"to":[")" + city_id +
                                 R"(",")" + province_id + R"("]})");
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto deliveries = json(sent).at("deliveries").as_array();
  ASSERT_EQ(deliveries.size(), 2u);
  for (const auto& d : deliveries) {
    EXPECT_EQ(d.at("skip_level").as_bool(), str(d.at("org_id")) == province_id) << d;
  }
  auto timeline = officer_.bearer("GET", "/api/v1/incidents/" + str(major.at("id")) + "/timeline");
  EXPECT_NE(timeline.body.find("越级上报至 太原市应急管理局、山西省应急管理厅"), std::string::npos)
      << timeline.body;
  EXPECT_EQ(province.bearer("GET", "/api/v1/reports/" + str(first.at("id"))).status, 200);
  EXPECT_EQ(json(province.bearer("GET", "/api/v1/reports?box=unsigned")).at("total").as_int64(), 1);
}

TEST_P(Reporting, TheLeaderIsTextedOnceWhenAReportWaitsTooLongForApproval) {
  Services& s = app_->app().services();
  auto incident = intake();
  auto pending = submit(draft_of(str(incident.at("id"))));
  std::string path = "/api/v1/reports/" + str(pending.at("id"));
  auto texts_to_leader = [this] {
    std::ifstream outbox(app_->outbox_path());
    std::string line;
    int n = 0;
    while (std::getline(outbox, line)) {
      if (line.find("13700000002") != std::string::npos &&
          line.find("待您审核") != std::string::npos) {
        ++n;
      }
    }
    return n;
  };
  clock_->advance_s(14 * 60);
  EXPECT_EQ(*s.incidents->remind_approvers(), 0) << "notify.approval_sms_after_min is 15";
  clock_->advance_s(2 * 60);
  EXPECT_EQ(*s.incidents->remind_approvers(), 1);
  EXPECT_EQ(*s.incidents->remind_approvers(), 0) << "once";
  ASSERT_GE(*s.notifier->send_queued(*s.db), 1);
  EXPECT_EQ(texts_to_leader(), 1);

  // Returned and submitted again: a new wait, a new text when it lasts.
  auto current = json(leader_.bearer("GET", path)).as_object();
  auto returned = leader_.bearer("POST", path + "/return",
                                 R"({"version":)" + v(version(current)) + R"(,"comment":"补充措施"})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  auto resubmitted = submit(json(returned).as_object());
  clock_->advance_s(16 * 60);
  EXPECT_EQ(*s.incidents->remind_approvers(), 1);
  // Withdrawn before the time: nothing.
  auto withdrawn = officer_.bearer("POST", path + "/withdraw",
                                   R"({"version":)" + v(version(resubmitted)) + "}");
  ASSERT_EQ(withdrawn.status, 200);
  auto third = submit(json(withdrawn).as_object());
  clock_->advance_s(5 * 60);
  auto back = officer_.bearer("POST", path + "/withdraw", R"({"version":)" + v(version(third)) + "}");
  ASSERT_EQ(back.status, 200);
  clock_->advance_s(30 * 60);
  EXPECT_EQ(*s.incidents->remind_approvers(), 0) << "a withdrawn report waits for nobody";
}

INSTANTIATE_TEST_SUITE_P(Backends, Reporting,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

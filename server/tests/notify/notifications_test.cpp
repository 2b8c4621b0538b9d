// Notices through HTTP against SQLite and PostgreSQL: addressed to the people on duty (the
// roster first, else the duty room's role holders; disabled users never), each user reading
// only their own, read and unread, and an overdue report texted to the duty leader once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "app/services.h"
#include "core/time.h"
#include "incidents/service.h"
#include "notify/notifier.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

class Notifications : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(
        GetParam(),
        [](Config& c) {
          c.session.idle_timeout_min = 24 * 60;
          c.session.lifetime_h = 72;
        },
        clock_);
    leader_id_ = add_user(*app_, "13400000001", "小店带班领导", "140105", {"duty_leader"});
    officer_id_ = add_user(*app_, "13400000002", "小店值班员甲", "140105", {"duty_officer"});
    second_id_ = add_user(*app_, "13400000003", "小店值班员乙", "140105", {"duty_officer"});
    add_user(*app_, "13400000004", "迎泽值班员", "140106", {"duty_officer"});
    add_user(*app_, "13400000005", "太原值班员", "140100", {"duty_officer"});
    add_user(*app_, "13400000006", "管理员", "140000", {"system_admin"});
    leader_ = sign_in(*app_, "13400000001", clock_.get());
    officer_ = sign_in(*app_, "13400000002", clock_.get());
    second_ = sign_in(*app_, "13400000003", clock_.get());
    yingze_ = sign_in(*app_, "13400000004", clock_.get());
    city_ = sign_in(*app_, "13400000005", clock_.get());
    admin_ = sign_in(*app_, "13400000006", clock_.get());
  }

  // A warning for Xiaodian entered by the city: delivered to Xiaodian's duty room.
  void warn(const std::string& headline) {
    auto r = city_.bearer("POST", "/api/v1/alerts",
                          R"({"event":"暴雨","level":"yellow","headline":")" + headline +
                              R"(","expires_at":")" + format_rfc3339(now() + 6 * 3600000) +
                              R"(","regions":["140105"]})");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  boost::json::object notices(const Session& s, const std::string& query = "") {
    auto r = s.bearer("GET", "/api/v1/notifications" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json(r).as_object() : boost::json::object();
  }
  std::int64_t unread(const Session& s) { return notices(s).at("unread").as_int64(); }
  std::int64_t total(const Session& s) { return notices(s).at("total").as_int64(); }

  // A 24-hour duty room in Xiaodian with `leader` and `officers` on today's shift.
  void roster(const std::string& leader, const std::string& officers) {
    std::string org = str(json(leader_.bearer("GET", "/api/v1/me")).at("org").at("id"));
    auto saved = leader_.bearer(
        "PUT", "/api/v1/duty/settings",
        R"({"org_id":")" + org +
            R"(","shifts":[{"code":"all","name":"24小时班","start":"08:00","end":"08:00"}],"version":0})");
    ASSERT_EQ(saved.status, 200) << saved.body;
    // The shift that started at 08:00 local time today, or yesterday before 08:00.
    std::string date = format_rfc3339(now() + 8 * 3600000).substr(0, 10);
    if (std::stoi(format_rfc3339(now() + 8 * 3600000).substr(11, 2)) < 8) {
      date = format_rfc3339(now() - 16 * 3600000).substr(0, 10);
    }
    auto shift = leader_.bearer("PUT", "/api/v1/duty/shifts",
                                R"({"org_id":")" + org + R"(","date":")" + date +
                                    R"(","shift":"all","leader_id":")" + leader +
                                    R"(","officer_ids":[)" + officers + "]}");
    ASSERT_EQ(shift.status, 200) << shift.body;
  }

  std::string outbox() {
    std::ifstream f(app_->outbox_path());
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  std::int64_t now() { return clock_->now_ms(); }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  std::string leader_id_, officer_id_, second_id_;
  Session leader_, officer_, second_, yingze_, city_, admin_;
};

TEST_P(Notifications, WithoutARosterTheDutyRoomsRoleHoldersAreToldAndNobodyElse) {
  warn("暴雨黄色预警（一）");
  for (const Session* s : {&leader_, &officer_, &second_}) {
    auto n = notices(*s, "?unread=true");
    ASSERT_EQ(n.at("total").as_int64(), 1) << s->user_id;
    EXPECT_EQ(str(n.at("items").at(0).at("kind")), "alert");
    EXPECT_NE(str(n.at("items").at(0).at("title")).find("暴雨黄色预警（一）"), std::string::npos);
    EXPECT_EQ(str(n.at("items").at(0).at("link")).rfind("/monitoring/alerts/", 0), 0u);
    EXPECT_TRUE(n.at("items").at(0).at("read_at").is_null());
  }
  EXPECT_EQ(total(yingze_), 0) << "another county's duty room";
  EXPECT_EQ(total(city_), 0) << "the city above is not the warning's duty room";
  EXPECT_EQ(total(admin_), 0);
}

TEST_P(Notifications, TheRosterDecidesWhoIsToldAndDisabledUsersAreSkipped) {
  roster(leader_id_, "\"" + officer_id_ + "\"");
  warn("暴雨黄色预警（二）");
  EXPECT_EQ(unread(leader_), 1) << "the leader on the roster";
  EXPECT_EQ(unread(officer_), 1) << "the officer on the roster";
  EXPECT_EQ(unread(second_), 0) << "an officer not on today's shift";

  // The rostered officer disabled: nobody on the roster is left to tell, so the duty room's
  // active officers are.
  auto user = admin_.bearer("GET", "/api/v1/users/" + officer_id_);
  ASSERT_EQ(user.status, 200) << user.body;
  auto disabled = admin_.bearer("PATCH", "/api/v1/users/" + officer_id_,
                                R"({"status":"disabled","version":)" +
                                    std::to_string(json(user).at("version").as_int64()) + "}");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  warn("暴雨黄色预警（三）");
  EXPECT_EQ(unread(leader_), 2);
  EXPECT_EQ(unread(second_), 1) << "the active officer stands in";
  auto stored = app_->app().services().db->read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query("SELECT COUNT(*) FROM notifications WHERE user_id = $1",
                                 {std::stoll(officer_id_)}));
    EXPECT_EQ(rows.i64(0, 0), 1) << "nothing more for the disabled officer";
    return {};
  });
  EXPECT_TRUE(stored.ok());
}

TEST_P(Notifications, EachReadsOnlyTheirOwnAndReadingIsKept) {
  warn("暴雨黄色预警（一）");
  clock_->advance_s(60);
  warn("暴雨黄色预警（二）");
  auto all = notices(officer_);
  ASSERT_EQ(all.at("total").as_int64(), 2);
  EXPECT_EQ(all.at("unread").as_int64(), 2);
  auto& items = all.at("items").as_array();
  EXPECT_NE(str(items.at(0).at("title")).find("（二）"), std::string::npos) << "newest first";
  std::string newest = str(items.at(0).at("id"));
  std::string oldest = str(items.at(1).at("id"));

  auto page = notices(officer_, "?limit=1&offset=1");
  EXPECT_EQ(page.at("total").as_int64(), 2);
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  EXPECT_EQ(str(page.at("items").at(0).at("id")), oldest);

  EXPECT_EQ(yingze_.bearer("POST", "/api/v1/notifications/" + newest + "/read").status, 404)
      << "another user's notification";
  EXPECT_EQ(second_.bearer("POST", "/api/v1/notifications/" + newest + "/read").status, 404)
      << "the same warning told someone else: their own notice, not this one";
  EXPECT_EQ(officer_.bearer("POST", "/api/v1/notifications/999999/read").status, 404);
  EXPECT_EQ(unread(officer_), 2) << "refused reads change nothing";

  EXPECT_EQ(officer_.bearer("POST", "/api/v1/notifications/" + newest + "/read").status, 204);
  auto after = notices(officer_);
  EXPECT_EQ(after.at("unread").as_int64(), 1);
  EXPECT_FALSE(after.at("items").at(0).at("read_at").is_null());
  std::string read_at = str(after.at("items").at(0).at("read_at"));
  clock_->advance_s(60);
  EXPECT_EQ(officer_.bearer("POST", "/api/v1/notifications/" + newest + "/read").status, 204)
      << "reading twice is no error";
  EXPECT_EQ(str(notices(officer_).at("items").at(0).at("read_at")), read_at)
      << "the first reading is kept";
  auto unread_only = notices(officer_, "?unread=true");
  EXPECT_EQ(unread_only.at("total").as_int64(), 1);
  EXPECT_EQ(str(unread_only.at("items").at(0).at("id")), oldest);
  EXPECT_EQ(unread(second_), 2) << "another's reading is not theirs";

  EXPECT_EQ(officer_.bearer("POST", "/api/v1/notifications/read-all").status, 204);
  EXPECT_EQ(unread(officer_), 0);
  EXPECT_EQ(total(officer_), 2) << "read notices stay listed";
  EXPECT_EQ(unread(second_), 2);
  EXPECT_EQ(officer_.bearer("GET", "/api/v1/notifications?unread=maybe").status, 400);
}

TEST_P(Notifications, AnOverdueReportTextsTheRosteredLeaderOnce) {
  // A second leader not on the roster is not told.
  add_user(*app_, "13400000007", "小店副领导", "140105", {"duty_leader"});
  auto deputy = sign_in(*app_, "13400000007", clock_.get());
  roster(leader_id_, "\"" + officer_id_ + "\"");
  auto incident = officer_.bearer(
      "POST", "/api/v1/incidents",
      R"({"title":"小店区某厂房火灾","type":"A07","occurred_at":")" +
          format_rfc3339(now() - 20 * 60000) +
          R"(","region":"140105","address":"某路8号","lon":112.57,"lat":37.72,)"
          R"("reporting_unit":"某物流公司","reporter_name":"王五","reporter_phone":"13811112222",)"
          R"("description":"厂房起火","deaths":3})");
  ASSERT_EQ(incident.status, 201) << incident.body;
  Services& s = app_->app().services();
  std::int64_t before = unread(leader_);
  clock_->advance_s(61 * 60);
  ASSERT_EQ(*s.incidents->check_deadlines(), 1);
  ASSERT_EQ(*s.incidents->check_deadlines(), 0) << "told once";
  ASSERT_EQ(*s.notifier->send_queued(*s.db), 1) << "one text message, to the rostered leader";
  EXPECT_EQ(*s.notifier->send_queued(*s.db), 0) << "sent once";

  auto n = notices(leader_, "?unread=true");
  EXPECT_EQ(n.at("unread").as_int64(), before + 1);
  EXPECT_EQ(str(n.at("items").at(0).at("kind")), "report_overdue");
  auto deputys = notices(deputy);
  for (const auto& item : deputys.at("items").as_array()) {
    EXPECT_NE(str(item.at("kind")), "report_overdue") << "the deputy is not on the roster";
  }
  std::string texts = outbox();
  std::string to_leader, to_deputy;
  std::istringstream lines(texts);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("已超时") == std::string::npos) continue;
    if (line.find("13400000001") != std::string::npos) to_leader = line;
    if (line.find("13400000007") != std::string::npos) to_deputy = line;
  }
  EXPECT_NE(to_leader.find("首报已超时"), std::string::npos) << texts;
  EXPECT_TRUE(to_deputy.empty()) << to_deputy;
}

INSTANTIATE_TEST_SUITE_P(Backends, Notifications,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

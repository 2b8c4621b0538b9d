// The reporting rules of issue 11 through HTTP against SQLite and PostgreSQL: grassland fires
// graded by their own table before 2026, geological levels named by size, phone reports and
// relay limits per level and report kind, a raised level (or a fire to report at once) making
// reports fall due at once and telling whoever acts next, and the 补报 window of every
// subtype of fire and road traffic accidents.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "app/services.h"
#include "core/time.h"
#include "incidents/service.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

constexpr std::int64_t kMinute = 60000;

class Escalation : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), [](Config& c) {
      c.session.idle_timeout_min = 24 * 60;
      c.session.lifetime_h = 72;
    }, clock_);
    add_user(*app_, "13700000001", "小店值班员", "140105", {"duty_officer"});
    add_user(*app_, "13700000002", "小店带班领导", "140105", {"duty_leader"});
    add_user(*app_, "13700000003", "太原值班员", "140100", {"duty_officer"});
    sign_all_in();
  }

  void sign_all_in() {
    officer_ = sign_in(*app_, "13700000001", clock_.get());
    leader_ = sign_in(*app_, "13700000002", clock_.get());
    city_ = sign_in(*app_, "13700000003", clock_.get());
  }

  std::string ago(int minutes) { return format_rfc3339(clock_->now_ms() - minutes * kMinute); }
  std::int64_t in(int minutes) { return clock_->now_ms() + minutes * kMinute; }
  static std::int64_t time_of(const boost::json::value& v) { return *parse_rfc3339(str(v)); }
  static std::string v(const boost::json::object& o) {
    return std::to_string(o.at("version").as_int64());
  }

  boost::json::object intake(const std::string& type, const std::string& extra,
                             const std::string& occurred = {}) {
    auto r = officer_.bearer("POST", "/api/v1/incidents",
                             R"({"title":"测试事件","type":")" + type + R"(","occurred_at":")" +
                                 (occurred.empty() ? ago(20) : occurred) +
                                 R"(","region":"140105")" + (extra.empty() ? "" : "," + extra) + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r).as_object() : boost::json::object();
  }

  // The county's reports of an incident, by kind: the unsent one of that kind.
  boost::json::object open_report(const std::string& incident_id, const std::string& kind) {
    auto list = officer_.bearer("GET", "/api/v1/incidents/" + incident_id + "/reports");
    EXPECT_EQ(list.status, 200) << list.body;
    auto body = json(list);
    for (const auto& r : body.at("items").as_array()) {
      if (str(r.at("kind")) == kind && r.at("status") != "sent") return r.as_object();
    }
    return {};
  }

  // Submitted, approved and sent up to the city; answers the sent report.
  boost::json::object send_up(const boost::json::object& report) {
    std::string path = "/api/v1/reports/" + str(report.at("id"));
    auto submitted = officer_.bearer("POST", path + "/submit", R"({"version":)" + v(report) + "}");
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    auto approved = leader_.bearer("POST", path + "/approve",
                                   R"({"version":)" + v(json(submitted).as_object()) + "}");
    EXPECT_EQ(approved.status, 200) << approved.body;
    auto sent = leader_.bearer("POST", path + "/send",
                               R"({"version":)" + v(json(approved).as_object()) + "}");
    EXPECT_EQ(sent.status, 200) << sent.body;
    return sent.status == 200 ? json(sent).as_object() : boost::json::object();
  }

  std::vector<std::string> notification_kinds(Session& s) {
    auto notes = s.bearer("GET", "/api/v1/notifications?unread=true");
    auto body = json(notes);
    std::vector<std::string> kinds;
    for (const auto& n : body.at("items").as_array()) kinds.push_back(str(n.at("kind")));
    return kinds;
  }

  std::string outbox() {
    std::ifstream f(app_->outbox_path());
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session officer_, leader_, city_;
};

TEST_P(Escalation, TheLevelRuleComesInPartsForPagesToWordInTheirLanguage) {
  auto x = intake("A03", R"("deaths":2,"missing":1,"seriously_injured":10)");
  ASSERT_EQ(x.at("level").as_string(), "III") << x.at("level_reason");
  auto got = json(officer_.bearer("GET", "/api/v1/incidents/" + str(x.at("id"))));
  const auto& basis = got.at("level_basis");
  ASSERT_TRUE(basis.is_object()) << got;
  EXPECT_EQ(basis.at("level").as_string(), "III");
  EXPECT_NE(str(basis.at("table_name")).find("生产安全事故报告和调查处理条例"), std::string::npos);
  const auto& reached = basis.at("reached").as_array();
  ASSERT_EQ(reached.size(), 2u) << basis;
  EXPECT_EQ(reached.at(0).at("field").as_string(), "deaths_and_missing");
  EXPECT_EQ(reached.at(0).at("value").to_number<double>(), 3);
  EXPECT_EQ(reached.at(0).at("bound").to_number<double>(), 3);
  EXPECT_EQ(reached.at(0).at("unit").as_string(), "人");
  EXPECT_EQ(reached.at(1).at("field").as_string(), "seriously_injured");

  auto none = intake("A03", R"("deaths":1)");
  auto below = json(officer_.bearer("GET", "/api/v1/incidents/" + str(none.at("id"))));
  EXPECT_EQ(below.at("level_basis").at("level").as_string(), "IV");
  EXPECT_TRUE(below.at("level_basis").at("reached").as_array().empty());

  auto set =
      leader_.bearer("POST", "/api/v1/incidents/" + str(none.at("id")) + "/level",
                     R"({"level":"II","reason":"研判：影响较大","version":)" + v(none) + "}");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_TRUE(json(officer_.bearer("GET", "/api/v1/incidents/" + str(none.at("id"))))
                  .at("level_basis")
                  .is_null())
      << "a level set by hand has its own reason";
}

TEST_P(Escalation, AGrasslandFireBefore2026IsGradedByTheGrasslandTable) {
  std::string summer_2025 = "2025-08-01T10:00:00+08:00";
  auto grass = intake("N0202", R"("grassland_area_ha":6000)", summer_2025);
  EXPECT_EQ(grass.at("level").as_string(), "II") << grass.at("level_reason");
  EXPECT_NE(str(grass.at("level_reason")).find("草原火灾级别划分规定"), std::string::npos);
  EXPECT_EQ(grass.at("type_name").as_string(), "草原火灾");
  auto either = intake("N02", R"("grassland_area_ha":6000)", summer_2025);
  EXPECT_EQ(either.at("level").as_string(), "II") << "森林草原火灾 reads the grassland table too";
  auto forest = intake("N0201", R"("forest_area_ha":5)", summer_2025);
  EXPECT_EQ(forest.at("level").as_string(), "III") << "the 2009 forest table: 1 ha";
  auto types = json(officer_.bearer("GET", "/api/v1/incident-types"));
  bool forest_type = false, grass_type = false;
  for (const auto& t : types.at("items").as_array()) {
    forest_type = forest_type || (t.at("code") == "N0201" && t.at("parent") == "N02");
    grass_type = grass_type || (t.at("code") == "N0202" && t.at("grading") == "grassland_fire");
  }
  EXPECT_TRUE(forest_type && grass_type);
}

TEST_P(Escalation, GeologicalDisastersAreNamedBySize) {
  auto slide = intake("N0401", R"("deaths":3)");
  EXPECT_EQ(slide.at("level").as_string(), "III");
  EXPECT_EQ(slide.at("level_name").as_string(), "中型");
  EXPECT_EQ(slide.at("level_family").as_string(), "geological");
  auto detail = json(officer_.bearer("GET", "/api/v1/incidents/" + str(slide.at("id"))));
  EXPECT_EQ(detail.at("levels").at(0).at("level_name").as_string(), "中型");
  auto report = open_report(str(slide.at("id")), "first");
  EXPECT_EQ(report.at("incident_level_name").as_string(), "中型");
  auto exported = officer_.bearer("GET", "/api/v1/reports/" + str(report.at("id")) +
                                             "/export?format=json");
  EXPECT_EQ(json(exported).at("incident").at("level_name").as_string(), "中型");
  auto fire = intake("A07", R"("deaths":3)");
  EXPECT_EQ(fire.at("level_name").as_string(), "较大");
  auto types = json(officer_.bearer("GET", "/api/v1/incident-types"));
  for (const auto& t : types.at("items").as_array()) {
    if (t.at("code") == "N04") {
      EXPECT_EQ(t.at("level_names").at("I").as_string(), "特大型");
      EXPECT_EQ(t.at("level_names").at("IV").as_string(), "小型");
    }
    if (t.at("code") == "A01") EXPECT_EQ(t.at("level_names").at("I").as_string(), "特别重大");
  }
}

TEST_P(Escalation, AMajorIncidentIsPhonedInWithinHalfAnHourAndRelayedOnItsKindsLimits) {
  auto x = intake("A07", R"("deaths":10)");  // 重大
  ASSERT_EQ(x.at("level").as_string(), "II");
  std::string id = str(x.at("id"));
  auto phone = open_report(id, "phone");
  ASSERT_FALSE(phone.empty()) << "a phone report is drafted at intake";
  EXPECT_EQ(phone.at("kind_name").as_string(), "电话报告");
  EXPECT_EQ(time_of(phone.at("due_at")), in(30));
  auto first = open_report(id, "first");
  EXPECT_EQ(time_of(first.at("due_at")), in(60)) << "in writing within the hour";
  EXPECT_EQ(time_of(x.at("next_due_at")), in(30));

  // The call is recorded and sent at once, without waiting for approval.
  clock_->advance_s(10 * 60);
  auto sent = officer_.bearer("POST", "/api/v1/reports/" + str(phone.at("id")) + "/send",
                              R"({"version":)" + v(phone) + "}");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(json(sent).at("status").as_string(), "sent");
  EXPECT_EQ(time_of(json(sent).at("deliveries").at(0).at("relay_due_at")), in(30))
      << "the city phones on within 30 minutes";
  EXPECT_TRUE(open_report(id, "update").empty()) << "a phone report starts no 续报";

  auto written = send_up(open_report(id, "first"));
  EXPECT_EQ(time_of(written.at("deliveries").at(0).at("relay_due_at")), in(60))
      << "重大: the city passes the written report on within the hour, not 120 minutes";

  // 较大 keeps the 2-hour relay; 一般 stops at the city.
  auto larger = intake("A07", R"("deaths":3)");
  EXPECT_TRUE(open_report(str(larger.at("id")), "phone").empty()) << "no phone report for 较大";
  auto larger_sent = send_up(open_report(str(larger.at("id")), "first"));
  EXPECT_EQ(time_of(larger_sent.at("deliveries").at(0).at("relay_due_at")), in(120));
}

TEST_P(Escalation, ARaisedLevelMakesReportsDueAtOnceAndTellsWhoeverActsNext) {
  auto x = intake("A07", R"("deaths":1)");  // 一般
  std::string id = str(x.at("id"));
  auto first_sent = send_up(open_report(id, "first"));
  EXPECT_TRUE(first_sent.at("deliveries").at(0).at("relay_due_at").is_null()) << "一般 stops at the city";
  auto signed_for = city_.bearer("POST", "/api/v1/reports/" + str(first_sent.at("id")) + "/sign");
  ASSERT_EQ(signed_for.status, 200);
  auto update = open_report(id, "update");
  EXPECT_EQ(time_of(update.at("due_at")), in(24 * 60));
  auto before_notes = notification_kinds(officer_).size();

  clock_->advance_s(3600);
  auto current = json(officer_.bearer("GET", "/api/v1/incidents/" + id)).as_object();
  auto raised = officer_.bearer("PATCH", "/api/v1/incidents/" + id,
                                R"({"deaths":10,"version":)" + v(current) + "}");
  ASSERT_EQ(raised.status, 200) << raised.body;
  EXPECT_EQ(json(raised).at("level").as_string(), "II");
  auto phone = open_report(id, "phone");
  ASSERT_FALSE(phone.empty()) << "the raise asks for a phone report";
  EXPECT_EQ(time_of(phone.at("due_at")), in(30));
  EXPECT_EQ(time_of(open_report(id, "update").at("due_at")), in(60))
      << "the written report is due within the hour of the raise, not the next day";
  EXPECT_EQ(time_of(json(raised).at("next_due_at")), in(30));

  // The city, which held the report as 一般, now passes it on within the hour.
  auto held = json(city_.bearer("GET", "/api/v1/reports/" + str(first_sent.at("id"))));
  EXPECT_EQ(time_of(held.at("deliveries").at(0).at("relay_due_at")), in(60));
  EXPECT_EQ(held.at("incident_level").as_string(), "IV") << "a sent report keeps what it said";
  EXPECT_EQ(open_report(id, "update").at("incident_level").as_string(), "II")
      << "a draft speaks of the incident as it stands";

  // Told at once: the county's duty room and the city, in the app and by SMS.
  auto officer_kinds = notification_kinds(officer_);
  EXPECT_GT(officer_kinds.size(), before_notes);
  EXPECT_NE(std::find(officer_kinds.begin(), officer_kinds.end(), "report_escalated"),
            officer_kinds.end());
  auto leader_kinds = notification_kinds(leader_);
  EXPECT_NE(std::find(leader_kinds.begin(), leader_kinds.end(), "report_escalated"),
            leader_kinds.end());
  auto city_kinds = notification_kinds(city_);
  EXPECT_NE(std::find(city_kinds.begin(), city_kinds.end(), "relay_escalated"), city_kinds.end());
  Services& s = app_->app().services();
  ASSERT_GE(*s.notifier->send_queued(*s.db), 3);
  EXPECT_NE(outbox().find("须立即报告"), std::string::npos);
  auto timeline = officer_.bearer("GET", "/api/v1/incidents/" + id + "/timeline");
  EXPECT_NE(timeline.body.find("incident.escalate"), std::string::npos);
  EXPECT_NE(timeline.body.find("升为重大"), std::string::npos) << timeline.body;

  // Late all the same: the leader hears of the phone report.
  clock_->advance_s(31 * 60);
  EXPECT_GE(*s.incidents->check_deadlines(), 1);
}

TEST_P(Escalation, ALeaderRaisingTheLevelAsksForTheReportsToo) {
  auto x = intake("A01", R"("deaths":0)");
  std::string id = str(x.at("id"));
  EXPECT_TRUE(open_report(id, "phone").empty());
  clock_->advance_s(20 * 60);
  auto set = leader_.bearer("POST", "/api/v1/incidents/" + id + "/level",
                            R"({"level":"I","reason":"社会影响特别大","version":)" + v(x) + "}");
  ASSERT_EQ(set.status, 200) << set.body;
  auto phone = open_report(id, "phone");
  ASSERT_FALSE(phone.empty());
  EXPECT_EQ(time_of(phone.at("due_at")), in(30));
  EXPECT_EQ(time_of(open_report(id, "first").at("due_at")), in(40))
      << "the 首报 was due sooner already (an hour from intake) and stays so";
  auto kinds = notification_kinds(officer_);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "report_escalated"), kinds.end());
}

TEST_P(Escalation, AForestFireThatMustBeReportedAtOnceFollowsTheStrictestLimits) {
  auto fire = intake("N0201", R"("forest_area_ha":0.5,"fire_conditions":["border"])");
  EXPECT_EQ(fire.at("level").as_string(), "IV");
  ASSERT_EQ(fire.at("report_at_once").as_array().size(), 1u);
  EXPECT_EQ(fire.at("report_at_once").at(0).as_string(), "发生在国界附近");
  std::string id = str(fire.at("id"));
  auto phone = open_report(id, "phone");
  ASSERT_FALSE(phone.empty()) << "reported at once: by phone within 30 minutes";
  EXPECT_EQ(time_of(phone.at("due_at")), in(30));
  auto first = send_up(open_report(id, "first"));
  EXPECT_EQ(time_of(first.at("deliveries").at(0).at("relay_due_at")), in(60))
      << "the city passes it on, whatever the level";

  // 3 deaths make an ordinary forest fire one to report at once.
  auto other = intake("N0201", R"("forest_area_ha":0.5)");
  std::string other_id = str(other.at("id"));
  EXPECT_TRUE(open_report(other_id, "phone").empty());
  auto worse = officer_.bearer("PATCH", "/api/v1/incidents/" + other_id,
                               R"({"deaths":3,"version":)" + v(other) + "}");
  ASSERT_EQ(worse.status, 200) << worse.body;
  EXPECT_FALSE(open_report(other_id, "phone").empty());
  EXPECT_NE(officer_.bearer("GET", "/api/v1/incidents/" + other_id + "/timeline").body.find("死亡3人以上"),
            std::string::npos);

  auto not_a_fire = officer_.bearer("POST", "/api/v1/incidents",
                                    R"({"title":"x","type":"A08","occurred_at":")" + ago(1) +
                                        R"(","region":"140105","fire_conditions":["border"]})");
  EXPECT_EQ(not_a_fire.status, 400);
  EXPECT_EQ(json(not_a_fire).at("error").at("field").as_string(), "fire_conditions");
  auto unknown = officer_.bearer("POST", "/api/v1/incidents",
                                 R"({"title":"x","type":"N0201","occurred_at":")" + ago(1) +
                                     R"(","region":"140105","fire_conditions":["windy"]})");
  EXPECT_EQ(json(unknown).at("error").at("field").as_string(), "fire_conditions");
}

TEST_P(Escalation, TheSupplementWindowHoldsForEverySubtypeOfRoadTrafficAndFire) {
  Services& s = app_->app().services();
  auto loaded = s.incidents->import_types(
      Principal::system("test"),
      R"({"types":[{"code":"A0801","name":"高速公路交通事故","parent":"A08","category":"accident","grading":"accident"},
                   {"code":"A0101","name":"建筑施工事故","parent":"A01","category":"accident","grading":"accident"}]})");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  // Two incidents with their final reports sent; casualties change 8 days later.
  auto finalise = [&](const std::string& type) {
    auto x = intake(type, R"("deaths":1)");
    std::string id = str(x.at("id"));
    send_up(open_report(id, "first"));
    auto update = open_report(id, "update");
    auto final_draft = officer_.bearer("PATCH", "/api/v1/reports/" + str(update.at("id")),
                                       R"({"kind":"final","version":)" + v(update) + "}");
    EXPECT_EQ(final_draft.status, 200) << final_draft.body;
    send_up(json(final_draft).as_object());
    return id;
  };
  std::string highway = finalise("A0801");
  std::string building = finalise("A0101");
  clock_->advance_s(8 * 24 * 3600);
  sign_all_in();
  for (const auto& id : {highway, building}) {
    auto x = json(officer_.bearer("GET", "/api/v1/incidents/" + id)).as_object();
    auto changed = officer_.bearer("PATCH", "/api/v1/incidents/" + id,
                                   R"({"deaths":2,"version":)" + v(x) + "}");
    ASSERT_EQ(changed.status, 200) << changed.body;
  }
  EXPECT_TRUE(open_report(highway, "supplement").empty())
      << "a highway accident is a road traffic accident: 7 days";
  EXPECT_FALSE(open_report(building, "supplement").empty()) << "30 days for the rest";
}

INSTANTIATE_TEST_SUITE_P(Backends, Escalation,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

// The [reporting] keys: defaults from GRADING §6a, the replaced relay_minutes still read.
TEST(DeadlineRules, DefaultsFollowTheNationalLimitsAndOldConfigsKeepWorking) {
  Config config;
  auto rules = incidents::DeadlineRules::from_config(config);
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  EXPECT_EQ(rules->phone_report, (incidents::DeadlineRules::Levels{30, 30, 0, 0}));
  EXPECT_EQ(rules->first_report[0], 60);
  EXPECT_EQ(rules->relay_minutes("phone", 2), 30);
  EXPECT_EQ(rules->relay_minutes("phone", 3), 0);
  EXPECT_EQ(rules->relay_minutes("first", 1), 60);
  EXPECT_EQ(rules->relay_minutes("update", 3), 120);

  Config old;
  old.reporting.relay_minutes = 90;
  auto kept = incidents::DeadlineRules::from_config(old);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->relay_minutes("first", 3), 90);
  EXPECT_EQ(kept->relay_minutes("first", 1), 60) << "重特大 keep the national hour";
  old.reporting.relay_minutes = 45;
  EXPECT_EQ(incidents::DeadlineRules::from_config(old)->relay_minutes("final", 2), 45);

  Config both;
  both.reporting.relay_minutes = 90;
  both.reporting.relay = "I=30,II=30,III=60,IV=60";
  auto refused = incidents::DeadlineRules::from_config(both);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "reporting.relay_minutes");

  Config custom;
  custom.reporting.relay = "I=30,II=30,III=60,IV=60";
  custom.reporting.relay_update = "I=15,II=15";
  custom.reporting.phone_report = "I=15,II=15,III=30";
  auto strict = incidents::DeadlineRules::from_config(custom);
  ASSERT_TRUE(strict.ok()) << strict.error().message;
  EXPECT_EQ(strict->relay_minutes("first", 3), 60);
  EXPECT_EQ(strict->relay_minutes("update", 1), 15);
  EXPECT_EQ(strict->relay_minutes("update", 3), 0);
  EXPECT_EQ(strict->phone_report[2], 30);

  Config bad;
  bad.reporting.relay_phone = "I=thirty";
  EXPECT_EQ(incidents::DeadlineRules::from_config(bad).error().field, "reporting.relay_phone");
  Config days;
  days.reporting.supplement_days = "A07=7";
  EXPECT_EQ(incidents::DeadlineRules::from_config(days).error().field, "reporting.supplement_days");
}

TEST(DeadlineRules, TheSupplementWindowOfATypeIsItsNearestNamedAncestors) {
  std::vector<incidents::IncidentType> tree = incidents::builtin_types();
  tree.push_back({"A0801", "高速公路交通事故", "", "A08", "accident", "accident"});
  tree.push_back({"A080101", "隧道内交通事故", "", "A0801", "accident", "accident"});
  tree.push_back({"A0701", "高层建筑火灾", "", "A07", "accident", "accident"});
  std::map<std::string, int, std::less<>> days = {{"A07", 7}, {"A08", 7}, {"*", 30}};
  EXPECT_EQ(incidents::supplement_window_days("A08", tree, days), 7);
  EXPECT_EQ(incidents::supplement_window_days("A0801", tree, days), 7);
  EXPECT_EQ(incidents::supplement_window_days("A080101", tree, days), 7);
  EXPECT_EQ(incidents::supplement_window_days("A0701", tree, days), 7);
  EXPECT_EQ(incidents::supplement_window_days("A01", tree, days), 30);
  EXPECT_EQ(incidents::supplement_window_days("N02", tree, days), 30);
  days["A0801"] = 15;
  EXPECT_EQ(incidents::supplement_window_days("A080101", tree, days), 15) << "the nearest wins";
}

}  // namespace
}  // namespace fenghuo::test

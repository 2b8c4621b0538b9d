// The duty room through HTTP against SQLite and PostgreSQL: shift settings and rosters at
// their versions, who is on duty now, roster import all-or-nothing, the duty log and the
// shift it falls in, handovers signed by both, e-faxes with per-recipient reading, signing,
// archiving and reminders, uploads checked from their content, and refusals outside the
// jurisdiction.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "app/services.h"
#include "core/time.h"
#include "support/http_client.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

// The smallest PDF readers accept, enough for content detection.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    "endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

class Duty : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    // Sessions outlive the hours the clock is moved on by.
    app_ = std::make_unique<TestApp>(
        GetParam(),
        [](Config& c) {
          c.session.idle_timeout_min = 24 * 60;
          c.session.lifetime_h = 72;
        },
        clock_);
    leader_id_ = add_user(*app_, "13600000011", "小店带班领导", "140105", {"duty_leader"});
    officer_id_ = add_user(*app_, "13600000012", "小店值班员甲", "140105", {"duty_officer"});
    second_id_ = add_user(*app_, "13600000013", "小店值班员乙", "140105", {"duty_officer"});
    city_id_ = add_user(*app_, "13600000014", "太原值班员", "140100", {"duty_officer"});
    add_user(*app_, "13600000015", "迎泽值班员", "140106", {"duty_officer"});
    leader_ = sign_in(*app_, "13600000011", clock_.get());
    officer_ = sign_in(*app_, "13600000012", clock_.get());
    second_ = sign_in(*app_, "13600000013", clock_.get());
    city_ = sign_in(*app_, "13600000014", clock_.get());
    other_ = sign_in(*app_, "13600000015", clock_.get());
    county_org_ = org_of(leader_);
    city_org_ = org_of(city_);
  }
  std::string org_of(const Session& s) {
    auto me = s.bearer("GET", "/api/v1/me");
    return str(json(me).at("org").at("id"));
  }
  // Today's date in Asia/Shanghai.
  std::string today() { return format_rfc3339(clock_->now_ms() + 8 * 3600000).substr(0, 10); }
  std::string upload(const Session& s, const std::string& name, const std::string& bytes) {
    auto r = http_request(
        port(), "POST", "/api/v1/files?name=" + name, bytes,
        {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/octet-stream"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : std::string();
  }
  std::uint16_t port() { return app_->port(); }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  std::string leader_id_, officer_id_, second_id_, city_id_, county_org_, city_org_;
  Session leader_, officer_, second_, city_, other_;
};

TEST_P(Duty, TheRosterSaysWhoIsOnDutyNow) {
  auto settings = leader_.bearer("GET", "/api/v1/duty/settings");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(json(settings).at("shifts").as_array().size(), 2u) << "day and night by default";
  // A 24-hour duty room.
  auto saved = leader_.bearer(
      "PUT", "/api/v1/duty/settings",
      R"({"org_id":")" + county_org_ +
          R"(","shifts":[{"code":"all","name":"24小时班","start":"08:00","end":"08:00"}],"version":0})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  // The shift that started this morning at 08:00 (local) or yesterday's if it is before 08:00.
  std::string date = today();
  auto local_hour = std::stoi(format_rfc3339(clock_->now_ms() + 8 * 3600000).substr(11, 2));
  if (local_hour < 8) date = format_rfc3339(clock_->now_ms() - 16 * 3600000).substr(0, 10);
  auto shift = leader_.bearer("PUT", "/api/v1/duty/shifts",
                              R"({"org_id":")" + county_org_ + R"(","date":")" + date +
                                  R"(","shift":"all","leader_id":")" + leader_id_ +
                                  R"(","officer_ids":[")" + officer_id_ + R"("]})");
  ASSERT_EQ(shift.status, 200) << shift.body;
  EXPECT_EQ(
      officer_
          .bearer("PUT", "/api/v1/duty/shifts",
                  R"({"org_id":")" + county_org_ + R"(","date":")" + date + R"(","shift":"all"})")
          .status,
      403)
      << "officers do not keep the roster";
  auto stale = leader_.bearer("PUT", "/api/v1/duty/shifts",
                              R"({"org_id":")" + county_org_ + R"(","date":")" + date +
                                  R"(","shift":"all","leader_id":")" + leader_id_ + R"("})");
  EXPECT_EQ(stale.status, 409) << "an existing shift needs its version";
  auto now = city_.bearer("GET", "/api/v1/duty/now");
  ASSERT_EQ(now.status, 200);
  ASSERT_EQ(json(now).at("items").as_array().size(), 1u) << now.body;
  EXPECT_EQ(json(now).at("items").at(0).at("leader").at("name").as_string(), "小店带班领导");
  EXPECT_EQ(json(other_.bearer("GET", "/api/v1/duty/now")).at("items").as_array().size(), 0u);
  auto month = leader_.bearer("GET", "/api/v1/duty/shifts?month=" + date.substr(0, 7));
  EXPECT_EQ(json(month).at("items").as_array().size(), 1u);
  EXPECT_EQ(
      other_.bearer("GET", "/api/v1/duty/shifts?org=" + county_org_ + "&month=" + date.substr(0, 7))
          .status,
      404)
      << "another county's roster";
  auto outsider =
      leader_.bearer("PUT", "/api/v1/duty/shifts",
                     R"({"org_id":")" + county_org_ + R"(","date":")" + date +
                         R"(","shift":"all","leader_id":")" + city_id_ + R"(","version":1})");
  EXPECT_EQ(outsider.status, 400) << "a leader from another organisation: " << outsider.body;
}

TEST_P(Duty, ARosterImportIsAllOrNothingWithRowNumbers) {
  std::string body =
      R"({"org_id":")" + county_org_ +
      R"(","rows":[)"
      R"({"date":"2026-12-01","shift":"day","leader":"13600000011","officers":"小店值班员甲、小店值班员乙"},)"
      R"({"date":"2026-12-01","shift":"night","leader":"不存在的人","officers":""},)"
      R"({"date":"2026-12-32","shift":"day","leader":"","officers":""}]})";
  auto refused = leader_.bearer("POST", "/api/v1/duty/shifts/import", body);
  ASSERT_EQ(refused.status, 422) << refused.body;
  auto errors = json(refused).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("row").as_int64(), 2);
  EXPECT_EQ(errors[0].at("field").as_string(), "leader");
  EXPECT_EQ(errors[1].at("row").as_int64(), 3);
  EXPECT_EQ(json(leader_.bearer("GET", "/api/v1/duty/shifts?month=2026-12"))
                .at("items")
                .as_array()
                .size(),
            0u);

  std::string good =
      R"({"org_id":")" + county_org_ +
      R"(","rows":[)"
      R"({"date":"2026-12-01","shift":"day","leader":"13600000011","officers":"小店值班员甲、小店值班员乙"},)"
      R"({"date":"2026-12-01","shift":"夜班","leader":"小店带班领导","officers":"13600000012"}]})";
  auto dry = leader_.bearer("POST", "/api/v1/duty/shifts/import",
                            good.substr(0, good.size() - 1) + R"(,"dry_run":true})");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(json(dry).at("applied").as_int64(), 2);
  EXPECT_EQ(json(leader_.bearer("GET", "/api/v1/duty/shifts?month=2026-12"))
                .at("items")
                .as_array()
                .size(),
            0u);
  auto applied = leader_.bearer("POST", "/api/v1/duty/shifts/import", good);
  ASSERT_EQ(applied.status, 200) << applied.body;
  auto month =
      json(leader_.bearer("GET", "/api/v1/duty/shifts?month=2026-12")).at("items").as_array();
  ASSERT_EQ(month.size(), 2u);
  EXPECT_EQ(month[0].at("officers").as_array().size(), 2u);
  EXPECT_EQ(month[1].at("shift").as_string(), "night");
  EXPECT_EQ(month[1].at("ends_at").as_string(), "2026-12-02T00:00:00.000Z")
      << "night ends next morning";
}

TEST_P(Duty, TheLogAndAHandoverSignedByBoth) {
  auto entry =
      officer_.bearer("POST", "/api/v1/duty/log", R"({"kind":"call","text":"接群众电话报告烟雾"})");
  ASSERT_EQ(entry.status, 201) << entry.body;
  EXPECT_EQ(officer_.bearer("POST", "/api/v1/duty/log", R"({"kind":"gossip","text":"x"})").status,
            400);
  auto log = leader_.bearer("GET", "/api/v1/duty/log");
  EXPECT_EQ(json(log).at("total").as_int64(), 1);
  EXPECT_EQ(other_.bearer("GET", "/api/v1/duty/log?org=" + county_org_).status, 404);

  auto preview = officer_.bearer("GET", "/api/v1/duty/handover/preview");
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto handover = officer_.bearer("POST", "/api/v1/duty/handovers",
                                  R"({"notes":"夜间平稳","to_user_id":")" + second_id_ + R"("})");
  ASSERT_EQ(handover.status, 201) << handover.body;
  std::string id = str(json(handover).at("id"));
  EXPECT_EQ(leader_.bearer("POST", "/api/v1/duty/handovers/" + id + "/accept").status, 403)
      << "only the colleague it was handed to signs";
  auto accepted = second_.bearer("POST", "/api/v1/duty/handovers/" + id + "/accept");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_FALSE(json(accepted).at("accepted_at").is_null());
  EXPECT_EQ(second_.bearer("POST", "/api/v1/duty/handovers/" + id + "/accept").status, 409);
  auto history = leader_.bearer("GET", "/api/v1/duty/handovers");
  EXPECT_EQ(json(history).at("total").as_int64(), 1);
}

TEST_P(Duty, ADutyRoomCanSendToTheBureausAboveItAndToOrganisationsInItsCounty) {
  auto found = officer_.bearer("GET", "/api/v1/duty/recipients");
  ASSERT_EQ(found.status, 200) << found.body;
  auto body = json(found);
  std::vector<std::string> names;
  for (const auto& o : body.at("items").as_array()) names.push_back(str(o.at("name")));
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[0], "山西省应急管理厅") << "superiors first: " << found.body;
  EXPECT_EQ(names[1], "太原市应急管理局");
  EXPECT_EQ(found.body.find("迎泽区"), std::string::npos) << "not other counties";
  EXPECT_EQ(found.body.find("小店区应急管理局"), std::string::npos) << "not itself";
  auto searched = officer_.bearer("GET", "/api/v1/duty/recipients?q=%E5%A4%AA%E5%8E%9F");  // 太原
  EXPECT_EQ(json(searched).at("items").as_array().size(), 1u) << searched.body;
}

TEST_P(Duty, AFaxIsSignedForByEachRecipientAndChasedWhenUnsigned) {
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/files?name=a.txt", "just text",
                         {{"Authorization", "Bearer " + officer_.token}})
                .status,
            415)
      << "the content decides, not the name";
  std::string file = upload(officer_, "%E9%80%9A%E7%9F%A5.pdf", kPdf);
  ASSERT_FALSE(file.empty());
  auto sent =
      officer_.bearer("POST", "/api/v1/faxes",
                      R"({"title":"关于做好寒潮防范的通知","urgency":"extra_urgent","file_id":")" +
                          file + R"(","to":[")" + city_org_ + R"("]})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  std::string id = str(json(sent).at("id"));
  EXPECT_EQ(json(sent).at("file").at("name").as_string(), "通知.pdf");

  auto received = city_.bearer("GET", "/api/v1/faxes?box=received");
  ASSERT_EQ(json(received).at("total").as_int64(), 1) << received.body;
  EXPECT_EQ(json(other_.bearer("GET", "/api/v1/faxes?box=received")).at("total").as_int64(), 0);
  EXPECT_EQ(other_.bearer("GET", "/api/v1/faxes/" + id).status, 404);
  EXPECT_EQ(other_.bearer("GET", "/api/v1/faxes/" + id + "/document").status, 404);
  auto document = city_.bearer("GET", "/api/v1/faxes/" + id + "/document");
  ASSERT_EQ(document.status, 200);
  EXPECT_EQ(document.body, kPdf);
  EXPECT_EQ(document.header("content-type"), "application/pdf");
  EXPECT_EQ(document.header("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(document.header("content-disposition").rfind("attachment", 0), 0u);
  auto preview = city_.bearer("GET", "/api/v1/faxes/" + id + "/document?inline=true");
  EXPECT_EQ(preview.header("content-disposition").rfind("inline", 0), 0u)
      << "the app's pages may show it in a frame";

  // Unsigned after the reminder time: the city's people on duty are chased once.
  Services& s = app_->app().services();
  EXPECT_EQ(*s.faxes->remind_unsigned(), 0);
  clock_->advance_s(31 * 60);
  EXPECT_EQ(*s.faxes->remind_unsigned(), 1);
  EXPECT_EQ(*s.faxes->remind_unsigned(), 0);
  auto notes = city_.bearer("GET", "/api/v1/notifications");
  EXPECT_NE(notes.body.find("fax_unsigned"), std::string::npos) << notes.body;

  auto signed_for = city_.bearer("POST", "/api/v1/faxes/" + id + "/sign");
  ASSERT_EQ(signed_for.status, 200) << signed_for.body;
  auto seen_by_sender = json(officer_.bearer("GET", "/api/v1/faxes/" + id));
  EXPECT_EQ(seen_by_sender.at("recipients").at(0).at("signed_by").as_string(), "太原值班员");
  EXPECT_EQ(officer_.bearer("POST", "/api/v1/faxes/" + id + "/sign").status, 409)
      << "the sender has nothing to sign";
  auto archived = city_.bearer("POST", "/api/v1/faxes/" + id + "/archive", R"({"archived":true})");
  ASSERT_EQ(archived.status, 200);
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/faxes?box=received")).at("total").as_int64(), 0);
  EXPECT_EQ(
      json(city_.bearer("GET", "/api/v1/faxes?box=received&archived=true&q=%E5%AF%92%E6%BD%AE"))
          .at("total")
          .as_int64(),
      1);
}

TEST_P(Duty, ShiftSettingsAreCheckedAndSavedAtTheirVersion) {
  auto url = "/api/v1/duty/settings";
  std::string shifts = R"([{"code":"day","name":"白班","start":"08:30","end":"17:30"}])";
  auto saved = leader_.bearer(
      "PUT", url, R"({"org_id":")" + county_org_ + R"(","shifts":)" + shifts + R"(,"version":0})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json(saved).at("version").as_int64(), 1);
  auto stale = leader_.bearer(
      "PUT", url, R"({"org_id":")" + county_org_ + R"(","shifts":)" + shifts + R"(,"version":0})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(json(stale).at("error").at("field").as_string(), "version");
  auto bad_time = leader_.bearer(
      "PUT", url,
      R"({"org_id":")" + county_org_ +
          R"(","shifts":[{"code":"day","name":"白班","start":"8:00","end":"17:30"}],"version":1})");
  EXPECT_EQ(bad_time.status, 400);
  EXPECT_EQ(json(bad_time).at("error").at("field").as_string(), "shifts");
  auto twice = leader_.bearer(
      "PUT", url,
      R"({"org_id":")" + county_org_ +
          R"(","shifts":[{"code":"day","name":"白班","start":"08:00","end":"12:00"},)"
          R"({"code":"day","name":"下午","start":"12:00","end":"18:00"}],"version":1})");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(
      officer_
          .bearer("PUT", url,
                  R"({"org_id":")" + county_org_ + R"(","shifts":)" + shifts + R"(,"version":1})")
          .status,
      403)
      << "officers do not set the shifts";
  auto now = json(leader_.bearer("GET", url));
  EXPECT_EQ(now.at("version").as_int64(), 1) << "refused changes change nothing";
  ASSERT_EQ(now.at("shifts").as_array().size(), 1u);
  EXPECT_EQ(now.at("shifts").at(0).at("start").as_string(), "08:30");

  // Another county's leader neither reads nor changes them; a region outside is refused.
  add_user(*app_, "13600000016", "迎泽带班领导", "140106", {"duty_leader"});
  auto yingze = sign_in(*app_, "13600000016", clock_.get());
  EXPECT_EQ(yingze.bearer("GET", std::string(url) + "?org=" + county_org_).status, 404);
  EXPECT_EQ(
      yingze
          .bearer("PUT", url,
                  R"({"org_id":")" + county_org_ + R"(","shifts":)" + shifts + R"(,"version":1})")
          .status,
      404);
  EXPECT_EQ(leader_.bearer("GET", std::string(url) + "?region=140106").status, 403);
  EXPECT_EQ(json(leader_.bearer("GET", url)).at("version").as_int64(), 1);
}

TEST_P(Duty, AShiftIsChangedAtItsVersionAndDeleted) {
  auto put = [&](const std::string& extra) {
    return leader_.bearer("PUT", "/api/v1/duty/shifts",
                          R"({"org_id":")" + county_org_ +
                              R"(","date":"2026-12-05","shift":"day","leader_id":")" + leader_id_ +
                              R"(")" + extra + "}");
  };
  auto created = put("");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(json(created).at("shift_name").as_string(), "白班");
  EXPECT_EQ(json(created).at("version").as_int64(), 1);
  EXPECT_EQ(json(created).at("starts_at").as_string(), "2026-12-05T00:00:00.000Z");
  auto changed = put(R"(,"note":"加强值守","officer_ids":[")" + officer_id_ + R"("],"version":1)");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json(changed).at("version").as_int64(), 2);
  EXPECT_EQ(json(changed).at("note").as_string(), "加强值守");
  EXPECT_EQ(json(changed).at("officers").at(0).at("name").as_string(), "小店值班员甲");
  EXPECT_EQ(put(R"(,"version":1)").status, 409) << "a stale version";

  EXPECT_EQ(put(R"(,"officer_ids":[")" + city_id_ + R"("],"version":2)").status, 400)
      << "an officer of another organisation";
  auto bad_date =
      leader_.bearer("PUT", "/api/v1/duty/shifts",
                     R"({"org_id":")" + county_org_ + R"(","date":"2026-13-01","shift":"day"})");
  EXPECT_EQ(json(bad_date).at("error").at("field").as_string(), "date");
  auto bad_shift = leader_.bearer(
      "PUT", "/api/v1/duty/shifts",
      R"({"org_id":")" + county_org_ + R"(","date":"2026-12-06","shift":"evening"})");
  EXPECT_EQ(bad_shift.status, 400);
  EXPECT_EQ(json(bad_shift).at("error").at("field").as_string(), "shift");
  auto bad_month = leader_.bearer("GET", "/api/v1/duty/shifts?month=2026-1");
  EXPECT_EQ(bad_month.status, 400);
  EXPECT_EQ(json(bad_month).at("error").at("field").as_string(), "month");

  std::string id = str(json(changed).at("id"));
  add_user(*app_, "13600000016", "迎泽带班领导", "140106", {"duty_leader"});
  auto yingze = sign_in(*app_, "13600000016", clock_.get());
  EXPECT_EQ(yingze.bearer("DELETE", "/api/v1/duty/shifts/" + id).status, 404);
  EXPECT_EQ(officer_.bearer("DELETE", "/api/v1/duty/shifts/" + id).status, 403);
  EXPECT_EQ(leader_.bearer("DELETE", "/api/v1/duty/shifts/" + id).status, 204);
  EXPECT_EQ(leader_.bearer("DELETE", "/api/v1/duty/shifts/" + id).status, 404);
  EXPECT_EQ(json(leader_.bearer("GET", "/api/v1/duty/shifts?month=2026-12"))
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(put(R"(,"version":2)").status, 404) << "an edit of a deleted shift";
}

TEST_P(Duty, TheLogNamesTheShiftAndOnlyIncidentsInTheJurisdiction) {
  // A shift under way now, from three hours ago to three hours on.
  std::int64_t now = clock_->now_ms();
  auto clock_at = [](std::int64_t ms) { return format_rfc3339(ms + 8 * 3600000).substr(11, 5); };
  std::string date = format_rfc3339(now - 3 * 3600000 + 8 * 3600000).substr(0, 10);
  ASSERT_EQ(leader_
                .bearer("PUT", "/api/v1/duty/settings",
                        R"({"org_id":")" + county_org_ +
                            R"(","shifts":[{"code":"all","name":"值守","start":")" +
                            clock_at(now - 3 * 3600000) + R"(","end":")" +
                            clock_at(now + 3 * 3600000) + R"("}],"version":0})")
                .status,
            200);
  auto shift = leader_.bearer("PUT", "/api/v1/duty/shifts",
                              R"({"org_id":")" + county_org_ + R"(","date":")" + date +
                                  R"(","shift":"all","leader_id":")" + leader_id_ + R"("})");
  ASSERT_EQ(shift.status, 200) << shift.body;

  auto entry = officer_.bearer("POST", "/api/v1/duty/log", R"({"kind":"action","text":"巡查"})");
  ASSERT_EQ(entry.status, 201) << entry.body;
  EXPECT_EQ(str(json(entry).at("shift_id")), str(json(shift).at("id")));
  EXPECT_EQ(json(entry).at("author").as_string(), "小店值班员甲");
  auto earlier = officer_.bearer(
      "POST", "/api/v1/duty/log",
      R"({"kind":"note","text":"早些时候","at":")" + format_rfc3339(now - 5 * 3600000) + R"("})");
  ASSERT_EQ(earlier.status, 201) << earlier.body;
  EXPECT_TRUE(json(earlier).at("shift_id").is_null()) << "before the shift";
  auto future = officer_.bearer(
      "POST", "/api/v1/duty/log",
      R"({"kind":"note","text":"x","at":")" + format_rfc3339(now + 3600000) + R"("})");
  EXPECT_EQ(json(future).at("error").at("field").as_string(), "at");

  auto intake = [&](const Session& s, const std::string& region) {
    auto r = s.bearer("POST", "/api/v1/incidents",
                      R"({"title":"某厂房火灾","type":"A07","occurred_at":")" +
                          format_rfc3339(now - 600000) + R"(","region":")" + region + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : std::string();
  };
  std::string ours = intake(officer_, "140105");
  std::string theirs = intake(other_, "140106");
  auto outside = officer_.bearer("POST", "/api/v1/duty/log",
                                 R"({"kind":"call","text":"x","incident_id":")" + theirs + R"("})");
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_EQ(json(outside).at("error").at("field").as_string(), "incident_id");
  auto linked = officer_.bearer("POST", "/api/v1/duty/log",
                                R"({"kind":"call","text":"续报","incident_id":")" + ours + R"("})");
  ASSERT_EQ(linked.status, 201) << linked.body;
  EXPECT_EQ(str(json(linked).at("incident_id")), ours);

  auto all = json(leader_.bearer("GET", "/api/v1/duty/log?limit=2"));
  EXPECT_EQ(all.at("total").as_int64(), 3);
  ASSERT_EQ(all.at("items").as_array().size(), 2u);
  EXPECT_EQ(all.at("items").at(1).at("text").as_string(), "巡查") << "newest first";
  auto recent = json(leader_.bearer(
      "GET", "/api/v1/duty/log?from=" + format_rfc3339(now - 3600000).substr(0, 19) + "Z"));
  EXPECT_EQ(recent.at("total").as_int64(), 2) << "from leaves the earlier entry out";
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/duty/log?org=" + county_org_)).at("total").as_int64(),
            3)
      << "the city reads its counties' logs";
}

TEST_P(Duty, AHandoverGoesToAnActiveColleagueOfTheSameRoom) {
  auto to = [&](const std::string& id) {
    return officer_.bearer("POST", "/api/v1/duty/handovers",
                           R"({"notes":"平稳","to_user_id":")" + id + R"("})");
  };
  for (const auto& wrong : {officer_id_, city_id_, std::string("999999")}) {
    auto r = to(wrong);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json(r).at("error").at("field").as_string(), "to_user_id");
  }
  EXPECT_EQ(json(leader_.bearer("GET", "/api/v1/duty/handovers")).at("total").as_int64(), 0)
      << "refused handovers leave nothing";
  auto given = to(second_id_);
  ASSERT_EQ(given.status, 201) << given.body;
  auto h = json(given);
  EXPECT_EQ(h.at("from").at("name").as_string(), "小店值班员甲");
  EXPECT_EQ(h.at("to").at("name").as_string(), "小店值班员乙");
  EXPECT_TRUE(h.at("snapshot").is_object());
  EXPECT_TRUE(h.at("accepted_at").is_null());
  std::string id = str(h.at("id"));
  EXPECT_EQ(other_.bearer("POST", "/api/v1/duty/handovers/" + id + "/accept").status, 404)
      << "another county's handover";
  EXPECT_EQ(second_.bearer("POST", "/api/v1/duty/handovers/999999/accept").status, 404);
  EXPECT_EQ(other_.bearer("GET", "/api/v1/duty/handovers?org=" + county_org_).status, 404);
  EXPECT_EQ(second_.bearer("POST", "/api/v1/duty/handovers/" + id + "/accept").status, 200);
  auto list = json(city_.bearer("GET", "/api/v1/duty/handovers?org=" + county_org_));
  ASSERT_EQ(list.at("total").as_int64(), 1);
  EXPECT_FALSE(list.at("items").at(0).at("accepted_at").is_null());
  EXPECT_EQ(list.at("items").at(0).at("to").at("phone").as_string(), "13600000013");
}

TEST_P(Duty, AFaxNeedsAReadableDocumentAndLiveRecipientsAndIsReadOnce) {
  std::string file = upload(officer_, "a.pdf", kPdf);
  std::string city_file = upload(city_, "b.pdf", kPdf);
  ASSERT_FALSE(file.empty());
  auto send = [&](const std::string& file_id, const std::string& to,
                  const std::string& extra = "") {
    return officer_.bearer(
        "POST", "/api/v1/faxes",
        R"({"title":"通知","file_id":")" + file_id + R"(","to":[)" + to + "]" + extra + "}");
  };
  std::string city = R"(")" + city_org_ + R"(")";
  struct Case {
    std::string file, to, extra, field;
  };
  for (const auto& c : std::vector<Case>{{file, R"(")" + county_org_ + R"(")", "", "to"},
                                         {file, R"("999999")", "", "to"},
                                         {file, "", "", "to"},
                                         {city_file, city, "", "file_id"},
                                         {"999999", city, "", "file_id"},
                                         {file, city, R"(,"urgency":"soon")", "urgency"}}) {
    auto r = send(c.file, c.to, c.extra);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json(r).at("error").at("field").as_string(), c.field) << r.body;
  }
  EXPECT_EQ(json(officer_.bearer("GET", "/api/v1/faxes?box=sent")).at("total").as_int64(), 0)
      << "refused faxes leave nothing";
  EXPECT_EQ(officer_.bearer("GET", "/api/v1/faxes?box=outbox").status, 400);

  auto sent = send(file, city);
  ASSERT_EQ(sent.status, 201) << sent.body;
  std::string id = str(json(sent).at("id"));
  EXPECT_EQ(json(sent).at("urgency_name").as_string(), "平件");
  EXPECT_EQ(json(sent).at("file").at("type").as_string(), "application/pdf");
  EXPECT_TRUE(json(sent).at("recipients").at(0).at("read_at").is_null());
  EXPECT_EQ(json(officer_.bearer("GET", "/api/v1/faxes?box=sent")).at("total").as_int64(), 1);

  // The receiving duty room sees it as unsigned in the handover preview until signed.
  auto preview = json(city_.bearer("GET", "/api/v1/duty/handover/preview"));
  ASSERT_EQ(preview.at("unsigned_faxes").as_array().size(), 1u) << preview;
  EXPECT_EQ(preview.at("unsigned_faxes").at(0).at("file").at("size").as_int64(),
            static_cast<std::int64_t>(kPdf.size()));
  // The first read is recorded; the document is readable by the recipient only.
  auto read = json(city_.bearer("GET", "/api/v1/faxes/" + id));
  EXPECT_FALSE(read.at("recipients").at(0).at("read_at").is_null());
  EXPECT_EQ(city_.bearer("GET", "/api/v1/files/" + file).status, 200);
  EXPECT_EQ(other_.bearer("GET", "/api/v1/files/" + file).status, 404);
  EXPECT_EQ(other_.bearer("POST", "/api/v1/faxes/" + id + "/sign").status, 404);
  auto archived =
      officer_.bearer("POST", "/api/v1/faxes/" + id + "/archive", R"({"archived":true})");
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_TRUE(json(archived).at("archived").as_bool());
  EXPECT_EQ(json(officer_.bearer("GET", "/api/v1/faxes?box=sent")).at("total").as_int64(), 0);
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/faxes?box=received")).at("total").as_int64(), 1)
      << "the sender's archive is its own";
  ASSERT_EQ(city_.bearer("POST", "/api/v1/faxes/" + id + "/sign").status, 200);
  EXPECT_EQ(city_.bearer("POST", "/api/v1/faxes/" + id + "/sign").status, 409);
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/duty/handover/preview"))
                .at("unsigned_faxes")
                .as_array()
                .size(),
            0u);
}

TEST_P(Duty, ListsOutsideTheJurisdictionAreRefused) {
  for (const char* path :
       {"/api/v1/duty/now?region=140106", "/api/v1/duty/recipients?region=140106",
        "/api/v1/faxes?region=140106", "/api/v1/duty/log?region=140106"}) {
    EXPECT_EQ(officer_.bearer("GET", path).status, 403) << path;
  }
  auto recipients = json(city_.bearer("GET", "/api/v1/duty/recipients?limit=50"));
  bool county = false;
  for (const auto& o : recipients.at("items").as_array()) {
    if (str(o.at("id")) == county_org_) {
      county = true;
      EXPECT_EQ(o.at("relation").as_string(), "jurisdiction");
    }
    if (o.at("name").as_string() == "山西省应急管理厅") {
      EXPECT_EQ(o.at("relation").as_string(), "superior");
    }
  }
  EXPECT_TRUE(county) << "the city sends to its counties";
}

INSTANTIATE_TEST_SUITE_P(Backends, Duty, ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

// Who may read an uploaded file, through HTTP against SQLite and PostgreSQL: the uploading
// organisation, readers of an incident that attaches it, the sending and receiving
// organisations of a fax that carries it; nobody merely because their jurisdiction covers
// the uploader's region. Attaching a file (incident attachments, a fax's document) needs the
// same right. Uploads need files.write, downloads files.read.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/time.h"
#include "support/http_client.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

const std::string kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    "endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

class Files : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    // 小店区 (140105) and 迎泽区 (140106) are counties of 太原市 (140100).
    add_user(*app_, "13600000021", "小店值班员甲", "140105", {"duty_officer"});
    add_user(*app_, "13600000022", "小店值班员乙", "140105", {"duty_officer"});
    add_user(*app_, "13600000023", "迎泽值班员", "140106", {"duty_officer"});
    add_user(*app_, "13600000024", "太原值班员", "140100", {"duty_officer"});
    add_user(*app_, "13600000025", "太原指挥人员", "140100", {"commander"});
    add_user(*app_, "13600000026", "太原现场人员", "140100", {"field_responder"});
    xiaodian_ = sign_in(*app_, "13600000021", clock_.get());
    xiaodian_colleague_ = sign_in(*app_, "13600000022", clock_.get());
    yingze_ = sign_in(*app_, "13600000023", clock_.get());
    city_ = sign_in(*app_, "13600000024", clock_.get());
    commander_ = sign_in(*app_, "13600000025", clock_.get());
    responder_ = sign_in(*app_, "13600000026", clock_.get());
  }

  HttpResponse post_file(const Session& s, const std::string& name) {
    return http_request(
        port(), "POST", "/api/v1/files?name=" + name, kPdf,
        {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/octet-stream"}});
  }
  std::string upload(const Session& s, const std::string& name) {
    auto r = post_file(s, name);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : std::string();
  }
  int get_file(const Session& s, const std::string& id) {
    return s.bearer("GET", "/api/v1/files/" + id).status;
  }
  std::string org_of(const Session& s) {
    return str(json(s.bearer("GET", "/api/v1/me")).at("org").at("id"));
  }
  std::string incident_body(const std::string& title, const std::string& region,
                            const std::string& attachments) {
    return R"({"title":")" + title + R"(","type":"A03","occurred_at":")" +
           format_rfc3339(clock_->now_ms() - 60000) + R"(","region":")" + region +
           R"(","deaths":0,"attachments":[)" + attachments + "]}";
  }
  std::int64_t incident_total(const Session& s) {
    return json(s.bearer("GET", "/api/v1/incidents")).at("total").as_int64();
  }
  std::uint16_t port() { return app_->port(); }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session xiaodian_, xiaodian_colleague_, yingze_, city_, commander_, responder_;
};

TEST_P(Files, AnUploadIsReadByItsOrganisationNotByWhoeverCoversTheRegion) {
  std::string file = upload(xiaodian_, "a.pdf");
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(get_file(xiaodian_, file), 200);
  EXPECT_EQ(get_file(xiaodian_colleague_, file), 200) << "the same organisation";
  EXPECT_EQ(get_file(yingze_, file), 404) << "another county";
  EXPECT_EQ(get_file(city_, file), 404) << "the city covers the county, but did not upload it";
  auto missing = yingze_.bearer("GET", "/api/v1/files/" + file);
  EXPECT_EQ(
      json(missing).at("error").at("message").as_string(),
      json(yingze_.bearer("GET", "/api/v1/files/999999")).at("error").at("message").as_string())
      << "an unreadable file is answered like one that does not exist";
}

TEST_P(Files, AFileOfAnotherOrganisationCannotBeAttachedToAnIncident) {
  std::string file = upload(xiaodian_, "a.pdf");
  ASSERT_FALSE(file.empty());
  std::int64_t before = incident_total(yingze_);

  auto created = yingze_.bearer("POST", "/api/v1/incidents",
                                incident_body("迎泽某厂火灾", "140106", "\"" + file + "\""));
  EXPECT_EQ(created.status, 400) << created.body;
  EXPECT_EQ(json(created).at("error").at("field").as_string(), "attachments") << created.body;
  EXPECT_EQ(incident_total(yingze_), before) << "nothing was created";

  auto own =
      yingze_.bearer("POST", "/api/v1/incidents", incident_body("迎泽某厂火灾", "140106", ""));
  ASSERT_EQ(own.status, 201) << own.body;
  std::string id = str(json(own).at("id"));
  std::int64_t version = json(own).at("version").as_int64();
  auto updated = yingze_.bearer(
      "PATCH", "/api/v1/incidents/" + id,
      R"({"version":)" + std::to_string(version) + R"(,"attachments":[")" + file + R"("]})");
  EXPECT_EQ(updated.status, 400) << updated.body;
  EXPECT_EQ(json(updated).at("error").at("field").as_string(), "attachments");
  auto after = json(yingze_.bearer("GET", "/api/v1/incidents/" + id));
  EXPECT_EQ(after.at("version").as_int64(), version) << "the incident is unchanged";
  EXPECT_TRUE(after.at("attachments").as_array().empty());
  EXPECT_EQ(get_file(yingze_, file), 404) << "and the file is still unreadable";

  // The city covers 小店, but region cover is no right to a county's upload either.
  auto city = city_.bearer("POST", "/api/v1/incidents",
                           incident_body("太原某厂火灾", "140100", "\"" + file + "\""));
  EXPECT_EQ(city.status, 400) << city.body;
}

TEST_P(Files, AFileAttachedToAnIncidentIsReadByThoseWhoMayReadTheIncident) {
  std::string file = upload(xiaodian_, "scene.pdf");
  ASSERT_FALSE(file.empty());
  auto created = xiaodian_.bearer("POST", "/api/v1/incidents",
                                  incident_body("小店某矿透水", "140105", "\"" + file + "\""));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = str(json(created).at("id"));
  ASSERT_EQ(json(created).at("attachments").as_array().size(), 1u);

  EXPECT_EQ(get_file(city_, file), 200) << "the city reads the county's incident";
  EXPECT_EQ(get_file(commander_, file), 200) << "a commander with files.read, too";
  EXPECT_EQ(get_file(yingze_, file), 404) << "another county does not";

  // Whoever may read the file may attach it; what the incident holds stays when edited.
  auto city_incident = city_.bearer("POST", "/api/v1/incidents",
                                    incident_body("太原汇总", "140100", "\"" + file + "\""));
  EXPECT_EQ(city_incident.status, 201) << city_incident.body;
  auto edited =
      city_.bearer("PATCH", "/api/v1/incidents/" + id,
                   R"({"version":)" + std::to_string(json(created).at("version").as_int64()) +
                       R"(,"title":"小店某矿透水（续）","attachments":[")" + file + R"("]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json(edited).at("attachments").as_array().size(), 1u);
}

TEST_P(Files, AFaxDocumentIsReadBySenderAndRecipientsAndOnlyReadableFilesAreFaxed) {
  std::string file = upload(xiaodian_, "notice.pdf");
  ASSERT_FALSE(file.empty());
  std::string city_org = org_of(city_);
  std::string xiaodian_org = org_of(xiaodian_);

  // The city covers 小店 but did not upload the document: it cannot fax it on.
  auto refused = city_.bearer(
      "POST", "/api/v1/faxes",
      R"({"title":"转发","file_id":")" + file + R"(","to":[")" + xiaodian_org + R"("]})");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(json(refused).at("error").at("field").as_string(), "file_id");
  EXPECT_EQ(json(city_.bearer("GET", "/api/v1/faxes?box=sent")).at("total").as_int64(), 0);
  auto other = yingze_.bearer(
      "POST", "/api/v1/faxes",
      R"({"title":"转发","file_id":")" + file + R"(","to":[")" + city_org + R"("]})");
  EXPECT_EQ(other.status, 400) << other.body;

  // The city sends its own document down to 小店: the recipient reads it, another county not.
  std::string city_file = upload(city_, "city.pdf");
  ASSERT_FALSE(city_file.empty());
  EXPECT_EQ(get_file(xiaodian_, city_file), 404) << "before the fax";
  auto sent = city_.bearer(
      "POST", "/api/v1/faxes",
      R"({"title":"通知","file_id":")" + city_file + R"(","to":[")" + xiaodian_org + R"("]})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(get_file(xiaodian_, city_file), 200) << "a recipient reads the fax's document";
  EXPECT_EQ(get_file(xiaodian_colleague_, city_file), 200)
      << "anyone of the receiving organisation";
  EXPECT_EQ(get_file(yingze_, city_file), 404);
  // And, having it, may attach it to its own incident.
  auto attached = xiaodian_.bearer("POST", "/api/v1/incidents",
                                   incident_body("小店寒潮", "140105", "\"" + city_file + "\""));
  EXPECT_EQ(attached.status, 201) << attached.body;
}

TEST_P(Files, DownloadsNeedFilesReadAndUploadsNeedFilesWrite) {
  std::string file = upload(city_, "a.pdf");
  ASSERT_FALSE(file.empty());
  auto no_read = responder_.bearer("GET", "/api/v1/files/" + file);
  EXPECT_EQ(no_read.status, 403) << no_read.body;
  EXPECT_EQ(post_file(responder_, "b.pdf").status, 403);
  EXPECT_EQ(post_file(commander_, "b.pdf").status, 403) << "a commander reads but does not upload";

  add_user(*app_, "13600000029", "太原管理员", "140100", {"system_admin"});
  Session admin = sign_in(*app_, "13600000029", clock_.get());
  auto token = admin.bearer("POST", "/api/v1/api-tokens",
                            R"({"name":"水文","scopes":["readings.write","resources.read"]})");
  ASSERT_EQ(token.status, 201) << token.body;
  Session machine{port(), str(json(token).at("token")), "", ""};
  EXPECT_EQ(machine.bearer("GET", "/api/v1/files/" + file).status, 403);
  EXPECT_EQ(post_file(machine, "b.pdf").status, 403);
  auto scope =
      admin.bearer("POST", "/api/v1/api-tokens", R"({"name":"文件","scopes":["files.read"]})");
  EXPECT_EQ(scope.status, 400) << "files are not for machine clients: " << scope.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, Files, ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

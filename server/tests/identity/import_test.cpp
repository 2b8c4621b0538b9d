// Import and sync of organisations and people (CSV and JSON): all or nothing by default,
// partial on request, full sync disables who is missing, dry run changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }

const char* kCsv =
    "kind,external_id,name,type,region,parent_external_id,contact_phone,duty_phone,phone,"
    "org_external_id,roles,status\n"
    "organisation,ORG-TY-1,太原市应急救援指挥中心,member_unit,140100,,0351-1000000,0351-1000001,,,,\n"
    "organisation,ORG-TY-2,\"太原市\"\"晋阳\"\"救援队\",rescue_team,140105,ORG-TY-1,,,,,,\n"
    "user,P-1,王值班,,,,,,13711110001,ORG-TY-1,duty_officer;duty_leader,\n"
    "user,P-2,李队长,,,,,,13711110002,ORG-TY-2,field_responder,\n";

class ImportTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    add_user(*app_, "13800000001", "省管理员", "140000", {"system_admin"});
    admin_ = sign_in(*app_, "13800000001", clock_.get());
  }
  HttpResponse import(const std::string& body, const std::string& query,
                      const std::string& type = "text/csv") {
    return http_request(app_->port(), "POST", "/api/v1/identity/import" + query, body,
                        {{"Authorization", "Bearer " + admin_.token}, {"Content-Type", type}});
  }
  std::int64_t users_named(const std::string& q) {
    return json(admin_.bearer("GET", "/api/v1/users?q=" + q)).at("total").as_int64();
  }
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session admin_;
};

TEST_P(ImportTest, CsvCreatesThenUpdatesByExternalId) {
  auto r = import(kCsv, "");
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = json(r);
  EXPECT_TRUE(report.at("applied").as_bool());
  EXPECT_EQ(report.at("created").at("organisations").as_int64(), 2);
  EXPECT_EQ(report.at("created").at("users").as_int64(), 2);
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  auto orgs = json(admin_.bearer("GET", "/api/v1/organisations?q=%E6%99%8B%E9%98%B3"));  // 晋阳
  ASSERT_EQ(orgs.at("total").as_int64(), 1);
  EXPECT_EQ(orgs.at("items").at(0).at("name").as_string(), "太原市\"晋阳\"救援队");

  std::string changed = kCsv;
  changed.replace(changed.find("王值班"), std::string("王值班").size(), "王带班");
  auto again = json(import(changed, ""));
  EXPECT_EQ(again.at("created").at("users").as_int64(), 0);
  EXPECT_EQ(again.at("updated").at("users").as_int64(), 1);
  EXPECT_EQ(again.at("updated").at("organisations").as_int64(), 0);
}

TEST_P(ImportTest, AnyBadRowChangesNothingAndEveryBadRowIsReported) {
  std::string csv = std::string(kCsv) +
                    "user,P-3,坏号码,,,,,,12345,ORG-TY-1,duty_officer,\n"
                    "user,P-4,无单位,,,,,,13711110004,ORG-NONE,duty_officer,\n";
  auto report = json(import(csv, ""));
  EXPECT_FALSE(report.at("applied").as_bool());
  auto rejected = report.at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].at("row").as_int64(), 6);
  EXPECT_EQ(rejected[0].at("field").as_string(), "phone");
  EXPECT_EQ(rejected[1].at("row").as_int64(), 7);
  EXPECT_EQ(rejected[1].at("field").as_string(), "org_external_id");
  EXPECT_EQ(users_named("%E7%8E%8B"), 0) << "nothing was imported";  // 王
}

TEST_P(ImportTest, PartialAppliesTheGoodRows) {
  std::string csv = std::string(kCsv) + "user,P-3,坏号码,,,,,,12345,ORG-TY-1,duty_officer,\n";
  auto report = json(import(csv, "?partial=true"));
  EXPECT_TRUE(report.at("applied").as_bool());
  EXPECT_EQ(report.at("created").at("users").as_int64(), 2);
  EXPECT_EQ(report.at("rejected").as_array().size(), 1u);
  EXPECT_EQ(users_named("%E7%8E%8B"), 1);
}

TEST_P(ImportTest, DryRunReportsAndChangesNothing) {
  auto report = json(import(kCsv, "?dry_run=true"));
  EXPECT_FALSE(report.at("applied").as_bool());
  EXPECT_EQ(report.at("created").at("users").as_int64(), 2);
  EXPECT_EQ(users_named("%E7%8E%8B"), 0);
}

TEST_P(ImportTest, FullSyncDisablesPeopleMissingFromTheFile) {
  ASSERT_TRUE(json(import(kCsv, "")).at("applied").as_bool());
  std::string without_p2 = kCsv;
  without_p2.erase(without_p2.find("user,P-2"));
  auto report = json(import(without_p2, "?full_sync=true"));
  EXPECT_TRUE(report.at("applied").as_bool());
  EXPECT_EQ(report.at("disabled").at("users").as_int64(), 1);
  auto p2 = json(admin_.bearer("GET", "/api/v1/users?q=13711110002"));
  EXPECT_EQ(p2.at("items").at(0).at("status").as_string(), "disabled");
  auto admin = json(admin_.bearer("GET", "/api/v1/users?q=13800000001"));
  EXPECT_EQ(admin.at("items").at(0).at("status").as_string(), "active")
      << "people without an external id are not touched by a sync";
}

TEST_P(ImportTest, JsonImportWithRowNumbers) {
  std::string body = R"({"organisations":[{"external_id":"O1","name":"阳泉市应急救援队","type":"rescue_team","region":"140300"}],
    "users":[{"external_id":"U1","name":"甲","phone":"13711119991","org_external_id":"O1","roles":["viewer"]},
             {"external_id":"U2","name":"乙","phone":"13711119992","org_external_id":"O1","roles":["emperor"]}]})";
  auto report = json(import(body, "", "application/json"));
  EXPECT_FALSE(report.at("applied").as_bool());
  ASSERT_EQ(report.at("rejected").as_array().size(), 1u);
  EXPECT_EQ(report.at("rejected").at(0).at("row").as_int64(), 2);
  EXPECT_EQ(report.at("rejected").at(0).at("field").as_string(), "roles");
}

TEST_P(ImportTest, UnreadableFilesAreRefused) {
  EXPECT_EQ(import("name\n\"unterminated", "").status, 400);
  EXPECT_EQ(import("not json", "", "application/json").status, 400);
  EXPECT_EQ(import("x", "", "application/xml").status, 415);
}

TEST_P(ImportTest, MoreRowsThanTheLimitIs400AndImportsNothing) {
  std::string csv = kCsv;  // four good rows first
  std::string json_users;
  for (int i = 0; i < 50000; ++i) {
    std::string n = std::to_string(i);
    csv += "user,BIG-" + n + ",王" + n + ",,,,,,13" + std::string(9 - n.size(), '0') + n +
           ",ORG-TY-1,viewer,\n";
    json_users += (i ? "," : "") + std::string(R"({"external_id":"J-)") + n + R"(","name":"王"})";
  }
  auto r = import(csv, "");
  ASSERT_EQ(r.status, 400) << r.body.substr(0, 300);
  EXPECT_NE(std::string(json(r).at("error").at("message").as_string()).find("50000"),
            std::string::npos)
      << r.body;
  auto from_json =
      import(R"({"organisations":[{"external_id":"O1"}],"users":[)" + json_users + "]}", "",
             "application/json");
  ASSERT_EQ(from_json.status, 400) << from_json.body.substr(0, 300);
  EXPECT_EQ(users_named("%E7%8E%8B"), 0) << "nothing was imported";  // 王
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

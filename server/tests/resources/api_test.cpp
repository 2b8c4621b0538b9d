// Resources through HTTP against SQLite and PostgreSQL: versions, coordinates, jurisdiction
// on every kind of route, import all-or-nothing, export.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }

std::string shelter(const std::string& name, const std::string& region, double lon, double lat) {
  return R"({"kind":"shelter","category":"park","name":")" + name + R"(","region":")" + region +
         R"(","lon":)" + std::to_string(lon) + R"(,"lat":)" + std::to_string(lat) +
         R"(,"capacity":5000,"area_m2":12000})";
}

class ResourcesApi : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    add_user(*app_, "13800000001", "省管理员", "140000", {"system_admin"});
    add_user(*app_, "13800000002", "小店区数据员", "140105", {"data_operator"});
    add_user(*app_, "13800000003", "迎泽区数据员", "140106", {"data_operator"});
    province_ = sign_in(*app_, "13800000001", clock_.get());
    xiaodian_ = sign_in(*app_, "13800000002", clock_.get());
    yingze_ = sign_in(*app_, "13800000003", clock_.get());
  }
  std::string create(const Session& s, const std::string& body) {
    auto r = s.bearer("POST", "/api/v1/resources", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json(r).at("id").as_string()) : std::string();
  }
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session province_, xiaodian_, yingze_;
};

TEST_P(ResourcesApi, CreateReadUpdateWithVersions) {
  std::string id = create(xiaodian_, shelter("小店区体育场避难场所", "140105", 112.57, 37.72));
  auto got = xiaodian_.bearer("GET", "/api/v1/resources/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(json(got).at("capacity").as_int64(), 5000);
  auto first = xiaodian_.bearer("PATCH", "/api/v1/resources/" + id, R"({"capacity":6000,"version":1})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json(first).at("version").as_int64(), 2);
  auto stale = xiaodian_.bearer("PATCH", "/api/v1/resources/" + id, R"({"capacity":7000,"version":1})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources/" + id)).at("capacity").as_int64(), 6000);
}

TEST_P(ResourcesApi, CoordinatesMustLieInTheClaimedCounty) {
  auto wrong_county = xiaodian_.bearer("POST", "/api/v1/resources",
                                       shelter("错位", "140105", 112.5606, 37.8563));  // 迎泽区
  EXPECT_EQ(wrong_county.status, 400);
  EXPECT_EQ(json(wrong_county).at("error").at("field").as_string(), "region");
  EXPECT_NE(wrong_county.body.find("140106"), std::string::npos) << "names the county it is in";
  auto outside = province_.bearer("POST", "/api/v1/resources", shelter("北京", "140105", 116.4, 39.9));
  EXPECT_EQ(outside.status, 400);
  EXPECT_EQ(json(outside).at("error").at("field").as_string(), "lon");
  auto swapped = province_.bearer("POST", "/api/v1/resources", shelter("经纬颠倒", "140105", 37.72, 112.57));
  EXPECT_EQ(swapped.status, 400);
}

TEST_P(ResourcesApi, ACountyOperatorStaysInTheirCountyOnEveryRoute) {
  std::string theirs = create(yingze_, shelter("迎泽公园", "140106", 112.5606, 37.8563));
  std::string mine = create(xiaodian_, shelter("小店公园", "140105", 112.57, 37.72));
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/resources/" + theirs).status, 404);
  EXPECT_EQ(xiaodian_.bearer("PATCH", "/api/v1/resources/" + theirs, R"({"name":"x","version":1})").status, 404);
  EXPECT_EQ(xiaodian_.bearer("DELETE", "/api/v1/resources/" + theirs).status, 404);
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/resources/" + theirs + "/verify").status, 404);
  EXPECT_EQ(xiaodian_.bearer("POST", "/api/v1/resources", shelter("越界", "140106", 112.5606, 37.8563)).status, 403);
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/resources?region=140106").status, 403);

  auto list = json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter"));
  EXPECT_EQ(list.at("total").as_int64(), 1);
  auto near = json(xiaodian_.bearer("GET", "/api/v1/resources/nearby?lon=112.56&lat=37.8&radius_m=50000"));
  ASSERT_EQ(near.at("items").as_array().size(), 1u);
  EXPECT_EQ(near.at("items").at(0).at("id").as_string(), mine);
  auto clusters = json(xiaodian_.bearer("GET", "/api/v1/resources/clusters?bbox=110,34,115,41&zoom=8"));
  EXPECT_EQ(clusters.at("total").as_int64(), 1);
  auto within = json(xiaodian_.bearer("GET", "/api/v1/resources/within?bbox=110,34,115,41"));
  EXPECT_EQ(within.at("items").as_array().size(), 1u);
  auto exported = xiaodian_.bearer("GET", "/api/v1/resources/export?kind=shelter");
  EXPECT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("小店公园"), std::string::npos);
  EXPECT_EQ(exported.body.find("迎泽公园"), std::string::npos);
  auto import = http_request(app_->port(), "POST", "/api/v1/resources/import?kind=shelter",
                             R"({"rows":[{"id":")" + theirs + R"(","name":"改名"}]})",
                             {{"Authorization", "Bearer " + xiaodian_.token},
                              {"Content-Type", "application/json"}});
  EXPECT_FALSE(json(import).at("applied").as_bool());
  EXPECT_EQ(json(yingze_.bearer("GET", "/api/v1/resources/" + theirs)).at("name").as_string(), "迎泽公园");

  // The province sees both.
  EXPECT_EQ(json(province_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(), 2);
}

TEST_P(ResourcesApi, ImportIsAllOrNothingAndNamesTheBadRow) {
  std::string csv =
      "名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n"
      "小店一号,公园(绿地)类,140105,112.57,37.72,3000,8000\n"
      "小店二号,park,140105,112.58,37.73,3000,8000\n"
      "小店三号,park,140105,112.59,37.74,很多,8000\n"
      "小店四号,park,140105,112.60,37.70,3000,8000\n";
  auto post = [&](const std::string& query) {
    return http_request(app_->port(), "POST", "/api/v1/resources/import?kind=shelter" + query, csv,
                        {{"Authorization", "Bearer " + xiaodian_.token}, {"Content-Type", "text/csv"}});
  };
  auto report = json(post(""));
  EXPECT_FALSE(report.at("applied").as_bool());
  ASSERT_EQ(report.at("rejected").as_array().size(), 1u);
  EXPECT_EQ(report.at("rejected").at(0).at("row").as_int64(), 4);
  EXPECT_EQ(report.at("rejected").at(0).at("field").as_string(), "capacity");
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(), 0);

  auto partial = json(post("&partial=true"));
  EXPECT_TRUE(partial.at("applied").as_bool());
  EXPECT_EQ(partial.at("created").as_int64(), 3);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(), 3);
}

TEST_P(ResourcesApi, ASecondImportOfTheSameRowsFindsThemAlreadyThereAndSkipsThem) {
  std::string csv =
      "名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n"
      "小店一号,公园(绿地)类,140105,112.57,37.72,3000,8000\n"
      "小店二号,park,140105,112.58,37.73,3000,8000\n"
      "小店三号,park,140105,112.59,37.74,3000,8000\n";
  auto post = [&](const std::string& body, bool dry_run) {
    return json(http_request(
        app_->port(), "POST",
        std::string("/api/v1/resources/import?kind=shelter&dry_run=") +
            (dry_run ? "true" : "false"),
        body, {{"Authorization", "Bearer " + xiaodian_.token}, {"Content-Type", "text/csv"}}));
  };
  auto first = post(csv, true);
  EXPECT_EQ(first.at("created").as_int64(), 3);
  EXPECT_EQ(first.at("existing").as_int64(), 0);
  ASSERT_TRUE(post(csv, false).at("applied").as_bool());

  auto again = post(csv, true);
  EXPECT_EQ(again.at("created").as_int64(), 0);
  EXPECT_EQ(again.at("existing").as_int64(), 3);
  ASSERT_EQ(again.at("existing_rows").as_array().size(), 3u);
  EXPECT_EQ(again.at("existing_rows").at(1).at("row").as_int64(), 3) << "the CSV line";
  std::string second_id(again.at("existing_rows").at(1).at("id").as_string());
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources/" + second_id)).at("name").as_string(),
            "小店二号");

  // The real import skips them: nothing is created, the stored records stay as they were.
  std::string changed = csv;
  changed.replace(changed.find("112.58,37.73,3000"), 17, "112.58,37.73,4000");
  auto applied = post(changed, false);
  EXPECT_TRUE(applied.at("applied").as_bool());
  EXPECT_EQ(applied.at("created").as_int64(), 0);
  EXPECT_EQ(applied.at("existing").as_int64(), 3);
  EXPECT_EQ(
      json(xiaodian_.bearer("GET", "/api/v1/resources/" + second_id)).at("capacity").as_int64(),
      3000);
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(),
            3);

  // Same name a few metres away is the same place; 1 km away, or another name, is another one.
  auto near_far = post(
      "名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n"
      "小店一号,park,140105,112.5701,37.7201,3000,8000\n"
      "小店一号,park,140105,112.58,37.72,3000,8000\n"
      "小店四号,park,140105,112.57,37.72,3000,8000\n",
      true);
  EXPECT_EQ(near_far.at("existing").as_int64(), 1) << boost::json::serialize(near_far);
  EXPECT_EQ(near_far.at("created").as_int64(), 2);
  // Within one file the second copy of a new row is already there once the first is in.
  auto twice = post(
      "名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n"
      "小店五号,park,140105,112.60,37.70,3000,8000\n"
      "小店五号,park,140105,112.60,37.70,3000,8000\n",
      true);
  EXPECT_EQ(twice.at("created").as_int64(), 1);
  EXPECT_EQ(twice.at("existing").as_int64(), 1);
}

TEST_P(ResourcesApi, ImportOfMoreRowsThanTheLimitIs400AndImportsNothing) {
  std::string csv = "名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n";
  std::string rows;
  for (int i = 0; i <= 50000; ++i) {
    csv += "小店" + std::to_string(i) + "号,park,140105,112.57,37.72,3000,8000\n";
    rows += (i ? "," : "") + std::string(R"({"name":"小店)") + std::to_string(i) + R"(号"})";
  }
  for (const auto& [type, body] : {std::pair<std::string, std::string>{"text/csv", csv},
                                   {"application/json", R"({"rows":[)" + rows + "]}"}}) {
    auto r = http_request(app_->port(), "POST", "/api/v1/resources/import?kind=shelter", body,
                          {{"Authorization", "Bearer " + xiaodian_.token}, {"Content-Type", type}});
    ASSERT_EQ(r.status, 400) << type << ": " << r.body.substr(0, 300);
    EXPECT_NE(std::string(json(r).at("error").at("message").as_string()).find("50000"),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(),
            0);
}

TEST_P(ResourcesApi, ChildrenAndParents) {
  auto team = xiaodian_.bearer("POST", "/api/v1/resources",
                               R"({"kind":"team","category":"social","name":"小店蓝天救援队","region":"140105","lon":112.57,"lat":37.72,"size":40})");
  ASSERT_EQ(team.status, 201) << team.body;
  std::string team_id(json(team).at("id").as_string());
  auto orphan = xiaodian_.bearer("POST", "/api/v1/resources",
                                 R"({"kind":"equipment","category":"water","name":"冲锋舟","region":"140105","quantity":2})");
  EXPECT_EQ(json(orphan).at("error").at("field").as_string(), "parent_id");
  auto boat = xiaodian_.bearer("POST", "/api/v1/resources",
                               R"({"kind":"equipment","category":"water","name":"冲锋舟","region":"140105","quantity":2,"parent_id":")" + team_id + R"("})");
  ASSERT_EQ(boat.status, 201) << boat.body;
  EXPECT_EQ(xiaodian_.bearer("DELETE", "/api/v1/resources/" + team_id).status, 409)
      << "a team with equipment cannot vanish";
  auto items = json(xiaodian_.bearer("GET", "/api/v1/resources?parent=" + team_id));
  EXPECT_EQ(items.at("total").as_int64(), 1);
}

TEST_P(ResourcesApi, VerifyingWithoutEditingResetsStaleness) {
  std::string id = create(xiaodian_, shelter("小店避难所", "140105", 112.57, 37.72));
  clock_->advance_s(200LL * 24 * 3600);
  Session again = sign_in(*app_, "13800000002", clock_.get());
  auto stale = json(again.bearer("GET", "/api/v1/resources?kind=shelter&stale=true"));
  EXPECT_EQ(stale.at("total").as_int64(), 1);
  auto verified = again.bearer("POST", "/api/v1/resources/" + id + "/verify");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(json(verified).at("version").as_int64(), 1) << "verifying is not an edit";
  EXPECT_EQ(json(again.bearer("GET", "/api/v1/resources?kind=shelter&stale=true")).at("total").as_int64(), 0);
}

TEST_P(ResourcesApi, OwnersOfStaleRecordsAreRemindedBySms) {
  std::string id = create(xiaodian_, shelter("小店避难所", "140105", 112.57, 37.72));
  auto record = json(xiaodian_.bearer("GET", "/api/v1/resources/" + id));
  std::string owner(record.at("owner_org_id").as_string());
  auto admin = province_.bearer("POST", "/api/v1/org-admins",
                                R"({"org_id":")" + owner + R"(","name":"小店管理员","phone":"13900001111"})");
  ASSERT_EQ(admin.status, 201) << admin.body;
  auto fresh = json(province_.bearer("POST", "/api/v1/resources/reminders"));
  EXPECT_EQ(fresh.at("owners").as_int64(), 0) << "nothing is stale yet";
  clock_->advance_s(200LL * 24 * 3600);
  Session again = sign_in(*app_, "13800000001", clock_.get());
  auto report = json(again.bearer("POST", "/api/v1/resources/reminders"));
  EXPECT_EQ(report.at("owners").as_int64(), 1);
  EXPECT_EQ(report.at("messages_sent").as_int64(), 1);
  std::ifstream outbox(app_->outbox_path());
  std::string line, last;
  while (std::getline(outbox, line)) {
    if (line.find("13900001111") != std::string::npos) last = line;
  }
  EXPECT_NE(last.find("超过核验周期"), std::string::npos) << last;
}

TEST_P(ResourcesApi, AnOwnerIsRemindedOnceADayHoweverOftenAnyoneAsks) {
  std::string id = create(xiaodian_, shelter("小店避难所", "140105", 112.57, 37.72));
  std::string owner(json(xiaodian_.bearer("GET", "/api/v1/resources/" + id))
                        .at("owner_org_id").as_string());
  ASSERT_EQ(province_.bearer("POST", "/api/v1/org-admins",
                             R"({"org_id":")" + owner +
                                 R"(","name":"小店管理员","phone":"13900001111"})")
                .status,
            201);
  clock_->advance_s(200LL * 24 * 3600);
  auto texts_to_admin = [&] {
    std::ifstream outbox(app_->outbox_path());
    int n = 0;
    for (std::string line; std::getline(outbox, line);) {
      if (line.find("13900001111") != std::string::npos) ++n;
    }
    return n;
  };
  Session province = sign_in(*app_, "13800000001", clock_.get());
  EXPECT_EQ(json(province.bearer("POST", "/api/v1/resources/reminders"))
                .at("messages_sent").as_int64(), 1);
  auto again = json(province.bearer("POST", "/api/v1/resources/reminders"));
  EXPECT_EQ(again.at("messages_sent").as_int64(), 0);
  ASSERT_EQ(again.at("recently_reminded").as_array().size(), 1u) << again;
  EXPECT_EQ(texts_to_admin(), 1);
  clock_->advance_s(25 * 3600);
  Session later = sign_in(*app_, "13800000001", clock_.get());
  EXPECT_EQ(json(later.bearer("POST", "/api/v1/resources/reminders"))
                .at("messages_sent").as_int64(), 1);
  EXPECT_EQ(texts_to_admin(), 2);
}

TEST_P(ResourcesApi, KindsCountsTemplateAndRanking) {
  create(xiaodian_, shelter("甲", "140105", 112.57, 37.72));
  auto kinds = json(xiaodian_.bearer("GET", "/api/v1/resource-kinds"));
  EXPECT_GE(kinds.at("items").as_array().size(), 15u);
  auto counts = json(xiaodian_.bearer("GET", "/api/v1/resources/counts"));
  EXPECT_EQ(counts.at("items").at(0).at("count").as_int64(), 1);
  auto csv = xiaodian_.bearer("GET", "/api/v1/resources/template?kind=team");
  EXPECT_NE(csv.body.find("队伍人数(人)"), std::string::npos);
  auto xlsx = xiaodian_.bearer("GET", "/api/v1/resources/template?kind=team&format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK") << "an XLSX file is a zip";
  // Zip entry names are stored as they are: the help, example and value-list sheets and the
  // header comments are there.
  EXPECT_NE(xlsx.body.find("xl/worksheets/sheet4.xml"), std::string::npos);
  EXPECT_NE(xlsx.body.find("xl/comments1.xml"), std::string::npos);
  auto huge = province_.bearer("GET", "/api/v1/resources/clusters?bbox=110,34,115,41&zoom=16");
  EXPECT_EQ(huge.status, 400) << "a province at street zoom is not a map view";
  EXPECT_EQ(json(huge).at("error").at("field").as_string(), "bbox");
  auto ranking = json(province_.bearer("GET", "/api/v1/resources/quality/ranking"));
  EXPECT_EQ(ranking.at("items").at(0).at("region").as_string(), "140105");
}

TEST_P(ResourcesApi, AnOwnerIsAnOrganisationInTheJurisdiction) {
  auto org_of = [](const Session& s) {
    return std::string(json(s.bearer("GET", "/api/v1/me")).at("org").at("id").as_string());
  };
  std::string county = org_of(xiaodian_);
  std::string province = org_of(province_);
  auto with_owner = [](std::string body, const std::string& owner) {
    body.pop_back();
    return body + R"(,"owner_org_id":")" + owner + R"("})";
  };
  for (const std::string& owner : {province, std::string("999999")}) {
    auto refused = xiaodian_.bearer(
        "POST", "/api/v1/resources", with_owner(shelter("某避难所", "140105", 112.57, 37.72), owner));
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(json(refused).at("error").at("field").as_string(), "owner_org_id") << refused.body;
  }
  EXPECT_EQ(json(xiaodian_.bearer("GET", "/api/v1/resources?kind=shelter")).at("total").as_int64(), 0);
  auto owned = xiaodian_.bearer(
      "POST", "/api/v1/resources", with_owner(shelter("某避难所", "140105", 112.57, 37.72), county));
  ASSERT_EQ(owned.status, 201) << owned.body;
  EXPECT_EQ(std::string(json(owned).at("owner_org_id").as_string()), county);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourcesApi,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

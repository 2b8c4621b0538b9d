// Organisations, users and the administrator registry through HTTP: jurisdiction, versions,
// validation, what an organisation administrator may grant.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <string>

#include "app/services.h"
#include "identity/access.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }

class DirectoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    add_user(*app_, "13800000001", "省管理员", "140000", {"system_admin"});
    add_user(*app_, "13800000002", "太原单位管理员", "140100", {"org_admin"});
    province_ = sign_in(*app_, "13800000001", clock_.get());
    taiyuan_ = sign_in(*app_, "13800000002", clock_.get());
  }
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session province_, taiyuan_;
};

TEST_P(DirectoryTest, MigrateCreatedEveryBureau) {
  auto r = province_.bearer("GET", "/api/v1/organisations?type=emergency_bureau&limit=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json(r).at("total").as_int64(), 1 + 11 + 117) << "province, cities and counties";
  auto regions = province_.bearer("GET", "/api/v1/regions");
  EXPECT_EQ(json(regions).at("items").as_array().size(), 133u);
}

// 2018: 城区, 矿区 and 南郊区 of Datong became 平城区 and 云冈区, 古店镇 went to 新荣区
// (data/regions/14/SOURCE.md). Population density is computed from these areas.
TEST_P(DirectoryTest, DatongDistrictsHaveTheirAreasAfterThe2018Rezoning) {
  auto regions = json(province_.bearer("GET", "/api/v1/regions"));
  std::map<std::string, double> area;
  std::map<std::string, double> sum_of_children;
  for (const auto& r : regions.at("items").as_array()) {
    if (r.at("area_km2").is_null()) continue;  // functional zones
    std::string code(r.at("code").as_string());
    area[code] = r.at("area_km2").to_number<double>();
    if (r.at("parent").is_string())
      sum_of_children[std::string(r.at("parent").as_string())] += area[code];
  }
  EXPECT_DOUBLE_EQ(area["140213"], 238.95) << "平城区: the former 城区 was 43 km²";
  EXPECT_DOUBLE_EQ(area["140214"], 737.81) << "云冈区: without 古店镇 and the 平城区 townships";
  EXPECT_DOUBLE_EQ(area["140212"], 1102.3) << "新荣区 with 古店镇";
  EXPECT_NEAR(sum_of_children["140200"], area["140200"], 0.01) << "大同市 is its counties";
  EXPECT_NEAR(sum_of_children["140000"], area["140000"], 0.01) << "the province is its cities";
}

TEST_P(DirectoryTest, ListsStayInsideTheJurisdiction) {
  auto mine = taiyuan_.bearer("GET", "/api/v1/organisations?limit=1000");
  ASSERT_EQ(mine.status, 200);
  auto orgs = json(mine);
  for (const auto& o : orgs.at("items").as_array()) {
    EXPECT_TRUE(o.at("region").as_string().starts_with("1401")) << o;
  }
  EXPECT_EQ(taiyuan_.bearer("GET", "/api/v1/organisations?region=140200").status, 403);
  EXPECT_EQ(taiyuan_.bearer("GET", "/api/v1/organisations?region=140105").status, 200);
  EXPECT_EQ(taiyuan_.bearer("GET", "/api/v1/organisations?region=1401").status, 400);
}

TEST_P(DirectoryTest, RecordsOutsideTheJurisdictionAreNotFound) {
  auto datong = province_.bearer("POST", "/api/v1/organisations",
                                 R"({"name":"大同市红十字会","region":"140200","type":"member_unit"})");
  ASSERT_EQ(datong.status, 201);
  std::string id(json(datong).at("id").as_string());
  EXPECT_EQ(taiyuan_.bearer("GET", "/api/v1/organisations/" + id).status, 404);
  EXPECT_EQ(taiyuan_.bearer("PATCH", "/api/v1/organisations/" + id, R"({"name":"x","version":1})").status,
            404);
  EXPECT_EQ(taiyuan_.bearer("POST", "/api/v1/organisations",
                            R"({"name":"越权","region":"140200","type":"member_unit"})")
                .status,
            403);
}

TEST_P(DirectoryTest, AUnitWithoutParentSitsUnderItsBureau) {
  auto created = taiyuan_.bearer("POST", "/api/v1/organisations",
                                 R"({"name":"小店区蓝天救援队","region":"140105","type":"rescue_team","duty_phone":"0351-7654321"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto bureaus = taiyuan_.bearer("GET", "/api/v1/organisations?region=140105&type=emergency_bureau");
  EXPECT_EQ(json(created).at("parent_id"), json(bureaus).at("items").at(0).at("id"));
}

TEST_P(DirectoryTest, StaleVersionIsAConflictAndChangesNothing) {
  auto created = taiyuan_.bearer("POST", "/api/v1/organisations",
                                 R"({"name":"太原市煤矿救护队","region":"140100","type":"rescue_team"})");
  std::string id(json(created).at("id").as_string());
  auto first = taiyuan_.bearer("PATCH", "/api/v1/organisations/" + id,
                               R"({"duty_phone":"0351-1111111","version":1})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json(first).at("version").as_int64(), 2);
  auto stale = taiyuan_.bearer("PATCH", "/api/v1/organisations/" + id,
                               R"({"duty_phone":"0351-2222222","version":1})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(json(stale).at("error").at("field").as_string(), "version");
  auto now = taiyuan_.bearer("GET", "/api/v1/organisations/" + id);
  EXPECT_EQ(json(now).at("duty_phone").as_string(), "0351-1111111");
}

TEST_P(DirectoryTest, UsersAreValidatedNamingTheField) {
  std::string bureau = std::string(json(taiyuan_.bearer("GET", "/api/v1/organisations?region=140100&type=emergency_bureau"))
                                       .at("items").at(0).at("id").as_string());
  auto bad_phone = taiyuan_.bearer("POST", "/api/v1/users",
                                   R"({"name":"李四","phone":"0351123","org_id":")" + bureau +
                                       R"(","roles":["duty_officer"]})");
  EXPECT_EQ(bad_phone.status, 400);
  EXPECT_EQ(json(bad_phone).at("error").at("field").as_string(), "phone");
  auto bad_role = taiyuan_.bearer("POST", "/api/v1/users",
                                  R"({"name":"李四","phone":"13700000001","org_id":")" + bureau +
                                      R"(","roles":["king"]})");
  EXPECT_EQ(json(bad_role).at("error").at("field").as_string(), "roles");
  auto ok = taiyuan_.bearer("POST", "/api/v1/users",
                            R"({"name":"李四","phone":"13700000001","org_id":")" + bureau +
                                R"(","roles":["duty_officer","duty_leader"]})");
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto duplicate = taiyuan_.bearer("POST", "/api/v1/users",
                                   R"({"name":"王五","phone":"13700000001","org_id":")" + bureau +
                                       R"(","roles":[]})");
  EXPECT_EQ(duplicate.status, 409);
}

TEST_P(DirectoryTest, AnOrgAdminCannotGrantWhatTheyLack) {
  std::string bureau = std::string(json(taiyuan_.bearer("GET", "/api/v1/organisations?region=140100&type=emergency_bureau"))
                                       .at("items").at(0).at("id").as_string());
  auto r = taiyuan_.bearer("POST", "/api/v1/users",
                           R"({"name":"赵六","phone":"13700000002","org_id":")" + bureau +
                               R"(","roles":["system_admin"]})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json(r).at("error").at("field").as_string(), "roles");
}

TEST_P(DirectoryTest, EveryChangeIsAudited) {
  auto created = taiyuan_.bearer("POST", "/api/v1/organisations",
                                 R"({"name":"太原市地震局","region":"140100","type":"member_unit"})");
  std::string id(json(created).at("id").as_string());
  auto audit = province_.bearer("GET", "/api/v1/audit?entity_type=organisation&entity_id=" + id);
  ASSERT_EQ(audit.status, 200);
  auto items = json(audit).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("action").as_string(), "organisation.create");
  EXPECT_EQ(items[0].at("actor").at("name").as_string(), "太原单位管理员");
  EXPECT_EQ(items[0].at("after").at("name").as_string(), "太原市地震局");
}

TEST_P(DirectoryTest, AdministratorRegistryShowsRegionsWithout) {
  std::string bureau = std::string(json(taiyuan_.bearer("GET", "/api/v1/organisations?region=140105&type=emergency_bureau"))
                                       .at("items").at(0).at("id").as_string());
  auto added = taiyuan_.bearer("POST", "/api/v1/org-admins",
                               R"({"org_id":")" + bureau + R"(","name":"周工","phone":"13700000003","duties":"系统运维"})");
  ASSERT_EQ(added.status, 201) << added.body;
  auto coverage = taiyuan_.bearer("GET", "/api/v1/org-admins/coverage");
  ASSERT_EQ(coverage.status, 200);
  int with = 0, without = 0;
  auto regions = json(coverage);
  for (const auto& c : regions.at("items").as_array()) {
    EXPECT_TRUE(c.at("region").as_string().starts_with("1401"));
    (c.at("admins").as_int64() > 0 ? with : without)++;
  }
  EXPECT_EQ(with, 1);
  EXPECT_GT(without, 5);
  auto list = taiyuan_.bearer("GET", "/api/v1/org-admins?region=140105");
  EXPECT_EQ(json(list).at("items").as_array().size(), 1u);
}

TEST_P(DirectoryTest, AnOrgAdminCannotChangeASystemAdminOfTheirCounty) {
  std::string admin = add_user(*app_, "13800000005", "太原系统管理员", "140100", {"system_admin"});
  std::string officer = add_user(*app_, "13800000006", "太原值班员", "140100", {"duty_officer"});
  std::string other_org(
      json(taiyuan_.bearer("GET", "/api/v1/organisations?region=140105&type=emergency_bureau"))
          .at("items")
          .at(0)
          .at("id")
          .as_string());
  for (const std::string& change : std::vector<std::string>{
           R"("phone":"13800000099")", R"("name":"冒名")", R"("status":"disabled")",
           R"("org_id":")" + other_org + R"(")", R"("roles":["viewer"])"}) {
    auto r = taiyuan_.bearer("PATCH", "/api/v1/users/" + admin, "{" + change + R"(,"version":1})");
    EXPECT_EQ(r.status, 403) << change << " " << r.body;
  }
  auto after = json(province_.bearer("GET", "/api/v1/users/" + admin));
  EXPECT_EQ(after.at("phone").as_string(), "13800000005");
  EXPECT_EQ(after.at("name").as_string(), "太原系统管理员");
  EXPECT_EQ(after.at("status").as_string(), "active");
  EXPECT_EQ(after.at("region").as_string(), "140100");
  EXPECT_EQ(after.at("version").as_int64(), 1) << "nothing changed";
  // A user whose roles the org admin could grant stays theirs to change.
  auto ok = taiyuan_.bearer("PATCH", "/api/v1/users/" + officer,
                            R"({"phone":"13800000098","version":1})");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(DirectoryTest, ANewPhoneEndsSessionsAndTokensAndIsAuditedWithBothNumbers) {
  std::string target = add_user(*app_, "13800000007", "省值班主任", "140000", {"system_admin"});
  Session session = sign_in(*app_, "13800000007", clock_.get());
  auto token = session.bearer("POST", "/api/v1/api-tokens",
                              R"({"name":"资源接入","scopes":["resources.read"]})");
  ASSERT_EQ(token.status, 201) << token.body;
  Session machine{app_->port(), std::string(json(token).at("token").as_string()), "", ""};
  ASSERT_EQ(machine.bearer("GET", "/api/v1/resources?limit=1").status, 200);

  std::mutex mutex;
  std::vector<identity::AccessEnded> ended;
  auto& bus = *app_->app().services().bus;
  auto subscription = bus.subscribe([&](const realtime::Event& e) {
    if (auto a = identity::access_ended_of(e)) {
      std::lock_guard lock(mutex);
      ended.push_back(*a);
    }
  });
  auto r = province_.bearer("PATCH", "/api/v1/users/" + target,
                            R"({"phone":"13800000008","version":1})");
  bus.unsubscribe(subscription);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(session.bearer("GET", "/api/v1/me").status, 401) << "the session ended";
  EXPECT_EQ(machine.bearer("GET", "/api/v1/resources?limit=1").status, 401) << "the token ended";
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(ended.size(), 1u) << "one event";
    EXPECT_EQ(std::to_string(ended[0].user_id), target);
    EXPECT_EQ(ended[0].reason, "phone_changed");
  }
  auto audit = json(province_.bearer("GET", "/api/v1/audit?entity_type=user&entity_id=" + target));
  bool found = false;
  for (const auto& item : audit.at("items").as_array()) {
    if (item.at("action").as_string() != "user.phone_change") continue;
    found = true;
    EXPECT_EQ(item.at("before").at("phone").as_string(), "13800000007");
    EXPECT_EQ(item.at("after").at("phone").as_string(), "13800000008");
  }
  EXPECT_TRUE(found) << audit;
}

TEST_P(DirectoryTest, ANewParentMustExistInTheJurisdictionAndMakeNoCycle) {
  auto a =
      taiyuan_.bearer("POST", "/api/v1/organisations",
                      R"({"name":"太原市应急救援支队","region":"140100","type":"rescue_team"})");
  ASSERT_EQ(a.status, 201) << a.body;
  std::string a_id(json(a).at("id").as_string());
  auto b = taiyuan_.bearer(
      "POST", "/api/v1/organisations",
      R"({"name":"一大队","region":"140100","type":"rescue_team","parent_id":")" + a_id + R"("})");
  ASSERT_EQ(b.status, 201) << b.body;
  std::string b_id(json(b).at("id").as_string());
  auto datong =
      province_.bearer("POST", "/api/v1/organisations",
                       R"({"name":"大同市蓝天救援队","region":"140200","type":"rescue_team"})");
  std::string datong_id(json(datong).at("id").as_string());
  auto move_a = [&](const std::string& parent) {
    return taiyuan_.bearer("PATCH", "/api/v1/organisations/" + a_id,
                           R"({"parent_id":)" + parent + R"(,"version":1})");
  };
  for (const std::string& parent : {"\"" + a_id + "\"", "\"" + b_id + "\"",
                                    std::string("\"99999999\""), "\"" + datong_id + "\""}) {
    auto r = move_a(parent);
    EXPECT_EQ(r.status, 400) << parent << " " << r.body;
    if (r.status == 400) EXPECT_EQ(json(r).at("error").at("field").as_string(), "parent_id");
  }
  auto bureau =
      json(taiyuan_.bearer("GET", "/api/v1/organisations?region=140100&type=emergency_bureau"))
          .at("items")
          .at(0);
  std::string bureau_id(bureau.at("id").as_string());
  auto away = taiyuan_.bearer(
      "PATCH", "/api/v1/organisations/" + bureau_id,
      R"({"parent_id":null,"version":)" + std::to_string(bureau.at("version").as_int64()) + "}");
  EXPECT_EQ(away.status, 403) << "its parent, the province's bureau, is not Taiyuan's to change";
  auto moved = taiyuan_.bearer("PATCH", "/api/v1/organisations/" + b_id,
                               R"({"parent_id":")" + bureau_id + R"(","version":1})");
  EXPECT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json(taiyuan_.bearer("GET", "/api/v1/organisations/" + a_id)).at("version").as_int64(),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DirectoryTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

// The situation around an incident or a point through HTTP, on SQLite and PostgreSQL:
// distances and rings of the nearest records are the geodesic ones; teams carry a
// straight-line ETA and their equipment, depots only the stock the incident type needs,
// experts only the matching specialties; a team of the neighbouring city is listed, read-only,
// without its id; population and shelter capacity per ring; warnings, incidents and duty
// rooms; jurisdiction and bad input; the earthquake zones and what lies in them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/time.h"
#include "resources/spatial.h"
#include "support/json.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

constexpr double kLon = 112.56, kLat = 37.713;  // in 小店区

const boost::json::object& kind_of(const boost::json::value& situation, const char* kind) {
  for (const auto& k : situation.at("kinds").as_array()) {
    if (k.at("kind").as_string() == kind) return k.as_object();
  }
  static const boost::json::object none;
  ADD_FAILURE() << "no kind " << kind;
  return none;
}

class Situation : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(
        GetParam(), [](Config& c) { c.session.idle_timeout_min = 24 * 60; }, clock_);
    add_user(*app_, "13500000041", "省管理员", "140000", {"system_admin"});
    add_user(*app_, "13500000042", "小店值班员", "140105", {"duty_officer"});
    add_user(*app_, "13500000043", "迎泽值班员", "140106", {"duty_officer"});
    admin_ = sign_in(*app_, "13500000041", clock_.get());
    xiaodian_ = sign_in(*app_, "13500000042", clock_.get());
    yingze_ = sign_in(*app_, "13500000043", clock_.get());

    near_team_ = create(
        R"("kind":"team","category":"national_fire","name":"小店消防救援站","size":40,"duty_phone":"0351-1111111")",
        "140105", 112.575, 37.72);
    create(R"("kind":"equipment","category":"hazmat","name":"防化服","quantity":30,"parent_id":")" +
               near_team_ + "\"",
           "140105", std::nullopt, std::nullopt);
    create(
        R"("kind":"equipment","category":"lighting","name":"照明灯","quantity":5,"parent_id":")" +
            near_team_ + "\"",
        "140105", std::nullopt, std::nullopt);
    create(R"("kind":"team","category":"social","name":"小店志愿救援队","size":12)", "140105",
           112.54, 37.69);
    // Across the county line, in 晋中's 榆次区: another city's team.
    create(
        R"("kind":"team","category":"city_regional","name":"榆次危化救援队","size":25,"contact_phone":"0354-2222222")",
        "140702", 112.80, 37.66);
    depot_ = create(R"("kind":"depot","category":"county","name":"小店区物资库")", "140105", 112.55,
                    37.705);
    create(
        R"("kind":"stock_line","category":"medicine","name":"药品","item":"解毒剂","quantity":200,"unit":"盒","parent_id":")" +
            depot_ + "\"",
        "140105", std::nullopt, std::nullopt);
    create(
        R"("kind":"stock_line","category":"tent","name":"帐篷","item":"救灾帐篷","quantity":50,"unit":"顶","parent_id":")" +
            depot_ + "\"",
        "140105", std::nullopt, std::nullopt);
    create(R"("kind":"expert","category":"chemical","name":"危化专家甲","phone":"13900000001")",
           "140105", 112.565, 37.715);
    create(R"("kind":"expert","category":"law","name":"法律专家乙","phone":"13900000002")",
           "140105", 112.561, 37.714);
    create(
        R"("kind":"shelter","category":"park","name":"小店公园避难场所","capacity":3000,"area_m2":20000)",
        "140105", 112.565, 37.72);
    create(R"("kind":"protection_target","category":"school","name":"小店某中学","people":1200)",
           "140105", 112.57, 37.716);
  }

  // Creates a record as the province admin; answers its id.
  std::string create(const std::string& fields, const std::string& region,
                     std::optional<double> lon, std::optional<double> lat) {
    std::string body = "{" + fields + R"(,"region":")" + region + "\"";
    if (lon) body += R"(,"lon":)" + std::to_string(*lon) + R"(,"lat":)" + std::to_string(*lat);
    auto r = admin_.bearer("POST", "/api/v1/resources", body + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(json(r).at("id")) : "";
  }

  std::string point(double lon, double lat, const std::string& extra = "") {
    return "/api/v1/analysis/situation?lon=" + std::to_string(lon) + "&lat=" + std::to_string(lat) +
           extra;
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session admin_, xiaodian_, yingze_;
  std::string near_team_, depot_;
};

TEST_P(Situation, NearestRecordsCarryTheirGeodesicDistanceRingAndEta) {
  auto r = xiaodian_.bearer("GET", point(kLon, kLat, "&type=A02"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(str(s.at("point").at("region")), "140105");
  EXPECT_EQ(s.at("eta_method").as_string(), "straight_line");
  const auto& teams = kind_of(s, "team");
  // Rings are cumulative: both 小店 teams lie within 5 km, the 晋中 team is not counted as ours.
  auto within = teams.at("within").as_array();
  ASSERT_EQ(within.size(), 4u);
  EXPECT_EQ(within[3].as_int64(), 2);
  auto nearest = teams.at("nearest").as_array();
  ASSERT_EQ(nearest.size(), 2u);
  const auto& first = nearest[0].as_object();
  EXPECT_EQ(str(first.at("id")), near_team_);
  double d = resources::geodesic_m(kLon, kLat, 112.575, 37.72);
  EXPECT_NEAR(first.at("distance_m").to_number<double>(), d, 1.0);
  EXPECT_EQ(first.at("ring_m").to_number<double>(), 5000);
  // national_fire drives at 60 km/h by default: a minute per kilometre.
  EXPECT_NEAR(first.at("eta_min").to_number<double>(), std::round(d / 1000), 1.0);
  EXPECT_EQ(first.at("size").as_int64(), 40);
  // Only the equipment a hazardous-chemicals incident needs.
  auto gear = first.at("equipment").as_array();
  ASSERT_EQ(gear.size(), 1u) << first;
  EXPECT_EQ(gear[0].at("category").as_string(), "hazmat");
  EXPECT_EQ(gear[0].at("quantity").to_number<double>(), 30);

  const auto& depot = kind_of(s, "depot").at("nearest").at(0).as_object();
  auto stock = depot.at("stock").as_array();
  ASSERT_EQ(stock.size(), 1u) << depot;
  EXPECT_EQ(stock[0].at("item").as_string(), "解毒剂");

  auto experts = kind_of(s, "expert").at("nearest").as_array();
  ASSERT_EQ(experts.size(), 1u) << "the law expert is nearer but does not match";
  EXPECT_EQ(experts[0].at("name").as_string(), "危化专家甲");
}

TEST_P(Situation, TeamsOfANeighbouringCityAreListedReadOnly) {
  auto s = json(xiaodian_.bearer("GET", point(kLon, kLat)));
  const auto& teams = kind_of(s, "team");
  auto neighbours = teams.at("neighbours").as_array();
  ASSERT_EQ(neighbours.size(), 1u) << teams;
  const auto& other = neighbours[0].as_object();
  EXPECT_EQ(other.at("name").as_string(), "榆次危化救援队");
  EXPECT_TRUE(other.at("other_region").as_bool());
  EXPECT_FALSE(other.contains("id")) << "its record stays under its own jurisdiction";
  EXPECT_FALSE(other.contains("size"));
  EXPECT_EQ(other.at("contact_phone").as_string(), "0354-2222222");
  EXPECT_EQ(other.at("region").as_string(), "140702");
  EXPECT_EQ(other.at("region_name").as_string(), "榆次区");
  EXPECT_NEAR(other.at("distance_m").to_number<double>(),
              resources::geodesic_m(kLon, kLat, 112.80, 37.66), 1.0);
  EXPECT_EQ(teams.at("other_within").as_array().back().as_int64(), 1);
}

TEST_P(Situation, PopulationAndShelterCapacityPerRing) {
  auto s = json(xiaodian_.bearer("GET", point(kLon, kLat, "&rings=1500,30000")));
  auto rings = s.at("rings").as_array();
  ASSERT_EQ(rings.size(), 2u);
  EXPECT_EQ(rings[0].at("radius_m").to_number<double>(), 1500);
  // 1.5 km inside 小店区 (its edge is 2 km away): its census density times the ring's area.
  double density = 1357242 / 289.2;
  auto people = rings[0].at("population").at("people").to_number<double>();
  auto counties = rings[0].at("population").at("counties").as_array();
  ASSERT_EQ(counties.size(), 1u) << rings[0];
  EXPECT_EQ(counties[0].at("code").as_string(), "140105");
  EXPECT_NEAR(people, density * M_PI * 2.25, density * M_PI * 2.25 * 0.005);
  EXPECT_EQ(rings[0].at("shelter_capacity").as_int64(), 3000);
  EXPECT_GT(rings[1].at("population").at("counties").as_array().size(), 1u);
  EXPECT_GT(rings[1].at("population").at("people").to_number<double>(), people);
}

TEST_P(Situation, AnIncidentsSituationListsItsSurroundingsAndTheDutyRooms) {
  auto made = xiaodian_.bearer(
      "POST", "/api/v1/incidents",
      R"({"title":"小店区某化工厂泄漏","type":"A02","occurred_at":")" +
          format_rfc3339(clock_->now_ms() - 600000) +
          R"(","region":"140105","lon":112.56,"lat":37.713,"description":"储罐泄漏"})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = str(json(made).at("id"));
  auto r = xiaodian_.bearer("GET", "/api/v1/incidents/" + id + "/situation");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(str(s.at("incident_id")), id);
  EXPECT_EQ(s.at("type").as_string(), "A02");
  EXPECT_TRUE(s.at("incidents").as_array().empty()) << "the incident itself is not 'related'";
  bool county_bureau = false;
  for (const auto& room : s.at("on_duty").as_array()) {
    county_bureau = county_bureau || room.at("region").as_string() == "140105";
  }
  EXPECT_TRUE(county_bureau) << s.at("on_duty");
  // Another county may not see it.
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/incidents/" + id + "/situation").status, 404);
  // A second incident of the same type nearby is related to the first.
  auto second = xiaodian_.bearer(
      "POST", "/api/v1/incidents",
      R"({"title":"小店区另一化工厂泄漏","type":"A02","occurred_at":")" +
          format_rfc3339(clock_->now_ms() - 60000) +
          R"(","region":"140105","lon":112.58,"lat":37.72,"description":"管道泄漏"})");
  ASSERT_EQ(second.status, 201) << second.body;
  auto again = json(xiaodian_.bearer("GET", "/api/v1/incidents/" + id + "/situation"));
  ASSERT_EQ(again.at("incidents").as_array().size(), 1u);
  EXPECT_EQ(again.at("incidents").at(0).at("title").as_string(), "小店区另一化工厂泄漏");
}

TEST_P(Situation, APointOutsideTheJurisdictionOrBadInputIsRefused) {
  EXPECT_EQ(yingze_.bearer("GET", point(kLon, kLat)).status, 403);
  EXPECT_EQ(admin_.bearer("GET", point(kLon, kLat)).status, 200);
  EXPECT_EQ(xiaodian_.bearer("GET", point(116.4, 39.9)).status, 400) << "Beijing is not Shanxi";
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/analysis/situation?lon=nan&lat=37.7").status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/analysis/situation?lat=37.7").status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", point(kLon, kLat, "&rings=5000,1000")).status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", point(kLon, kLat, "&rings=5000,900000")).status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", point(kLon, kLat, "&type=ZZ")).status, 400);
}

TEST_P(Situation, EarthquakeZonesFollowTheRelationAndListWhatLiesInThem) {
  auto r = xiaodian_.bearer(
      "GET", "/api/v1/analysis/earthquake?lon=112.56&lat=37.713&magnitude=6&strike_deg=30");
  ASSERT_EQ(r.status, 200) << r.body;
  auto q = json(r);
  auto zones = q.at("zones").as_array();
  ASSERT_EQ(zones.size(), 2u) << "M6 reaches VII but not VIII";
  EXPECT_EQ(zones[0].at("intensity").as_int64(), 6);
  EXPECT_NEAR(zones[0].at("long_axis_km").to_number<double>(), 48.5, 0.05);
  EXPECT_NEAR(zones[0].at("short_axis_km").to_number<double>(), 30.9, 0.05);
  EXPECT_GT(zones[0].at("people").to_number<double>(), 0);
  bool school = false;
  for (const auto& x : zones[1].at("exposed").as_array()) {
    school = school || x.at("name").as_string() == "小店某中学";
  }
  EXPECT_TRUE(school) << zones[1];
  EXPECT_EQ(
      xiaodian_.bearer("GET", "/api/v1/analysis/earthquake?lon=112.56&lat=37.713&magnitude=inf")
          .status,
      400);
  EXPECT_EQ(
      yingze_.bearer("GET", "/api/v1/analysis/earthquake?lon=112.56&lat=37.713&magnitude=6").status,
      403);
}

TEST_P(Situation, SearchFindsChineseSubstringsRankedWithinTheJurisdiction) {
  auto search = [&](Session& who, const std::string& query) {
    auto r = who.bearer("GET", "/api/v1/search?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? json(r)
                           : boost::json::value(boost::json::object{{"items", boost::json::array()},
                                                                    {"total", 0}});
  };
  auto titles = [](const boost::json::value& v) {
    std::vector<std::string> out;
    for (const auto& x : v.at("items").as_array()) out.emplace_back(x.at("title").as_string());
    return out;
  };
  // Two characters (a scan) and four (the trigram index) alike.
  EXPECT_EQ(titles(search(xiaodian_, "q=%E6%B6%88%E9%98%B2")),  // 消防
            std::vector<std::string>{"小店消防救援站"});
  auto volunteers = search(xiaodian_, "q=%E5%BF%97%E6%84%BF%E6%95%91%E6%8F%B4");  // 志愿救援
  ASSERT_EQ(volunteers.at("total").as_int64(), 1);
  const auto& hit = volunteers.at("items").at(0);
  EXPECT_EQ(hit.at("entity").as_string(), "resource");
  EXPECT_EQ(hit.at("region_name").as_string(), "小店区");
  EXPECT_NE(hit.at("snippet").as_string().find("志愿救援"), std::string::npos);
  // 晋中's team is not the 小店 officer's to search; the province sees it.
  EXPECT_EQ(search(xiaodian_, "q=%E6%A6%86%E6%AC%A1").at("total").as_int64(), 0);  // 榆次
  EXPECT_EQ(titles(search(admin_, "q=%E6%A6%86%E6%AC%A1&kind=resource")),
            std::vector<std::string>{"榆次危化救援队"});
  // The exact title ranks first, then those starting with it, then those holding it.
  create(R"("kind":"depot","category":"township","name":"北格镇小店区物资库分库")", "140105",
         112.555, 37.70);
  create(R"("kind":"depot","category":"county","name":"小店区物资库东库")", "140105", 112.556,
         37.70);
  EXPECT_EQ(
      titles(search(admin_,
                    "q=%E5%B0%8F%E5%BA%97%E5%8C%BA%E7%89%A9%E8%B5%84%E5%BA%93")),  // 小店区物资库
      (std::vector<std::string>{"小店区物资库", "小店区物资库东库", "北格镇小店区物资库分库"}));
  // An incident is found by its description, and a change of title is searchable at once.
  auto made = xiaodian_.bearer(
      "POST", "/api/v1/incidents",
      R"({"title":"某化工厂泄漏","type":"A02","occurred_at":")" +
          format_rfc3339(clock_->now_ms() - 600000) +
          R"(","region":"140105","lon":112.56,"lat":37.713,"description":"液氯储罐阀门泄漏"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto found =
      search(xiaodian_, "q=%E6%B6%B2%E6%B0%AF%E5%82%A8%E7%BD%90&kind=incident");  // 液氯储罐
  ASSERT_EQ(found.at("total").as_int64(), 1) << found;
  EXPECT_EQ(str(found.at("items").at(0).at("id")), str(json(made).at("id")));
  EXPECT_EQ(search(yingze_, "q=%E6%B6%B2%E6%B0%AF%E5%82%A8%E7%BD%90").at("total").as_int64(), 0);
  // Bad input.
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/search?q=").status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/search?q=%E6%B6%88&kind=rocket").status, 400);
  EXPECT_EQ(xiaodian_.bearer("GET", "/api/v1/search?q=%E6%B6%88&region=140106").status, 403);
  // LIKE's wildcards are plain characters.
  EXPECT_EQ(search(xiaodian_, "q=%25%25").at("total").as_int64(), 0);
}

TEST_P(Situation, StatisticsCountIncidentsByBeijingMonthWithDrillsApart) {
  auto intake = [&](const std::string& title, const std::string& at, bool drill) {
    auto r = xiaodian_.bearer("POST", "/api/v1/incidents",
                              R"({"title":")" + title + R"(","type":"A02","occurred_at":")" + at +
                                  R"(","region":"140105","lon":112.56,"lat":37.713,"drill":)" +
                                  (drill ? "true" : "false") + "}");
    ASSERT_EQ(r.status, 201) << r.body;
  };
  // 17:00 UTC on 31 October is 01:00 on 1 November in Beijing.
  intake("某化工厂泄漏", "2026-10-31T17:00:00Z", false);
  intake("危化品泄漏处置演练", "2026-11-20T02:00:00Z", true);
  auto r = xiaodian_.bearer("GET", "/api/v1/analysis/statistics?from=2026-10-01T00:00:00Z");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(s.at("total").as_int64(), 1);
  EXPECT_EQ(s.at("drills").as_int64(), 1);
  auto months = s.at("by_month").as_array();
  ASSERT_EQ(months.size(), 1u) << s.at("by_month");
  EXPECT_EQ(months[0].at("month").as_string(), "2026-11");
  EXPECT_EQ(months[0].at("count").as_int64(), 1);
  EXPECT_EQ(months[0].at("drills").as_int64(), 1);
  EXPECT_EQ(s.at("by_type").at(0).at("type").as_string(), "A02");
  EXPECT_EQ(s.at("heat").as_array().size(), 1u) << "drills stay off the heat map";
  // The county's resources per 10,000 residents and shelter places per resident: seven located
  // records of 小店区 (two teams, a depot, two experts, a shelter, a school) for 1,357,242
  // residents; 3,000 shelter places.
  auto counties = s.at("counties").as_array();
  ASSERT_EQ(counties.size(), 1u) << "only the caller's county";
  EXPECT_EQ(counties[0].at("code").as_string(), "140105");
  EXPECT_NEAR(counties[0].at("resources_per_10k").to_number<double>(), 7 / 1357242.0 * 1e4, 0.005);
  EXPECT_EQ(counties[0].at("shelter_capacity").to_number<double>(), 3000);
  EXPECT_NEAR(counties[0].at("shelter_per_resident").to_number<double>(), 3000 / 1357242.0, 1e-4);
  EXPECT_EQ(yingze_.bearer("GET", "/api/v1/analysis/statistics?region=140105").status, 403);
  EXPECT_EQ(
      xiaodian_
          .bearer("GET",
                  "/api/v1/analysis/statistics?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")
          .status,
      400);
}

INSTANTIATE_TEST_SUITE_P(Backends, Situation,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

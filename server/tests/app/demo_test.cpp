// The demo data `make run` loads: the duty day and the monitoring stations go in once on
// either database and a second run changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/demo_data.h"
#include "monitoring/catalogue.h"
#include "resources/demo.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

class Demo : public ::testing::TestWithParam<Backend> {};

TEST_P(Demo, ADutyDayInProgressLoadsOnce) {
  if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
  TestApp app(GetParam());
  Services& s = app.app().services();
  ASSERT_TRUE(load_demo_data(s).ok());
  auto first = load_demo_duty(s);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 5);
  auto again = load_demo_duty(s);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto warnings = load_demo_alerts(s);
  ASSERT_TRUE(warnings.ok()) << warnings.error().message;
  EXPECT_EQ(*warnings, 2);
  EXPECT_EQ(*load_demo_alerts(s), 0);

  Session county = sign_in(app, "13800138010");  // 陈带班, the Xiaodian duty leader
  auto home = county.bearer("GET", "/api/v1/dashboard");
  ASSERT_EQ(home.status, 200) << home.body;
  auto o = boost::json::parse(home.body);
  EXPECT_EQ(o.at("active_incidents").as_array().size(), 3u) << "two real ones and the drill";
  EXPECT_EQ(o.at("on_duty").as_array().size(), 1u);
  EXPECT_EQ(o.at("unsigned_faxes").as_int64(), 1);
  EXPECT_EQ(o.at("warnings").as_array().size(), 2u) << "the province-wide one reaches the county";
  auto province = sign_in(app, "13800138001");
  auto overdue = province.bearer("GET", "/api/v1/reports?box=overdue");
  EXPECT_EQ(boost::json::parse(overdue.body).at("total").as_int64(), 1) << overdue.body;
}

TEST_P(Demo, MonitoringStationsGetThresholdsAndADayOfReadingsOnce) {
  if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
  TestApp app(GetParam());
  Services& s = app.app().services();
  ASSERT_TRUE(load_demo_data(s).ok());
  ASSERT_TRUE(resources::load_demo_resources(*s.db, *s.resources, *s.audit, *s.clock, {}).ok());
  auto stations = load_demo_monitoring(s);
  ASSERT_TRUE(stations.ok()) << stations.error().message;
  EXPECT_GT(stations->stations, 300);
  EXPECT_GT(stations->readings, stations->stations * 2 * 40) << "a day, half-hourly";
  auto again = load_demo_monitoring(s);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->stations, 0) << "once";
  EXPECT_EQ(again->readings, 0);

  Session province = sign_in(app, "13800138000");
  for (const auto& theme : monitoring::themes()) {
    auto r = province.bearer("GET", "/api/v1/monitoring/stations?theme=" + std::string(theme.code));
    EXPECT_GT(boost::json::parse(r.body).at("total").as_int64(), 10) << theme.code << " has stations";
  }
  auto home = boost::json::parse(province.bearer("GET", "/api/v1/dashboard").body);
  const auto& alarms = home.at("alarms");
  EXPECT_GT(alarms.at("stations").as_int64(), 300);
  EXPECT_GT(alarms.at("reporting").as_int64(), 0) << "a day of readings up to now";
  auto top = alarms.at("top").as_array();
  EXPECT_LE(top.size(), 5u);
  for (std::size_t i = 1; i < top.size(); ++i) {
    EXPECT_GE(monitoring::level_rank(top[i - 1].at("level").as_string()),
              monitoring::level_rank(top[i].at("level").as_string()))
        << "the most severe first";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Demo, ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

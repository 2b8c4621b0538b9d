#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/http_client.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

using namespace std::chrono_literals;

class HealthTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    app_ = std::make_unique<TestApp>(GetParam());
  }
  std::unique_ptr<TestApp> app_;
};

TEST_P(HealthTest, SaysOkWithVersionDatabaseAndUptime) {
  auto r = http_request(app_->port(), "GET", "/api/v1/health");
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("status").as_string(), "ok");
  EXPECT_FALSE(v.at("version").as_string().empty());
  EXPECT_EQ(v.at("database").as_string(), backend_name(GetParam()));
  EXPECT_EQ(v.at("database_ok").as_bool(), true);
  EXPECT_GE(v.at("uptime_s").as_int64(), 0);
}

TEST_P(HealthTest, UnknownApiPathIsJson404AndAppPathNeedsABuild) {
  auto r = http_request(app_->port(), "GET", "/api/v1/unknown");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code").as_string(), "not_found");
}

INSTANTIATE_TEST_SUITE_P(Backends, HealthTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

TEST(HealthOnPostgres, Is503WhenTheDatabaseDoesNotAnswer) {
  FENGHUO_NEED_PG();
  TestApp app(Backend::kPostgresql);
  ASSERT_EQ(http_request(app.port(), "GET", "/api/v1/health").status, 200);
  // Refuse new connections to the database and end the open ones.
  app.pg()->admin_execute("ALTER DATABASE " + app.pg()->name() + " ALLOW_CONNECTIONS false");
  app.pg()->admin_execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                          app.pg()->name() + "'");
  HttpResponse r;
  for (int i = 0; i < 50; ++i) {
    r = http_request(app.port(), "GET", "/api/v1/health");
    if (r.status == 503) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(r.status, 503) << r.body;
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("database_ok").as_bool(), false);
  EXPECT_EQ(v.at("database").as_string(), "postgresql");
  // And it recovers when the database is back.
  app.pg()->admin_execute("ALTER DATABASE " + app.pg()->name() + " ALLOW_CONNECTIONS true");
  for (int i = 0; i < 50; ++i) {
    r = http_request(app.port(), "GET", "/api/v1/health");
    if (r.status == 200) break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace fenghuo::test

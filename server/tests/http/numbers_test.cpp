// Every number a request carries is finite and in its range, or the request is refused
// naming the parameter (issue 11 item 4: `nan` made the cluster route loop for ever).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

std::string field_of(const HttpResponse& r) {
  auto body = boost::json::parse(r.body);
  return std::string(body.at("error").at("field").as_string());
}

class NumbersApi : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<TestApp>(Backend::kSqlite);
    add_user(*app_, "13800000001", "省管理员", "140000", {"system_admin"});
    admin_ = sign_in(*app_, "13800000001");
  }
  std::unique_ptr<TestApp> app_;
  Session admin_;
};

TEST_F(NumbersApi, NonFiniteOrOutOfRangeQueryNumbersAreRefusedNamingTheParameter) {
  struct Case {
    std::string path, field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/resources/clusters?bbox=nan,34,115,41&zoom=8", "bbox"},
      {"/api/v1/resources/clusters?bbox=110,34,115,inf&zoom=8", "bbox"},
      {"/api/v1/resources/clusters?bbox=110,34,115,41,5&zoom=8", "bbox"},
      {"/api/v1/resources/within?bbox=110,nan,115,41", "bbox"},
      {"/api/v1/resources/within?bbox=0x6e,34,115,41", "bbox"},
      {"/api/v1/resources/nearby?lon=nan&lat=37.8", "lon"},
      {"/api/v1/resources/nearby?lon=112.5&lat=-nan", "lat"},
      {"/api/v1/resources/nearby?lon=112.5&lat=37.8&radius_m=inf", "radius_m"},
      {"/api/v1/resources/nearby?lon=112.5&lat=37.8&radius_m=1e999", "radius_m"},
      {"/api/v1/resources/nearby?lon=200&lat=37.8", "lon"},
      {"/api/v1/alerts/active?lat=nan&lon=112.5", "lat"},
      {"/api/v1/alerts/active?lat=37.8&lon=infinity", "lon"},
  };
  for (const auto& c : cases) {
    auto r = admin_.bearer("GET", c.path);
    EXPECT_EQ(r.status, 400) << c.path << ": " << r.body;
    if (r.status == 400) EXPECT_EQ(field_of(r), c.field) << c.path;
  }
  // The server is still answering (a loop over NaN cells would hold the index lock).
  EXPECT_EQ(admin_.bearer("GET", "/api/v1/resources/clusters?bbox=110,34,115,41&zoom=8").status,
            200);
}

TEST_F(NumbersApi, NumbersGivenAsTextInABodyMustBeFinite) {
  // Resource attributes may come as text from spreadsheets; "nan" is not a number.
  auto r = admin_.bearer("POST", "/api/v1/resources",
                         R"({"kind":"shelter","category":"park","name":"体育场","region":"140105",)"
                         R"("lon":112.57,"lat":37.72,"capacity":"nan"})");
  EXPECT_EQ(r.status, 400) << r.body;
  // A JSON number beyond a double reads as infinity; it is refused, not stored.
  auto huge =
      admin_.bearer("POST", "/api/v1/resources",
                    R"({"kind":"shelter","category":"park","name":"体育场","region":"140105",)"
                    R"("lon":1e999,"lat":37.72})");
  EXPECT_EQ(huge.status, 400) << huge.body;
  EXPECT_EQ(admin_.bearer("GET", "/api/v1/resources?kind=shelter").body.find("体育场"),
            std::string::npos);
}

}  // namespace
}  // namespace fenghuo::test

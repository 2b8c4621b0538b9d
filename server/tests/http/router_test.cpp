#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fenghuo::http {
namespace {

Handler answer(std::string text) {
  return [text](Request& r) -> Result<Response> {
    std::string body = text;
    for (const auto& [k, v] : r.path_params) body += " " + k + "=" + v;
    return Response::text(200, body, "text/plain");
  };
}

Response call(const Router& router, Method method, const std::string& path) {
  Request request;
  request.method = method;
  request.path = path;
  request.request_id = "req-1";
  auto match = router.match(method, path, request.path_params);
  if (match.route == nullptr) return Router::no_route(match, request);
  return Router::run(*match.route, request);
}

boost::json::object error_of(const Response& r) {
  return boost::json::parse(r.body).as_object().at("error").as_object();
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::kGet, "/api/v1/incidents", {}, answer("list"));
    router_.add(Method::kPost, "/api/v1/incidents", {}, answer("create"));
    router_.add(Method::kGet, "/api/v1/incidents/{id}", {}, answer("one"));
    router_.add(Method::kGet, "/api/v1/incidents/types", {}, answer("types"));
    router_.add(Method::kDelete, "/api/v1/incidents/{id}", {}, answer("delete"));
    router_.add(Method::kGet, "/api/v1/incidents/{id}/reports/{report}", {}, answer("report"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesMethodAndPath) {
  EXPECT_EQ(call(router_, Method::kGet, "/api/v1/incidents").body, "list");
  EXPECT_EQ(call(router_, Method::kPost, "/api/v1/incidents").body, "create");
}

TEST_F(RouterTest, FillsPathParameters) {
  EXPECT_EQ(call(router_, Method::kGet, "/api/v1/incidents/42").body, "one id=42");
  EXPECT_EQ(call(router_, Method::kGet, "/api/v1/incidents/42/reports/7").body,
            "report id=42 report=7");
}

TEST_F(RouterTest, LiteralSegmentBeatsParameter) {
  EXPECT_EQ(call(router_, Method::kGet, "/api/v1/incidents/types").body, "types");
}

TEST_F(RouterTest, TrailingSlashIsTheSamePath) {
  EXPECT_EQ(call(router_, Method::kGet, "/api/v1/incidents/").body, "list");
}

TEST_F(RouterTest, HeadUsesGetRoutes) {
  EXPECT_EQ(call(router_, Method::kHead, "/api/v1/incidents").status, 200);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  Response r = call(router_, Method::kPut, "/api/v1/incidents/42");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(error_of(r).at("code").as_string(), "method_not_allowed");
}

TEST_F(RouterTest, UnknownPathIs404InTheErrorShape) {
  Response r = call(router_, Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r).at("code").as_string(), "not_found");
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
}

TEST(Router, ErrorValuesMapToStatusAndField) {
  Router router;
  router.add(Method::kPost, "/x", {}, [](Request&) -> Result<Response> {
    return Error::validation("phone", "phone must be a mainland mobile number");
  });
  Response r = call(router, Method::kPost, "/x");
  EXPECT_EQ(r.status, 400);
  auto e = error_of(r);
  EXPECT_EQ(e.at("code").as_string(), "validation_failed");
  EXPECT_EQ(e.at("field").as_string(), "phone");
  EXPECT_FALSE(e.contains("request_id"));
}

TEST(Router, ExceptionBecomes500WithRequestId) {
  Router router;
  router.add(Method::kGet, "/boom", {},
             [](Request&) -> Result<Response> { throw std::logic_error("bug"); });
  Response r = call(router, Method::kGet, "/boom");
  EXPECT_EQ(r.status, 500);
  auto e = error_of(r);
  EXPECT_EQ(e.at("code").as_string(), "internal");
  EXPECT_EQ(e.at("request_id").as_string(), "req-1");
  EXPECT_EQ(e.at("message").as_string().find("bug"), boost::json::string::npos)
      << "internal details must not leak to clients";
}

}  // namespace
}  // namespace fenghuo::http

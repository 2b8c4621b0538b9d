#include "http/json.h"

#include <gtest/gtest.h>

namespace fenghuo::http {
namespace {

Request json_request(std::string body, std::string type = "application/json") {
  Request r;
  r.headers.emplace_back("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

TEST(ParseJsonObject, AcceptsAnObject) {
  auto o = parse_json_object(json_request(R"({"phone":"13800000000"})", "application/json; charset=utf-8"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->at("phone").as_string(), "13800000000");
}

TEST(ParseJsonObject, MalformedTextSaysWhere) {
  auto o = parse_json_object(json_request("{\n  \"a\": 1,\n  \"b\": }"));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code, ErrorCode::kBadRequest);
  EXPECT_NE(o.error().message.find("line 3"), std::string::npos) << o.error().message;
}

TEST(ParseJsonObject, TrailingGarbageIsRefused) {
  EXPECT_FALSE(parse_json_object(json_request(R"({"a":1} x)")).ok());
}

TEST(ParseJsonObject, EmptyBodyIsRefused) {
  EXPECT_FALSE(parse_json_object(json_request("")).ok());
}

TEST(ParseJsonObject, NonObjectIsRefused) {
  auto o = parse_json_object(json_request("[1,2]"));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code, ErrorCode::kBadRequest);
}

TEST(ParseJsonObject, OtherContentTypeIs415) {
  auto o = parse_json_object(json_request("a=1", "application/x-www-form-urlencoded"));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(http_status(o.error().code), 415);
}

TEST(ErrorResponse, EveryCodeHasItsStatus) {
  EXPECT_EQ(http_status(ErrorCode::kBadRequest), 400);
  EXPECT_EQ(http_status(ErrorCode::kValidationFailed), 400);
  EXPECT_EQ(http_status(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::kForbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(http_status(ErrorCode::kUnprocessable), 422);
  EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(http_status(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::kInternal), 500);
}

TEST(ErrorResponse, HasTheOneShape) {
  Response r = error_response(Error::conflict("version", "stale version"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"conflict","message":"stale version","field":"version"}})");
}

}  // namespace
}  // namespace fenghuo::http

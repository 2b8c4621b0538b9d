#include "http/ws_protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fenghuo::http {
namespace {

boost::json::object reply(WsProtocol& p, std::string_view message) {
  return boost::json::parse(p.handle(message)).as_object();
}

TEST(WsProtocol, SubscribeAnswersTheTopics) {
  WsProtocol p;
  auto r = reply(p, R"({"op":"subscribe","topics":["alerts","incident/42"]})");
  EXPECT_EQ(r.at("op").as_string(), "subscribed");
  EXPECT_EQ(r.at("topics").as_array().size(), 2u);
  EXPECT_TRUE(p.subscribed("alerts"));
  EXPECT_TRUE(p.subscribed("incident/42"));
  EXPECT_FALSE(p.subscribed("incidents"));
}

TEST(WsProtocol, RefusedTopicsAreListedWithTheirReasonAndNeverSubscribed) {
  WsProtocol p([](std::string_view topic) -> Status {
    if (topic == "incidents") return Error::forbidden("you need the permission incidents.read");
    return {};
  });
  auto r = reply(p, R"({"op":"subscribe","topics":["alerts","incidents"]})");
  EXPECT_EQ(r.at("op").as_string(), "subscribed");
  ASSERT_EQ(r.at("topics").as_array().size(), 1u);
  EXPECT_EQ(r.at("topics").as_array()[0].as_string(), "alerts");
  ASSERT_EQ(r.at("refused").as_array().size(), 1u);
  const auto& refused = r.at("refused").as_array()[0].as_object();
  EXPECT_EQ(refused.at("topic").as_string(), "incidents");
  EXPECT_EQ(refused.at("code").as_string(), "forbidden");
  EXPECT_TRUE(p.subscribed("alerts"));
  EXPECT_FALSE(p.subscribed("incidents"));
  EXPECT_FALSE(reply(p, R"({"op":"subscribe","topics":["alerts"]})").contains("refused"))
      << "an answer without refusals has no refused list";
}

TEST(WsProtocol, UnsubscribeRemovesOnlyThoseTopics) {
  WsProtocol p;
  (void)p.handle(R"({"op":"subscribe","topics":["alerts","incidents"]})");
  auto r = reply(p, R"({"op":"unsubscribe","topics":["alerts"]})");
  EXPECT_EQ(r.at("op").as_string(), "unsubscribed");
  EXPECT_FALSE(p.subscribed("alerts"));
  EXPECT_TRUE(p.subscribed("incidents"));
}

TEST(WsProtocol, PingIsAnsweredWithPong) {
  WsProtocol p;
  EXPECT_EQ(reply(p, R"({"op":"ping"})").at("op").as_string(), "pong");
}

class WsProtocolRefuses : public ::testing::TestWithParam<const char*> {};

TEST_P(WsProtocolRefuses, WithAnErrorAndNoChange) {
  WsProtocol p;
  (void)p.handle(R"({"op":"subscribe","topics":["alerts"]})");
  auto r = reply(p, GetParam());
  EXPECT_EQ(r.at("op").as_string(), "error");
  EXPECT_EQ(r.at("error").as_object().at("code").as_string(), "bad_request");
  EXPECT_EQ(p.topics().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Cases, WsProtocolRefuses,
                         ::testing::Values("not json", "[1]", R"({"topics":["a"]})",
                                           R"({"op":"dance"})", R"({"op":"subscribe"})",
                                           R"({"op":"subscribe","topics":"alerts"})",
                                           R"({"op":"subscribe","topics":["ok", 3]})",
                                           R"({"op":"subscribe","topics":[""]})"));

TEST(WsProtocol, TopicCountIsBounded) {
  WsProtocol p;
  std::string many = R"({"op":"subscribe","topics":[)";
  for (std::size_t i = 0; i <= WsProtocol::kMaxTopics; ++i) {
    many += (i ? "," : "") + std::string("\"t") + std::to_string(i) + "\"";
  }
  many += "]}";
  EXPECT_EQ(reply(p, many).at("op").as_string(), "error");
  EXPECT_TRUE(p.topics().empty());
}

}  // namespace
}  // namespace fenghuo::http

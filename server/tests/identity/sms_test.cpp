#include "identity/sms.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/crypto.h"
#include "http/router.h"
#include "http/server.h"
#include "realtime/bus.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace fenghuo::identity {
namespace {

TEST(OutboxGateway, AppendsOneJsonLinePerMessage) {
  test::TempDir dir;
  test::ManualClock clock;
  OutboxGateway outbox((dir / "out.jsonl").string(), clock);
  ASSERT_TRUE(outbox.send("13800000001", "验证码 123456").ok());
  ASSERT_TRUE(outbox.send("13800000002", "第二条").ok());
  std::ifstream in(dir / "out.jsonl");
  std::string line;
  std::getline(in, line);
  auto v = boost::json::parse(line);
  EXPECT_EQ(v.at("to").as_string(), "13800000001");
  EXPECT_EQ(v.at("text").as_string(), "验证码 123456");
  EXPECT_TRUE(v.at("at").as_string().ends_with("Z"));
  std::getline(in, line);
  EXPECT_EQ(boost::json::parse(line).at("to").as_string(), "13800000002");
}

TEST(OutboxGateway, AnUnwritableOutboxIsAnError) {
  test::ManualClock clock;
  OutboxGateway outbox("/nonexistent-dir/out.jsonl", clock);
  auto st = outbox.send("13800000001", "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
}

TEST(SmsTemplate, EscapesValuesAsJson) {
  EXPECT_EQ(render_sms_template(R"({"mobile":"{{to}}","content":"{{text}}"})", "138",
                                "say \"hi\"\n"),
            R"({"mobile":"138","content":"say \"hi\"\n"})");
}

// A real HTTP server standing in for the operator's SMS gateway: fails the first call.
class GatewayServer {
 public:
  explicit GatewayServer(int failures) : failures_(failures) {
    router_.add(http::Method::kPost, "/api/v1/sms", {}, [this](http::Request& r) -> Result<http::Response> {
      std::lock_guard lock(mutex_);
      bodies_.push_back(r.body);
      signatures_.emplace_back(r.header("x-fenghuo-signature"));
      if (failures_-- > 0) return http::Response::json(500, R"({"error":"busy"})");
      return http::Response::json(200, R"({"ok":true})");
    });
    http::ServerOptions o;
    o.port = 0;
    o.access_log = false;
    server_ = std::make_unique<http::Server>(o, router_, nullptr, bus_);
    EXPECT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  ~GatewayServer() {
    server_->stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/v1/sms"; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }
  std::vector<std::string> signatures() {
    std::lock_guard lock(mutex_);
    return signatures_;
  }

 private:
  int failures_;
  std::mutex mutex_;
  std::vector<std::string> bodies_, signatures_;
  SystemClock clock_;
  realtime::Bus bus_{nullptr, clock_};
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST(HttpGateway, PostsTheTemplateSignedAndRetries) {
  GatewayServer gateway(1);
  HttpGatewayOptions o;
  o.url = gateway.url();
  o.secret = "s3cret";
  o.body_template = R"({"mobile":"{{to}}","content":"{{text}}"})";
  o.backoff = std::chrono::milliseconds(10);
  auto sms = make_http_gateway(o);
  ASSERT_TRUE(sms->send("13800000001", "验证码 654321").ok());
  auto bodies = gateway.bodies();
  ASSERT_EQ(bodies.size(), 2u) << "one failure, one retry";
  EXPECT_EQ(boost::json::parse(bodies[1]).at("content").as_string(), "验证码 654321");
  EXPECT_EQ(gateway.signatures()[1], "sha256=" + hmac_sha256_hex("s3cret", bodies[1]));
}

TEST(HttpGateway, GivesUpWithAClearErrorAfterItsAttempts) {
  GatewayServer gateway(100);
  HttpGatewayOptions o;
  o.url = gateway.url();
  o.body_template = R"({"to":"{{to}}","text":"{{text}}"})";
  o.attempts = 3;
  o.backoff = std::chrono::milliseconds(10);
  auto st = make_http_gateway(o)->send("13800000001", "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(st.error().message.find("500"), std::string::npos) << st.error().message;
  EXPECT_EQ(gateway.bodies().size(), 3u);
}

TEST(HttpGateway, UnreachableGatewayTimesOut) {
  HttpGatewayOptions o;
  o.url = "http://127.0.0.1:1/sms";
  o.body_template = "{}";
  o.attempts = 1;
  o.timeout = std::chrono::milliseconds(500);
  auto st = make_http_gateway(o)->send("13800000001", "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace fenghuo::identity

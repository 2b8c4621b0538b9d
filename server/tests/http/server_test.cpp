// The HTTP and WebSocket server's mechanics, in-process on port 0, with routes made for
// the test (the application's own routes are tested through TestApp).
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <future>
#include <thread>

#include "core/principal.h"
#include "http/json.h"
#include "http/router.h"
#include "http/static_files.h"
#include "realtime/bus.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/wait.h"

namespace fenghuo::http {
namespace {

using namespace std::chrono_literals;
using test::http_request;
using test::RawConnection;
using test::WsClient;

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}, ServerHooks hooks = {}) {
    router_.add(Method::kPost, "/api/v1/echo", {}, [](Request& r) -> Result<Response> {
      auto body = parse_json_object(r);
      if (!body.ok()) return std::move(body).error();
      return json_response(200, *body);
    });
    router_.add(Method::kPost, "/api/v1/upload", {.body = Body::kFile},
                [](Request& r) -> Result<Response> {
                  return Response::json(201, "{\"bytes\":" + std::to_string(r.body.size()) + "}");
                });
    router_.add(Method::kGet, "/api/v1/boom", {},
                [](Request&) -> Result<Response> { throw std::runtime_error("bug"); });
    router_.add(Method::kGet, "/api/v1/slow", {}, [this](Request& r) -> Result<Response> {
      ++slow_started_;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::stoi(r.query("ms").value_or("0"))));
      return Response::json(200, R"({"slept":true})");
    });
    std::filesystem::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>烽火</title>";
    static_files_ = std::make_unique<StaticFiles>(dir_ / "web");
    options.port = 0;
    options.threads = 2;
    options.access_log = false;
    server_ =
        std::make_unique<Server>(options, router_, static_files_.get(), bus_, std::move(hooks));
    ASSERT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      thread_.join();
    }
  }
  std::uint16_t port() const { return server_->port(); }
  static boost::json::object error_of(const test::HttpResponse& r) {
    return boost::json::parse(r.body).as_object().at("error").as_object();
  }

  test::TempDir dir_;
  SystemClock clock_;
  realtime::Bus bus_{nullptr, clock_};
  Router router_;
  std::unique_ptr<StaticFiles> static_files_;
  std::unique_ptr<Server> server_;
  std::atomic<int> slow_started_{0};  // /api/v1/slow requests whose handler began
  std::thread thread_;
};

TEST_F(ServerTest, EchoesJson) {
  start();
  auto r = http_request(port(), "POST", "/api/v1/echo", R"({"phone":"13800000000"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"phone":"13800000000"})");
}

TEST_F(ServerTest, MalformedJsonIs400InTheErrorShape) {
  start();
  auto r = http_request(port(), "POST", "/api/v1/echo", R"({"phone": )");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r).at("code").as_string(), "bad_request");
  EXPECT_FALSE(r.header("X-Request-Id").empty());
}

TEST_F(ServerTest, NonJsonBodyIs415) {
  start();
  auto r = http_request(port(), "POST", "/api/v1/echo", "a=1",
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415);
}

TEST_F(ServerTest, OversizedBodyIs413AndNothingIsRead) {
  ServerOptions o;
  o.max_json_body_bytes = 1024;
  start(o);
  RawConnection c(port());
  c.send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 10000000\r\n\r\n{\"a\":");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(boost::json::parse(r->body).at("error").at("code").as_string(), "payload_too_large");
  EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(ServerTest, EachRouteReadsUpToItsOwnBodyLimit) {
  ServerOptions o;
  o.max_json_body_bytes = 1024;
  o.max_file_body_bytes = 4096;
  start(o);
  std::string json = R"({"a":")" + std::string(2000, 'x') + R"("})";
  auto to_json_route = http_request(port(), "POST", "/api/v1/echo", json);
  EXPECT_EQ(to_json_route.status, 413);
  EXPECT_NE(to_json_route.body.find("1 KB"), std::string::npos) << to_json_route.body;
  EXPECT_NE(to_json_route.body.find("POST /api/v1/echo"), std::string::npos) << to_json_route.body;
  auto to_upload = http_request(port(), "POST", "/api/v1/upload", json);
  EXPECT_EQ(to_upload.status, 201) << to_upload.body;
  EXPECT_EQ(to_upload.body, R"({"bytes":)" + std::to_string(json.size()) + "}");
  auto too_big = http_request(port(), "POST", "/api/v1/upload", std::string(5000, 'x'));
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.body.find("4 KB"), std::string::npos) << too_big.body;
}

TEST_F(ServerTest, ConnectionsFromOneAddressBeyondItsCapAreRefused) {
  ServerOptions o;
  o.max_connections_per_address = 2;
  start(o);
  auto a = std::make_unique<RawConnection>(port());
  RawConnection b(port());
  ASSERT_TRUE(a->send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(a->read_response());
  ASSERT_TRUE(b.send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(b.read_response());
  RawConnection third(port());
  EXPECT_TRUE(third.closed_within(2s)) << "a third connection from 127.0.0.1";
  a.reset();
  ASSERT_TRUE(test::eventually([&] { return server_->connection_count() < 2; }, 1s));
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200) << "a slot is free again";
}

TEST_F(ServerTest, TrustedProxiesAreNotCappedPerAddress) {
  ServerOptions o;
  o.max_connections_per_address = 1;
  o.trusted_proxies = parse_networks("127.0.0.1", "server.trusted_proxies").value();
  start(o);
  RawConnection a(port());
  ASSERT_TRUE(a.send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(a.read_response());
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200);
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  ServerOptions o;
  o.max_json_body_bytes = 1024;
  start(o);
  RawConnection c(port());
  std::string chunk(2000, 'x');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  c.send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST_F(ServerTest, OversizedHeadersAre413) {
  ServerOptions o;
  o.max_header_bytes = 2048;
  start(o);
  auto r = http_request(port(), "GET", "/api/v1/slow", "", {{"X-Big", std::string(4096, 'a')}});
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  start();
  RawConnection c(port());
  c.send("GET /api/v1/slow HTTP/1.1\r\nHost x\r\n\r\n");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, UnknownRouteAndWrongMethod) {
  start();
  auto missing = http_request(port(), "GET", "/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_of(missing).at("code").as_string(), "not_found");
  auto wrong = http_request(port(), "DELETE", "/api/v1/echo");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "POST");
}

TEST_F(ServerTest, HandlerBugIs500WithRequestIdAndServerKeepsServing) {
  start();
  auto r = http_request(port(), "GET", "/api/v1/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r).at("request_id").as_string(), r.header("X-Request-Id"));
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  RawConnection c(port());
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    c.send("GET /api/v1/slow?ms=0 HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    ids.insert(r->header("X-Request-Id"));
  }
  EXPECT_EQ(ids.size(), 3u) << "every request has its own id";
}

TEST_F(ServerTest, SlowClientIsDisconnected) {
  ServerOptions o;
  o.read_timeout = 500ms;
  start(o);
  RawConnection c(port());
  c.send("GET /api/v1/slow HTTP/1.1\r\nHo");
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 400ms);
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200);
}

TEST_F(ServerTest, ConnectionsBeyondTheCapAreRefused) {
  ServerOptions o;
  o.max_connections = 2;
  start(o);
  auto a = std::make_unique<RawConnection>(port());
  RawConnection b(port());
  ASSERT_TRUE(a->send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(a->read_response());
  ASSERT_TRUE(b.send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(b.read_response());
  RawConnection third(port());
  EXPECT_TRUE(third.closed_within(2s));
  a.reset();
  ASSERT_TRUE(test::eventually([&] { return server_->connection_count() < 2; }, 1s));
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200);
}

TEST_F(ServerTest, StaticPagesCarrySecurityHeaders) {
  start();
  auto r = http_request(port(), "GET", "/duty/roster");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("烽火"), std::string::npos);
  std::string csp = r.header("Content-Security-Policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("connect-src 'self';"), std::string::npos)
      << "sockets only to the app's own host, not any ws: or wss: host: " << csp;
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(r.header("Referrer-Policy").empty());
  EXPECT_FALSE(r.header("ETag").empty());
}

TEST_F(ServerTest, ConfiguredOriginsMayServeTilesAndVideo) {
  ServerOptions o;
  o.content_sources = "https://tiles.example https://video.example";
  start(o);
  auto csp = http_request(port(), "GET", "/").header("Content-Security-Policy");
  EXPECT_NE(csp.find("img-src 'self' data: blob: https://tiles.example https://video.example"),
            std::string::npos)
      << csp;
  EXPECT_NE(csp.find("media-src 'self' blob: https://tiles.example"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << "scripts stay own-origin";
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  start();
  for (const char* path : {"/index.html", "/api/v1/slow"}) {
    RawConnection c(port());
    c.send(std::string("HEAD ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    while (c.fill(300ms) && !c.closed_within(10ms)) {
    }
    const std::string& raw = c.buffer();
    auto end = raw.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos) << path;
    EXPECT_EQ(raw.substr(0, 15), "HTTP/1.1 200 OK") << path;
    EXPECT_EQ(raw.size(), end + 4) << "no body after the headers of " << path;
    EXPECT_NE(raw.find("Content-Length: "), std::string::npos) << path;
  }
}

TEST_F(ServerTest, WebSocketSubscribersGetTheirTopicsOnly) {
  start();
  WsClient ws(port());
  ASSERT_TRUE(ws.connected());
  ws.send_text(R"({"op":"subscribe","topics":["alerts"]})");
  auto ack = ws.read_text();
  ASSERT_TRUE(ack);
  EXPECT_EQ(*ack, R"({"op":"subscribed","topics":["alerts"]})");
  bus_.publish({"incidents", "created", R"({"id":"1"})", ""});
  bus_.publish({"alerts", "created", R"({"id":"2"})", ""});
  auto event = ws.read_text();
  ASSERT_TRUE(event);
  auto v = boost::json::parse(*event);
  EXPECT_EQ(v.at("topic").as_string(), "alerts");
  EXPECT_EQ(v.at("event").as_string(), "created");
  EXPECT_EQ(v.at("data").at("id").as_string(), "2");
  EXPECT_FALSE(ws.read_text(300ms)) << "no event of an unsubscribed topic";
}

// The socket closer's verdict reaches a socket whose check began before the access ended, even
// when the socket only joins the hub afterwards; a socket checked afterwards is not ended.
TEST_F(ServerTest, ASocketWhoseAccessEndsWhileItIsBeingCheckedIsClosed) {
  std::promise<void> checking;
  std::promise<void> go_on;
  std::shared_future<void> go = go_on.get_future().share();
  std::atomic<int> checks{0};
  ServerHooks hooks;
  hooks.socket_guard = [&](Request& r) -> Status {
    auto p = std::make_shared<Principal>();
    p->id = 7;
    p->session_id = 3;
    r.principal = p;
    if (checks++ == 0) {
      checking.set_value();
      go.wait();
    }
    return {};
  };
  hooks.socket_closer = [](const realtime::Event& e) -> std::function<bool(const Principal&)> {
    if (e.topic != "ended") return {};
    return [](const Principal& p) { return p.session_id == 3; };
  };
  start({}, std::move(hooks));
  auto first = std::async(std::launch::async, [&] { return std::make_unique<WsClient>(port()); });
  checking.get_future().wait();
  bus_.publish({"ended", "logout", "{}", ""});
  go_on.set_value();
  auto ws = first.get();
  ASSERT_TRUE(ws->connected());
  EXPECT_FALSE(ws->read_text(3s));
  EXPECT_EQ(ws->close_code(), 1008) << "the session ended while its socket was being checked";

  WsClient later(port());
  ASSERT_TRUE(later.connected());
  later.send_text(R"({"op":"ping"})");
  EXPECT_TRUE(later.read_text()) << "a socket checked after the end stays open";
  EXPECT_FALSE(later.close_code());
}

TEST_F(ServerTest, WebSocketAnswersBadMessagesWithErrors) {
  start();
  WsClient ws(port());
  ASSERT_TRUE(ws.connected());
  ws.send_text("hello");
  auto r = ws.read_text();
  ASSERT_TRUE(r);
  EXPECT_EQ(boost::json::parse(*r).at("op").as_string(), "error");
}

TEST_F(ServerTest, PlainGetOnTheSocketPathIs400) {
  start();
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/ws").status, 400);
}

TEST_F(ServerTest, SlowWebSocketClientIsDroppedNotBuffered) {
  ServerOptions o;
  o.ws_queue_limit = 8;
  start(o);
  WsClient ws(port());
  ASSERT_TRUE(ws.connected());
  ws.send_text(R"({"op":"subscribe","topics":["monitoring/flood"]})");
  ASSERT_TRUE(ws.read_text());
  // Never read while the server sends far more than the socket buffers and the queue hold.
  std::string data = R"({"blob":")" + std::string(256 * 1024, 'x') + R"("})";
  for (int i = 0; i < 200; ++i) bus_.publish({"monitoring/flood", "reading", data, ""});
  int received = 0;
  while (ws.read_text(2s)) ++received;
  EXPECT_LT(received, 200) << "a client that does not read must be dropped";
  EXPECT_EQ(http_request(port(), "GET", "/api/v1/slow").status, 200);
}

TEST_F(ServerTest, StopFinishesInFlightRequestsAndClosesSockets) {
  start();
  WsClient ws(port());
  ASSERT_TRUE(ws.connected());
  RawConnection idle(port());
  idle.send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(idle.read_response());
  int started = slow_started_;
  auto slow = std::async(std::launch::async,
                         [&] { return http_request(port(), "GET", "/api/v1/slow?ms=700"); });
  ASSERT_TRUE(test::eventually([&] { return slow_started_ > started; }))
      << "the slow request is in flight";
  server_->stop();
  EXPECT_EQ(slow.get().status, 200) << "the in-flight request completes";
  EXPECT_FALSE(ws.read_text(3s));
  EXPECT_EQ(ws.close_code(), 1001) << "WebSockets get a going-away close frame";
  EXPECT_TRUE(idle.closed_within(3s)) << "idle keep-alive connections are closed";
  thread_.join();
  server_.reset();
}

}  // namespace
}  // namespace fenghuo::http

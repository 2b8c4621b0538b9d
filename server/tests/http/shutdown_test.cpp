// The real `fenghuo` binary as a process: signals, exit status, the command line, and
// several processes on one PostgreSQL database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <fstream>
#include <sqlite3.h>

#include "core/clock.h"
#include "db/database.h"
#include "realtime/bus.h"
#include "support/http_client.h"
#include "support/pg.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

using namespace std::chrono_literals;

std::map<std::string, std::string> server_env(const TempDir& dir, std::uint16_t port,
                                              const std::string& db_url = {}) {
  return {{"FENGHUO_SERVER_PORT", std::to_string(port)},
          {"FENGHUO_SERVER_HOST", "127.0.0.1"},
          {"FENGHUO_DATABASE_URL",
           db_url.empty() ? "sqlite:" + (dir / "server.db").string() : db_url},
          {"FENGHUO_STORAGE_PATH", (dir / "data").string()},
          {"FENGHUO_WEB_ROOT", (dir / "web").string()},
          {"FENGHUO_SMS_OUTBOX_PATH", (dir / "sms-outbox.jsonl").string()},
          {"FENGHUO_SERVER_SHUTDOWN_TIMEOUT_S", "10"}};
}

// Adds a user with the command line and signs in over HTTP, as a newcomer would; answers
// the session token.
std::string cli_sign_in(const TempDir& dir, const std::map<std::string, std::string>& env,
                        std::uint16_t port, const std::string& phone) {
  Process add({fenghuo_binary(), "user", "add", "--phone", phone, "--name", "测试员", "--org",
               "140000", "--role", "viewer"},
              env, (dir / ("add-" + phone + ".log")).string());
  EXPECT_EQ(add.wait(30s), 0) << add.output();
  auto sent = http_request(port, "POST", "/api/v1/auth/sms-code", R"({"phone":")" + phone + R"("})");
  EXPECT_EQ(sent.status, 202) << sent.body;
  std::ifstream outbox(env.at("FENGHUO_SMS_OUTBOX_PATH"));
  std::string line, code;
  while (std::getline(outbox, line)) {
    if (line.find(phone) != std::string::npos) code = code_in_sms(line);
  }
  auto login = http_request(port, "POST", "/api/v1/auth/login",
                            R"({"phone":")" + phone + R"(","code":")" + code + R"("})");
  EXPECT_EQ(login.status, 200) << login.body;
  if (login.status != 200) return {};
  return std::string(boost::json::parse(login.body).at("token").as_string());
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

TEST(Process, SigtermDuringARequestFinishesItAndExitsZero) {
  TempDir dir;
  auto port = free_port();
  Process server({fenghuo_binary(), "serve"}, server_env(dir, port), (dir / "out.log").string());
  ASSERT_TRUE(wait_healthy(port, 20s)) << server.output();

  RawConnection in_flight(port);
  // Half a request: headers and half the body.
  in_flight.send("POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 10\r\n\r\n{\"a\":");
  std::this_thread::sleep_for(200ms);
  server.signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(server.wait(10ms)) << "the server waits for the request in flight";
  in_flight.send("12345");
  auto r = in_flight.read_response(5s);
  ASSERT_TRUE(r) << server.output();
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("Connection"), "close");
  auto status = server.wait(10s);
  ASSERT_TRUE(status) << server.output();
  EXPECT_EQ(*status, 0) << server.output();
}

// A handler stuck in a call that does not return (here: a write waiting on a database
// another process holds locked, with a two-minute busy timeout) must not keep the process
// alive after SIGTERM: server.shutdown_timeout_s is a hard limit, the exit status non-zero.
TEST(Process, AStuckHandlerDoesNotOutliveTheShutdownTimeout) {
  TempDir dir;
  auto port = free_port();
  auto env = server_env(dir, port);
  env["FENGHUO_SERVER_SHUTDOWN_TIMEOUT_S"] = "1";
  env["FENGHUO_DATABASE_BUSY_TIMEOUT_MS"] = "120000";
  Process server({fenghuo_binary(), "serve"}, env, (dir / "out.log").string());
  ASSERT_TRUE(wait_healthy(port, 20s)) << server.output();
  std::string token = cli_sign_in(dir, env, port, "13800000001");
  ASSERT_FALSE(token.empty());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "server.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  RawConnection stuck(port);
  stuck.send("POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
             "\r\nContent-Length: 0\r\n\r\n");
  std::this_thread::sleep_for(500ms);
  server.signal(SIGTERM);
  auto status = server.wait(8s);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ASSERT_TRUE(status) << "still running 8 s after SIGTERM with a 1 s shutdown timeout\n"
                      << server.output();
  EXPECT_EQ(*status, 3) << server.output();
  EXPECT_NE(server.output().find("exiting now"), std::string::npos) << server.output();
}

TEST(Process, SigtermClosesWebSocketsWithACloseFrame) {
  TempDir dir;
  auto port = free_port();
  auto env = server_env(dir, port);
  Process server({fenghuo_binary(), "serve"}, env, (dir / "out.log").string());
  ASSERT_TRUE(wait_healthy(port, 20s)) << server.output();
  std::string token = cli_sign_in(dir, env, port, "13800000001");
  WsClient ws(port, "/api/v1/ws", bearer(token));
  ASSERT_TRUE(ws.connected());
  server.signal(SIGINT);
  EXPECT_FALSE(ws.read_text(5s));
  EXPECT_EQ(ws.close_code(), 1001) << server.output();
  auto status = server.wait(10s);
  ASSERT_TRUE(status) << server.output();
  EXPECT_EQ(*status, 0) << server.output();
}

TEST(Process, LogsOneLinePerRequest) {
  TempDir dir;
  auto port = free_port();
  Process server({fenghuo_binary(), "serve"}, server_env(dir, port), (dir / "out.log").string());
  ASSERT_TRUE(wait_healthy(port, 20s));
  auto r = http_request(port, "GET", "/api/v1/nope?x=1");
  server.signal(SIGTERM);
  ASSERT_TRUE(server.wait(10s));
  std::string log = server.output();
  std::string id = r.header("X-Request-Id");
  auto line_start = log.find("id=" + id);
  ASSERT_NE(line_start, std::string::npos) << log;
  std::string line = log.substr(line_start, log.find('\n', line_start) - line_start);
  for (const char* part : {"method=GET", "path=/api/v1/nope", "status=404", "duration_ms=",
                           "bytes=", "user=-"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " missing in: " << line;
  }
}

TEST(Process, PortInUseIsAClearError) {
  TempDir dir;
  auto port = free_port();
  Process first({fenghuo_binary(), "serve"}, server_env(dir, port), (dir / "a.log").string());
  ASSERT_TRUE(wait_healthy(port, 20s));
  TempDir other;
  Process second({fenghuo_binary(), "serve"}, server_env(other, port), (other / "b.log").string());
  auto status = second.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(second.output().find("cannot listen"), std::string::npos) << second.output();
}

TEST(Cli, VersionAndHelp) {
  TempDir dir;
  Process version({fenghuo_binary(), "version"}, {}, (dir / "v.log").string());
  ASSERT_EQ(version.wait(10s), 0);
  EXPECT_EQ(version.output().rfind("fenghuo ", 0), 0u) << version.output();
  for (const char* cmd : {"serve", "migrate", "version"}) {
    Process help({fenghuo_binary(), cmd, "--help"}, {}, (dir / "h.log").string());
    EXPECT_EQ(help.wait(10s), 0) << cmd;
    EXPECT_NE(help.output().find("Usage"), std::string::npos) << cmd;
  }
}

TEST(Cli, MigrateAppliesThenReportsUpToDate) {
  TempDir dir;
  auto env = server_env(dir, 1);
  Process first({fenghuo_binary(), "migrate"}, env, (dir / "1.log").string());
  ASSERT_EQ(first.wait(20s), 0) << first.output();
  EXPECT_NE(first.output().find("applied 0001_platform"), std::string::npos) << first.output();
  Process second({fenghuo_binary(), "migrate"}, env, (dir / "2.log").string());
  ASSERT_EQ(second.wait(20s), 0) << second.output();
  EXPECT_NE(second.output().find("up to date"), std::string::npos) << second.output();
}

TEST(Cli, BadConfigurationNamesTheKeyAndExitsNonZero) {
  TempDir dir;
  std::ofstream(dir / "bad.toml") << "[server]\nport = 8080\nthreds = 4\n";
  Process bad({fenghuo_binary(), "--config", (dir / "bad.toml").string(), "serve"}, {},
              (dir / "bad.log").string());
  auto status = bad.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(bad.output().find("server.threds"), std::string::npos) << bad.output();

  Process bad_env({fenghuo_binary(), "migrate"}, {{"FENGHUO_DATABASE_URL", "oracle:x"}},
                  (dir / "env.log").string());
  status = bad_env.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(bad_env.output().find("database.url"), std::string::npos) << bad_env.output();

  Process missing({fenghuo_binary(), "--config", (dir / "nope.toml").string(), "serve"}, {},
                  (dir / "missing.log").string());
  status = missing.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(missing.output().find("nope.toml"), std::string::npos) << missing.output();
}

TEST(Process, TwoServersOnOnePostgresDeliverTheSameEvent) {
  FENGHUO_NEED_PG();
  PgTestDatabase pg(*pg_admin_url());
  TempDir dir_a, dir_b;
  auto port_a = free_port();
  auto port_b = free_port();
  Process a({fenghuo_binary(), "serve"}, server_env(dir_a, port_a, pg.url()),
            (dir_a / "a.log").string());
  ASSERT_TRUE(wait_healthy(port_a, 20s)) << a.output();
  Process b({fenghuo_binary(), "serve"}, server_env(dir_b, port_b, pg.url()),
            (dir_b / "b.log").string());
  ASSERT_TRUE(wait_healthy(port_b, 20s)) << b.output();

  std::string token = cli_sign_in(dir_a, server_env(dir_a, port_a, pg.url()), port_a, "13800000001");
  WsClient on_a(port_a, "/api/v1/ws", bearer(token));
  WsClient on_b(port_b, "/api/v1/ws", bearer(token));
  ASSERT_TRUE(on_a.connected() && on_b.connected());
  for (WsClient* ws : {&on_a, &on_b}) {
    ws->send_text(R"({"op":"subscribe","topics":["alerts"]})");
    ASSERT_TRUE(ws->read_text());
  }
  // A third process publishes: the test itself, through the same database.
  SystemClock clock;
  auto db = db::open_database({pg.url(), 1, 2000});
  ASSERT_TRUE(db.ok());
  realtime::Bus publisher(db->get(), clock);
  publisher.publish({"alerts", "created", R"({"id":"99","level":"red"})", "14"});

  for (WsClient* ws : {&on_a, &on_b}) {
    auto message = ws->read_text(5s);
    ASSERT_TRUE(message) << "each server delivers the event";
    auto v = boost::json::parse(*message);
    EXPECT_EQ(v.at("topic").as_string(), "alerts");
    EXPECT_EQ(v.at("data").at("id").as_string(), "99");
    EXPECT_FALSE(ws->read_text(300ms)) << "and only once";
  }
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  EXPECT_EQ(a.wait(10s), 0);
  EXPECT_EQ(b.wait(10s), 0);
}

}  // namespace
}  // namespace fenghuo::test

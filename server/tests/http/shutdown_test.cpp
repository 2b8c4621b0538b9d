// The real `fenghuo` binary as a process: signals, exit status, the command line, and
// several processes on one PostgreSQL database.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <csignal>
#include <fstream>

#include "core/clock.h"
#include "db/database.h"
#include "realtime/bus.h"
#include "support/http_client.h"
#include "support/pg.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_app.h"
#include "support/wait.h"

namespace fenghuo::test {
namespace {

using namespace std::chrono_literals;

// The environment of a server on a port of the system's choosing (wait_serving reads it).
std::map<std::string, std::string> server_env(const TempDir& dir, const std::string& db_url = {}) {
  return {
      {"FENGHUO_SERVER_PORT", "0"},
      {"FENGHUO_SERVER_HOST", "127.0.0.1"},
      {"FENGHUO_DATABASE_URL", db_url.empty() ? "sqlite:" + (dir / "server.db").string() : db_url},
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
  auto sent =
      http_request(port, "POST", "/api/v1/auth/sms-code", R"({"phone":")" + phone + R"("})");
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
  Process server({fenghuo_binary(), "serve"}, server_env(dir), (dir / "out.log").string());
  auto port = wait_serving(server, 20s).value_or(0);
  ASSERT_NE(port, 0) << server.output();

  RawConnection in_flight(port);
  // A request whose header the server has taken (it answered 100 Continue), body not sent.
  in_flight.send(
      "POST /api/v1/auth/sms-code HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/json\r\nExpect: 100-continue\r\n"
      "Content-Length: 2\r\n\r\n");
  auto go_on = in_flight.read_response(5s);
  ASSERT_TRUE(go_on) << server.output();
  ASSERT_EQ(go_on->status, 100);
  server.signal(SIGTERM);
  ASSERT_TRUE(eventually([&] {
    return server.output().find("http: stopping") != std::string::npos;
  })) << server.output();
  EXPECT_FALSE(server.wait(10ms)) << "the server waits for the request in flight";
  in_flight.send("{}");
  auto r = in_flight.read_response(5s);
  ASSERT_TRUE(r) << server.output();
  EXPECT_EQ(r->status, 400) << r->body;
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
  auto env = server_env(dir);
  env["FENGHUO_SERVER_SHUTDOWN_TIMEOUT_S"] = "1";
  env["FENGHUO_DATABASE_BUSY_TIMEOUT_MS"] = "120000";
  Process server({fenghuo_binary(), "serve"}, env, (dir / "out.log").string());
  auto port = wait_serving(server, 20s).value_or(0);
  ASSERT_NE(port, 0) << server.output();
  std::string token = cli_sign_in(dir, env, port, "13800000001");
  ASSERT_FALSE(token.empty());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "server.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  RawConnection stuck(port);
  // The server has the request once it answers 100 Continue; its handler then waits on the
  // locked database whether the signal comes before or after it starts.
  stuck.send("POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
             "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
             "Content-Length: 2\r\n\r\n");
  auto go_on = stuck.read_response(5s);
  ASSERT_TRUE(go_on) << server.output();
  ASSERT_EQ(go_on->status, 100);
  stuck.send("{}");
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
  auto env = server_env(dir);
  Process server({fenghuo_binary(), "serve"}, env, (dir / "out.log").string());
  auto port = wait_serving(server, 20s).value_or(0);
  ASSERT_NE(port, 0) << server.output();
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
  Process server({fenghuo_binary(), "serve"}, server_env(dir), (dir / "out.log").string());
  auto port = wait_serving(server, 20s).value_or(0);
  ASSERT_NE(port, 0);
  auto r = http_request(port, "GET", "/api/v1/nope?x=1");
  server.signal(SIGTERM);
  ASSERT_TRUE(server.wait(10s));
  std::string log = server.output();
  std::string id = r.header("X-Request-Id");
  auto line_start = log.find("id=" + id);
  ASSERT_NE(line_start, std::string::npos) << log;
  std::string line = log.substr(line_start, log.find('\n', line_start) - line_start);
  for (const char* part :
       {"method=GET", "path=/api/v1/nope", "status=404", "duration_ms=", "bytes=", "user=-"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " missing in: " << line;
  }
}

TEST(Process, PortInUseIsAClearError) {
  TempDir dir;
  Process first({fenghuo_binary(), "serve"}, server_env(dir), (dir / "a.log").string());
  auto port = wait_serving(first, 20s).value_or(0);
  ASSERT_NE(port, 0) << first.output();
  TempDir other;
  auto taken = server_env(other);
  taken["FENGHUO_SERVER_PORT"] = std::to_string(port);
  Process second({fenghuo_binary(), "serve"}, taken, (other / "b.log").string());
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
  auto env = server_env(dir);
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
  Process a({fenghuo_binary(), "serve"}, server_env(dir_a, pg.url()), (dir_a / "a.log").string());
  auto port_a = wait_serving(a, 20s).value_or(0);
  ASSERT_NE(port_a, 0) << a.output();
  Process b({fenghuo_binary(), "serve"}, server_env(dir_b, pg.url()), (dir_b / "b.log").string());
  auto port_b = wait_serving(b, 20s).value_or(0);
  ASSERT_NE(port_b, 0) << b.output();

  std::string token = cli_sign_in(dir_a, server_env(dir_a, pg.url()), port_a, "13800000001");
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

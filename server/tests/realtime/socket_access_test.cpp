// Who hears what on the realtime socket (issue 11 item 6): topics need the permission of their
// REST twin, addressed events reach their users only, servers' topics are never subscribed
// to, and a socket closes when the session, API token or user behind it loses access.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/services.h"
#include "core/time.h"
#include "db/database.h"
#include "notify/notifier.h"
#include "support/http_client.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

using namespace std::chrono_literals;

boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }

// The answer to a subscription: the topics granted and, by topic, the refusals' codes.
struct Subscribed {
  std::vector<std::string> granted;
  std::map<std::string, std::string> refused;
};

Subscribed subscribe(WsClient& ws, const std::vector<std::string>& topics) {
  boost::json::array list;
  for (const auto& t : topics) list.emplace_back(t);
  ws.send_text(boost::json::serialize(boost::json::object{{"op", "subscribe"}, {"topics", list}}));
  Subscribed out;
  auto reply = ws.read_text();
  if (!reply) return out;
  auto v = boost::json::parse(*reply).as_object();
  EXPECT_EQ(v.at("op").as_string(), "subscribed") << *reply;
  for (const auto& t : v.at("topics").as_array()) out.granted.emplace_back(t.as_string());
  if (const auto* refused = v.if_contains("refused")) {
    for (const auto& r : refused->as_array()) {
      out.refused[std::string(r.at("topic").as_string())] = std::string(r.at("code").as_string());
    }
  }
  return out;
}

std::optional<boost::json::object> next_event(WsClient& ws, std::chrono::milliseconds wait = 3s) {
  auto text = ws.read_text(wait);
  if (!text) return std::nullopt;
  return boost::json::parse(*text).as_object();
}

WsClient socket_of(const TestApp& app, const std::string& token) {
  return WsClient(app.port(), "/api/v1/ws", {{"Authorization", "Bearer " + token}});
}

class SocketAccess : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    add_user(*app_, "13700000001", "省管理员", "140000", {"system_admin"});
    admin_ = sign_in(*app_, "13700000001", clock_.get());
  }

  std::string create_incident(const std::string& title) {
    auto r = admin_.bearer("POST", "/api/v1/incidents",
                           R"({"title":")" + title + R"(","type":"A03","occurred_at":")" +
                               format_rfc3339(clock_->now_ms() - 60000) +
                               R"(","region":"140105","deaths":1})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(json(r).at("id").as_string()) : "";
  }

  std::string create_token(const Session& by, const std::string& scopes, std::string* id) {
    auto r =
        by.bearer("POST", "/api/v1/api-tokens", R"({"name":"接入","scopes":[)" + scopes + "]}");
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    if (id != nullptr) *id = std::string(json(r).at("id").as_string());
    return std::string(json(r).at("token").as_string());
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  Session admin_;
};

TEST_P(SocketAccess, AReadingsOnlyTokenIsRefusedIncidentsAndHearsNone) {
  std::string token = create_token(admin_, R"("readings.write")", nullptr);
  WsClient machine = socket_of(*app_, token);
  ASSERT_TRUE(machine.connected());
  auto answer = subscribe(machine, {"incidents", "reports", "alerts"});
  EXPECT_TRUE(answer.granted.empty());
  EXPECT_EQ(answer.refused["incidents"], "forbidden");
  EXPECT_EQ(answer.refused["reports"], "forbidden");
  EXPECT_EQ(answer.refused["alerts"], "forbidden");

  WsClient admin_ws = socket_of(*app_, admin_.token);
  ASSERT_EQ(subscribe(admin_ws, {"incidents"}).granted, std::vector<std::string>{"incidents"});
  std::string id = create_incident("小店区某小区燃气爆炸");
  auto heard = next_event(admin_ws);
  ASSERT_TRUE(heard) << "the event went out";
  EXPECT_EQ(heard->at("topic").as_string(), "incidents");
  EXPECT_FALSE(machine.read_text(500ms))
      << "the token hears no incident, reporters' phones and all";
}

TEST_P(SocketAccess, ServersTopicsAndUnknownTopicsAreRefused) {
  WsClient ws = socket_of(*app_, admin_.token);
  ASSERT_TRUE(ws.connected());
  auto answer = subscribe(ws, {"auth/access", "monitoring/config", "incident/42", "alerts"});
  EXPECT_EQ(answer.granted, std::vector<std::string>{"alerts"});
  EXPECT_EQ(answer.refused["auth/access"], "forbidden") << "even for a system administrator";
  EXPECT_EQ(answer.refused["monitoring/config"], "forbidden");
  EXPECT_EQ(answer.refused["incident/42"], "not_found");

  // Signing someone out announces on auth/access: nothing of it reaches the browser.
  add_user(*app_, "13700000002", "值班员", "140100", {"duty_officer"});
  Session officer = sign_in(*app_, "13700000002", clock_.get());
  ASSERT_EQ(officer.bearer("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_FALSE(ws.read_text(500ms));
}

TEST_P(SocketAccess, ANotificationReachesItsUserOnly) {
  std::string a = add_user(*app_, "13700000003", "值班员甲", "140100", {"duty_officer"});
  add_user(*app_, "13700000004", "值班员乙", "140100", {"duty_officer"});
  Session user_a = sign_in(*app_, "13700000003", clock_.get());
  Session user_b = sign_in(*app_, "13700000004", clock_.get());
  WsClient ws_a = socket_of(*app_, user_a.token);
  WsClient ws_b = socket_of(*app_, user_b.token);
  ASSERT_EQ(subscribe(ws_a, {"notifications"}).granted.size(), 1u);
  ASSERT_EQ(subscribe(ws_b, {"notifications"}).granted.size(), 1u);
  std::string token = create_token(admin_, R"("alerts.read")", nullptr);
  WsClient machine = socket_of(*app_, token);
  EXPECT_EQ(subscribe(machine, {"notifications"}).refused["notifications"], "forbidden")
      << "an API token has no notifications";

  auto& services = app_->app().services();
  ASSERT_TRUE(services.db
                  ->transact([&](db::Transaction& tx) {
                    return services.notifier->in_app(
                        tx, {{std::stoll(a), "值班员甲", "13700000003"}},
                        {"fax_received", "收到传真", "请签收", "/duty/faxes/1", "140100"});
                  })
                  .ok());
  auto heard = next_event(ws_a);
  ASSERT_TRUE(heard) << "A hears their notification";
  EXPECT_EQ(heard->at("topic").as_string(), "notifications");
  EXPECT_FALSE(ws_b.read_text(500ms)) << "B, of the same region, does not";
  auto list_b = user_b.bearer("GET", "/api/v1/notifications");
  EXPECT_EQ(json(list_b).at("items").as_array().size(), 0u);
}

TEST_P(SocketAccess, ASocketClosesWhenItsSessionSignsOut) {
  add_user(*app_, "13700000005", "值班员", "140100", {"duty_officer"});
  Session officer = sign_in(*app_, "13700000005", clock_.get());
  WsClient ws = socket_of(*app_, officer.token);
  WsClient other = socket_of(*app_, admin_.token);
  ASSERT_EQ(subscribe(ws, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(subscribe(other, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(officer.bearer("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_FALSE(ws.read_text(3s));
  EXPECT_EQ(ws.close_code(), 1008) << "closed by the server as access ended";
  // Another session's socket stays open and still hears its topics.
  auto warning = admin_.bearer(
      "POST", "/api/v1/alerts",
      R"({"event":"大风","level":"blue","headline":"太原市大风蓝色预警","expires_at":")" +
          format_rfc3339(clock_->now_ms() + 3600000) + R"(","regions":["140100"]})");
  ASSERT_EQ(warning.status, 201) << warning.body;
  EXPECT_TRUE(next_event(other)) << "the administrator's socket is open";
}

TEST_P(SocketAccess, SocketsCloseWhenTheirUserIsDisabledTokensTheyMadeToo) {
  std::string id = add_user(*app_, "13700000006", "太原管理员", "140100", {"system_admin"});
  Session user = sign_in(*app_, "13700000006", clock_.get());
  std::string token = create_token(user, R"("alerts.read")", nullptr);
  WsClient ws = socket_of(*app_, user.token);
  WsClient machine = socket_of(*app_, token);
  WsClient other = socket_of(*app_, admin_.token);
  ASSERT_EQ(subscribe(ws, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(subscribe(machine, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(subscribe(other, {"alerts"}).granted.size(), 1u);
  auto disabled =
      admin_.bearer("PATCH", "/api/v1/users/" + id, R"({"status":"disabled","version":1})");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_FALSE(ws.read_text(3s));
  EXPECT_EQ(ws.close_code(), 1008);
  EXPECT_FALSE(machine.read_text(3s));
  EXPECT_EQ(machine.close_code(), 1008) << "the API token its user made stops too";
  EXPECT_FALSE(other.read_text(300ms));
  EXPECT_FALSE(other.close_code()) << "another user's socket stays open";
  WsClient again = socket_of(*app_, user.token);
  EXPECT_FALSE(again.connected()) << "and cannot open a new one";
}

TEST_P(SocketAccess, ASocketClosesWhenItsTokenIsRevoked) {
  std::string token_id;
  std::string token = create_token(admin_, R"("alerts.read")", &token_id);
  std::string kept = create_token(admin_, R"("alerts.read")", nullptr);
  WsClient machine = socket_of(*app_, token);
  WsClient other = socket_of(*app_, kept);
  ASSERT_EQ(subscribe(machine, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(subscribe(other, {"alerts"}).granted.size(), 1u);
  ASSERT_EQ(admin_.bearer("DELETE", "/api/v1/api-tokens/" + token_id).status, 204);
  EXPECT_FALSE(machine.read_text(3s));
  EXPECT_EQ(machine.close_code(), 1008);
  EXPECT_FALSE(other.read_text(300ms));
  EXPECT_FALSE(other.close_code()) << "another token's socket stays open";
}

INSTANTIATE_TEST_SUITE_P(Backends, SocketAccess,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

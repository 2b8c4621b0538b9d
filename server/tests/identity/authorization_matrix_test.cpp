// Every route of the route table, for every role, for an API token, for nobody, and against
// records of another jurisdiction: what must be refused is refused, what must be allowed is
// allowed. A new route joins this test by being in the router; if its path has a parameter
// this test does not know, the test fails and asks for a fixture. The realtime topics the same:
// every topic published while this test runs must be in the topic table, each one is
// subscribed to by every caller, and a topic's permission is the one its REST twin needs.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "app/services.h"
#include "app/topics.h"
#include "core/time.h"
#include "http/router.h"
#include "identity/roles.h"
#include "realtime/bus.h"
#include "support/http_client.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

bool refused(int status) { return status == 401 || status == 403 || status == 404; }

std::string fill(const std::string& pattern, const std::map<std::string, std::string>& values,
                 std::string* missing) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      auto end = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, end - i - 1);
      // The fixture for a parameter is looked up by the path before it ("/users/{id}").
      std::string key = pattern.substr(0, i) + "{" + name + "}";
      auto it = values.find(key);
      if (it == values.end()) {
        *missing = key;
        return {};
      }
      out += it->second;
      i = end + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

class AuthorizationMatrix : public ::testing::TestWithParam<Backend> {};

TEST_P(AuthorizationMatrix, EveryRouteRefusesWhatItMustAndAllowsWhatItMay) {
  if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
  // Every topic anything publishes while the test runs (declared first: outlives the app).
  std::mutex published_mutex;
  std::set<std::string> published;
  auto clock = std::make_shared<ManualClock>();
  TestApp app(GetParam(), nullptr, clock);
  auto listening = app.app().bus().subscribe([&](const realtime::Event& e) {
    std::lock_guard lock(published_mutex);
    published.insert(e.topic);
  });

  // Records in Datong (140200), outside the Taiyuan (140100) callers' jurisdiction.
  add_user(app, "13600000001", "大同管理员", "140200", {"system_admin"});
  Session datong = sign_in(app, "13600000001", clock.get());
  std::string datong_user = add_user(app, "13600000002", "大同值班员", "140200", {"viewer"});
  auto org = datong.bearer("POST", "/api/v1/organisations",
                           R"({"name":"大同市蓝天救援队","region":"140200","type":"rescue_team"})");
  ASSERT_EQ(org.status, 201) << org.body;
  std::string datong_org(boost::json::parse(org.body).at("id").as_string());
  auto admin = datong.bearer("POST", "/api/v1/org-admins",
                             R"({"org_id":")" + datong_org + R"(","name":"张工","phone":"13600000003"})");
  ASSERT_EQ(admin.status, 201) << admin.body;
  auto token = datong.bearer("POST", "/api/v1/api-tokens",
                             R"({"name":"大同水文","scopes":["readings.write"]})");
  ASSERT_EQ(token.status, 201) << token.body;
  auto resource = datong.bearer("POST", "/api/v1/resources",
                                R"({"kind":"shelter","category":"park","name":"大同文瀛湖避难场所","region":"140213","lon":113.28441,"lat":40.08676,"capacity":5000,"area_m2":10000})");
  ASSERT_EQ(resource.status, 201) << resource.body;
  std::string datong_resource(boost::json::parse(resource.body).at("id").as_string());
  auto sessions = datong.bearer("GET", "/api/v1/me/sessions");
  std::string datong_session(
      boost::json::parse(sessions.body).at("items").at(0).at("id").as_string());

  // Duty-room records of the Datong bureau: an incident with its first report, a shift, a
  // handover, a fax with its document.
  auto incident = datong.bearer("POST", "/api/v1/incidents",
                                R"({"title":"大同某矿透水","type":"A03","occurred_at":")" +
                                    format_rfc3339(clock->now_ms() - 60000) +
                                    R"(","region":"140213","deaths":1})");
  ASSERT_EQ(incident.status, 201) << incident.body;
  std::string datong_incident(boost::json::parse(incident.body).at("id").as_string());
  auto reports = datong.bearer("GET", "/api/v1/incidents/" + datong_incident + "/reports");
  std::string datong_report(boost::json::parse(reports.body).at("items").at(0).at("id").as_string());
  std::string datong_bureau(boost::json::parse(datong.bearer("GET", "/api/v1/me").body).at("org").at("id").as_string());
  auto shift = datong.bearer("PUT", "/api/v1/duty/shifts",
                             R"({"org_id":")" + datong_bureau + R"(","date":"2026-12-01","shift":"day"})");
  ASSERT_EQ(shift.status, 200) << shift.body;
  auto handover = datong.bearer("POST", "/api/v1/duty/handovers",
                                R"({"notes":"平稳","to_user_id":")" + datong_user + R"("})");
  ASSERT_EQ(handover.status, 201) << handover.body;
  auto file = http_request(app.port(), "POST", "/api/v1/files?name=notice.pdf",
                           "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
                           {{"Authorization", "Bearer " + datong.token}});
  ASSERT_EQ(file.status, 201) << file.body;
  std::string datong_file(boost::json::parse(file.body).at("id").as_string());
  auto fax = datong.bearer("POST", "/api/v1/faxes",
                           R"({"title":"通知","file_id":")" + datong_file + R"(","to":[")" + datong_org + R"("]})");
  ASSERT_EQ(fax.status, 201) << fax.body;

  auto warning = datong.bearer("POST", "/api/v1/alerts",
                               R"({"event":"大风","level":"blue","headline":"大同市大风蓝色预警","expires_at":")" +
                                   format_rfc3339(clock->now_ms() + 3600000) + R"(","regions":["140200"]})");
  ASSERT_EQ(warning.status, 201) << warning.body;

  // A Datong mine station with an open alarm.
  auto station = datong.bearer("POST", "/api/v1/resources",
                               R"({"kind":"station","category":"mine","name":"大同某矿监测站","region":"140213","lon":113.28441,"lat":40.08676,"code":"DT-MINE-01"})");
  ASSERT_EQ(station.status, 201) << station.body;
  std::string datong_station(boost::json::parse(station.body).at("id").as_string());
  ASSERT_EQ(datong.bearer("PUT", "/api/v1/monitoring/stations/" + datong_station + "/metrics/ch4",
                          R"({"rules":[{"kind":"above","thresholds":[{"level":"red","value":1.0}]}]})").status,
            200);
  Session datong_feed{app.port(), std::string(boost::json::parse(token.body).at("token").as_string()), "", ""};
  auto readings = datong_feed.bearer("POST", "/api/v1/readings",
                                     R"({"readings":[{"station":"DT-MINE-01","metric":"ch4","time":")" +
                                         format_rfc3339(clock->now_ms() - 1000) + R"(","value":1.5}]})");
  ASSERT_EQ(readings.status, 200) << readings.body;
  auto alarms = datong.bearer("GET", "/api/v1/monitoring/alarms");
  ASSERT_EQ(boost::json::parse(alarms.body).at("total").as_int64(), 1) << alarms.body;
  std::string datong_alarm(boost::json::parse(alarms.body).at("items").at(0).at("id").as_string());

  std::map<std::string, std::string> fixtures = {
      {"/api/v1/monitoring/stations/{id}", datong_station},
      {"/api/v1/monitoring/stations/{id}/metrics/{metric}", "ch4"},
      {"/api/v1/monitoring/alarms/{id}", datong_alarm},
      {"/api/v1/alerts/{id}", std::string(boost::json::parse(warning.body).at("id").as_string())},
      {"/api/v1/incidents/{id}", datong_incident},
      {"/api/v1/incidents/{id}/attachments/{file}", datong_file},
      {"/api/v1/reports/{id}", datong_report},
      {"/api/v1/duty/shifts/{id}", std::string(boost::json::parse(shift.body).at("id").as_string())},
      {"/api/v1/duty/handovers/{id}", std::string(boost::json::parse(handover.body).at("id").as_string())},
      {"/api/v1/faxes/{id}", std::string(boost::json::parse(fax.body).at("id").as_string())},
      {"/api/v1/files/{id}", datong_file},
      {"/api/v1/notifications/{id}", "1"},
      {"/api/v1/organisations/{id}", datong_org},
      {"/api/v1/users/{id}", datong_user},
      {"/api/v1/org-admins/{id}", std::string(boost::json::parse(admin.body).at("id").as_string())},
      {"/api/v1/api-tokens/{id}", std::string(boost::json::parse(token.body).at("id").as_string())},
      {"/api/v1/me/sessions/{id}", datong_session},
      {"/api/v1/resources/{id}", datong_resource},
  };

  // One Taiyuan user per role, and an API token with every scope.
  struct Caller {
    std::string name;
    Session session;
    std::set<std::string, std::less<>> permissions;
    bool is_user;
  };
  std::vector<Caller> callers;
  int n = 0;
  for (const auto& role : identity::roles()) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "1350000%04d", ++n);
    add_user(app, phone, std::string(role.code), "140100", {std::string(role.code)});
    std::vector<std::string> one = {std::string(role.code)};
    callers.push_back({std::string(role.code), sign_in(app, phone, clock.get()),
                       identity::permissions_of(one), true});
  }
  {
    add_user(app, "13500009999", "太原管理员", "140100", {"system_admin"});
    Session admin_session = sign_in(app, "13500009999", clock.get());
    std::string scopes;
    for (const auto& p : identity::permissions()) {
      if (p.token_scope) scopes += std::string(scopes.empty() ? "" : ",") + "\"" + std::string(p.code) + "\"";
    }
    auto t = admin_session.bearer("POST", "/api/v1/api-tokens",
                                  R"({"name":"全部范围","scopes":[)" + scopes + "]}");
    ASSERT_EQ(t.status, 201) << t.body;
    Session machine{app.port(), std::string(boost::json::parse(t.body).at("token").as_string()), "", ""};
    std::set<std::string, std::less<>> perms;
    for (const auto& p : identity::permissions()) {
      if (p.token_scope) perms.emplace(p.code);
    }
    callers.push_back({"api-token", machine, perms, false});
  }

  // The realtime topics, for every caller: granted exactly when the caller may read the REST
  // twin (signed-in users for their own notifications), servers' and unknown topics never.
  std::vector<std::string> all_topics;
  for (const auto& rule : topic_rules()) all_topics.push_back(rule.topic);
  all_topics.push_back("incident/" + datong_incident);  // no such topic
  boost::json::array topic_list;
  for (const auto& t : all_topics) topic_list.emplace_back(t);
  std::string subscribe_all = boost::json::serialize(
      boost::json::object{{"op", "subscribe"}, {"topics", std::move(topic_list)}});
  EXPECT_FALSE(WsClient(app.port()).connected()) << "no socket without credentials";
  std::vector<std::unique_ptr<WsClient>> sockets;
  int topic_checks = 0;
  for (const Caller& caller : callers) {
    SCOPED_TRACE("topics of " + caller.name);
    auto ws = std::make_unique<WsClient>(app.port(), "/api/v1/ws",
                                         std::vector<std::pair<std::string, std::string>>{
                                             {"Authorization", "Bearer " + caller.session.token}});
    ASSERT_TRUE(ws->connected());
    ws->send_text(subscribe_all);
    auto reply = ws->read_text();
    ASSERT_TRUE(reply);
    auto answer = boost::json::parse(*reply).as_object();
    std::set<std::string> granted;
    for (const auto& t : answer.at("topics").as_array()) granted.emplace(t.as_string());
    std::set<std::string> refused;
    if (const auto* r = answer.if_contains("refused")) {
      for (const auto& t : r->as_array()) refused.emplace(t.at("topic").as_string());
    }
    for (const auto& topic : all_topics) {
      const TopicRule* rule = find_topic_rule(topic);
      bool may = rule != nullptr &&
                 (rule->audience == TopicRule::Audience::kPermission
                      ? caller.permissions.contains(rule->permission)
                      : rule->audience == TopicRule::Audience::kUsers && caller.is_user);
      EXPECT_EQ(granted.contains(topic), may) << topic;
      EXPECT_EQ(refused.contains(topic), !may) << topic;
      ++topic_checks;
    }
    sockets.push_back(std::move(ws));
  }
  // Subscribed to everything they may, Taiyuan's sockets hear nothing of a Datong incident.
  WsClient datong_ws(app.port(), "/api/v1/ws", {{"Authorization", "Bearer " + datong.token}});
  datong_ws.send_text(R"({"op":"subscribe","topics":["incidents"]})");
  ASSERT_TRUE(datong_ws.read_text());
  auto second = datong.bearer("POST", "/api/v1/incidents",
                              R"({"title":"大同某矿冒顶","type":"A03","occurred_at":")" +
                                  format_rfc3339(clock->now_ms() - 60000) +
                                  R"(","region":"140213","deaths":1})");
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_TRUE(datong_ws.read_text()) << "Datong hears its incident";
  for (std::size_t i = 0; i < sockets.size(); ++i) {
    auto heard = sockets[i]->read_text(std::chrono::milliseconds(i == 0 ? 1000 : 100));
    EXPECT_FALSE(heard) << callers[i].name << " heard " << heard.value_or("");
  }
  sockets.clear();
  EXPECT_GE(topic_checks, static_cast<int>(callers.size() * all_topics.size()));

  // Sign-out last, so that it does not end the sessions the other checks use.
  std::vector<const http::Route*> routes;
  for (const auto& r : app.app().router().routes()) routes.push_back(&r);
  std::stable_partition(routes.begin(), routes.end(),
                        [](const http::Route* r) { return r->pattern != "/api/v1/auth/logout"; });

  // Files need a permission, not just a session: uploads files.write, downloads files.read
  // (what a download may return is checked in storage/files_test.cpp).
  std::map<std::string, std::string> file_permissions;
  for (const http::Route* route : routes) {
    if (route->pattern.starts_with("/api/v1/files")) {
      file_permissions[std::string(http::method_name(route->method)) + " " + route->pattern] =
          route->options.access.scope == http::Scope::kSelf ? "self"
                                                            : route->options.access.permission;
    }
  }
  EXPECT_EQ(file_permissions,
            (std::map<std::string, std::string>{{"POST /api/v1/files", "files.write"},
                                                {"GET /api/v1/files/{id}", "files.read"}}));

  int checks = 0;
  for (const http::Route* route : routes) {
    std::string method(http::method_name(route->method));
    std::string missing;
    std::string path = fill(route->pattern, fixtures, &missing);
    ASSERT_TRUE(missing.empty()) << "add a fixture for " << missing << " to this test";
    bool has_params = path != route->pattern;
    bool writes = method != "GET";
    std::string body = writes ? "{}" : "";
    const http::Access& access = route->options.access;
    SCOPED_TRACE(method + " " + route->pattern);

    auto anonymous = http_request(app.port(), method, path, body);
    if (access.scope == http::Scope::kPublic) {
      EXPECT_FALSE(refused(anonymous.status)) << "public route refused: " << anonymous.body;
      continue;
    }
    EXPECT_EQ(anonymous.status, 401) << "without credentials";
    ++checks;

    for (const Caller& caller : callers) {
      SCOPED_TRACE(caller.name);
      auto r = caller.session.bearer(method, path, body);
      ++checks;
      bool may = access.scope == http::Scope::kSelf ? caller.is_user
                                                    : caller.permissions.contains(access.permission);
      if (!may) {
        EXPECT_EQ(r.status, 403) << r.body;
        continue;
      }
      if (has_params) {
        // Allowed to use the route, but the record is in another jurisdiction (or, for
        // "self" routes, belongs to someone else).
        EXPECT_TRUE(r.status == 404 || r.status == 403) << r.status << " " << r.body;
      } else {
        EXPECT_FALSE(refused(r.status)) << r.status << " " << r.body;
      }
      if (access.scope == http::Scope::kJurisdiction && !has_params && !writes) {
        auto outside = caller.session.bearer(method, path + "?region=140200");
        EXPECT_EQ(outside.status, 403) << "a region outside the jurisdiction: " << outside.body;
      }
    }
  }
  EXPECT_GT(checks, 100);

  // Every topic published is in the topic table, and each topic's permission is what the GET
  // route of its REST twin needs.
  app.app().bus().unsubscribe(listening);
  {
    std::lock_guard lock(published_mutex);
    EXPECT_GE(published.size(), 8u) << "the fixtures announce on most topics";
    for (const auto& topic : published) {
      EXPECT_NE(find_topic_rule(topic), nullptr)
          << "the topic " << topic << " is published but not in app/topics.cpp's table";
    }
  }
  for (const auto& rule : topic_rules()) {
    SCOPED_TRACE(rule.topic);
    if (rule.audience == TopicRule::Audience::kServers) {
      EXPECT_TRUE(rule.permission.empty() && rule.rest_twin.empty());
      continue;
    }
    ASSERT_TRUE(rule.rest_twin.starts_with("GET /api/")) << rule.rest_twin;
    std::string path = rule.rest_twin.substr(4);
    const http::Route* twin = nullptr;
    for (const auto& r : app.app().router().routes()) {
      if (r.method == http::Method::kGet && r.pattern == path) twin = &r;
    }
    ASSERT_NE(twin, nullptr) << "no route " << rule.rest_twin;
    if (rule.audience == TopicRule::Audience::kUsers) {
      EXPECT_EQ(twin->options.access.scope, http::Scope::kSelf);
    } else {
      EXPECT_FALSE(rule.permission.empty());
      EXPECT_EQ(twin->options.access.permission, rule.permission);
    }
  }

  // Nothing in Datong changed through all of that.
  auto unchanged = datong.bearer("GET", "/api/v1/users/" + datong_user);
  ASSERT_EQ(unchanged.status, 200);
  EXPECT_EQ(boost::json::parse(unchanged.body).at("version").as_int64(), 1);
  EXPECT_EQ(boost::json::parse(unchanged.body).at("status").as_string(), "active");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrix,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

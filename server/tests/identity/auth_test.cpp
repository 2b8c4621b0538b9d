// SMS-code login, sessions, CSRF and API tokens, through HTTP against SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <thread>

#include "app/services.h"
#include "core/crypto.h"
#include "support/http_client.h"
#include "support/manual_clock.h"
#include "support/session.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

constexpr const char* kPhone = "13900000001";

std::string code_body(const std::string& phone) { return R"({"phone":")" + phone + R"("})"; }
std::string login_body(const std::string& phone, const std::string& code) {
  return R"({"phone":")" + phone + R"(","code":")" + code + R"("})";
}
std::string error_code(const HttpResponse& r) {
  return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}
int outbox_lines(const TestApp& app) {
  std::ifstream in(app.outbox_path());
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

class AuthTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(GetParam(), nullptr, clock_);
    user_id_ = add_user(*app_, kPhone, "值班员甲", "140100", {"duty_officer"});
  }
  HttpResponse post(const std::string& path, const std::string& body) {
    return http_request(app_->port(), "POST", path, body);
  }
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
  std::string user_id_;
};

TEST_P(AuthTest, CodeFromTheOutboxSignsIn) {
  auto sent = post("/api/v1/auth/sms-code", code_body(kPhone));
  ASSERT_EQ(sent.status, 202) << sent.body;
  std::string code = app_->last_code(kPhone);
  ASSERT_EQ(code.size(), 6u);
  auto login = post("/api/v1/auth/login", login_body(kPhone, code));
  ASSERT_EQ(login.status, 200) << login.body;
  auto v = boost::json::parse(login.body);
  EXPECT_EQ(v.at("token").as_string().size(), 64u) << "a 256-bit token";
  EXPECT_EQ(v.at("user").at("id").as_string(), user_id_);
  EXPECT_EQ(v.at("user").at("region").as_string(), "140100");
  std::string cookies;
  for (const auto& [k, val] : login.headers) cookies += k + ": " + val + "\n";
  EXPECT_NE(login.header("Set-Cookie").find("SameSite=Strict"), std::string::npos);

  Session s{app_->port(), std::string(v.at("token").as_string()),
            std::string(v.at("csrf_token").as_string()), user_id_};
  auto me = s.bearer("GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(boost::json::parse(me.body).at("name").as_string(), "值班员甲");
  EXPECT_EQ(s.cookie("GET", "/api/v1/me").status, 200);
}

TEST_P(AuthTest, TheSessionCookieIsHttpOnlyAndTheCsrfCookieIsNot) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  // The parsed headers keep one value per name: read the raw response.
  RawConnection c(app_->port());
  std::string body = login_body(kPhone, app_->last_code(kPhone));
  c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body);
  EXPECT_TRUE(c.closed_within(std::chrono::seconds(5)));
  const std::string& text = c.buffer();
  auto session = text.find("Set-Cookie: fenghuo_session=");
  auto csrf = text.find("Set-Cookie: fenghuo_csrf=");
  ASSERT_NE(session, std::string::npos) << text;
  ASSERT_NE(csrf, std::string::npos) << text;
  std::string session_line = text.substr(session, text.find("\r\n", session) - session);
  std::string csrf_line = text.substr(csrf, text.find("\r\n", csrf) - csrf);
  EXPECT_NE(session_line.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(csrf_line.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(session_line.find("Secure"), std::string::npos) << "plain HTTP: no Secure flag";
}

TEST_P(AuthTest, AnswerDoesNotRevealWhetherThePhoneIsAUser) {
  auto user = post("/api/v1/auth/sms-code", code_body(kPhone));
  auto stranger = post("/api/v1/auth/sms-code", code_body("13700000009"));
  EXPECT_EQ(user.status, stranger.status);
  EXPECT_EQ(user.body, stranger.body);
  EXPECT_EQ(outbox_lines(*app_), 1) << "only the user gets an SMS";
}

TEST_P(AuthTest, BadPhoneIsRefusedNamingTheField) {
  auto r = post("/api/v1/auth/sms-code", code_body("12345"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("field").as_string(), "phone");
}

TEST_P(AuthTest, OneCodeAMinuteAndTenAnHourPerPhone) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  auto again = post("/api/v1/auth/sms-code", code_body(kPhone));
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(error_code(again), "rate_limited");
  int retry = std::stoi(again.header("Retry-After"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 60);
  for (int i = 1; i < 10; ++i) {
    clock_->advance_s(61);
    ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202) << i;
  }
  clock_->advance_s(61);
  auto eleventh = post("/api/v1/auth/sms-code", code_body(kPhone));
  EXPECT_EQ(eleventh.status, 429) << "the eleventh code within an hour";
  EXPECT_FALSE(eleventh.header("Retry-After").empty());
}

TEST_P(AuthTest, ClientAddressIsRateLimitedAcrossPhones) {
  int accepted = 0;
  int refused = 0;
  for (int i = 0; i < 35; ++i) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "137%08d", i);
    auto r = post("/api/v1/auth/sms-code", code_body(phone));
    (r.status == 202 ? accepted : refused)++;
  }
  EXPECT_EQ(accepted, 30);
  EXPECT_EQ(refused, 5);
}

TEST_P(AuthTest, SixthWrongCodeFailsEvenIfRight) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  std::string right = app_->last_code(kPhone);
  std::string wrong = right == "000000" ? "111111" : "000000";
  for (int i = 1; i <= 4; ++i) {
    auto r = post("/api/v1/auth/login", login_body(kPhone, wrong));
    EXPECT_EQ(r.status, 401) << "wrong try " << i;
  }
  auto fifth = post("/api/v1/auth/login", login_body(kPhone, wrong));
  EXPECT_EQ(fifth.status, 429);
  auto sixth = post("/api/v1/auth/login", login_body(kPhone, right));
  EXPECT_EQ(sixth.status, 429) << "the code is dead after five wrong tries";
  EXPECT_FALSE(sixth.header("Retry-After").empty());
}

TEST_P(AuthTest, CodesExpireAfterFiveMinutes) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  clock_->advance_s(301);
  auto r = post("/api/v1/auth/login", login_body(kPhone, app_->last_code(kPhone)));
  EXPECT_EQ(r.status, 401);
}

TEST_P(AuthTest, AnEarlierCodeStaysValidWhenAnotherIsRequested) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  std::string first = app_->last_code(kPhone);
  clock_->advance_s(61);
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  std::string second = app_->last_code(kPhone);
  EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, first)).status, 200)
      << "asking for a code in someone's name does not retire theirs";
  EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, first)).status, 401) << "single use";
  if (first != second) {
    EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, second)).status, 401)
        << "a sign-in ends the phone's other codes";
  }
}

TEST_P(AuthTest, OnlyTheNewestThreeCodesStayValid) {
  std::vector<std::string> codes;
  for (int i = 0; i < 4; ++i) {
    clock_->advance_s(61);
    ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
    codes.push_back(app_->last_code(kPhone));
  }
  if (codes[0] != codes[1] && codes[0] != codes[2] && codes[0] != codes[3]) {
    EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, codes[0])).status, 401);
  }
  EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, codes[1])).status, 200);
}

TEST_P(AuthTest, ParallelWrongGuessesCannotExceedTheLimit) {
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  std::string right = app_->last_code(kPhone);
  std::string wrong = right == "000000" ? "111111" : "000000";
  constexpr int kGuesses = 16;
  std::vector<int> statuses(kGuesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = post("/api/v1/auth/login", login_body(kPhone, wrong)).status; });
  }
  for (auto& t : threads) t.join();
  int told_tries_left = 0;
  for (int s : statuses) {
    EXPECT_TRUE(s == 401 || s == 429) << s;
    if (s == 401) ++told_tries_left;
  }
  EXPECT_EQ(told_tries_left, 4) << "only five guesses were weighed; the fifth ends the code";
  std::int64_t attempts = 0;
  ASSERT_TRUE(app_->app()
                  .services()
                  .db
                  ->read([&](db::Connection& c) -> Status {
                    auto rows = c.query("SELECT MAX(attempts) FROM sms_codes WHERE phone = $1",
                                        {std::string(kPhone)});
                    if (!rows.ok()) return std::move(rows).error();
                    attempts = rows->i64(0, 0);
                    return {};
                  })
                  .ok());
  EXPECT_EQ(attempts, 5);
  EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, right)).status, 429);
}

TEST_P(AuthTest, AnApiTokenStopsWhenItsCreatorIsDisabledOrLosesTheRole) {
  add_user(*app_, "13900000002", "管理员", "140000", {"system_admin"});
  std::string creator = add_user(*app_, "13900000004", "接入管理员", "140000", {"system_admin"});
  Session admin = sign_in(*app_, "13900000002", clock_.get());
  Session maker = sign_in(*app_, "13900000004", clock_.get());
  auto make = [&](const std::string& scope) {
    auto r = maker.bearer("POST", "/api/v1/api-tokens",
                          R"({"name":"接入","scopes":[")" + scope + R"("]})");
    EXPECT_EQ(r.status, 201) << r.body;
    return Session{app_->port(), std::string(boost::json::parse(r.body).at("token").as_string()),
                   "", ""};
  };
  Session alerts = make("alerts.read");
  Session resources = make("resources.read");
  ASSERT_EQ(alerts.bearer("GET", "/api/v1/alerts").status, 200);
  ASSERT_EQ(resources.bearer("GET", "/api/v1/resources?limit=1").status, 200);

  auto r = admin.bearer("PATCH", "/api/v1/users/" + creator,
                        R"({"roles":["data_operator"],"version":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(alerts.bearer("GET", "/api/v1/alerts").status, 401)
      << "data_operator has no alerts.read: the token stops at once";
  EXPECT_EQ(resources.bearer("GET", "/api/v1/resources?limit=1").status, 200)
      << "data_operator still has resources.read";

  // Disabled behind this process's back (another process, no event here): the cached check
  // ages out within a few seconds.
  auto& services = app_->app().services();
  ASSERT_TRUE(services.db
                  ->transact([&](db::Transaction& tx) {
                    return tx
                        ->execute("UPDATE users SET status = 'disabled' WHERE id = $1",
                                  {std::stoll(creator)})
                        .status();
                  })
                  .ok());
  clock_->advance_s(6);
  EXPECT_EQ(resources.bearer("GET", "/api/v1/resources?limit=1").status, 401);
}

TEST_P(AuthTest, SessionsExpireWhenIdle) {
  Session s = sign_in(*app_, kPhone, clock_.get());
  clock_->advance_s(29 * 60);
  EXPECT_EQ(s.bearer("GET", "/api/v1/me").status, 200) << "activity keeps it alive";
  clock_->advance_s(29 * 60);
  EXPECT_EQ(s.bearer("GET", "/api/v1/me").status, 200);
  clock_->advance_s(31 * 60);
  EXPECT_EQ(s.bearer("GET", "/api/v1/me").status, 401);
}

TEST_P(AuthTest, SessionsEndAfterTheirLifetimeDespiteActivity) {
  Session s = sign_in(*app_, kPhone, clock_.get());
  for (int i = 0; i < 12 * 3 - 1; ++i) {
    clock_->advance_s(20 * 60);
    ASSERT_EQ(s.bearer("GET", "/api/v1/me").status, 200) << "at " << (i + 1) * 20 << " min";
  }
  clock_->advance_s(20 * 60);
  EXPECT_EQ(s.bearer("GET", "/api/v1/me").status, 401) << "12 hours after sign-in";
}

TEST_P(AuthTest, LogoutEndsTheSession) {
  Session s = sign_in(*app_, kPhone, clock_.get());
  EXPECT_EQ(s.cookie("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(s.bearer("GET", "/api/v1/me").status, 401);
}

TEST_P(AuthTest, AUserListsAndRevokesTheirSessions) {
  Session laptop = sign_in(*app_, kPhone, clock_.get());
  Session phone = sign_in(*app_, kPhone, clock_.get());
  auto list = laptop.bearer("GET", "/api/v1/me/sessions");
  ASSERT_EQ(list.status, 200);
  auto items = boost::json::parse(list.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::string other;
  for (const auto& item : items) {
    if (!item.at("current").as_bool()) other = std::string(item.at("id").as_string());
  }
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(laptop.bearer("DELETE", "/api/v1/me/sessions/" + other).status, 204);
  EXPECT_EQ(phone.bearer("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(laptop.bearer("GET", "/api/v1/me").status, 200);
}

TEST_P(AuthTest, DisablingAUserEndsTheirSessionsAtOnce) {
  add_user(*app_, "13900000002", "管理员", "140000", {"system_admin"});
  Session admin = sign_in(*app_, "13900000002", clock_.get());
  Session officer = sign_in(*app_, kPhone, clock_.get());
  auto user = admin.bearer("GET", "/api/v1/users/" + user_id_);
  ASSERT_EQ(user.status, 200);
  auto version = boost::json::parse(user.body).at("version").as_int64();
  auto r = admin.bearer("PATCH", "/api/v1/users/" + user_id_,
                        R"({"status":"disabled","version":)" + std::to_string(version) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(officer.bearer("GET", "/api/v1/me").status, 401);
  clock_->advance_s(120);
  ASSERT_EQ(post("/api/v1/auth/sms-code", code_body(kPhone)).status, 202);
  EXPECT_EQ(post("/api/v1/auth/login", login_body(kPhone, app_->last_code(kPhone))).status, 401)
      << "a disabled user cannot sign in";
}

TEST_P(AuthTest, CookieWritesNeedTheCsrfTokenBearerWritesDoNot) {
  add_user(*app_, "13900000002", "管理员", "140000", {"system_admin"});
  Session admin = sign_in(*app_, "13900000002", clock_.get());
  std::string org = R"({"name":"晋中市红十字会","region":"140700","type":"member_unit"})";
  auto refused = admin.cookie("POST", "/api/v1/organisations", org, false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(error_code(refused), "csrf_failed");
  Session forged = admin;
  forged.csrf = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(forged.cookie("POST", "/api/v1/organisations", org).status, 403);
  EXPECT_EQ(admin.cookie("POST", "/api/v1/organisations", org).status, 201);
  EXPECT_EQ(admin.bearer("POST", "/api/v1/organisations",
                         R"({"name":"晋中市慈善总会","region":"140700","type":"member_unit"})")
                .status,
            201);
  EXPECT_EQ(admin.cookie("GET", "/api/v1/organisations", "", false).status, 200)
      << "reads need no CSRF token";
}

TEST_P(AuthTest, ApiTokensAreShownOnceAndWorkOnlyForTheirScopes) {
  add_user(*app_, "13900000002", "管理员", "140000", {"system_admin"});
  Session admin = sign_in(*app_, "13900000002", clock_.get());
  auto created = admin.bearer("POST", "/api/v1/api-tokens",
                              R"({"name":"气象预警接入","scopes":["alerts.write"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto v = boost::json::parse(created.body);
  std::string secret(v.at("token").as_string());
  std::string id(v.at("id").as_string());
  EXPECT_TRUE(secret.starts_with("fht_"));
  auto listed = admin.bearer("GET", "/api/v1/api-tokens");
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown only once";
  EXPECT_EQ(listed.body.find(secret.substr(4, 20)), std::string::npos);

  Session machine{app_->port(), secret, "", ""};
  EXPECT_EQ(machine.bearer("GET", "/api/v1/users").status, 403) << "outside its scopes";
  EXPECT_EQ(machine.bearer("GET", "/api/v1/me").status, 403) << "tokens are not users";
  EXPECT_EQ(admin.bearer("DELETE", "/api/v1/api-tokens/" + id).status, 204);
  EXPECT_EQ(machine.bearer("GET", "/api/v1/users").status, 401) << "revoked";
  auto bad_scope = admin.bearer("POST", "/api/v1/api-tokens",
                                R"({"name":"x","scopes":["users.write"]})");
  EXPECT_EQ(bad_scope.status, 400);

  // Revoked by another process on the same database: its event ends the token here at once,
  // without waiting for the cached check to age.
  auto second = admin.bearer("POST", "/api/v1/api-tokens", R"({"name":"水文接入","scopes":["alerts.write"]})");
  ASSERT_EQ(second.status, 201);
  std::string second_id(boost::json::parse(second.body).at("id").as_string());
  Session feed{app_->port(), std::string(boost::json::parse(second.body).at("token").as_string()), "", ""};
  EXPECT_EQ(feed.bearer("GET", "/api/v1/alerts").status, 403) << "checked once and cached (alerts.read not in scope)";
  auto& services = app_->app().services();
  ASSERT_TRUE(services.db->transact([&](db::Transaction& tx) {
    return tx->execute("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1",
                       {std::stoll(second_id), clock_->now_ms()}).status();
  }).ok());
  EXPECT_EQ(feed.bearer("GET", "/api/v1/alerts").status, 403) << "the cached check still stands";
  services.bus->deliver_local(
      {"auth/access", "token_revoked",
       R"({"user_id":"1","token_id":")" + second_id + R"(","reason":"token_revoked"})", "140000"});
  EXPECT_EQ(feed.bearer("GET", "/api/v1/alerts").status, 401) << "forgotten at once";
}

TEST_P(AuthTest, RealtimeSocketNeedsASessionAndFiltersByJurisdiction) {
  WsClient anonymous(app_->port());
  EXPECT_FALSE(anonymous.connected()) << "no session, no socket";

  add_user(*app_, "13900000002", "管理员", "140000", {"system_admin"});
  add_user(*app_, "13900000003", "大同值班员", "140200", {"duty_officer"});
  Session admin = sign_in(*app_, "13900000002", clock_.get());
  Session taiyuan = sign_in(*app_, kPhone, clock_.get());
  Session datong = sign_in(*app_, "13900000003", clock_.get());
  // Browsers send the session cookie with the upgrade; API clients a bearer token.
  WsClient taiyuan_ws(app_->port(), "/api/v1/ws", {{"Cookie", "fenghuo_session=" + taiyuan.token}});
  WsClient datong_ws(app_->port(), "/api/v1/ws", {{"Authorization", "Bearer " + datong.token}});
  ASSERT_TRUE(taiyuan_ws.connected());
  ASSERT_TRUE(datong_ws.connected());
  for (WsClient* ws : {&taiyuan_ws, &datong_ws}) {
    ws->send_text(R"({"op":"subscribe","topics":["identity"]})");
    ASSERT_TRUE(ws->read_text());
  }
  auto created = admin.bearer("POST", "/api/v1/organisations",
                              R"({"name":"大同市矿山救护大队","region":"140200","type":"rescue_team"})");
  ASSERT_EQ(created.status, 201);
  auto event = datong_ws.read_text();
  ASSERT_TRUE(event) << "Datong hears of a change in Datong";
  EXPECT_EQ(boost::json::parse(*event).at("event").as_string(), "organisation.created");
  EXPECT_FALSE(taiyuan_ws.read_text(std::chrono::milliseconds(500)))
      << "Taiyuan does not hear of a change in Datong";

  RawConnection cross_site(app_->port());
  cross_site.send("GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  "Cookie: fenghuo_session=" + taiyuan.token + "\r\n\r\n");
  auto refused = cross_site.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << "another site's page cannot use the session";
}

// A code request beyond session.captcha_after an hour needs an image CAPTCHA, and behind a
// trusted proxy the client is the address X-Forwarded-For names.
class CaptchaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
    clock_ = std::make_shared<ManualClock>();
    app_ = std::make_unique<TestApp>(
        GetParam(),
        [](Config& c) {
          c.session.captcha_after = 3;
          c.server.trusted_proxies = "127.0.0.1";
        },
        clock_);
  }
  HttpResponse ask(const std::string& phone, const std::string& from,
                   const std::string& extra = "") {
    return http_request(app_->port(), "POST", "/api/v1/auth/sms-code",
                        R"({"phone":")" + phone + "\"" + extra + "}", {{"X-Forwarded-For", from}});
  }
  // A CAPTCHA whose answer the test knows (the server keeps only the hash of real ones).
  void plant_captcha(const std::string& id, const std::string& answer, const std::string& client) {
    std::int64_t now = clock_->now_ms();
    ASSERT_TRUE(
        app_->app()
            .services()
            .db
            ->transact([&](db::Transaction& tx) {
              return tx
                  ->execute(
                      "INSERT INTO auth_captchas (id, answer_hash, client_address, created_at, "
                      "expires_at) VALUES ($1, $2, $3, $4, $5)",
                      {id, sha256_hex(id + ":" + answer), client, now, now + 5 * 60 * 1000})
                  .status();
            })
            .ok());
  }
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<TestApp> app_;
};

TEST_P(CaptchaTest, TheFourthCodeFromAnAddressWithinAnHourNeedsACaptcha) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(ask("1370000000" + std::to_string(i), "203.0.113.1").status, 202) << i;
  }
  auto fourth = ask("13700000003", "203.0.113.1");
  EXPECT_EQ(fourth.status, 429);
  EXPECT_EQ(error_code(fourth), "captcha_required");
  EXPECT_EQ(ask("13700000004", "203.0.113.2").status, 202)
      << "another client behind the same proxy is not held up";

  auto captcha = http_request(app_->port(), "GET", "/api/v1/auth/captcha", "",
                              {{"X-Forwarded-For", "203.0.113.1"}});
  ASSERT_EQ(captcha.status, 200) << captcha.body;
  auto v = boost::json::parse(captcha.body);
  EXPECT_EQ(v.at("id").as_string().size(), 32u);
  EXPECT_TRUE(v.at("image").as_string().starts_with("data:image/svg+xml;base64,"));
  EXPECT_EQ(captcha.header("Cache-Control"), "no-store");
  std::string id(v.at("id").as_string());
  auto wrong = ask("13700000003", "203.0.113.1",
                   R"(,"captcha_id":")" + id + R"(","captcha_answer":"XXXXX")");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(boost::json::parse(wrong.body).at("error").at("field").as_string(), "captcha_answer");

  plant_captcha("known", "K7MXA", "203.0.113.1");
  auto right =
      ask("13700000003", "203.0.113.1", R"(,"captcha_id":"known","captcha_answer":"k7mxa")");
  EXPECT_EQ(right.status, 202) << right.body;
  clock_->advance_s(61);
  auto again =
      ask("13700000003", "203.0.113.1", R"(,"captcha_id":"known","captcha_answer":"K7MXA")");
  EXPECT_EQ(again.status, 400) << "a CAPTCHA is good once";
  plant_captcha("late", "K7MXA", "203.0.113.1");
  clock_->advance_s(301);
  auto late = ask("13700000003", "203.0.113.1", R"(,"captcha_id":"late","captcha_answer":"K7MXA")");
  EXPECT_EQ(late.status, 400) << "an expired CAPTCHA is no good";
}

TEST_P(CaptchaTest, TheFourthCodeForAPhoneWithinAnHourNeedsACaptcha) {
  for (int i = 0; i < 3; ++i) {
    clock_->advance_s(61);
    ASSERT_EQ(ask(kPhone, "203.0.113." + std::to_string(10 + i)).status, 202) << i;
  }
  clock_->advance_s(61);
  auto fourth = ask(kPhone, "203.0.113.20");
  EXPECT_EQ(fourth.status, 429);
  EXPECT_EQ(error_code(fourth), "captcha_required") << "from a fresh address too";
  clock_->advance_s(3600);
  EXPECT_EQ(ask(kPhone, "203.0.113.20").status, 202) << "an hour later, no CAPTCHA";
}

TEST_P(CaptchaTest, SessionsRecordTheForwardedClientAddress) {
  add_user(*app_, kPhone, "值班员甲", "140100", {"duty_officer"});
  ASSERT_EQ(ask(kPhone, "198.51.100.7").status, 202);
  auto login = http_request(app_->port(), "POST", "/api/v1/auth/login",
                            login_body(kPhone, app_->last_code(kPhone)),
                            {{"X-Forwarded-For", "1.2.3.4, 198.51.100.7"}});
  ASSERT_EQ(login.status, 200) << login.body;
  Session s{app_->port(), std::string(boost::json::parse(login.body).at("token").as_string()), "",
            ""};
  auto sessions = boost::json::parse(s.bearer("GET", "/api/v1/me/sessions").body);
  EXPECT_EQ(sessions.at("items").at(0).at("client_address").as_string(), "198.51.100.7");
}

TEST_P(AuthTest, WithoutTrustedProxiesForwardedForIsIgnored) {
  // The fixture's app trusts no proxy: a client cannot pick its rate-limit key.
  auto ask = [&](const std::string& phone, const std::string& from) {
    return http_request(app_->port(), "POST", "/api/v1/auth/sms-code", code_body(phone),
                        {{"X-Forwarded-For", from}});
  };
  ASSERT_EQ(ask(kPhone, "198.51.100.1").status, 202);
  auto login = http_request(app_->port(), "POST", "/api/v1/auth/login",
                            login_body(kPhone, app_->last_code(kPhone)),
                            {{"X-Forwarded-For", "198.51.100.1"}});
  ASSERT_EQ(login.status, 200) << login.body;
  Session s{app_->port(), std::string(boost::json::parse(login.body).at("token").as_string()), "",
            ""};
  auto sessions = boost::json::parse(s.bearer("GET", "/api/v1/me/sessions").body);
  EXPECT_EQ(sessions.at("items").at(0).at("client_address").as_string(), "127.0.0.1");
}

INSTANTIATE_TEST_SUITE_P(Backends, CaptchaTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

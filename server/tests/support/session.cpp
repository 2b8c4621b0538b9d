#include "support/session.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "app/services.h"
#include "identity/store.h"

namespace fenghuo::test {

HttpResponse Session::bearer(const std::string& method, const std::string& path,
                             const std::string& body) const {
  return http_request(port, method, path, body, {{"Authorization", "Bearer " + token}});
}

HttpResponse Session::cookie(const std::string& method, const std::string& path,
                             const std::string& body, bool with_csrf) const {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Cookie", "fenghuo_session=" + token + "; fenghuo_csrf=" + csrf}};
  if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf);
  return http_request(port, method, path, body, headers);
}

std::string add_user(TestApp& app, const std::string& phone, const std::string& name,
                     const std::string& region, const std::vector<std::string>& roles) {
  Services& s = app.app().services();
  std::string id;
  auto st = s.db->transact([&](db::Transaction& tx) -> Status {
    auto bureau = identity::store::find_bureau(tx.connection(), region);
    if (!bureau.ok()) return std::move(bureau).error();
    if (!*bureau) return Error::not_found("no bureau in " + region);
    identity::User u;
    u.phone = phone;
    u.name = name;
    u.org_id = (*bureau)->id;
    u.roles = roles;
    std::sort(u.roles.begin(), u.roles.end());
    auto created = s.directory->create_user_in(tx, Principal::system("test"), std::move(u));
    if (!created.ok()) return std::move(created).error();
    id = std::to_string(created->id);
    return {};
  });
  if (!st.ok()) throw std::runtime_error("add_user: " + st.error().message);
  return id;
}

Session sign_in(TestApp& app, const std::string& phone, ManualClock* clock) {
  if (clock != nullptr) clock->advance_s(120);
  auto sent = http_request(app.port(), "POST", "/api/v1/auth/sms-code",
                           R"({"phone":")" + phone + R"("})");
  if (sent.status != 202) throw std::runtime_error("sms-code: " + sent.body);
  auto login = http_request(app.port(), "POST", "/api/v1/auth/login",
                            R"({"phone":")" + phone + R"(","code":")" + app.last_code(phone) +
                                R"("})");
  if (login.status != 200) throw std::runtime_error("login: " + login.body);
  auto v = boost::json::parse(login.body);
  Session s;
  s.port = app.port();
  s.token = std::string(v.at("token").as_string());
  s.csrf = std::string(v.at("csrf_token").as_string());
  s.user_id = std::string(v.at("user").at("id").as_string());
  return s;
}

}  // namespace fenghuo::test

#pragma once

#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/manual_clock.h"
#include "support/test_app.h"

namespace fenghuo::test {

// A signed-in client of a TestApp.
struct Session {
  std::uint16_t port = 0;
  std::string token;
  std::string csrf;
  std::string user_id;

  // With Authorization: Bearer (no CSRF needed).
  HttpResponse bearer(const std::string& method, const std::string& path,
                      const std::string& body = {}) const;
  // With the session cookie, and the CSRF header when `with_csrf`.
  HttpResponse cookie(const std::string& method, const std::string& path,
                      const std::string& body = {}, bool with_csrf = true) const;
};

// Creates a user (as the system) with the roles in the region's bureau; answers its id.
std::string add_user(TestApp& app, const std::string& phone, const std::string& name,
                     const std::string& region, const std::vector<std::string>& roles);

// Requests a code, reads it from the outbox and signs in. Moves `clock` on by two minutes
// first (when given) so that per-phone rate limits never get in the way.
Session sign_in(TestApp& app, const std::string& phone, ManualClock* clock = nullptr);

}  // namespace fenghuo::test

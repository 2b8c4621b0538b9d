#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "identity/access.h"
#include "identity/model.h"
#include "identity/sms.h"
#include "realtime/bus.h"

namespace fenghuo::identity {

struct AuthSettings {
  std::int64_t token_cache_ms = 5000;  // how long an API token check is trusted
  std::int64_t code_ttl_ms = 5 * 60 * 1000;
  int max_wrong_codes = 5;
  int max_live_codes = 3;  // a new code leaves the newest earlier ones valid, up to this many
  std::int64_t phone_min_interval_ms = 60 * 1000;  // one code a minute per phone
  int phone_codes_per_hour = 10;
  int client_codes_per_hour = 30;                    // per client address
  // Beyond this many codes an hour for the phone or from the client address, a code request
  // needs a solved CAPTCHA; 0 = never.
  int captcha_after = 3;
  std::int64_t captcha_ttl_ms = 5 * 60 * 1000;
  int client_captchas_per_10_min = 30;  // CAPTCHAs drawn per client address
  std::int64_t session_idle_ms = 30 * 60 * 1000;
  std::int64_t session_lifetime_ms = 12 * 3600 * 1000;
};

// What a request presents to prove who it is.
struct Credentials {
  std::string bearer;        // Authorization: Bearer ... (session or API token)
  std::string cookie_token;  // the session cookie
  std::string csrf_header;   // X-CSRF-Token
  bool unsafe_method = false;  // POST, PUT, PATCH, DELETE
  std::string client_address;
};

// SMS-code login, sessions and API tokens. Thread-safe.
class AuthService {
 public:
  // With a bus, ended access (kAccessTopic: a revoked token, a disabled user, changed roles)
  // is forgotten at once in every process (else other processes trust their cached token
  // check for up to token_cache_ms).
  AuthService(db::Database& db, const Clock& clock, const audit::Log& audit, SmsGateway& sms,
              AuthSettings settings, realtime::Bus* bus = nullptr);
  ~AuthService();

  // Issues a 6-digit code valid for five minutes; earlier live codes stay valid (the newest
  // max_live_codes in all). The answer is the same whether or not the
  // phone belongs to an active user (only users get the SMS). Errors: 400 bad phone,
  // 429 with retry_after_s when the phone or the client asked too often, 503 gateway down.
  // Beyond settings().captcha_after codes within an hour (for the phone or the client
  // address) the request must carry a CAPTCHA from new_captcha: without one, 429
  // captcha_required; with a wrong, used or expired one, 400 (field captcha_answer). A
  // CAPTCHA is used up by the request that carries it, right or wrong.
  struct CodeIssued {
    std::int64_t expires_in_s;
    std::int64_t retry_after_s;
  };
  struct CaptchaAnswer {
    std::string id;
    std::string answer;
  };
  Result<CodeIssued> request_code(const std::string& phone, const std::string& client_address,
                                  const CaptchaAnswer& captcha = {});

  // Draws a new CAPTCHA (4 or 5 characters, an SVG data URL), valid once for captcha_ttl_ms;
  // only its answer's hash is stored. Errors: 429 when the client drew too many.
  struct Captcha {
    std::string id;
    std::string image;  // data:image/svg+xml;base64,...
    std::int64_t expires_in_s = 0;
  };
  Result<Captcha> new_captcha(const std::string& client_address);

  // Exchanges a code (any live one of the phone) for a session; the phone's other codes end.
  // Each guess counts against every live code; a code guessed max_wrong_codes times is dead
  // (the next guess fails even if right: ask for a new one). Errors: 400, 401, 429.
  struct Login {
    std::string token;       // 256-bit, hex; also valid as Authorization: Bearer
    std::string csrf_token;  // for X-CSRF-Token on cookie-authenticated writes
    User user;
    std::set<std::string, std::less<>> permissions;
    std::int64_t expires_at = 0;
  };
  Result<Login> login(const std::string& phone, const std::string& code,
                      const std::string& client_address, const std::string& user_agent);

  // Who is calling. Errors: 401 (no, unknown, expired or revoked credentials; disabled
  // user; an API token whose creator is disabled, moved out of the token's region or no longer
  // holds one of its scopes — checked at use, cached at most token_cache_ms), 403 csrf_failed
  // (cookie-authenticated write without the right CSRF token).
  Result<std::shared_ptr<const Principal>> authenticate(const Credentials& credentials);
  // The same, when it can be answered from memory (a recently checked API token); nullopt
  // when the database must be asked.
  std::optional<std::shared_ptr<const Principal>> authenticate_from_memory(
      const Credentials& credentials);

  Status logout(const Principal& principal);
  Result<std::vector<SessionInfo>> sessions(const Principal& principal);
  Status revoke_session(const Principal& principal, std::int64_t session_id);

  // API tokens for machine clients: the secret is answered once, stored only hashed. A token
  // carries only scopes its creator holds, and works only while the creator still does.
  struct NewToken {
    ApiToken token;
    std::string secret;  // "fht_" + 64 hex
  };
  Result<NewToken> create_token(const Principal& by, const std::string& name,
                                const std::vector<std::string>& scopes,
                                std::optional<std::int64_t> expires_at);
  Result<std::vector<ApiToken>> tokens(const Principal& by, const std::string& region);
  Status revoke_token(const Principal& by, std::int64_t id);

  const AuthSettings& settings() const { return settings_; }

 private:
  Result<std::shared_ptr<const Principal>> session_principal(const std::string& token,
                                                             const Credentials& credentials,
                                                             bool check_csrf);
  Result<std::shared_ptr<const Principal>> token_principal(const std::string& token,
                                                           const Credentials& credentials);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  SmsGateway& sms_;
  AuthSettings settings_;

  // Machine clients call often (readings, feeds, spatial queries): their API tokens are
  // remembered for a few seconds instead of read from the database on every request. A
  // revoked token stops at once in this process and within kTokenCacheMs in the others.
  struct CachedToken {
    std::shared_ptr<const Principal> principal;
    std::int64_t checked_at = 0;
    std::optional<std::int64_t> expires_at;
    std::int64_t created_by = 0;
  };
  void forget(const AccessEnded& ended);
  realtime::Bus* bus_ = nullptr;
  std::uint64_t bus_subscription_ = 0;
  std::mutex token_cache_mutex_;
  std::unordered_map<std::string, CachedToken> token_cache_;  // by token hash
};

}  // namespace fenghuo::identity

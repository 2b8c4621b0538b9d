#include "identity/auth.h"

#include <boost/json.hpp>
#include <random>

#include "core/crypto.h"
#include "core/random.h"
#include "identity/captcha.h"
#include "identity/roles.h"
#include "identity/store.h"

namespace fenghuo::identity {
namespace {

constexpr std::string_view kTokenPrefix = "fht_";
// Touch last-seen times at most this often: the idle timeout has minute precision, and a
// write per request would cost more than it tells.
constexpr std::int64_t kTouchEveryMs = 60 * 1000;

std::string code_hash(const std::string& salt, const std::string& phone, const std::string& code) {
  return sha256_hex(salt + ":" + phone + ":" + code);
}

std::int64_t seconds_until(std::int64_t from_ms, std::int64_t to_ms) {
  return std::max<std::int64_t>(1, (to_ms - from_ms + 999) / 1000);
}

Error wrong_code() {
  return Error::unauthenticated("the code is wrong or has expired; request a new one");
}

}  // namespace

AuthService::AuthService(db::Database& db, const Clock& clock, const audit::Log& audit,
                         SmsGateway& sms, AuthSettings settings, realtime::Bus* bus)
    : db_(db), clock_(clock), audit_(audit), sms_(sms), settings_(settings), bus_(bus) {
  if (bus_ != nullptr) {
    bus_subscription_ = bus_->subscribe([this](const realtime::Event& e) {
      if (auto ended = access_ended_of(e)) forget(*ended);
    });
  }
}

AuthService::~AuthService() {
  if (bus_ != nullptr) bus_->unsubscribe(bus_subscription_);
}

void AuthService::forget(const AccessEnded& ended) {
  std::lock_guard lock(token_cache_mutex_);
  if (ended.token_id) {
    std::int64_t id = *ended.token_id;
    std::erase_if(token_cache_,
                  [id](const auto& entry) { return entry.second.principal->id == id; });
  } else if (!ended.session_id) {
    // Everything the user holds: the tokens they created are checked again at their next use.
    std::int64_t user = ended.user_id;
    std::erase_if(token_cache_,
                  [user](const auto& entry) { return entry.second.created_by == user; });
  }
}

Result<AuthService::CodeIssued> AuthService::request_code(const std::string& phone,
                                                          const std::string& client_address,
                                                          const CaptchaAnswer& captcha) {
  if (!is_mobile_phone(phone)) {
    return Error::validation("phone", "phone must be an 11-digit mainland mobile number");
  }
  std::int64_t now = clock_.now_ms();
  std::string code = random_digits(6);
  bool send = false;
  // A CAPTCHA is used up even when its answer is wrong, so that transaction commits and the
  // refusal travels beside it.
  std::optional<Error> refusal;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    db::Connection& c = tx.connection();
    auto last = store::last_code_at(c, phone);
    if (!last.ok()) return std::move(last).error();
    if (*last && now - **last < settings_.phone_min_interval_ms) {
      return Error::rate_limited("a code was sent to this phone less than a minute ago",
                                 seconds_until(now, **last + settings_.phone_min_interval_ms));
    }
    auto per_phone = store::codes_for_phone_since(c, phone, now - 3600 * 1000);
    if (!per_phone.ok()) return std::move(per_phone).error();
    if (*per_phone >= settings_.phone_codes_per_hour) {
      return Error::rate_limited("too many codes for this phone in the last hour", 3600);
    }
    auto per_client = store::codes_for_client_since(c, client_address, now - 3600 * 1000);
    if (!per_client.ok()) return std::move(per_client).error();
    if (*per_client >= settings_.client_codes_per_hour) {
      return Error::rate_limited("too many codes requested from this address", 3600);
    }
    if (settings_.captcha_after > 0 &&
        (*per_phone >= settings_.captcha_after || *per_client >= settings_.captcha_after)) {
      if (captcha.id.empty() || captcha.answer.empty()) {
        return Error{ErrorCode::kCaptchaRequired,
                     "enter the characters of the picture (GET /api/v1/auth/captcha) with "
                     "captcha_id and captcha_answer",
                     "captcha_answer"};
      }
      auto hash = store::use_captcha(c, captcha.id, now);
      if (!hash.ok()) return std::move(hash).error();
      std::string typed = normalise_captcha_answer(captcha.answer);
      if (!*hash || !secrets_equal(sha256_hex(captcha.id + ":" + typed), **hash)) {
        refusal = Error::validation(
            "captcha_answer",
            "the characters do not match the picture, or it expired; enter those of a new one");
        return {};
      }
    }
    auto user = store::find_user_by_phone(c, phone);
    if (!user.ok()) return std::move(user).error();
    send = *user && (*user)->status == "active";
    // Earlier codes stay valid (asking for a code in someone's name must not retire theirs),
    // but only the newest few.
    FENGHUO_TRY(store::retire_old_codes(c, phone, now, settings_.max_live_codes - 1));
    std::string salt = random_hex(16);
    return store::insert_code(c, phone, client_address, salt, code_hash(salt, phone, code), now,
                              now + settings_.code_ttl_ms);
  }));
  if (refusal) return std::move(*refusal);
  if (send) {
    Status sent = sms_.send(phone, "【烽火】您的登录验证码为 " + code + "，5分钟内有效。如非本人操作，请忽略。");
    if (!sent.ok()) {
      // The user never got this code: forget it, so that they may ask again at once.
      (void)db_.transact([&](db::Transaction& tx) {
        return store::forget_code(tx.connection(), phone, now);
      });
      return std::move(sent).error();
    }
  }
  return CodeIssued{settings_.code_ttl_ms / 1000, settings_.phone_min_interval_ms / 1000};
}

Result<AuthService::Captcha> AuthService::new_captcha(const std::string& client_address) {
  std::int64_t now = clock_.now_ms();
  std::string answer = random_captcha_answer(random_hex(1)[0] < '8' ? 4 : 5);
  std::uint64_t seed = std::stoull(random_hex(8), nullptr, 16);
  std::mt19937_64 generator(seed);  // geometry only; the answer came from libsodium
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  Captcha out;
  out.id = random_hex(16);
  out.image = svg_data_url(draw_captcha_svg(answer, [&] { return distribution(generator); }));
  out.expires_in_s = settings_.captcha_ttl_ms / 1000;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    db::Connection& c = tx.connection();
    FENGHUO_TRY(store::purge_captchas(c, now - 3600 * 1000));
    auto drawn = store::captchas_for_client_since(c, client_address, now - 10 * 60 * 1000);
    if (!drawn.ok()) return std::move(drawn).error();
    if (*drawn >= settings_.client_captchas_per_10_min) {
      return Error::rate_limited("too many pictures requested from this address", 600);
    }
    return store::insert_captcha(c, out.id, sha256_hex(out.id + ":" + answer), client_address, now,
                                 now + settings_.captcha_ttl_ms);
  }));
  return out;
}

Result<AuthService::Login> AuthService::login(const std::string& phone, const std::string& code,
                                              const std::string& client_address,
                                              const std::string& user_agent) {
  if (!is_mobile_phone(phone)) {
    return Error::validation("phone", "phone must be an 11-digit mainland mobile number");
  }
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) {
    return Error::validation("code", "the code has 6 digits");
  }
  std::int64_t now = clock_.now_ms();
  // A wrong code must be counted even though the login fails, so the transaction commits
  // and the refusal travels beside it.
  std::optional<Error> refusal;
  Login result;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    db::Connection& c = tx.connection();
    auto tried = store::try_live_codes(c, phone, now, settings_.max_wrong_codes);
    if (!tried.ok()) return std::move(tried).error();
    if (tried->empty()) {
      auto exhausted = store::exhausted_codes_until(c, phone, now, settings_.max_wrong_codes);
      if (!exhausted.ok()) return std::move(exhausted).error();
      refusal = *exhausted ? Error::rate_limited("too many wrong codes; request a new code",
                                                 seconds_until(now, **exhausted))
                           : wrong_code();
      return {};
    }
    const store::SmsCode* match = nullptr;
    std::int64_t fewest_attempts = settings_.max_wrong_codes;
    std::int64_t last_expiry = now;
    for (const auto& candidate : *tried) {
      if (secrets_equal(code_hash(candidate.salt, phone, code), candidate.code_hash)) {
        match = &candidate;
      }
      fewest_attempts = std::min(fewest_attempts, candidate.attempts);
      last_expiry = std::max(last_expiry, candidate.expires_at);
    }
    if (match == nullptr) {
      int left = settings_.max_wrong_codes - static_cast<int>(fewest_attempts);
      refusal = left > 0
                    ? Error::unauthenticated("wrong code; " + std::to_string(left) + " tries left")
                    : Error::rate_limited("too many wrong codes; request a new code",
                                          seconds_until(now, last_expiry));
      return {};
    }
    FENGHUO_TRY(store::use_code(c, match->id, now));
    FENGHUO_TRY(store::retire_codes(c, phone, now));  // the phone's other codes
    auto user = store::find_user_by_phone(c, phone);
    if (!user.ok()) return std::move(user).error();
    if (!*user || (*user)->status != "active") {
      refusal = wrong_code();
      return {};
    }
    result.user = std::move(**user);
    result.token = random_hex(32);
    result.csrf_token = random_hex(16);
    result.expires_at = now + settings_.session_lifetime_ms;
    auto session = store::insert_session(c, result.user.id, sha256_hex(result.token),
                                         sha256_hex(result.csrf_token), now, result.expires_at,
                                         client_address, user_agent.substr(0, 300));
    if (!session.ok()) return std::move(session).error();
    FENGHUO_TRY(store::record_login(c, result.user.id, now));
    result.user.last_login_at = now;
    Principal actor;
    actor.id = result.user.id;
    actor.name = result.user.name;
    actor.client_address = client_address;
    boost::json::object after;
    after["session_id"] = std::to_string(*session);
    return audit_.append(tx, actor,
                         {"auth.login", "user", std::to_string(result.user.id), result.user.region,
                          "", boost::json::serialize(after)});
  }));
  if (refusal) return std::move(*refusal);
  result.permissions = permissions_of(result.user.roles);
  return result;
}

Result<std::shared_ptr<const Principal>> AuthService::authenticate(const Credentials& cred) {
  if (!cred.bearer.empty()) {
    if (cred.bearer.starts_with(kTokenPrefix)) return token_principal(cred.bearer, cred);
    return session_principal(cred.bearer, cred, false);
  }
  if (!cred.cookie_token.empty()) return session_principal(cred.cookie_token, cred, true);
  return Error::unauthenticated("sign in first");
}

std::optional<std::shared_ptr<const Principal>> AuthService::authenticate_from_memory(
    const Credentials& cred) {
  if (!cred.bearer.starts_with(kTokenPrefix)) return std::nullopt;
  std::int64_t now = clock_.now_ms();
  std::string hash = sha256_hex(cred.bearer);
  std::lock_guard lock(token_cache_mutex_);
  auto it = token_cache_.find(hash);
  if (it == token_cache_.end() || now - it->second.checked_at >= settings_.token_cache_ms ||
      (it->second.expires_at && now >= *it->second.expires_at)) {
    return std::nullopt;
  }
  auto copy = std::make_shared<Principal>(*it->second.principal);
  copy->client_address = cred.client_address;
  return std::shared_ptr<const Principal>(std::move(copy));
}

Result<std::shared_ptr<const Principal>> AuthService::session_principal(const std::string& token,
                                                                        const Credentials& cred,
                                                                        bool check_csrf) {
  std::int64_t now = clock_.now_ms();
  std::optional<store::SessionRow> session;
  std::optional<User> user;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto s = store::find_session(c, sha256_hex(token));
    if (!s.ok()) return std::move(s).error();
    session = std::move(s).value();
    if (!session) return {};
    auto u = store::find_user(c, session->user_id);
    if (!u.ok()) return std::move(u).error();
    user = std::move(u).value();
    return {};
  }));
  if (!session) return Error::unauthenticated("your session is not valid; sign in again");
  if (session->revoked_at) return Error::unauthenticated("your session was ended; sign in again");
  if (now >= session->expires_at) {
    return Error::unauthenticated("your session reached its maximum length; sign in again");
  }
  if (now - session->last_seen_at >= settings_.session_idle_ms) {
    return Error::unauthenticated("your session expired after inactivity; sign in again");
  }
  if (user->status != "active") return Error::unauthenticated("your account is disabled");
  if (check_csrf && cred.unsafe_method) {
    if (cred.csrf_header.empty() || !secrets_equal(sha256_hex(cred.csrf_header), session->csrf_hash)) {
      return Error{ErrorCode::kCsrfFailed,
                   "the request lacks the X-CSRF-Token of your session; reload the page", {}};
    }
  }
  if (now - session->last_seen_at >= kTouchEveryMs) {
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) {
      return store::touch_session(tx.connection(), session->id, now);
    }));
  }
  auto p = std::make_shared<Principal>();
  p->kind = Principal::Kind::kUser;
  p->id = user->id;
  p->name = user->name;
  p->region = user->region;
  p->org_id = user->org_id;
  p->roles = user->roles;
  p->permissions = permissions_of(user->roles);
  p->session_id = session->id;
  p->client_address = cred.client_address;
  return std::shared_ptr<const Principal>(std::move(p));
}

Result<std::shared_ptr<const Principal>> AuthService::token_principal(const std::string& token,
                                                                      const Credentials& cred) {
  std::int64_t now = clock_.now_ms();
  std::string hash = sha256_hex(token);
  auto for_this_request = [&](const Principal& p) {
    auto copy = std::make_shared<Principal>(p);
    copy->client_address = cred.client_address;
    return std::shared_ptr<const Principal>(std::move(copy));
  };
  {
    std::lock_guard lock(token_cache_mutex_);
    auto it = token_cache_.find(hash);
    if (it != token_cache_.end() && now - it->second.checked_at < settings_.token_cache_ms &&
        (!it->second.expires_at || now < *it->second.expires_at)) {
      return for_this_request(*it->second.principal);
    }
  }
  std::optional<ApiToken> found;
  std::optional<User> creator;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto t = store::find_token_by_hash(c, hash);
    if (!t.ok()) return std::move(t).error();
    found = std::move(t).value();
    if (!found) return {};
    auto u = store::find_user(c, found->created_by);
    if (u.ok()) {
      creator = std::move(u).value();
    } else if (u.error().code != ErrorCode::kNotFound) {
      return std::move(u).error();
    }
    return {};
  }));
  if (!found || found->revoked_at) return Error::unauthenticated("the API token is not valid");
  if (found->expires_at && now >= *found->expires_at) {
    return Error::unauthenticated("the API token has expired");
  }
  // A token is worth what its creator may still do: it stops when they are disabled, leave
  // the token's region, or lose a role its scopes come from.
  if (!creator || creator->status != "active") {
    return Error::unauthenticated("the API token's creator is disabled; ask for a new token");
  }
  Principal creator_principal;
  creator_principal.region = creator->region;
  if (!creator_principal.covers(found->region)) {
    return Error::unauthenticated(
        "the API token's creator no longer covers its region; ask for a new token");
  }
  auto creator_permissions = permissions_of(creator->roles);
  for (const auto& scope : found->scopes) {
    if (!creator_permissions.contains(scope)) {
      return Error::unauthenticated("the API token's creator no longer holds " + scope +
                                    "; ask for a new token");
    }
  }
  if (!found->last_used_at || now - *found->last_used_at >= kTouchEveryMs) {
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) {
      return store::touch_token(tx.connection(), found->id, now);
    }));
  }
  auto p = std::make_shared<Principal>();
  p->kind = Principal::Kind::kToken;
  p->id = found->id;
  p->name = found->name;
  p->region = found->region;
  p->created_by = found->created_by;
  for (const auto& s : found->scopes) p->permissions.insert(s);
  p->client_address = cred.client_address;
  {
    std::lock_guard lock(token_cache_mutex_);
    if (token_cache_.size() > 10000) token_cache_.clear();  // bounded, whatever clients do
    token_cache_[hash] = CachedToken{p, now, found->expires_at, found->created_by};
  }
  return std::shared_ptr<const Principal>(std::move(p));
}

Status AuthService::logout(const Principal& principal) {
  if (principal.session_id == 0) return Error::forbidden("only a signed-in session can sign out");
  return db_.transact([&](db::Transaction& tx) -> Status {
    auto n = store::revoke_session(tx.connection(), principal.session_id, principal.id,
                                   clock_.now_ms());
    if (!n.ok()) return std::move(n).error();
    end_access(tx, bus_,
               {principal.id, principal.session_id, std::nullopt, access_reason::kLogout,
                principal.region});
    return audit_.append(tx, principal,
                         {"auth.logout", "user", std::to_string(principal.id), principal.region,
                          "", ""});
  });
}

Result<std::vector<SessionInfo>> AuthService::sessions(const Principal& principal) {
  std::vector<SessionInfo> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto s = store::live_sessions(c, principal.id, clock_.now_ms(), settings_.session_idle_ms);
    if (!s.ok()) return std::move(s).error();
    out = std::move(s).value();
    return {};
  }));
  return out;
}

Status AuthService::revoke_session(const Principal& principal, std::int64_t session_id) {
  return db_.transact([&](db::Transaction& tx) -> Status {
    auto n = store::revoke_session(tx.connection(), session_id, principal.id, clock_.now_ms());
    if (!n.ok()) return std::move(n).error();
    if (*n == 0) return Error::not_found("session not found");
    end_access(
        tx, bus_,
        {principal.id, session_id, std::nullopt, access_reason::kSessionRevoked, principal.region});
    return audit_.append(tx, principal,
                         {"auth.session_revoke", "session", std::to_string(session_id),
                          principal.region, "", ""});
  });
}

Result<AuthService::NewToken> AuthService::create_token(const Principal& by,
                                                        const std::string& name,
                                                        const std::vector<std::string>& scopes,
                                                        std::optional<std::int64_t> expires_at) {
  if (name.empty() || name.size() > 100) {
    return Error::validation("name", "name is required (at most 100 characters)");
  }
  if (scopes.empty()) return Error::validation("scopes", "choose at least one scope");
  for (const auto& s : scopes) {
    if (!is_token_scope(s)) return Error::validation("scopes", "unknown scope " + s);
    if (by.kind != Principal::Kind::kSystem && !by.has(s)) {
      return Error{ErrorCode::kForbidden, "you cannot grant the scope " + s + ", which you lack",
                   "scopes"};
    }
  }
  std::int64_t now = clock_.now_ms();
  if (expires_at && *expires_at <= now) {
    return Error::validation("expires_at", "expires_at must be in the future");
  }
  NewToken created;
  created.secret = std::string(kTokenPrefix) + random_hex(32);
  created.token.name = name;
  created.token.scopes = scopes;
  created.token.region = by.region;
  created.token.created_by = by.id;
  created.token.created_by_name = by.name;
  created.token.created_at = now;
  created.token.expires_at = expires_at;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto id = store::insert_token(tx.connection(), created.token, sha256_hex(created.secret));
    if (!id.ok()) return std::move(id).error();
    created.token.id = *id;
    return audit_.append(tx, by,
                         {"api_token.create", "api_token", std::to_string(*id), by.region, "",
                          boost::json::serialize(to_json(created.token))});
  }));
  return created;
}

Result<std::vector<ApiToken>> AuthService::tokens(const Principal& by,
                                                  const std::string& region) {
  auto pattern = region_pattern(by, region);
  if (!pattern.ok()) return std::move(pattern).error();
  std::vector<ApiToken> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto t = store::list_tokens(c, *pattern);
    if (!t.ok()) return std::move(t).error();
    out = std::move(t).value();
    return {};
  }));
  return out;
}

Status AuthService::revoke_token(const Principal& by, std::int64_t id) {
  return db_.transact([&](db::Transaction& tx) -> Status {
    auto token = store::find_token(tx.connection(), id);
    if (!token.ok()) return std::move(token).error();
    FENGHUO_TRY(check_covers(by, token->region, "API token"));
    if (token->revoked_at) return {};
    FENGHUO_TRY(store::revoke_token(tx.connection(), id, clock_.now_ms()));
    AccessEnded ended{token->created_by, std::nullopt, id, access_reason::kTokenRevoked,
                      token->region};
    // Forgotten here even without a bus; the event tells the other processes and sockets.
    tx.after_commit([this, ended] { forget(ended); });
    end_access(tx, bus_, ended);
    return audit_.append(tx, by,
                         {"api_token.revoke", "api_token", std::to_string(id), token->region,
                          boost::json::serialize(to_json(*token)), ""});
  });
}

}  // namespace fenghuo::identity

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fenghuo {

// The kinds of expected failure. Each maps to one HTTP status in http/error_response.cpp;
// the string form (`error_code_name`) is the `code` clients see.
enum class ErrorCode {
  kBadRequest,            // 400 malformed input (bad JSON, bad query string)
  kValidationFailed,      // 400 well-formed input that breaks a rule
  kUnauthenticated,       // 401
  kForbidden,             // 403
  kCsrfFailed,            // 403 a cookie-authenticated write without the CSRF token
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409 (stale version, duplicate)
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422
  kRateLimited,           // 429
  kCaptchaRequired,       // 429 this request needs a solved CAPTCHA (captcha_id, captcha_answer)
  kUnavailable,           // 503 (database down, shutting down, pool exhausted)
  kInternal,              // 500 (a bug; never for bad input)
};

std::string_view error_code_name(ErrorCode code);

// An expected failure: what went wrong, for whom it is readable, and which input field
// it concerns (empty when none). Constructors that name a field take it first.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::int64_t retry_after_s = 0;  // for kRateLimited: when to try again (Retry-After)

  static Error bad_request(std::string message);
  static Error bad_request(std::string field, std::string message);
  static Error validation(std::string field, std::string message);
  static Error not_found(std::string message);
  static Error conflict(std::string message);
  static Error conflict(std::string field, std::string message);
  static Error unavailable(std::string message);
  static Error unauthenticated(std::string message);
  static Error forbidden(std::string message);
  static Error rate_limited(std::string message, std::int64_t retry_after_s);
  static Error internal(std::string message);
};

}  // namespace fenghuo

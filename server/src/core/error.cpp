#include "core/error.h"

namespace fenghuo {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "bad_request";
    case ErrorCode::kValidationFailed:
      return "validation_failed";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kCsrfFailed:
      return "csrf_failed";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::kUnprocessable:
      return "unprocessable";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kCaptchaRequired:
      return "captcha_required";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::bad_request(std::string message) { return bad_request({}, std::move(message)); }
Error Error::bad_request(std::string field, std::string message) {
  return {ErrorCode::kBadRequest, std::move(message), std::move(field)};
}
Error Error::validation(std::string field, std::string message) {
  return {ErrorCode::kValidationFailed, std::move(message), std::move(field)};
}
Error Error::not_found(std::string message) {
  return {ErrorCode::kNotFound, std::move(message), {}};
}
Error Error::conflict(std::string message) { return conflict({}, std::move(message)); }
Error Error::conflict(std::string field, std::string message) {
  return {ErrorCode::kConflict, std::move(message), std::move(field)};
}
Error Error::unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message), {}};
}
Error Error::unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message), {}};
}
Error Error::forbidden(std::string message) {
  return {ErrorCode::kForbidden, std::move(message), {}};
}
Error Error::rate_limited(std::string message, std::int64_t retry_after_s) {
  Error e{ErrorCode::kRateLimited, std::move(message), {}};
  e.retry_after_s = retry_after_s;
  return e;
}
Error Error::internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message), {}};
}

}  // namespace fenghuo

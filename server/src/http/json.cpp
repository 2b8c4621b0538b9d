#include "http/json.h"

#include <boost/json.hpp>

namespace fenghuo::http {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kValidationFailed:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kCsrfFailed:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kCaptchaRequired:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response json_response(int status, const boost::json::value& value) {
  return Response::json(status, boost::json::serialize(value));
}

Response items_response(boost::json::array items) {
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Response page_response(boost::json::array items, std::int64_t total) {
  return json_response(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

Response error_response(const Error& error, std::string_view request_id) {
  boost::json::object e;
  e["code"] = error_code_name(error.code);
  e["message"] = error.message;
  if (!error.field.empty()) e["field"] = error.field;
  if (!request_id.empty() && error.code == ErrorCode::kInternal) e["request_id"] = request_id;
  boost::json::object root;
  root["error"] = std::move(e);
  Response r = json_response(http_status(error.code), root);
  if (error.code == ErrorCode::kRateLimited && error.retry_after_s > 0) {
    r.set_header("Retry-After", std::to_string(error.retry_after_s));
  }
  return r;
}

Result<boost::json::object> parse_json_object(const Request& request) {
  std::string_view type = request.header("content-type");
  auto semicolon = type.find(';');
  std::string_view media = type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "application/json") {
    return Error{ErrorCode::kUnsupportedMediaType,
                 "the request body must be JSON (Content-Type: application/json)",
                 {}};
  }
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t used = parser.write(request.body.data(), request.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    // Report where the text went wrong, as line and column, so a client can fix it.
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < used && i < request.body.size(); ++i) {
      if (request.body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Error::bad_request("the request body is not valid JSON (" + ec.message() + " at line " +
                              std::to_string(line) + ", column " + std::to_string(column) + ")");
  }
  boost::json::value value = parser.release();
  if (!value.is_object()) return Error::bad_request("the request body must be a JSON object");
  return std::move(value.as_object());
}

}  // namespace fenghuo::http

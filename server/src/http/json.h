#pragma once

#include <boost/json/value.hpp>

#include "core/result.h"
#include "http/request.h"

namespace fenghuo::http {

// Parses the request body as a JSON object. Errors: 415 when the content type is not JSON,
// 400 with the position when the text is not valid JSON or not an object.
Result<boost::json::object> parse_json_object(const Request& request);

// A response with `value` serialised as JSON.
Response json_response(int status, const boost::json::value& value);

// The one error shape: {"error":{"code","message","field"?,"request_id"?}}.
Response error_response(const Error& error, std::string_view request_id = {});
int http_status(ErrorCode code);

}  // namespace fenghuo::http

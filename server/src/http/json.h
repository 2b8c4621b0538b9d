#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>

#include "core/result.h"
#include "http/request.h"

namespace fenghuo::http {

// Parses the request body as a JSON object. Errors: 415 when the content type is not JSON,
// 400 with the position when the text is not valid JSON or not an object.
Result<boost::json::object> parse_json_object(const Request& request);

// A response with `value` serialised as JSON.
Response json_response(int status, const boost::json::value& value);

// A JSON array of `to_json(item)` for each item of `range`.
template <typename Range, typename ToJson>
boost::json::array json_array(const Range& range, ToJson&& to_json) {
  boost::json::array out;
  out.reserve(std::size(range));
  for (const auto& item : range) out.push_back(to_json(item));
  return out;
}

// The answers for lists: 200 {"items": [...]}, and for one page of a longer list
// 200 {"items": [...], "total": n} (n matching in all).
Response items_response(boost::json::array items);
Response page_response(boost::json::array items, std::int64_t total);

// The one error shape: {"error":{"code","message","field"?,"request_id"?}}.
Response error_response(const Error& error, std::string_view request_id = {});
int http_status(ErrorCode code);

}  // namespace fenghuo::http

#pragma once

#include <string>

#include <boost/json.hpp>

#include "support/http_client.h"

namespace fenghuo::test {

// The body of a response as JSON.
inline boost::json::value json(const HttpResponse& r) { return boost::json::parse(r.body); }
// A JSON string as std::string.
inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

}  // namespace fenghuo::test

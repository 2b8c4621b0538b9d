#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <string_view>

#include "support/http_client.h"

namespace fenghuo::test {

// Reads the socket until an event named `event` about record `id` (data.id) arrives, or
// nothing more comes within `quiet`.
inline bool heard(WsClient& ws, std::string_view event, std::string_view id,
                  std::chrono::milliseconds quiet = std::chrono::seconds(3)) {
  while (auto message = ws.read_text(quiet)) {
    auto e = boost::json::parse(*message);
    const auto* name = e.as_object().if_contains("event");
    const auto* data = e.as_object().if_contains("data");
    const auto* record = data && data->is_object() ? data->as_object().if_contains("id") : nullptr;
    if (name && name->is_string() && name->as_string() == event && record && record->is_string() &&
        record->as_string() == id) {
      return true;
    }
  }
  return false;
}

}  // namespace fenghuo::test

#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace fenghuo::http {

struct ClientReply {
  int status = 0;
  std::string body;
};

// A blocking HTTP/1.1 POST to an http:// URL with a deadline for the whole exchange.
// Errors: kUnavailable (cannot resolve, connect, or no answer in time), kValidationFailed
// (not an http:// URL).
Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::milliseconds timeout);

// A blocking HTTP/1.1 GET, with the same deadline and errors (feeds of warnings).
Result<ClientReply> get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace fenghuo::http

#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace fenghuo::identity {

// Sends text messages. Implementations are thread-safe. A failure is an error value
// (kUnavailable) that callers show to the user; nothing is dropped silently.
class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual Status send(const std::string& to, const std::string& text) = 0;
};

// Appends one JSON line per message, {"to","text","at"}, to a file: development and tests.
class OutboxGateway final : public SmsGateway {
 public:
  OutboxGateway(std::string path, const Clock& clock);
  Status send(const std::string& to, const std::string& text) override;

 private:
  std::string path_;
  const Clock& clock_;
  std::mutex mutex_;
};

struct HttpGatewayOptions {
  std::string url;             // http:// or https:// (verified against ca_file) URL of the gateway
  std::string ca_file;         // PEM CAs trusted for https://; "" = the system store
  std::string secret;          // HMAC-SHA256 key for the X-Fenghuo-Signature header
  std::string body_template;   // JSON with {{to}} and {{text}} placeholders
  std::chrono::milliseconds timeout{5000};
  int attempts = 3;            // tries, with backoff between them
  std::chrono::milliseconds backoff{500};
};

// POSTs each message to an SMS gateway. The body is the template with the placeholders
// replaced by JSON-escaped values; X-Fenghuo-Signature: sha256=<hex HMAC of the body>.
// 2xx is success; anything else, or no answer in time, is retried, then reported.
std::unique_ptr<SmsGateway> make_http_gateway(HttpGatewayOptions options);

// Fills {{to}} and {{text}} in a JSON template with JSON-escaped values.
std::string render_sms_template(const std::string& body_template, const std::string& to,
                                const std::string& text);

}  // namespace fenghuo::identity

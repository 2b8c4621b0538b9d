#include "identity/sms.h"

#include <boost/json.hpp>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/time.h"
#include "http/client.h"

namespace fenghuo::identity {
namespace {

std::string json_escaped(const std::string& value) {
  std::string quoted = boost::json::serialize(boost::json::value(value));
  return quoted.substr(1, quoted.size() - 2);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

class HttpGateway final : public SmsGateway {
 public:
  explicit HttpGateway(HttpGatewayOptions options) : options_(std::move(options)) {}

  Status send(const std::string& to, const std::string& text) override {
    std::string body = render_sms_template(options_.body_template, to, text);
    std::string signature = "sha256=" + hmac_sha256_hex(options_.secret, body);
    std::string last_problem;
    auto backoff = options_.backoff;
    for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
      http::ClientOptions client;
      client.timeout = options_.timeout;
      client.ca_file = options_.ca_file;
      auto reply = http::post(options_.url, body, "application/json",
                              {{"X-Fenghuo-Signature", signature}}, client);
      if (reply.ok() && reply->status >= 200 && reply->status < 300) return {};
      last_problem = reply.ok() ? "status " + std::to_string(reply->status)
                                : reply.error().message;
      spdlog::warn("sms: gateway attempt {}/{} to {} failed: {}", attempt, options_.attempts,
                   options_.url, last_problem);
      if (attempt < options_.attempts) {
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
      }
    }
    spdlog::error("sms: message to {} not sent: {}", to, last_problem);
    return Error::unavailable("the SMS gateway did not accept the message (" + last_problem +
                              "); try again or call the duty room");
  }

 private:
  HttpGatewayOptions options_;
};

}  // namespace

std::string render_sms_template(const std::string& body_template, const std::string& to,
                                const std::string& text) {
  std::string body = body_template;
  replace_all(body, "{{to}}", json_escaped(to));
  replace_all(body, "{{text}}", json_escaped(text));
  return body;
}

OutboxGateway::OutboxGateway(std::string path, const Clock& clock)
    : path_(std::move(path)), clock_(clock) {}

Status OutboxGateway::send(const std::string& to, const std::string& text) {
  boost::json::object line;
  line["to"] = to;
  line["text"] = text;
  line["at"] = format_rfc3339(clock_.now_ms());
  std::lock_guard lock(mutex_);
  std::ofstream out(path_, std::ios::app);
  out << boost::json::serialize(line) << '\n';
  out.flush();
  if (!out) {
    spdlog::error("sms: cannot write the outbox {}", path_);
    return Error::unavailable("the SMS outbox " + path_ + " cannot be written");
  }
  return {};
}

std::unique_ptr<SmsGateway> make_http_gateway(HttpGatewayOptions options) {
  return std::make_unique<HttpGateway>(std::move(options));
}

}  // namespace fenghuo::identity

#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "core/result.h"

namespace fenghuo::http {

// The client side of the realtime protocol, without sockets:
//   {"op":"subscribe","topics":["alerts","incidents"]}  -> {"op":"subscribed","topics":[...]}
//   {"op":"unsubscribe","topics":[...]}                  -> {"op":"unsubscribed","topics":[...]}
//   {"op":"ping"}                                        -> {"op":"pong"}
// A subscription is checked topic by topic (see TopicCheck): "subscribed" lists the topics
// granted, and when some were refused it also carries
//   "refused":[{"topic":"incidents","code":"forbidden","message":"..."}]
// for them; a refused topic is never subscribed. A malformed message is answered
// {"op":"error","error":{"code":"bad_request","message":...}} and changes nothing.
// Not thread-safe: one per connection.
class WsProtocol {
 public:
  static constexpr std::size_t kMaxTopics = 200;
  static constexpr std::size_t kMaxTopicLength = 128;

  // Whether this connection may subscribe to a topic: an error refuses it (its code and
  // message go back to the client). Empty: every topic is granted.
  using TopicCheck = std::function<Status(std::string_view topic)>;

  explicit WsProtocol(TopicCheck check = {}) : check_(std::move(check)) {}

  // Applies a client message and answers the reply to send back.
  std::string handle(std::string_view message);

  bool subscribed(std::string_view topic) const;
  const std::set<std::string, std::less<>>& topics() const { return topics_; }

 private:
  TopicCheck check_;
  std::set<std::string, std::less<>> topics_;
};

}  // namespace fenghuo::http

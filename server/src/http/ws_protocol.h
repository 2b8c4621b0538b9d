#pragma once

#include <set>
#include <string>
#include <string_view>

namespace fenghuo::http {

// The client side of the realtime protocol, without sockets:
//   {"op":"subscribe","topics":["alerts","incident/42"]}  -> {"op":"subscribed","topics":[...]}
//   {"op":"unsubscribe","topics":[...]}                   -> {"op":"unsubscribed","topics":[...]}
//   {"op":"ping"}                                         -> {"op":"pong"}
// Anything else is answered {"op":"error","error":{"code":"bad_request","message":...}}
// and changes nothing. Not thread-safe: one per connection.
class WsProtocol {
 public:
  static constexpr std::size_t kMaxTopics = 200;
  static constexpr std::size_t kMaxTopicLength = 128;

  // Applies a client message and answers the reply to send back.
  std::string handle(std::string_view message);

  bool subscribed(std::string_view topic) const;
  const std::set<std::string, std::less<>>& topics() const { return topics_; }

 private:
  std::set<std::string, std::less<>> topics_;
};

}  // namespace fenghuo::http

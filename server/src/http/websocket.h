#pragma once
// Internal to http/: the WebSocket side of the server. Includes Beast; only server.cpp and
// websocket.cpp may include this header.

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/result.h"

namespace fenghuo {
struct Principal;
}
namespace fenghuo::realtime {
class Bus;
struct Event;
}

namespace fenghuo::http::detail {

// Fans bus events out to the WebSocket sessions subscribed to their topic: each event is
// serialised once, and each session has its own bounded send queue (a client that falls
// further behind than the bound is disconnected). Thread-safe.
class WsHub {
 public:
  // What the application decides (see ServerHooks::topic_guard and socket_closer).
  struct Rules {
    std::function<Status(const Principal*, std::string_view topic)> topic_guard;
    std::function<std::function<bool(const Principal&)>(const realtime::Event&)> socket_closer;
  };

  WsHub(realtime::Bus& bus, std::size_t queue_limit, std::chrono::seconds idle_timeout,
        Rules rules = {});
  ~WsHub();
  WsHub(const WsHub&) = delete;
  WsHub& operator=(const WsHub&) = delete;

  // Runs a session on an upgraded connection until it closes. It subscribes only to topics
  // the topic guard grants `principal`. Events with a region reach it only when `principal`
  // covers that region (none reach a null principal); events addressed to users only when
  // `principal` is one of those users. An event the socket closer says ends `principal`'s
  // access closes the socket (close code 1008, policy violation), also when it came after
  // `authorised_from` (when the check of `principal` began) but before the socket was here.
  boost::asio::awaitable<void> run(
      boost::beast::tcp_stream stream,
      boost::beast::http::request<boost::beast::http::string_body> upgrade,
      std::shared_ptr<const Principal> principal,
      std::chrono::steady_clock::time_point authorised_from);

  // Sends every session a close frame (going away).
  void close_all();
  std::size_t session_count() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace fenghuo::http::detail

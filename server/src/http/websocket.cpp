#include "http/websocket.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include "core/principal.h"
#include "http/ws_protocol.h"
#include "realtime/bus.h"

namespace fenghuo::http::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

namespace {

using Message = std::shared_ptr<const std::string>;

// One WebSocket connection. Everything but `deliver`/`close` runs on the stream's strand.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(beast::tcp_stream stream, std::size_t queue_limit,
            std::shared_ptr<const Principal> principal, WsProtocol::TopicCheck topic_check)
      : ws_(std::move(stream)),
        protocol_(std::move(topic_check)),
        queue_limit_(queue_limit),
        principal_(std::move(principal)) {}

  // Addressed events reach their users only; others pass the jurisdiction check, which
  // region-less events pass for everyone.
  bool may_receive(const realtime::Event& event) const {
    if (!event.users.empty()) {
      return principal_ != nullptr && principal_->kind == Principal::Kind::kUser &&
             std::ranges::find(event.users, principal_->id) != event.users.end();
    }
    if (event.region.empty()) return true;
    return principal_ != nullptr && principal_->covers(event.region);
  }

  const Principal* principal() const { return principal_.get(); }

  asio::awaitable<void> run(beast::http::request<beast::http::string_body> upgrade,
                            std::chrono::seconds idle_timeout) {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(5);  // also bounds the close handshake
    timeouts.idle_timeout = idle_timeout;  // a ping goes out after half of it
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "fenghuo"); }));
    ws_.read_message_max(64 * 1024);
    auto [ec] = co_await ws_.async_accept(upgrade, kTuple);
    if (ec) co_return;
    // Nothing is written before the handshake's answer has gone out (Beast allows one write at
    // a time): what was queued or a close asked for meanwhile starts now.
    accepted_ = true;
    start_writing();
    beast::flat_buffer buffer;
    for (;;) {
      auto [read_ec, n] = co_await ws_.async_read(buffer, kTuple);
      if (read_ec) break;
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(n);
      enqueue(std::make_shared<const std::string>(protocol_.handle(text)));
    }
    closing_ = true;
  }

  // Thread-safe: queues `message` if the session subscribed to `topic`.
  void deliver(std::string topic, Message message) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), topic = std::move(topic),
                                    message = std::move(message)] {
      if (self->protocol_.subscribed(topic)) self->enqueue(message);
    });
  }

  // Thread-safe: sends a close frame with `code` after what is queued.
  void close(websocket::close_code code) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code] {
      if (self->closing_ || self->close_requested_) return;
      self->close_requested_ = true;
      self->close_code_ = code;
      self->start_writing();
    });
  }

  // Thread-safe: closes at once, dropping what is queued (the principal lost access: nothing
  // more may reach it).
  void end() {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      if (self->closing_) return;
      // The message being written (the front, while writing) finishes; nothing else goes out.
      auto keep = self->writing_ && !self->queue_.empty() ? 1 : 0;
      self->queue_.erase(self->queue_.begin() + keep, self->queue_.end());
      self->close_requested_ = true;
      self->close_code_ = websocket::close_code::policy_error;
      self->start_writing();
    });
  }

 private:
  void enqueue(Message message) {
    if (closing_ || close_requested_) return;
    if (queue_.size() >= queue_limit_) {
      // A client this far behind would only grow our memory: drop it.
      spdlog::warn("websocket: dropping a slow client ({} messages queued)", queue_.size());
      closing_ = true;
      queue_.clear();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both,
                                                     ignored);
      beast::get_lowest_layer(ws_).close();
      return;
    }
    queue_.push_back(std::move(message));
    start_writing();
  }

  void start_writing() {
    if (!accepted_ || writing_ || (queue_.empty() && !close_requested_)) return;
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), asio::detached);
  }

  // `self` keeps the session alive while the loop runs.
  asio::awaitable<void> write_loop([[maybe_unused]] std::shared_ptr<WsSession> self) {
    while (!queue_.empty() && !closing_) {
      Message message = queue_.front();
      ws_.text(true);
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*message), kTuple);
      if (ec) {
        queue_.clear();
        break;
      }
      queue_.pop_front();
    }
    if (close_requested_ && !closing_) {
      closing_ = true;
      co_await ws_.async_close(close_code_, kTuple);
    }
    writing_ = false;
  }

  websocket::stream<beast::tcp_stream> ws_;
  WsProtocol protocol_;
  std::deque<Message> queue_;
  std::size_t queue_limit_;
  bool accepted_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_requested_ = false;
  websocket::close_code close_code_ = websocket::close_code::going_away;
  std::shared_ptr<const Principal> principal_;
};

}  // namespace

struct WsHub::State {
  using Clock = std::chrono::steady_clock;
  using Ends = std::function<bool(const Principal&)>;
  // Ended access is remembered this long for sockets still being authorised when it ended.
  static constexpr auto kRememberEnds = std::chrono::seconds(60);
  static constexpr std::size_t kMaxRememberedEnds = 10000;

  realtime::Bus& bus;
  std::size_t queue_limit;
  std::chrono::seconds idle_timeout;
  Rules rules;
  std::uint64_t subscription = 0;
  mutable std::mutex mutex;
  std::unordered_map<WsSession*, std::weak_ptr<WsSession>> sessions;
  std::deque<std::pair<Clock::time_point, Ends>> recent_ends;  // oldest first

  std::vector<std::shared_ptr<WsSession>> live_locked() const {
    std::vector<std::shared_ptr<WsSession>> out;
    out.reserve(sessions.size());
    for (const auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) out.push_back(std::move(s));
    }
    return out;
  }
  std::vector<std::shared_ptr<WsSession>> live() const {
    std::lock_guard lock(mutex);
    return live_locked();
  }
  void remember_locked(Ends ends) {
    auto now = Clock::now();
    while (!recent_ends.empty() && (now - recent_ends.front().first > kRememberEnds ||
                                    recent_ends.size() >= kMaxRememberedEnds)) {
      recent_ends.pop_front();
    }
    recent_ends.emplace_back(now, std::move(ends));
  }
};

WsHub::WsHub(realtime::Bus& bus, std::size_t queue_limit, std::chrono::seconds idle_timeout,
             Rules rules)
    : state_(std::make_shared<State>(bus, queue_limit, idle_timeout, std::move(rules))) {
  std::weak_ptr<State> weak = state_;
  state_->subscription = bus.subscribe([weak](const realtime::Event& event) {
    auto state = weak.lock();
    if (!state) return;
    State::Ends ends;
    if (state->rules.socket_closer) ends = state->rules.socket_closer(event);
    std::vector<std::shared_ptr<WsSession>> sessions;
    {
      // Under the lock that registers sessions: a socket registered later sees `ends` there.
      std::lock_guard lock(state->mutex);
      if (ends) state->remember_locked(ends);
      sessions = state->live_locked();
    }
    if (sessions.empty()) return;
    if (ends) {
      for (auto& s : sessions) {
        if (s->principal() != nullptr && ends(*s->principal())) s->end();
      }
    }
    auto message = std::make_shared<const std::string>(realtime::event_message(event));
    for (auto& s : sessions) {
      if (s->may_receive(event)) s->deliver(event.topic, message);
    }
  });
}

WsHub::~WsHub() { state_->bus.unsubscribe(state_->subscription); }

asio::awaitable<void> WsHub::run(beast::tcp_stream stream,
                                 beast::http::request<beast::http::string_body> upgrade,
                                 std::shared_ptr<const Principal> principal,
                                 std::chrono::steady_clock::time_point authorised_from) {
  WsProtocol::TopicCheck topic_check;
  if (state_->rules.topic_guard) {
    topic_check = [guard = state_->rules.topic_guard, principal](std::string_view topic) {
      return guard(principal.get(), topic);
    };
  }
  auto session = std::make_shared<WsSession>(std::move(stream), state_->queue_limit,
                                             std::move(principal), std::move(topic_check));
  bool ended = false;
  {
    std::lock_guard lock(state_->mutex);
    state_->sessions.emplace(session.get(), session);
    // Access that ended while this socket was being authorised (the check may have read the
    // database just before the change committed).
    for (const auto& [at, ends] : state_->recent_ends) {
      if (at >= authorised_from && session->principal() != nullptr &&
          ends(*session->principal())) {
        ended = true;
      }
    }
  }
  if (ended) session->end();
  co_await session->run(std::move(upgrade), state_->idle_timeout);
  std::lock_guard lock(state_->mutex);
  state_->sessions.erase(session.get());
}

void WsHub::close_all() {
  for (auto& s : state_->live()) s->close(websocket::close_code::going_away);
}

std::size_t WsHub::session_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->sessions.size();
}

}  // namespace fenghuo::http::detail

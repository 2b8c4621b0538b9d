#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/client_address.h"
#include "core/result.h"
#include "http/router.h"

namespace fenghuo {
struct Principal;
}
namespace fenghuo::realtime {
class Bus;
struct Event;
}  // namespace fenghuo::realtime

namespace fenghuo::http {

class StaticFiles;

// What the application checks before it serves a request.
struct ServerHooks {
  Guard guard;  // before every API route (authentication and access)
  // Authenticates a WebSocket upgrade and sets request.principal; events then reach the
  // socket only when the principal's jurisdiction covers their region, and events addressed
  // to users only those users' sockets. Null: no check.
  std::function<Status(Request&)> socket_guard;
  // The guard's answer when it can be given from memory alone (nullopt: it needs the
  // database, so the request goes to the worker pool). Used for non-blocking routes.
  std::function<std::optional<Status>(const Route&, Request&)> quick_guard;
  // Whether a socket's principal (null without socket_guard) may subscribe to a topic; an
  // error refuses the topic and goes back to the client. Null: every topic is granted.
  std::function<Status(const Principal*, std::string_view topic)> topic_guard;
  // The sockets an event ends (their session, API token or user lost access): a test of
  // each open socket's principal, or an empty function when the event ends none. Runs on
  // the thread that publishes the event. Null: events end no socket.
  std::function<std::function<bool(const Principal&)>(const realtime::Event&)> socket_closer;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; read it back with port()
  int threads = 1;            // I/O threads
  int workers = 2;            // threads for blocking handlers
  int max_connections = 10000;
  // Open connections from one address (trusted proxies excepted); more are refused.
  int max_connections_per_address = 256;
  // Request bodies: a route reads at most the limit of its RouteOptions::body (or its own
  // max_body_bytes). The header is routed and authenticated first; a body is read only for a
  // caller the route admits, and a declared Content-Length above the limit is refused (413)
  // before a byte of the body is read.
  std::uint64_t max_json_body_bytes = 1024 * 1024;
  std::uint64_t max_file_body_bytes = 20 * 1024 * 1024;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds shutdown_timeout{10000};
  bool access_log = true;
  std::size_t ws_queue_limit = 256;
  std::chrono::seconds ws_idle_timeout{60};
  // Origins allowed besides this server for images, media and fetches (map tiles, camera
  // streams), space-separated, e.g. "https://t0.tianditu.gov.cn https://video.example".
  std::string content_sources;
  // Peers whose X-Forwarded-For names the client (Request::client_address).
  std::vector<IpNetwork> trusted_proxies;
};

// The HTTP and WebSocket server: API routes under /api/, the realtime socket at
// /api/v1/ws (events from `bus`), static files for everything else.
// Lifecycle: start() binds, run() serves until stop() (or SIGINT/SIGTERM when
// run(true)), then returns once in-flight requests finished or the shutdown timeout passed.
class Server {
 public:
  Server(ServerOptions options, const Router& router, const StaticFiles* static_files,
         realtime::Bus& bus, ServerHooks hooks = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  Status start();
  std::uint16_t port() const;

  // Serves on the I/O threads plus the calling thread; returns after a graceful stop.
  void run(bool stop_on_signals);
  // Starts a graceful stop: no new connections, idle ones closed, busy ones finish, WebSockets
  // get a close frame. Thread-safe; returns at once.
  void stop();

  // Open connections (HTTP and WebSocket), for tests and metrics.
  int connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fenghuo::http

#include "http/server.h"

#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include "core/random.h"
#include "http/json.h"
#include "http/router.h"
#include "http/static_files.h"
#include "http/websocket.h"

namespace fenghuo::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

namespace {

constexpr std::string_view kRealtimePath = "/api/v1/ws";
// How long a connection refused before its body was read drops what the client still sends.
constexpr std::chrono::seconds kLinger{2};
using Parser = bhttp::request_parser<bhttp::string_body>;

// "1 MB", "64 KB" or "1000 bytes".
std::string size_text(std::uint64_t bytes) {
  constexpr std::uint64_t kKb = 1024;
  if (bytes >= kKb * kKb && bytes % (kKb * kKb) == 0) {
    return std::to_string(bytes / kKb / kKb) + " MB";
  }
  if (bytes >= kKb && bytes % kKb == 0) return std::to_string(bytes / kKb) + " KB";
  return std::to_string(bytes) + " bytes";
}
// The Content-Security-Policy: the app's own origin only, plus `extra` (space-separated
// origins of the deployment's map tiles and video streams) for images, media and fetches.
// 'self' covers the realtime socket on the app's own host (ws: and wss:, CSP Level 3); a bare
// ws: or wss: would let a page reach any host's socket.
std::string content_security_policy(const std::string& extra) {
  std::string more = extra.empty() ? "" : " " + extra;
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data: blob:" + more + "; font-src 'self' data:; "
         "connect-src 'self'" + more + "; media-src 'self' blob:" + more +
         "; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
}

// One HTTP connection. `busy` is true from a request's header to the end of its response,
// and is read and written only on the connection's strand.
struct HttpConnection {
  explicit HttpConnection(tcp::socket socket)
      : executor(socket.get_executor()), stream(std::move(socket)) {}
  asio::any_io_executor executor;  // the connection's strand; outlives a move of `stream`
  beast::tcp_stream stream;
  bool busy = false;
  bool handed_over = false;  // upgraded to a WebSocket: `stream` was moved away
};

void add_common_headers(Response& r, const std::string& request_id, const std::string& csp) {
  r.set_header("X-Request-Id", request_id);
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  // A response may allow framing by the app itself (document previews) with its own policy.
  if (r.header("X-Frame-Options").empty()) r.set_header("X-Frame-Options", "DENY");
  if (r.header("Content-Security-Policy").empty()) r.set_header("Content-Security-Policy", csp);
  if (r.header("Cache-Control").empty()) r.set_header("Cache-Control", "no-store");
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, const StaticFiles* s, realtime::Bus& bus, ServerHooks h)
      : options(std::move(o)),
        hooks(std::move(h)),
        router(r),
        static_files(s),
        io(std::max(1, options.threads)),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        acceptor(io),
        signals(io),
        hub(bus, options.ws_queue_limit, options.ws_idle_timeout,
            {hooks.topic_guard, hooks.socket_closer}),
        csp(content_security_policy(options.content_sources)),
        id_prefix(random_hex(3)) {}

  ServerOptions options;
  ServerHooks hooks;
  const Router& router;
  const StaticFiles* static_files;
  asio::io_context io;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  detail::WsHub hub;
  std::string csp;
  std::string id_prefix;
  std::atomic<std::uint64_t> next_request{0};
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex per_address_mutex;
  std::unordered_map<std::string, int> per_address;  // open connections by peer address
  std::mutex registry_mutex;
  std::unordered_map<HttpConnection*, std::weak_ptr<HttpConnection>> registry;

  std::string next_request_id() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%06llx", id_prefix.c_str(),
                  static_cast<unsigned long long>(next_request.fetch_add(1) + 1));
    return buf;
  }

  // The peer address whose connections are counted against
  // server.max_connections_per_address; "" for a trusted proxy (its clients are many) or an
  // unknown peer.
  template <typename Socket>
  std::string peer_key(const Socket& socket) const {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return {};
    std::string text = endpoint.address().to_string();
    auto address = IpAddress::parse(text);
    if (!address) return {};
    for (const auto& proxy : options.trusted_proxies) {
      if (proxy.contains(*address)) return {};
    }
    return address->to_string();
  }
  bool take_address_slot(const std::string& peer) {
    std::lock_guard lock(per_address_mutex);
    int& open = per_address[peer];
    if (open >= options.max_connections_per_address) return false;
    ++open;
    return true;
  }
  void release_address_slot(const std::string& peer) {
    std::lock_guard lock(per_address_mutex);
    auto it = per_address.find(peer);
    if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kTuple);
      if (stopping) co_return;
      if (ec) {
        if (ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: wait a little rather than spin.
        spdlog::warn("http: accept failed: {}", ec.message());
        asio::steady_timer pause(io, std::chrono::milliseconds(50));
        co_await pause.async_wait(kTuple);
        continue;
      }
      if (connections.load() >= options.max_connections) {
        spdlog::warn("http: refusing a connection: {} open (server.max_connections)",
                     connections.load());
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      std::string peer = peer_key(socket);
      if (!peer.empty() && !take_address_slot(peer)) {
        spdlog::warn(
            "http: refusing a connection from {}: {} open from that address "
            "(server.max_connections_per_address)",
            peer, options.max_connections_per_address);
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      ++connections;
      beast::error_code ignored;
      // Responses go out as a header and a body write; without this, Nagle holds the
      // second one back for the peer's delayed ACK (about 40 ms a response).
      socket.set_option(tcp::no_delay(true), ignored);
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), [this, peer](std::exception_ptr e) {
        --connections;
        if (!peer.empty()) release_address_slot(peer);
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            spdlog::error("http: session failed: {}", ex.what());
          }
        }
      });
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    auto conn = std::make_shared<HttpConnection>(std::move(socket));
    {
      std::lock_guard lock(registry_mutex);
      registry.emplace(conn.get(), conn);
    }
    struct Unregister {
      Impl& impl;
      HttpConnection* key;
      ~Unregister() {
        std::lock_guard lock(impl.registry_mutex);
        impl.registry.erase(key);
      }
    } unregister{*this, conn.get()};

    beast::error_code ec;
    auto remote = conn->stream.socket().remote_endpoint(ec);
    std::string remote_address = ec ? std::string("?") : remote.address().to_string();
    beast::flat_buffer buffer;

    bool linger_after = false;
    for (;;) {
      conn->busy = false;
      if (stopping) break;
      Parser parser;
      parser.header_limit(options.max_header_bytes);
      // No limit yet: the route the header names sets it (handle()), and refuses a declared
      // length above it before a byte of the body is read.
      parser.body_limit(boost::none);
      conn->stream.expires_after(options.read_timeout);
      auto [read_ec, n] = co_await bhttp::async_read_header(conn->stream, buffer, parser, kTuple);
      if (read_ec) {
        co_await refuse_unreadable(*conn, read_ec);
        break;
      }
      conn->busy = true;
      auto started = std::chrono::steady_clock::now();

      if (beast::websocket::is_upgrade(parser.get())) {
        auto target = parse_target(parser.get().target());
        if (target && target->path == kRealtimePath && !stopping) {
          Request request = to_request(parser.get(), remote_address);
          auto authorised_from = std::chrono::steady_clock::now();
          Status allowed = co_await authorize_socket(request);
          if (allowed.ok()) {
            conn->handed_over = true;
            {
              std::lock_guard lock(registry_mutex);
              registry.erase(conn.get());
            }
            co_await hub.run(std::move(conn->stream), parser.release(), request.principal,
                             authorised_from);
            co_return;
          }
          Response refused = error_response(allowed.error(), request.request_id);
          add_common_headers(refused, request.request_id, csp);
          std::uint64_t bytes = 0;
          std::string wire = serialize(request, refused, false, bytes);
          co_await asio::async_write(conn->stream, asio::buffer(wire), kTuple);
          break;
        }
      }

      Request request = to_request(parser.get(), remote_address);
      std::string raw_target(parser.get().target());
      std::string method_string(parser.get().method_string());
      const bool client_keeps_alive = parser.get().keep_alive();
      std::optional<Response> answer = co_await handle(*conn, buffer, parser, request, raw_target);
      if (!answer) break;  // the body could not be read and nobody is there to answer
      Response response = std::move(*answer);
      add_common_headers(response, request.request_id, csp);

      // A body left unread (refused before it was read) ends the connection: its bytes would
      // be taken for the next request.
      const bool body_unread = !parser.is_done();
      bool keep_alive = client_keeps_alive && !stopping && !body_unread;
      std::uint64_t bytes = 0;
      conn->stream.expires_after(options.read_timeout);
      beast::error_code write_ec;
      if (response.file_path.empty()) {
        // One buffer, one write: the common case of a JSON answer.
        std::string wire = serialize(request, response, keep_alive, bytes);
        auto [ec, written] = co_await asio::async_write(conn->stream, asio::buffer(wire), kTuple);
        write_ec = ec;
      } else if (auto file = file_message(request, response, keep_alive, bytes)) {
        auto [ec, written] = co_await beast::async_write(conn->stream, std::move(*file), kTuple);
        write_ec = ec;
      } else {
        response = error_response(Error::not_found("file not found"));
        add_common_headers(response, request.request_id, csp);
        std::string wire = serialize(request, response, keep_alive, bytes);
        auto [ec, written] = co_await asio::async_write(conn->stream, asio::buffer(wire), kTuple);
        write_ec = ec;
      }
      if (options.access_log) {
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
        spdlog::info(
            "http id={} method={} path={} status={} duration_ms={:.3f} bytes={} "
            "user={} remote={}",
            request.request_id, method_string, request.path.empty() ? raw_target : request.path,
            response.status, micros / 1000.0, bytes,
            request.user_id.empty() ? "-" : request.user_id, remote_address);
      }
      if (write_ec || !keep_alive) {
        linger_after = body_unread && !write_ec;
        break;
      }
    }
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger_after) co_await linger(*conn);
  }

  // Routes a request by its header and checks the caller; only then reads the body, at most
  // the route's limit, and runs the handler. So a caller the route refuses (401, 403), or a
  // body declared larger than the limit (413), is answered without reading the body.
  // nullopt: the body could not be read and nobody is there to answer (closed, timed out).
  asio::awaitable<std::optional<Response>> handle(HttpConnection& conn, beast::flat_buffer& buffer,
                                                  Parser& parser, Request& request,
                                                  const std::string& raw_target) {
    auto target = parse_target(raw_target);
    if (!target) {
      co_return error_response(Error::bad_request("malformed request target"));
    }
    request.path = std::move(target->path);
    request.query_string = std::move(target->query);
    if (!request.path.starts_with("/api/")) {
      if (static_files == nullptr) co_return error_response(Error::not_found("no such page"));
      co_return static_files->serve(request);
    }
    if (request.path == kRealtimePath) {
      co_return error_response(
          Error{ErrorCode::kBadRequest, "this endpoint takes WebSocket connections only", {}});
    }
    Router::Match match = router.match(request.method, request.path, request.path_params);
    if (match.route == nullptr) co_return Router::no_route(match, request);
    const Route& route = *match.route;
    if (parser.is_done()) co_return co_await run(route, request, false);  // no body

    if (auto refused = co_await admit(route, request)) co_return std::move(*refused);
    const std::uint64_t limit = body_limit_of(route);
    if (auto length = parser.content_length(); length && *length > limit) {
      co_return too_large(route, limit);
    }
    parser.body_limit(limit);  // a chunked body is counted as it arrives
    if (parser.get()[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
      co_await bhttp::async_write(conn.stream, go_on, kTuple);
    }
    conn.stream.expires_after(options.read_timeout);
    auto [body_ec, m] = co_await bhttp::async_read(conn.stream, buffer, parser, kTuple);
    if (body_ec == bhttp::error::body_limit) co_return too_large(route, limit);
    if (body_ec) {
      if (auto error = malformed(body_ec)) co_return error_response(*error);
      co_return std::nullopt;
    }
    request.body = std::move(parser.get().body());
    co_return co_await run(route, request, true);
  }

  std::uint64_t body_limit_of(const Route& route) const {
    if (route.options.max_body_bytes > 0) return route.options.max_body_bytes;
    return route.options.body == Body::kFile ? options.max_file_body_bytes
                                             : options.max_json_body_bytes;
  }

  static Response too_large(const Route& route, std::uint64_t limit) {
    std::string setting = route.options.max_body_bytes > 0    ? ""
                          : route.options.body == Body::kFile ? " (storage.max_file_mb)"
                                                              : " (server.max_json_body_kb)";
    return error_response(Error{ErrorCode::kPayloadTooLarge,
                                "the request body is larger than " + size_text(limit) +
                                    ", the limit of " + std::string(method_name(route.method)) +
                                    " " + route.pattern + setting,
                                {}});
  }

  // The caller's admission to a route (the guard), from memory when it can be given from
  // memory, else on the worker pool. nullopt: admitted, request.principal set.
  asio::awaitable<std::optional<Response>> admit(const Route& route, Request& request) {
    if (!hooks.guard) co_return std::nullopt;
    if (hooks.quick_guard) {
      bool known = false;
      auto verdict = Router::admit(route, request, [&](const Route& r, Request& q) -> Status {
        std::optional<Status> quick = hooks.quick_guard(r, q);
        known = quick.has_value();
        return quick ? std::move(*quick) : Status{};
      });
      if (known || verdict) co_return verdict;
    }
    co_return co_await asio::co_spawn(
        workers,
        [this, &route, &request]() -> asio::awaitable<std::optional<Response>> {
          co_return Router::admit(route, request, hooks.guard);
        },
        use_awaitable);
  }

  // Runs a route's handler, behind the guard unless the caller was `admitted` already.
  asio::awaitable<Response> run(const Route& route, Request& request, bool admitted) {
    const Guard none;
    const Guard& guard = admitted ? none : hooks.guard;
    if (!route.options.blocking) {
      // Without a guard, or when it can answer from memory, the handler runs right here.
      if (!guard) co_return Router::run(route, request, {});
      if (hooks.quick_guard) {
        if (auto allowed = hooks.quick_guard(route, request)) {
          Status verdict = std::move(*allowed);
          co_return Router::run(route, request,
                                [&verdict](const Route&, Request&) { return verdict; });
        }
      }
    }
    co_return co_await asio::co_spawn(
        workers,
        [&route, &request, &guard]() -> asio::awaitable<Response> {
          co_return Router::run(route, request, guard);
        },
        use_awaitable);
  }

  // After an answer to a request whose body was not read: the client may still be sending
  // it, and closing a socket with unread data resets the connection, which can destroy the
  // answer before the client has read it. So what arrives is read and dropped, for at most
  // kLinger, until the client closes. Nothing of it is kept.
  asio::awaitable<void> linger(HttpConnection& conn) {
    std::array<char, 8192> scratch;
    conn.stream.expires_after(kLinger);
    for (;;) {
      auto [ec, n] = co_await conn.stream.async_read_some(asio::buffer(scratch), kTuple);
      if (ec) break;
    }
  }

  Request to_request(const bhttp::request<bhttp::string_body>& beast_request,
                     const std::string& remote_address) {
    Request request;
    request.method = parse_method(beast_request.method_string());
    request.remote_address = remote_address;
    request.request_id = next_request_id();
    request.headers.reserve(16);
    for (const auto& field : beast_request) {
      std::string name(field.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    std::string forwarded_for;
    if (!options.trusted_proxies.empty()) {
      for (const auto& [name, value] : request.headers) {
        if (name != "x-forwarded-for") continue;
        if (!forwarded_for.empty()) forwarded_for += ',';
        forwarded_for += value;
      }
    }
    request.client_address = client_address(remote_address, forwarded_for, options.trusted_proxies);
    return request;
  }

  // Runs the socket guard (which may query the database) on the worker pool.
  asio::awaitable<Status> authorize_socket(Request& request) {
    if (!hooks.socket_guard) co_return Status{};
    co_return co_await asio::co_spawn(
        workers,
        [this, &request]() -> asio::awaitable<Status> {
          try {
            co_return hooks.socket_guard(request);
          } catch (const std::exception& e) {
            spdlog::error("websocket: authorising {} failed: {}", request.request_id, e.what());
            co_return Error::internal("internal error");
          }
        },
        use_awaitable);
  }

  // The error for a request that is not HTTP; nullopt for a connection closed, timed out or
  // reset (nobody to answer).
  static std::optional<Error> malformed(beast::error_code ec) {
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
        ec != bhttp::error::need_more) {
      return Error::bad_request("malformed HTTP request: " + ec.message());
    }
    return std::nullopt;
  }

  // Answers what can be answered about a request header that could not be read, then the
  // connection closes: 413 for oversized headers, 400 for malformed ones.
  asio::awaitable<void> refuse_unreadable(HttpConnection& conn, beast::error_code ec) {
    std::optional<Error> error;
    if (ec == bhttp::error::header_limit) {
      error = Error{ErrorCode::kPayloadTooLarge,
                    "the request headers are larger than " +
                        std::to_string(options.max_header_bytes) + " bytes",
                    {}};
    } else {
      error = malformed(ec);
    }
    if (!error) co_return;  // closed, timed out or reset: nobody to answer
    conn.busy = true;
    Response response = error_response(*error);
    std::string id = next_request_id();
    add_common_headers(response, id, csp);
    Request none;
    none.method = Method::kPost;
    std::uint64_t bytes = 0;
    conn.stream.expires_after(options.read_timeout);
    std::string wire = serialize(none, response, false, bytes);
    co_await asio::async_write(conn.stream, asio::buffer(wire), kTuple);
    spdlog::info("http id={} status={} refused: {}", id, response.status, ec.message());
  }

  // The response as bytes on the wire, for responses with an in-memory body.
  static std::string serialize(const Request& request, const Response& response,
                               bool keep_alive, std::uint64_t& bytes) {
    auto status = bhttp::int_to_status(static_cast<unsigned>(response.status));
    std::string_view reason = bhttp::obsolete_reason(status);
    bool head = request.method == Method::kHead;
    bool bodiless = response.status == 304 || response.status == 204;
    std::string out;
    out.reserve(512 + response.body.size());
    out.append("HTTP/1.1 ").append(std::to_string(response.status)).append(" ");
    out.append(reason).append("\r\nServer: fenghuo\r\n");
    for (const auto& [name, value] : response.headers) {
      out.append(name).append(": ").append(value).append("\r\n");
    }
    if (!bodiless) {
      out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
    }
    if (!keep_alive) out.append("Connection: close\r\n");
    out.append("\r\n");
    if (!head && !bodiless) {
      out.append(response.body);
      bytes = response.body.size();
    }
    return out;
  }

  // A file response (static files, downloads) streamed from disk; nullopt when the file
  // vanished since it was chosen.
  static std::optional<bhttp::message_generator> file_message(const Request& request,
                                                              const Response& response,
                                                              bool keep_alive,
                                                              std::uint64_t& bytes) {
    beast::error_code ec;
    bhttp::file_body::value_type file;
    file.open(response.file_path.c_str(), beast::file_mode::scan, ec);
    if (ec) return std::nullopt;
    auto fill = [&](auto& message) {
      message.result(static_cast<unsigned>(response.status));
      message.version(11);
      message.keep_alive(keep_alive);
      message.set(bhttp::field::server, "fenghuo");
      for (const auto& [name, value] : response.headers) message.set(name, value);
    };
    if (request.method == Method::kHead) {
      bhttp::response<bhttp::empty_body> message;
      fill(message);
      message.content_length(file.size());
      return bhttp::message_generator(std::move(message));
    }
    bytes = file.size();
    bhttp::response<bhttp::file_body> message;
    fill(message);
    message.body() = std::move(file);
    message.prepare_payload();
    return bhttp::message_generator(std::move(message));
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    spdlog::info("http: stopping: finishing in-flight requests (at most {} ms)",
                 options.shutdown_timeout.count());
    asio::post(io, [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
    });
    std::vector<std::shared_ptr<HttpConnection>> open;
    {
      std::lock_guard lock(registry_mutex);
      for (auto& [ptr, weak] : registry) {
        if (auto c = weak.lock()) open.push_back(std::move(c));
      }
    }
    for (auto& c : open) {
      asio::post(c->executor, [c] {
        if (c->busy || c->handed_over) return;  // it closes after its response
        beast::error_code ignored;
        c->stream.socket().cancel(ignored);
      });
    }
    hub.close_all();
    asio::co_spawn(io, wait_then_halt(), asio::detached);
  }

  asio::awaitable<void> wait_then_halt() {
    auto deadline = std::chrono::steady_clock::now() + options.shutdown_timeout;
    asio::steady_timer timer(io);
    while (connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kTuple);
    }
    if (connections.load() > 0) {
      spdlog::warn("http: {} connections still open after the shutdown timeout; closing them",
                   connections.load());
    }
    io.stop();
  }
};

Server::Server(ServerOptions options, const Router& router, const StaticFiles* static_files,
               realtime::Bus& bus, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), router, static_files, bus,
                                   std::move(hooks))) {}

Server::~Server() {
  impl_->io.stop();
  impl_->workers.join();
}

Status Server::start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return Error::validation("server.host", "server.host is not an IP address: " +
                                                impl_->options.host);
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable("cannot listen on " + impl_->options.host + ":" +
                              std::to_string(impl_->options.port) + ": " + ec.message());
  }
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  return {};
}

std::uint16_t Server::port() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

namespace {

// What the process may spend after the shutdown timeout on closing its databases and files.
constexpr std::chrono::seconds kShutdownGrace{2};

// The shutdown timeout is a hard limit: a handler stuck in a call that never returns (a
// database that does not answer, a lock never released) must not keep the process alive, or
// a supervisor waits for ever and no new process takes the port. A detached watchdog ends the
// process with exit status 3 when the orderly stop has not finished in time.
void exit_after(std::chrono::milliseconds limit) {
  std::thread([limit] {
    std::this_thread::sleep_for(limit);
    spdlog::critical("http: still running {} ms after the stop began; exiting now", limit.count());
    spdlog::shutdown();
    std::_Exit(3);
  }).detach();
}

}  // namespace

void Server::run(bool stop_on_signals) {
  if (stop_on_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](const beast::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("http: received signal {}", signal);
      impl_->begin_stop();
      exit_after(impl_->options.shutdown_timeout + kShutdownGrace);
    });
  }
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
}

void Server::stop() { impl_->begin_stop(); }

int Server::connection_count() const { return impl_->connections.load(); }

}  // namespace fenghuo::http

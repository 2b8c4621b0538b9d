#include "support/tls_server.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace fenghuo::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
}

struct TlsServer::Impl {
  std::map<std::string, std::string> bodies;
  std::string cert, key;
  bool ok = false;
  asio::ssl::context context{asio::ssl::context::tls_server};
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mutex;
  std::string server_name;
  std::vector<std::string> requests;

  asio::awaitable<void> serve(asio::ip::tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), context);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (hec) co_return;
    const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
    {
      std::lock_guard lock(mutex);
      server_name = sni ? sni : "";
    }
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    auto [rec, n] = co_await bhttp::async_read(stream, buffer, request, kTuple);
    if (rec) co_return;
    std::string path(request.target());
    bhttp::response<bhttp::string_body> response;
    response.version(11);
    response.keep_alive(false);
    {
      std::lock_guard lock(mutex);
      requests.push_back(std::string(request.method_string()) + " " + path + " " + request.body());
    }
    if (auto it = bodies.find(path); it != bodies.end()) {
      response.result(bhttp::status::ok);
      response.set(bhttp::field::content_type, "application/xml");
      response.body() = it->second;
    } else {
      response.result(bhttp::status::not_found);
    }
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, kTuple);
    co_await stream.async_shutdown(kTuple);
  }

  asio::awaitable<void> accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) co_return;
      asio::co_spawn(io, serve(std::move(socket)), asio::detached);
    }
  }
};

TlsServer::TlsServer(const std::filesystem::path& dir, std::map<std::string, std::string> bodies)
    : impl_(std::make_unique<Impl>()) {
  impl_->bodies = std::move(bodies);
  impl_->cert = (dir / "tls-cert.pem").string();
  impl_->key = (dir / "tls-key.pem").string();
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout '" +
      impl_->key + "' -out '" + impl_->cert + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return;
  boost::system::error_code ec;
  impl_->context.use_certificate_chain_file(impl_->cert, ec);
  if (!ec) impl_->context.use_private_key_file(impl_->key, asio::ssl::context::pem, ec);
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  if (!ec) impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(16, ec);
  if (ec) return;
  impl_->ok = true;
  asio::co_spawn(impl_->io, impl_->accept(), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

TlsServer::~TlsServer() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool TlsServer::ok() const { return impl_->ok; }
std::uint16_t TlsServer::port() const { return impl_->acceptor.local_endpoint().port(); }
std::string TlsServer::cert_file() const { return impl_->cert; }

std::string TlsServer::server_name() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->server_name;
}

std::vector<std::string> TlsServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

}  // namespace fenghuo::test

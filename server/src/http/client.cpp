#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

namespace fenghuo::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

Result<ClientReply> exchange(bhttp::verb verb, const std::string& url, const std::string& body,
                             const std::string& content_type,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             std::chrono::milliseconds timeout) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "http") {
    return Error::validation("url", "not an http:// URL: " + url);
  }
  std::string host = parsed->host();
  std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());

  asio::io_context io;
  beast::tcp_stream stream(io);
  asio::ip::tcp::resolver resolver(io);
  beast::error_code ec;
  ClientReply reply;
  std::string failure;

  stream.expires_after(timeout);
  resolver.async_resolve(host, port, [&](beast::error_code rec, auto results) {
    if (rec) {
      failure = "cannot resolve " + host + ": " + rec.message();
      return;
    }
    stream.async_connect(results, [&](beast::error_code cec, auto) {
      if (cec) {
        failure = "cannot connect to " + host + ":" + port + ": " + cec.message();
        return;
      }
      auto request = std::make_shared<bhttp::request<bhttp::string_body>>(verb, target, 11);
      request->set(bhttp::field::host, host);
      if (!content_type.empty()) request->set(bhttp::field::content_type, content_type);
      request->set(bhttp::field::user_agent, "fenghuo");
      for (const auto& [k, v] : headers) request->set(k, v);
      request->body() = body;
      request->prepare_payload();
      bhttp::async_write(stream, *request, [&, request](beast::error_code wec, std::size_t) {
        if (wec) {
          failure = "sending to " + host + " failed: " + wec.message();
          return;
        }
        auto buffer = std::make_shared<beast::flat_buffer>();
        auto response = std::make_shared<bhttp::response<bhttp::string_body>>();
        bhttp::async_read(stream, *buffer, *response,
                          [&, buffer, response](beast::error_code rec2, std::size_t) {
                            if (rec2) {
                              failure = "no answer from " + host + ": " + rec2.message();
                              return;
                            }
                            reply.status = static_cast<int>(response->result_int());
                            reply.body = std::move(response->body());
                          });
      });
    });
  });
  io.run();
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  if (!failure.empty()) return Error::unavailable(failure);
  if (reply.status == 0) return Error::unavailable("no answer from " + host);
  return reply;
}

}  // namespace

Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::milliseconds timeout) {
  return exchange(bhttp::verb::post, url, body, content_type, headers, timeout);
}

Result<ClientReply> get(const std::string& url, std::chrono::milliseconds timeout) {
  return exchange(bhttp::verb::get, url, {}, {}, {}, timeout);
}

}  // namespace fenghuo::http

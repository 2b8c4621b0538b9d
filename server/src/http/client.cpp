#include "http/client.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <cstring>
#include <optional>

namespace fenghuo::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Loopback, private, link-local ... (see is_internal_address).
const std::vector<IpNetwork>& internal_networks() {
  static const std::vector<IpNetwork> kInternal =
      parse_networks(
          "0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 "
          "192.0.0.0/24 192.0.2.0/24 192.88.99.0/24 192.168.0.0/16 198.18.0.0/15 "
          "198.51.100.0/24 203.0.113.0/24 224.0.0.0/4 240.0.0.0/4 "
          "::/128 ::1/128 fe80::/10 fec0::/10 fc00::/7 ff00::/8 2001:db8::/32 100::/64 "
          "2001::/23",
          "internal")
          .value();
  return kInternal;
}

// NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) forms carry an IPv4 address.
const std::vector<IpNetwork>& ipv4_carriers() {
  static const std::vector<IpNetwork> kCarriers =
      parse_networks("64:ff9b::/96 ::/96", "carriers").value();
  return kCarriers;
}

bool internal(const IpAddress& a) {
  if (any_contains(internal_networks(), a)) return true;
  if (a.v6 && any_contains(ipv4_carriers(), a)) {
    IpAddress v4;
    std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.bytes.begin());
    return internal(v4);
  }
  return false;
}

struct Target {
  bool tls = false;
  std::string host, port, target, host_header;
};

Result<Target> target_of(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host_address().empty()) {
    return Error::validation("url", "not an http:// or https:// URL: " + url);
  }
  Target t;
  t.tls = parsed->scheme() == "https";
  t.host = parsed->host_address();
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.target = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  t.host_header = std::string(parsed->encoded_host_and_port());
  return t;
}

struct Outcome {
  ClientReply reply;
  std::string failure;
  ErrorCode code = ErrorCode::kUnavailable;
};

template <typename Stream>
asio::awaitable<void> talk(Stream& stream, const bhttp::request<bhttp::string_body>& request,
                           const std::string& host, Outcome& out) {
  auto [wec, written] = co_await bhttp::async_write(stream, request, kTuple);
  if (wec) {
    out.failure = "sending to " + host + " failed: " + wec.message();
    co_return;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(32 * 1024 * 1024);
  auto [rec, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  if (rec) {
    out.failure = "no answer from " + host + ": " + rec.message();
    co_return;
  }
  out.reply.status = static_cast<int>(parser.get().result_int());
  out.reply.body = std::move(parser.get().body());
}

asio::awaitable<void> exchange(bhttp::verb verb, const Target& t, const std::string& body,
                               const std::string& content_type,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const ClientOptions& options, Outcome& out) {
  auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream tcp(executor);
  tcp.expires_after(options.timeout);
  asio::ip::tcp::resolver resolver(executor);
  auto [rec, results] = co_await resolver.async_resolve(t.host, t.port, kTuple);
  if (rec) {
    out.failure = "cannot resolve " + t.host + ": " + rec.message();
    co_return;
  }
  std::vector<asio::ip::tcp::endpoint> endpoints;
  std::string refused;
  for (const auto& r : results) {
    std::string address = r.endpoint().address().to_string();
    auto ip = IpAddress::parse(address);
    if (options.refuse_internal && (!ip || internal(*ip)) &&
        !(ip && any_contains(options.internal_networks, *ip))) {
      refused = address;
      continue;
    }
    endpoints.push_back(r.endpoint());
  }
  if (endpoints.empty()) {
    if (!refused.empty()) {
      out.code = ErrorCode::kForbidden;
      out.failure = "refused to connect to " + t.host + ": " + refused +
                    " is an internal address (not in the allowed networks)";
    } else {
      out.failure = "cannot resolve " + t.host;
    }
    co_return;
  }
  auto [cec, connected] = co_await tcp.async_connect(endpoints, kTuple);
  if (cec) {
    out.failure = "cannot connect to " + t.host + ":" + t.port + ": " + cec.message();
    co_return;
  }

  bhttp::request<bhttp::string_body> request(verb, t.target, 11);
  request.set(bhttp::field::host, t.host_header);
  if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
  request.set(bhttp::field::user_agent, "fenghuo");
  for (const auto& [k, v] : headers) request.set(k, v);
  request.body() = body;
  request.prepare_payload();

  if (!t.tls) {
    co_await talk(tcp, request, t.host, out);
    beast::error_code ignored;
    tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return;
  }
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code ctx_ec;
  if (options.ca_file.empty()) {
    context.set_default_verify_paths(ctx_ec);
  } else {
    context.load_verify_file(options.ca_file, ctx_ec);
  }
  if (ctx_ec) {
    out.code = ErrorCode::kValidationFailed;
    out.failure = "cannot read the trusted CAs " +
                  (options.ca_file.empty() ? std::string("of the system") : options.ca_file) +
                  ": " + ctx_ec.message();
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), context);
  boost::system::error_code literal_ec;
  asio::ip::make_address(t.host, literal_ec);
  // SNI names a host, never an address literal (RFC 6066).
  if (literal_ec && !SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str())) {
    out.failure = "cannot set the TLS server name " + t.host;
    co_return;
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(t.host));
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kTuple);
  if (hec) {
    long verify = SSL_get_verify_result(stream.native_handle());
    out.failure =
        "TLS with " + t.host + " failed: " + hec.message() +
        (verify != X509_V_OK ? std::string(" (") + X509_verify_cert_error_string(verify) + ")"
                             : std::string());
    co_return;
  }
  co_await talk(stream, request, t.host, out);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
  auto [sec] = co_await stream.async_shutdown(kTuple);
  (void)sec;  // many servers close without a TLS close_notify; the answer is complete anyway
}

Result<ClientReply> run(bhttp::verb verb, const std::string& url, const std::string& body,
                        const std::string& content_type,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const ClientOptions& options) {
  FENGHUO_ASSIGN(t, target_of(url));
  Outcome out;
  asio::io_context io;
  asio::co_spawn(io, exchange(verb, t, body, content_type, headers, options, out),
                 [&out](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     out.failure = ex.what();
                   }
                 });
  io.run();
  if (!out.failure.empty()) {
    if (out.code == ErrorCode::kValidationFailed) return Error::validation("ca_file", out.failure);
    return Error{out.code, out.failure, "url"};
  }
  if (out.reply.status == 0) return Error::unavailable("no answer from " + t.host);
  return std::move(out.reply);
}

}  // namespace

bool is_internal_address(std::string_view address) {
  auto a = IpAddress::parse(address);
  return !a || internal(*a);
}

Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const ClientOptions& options) {
  return run(bhttp::verb::post, url, body, content_type, headers, options);
}

Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::milliseconds timeout) {
  ClientOptions options;
  options.timeout = timeout;
  return run(bhttp::verb::post, url, body, content_type, headers, options);
}

Result<ClientReply> get(const std::string& url, const ClientOptions& options) {
  return run(bhttp::verb::get, url, {}, {}, {}, options);
}

Result<ClientReply> get(const std::string& url, std::chrono::milliseconds timeout) {
  ClientOptions options;
  options.timeout = timeout;
  return run(bhttp::verb::get, url, {}, {}, {}, options);
}

}  // namespace fenghuo::http

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fenghuo {
struct Principal;
}

namespace fenghuo::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view method_name(Method method);
Method parse_method(std::string_view name);

// A request as modules see it: no sockets, no Beast. Header names are lowercase.
struct Request {
  Method method = Method::kGet;
  std::string path;          // decoded path without the query
  std::string query_string;  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // the socket peer
  // Where the request comes from: the socket peer, or behind a trusted proxy the right-most
  // untrusted X-Forwarded-For address (server.trusted_proxies). For rate limits and the audit.
  std::string client_address;
  std::string request_id;
  std::map<std::string, std::string, std::less<>> path_params;  // filled by the router
  // Who is calling, once authenticated (null for public routes without credentials).
  std::shared_ptr<const Principal> principal;
  std::string user_id;  // set once the caller is known, for the access log

  // The first value of a header, or "" when absent. `name` must be lowercase.
  std::string_view header(std::string_view name) const;
  // The decoded value of a query parameter, if present.
  std::optional<std::string> query(std::string_view name) const;
  // Every decoded value of a repeated query parameter.
  std::vector<std::string> query_all(std::string_view name) const;
  const std::string& param(std::string_view name) const;  // a path parameter ("" if none)
  // The value of a cookie, if the request carries it.
  std::optional<std::string> cookie(std::string_view name) const;
};

// A response. Either `body` is sent, or the file at `file_path` (static files, downloads).
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string file_path;

  void set_header(std::string name, std::string value);
  void add_header(std::string name, std::string value);  // may repeat (Set-Cookie)
  std::string_view header(std::string_view name) const;  // case-insensitive

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type);
};

}  // namespace fenghuo::http

namespace fenghuo::http {

struct Target {
  std::string path;   // percent-decoded
  std::string query;  // still encoded, valid
};
// Splits a request target ("/a/b?x=1") into its decoded path and query; nullopt for
// anything that is not a valid origin-form target (the server answers 400).
std::optional<Target> parse_target(std::string_view target);

}  // namespace fenghuo::http

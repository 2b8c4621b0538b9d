#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/client_address.h"
#include "core/result.h"

namespace fenghuo::http {

struct ClientReply {
  int status = 0;
  std::string body;
};

// How a request is made: its deadline, whom TLS trusts, and which addresses it may reach.
struct ClientOptions {
  std::chrono::milliseconds timeout{10000};  // for the whole exchange
  // PEM file of the CAs trusted for https:// (the peer is always verified, and its name
  // against the URL's host; SNI is sent); "" = the system's store.
  std::string ca_file;
  // After resolving, refuse internal addresses (see is_internal_address) unless they lie in
  // one of `internal_networks`. The checked addresses are the ones connected to, so a name
  // cannot resolve differently in between.
  bool refuse_internal = false;
  std::vector<IpNetwork> internal_networks;
};

// A blocking HTTP/1.1 POST to an http:// or https:// URL (OpenSSL).
// Errors: kUnavailable (cannot resolve, connect, TLS fails, or no answer in time),
// kForbidden (the host resolves only to refused addresses), kValidationFailed (not an
// http:// or https:// URL, a bad CA file or network).
Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const ClientOptions& options);
Result<ClientReply> post(const std::string& url, const std::string& body,
                         const std::string& content_type,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::milliseconds timeout);

// A blocking HTTP/1.1 GET, with the same options and errors (feeds of warnings).
Result<ClientReply> get(const std::string& url, const ClientOptions& options);
Result<ClientReply> get(const std::string& url, std::chrono::milliseconds timeout);

// True for an address a server reaching out on behalf of others must not reach by
// default: unspecified, loopback, link-local, private (RFC 1918, IPv6 ULA), shared
// (CGNAT 100.64.0.0/10), benchmarking, documentation, IETF-reserved, multicast and
// broadcast, and IPv4-mapped or NAT64 forms of them. Not an address: true.
bool is_internal_address(std::string_view address);

}  // namespace fenghuo::http

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fenghuo {

// An IP address (IPv4 as IPv4, IPv4-mapped IPv6 folded to IPv4).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

  // "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "192.0.2.1:8080", "[::1]:80"; nullopt else.
  static std::optional<IpAddress> parse(std::string_view text);
  std::string to_string() const;
};

// An address range: an address and a prefix length ("10.0.0.0/8", "::1", "192.0.2.7").
struct IpNetwork {
  IpAddress base;
  int prefix = 32;
  bool contains(const IpAddress& address) const;
};

// A list of addresses and CIDR ranges separated by spaces or commas (server.trusted_proxies,
// alerts.feed_internal_networks). Error (validation, field `key`) naming the first entry that
// is neither.
Result<std::vector<IpNetwork>> parse_networks(std::string_view list, const std::string& key);

// Whether one of `networks` contains `address`.
bool any_contains(const std::vector<IpNetwork>& networks, const IpAddress& address);

// The address a request comes from, for rate limits and the audit: the socket peer, unless the
// peer is a trusted proxy; then the right-most address of X-Forwarded-For (all its values
// joined by commas) that is not a trusted proxy, walking leftwards past trusted ones. A client
// can prepend what it likes to X-Forwarded-For, but cannot get past the entry its first
// trusted proxy appended. Malformed entries end the walk at the last good address.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies);

}  // namespace fenghuo

#include "core/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace fenghuo {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool any_contains(const std::vector<IpNetwork>& networks, const IpAddress& address) {
  for (const auto& n : networks) {
    if (n.contains(address)) return true;
  }
  return false;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string host;
  if (text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = std::string(text.substr(1, close - 1));
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    host = std::string(text.substr(0, text.find(':')));  // IPv4 with a port
  } else {
    host = std::string(text);
  }
  IpAddress a;
  if (inet_pton(AF_INET, host.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, host.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
    std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
    std::memset(a.bytes.data() + 4, 0, 12);
    return a;
  }
  a.v6 = true;
  return a;
}

std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out);
  return out;
}

bool IpNetwork::contains(const IpAddress& a) const {
  if (a.v6 != base.v6) return false;
  int full = prefix / 8;
  if (std::memcmp(a.bytes.data(), base.bytes.data(), full) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (base.bytes[full] & mask);
}

Result<std::vector<IpNetwork>> parse_networks(std::string_view list, const std::string& key) {
  std::vector<IpNetwork> out;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find_first_of(" ,\t", start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view entry = list.substr(start, end - start);
    start = end + 1;
    if (entry.empty()) continue;
    auto bad = [&] {
      return Error::validation(key, "configuration key " + key + ": '" + std::string(entry) +
                                        "' is not an IP address or CIDR range");
    };
    std::string_view address = entry;
    std::optional<int> prefix;
    if (auto slash = entry.find('/'); slash != std::string_view::npos) {
      address = entry.substr(0, slash);
      std::string_view bits = entry.substr(slash + 1);
      int n = -1;
      auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
      if (ec != std::errc{} || p != bits.data() + bits.size()) return bad();
      prefix = n;
    }
    if (address.find('[') != std::string_view::npos) return bad();
    auto a = IpAddress::parse(address);
    // A bare IPv4 address with a port would parse; a range never has one.
    if (!a || (!a->v6 && address.find(':') != std::string_view::npos)) return bad();
    int max = a->v6 ? 128 : 32;
    if (prefix && (*prefix < 0 || *prefix > max)) return bad();
    out.push_back(IpNetwork{*a, prefix.value_or(max)});
  }
  return out;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies) {
  auto peer_address = IpAddress::parse(peer);
  if (!peer_address) return std::string(peer);
  std::string current = peer_address->to_string();
  if (!any_contains(trusted_proxies, *peer_address)) return current;
  std::size_t end = forwarded_for.size();
  while (end > 0) {
    std::size_t comma = forwarded_for.rfind(',', end - 1);
    std::size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    std::string_view entry = trim(forwarded_for.substr(begin, end - begin));
    end = comma == std::string_view::npos ? 0 : comma;
    if (entry.empty()) continue;
    auto hop = IpAddress::parse(entry);
    if (!hop) return current;
    current = hop->to_string();
    if (!any_contains(trusted_proxies, *hop)) return current;
  }
  return current;
}

}  // namespace fenghuo

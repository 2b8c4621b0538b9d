// Which address a request comes from, behind trusted reverse proxies or not.
#include "core/client_address.h"

#include <gtest/gtest.h>

namespace fenghuo {
namespace {

std::vector<IpNetwork> networks(std::string_view list) {
  auto n = parse_networks(list, "server.trusted_proxies");
  EXPECT_TRUE(n.ok()) << list;
  return n.ok() ? *n : std::vector<IpNetwork>{};
}

struct Case {
  const char* name;
  const char* trusted;
  const char* peer;
  const char* forwarded_for;
  const char* client;
};

class ClientAddress : public ::testing::TestWithParam<Case> {};

TEST_P(ClientAddress, IsTheRightMostUntrustedHop) {
  const Case& c = GetParam();
  EXPECT_EQ(client_address(c.peer, c.forwarded_for, networks(c.trusted)), c.client) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ClientAddress,
    ::testing::Values(
        Case{"no proxies: the header is ignored", "", "203.0.113.5", "198.51.100.1", "203.0.113.5"},
        Case{"an untrusted peer's header is ignored", "10.0.0.1", "203.0.113.5", "198.51.100.1",
             "203.0.113.5"},
        Case{"behind one proxy", "10.0.0.1", "10.0.0.1", "198.51.100.1", "198.51.100.1"},
        Case{"a forged left part does not count", "10.0.0.1", "10.0.0.1", "1.2.3.4, 198.51.100.1",
             "198.51.100.1"},
        Case{"two proxies in a range", "10.0.0.0/8", "10.0.0.1", "1.2.3.4, 198.51.100.1, 10.9.9.9",
             "198.51.100.1"},
        Case{"several headers joined", "10.0.0.0/8", "10.0.0.1", "198.51.100.1,10.0.0.2",
             "198.51.100.1"},
        Case{"only proxies: the left-most", "10.0.0.0/8", "10.0.0.1", "10.0.0.3, 10.0.0.2",
             "10.0.0.3"},
        Case{"no header: the proxy itself", "10.0.0.1", "10.0.0.1", "", "10.0.0.1"},
        Case{"garbage stops the walk", "10.0.0.0/8", "10.0.0.1", "198.51.100.1, nonsense",
             "10.0.0.1"},
        Case{"ports and brackets", "10.0.0.1 2001:db8::/32", "10.0.0.1",
             "[2001:db8::7]:443, 198.51.100.1:5000, [2001:db8::1]", "198.51.100.1"},
        Case{"IPv4-mapped peer", "127.0.0.1", "::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1"},
        Case{"IPv6 client", "::1", "::1", "2001:db8::42", "2001:db8::42"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(ClientAddressNetworks, PrefixesMatchBitwise) {
  auto n = networks("192.168.0.0/23");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].contains(*IpAddress::parse("192.168.1.200")));
  EXPECT_FALSE(n[0].contains(*IpAddress::parse("192.168.2.1")));
  EXPECT_FALSE(n[0].contains(*IpAddress::parse("::1"))) << "families never match";
}

TEST(ClientAddressNetworks, BadEntriesAreNamed) {
  for (const char* bad : {"proxy.example", "10.0.0.0/33", "::/129", "10.0.0.1:80", "10.0.0.0/x"}) {
    auto n = parse_networks(std::string("127.0.0.1 ") + bad, "server.trusted_proxies");
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.error().field, "server.trusted_proxies");
    EXPECT_NE(n.error().message.find(bad), std::string::npos) << n.error().message;
  }
}

}  // namespace
}  // namespace fenghuo

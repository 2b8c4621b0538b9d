// The outgoing HTTP client: which addresses count as internal, HTTPS verified against a
// configured CA with SNI (a self-signed certificate made here, a small TLS server), and the
// SMS gateway over HTTPS.
#include "http/client.h"

#include <gtest/gtest.h>

#include "identity/sms.h"
#include "support/temp_dir.h"
#include "support/tls_server.h"

namespace fenghuo::test {
namespace {

struct AddressCase {
  const char* address;
  bool internal;
};

class InternalAddress : public ::testing::TestWithParam<AddressCase> {};

TEST_P(InternalAddress, IsRecognisedAfterResolution) {
  EXPECT_EQ(http::is_internal_address(GetParam().address), GetParam().internal)
      << GetParam().address;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InternalAddress,
    ::testing::Values(AddressCase{"127.0.0.1", true}, AddressCase{"127.8.9.10", true},
                      AddressCase{"0.0.0.0", true}, AddressCase{"10.1.2.3", true},
                      AddressCase{"172.16.0.1", true}, AddressCase{"172.31.255.255", true},
                      AddressCase{"172.32.0.1", false}, AddressCase{"192.168.1.1", true},
                      AddressCase{"169.254.169.254", true}, AddressCase{"100.64.0.1", true},
                      AddressCase{"100.127.255.254", true}, AddressCase{"100.128.0.1", false},
                      AddressCase{"224.0.0.1", true}, AddressCase{"255.255.255.255", true},
                      AddressCase{"::1", true}, AddressCase{"::", true},
                      AddressCase{"fe80::1", true}, AddressCase{"fd12:3456::1", true},
                      AddressCase{"::ffff:127.0.0.1", true}, AddressCase{"::ffff:10.0.0.1", true},
                      AddressCase{"64:ff9b::a9fe:a9fe", true}, AddressCase{"8.8.8.8", false},
                      AddressCase{"202.96.134.133", false}, AddressCase{"2400:3200::1", false},
                      AddressCase{"not an address", true}));

TEST(HttpClient, AllowedNetworksAreMatchedByPrefix) {
  auto in = [](std::string_view address, std::string_view networks) {
    return any_contains(parse_networks(networks, "test").value(),
                        IpAddress::parse(address).value());
  };
  EXPECT_TRUE(in("127.0.0.1", "127.0.0.0/8"));
  EXPECT_TRUE(in("::ffff:127.0.0.1", "127.0.0.0/8"));
  EXPECT_FALSE(in("10.0.0.1", "127.0.0.0/8"));
  EXPECT_TRUE(in("10.20.30.40", "10.20.0.0/16"));
  EXPECT_FALSE(in("10.21.30.40", "10.20.0.0/16"));
  EXPECT_TRUE(in("fd00::5", "fd00::/8"));
  EXPECT_TRUE(in("192.168.1.7", "192.168.1.7"));
  EXPECT_FALSE(in("::1", "127.0.0.0/8"));
}

TEST(HttpClient, InternalAddressesAreRefusedUnlessAllowed) {
  TempDir dir;
  TlsServer server(dir.path(), {{"/x", "ok"}});
  ASSERT_TRUE(server.ok());
  http::ClientOptions o;
  o.timeout = std::chrono::seconds(5);
  o.ca_file = server.cert_file();
  o.refuse_internal = true;
  std::string url = "https://localhost:" + std::to_string(server.port()) + "/x";
  auto refused = http::get(url, o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_NE(refused.error().message.find("internal"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(server.requests().empty()) << "not even connected";
  o.internal_networks = parse_networks("127.0.0.0/8", "test").value();
  auto allowed = http::get(url, o);
  ASSERT_TRUE(allowed.ok()) << allowed.error().message;
  EXPECT_EQ(allowed->body, "ok");
}

TEST(HttpClient, HttpsVerifiesThePeerAgainstTheConfiguredCaAndSendsTheServerName) {
  TempDir dir;
  TlsServer server(dir.path(), {{"/feed.xml", "<feed/>"}});
  ASSERT_TRUE(server.ok()) << "openssl command line needed to make the certificate";
  std::string url = "https://localhost:" + std::to_string(server.port()) + "/feed.xml";
  http::ClientOptions o;
  o.timeout = std::chrono::seconds(5);
  auto untrusted = http::get(url, o);
  ASSERT_FALSE(untrusted.ok()) << "a self-signed certificate is not in the system store";
  EXPECT_NE(untrusted.error().message.find("certificate"), std::string::npos)
      << untrusted.error().message;
  o.ca_file = server.cert_file();
  auto trusted = http::get(url, o);
  ASSERT_TRUE(trusted.ok()) << trusted.error().message;
  EXPECT_EQ(trusted->status, 200);
  EXPECT_EQ(trusted->body, "<feed/>");
  EXPECT_EQ(server.server_name(), "localhost") << "SNI";
  // The name is checked too: the certificate is for localhost, not for 127.0.0.1.
  auto wrong_name =
      http::get("https://127.0.0.1:" + std::to_string(server.port()) + "/feed.xml", o);
  EXPECT_FALSE(wrong_name.ok());
  EXPECT_EQ(server.requests().size(), 1u);
  auto bad_ca = http::get(url, {std::chrono::seconds(5), (dir / "missing.pem").string()});
  EXPECT_FALSE(bad_ca.ok());
}

TEST(HttpGateway, SendsOverHttpsVerifiedAgainstSmsHttpCaFile) {
  TempDir dir;
  TlsServer server(dir.path(), {{"/sms", R"({"ok":true})"}});
  ASSERT_TRUE(server.ok());
  identity::HttpGatewayOptions o;
  o.url = "https://localhost:" + std::to_string(server.port()) + "/sms";
  o.secret = "s3cret";
  o.body_template = R"({"mobile":"{{to}}","content":"{{text}}"})";
  o.attempts = 1;
  EXPECT_FALSE(identity::make_http_gateway(o)->send("13800000001", "x").ok())
      << "not trusted without the CA";
  o.ca_file = server.cert_file();
  ASSERT_TRUE(identity::make_http_gateway(o)->send("13800000001", "验证码 123456").ok());
  auto requests = server.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_NE(requests.back().find("POST /sms"), std::string::npos);
  EXPECT_NE(requests.back().find("13800000001"), std::string::npos);
}

}  // namespace
}  // namespace fenghuo::test

#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace fenghuo {
namespace {

std::string write_file(const test::TempDir& dir, const std::string& text) {
  auto path = (dir / "fenghuo.toml").string();
  std::ofstream(path) << text;
  return path;
}

TEST(Config, DefaultsServeOnLocalhost8080WithSqlite) {
  auto c = load_config(std::nullopt, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server.host, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->database.url, "sqlite:var/fenghuo.db");
  EXPECT_EQ(c->web.root, "web/dist");
}

TEST(Config, FileValuesAreRead) {
  test::TempDir dir;
  auto path = write_file(dir,
                         "[server]\nport = 9000\nthreads = 3\n[database]\n"
                         "url = \"postgresql://u@h/db\"\n[log]\naccess = false\n");
  auto c = load_config(path, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.port, 9000);
  EXPECT_EQ(c->server.threads, 3);
  EXPECT_EQ(c->database.url, "postgresql://u@h/db");
  EXPECT_FALSE(c->log.access);
}

TEST(Config, EnvironmentOverridesTheFile) {
  test::TempDir dir;
  auto path = write_file(dir, "[server]\nport = 9000\n");
  auto c = load_config(path, {{"FENGHUO_SERVER_PORT", "8081"},
                              {"FENGHUO_DATABASE_URL", "sqlite:var/test.db"},
                              {"FENGHUO_STORAGE_PATH", "/srv/data"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.port, 8081);
  EXPECT_EQ(c->database.url, "sqlite:var/test.db");
  EXPECT_EQ(c->storage.path, "/srv/data");
}

struct BadConfig {
  std::string toml;
  std::string field;
};

class ConfigRefuses : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigRefuses, NamingTheKey) {
  test::TempDir dir;
  auto c = load_config(write_file(dir, GetParam().toml), {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().field, GetParam().field);
  EXPECT_NE(c.error().message.find(GetParam().field), std::string::npos) << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigRefuses,
    ::testing::Values(
        BadConfig{"[server]\nprot = 1\n", "server.prot"},
        BadConfig{"[servr]\nport = 1\n", "servr.port"},
        BadConfig{"[server]\nport = 70000\n", "server.port"},
        BadConfig{"[server]\nport = \"80\"\n", "server.port"},
        BadConfig{"[database]\nurl = \"mysql://x\"\n", "database.url"},
        BadConfig{"[log]\nlevel = \"loud\"\n", "log.level"},
        BadConfig{"[log]\naccess = 1\n", "log.access"},
        BadConfig{"[web]\ncontent_sources = \"https://x; script-src *\"\n", "web.content_sources"},
        BadConfig{"port = 1\n", "port"},
        BadConfig{"[server]\ntrusted_proxies = \"10.0.0.0/8 proxy.local\"\n",
                  "server.trusted_proxies"},
        BadConfig{"[server]\ntrusted_proxies = \"10.0.0.0/33\"\n", "server.trusted_proxies"},
        BadConfig{"[session]\ncaptcha_after = -1\n", "session.captcha_after"},
        BadConfig{"[server]\nmax_json_body_kb = 0\n", "server.max_json_body_kb"},
        BadConfig{"[server]\nmax_connections_per_address = 0\n",
                  "server.max_connections_per_address"},
        BadConfig{"[storage]\nmax_file_mb = 2048\n", "storage.max_file_mb"},
        BadConfig{"[alerts]\nfeeds = \"ftp://x/cap.xml\"\n", "alerts.feeds"},
        BadConfig{"[[alerts.feeds]]\nurl = \"http://x/a.xml\"\nregions = [\"14\"]\n",
                  "alerts.feeds[0].regions"},
        BadConfig{"[[alerts.feeds]]\nurl = \"http://x/a.xml\"\nregion = []\n",
                  "alerts.feeds[0].region"},
        BadConfig{"[alerts]\nfeed_internal_networks = \"10.0.0.0/33\"\n",
                  "alerts.feed_internal_networks"},
        BadConfig{"[alerts]\nfeed_internal_networks = \"localhost\"\n",
                  "alerts.feed_internal_networks"},
        BadConfig{"[alerts]\nfeed_link_hosts = \"https://cap.example.cn/\"\n",
                  "alerts.feed_link_hosts"},
        BadConfig{"[sms]\nhttp_url = \"gateway:80\"\n", "sms.http_url"},
        BadConfig{"[notify]\napproval_sms_after_min = 0\n", "notify.approval_sms_after_min"},
        BadConfig{"[notify]\napproval_sms_after_min = \"15\"\n",
                  "notify.approval_sms_after_min"}));

TEST(Config, ApprovalSmsWaitsAQuarterOfAnHourUnlessSet) {
  test::TempDir dir;
  auto defaults = load_config(write_file(dir, ""), {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->notify.approval_sms_after_min, 15);
  auto set = load_config(write_file(dir, "[notify]\napproval_sms_after_min = 5\n"), {});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->notify.approval_sms_after_min, 5);
}

TEST(Config, FeedsTakeTheRegionsTheyMayIssueFor) {
  test::TempDir dir;
  auto c = load_config(
      write_file(dir,
                 "[alerts]\nfeed_internal_networks = \"127.0.0.0/8 fd00::/8\"\n"
                 "feed_link_hosts = \"cap.example.cn\"\nfeed_ca_file = \"/etc/ca.pem\"\n"
                 "[[alerts.feeds]]\nurl = \"https://cap.example.cn/atom.xml\"\n"
                 "regions = [\"140100\", \"140200\"]\n"
                 "[[alerts.feeds]]\nurl = \"http://10.1.2.3/cap.xml\"\n"),
      {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->alerts.feeds.size(), 2u);
  EXPECT_EQ(c->alerts.feeds[0].url, "https://cap.example.cn/atom.xml");
  EXPECT_EQ(c->alerts.feeds[0].regions, (std::vector<std::string>{"140100", "140200"}));
  EXPECT_TRUE(c->alerts.feeds[1].regions.empty()) << "the province";
  EXPECT_EQ(c->alerts.feed_internal_networks, "127.0.0.0/8 fd00::/8");
  auto from_env =
      load_config(std::nullopt, {{"FENGHUO_ALERTS_FEEDS", "http://a/x.xml  https://b/y.xml"}});
  ASSERT_TRUE(from_env.ok());
  ASSERT_EQ(from_env->alerts.feeds.size(), 2u);
  EXPECT_EQ(from_env->alerts.feeds[1].url, "https://b/y.xml");
}

TEST(Config, AKeyOfAnEarlierVersionStartsWithANoteNotAnError) {
  test::TempDir dir;
  auto c = load_config(write_file(dir, "[server]\nmax_body_bytes = 25165824\nport = 9090\n"),
                       {{"FENGHUO_SERVER_MAX_BODY_BYTES", "1"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.port, 9090);
  ASSERT_EQ(c->retired_keys.size(), 2u);
  EXPECT_NE(c->retired_keys[0].find("server.max_json_body_kb"), std::string::npos)
      << c->retired_keys[0];
  EXPECT_NE(c->retired_keys[1].find("FENGHUO_SERVER_MAX_BODY_BYTES"), std::string::npos);
  EXPECT_FALSE(load_config(write_file(dir, "[server]\nmax_body_byte = 1\n"), {}).ok())
      << "a misspelt key is still an error";
}

TEST(Config, TrustedProxiesTakeAddressesAndRanges) {
  test::TempDir dir;
  auto c = load_config(
      write_file(dir, "[server]\ntrusted_proxies = \"127.0.0.1, 10.0.0.0/8 fd00::/8\"\n"), {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.trusted_proxies, "127.0.0.1, 10.0.0.0/8 fd00::/8");
  EXPECT_EQ(load_config(std::nullopt, {})->server.trusted_proxies, "") << "none by default";
  EXPECT_EQ(load_config(std::nullopt, {})->session.captcha_after, 3);
}

TEST(Config, BodiesAreBoundedByDefault) {
  auto c = load_config(std::nullopt, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server.max_json_body_kb, 1024);
  EXPECT_EQ(c->storage.max_file_mb, 20);
  EXPECT_EQ(c->server.max_connections_per_address, 256);
}

TEST(Config, BadEnvironmentValueNamesKeyAndVariable) {
  auto c = load_config(std::nullopt, {{"FENGHUO_SERVER_PORT", "eighty"}});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().field, "server.port");
  EXPECT_NE(c.error().message.find("FENGHUO_SERVER_PORT"), std::string::npos);
}

TEST(Config, SyntaxErrorSaysWhere) {
  test::TempDir dir;
  auto c = load_config(write_file(dir, "[server]\nport = = 3\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace fenghuo

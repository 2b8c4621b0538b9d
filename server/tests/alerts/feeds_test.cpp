// Warning feeds polled over HTTP from a real server: an ATOM index and a single CAP document
// import, an RSS index is read; a bad message is refused without stopping the rest; what was
// fetched is not fetched again; an unreachable feed is reported. A feed issues only for its
// regions, links are fetched only from its host or the allow-list, internal addresses only when
// allowed, HTTPS is verified, and the status answers while a poll is stalled.
#include "alerts/feeds.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "alerts/examples.h"
#include "app/services.h"
#include "http/router.h"
#include "http/server.h"
#include "support/session.h"
#include "support/test_app.h"
#include "support/tls_server.h"

namespace fenghuo::test {
namespace {

// A real HTTP server publishing a feed.
class FeedServer {
 public:
  FeedServer() {
    auto serve = [this](std::string path, std::string type, std::string body) {
      router_.add(http::Method::kGet, path, {}, [this, type, body, path](http::Request&) -> Result<http::Response> {
        std::lock_guard lock(mutex_);
        ++hits_[path];
        return http::Response::text(200, body, type);
      });
    };
    serve("/api/feed/atom.xml", "application/atom+xml",
          "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>预警</title>"
          "<entry><title>A.1</title><link href=\"/api/feed/cap/a1.xml\" type=\"application/cap+xml\"/></entry>"
          "<entry><title>A.2</title><link rel=\"alternate\" href=\"cap/a2.xml\"/></entry>"
          "<entry><title>bad</title><link href=\"/api/feed/cap/bad.xml\"/></entry></feed>");
    serve("/api/feed/cap/a1.xml", "application/cap+xml", cap_example("v1dot2_appendix_adot1.xml"));
    serve("/api/feed/cap/a2.xml", "application/cap+xml", cap_example("v1dot2_appendix_adot2.xml"));
    serve("/api/feed/cap/a4.xml", "application/cap+xml", cap_example("v1dot2_appendix_adot4.xml"));
    serve("/api/feed/cap/bad.xml", "application/xml", "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>");
    serve("/api/feed/single.xml", "application/cap+xml", cap_example("v1dot2_appendix_adot3.xml"));
    serve("/api/feed/xiaodian.xml", "application/cap+xml", xiaodian_cap());
    // An index linking to the same server under another host name.
    router_.add(
        http::Method::kGet, "/api/feed/elsewhere.xml", {},
        [this](http::Request&) -> Result<http::Response> {
          return http::Response::text(
              200,
              "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"
              "<entry><title>A.1</title><link href=\"http://localhost:" +
                  std::to_string(server_->port()) + "/api/feed/cap/a1.xml\"/></entry></feed>",
              "application/atom+xml");
        });
    // A feed that answers only when released (a poll that hangs).
    router_.add(http::Method::kGet, "/api/feed/stall.xml", {},
                [this](http::Request&) -> Result<http::Response> {
                  std::unique_lock lock(mutex_);
                  stalled_ = true;
                  changed_.notify_all();
                  changed_.wait_for(lock, std::chrono::seconds(20), [this] { return released_; });
                  return http::Response::text(200, "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
                                              "application/atom+xml");
                });
    http::ServerOptions o;
    o.port = 0;
    o.access_log = false;
    server_ = std::make_unique<http::Server>(o, router_, nullptr, bus_);
    EXPECT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  ~FeedServer() {
    release();
    server_->stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  int hits(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }
  bool wait_until_stalled() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [this] { return stalled_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  // A CAP message for 北格镇 in Xiaodian (140105).
  static std::string xiaodian_cap() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"
           "<identifier>14010541600000_20261130080000_7</identifier><sender>14010541600000</sender>"
           "<sent>2026-11-30T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>"
           "<scope>Public</scope><info><language>zh-CN</language><category>Met</category>"
           "<event>大风</event><urgency>Expected</urgency><severity>Severe</severity>"
           "<certainty>Likely</certainty><headline>小店区大风橙色预警</headline>"
           "<area><areaDesc>小店区</areaDesc><geocode><valueName>GB/T 2260</valueName>"
           "<value>140105</value></geocode></area></info></alert>\n";
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stalled_ = false, released_ = false;
  std::map<std::string, int> hits_;
  SystemClock clock_;
  realtime::Bus bus_{nullptr, clock_};
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// The test servers are local: the tests allow 127.0.0.0/8 explicitly.
alerts::FeedOptions local_options() {
  alerts::FeedOptions o;
  o.timeout = std::chrono::seconds(5);
  o.internal_networks = parse_networks("127.0.0.0/8", "test").value();
  return o;
}

TEST(Feeds, AtomRssAndSingleDocumentsImportAndAreFetchedOnce) {
  FeedServer feed;
  TestApp app(Backend::kSqlite);
  Services& s = app.app().services();
  alerts::FeedPoller poller(*s.alerts,
                            {{feed.url("/api/feed/atom.xml"), {}},
                             {feed.url("/api/feed/single.xml"), {}},
                             {"http://127.0.0.1:1/x", {}}},
                            local_options());
  auto first = poller.poll();
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].imported, 2) << "A.1 and A.2 (a relative link); " << first[0].error;
  EXPECT_EQ(first[0].refused, 1) << "the bad message is refused, the others still import";
  EXPECT_EQ(first[1].imported, 1) << "a single CAP document (an Update)";
  EXPECT_FALSE(first[2].error.empty()) << "an unreachable feed is reported";

  auto second = poller.poll();
  EXPECT_EQ(second[0].imported + second[0].known + second[0].refused, 0) << "nothing fetched again";
  EXPECT_EQ(feed.hits("/api/feed/cap/a1.xml"), 1);
  EXPECT_EQ(feed.hits("/api/feed/atom.xml"), 2);
  auto listed = s.alerts->list(Principal::system(), {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 3);

  // A failing feed does not hide in the log: its status says since when and why.
  auto status = poller.status();
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status[0].imported, 2);
  EXPECT_TRUE(status[0].error.empty());
  EXPECT_FALSE(status[2].error.empty());
  EXPECT_EQ(status[2].ok_at, 0) << "never read";
}

TEST(Feeds, TheKeepersOfTheFeedsSeeWhichOneFails) {
  TestApp app(Backend::kSqlite, [](Config& c) {
    c.alerts.feeds = {{"http://127.0.0.1:1/cap.xml", {}}};
    c.alerts.feed_internal_networks = "127.0.0.0/8";
  });
  app.app().services().feeds->poll_if_due(app.app().services().clock->now_ms());
  add_user(app, "13500000051", "管理员", "140000", {"system_admin"});
  add_user(app, "13500000052", "指挥员", "140000", {"commander"});
  auto admin = sign_in(app, "13500000051");
  auto r = admin.bearer("GET", "/api/v1/alerts/feeds");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = boost::json::parse(r.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("url").as_string(), "http://127.0.0.1:1/cap.xml");
  EXPECT_NE(items[0].at("error").as_string(), "");
  EXPECT_TRUE(items[0].at("ok_at").is_null());
  EXPECT_EQ(sign_in(app, "13500000052").bearer("GET", "/api/v1/alerts/feeds").status, 403);
}

TEST(Feeds, AnRssIndexIsReadAndAnythingElseIsRefused) {
  auto links = alerts::feed_links(
      "<rss version=\"2.0\"><channel><item><link>http://h/a.xml</link></item>"
      "<item><link>b.xml</link></item></channel></rss>",
      "http://h/feeds/rss.xml");
  ASSERT_TRUE(links.ok());
  EXPECT_EQ(*links, (std::vector<std::string>{"http://h/a.xml", "http://h/feeds/b.xml"}));
  EXPECT_FALSE(alerts::feed_links("<html/>", "http://h/").ok());
  EXPECT_FALSE(alerts::feed_links("<!DOCTYPE rss SYSTEM \"file:///etc/passwd\"><rss/>", "http://h/").ok());
}

TEST(Feeds, LinksAreFetchedOnlyFromTheFeedsHostOrTheAllowList) {
  FeedServer feed;
  TestApp app(Backend::kSqlite);
  Services& s = app.app().services();
  alerts::FeedPoller strict(*s.alerts, {{feed.url("/api/feed/elsewhere.xml"), {}}},
                            local_options());
  auto refused = strict.poll(1000);
  EXPECT_EQ(refused[0].imported, 0);
  EXPECT_EQ(refused[0].refused, 1);
  EXPECT_EQ(feed.hits("/api/feed/cap/a1.xml"), 0) << "a link to another host is not fetched";
  auto status = strict.status();
  EXPECT_NE(status[0].last_refusal.find("alerts.feed_link_hosts"), std::string::npos)
      << status[0].last_refusal;
  EXPECT_EQ(status[0].refused_at, 1000);

  auto options = local_options();
  options.link_hosts = {"localhost"};
  alerts::FeedPoller allowed(*s.alerts, {{feed.url("/api/feed/elsewhere.xml"), {}}}, options);
  auto fetched = allowed.poll();
  EXPECT_EQ(fetched[0].imported, 1) << fetched[0].last_refusal;
  EXPECT_EQ(feed.hits("/api/feed/cap/a1.xml"), 1);
}

TEST(Feeds, InternalAddressesAreRefusedUnlessConfigured) {
  FeedServer feed;
  TestApp app(Backend::kSqlite);
  alerts::FeedOptions o;
  o.timeout = std::chrono::seconds(5);
  alerts::FeedPoller poller(*app.app().services().alerts, {{feed.url("/api/feed/atom.xml"), {}}},
                            o);
  auto report = poller.poll();
  EXPECT_NE(report[0].error.find("internal address"), std::string::npos) << report[0].error;
  EXPECT_EQ(feed.hits("/api/feed/atom.xml"), 0) << "never connected to";
}

TEST(Feeds, AnHttpsFeedIsReadWithTheConfiguredCa) {
  TempDir dir;
  TlsServer tls(dir.path(), {{"/cap.xml", FeedServer::xiaodian_cap()}});
  ASSERT_TRUE(tls.ok());
  TestApp app(Backend::kSqlite);
  std::string url = "https://localhost:" + std::to_string(tls.port()) + "/cap.xml";
  alerts::FeedPoller untrusted(*app.app().services().alerts, {{url, {}}}, local_options());
  EXPECT_NE(untrusted.poll()[0].error, "") << "the self-signed certificate is not trusted";
  auto options = local_options();
  options.ca_file = tls.cert_file();
  alerts::FeedPoller trusted(*app.app().services().alerts, {{url, {}}}, options);
  auto report = trusted.poll();
  EXPECT_EQ(report[0].error, "");
  EXPECT_EQ(report[0].imported, 1) << report[0].last_refusal;
  EXPECT_EQ(tls.server_name(), "localhost");
}

TEST(Feeds, TheStatusAnswersAtOnceWhileAPollIsStalled) {
  FeedServer feed;
  TestApp app(Backend::kSqlite, [&](Config& c) {
    c.alerts.feeds = {{feed.url("/api/feed/stall.xml"), {}}};
    c.alerts.feed_internal_networks = "127.0.0.0/8";
    c.alerts.feed_timeout_s = 60;
  });
  add_user(app, "13500000053", "管理员", "140000", {"system_admin"});
  auto admin = sign_in(app, "13500000053");
  std::thread polling([&] { app.app().services().feeds->poll(5000); });
  ASSERT_TRUE(feed.wait_until_stalled());
  auto started = std::chrono::steady_clock::now();
  auto r = admin.bearer("GET", "/api/v1/alerts/feeds");
  auto took = std::chrono::steady_clock::now() - started;
  feed.release();
  polling.join();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_LT(took, std::chrono::seconds(3)) << "a snapshot, not a wait for the poll";
  EXPECT_TRUE(boost::json::parse(r.body).at("items").at(0).at("polling").as_bool());
  auto after = boost::json::parse(admin.bearer("GET", "/api/v1/alerts/feeds").body);
  EXPECT_FALSE(after.at("items").at(0).at("polling").as_bool());
}

class FeedRegions : public ::testing::TestWithParam<Backend> {};

TEST_P(FeedRegions, AFeedIssuesOnlyForItsRegionsAndSaysWhatItRefused) {
  if (GetParam() == Backend::kPostgresql) FENGHUO_NEED_PG();
  FeedServer feed;
  TestApp app(GetParam());
  Services& s = app.app().services();
  // The OASIS example cannot be placed: it goes to the province, outside a county's feed.
  alerts::FeedPoller county(*s.alerts,
                            {{feed.url("/api/feed/single.xml"), {"140105"}},
                             {feed.url("/api/feed/xiaodian.xml"), {"140105"}}},
                            local_options());
  auto reports = county.poll(2000);
  EXPECT_EQ(reports[0].imported, 0);
  EXPECT_EQ(reports[0].refused, 1);
  EXPECT_EQ(reports[1].imported, 1) << reports[1].last_refusal << " (Xiaodian itself)";
  auto status = county.status();
  EXPECT_EQ(status[0].regions, (std::vector<std::string>{"140105"}));
  EXPECT_NE(status[0].last_refusal.find("140000"), std::string::npos) << status[0].last_refusal;
  EXPECT_EQ(status[0].refused_at, 2000);
  EXPECT_EQ(s.alerts->list(Principal::system(), {})->total, 1);

  // Without regions a feed issues for the deployment's province.
  alerts::FeedPoller province(*s.alerts, {{feed.url("/api/feed/single.xml"), {}}}, local_options());
  auto again = province.poll();
  EXPECT_EQ(again[0].imported, 1) << again[0].last_refusal;
  EXPECT_EQ(province.status()[0].regions, (std::vector<std::string>{"140000"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedRegions,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

// Warning feeds polled over HTTP from a real server: an ATOM index and a single CAP document
// import, an RSS index is read; a bad message is refused without stopping the rest; what was fetched
// is not fetched again; an unreachable feed is reported.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "alerts/examples.h"
#include "alerts/feeds.h"

#include <boost/json.hpp>
#include "app/services.h"
#include "http/router.h"
#include "http/server.h"
#include "support/session.h"
#include "support/test_app.h"

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
    http::ServerOptions o;
    o.port = 0;
    o.access_log = false;
    server_ = std::make_unique<http::Server>(o, router_, nullptr, bus_);
    EXPECT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  ~FeedServer() {
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

 private:
  std::mutex mutex_;
  std::map<std::string, int> hits_;
  SystemClock clock_;
  realtime::Bus bus_{nullptr, clock_};
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST(Feeds, AtomRssAndSingleDocumentsImportAndAreFetchedOnce) {
  FeedServer feed;
  TestApp app(Backend::kSqlite);
  Services& s = app.app().services();
  alerts::FeedPoller poller(*s.alerts,
                            {feed.url("/api/feed/atom.xml"), feed.url("/api/feed/single.xml"), "http://127.0.0.1:1/x"},
                            std::chrono::seconds(5), 60000);
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
  EXPECT_EQ(listed->second, 3);

  // A failing feed does not hide in the log: its status says since when and why.
  auto status = poller.status();
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status[0].imported, 2);
  EXPECT_TRUE(status[0].error.empty());
  EXPECT_FALSE(status[2].error.empty());
  EXPECT_EQ(status[2].ok_at, 0) << "never read";
}

TEST(Feeds, TheKeepersOfTheFeedsSeeWhichOneFails) {
  TestApp app(Backend::kSqlite, [](Config& c) { c.alerts.feeds = "http://127.0.0.1:1/cap.xml"; });
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

}  // namespace
}  // namespace fenghuo::test

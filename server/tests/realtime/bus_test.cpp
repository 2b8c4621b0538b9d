#include "realtime/bus.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <set>

#include "db/migrate.h"
#include "support/pg.h"
#include "support/temp_dir.h"
#include "support/wait.h"

namespace fenghuo::realtime {
namespace {

constexpr std::string_view kProbe = "test/probe";
std::string probe_data(const std::string& sender) { return R"({"sender":")" + sender + R"("})"; }

// Collects events from any thread; waits for a count with a timeout. Probes (which only show
// that a relay listens) are counted apart.
class Inbox {
 public:
  void add(const Event& e) {
    std::lock_guard lock(mutex_);
    if (e.topic == kProbe) {
      probes_from_.insert(e.data);
    } else {
      events_.push_back(e);
    }
    cv_.notify_all();
  }
  // True once a probe from `sender` arrived within `timeout`.
  bool wait_for_probe(const std::string& sender, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return probes_from_.contains(probe_data(sender)); });
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return events_.size() >= n; });
  }
  std::vector<Event> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Event> events_;
  std::set<std::string> probes_from_;
};

TEST(Bus, DeliversToEverySubscriberOnce) {
  SystemClock clock;
  Bus bus(nullptr, clock);
  Inbox a, b;
  bus.subscribe([&](const Event& e) { a.add(e); });
  auto id = bus.subscribe([&](const Event& e) { b.add(e); });
  bus.publish({"alerts", "created", R"({"id":"1"})", "14"});
  bus.unsubscribe(id);
  bus.publish({"alerts", "updated", R"({"id":"1"})", "14"});
  EXPECT_EQ(a.events().size(), 2u);
  EXPECT_EQ(b.events().size(), 1u);
}

TEST(Bus, AFailingSubscriberDoesNotStopOthers) {
  SystemClock clock;
  Bus bus(nullptr, clock);
  Inbox inbox;
  bus.subscribe([](const Event&) { throw std::runtime_error("broken subscriber"); });
  bus.subscribe([&](const Event& e) { inbox.add(e); });
  bus.publish({"alerts", "created", "{}", ""});
  EXPECT_EQ(inbox.events().size(), 1u);
}

TEST(Bus, PublishAfterCommitWaitsForTheCommit) {
  test::TempDir dir;
  auto db = db::open_database({"sqlite:" + (dir / "b.db").string(), 2, 1000});
  ASSERT_TRUE(db.ok());
  SystemClock clock;
  Bus bus(db->get(), clock);
  Inbox inbox;
  bus.subscribe([&](const Event& e) { inbox.add(e); });
  (void)(*db)->transact([&](db::Transaction& tx) -> Status {
    bus.publish_after_commit(tx, {"incidents", "created", "{}", ""});
    EXPECT_TRUE(inbox.events().empty());
    return Error::validation("x", "roll back");
  });
  EXPECT_TRUE(inbox.events().empty()) << "a rolled-back change must not be announced";
  ASSERT_TRUE((*db)
                  ->transact([&](db::Transaction& tx) -> Status {
                    bus.publish_after_commit(tx, {"incidents", "created", "{}", ""});
                    return {};
                  })
                  .ok());
  EXPECT_EQ(inbox.events().size(), 1u);
}

TEST(EventMessage, HasTopicEventAndData) {
  auto v =
      boost::json::parse(event_message({"incident/42", "updated", R"({"level":"II"})", "1401"}));
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("topic").as_string(), "incident/42");
  EXPECT_EQ(o.at("event").as_string(), "updated");
  EXPECT_EQ(o.at("data").as_object().at("level").as_string(), "II");
}

// Two buses on one PostgreSQL database stand for two server processes, each relaying what
// the other publishes.
class BusOnPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    FENGHUO_NEED_PG();
    pg_ = std::make_unique<test::PgTestDatabase>(*test::pg_admin_url());
    db1_ = std::move(db::open_database({pg_->url(), 2, 2000}).value());
    db2_ = std::move(db::open_database({pg_->url(), 2, 2000}).value());
    // The overflow table for large events comes from the built-in migrations.
    ASSERT_TRUE(db::migrate(*db1_, db::builtin_migrations(), clock_).ok());
    one_ = std::make_unique<Bus>(db1_.get(), clock_);
    two_ = std::make_unique<Bus>(db2_.get(), clock_);
    ASSERT_TRUE(one_->start_relay().ok());
    ASSERT_TRUE(two_->start_relay().ok());
    one_->subscribe([&](const Event& e) { heard_by_one_.add(e); });
    two_->subscribe([&](const Event& e) { heard_by_two_.add(e); });
    // The relays listen on connections of their own, which open in the background: an event
    // published before they listen is not heard. Probe each way until a probe arrives.
    ASSERT_TRUE(relays(*one_, "one", heard_by_two_)) << "two never heard one";
    ASSERT_TRUE(relays(*two_, "two", heard_by_one_)) << "one never heard two";
  }

  // Publishes probes signed `sender` on `from` until `inbox`, on the other bus, has heard one
  // (a bus hears its own probes at once, the other's only through the database).
  static bool relays(Bus& from, const std::string& sender, Inbox& inbox) {
    return test::eventually(
        [&] {
          from.publish({std::string(kProbe), "probe", probe_data(sender), ""});
          return inbox.wait_for_probe(sender, std::chrono::milliseconds(100));
        },
        std::chrono::seconds(10), std::chrono::milliseconds(0));
  }

  SystemClock clock_;
  std::unique_ptr<test::PgTestDatabase> pg_;
  std::unique_ptr<db::Database> db1_, db2_;
  std::unique_ptr<Bus> one_, two_;
  Inbox heard_by_one_, heard_by_two_;
};

TEST_F(BusOnPostgres, EveryProcessHearsEveryEventOnce) {
  one_->publish({"alerts", "created", R"({"id":"7"})", "1401"});
  ASSERT_TRUE(heard_by_two_.wait_for(1));
  EXPECT_EQ(heard_by_two_.events()[0].topic, "alerts");
  EXPECT_EQ(heard_by_two_.events()[0].region, "1401");
  EXPECT_EQ(heard_by_two_.events()[0].data, R"({"id":"7"})");
  // Were one to hear its own event again through the database, it would hear it before an
  // event two publishes now: notifications reach a listener in the order they were sent.
  two_->publish({"alerts", "updated", R"({"id":"7"})", "1401"});
  ASSERT_TRUE(heard_by_one_.wait_for(2));
  auto events = heard_by_one_.events();
  ASSERT_EQ(events.size(), 2u) << "the publisher hears its own event once";
  EXPECT_EQ(events[0].event, "created");
  EXPECT_EQ(events[1].event, "updated");
}

TEST_F(BusOnPostgres, EventsLargerThanANotifyTravelToo) {
  std::string big = R"({"text":")" + std::string(20000, 'x') + R"("})";
  one_->publish({"alerts", "created", big, ""});
  ASSERT_TRUE(heard_by_two_.wait_for(1));
  EXPECT_EQ(heard_by_two_.events()[0].data, big);
}

TEST_F(BusOnPostgres, AnAddressedEventReachesOtherProcessesWithItsAddressees) {
  one_->publish({"notifications", "new", R"({"kind":"fax"})", "1401", {7, 9}});
  ASSERT_TRUE(heard_by_two_.wait_for(1));
  EXPECT_EQ(heard_by_two_.events()[0].users, (std::vector<std::int64_t>{7, 9}))
      << "another process must not deliver a notification to everyone";
}

}  // namespace
}  // namespace fenghuo::realtime

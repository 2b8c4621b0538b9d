#include "realtime/bus.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <condition_variable>
#include <mutex>

#include "db/migrate.h"
#include "support/pg.h"
#include "support/temp_dir.h"

namespace fenghuo::realtime {
namespace {

// Collects events from any thread; waits for a count with a timeout.
class Inbox {
 public:
  void add(const Event& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
    cv_.notify_all();
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
  ASSERT_TRUE((*db)->transact([&](db::Transaction& tx) -> Status {
                   bus.publish_after_commit(tx, {"incidents", "created", "{}", ""});
                   return {};
                 }).ok());
  EXPECT_EQ(inbox.events().size(), 1u);
}

TEST(EventMessage, HasTopicEventAndData) {
  auto v = boost::json::parse(event_message({"incident/42", "updated", R"({"level":"II"})", "1401"}));
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("topic").as_string(), "incident/42");
  EXPECT_EQ(o.at("event").as_string(), "updated");
  EXPECT_EQ(o.at("data").as_object().at("level").as_string(), "II");
}

// Two buses on one PostgreSQL database stand for two server processes.
TEST(BusOnPostgres, EveryProcessHearsEveryEventOnce) {
  FENGHUO_NEED_PG();
  test::PgTestDatabase pg(*test::pg_admin_url());
  SystemClock clock;
  auto db1 = db::open_database({pg.url(), 2, 2000});
  auto db2 = db::open_database({pg.url(), 2, 2000});
  ASSERT_TRUE(db1.ok() && db2.ok());
  Bus one(db1->get(), clock);
  Bus two(db2->get(), clock);
  ASSERT_TRUE(one.start_relay().ok());
  ASSERT_TRUE(two.start_relay().ok());
  Inbox heard_by_one, heard_by_two;
  one.subscribe([&](const Event& e) { heard_by_one.add(e); });
  two.subscribe([&](const Event& e) { heard_by_two.add(e); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // listeners connect

  one.publish({"alerts", "created", R"({"id":"7"})", "1401"});
  ASSERT_TRUE(heard_by_two.wait_for(1));
  EXPECT_EQ(heard_by_two.events()[0].topic, "alerts");
  EXPECT_EQ(heard_by_two.events()[0].region, "1401");
  EXPECT_EQ(heard_by_two.events()[0].data, R"({"id":"7"})");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(heard_by_one.events().size(), 1u) << "the publisher hears its own event once";
}

TEST(BusOnPostgres, EventsLargerThanANotifyTravelToo) {
  FENGHUO_NEED_PG();
  test::PgTestDatabase pg(*test::pg_admin_url());
  SystemClock clock;
  auto db1 = db::open_database({pg.url(), 2, 2000});
  auto db2 = db::open_database({pg.url(), 2, 2000});
  ASSERT_TRUE(db1.ok() && db2.ok());
  Bus one(db1->get(), clock);
  Bus two(db2->get(), clock);
  ASSERT_TRUE(two.start_relay().ok());
  // The overflow table comes from the built-in migrations.
  ASSERT_TRUE(db::migrate(**db1, db::builtin_migrations(), clock).ok());
  Inbox inbox;
  two.subscribe([&](const Event& e) { inbox.add(e); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string big = R"({"text":")" + std::string(20000, 'x') + R"("})";
  one.publish({"alerts", "created", big, ""});
  ASSERT_TRUE(inbox.wait_for(1));
  EXPECT_EQ(inbox.events()[0].data, big);
}

TEST(BusOnPostgres, AnAddressedEventReachesOtherProcessesWithItsAddressees) {
  FENGHUO_NEED_PG();
  test::PgTestDatabase pg(*test::pg_admin_url());
  SystemClock clock;
  auto db1 = db::open_database({pg.url(), 2, 2000});
  auto db2 = db::open_database({pg.url(), 2, 2000});
  ASSERT_TRUE(db1.ok() && db2.ok());
  Bus one(db1->get(), clock);
  Bus two(db2->get(), clock);
  ASSERT_TRUE(two.start_relay().ok());
  Inbox inbox;
  two.subscribe([&](const Event& e) { inbox.add(e); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  one.publish({"notifications", "new", R"({"kind":"fax"})", "1401", {7, 9}});
  ASSERT_TRUE(inbox.wait_for(1));
  EXPECT_EQ(inbox.events()[0].users, (std::vector<std::int64_t>{7, 9}))
      << "another process must not deliver a notification to everyone";
}

}  // namespace
}  // namespace fenghuo::realtime

// The time series table against SQLite (inbox, moved into the table) and PostgreSQL (arrays,
// monthly partitions): each point is stored once, repeats are counted, readers see all.
#include "db/timeseries.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/pg.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::db {
namespace {

using test::Backend;

constexpr const char* kSqliteSchema =
    "CREATE TABLE points (station INTEGER NOT NULL, metric INTEGER NOT NULL, ts INTEGER NOT NULL, "
    "value REAL NOT NULL, PRIMARY KEY (station, metric, ts)) WITHOUT ROWID; "
    "CREATE TABLE points_inbox (station BIGINT NOT NULL, metric BIGINT NOT NULL, "
    "ts BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)";
constexpr const char* kPgSchema =
    "CREATE TABLE points (station INTEGER NOT NULL, metric SMALLINT NOT NULL, ts BIGINT NOT NULL, "
    "value DOUBLE PRECISION NOT NULL, PRIMARY KEY (station, metric, ts)) PARTITION BY RANGE (ts); "
    "CREATE TABLE points_default PARTITION OF points DEFAULT; "
    "CREATE TABLE points_inbox (station BIGINT NOT NULL, metric BIGINT NOT NULL, "
    "ts BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)";

constexpr std::int64_t k2026Dec7 = 1796601600000;  // 2026-12-07T00:00:00Z

class TimeSeries : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string url = "sqlite:" + (dir_ / "t.db").string();
    if (GetParam() == Backend::kPostgresql) {
      FENGHUO_NEED_PG();
      pg_.emplace(*test::pg_admin_url());
      url = pg_->url();
    }
    auto db = open_database({url, 4, 2000});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    const char* schema = GetParam() == Backend::kPostgresql ? kPgSchema : kSqliteSchema;
    ASSERT_TRUE(db_->transact([&](Transaction& tx) { return tx->execute_script(schema); }).ok());
    series_ = open_time_series(*db_, "points");
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](Connection& c) -> Status {
                     auto rows = c.query(sql);
                     if (!rows.ok()) return std::move(rows).error();
                     n = rows->i64(0, 0);
                     return {};
                   })
                    .ok());
    return n;
  }
  std::int64_t stored() {
    return count("SELECT (SELECT COUNT(*) FROM points) + (SELECT COUNT(*) FROM points_inbox)");
  }

  test::TempDir dir_;
  std::optional<test::PgTestDatabase> pg_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<TimeSeriesTable> series_;
};

std::vector<Point> points(bool fresh) {
  return {{1, 1, k2026Dec7, 1.5, fresh},
          {1, 1, k2026Dec7 + 1000, 2.5, fresh},
          {2, 3, k2026Dec7, -4, fresh}};
}

TEST_P(TimeSeries, EachPointIsStoredOnceAndRepeatsAreNotCounted) {
  auto first = series_->append(points(true));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 3);
  EXPECT_EQ(stored(), 3);

  // The same again, no longer known to be new: nothing more is stored.
  auto again = series_->append(points(false));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(stored(), 3);

  // Moved out of the inbox (SQLite), the points are in the table and still known.
  ASSERT_TRUE(series_->move_inbox().ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM points"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM points_inbox"), 0);
  ASSERT_TRUE(series_->move_inbox().ok());  // a second round forgets the moved keys
  auto after_move = series_->append(points(false));
  ASSERT_TRUE(after_move.ok()) << after_move.error().message;
  EXPECT_EQ(*after_move, 0);

  // A batch of old and new points stores the new ones.
  std::vector<Point> mixed = points(false);
  mixed.push_back({2, 3, k2026Dec7 + 5000, 7, true});
  auto some = series_->append(mixed);
  ASSERT_TRUE(some.ok()) << some.error().message;
  EXPECT_EQ(*some, 1);
  EXPECT_EQ(stored(), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM points WHERE value = 7") +
                count("SELECT COUNT(*) FROM points_inbox WHERE value = 7"),
            1);
}

TEST_P(TimeSeries, MonthlyPartitionsAreMadeAheadOnPostgresql) {
  ASSERT_TRUE(series_->ensure_partitions(k2026Dec7, 3).ok());
  ASSERT_TRUE(series_->ensure_partitions(k2026Dec7, 3).ok());  // again: nothing to do
  if (GetParam() != Backend::kPostgresql) return;
  EXPECT_EQ(count("SELECT COUNT(*) FROM pg_class WHERE relname IN "
                  "('points_202612', 'points_202701', 'points_202702')"),
            3);
  ASSERT_TRUE(series_->append(points(true)).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM points_202612"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM points_default"), 0);
}

TEST(TimeSeriesOnPostgres, ABatchThoughtNewThatAnotherProcessStoredIsStoredOnce) {
  FENGHUO_NEED_PG();
  test::PgTestDatabase pg(*test::pg_admin_url());
  auto db = open_database({pg.url(), 4, 2000});
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE((*db)->transact([](Transaction& tx) { return tx->execute_script(kPgSchema); }).ok());
  auto mine = open_time_series(**db, "points");
  auto theirs = open_time_series(**db, "points");
  ASSERT_TRUE(theirs->append(points(true)).ok());
  auto stored = mine->append(points(true));  // conflicts, then skips what is there
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(*stored, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, TimeSeries,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::db

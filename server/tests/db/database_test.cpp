#include "db/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/pg.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::db {
namespace {

using test::Backend;

// Each test gets an empty database of the backend it runs on.
class DatabaseTest : public ::testing::TestWithParam<Backend> {
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
    ASSERT_TRUE(db_->transact([](Transaction& tx) {
                     return tx->execute_script(
                         "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                         "score DOUBLE PRECISION)");
                   }).ok());
  }

  std::int64_t count() {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](Connection& c) -> Status {
                     auto rows = c.query("SELECT COUNT(*) FROM t");
                     if (!rows.ok()) return std::move(rows).error();
                     n = rows->i64(0, 0);
                     return {};
                   }).ok());
    return n;
  }

  test::TempDir dir_;
  std::optional<test::PgTestDatabase> pg_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, BindsDollarParametersInAnyOrderAndRepeated) {
  ASSERT_TRUE(db_->transact([](Transaction& tx) -> Status {
                   FENGHUO_TRY(tx->execute("INSERT INTO t (name, id, score) VALUES ($2, $1, $3)",
                                           {std::int64_t{7}, std::string("seven"), 7.5}));
                   return {};
                 }).ok());
  ASSERT_TRUE(db_->read([](Connection& c) -> Status {
                   auto rows = c.query(
                       "SELECT id, name, score FROM t WHERE id = $1 AND id + 0 = $1 AND name = $2",
                       {std::int64_t{7}, std::string("seven")});
                   if (!rows.ok()) return std::move(rows).error();
                   EXPECT_EQ(rows->size(), 1u);
                   EXPECT_EQ(rows->i64(0, 0), 7);
                   EXPECT_EQ(rows->text(0, 1), "seven");
                   EXPECT_DOUBLE_EQ(rows->f64(0, 2), 7.5);
                   return {};
                 }).ok());
}

TEST_P(DatabaseTest, ParameterTextIsNeverSpliced) {
  std::string hostile = "x'); DROP TABLE t; --";
  ASSERT_TRUE(db_->transact([&](Transaction& tx) -> Status {
                   FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                           {std::int64_t{1}, hostile}));
                   return {};
                 }).ok());
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, NullsRoundTrip) {
  ASSERT_TRUE(db_->transact([](Transaction& tx) -> Status {
                   FENGHUO_TRY(tx->execute("INSERT INTO t (id, name, score) VALUES ($1, $2, $3)",
                                           {std::int64_t{1}, std::string("a"), nullptr}));
                   return {};
                 }).ok());
  ASSERT_TRUE(db_->read([](Connection& c) -> Status {
                   auto rows = c.query("SELECT score FROM t");
                   if (!rows.ok()) return std::move(rows).error();
                   EXPECT_TRUE(rows->is_null(0, 0));
                   EXPECT_FALSE(rows->opt_i64(0, 0).has_value());
                   return {};
                 }).ok());
}

TEST_P(DatabaseTest, FailedWorkRollsBackAndSkipsAfterCommitHooks) {
  bool hook_ran = false;
  auto st = db_->transact([&](Transaction& tx) -> Status {
    tx.after_commit([&] { hook_ran = true; });
    FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                            {std::int64_t{1}, std::string("a")}));
    return Error::validation("name", "refused after the insert");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(hook_ran);
  EXPECT_EQ(count(), 0);
}

TEST_P(DatabaseTest, ExceptionInWorkRollsBack) {
  EXPECT_THROW((void)db_->transact([&](Transaction& tx) -> Status {
                 FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                         {std::int64_t{1}, std::string("a")}));
                 throw std::runtime_error("bug");
               }),
               std::runtime_error);
  EXPECT_EQ(count(), 0);
  // The connection is usable afterwards.
  EXPECT_TRUE(db_->transact([](Transaction& tx) -> Status {
                   FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                           {std::int64_t{2}, std::string("b")}));
                   return {};
                 }).ok());
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, CommittedWorkRunsAfterCommitHooks) {
  bool hook_ran = false;
  ASSERT_TRUE(db_->transact([&](Transaction& tx) -> Status {
                   tx.after_commit([&] { hook_ran = true; });
                   FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                           {std::int64_t{1}, std::string("a")}));
                   return {};
                 }).ok());
  EXPECT_TRUE(hook_ran);
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, DuplicateKeyIsAConflict) {
  auto insert = [&] {
    return db_->transact([](Transaction& tx) -> Status {
      FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                              {std::int64_t{1}, std::string("a")}));
      return {};
    });
  };
  ASSERT_TRUE(insert().ok());
  auto again = insert();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_P(DatabaseTest, ConcurrentWritersAllLand) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto st = db_->transact([&](Transaction& tx) -> Status {
          FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                  {std::int64_t{t * 1000 + i}, std::string("n")}));
          return {};
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(), 100);
}

TEST_P(DatabaseTest, ReadersSeeCommittedWritesOnly) {
  ASSERT_TRUE(db_->transact([&](Transaction& tx) -> Status {
                   FENGHUO_TRY(tx->execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                                           {std::int64_t{1}, std::string("a")}));
                   EXPECT_EQ(count(), 0);  // another connection, before the commit
                   return {};
                 }).ok());
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, SqlErrorIsAnInternalErrorNotACrash) {
  auto st = db_->read([](Connection& c) -> Status {
    auto rows = c.query("SELECT nope FROM t");
    if (!rows.ok()) return std::move(rows).error();
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST(OpenDatabase, RefusesUnknownScheme) {
  auto db = open_database({"mysql://localhost/x", 1, 100});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().field, "database.url");
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailable) {
  auto db = open_database({"postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", 1, 100});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace fenghuo::db

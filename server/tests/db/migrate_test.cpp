#include "db/migrate.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/pg.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::db {
namespace {

using test::Backend;

class FixedClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return 1'700'000'000'000; }
};

const std::vector<Migration> kSteps = {
    {1, "first", "CREATE TABLE a (id INTEGER PRIMARY KEY)", "CREATE TABLE a (id BIGINT PRIMARY KEY)"},
    {2, "second", "CREATE TABLE b (id INTEGER PRIMARY KEY)", "CREATE TABLE b (id BIGINT PRIMARY KEY)"},
};

class MigrateTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = "sqlite:" + (dir_ / "m.db").string();
    if (GetParam() == Backend::kPostgresql) {
      FENGHUO_NEED_PG();
      pg_.emplace(*test::pg_admin_url());
      url_ = pg_->url();
    }
    db_ = open();
  }
  std::unique_ptr<Database> open() {
    auto db = open_database({url_, 4, 5000});
    EXPECT_TRUE(db.ok());
    return db.ok() ? std::move(db).value() : nullptr;
  }
  bool table_exists(const std::string& name) {
    return db_->read([&](Connection& c) -> Status {
                auto r = c.query("SELECT COUNT(*) FROM " + name);
                if (!r.ok()) return std::move(r).error();
                return {};
              }).ok();
  }

  test::TempDir dir_;
  std::optional<test::PgTestDatabase> pg_;
  std::string url_;
  std::unique_ptr<Database> db_;
  FixedClock clock_;
};

TEST_P(MigrateTest, AppliesInOrderAndRecordsEach) {
  auto r = migrate(*db_, kSteps, clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->from_version, 0);
  EXPECT_EQ(r->to_version, 2);
  EXPECT_EQ(r->applied, (std::vector<std::string>{"0001_first", "0002_second"}));
  EXPECT_TRUE(table_exists("a"));
  EXPECT_TRUE(table_exists("b"));
  auto v = schema_version(*db_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 2);
}

TEST_P(MigrateTest, SecondRunChangesNothing) {
  ASSERT_TRUE(migrate(*db_, kSteps, clock_).ok());
  auto again = migrate(*db_, kSteps, clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->to_version, 2);
}

TEST_P(MigrateTest, OnlyPendingStepsRun) {
  std::span<const Migration> first(kSteps.data(), 1);
  ASSERT_TRUE(migrate(*db_, first, clock_).ok());
  auto r = migrate(*db_, kSteps, clock_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->applied, std::vector<std::string>{"0002_second"});
}

TEST_P(MigrateTest, FailingStepLeavesNoTrace) {
  std::vector<Migration> steps = kSteps;
  steps.push_back({3, "broken", "CREATE TABLE c (id INTEGER); CREATE TABLE nonsense (",
                   "CREATE TABLE c (id BIGINT); CREATE TABLE nonsense ("});
  auto r = migrate(*db_, steps, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("0003_broken"), std::string::npos) << r.error().message;
  EXPECT_FALSE(table_exists("c"));
  auto v = schema_version(*db_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 2);
}

TEST_P(MigrateTest, DatabaseNewerThanBinaryIsRefused) {
  ASSERT_TRUE(migrate(*db_, kSteps, clock_).ok());
  std::span<const Migration> older(kSteps.data(), 1);
  auto r = migrate(*db_, older, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("version 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("newer fenghuo"), std::string::npos);
}

TEST_P(MigrateTest, ConcurrentMigratorsApplyEachStepOnce) {
  std::vector<std::unique_ptr<Database>> dbs;
  for (int i = 0; i < 3; ++i) dbs.push_back(open());
  std::vector<Result<MigrateReport>> results(3, Error::internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[i] = migrate(*dbs[i], kSteps, clock_); });
  }
  for (auto& t : threads) t.join();
  std::size_t applied = 0;
  for (auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    applied += r->applied.size();
  }
  EXPECT_EQ(applied, 2u);
}

TEST_P(MigrateTest, BuiltinMigrationsApply) {
  auto r = migrate(*db_, builtin_migrations(), clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->to_version, builtin_migrations().back().version);
  EXPECT_TRUE(table_exists("settings"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST(BuiltinMigrations, AreNumberedInStrictlyRisingOrder) {
  auto all = builtin_migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].version, all[i].version);
  }
  for (const auto& m : all) {
    EXPECT_FALSE(m.sqlite_sql.empty()) << m.name;
    EXPECT_FALSE(m.postgresql_sql.empty()) << m.name;
  }
}

}  // namespace
}  // namespace fenghuo::db

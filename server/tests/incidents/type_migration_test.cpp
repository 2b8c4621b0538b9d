// A database of an earlier release is corrected by the incident-type migration: 森林草原火灾
// grades by both fire tables; a built-in type a deployment renamed itself is left alone.
// On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "db/migrate.h"
#include "support/pg.h"
#include "support/temp_dir.h"
#include "support/test_app.h"

namespace fenghuo::test {
namespace {

class FixedClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return 1'796'000'000'000; }
};

class IncidentTypeMigration : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string url = "sqlite:" + (dir_ / "m.db").string();
    if (GetParam() == Backend::kPostgresql) {
      FENGHUO_NEED_PG();
      pg_.emplace(*pg_admin_url());
      url = pg_->url();
    }
    auto db = db::open_database({url, 4, 5000});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
  }

  std::string text(const std::string& sql, const std::string& code) {
    std::string out;
    auto st = db_->read([&](db::Connection& c) -> Status {
      auto r = c.query(sql, {code});
      if (!r.ok()) return std::move(r).error();
      if (!r->empty()) out = r->text(0, 0);
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  TempDir dir_;
  std::optional<PgTestDatabase> pg_;
  std::unique_ptr<db::Database> db_;
  FixedClock clock_;
};

TEST_P(IncidentTypeMigration, CorrectsTheBuiltInRowsAnEarlierReleaseStored) {
  auto all = db::builtin_migrations();
  auto fix = std::find_if(all.begin(), all.end(), [](const db::Migration& m) {
    return m.name == "incident_type_fixes";
  });
  ASSERT_NE(fix, all.end());
  std::vector<db::Migration> before(all.begin(), fix);
  ASSERT_TRUE(db::migrate(*db_, before, clock_).ok());
  // What the earlier release's start-up stored, and a type a deployment loaded itself.
  auto stored = db_->transact([](db::Transaction& tx) -> Status {
    for (const auto& [code, name, grading] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"N02", "森林草原火灾", "forest_fire"},
             {"N06", "农作物病虫害（本省）", "none"}}) {
      auto n = tx->execute(
          "INSERT INTO incident_types (code, name, name_en, parent, category, grading, sort) "
          "VALUES ($1, $2, '', 'N', 'natural', $3, 0)",
          {code, name, grading});
      if (!n.ok()) return n.error();
    }
    return {};
  });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  auto applied = db::migrate(*db_, all, clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;

  EXPECT_EQ(text("SELECT grading FROM incident_types WHERE code = $1", "N02"),
            "forest_fire+grassland_fire");
  EXPECT_EQ(text("SELECT name FROM incident_types WHERE code = $1", "N06"), "农作物病虫害（本省）")
      << "a deployment's own name stays";
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentTypeMigration,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const auto& info) { return backend_name(info.param); });

}  // namespace
}  // namespace fenghuo::test

#pragma once

#include <optional>
#include <string>

namespace fenghuo::test {

// The admin URL of the throwaway PostgreSQL cluster that scripts/test.sh starts
// (FENGHUO_TEST_PG_URL), or nullopt when tests run without one.
std::optional<std::string> pg_admin_url();
// True when FENGHUO_TEST_REQUIRE_PG=1: PostgreSQL tests fail instead of skipping.
bool pg_required();

// A database of its own for one test on the throwaway cluster, dropped on destruction.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(const std::string& admin_url);
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  const std::string& admin_url() const { return admin_url_; }
  // Runs SQL on the admin connection (for tests that break the database on purpose).
  void admin_execute(const std::string& sql);

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace fenghuo::test

// Skips (or fails, when PostgreSQL is required) a test that needs PostgreSQL without one.
#define FENGHUO_NEED_PG()                                                        \
  do {                                                                           \
    if (!::fenghuo::test::pg_admin_url()) {                                      \
      if (::fenghuo::test::pg_required()) FAIL() << "FENGHUO_TEST_PG_URL unset"; \
      GTEST_SKIP() << "FENGHUO_TEST_PG_URL unset: no PostgreSQL for this test";  \
    }                                                                            \
  } while (false)

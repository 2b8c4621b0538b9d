#include "support/pg.h"

#include <cstdlib>
#include <stdexcept>

#include "core/random.h"
#include "db/database.h"

namespace fenghuo::test {
namespace {

void run_admin(const std::string& admin_url, const std::string& sql) {
  auto db = db::open_database({admin_url, 1, 5000});
  if (!db.ok()) throw std::runtime_error(db.error().message);
  auto dedicated = (*db)->open_dedicated();
  if (!dedicated.ok()) throw std::runtime_error(dedicated.error().message);
  auto st = (*dedicated)->execute_script(sql);
  if (!st.ok()) throw std::runtime_error(st.error().message);
}

}  // namespace

std::optional<std::string> pg_admin_url() {
  const char* url = std::getenv("FENGHUO_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool pg_required() {
  const char* v = std::getenv("FENGHUO_TEST_REQUIRE_PG");
  return v != nullptr && std::string(v) == "1";
}

PgTestDatabase::PgTestDatabase(const std::string& admin_url)
    : admin_url_(admin_url), name_("fenghuo_test_" + random_hex(6)) {
  auto slash = admin_url.rfind('/');
  if (slash == std::string::npos || slash < 13) throw std::runtime_error("bad admin url");
  url_ = admin_url.substr(0, slash + 1) + name_;
  run_admin(admin_url_, "CREATE DATABASE " + name_);
}

PgTestDatabase::~PgTestDatabase() {
  try {
    run_admin(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

void PgTestDatabase::admin_execute(const std::string& sql) { run_admin(admin_url_, sql); }

}  // namespace fenghuo::test

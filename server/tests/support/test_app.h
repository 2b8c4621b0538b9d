#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/app.h"
#include "support/pg.h"
#include "support/temp_dir.h"

namespace fenghuo::test {

enum class Backend { kSqlite, kPostgresql };
std::string backend_name(Backend backend);

// The 6-digit code in one line of the SMS outbox ("" if none).
std::string code_in_sms(const std::string& outbox_line);

// A Config for tests: port 0, a temporary SQLite database (or the given URL), data and
// web folders under `dir`, quiet logs.
Config test_config(const TempDir& dir, const std::string& database_url = {});

// The real App (the same wiring as `fenghuo serve`) on port 0, served on a background
// thread, stopped gracefully on destruction. For PostgreSQL it owns a fresh database.
class TestApp {
 public:
  explicit TestApp(Backend backend, const std::function<void(Config&)>& customize = {},
                   std::shared_ptr<const Clock> clock = nullptr);
  ~TestApp();
  App& app() { return *app_; }
  std::uint16_t port() const { return app_->port(); }
  const TempDir& dir() const { return dir_; }
  PgTestDatabase* pg() { return pg_ ? &*pg_ : nullptr; }
  std::string outbox_path() const { return (dir_ / "sms-outbox.jsonl").string(); }
  // The last SMS code sent to `phone` (from the outbox file), or "" if none.
  std::string last_code(const std::string& phone) const;

 private:
  TempDir dir_;
  std::optional<PgTestDatabase> pg_;
  std::unique_ptr<App> app_;
  std::thread thread_;
};

}  // namespace fenghuo::test

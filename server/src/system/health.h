#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "core/clock.h"
#include "db/database.h"
#include "http/router.h"

namespace fenghuo::system {

// Checks the database once a second on its own thread, so that the health endpoint answers
// at once from memory, on the I/O thread, even when the database hangs.
class HealthProbe {
 public:
  HealthProbe(db::Database& db, const Clock& clock,
              std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
  ~HealthProbe();

  struct Status {
    bool database_ok;
    std::string database;  // "sqlite" | "postgresql"
    std::int64_t uptime_s;
  };
  Status status() const;

 private:
  void check();

  db::Database& db_;
  const Clock& clock_;
  std::chrono::milliseconds interval_;
  std::int64_t started_ms_;
  std::atomic<bool> last_ok_{false};
  std::atomic<std::int64_t> last_ok_ms_{0};
  std::jthread thread_;
};

// GET /api/v1/health
void add_routes(http::Router& router, const HealthProbe& probe);

}  // namespace fenghuo::system

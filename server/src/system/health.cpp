#include "system/health.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace fenghuo::system {

HealthProbe::HealthProbe(db::Database& db, const Clock& clock, std::chrono::milliseconds interval)
    : db_(db), clock_(clock), interval_(interval), started_ms_(clock.now_ms()) {
  check();
  thread_ = std::jthread([this](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
      cv.wait_for(lock, stop, interval_, [] { return false; });
      if (stop.stop_requested()) break;
      check();
    }
  });
}

HealthProbe::~HealthProbe() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void HealthProbe::check() {
  auto result = db_.ping();
  bool ok = result.ok();
  if (ok) {
    last_ok_ms_ = clock_.now_ms();
  } else if (last_ok_) {
    spdlog::error("health: the database does not answer: {}", result.error().message);
  }
  last_ok_ = ok;
}

HealthProbe::Status HealthProbe::status() const {
  std::int64_t now = clock_.now_ms();
  // A probe stuck in a hanging query counts as a failure too.
  bool fresh = now - last_ok_ms_.load() <= 3 * interval_.count() + 2000;
  return Status{last_ok_.load() && fresh, std::string(db_.name()), (now - started_ms_) / 1000};
}

}  // namespace fenghuo::system

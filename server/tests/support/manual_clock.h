#pragma once

#include <atomic>
#include <cstdint>

#include "core/clock.h"

namespace fenghuo::test {

// A clock that moves only when told: session expiry, code expiry and rate limits without
// waiting.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms = 1'796'000'000'000) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance_ms(std::int64_t ms) { now_ += ms; }
  void advance_s(std::int64_t s) { now_ += s * 1000; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace fenghuo::test

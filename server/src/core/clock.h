#pragma once

#include <chrono>
#include <cstdint>

namespace fenghuo {

// Time source, injectable for tests. Times are UTC milliseconds since the epoch.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace fenghuo

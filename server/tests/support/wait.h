#pragma once

#include <chrono>
#include <thread>

namespace fenghuo::test {

// Waits until `condition()` holds (true) or `timeout` passes (false), asking every `every`.
// The one way a test waits for what another thread or process does: for the condition
// itself, with a bound, never for a fixed time.
template <typename Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds timeout = std::chrono::seconds(5),
                std::chrono::milliseconds every = std::chrono::milliseconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(every);
  }
}

}  // namespace fenghuo::test

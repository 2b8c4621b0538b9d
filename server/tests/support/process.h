#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fenghuo::test {

// The fenghuo binary under test: FENGHUO_BIN, else the one built beside the tests.
std::string fenghuo_binary();

// A child process with its output captured to a file, killed on destruction if still alive.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          const std::string& output_path);
  ~Process();
  pid_t pid() const { return pid_; }
  void signal(int sig);
  // The exit status once it exited within `timeout` (128+signal when killed by one).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string output() const;

 private:
  pid_t pid_ = -1;
  std::string output_path_;
  bool reaped_ = false;
};

// For a `fenghuo serve` started on port 0: waits until it logs the port it listens on and
// answers GET /api/v1/health with 200 there; answers the port, nullopt after `timeout`.
std::optional<std::uint16_t> wait_serving(Process& server, std::chrono::milliseconds timeout);

}  // namespace fenghuo::test

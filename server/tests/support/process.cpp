#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/http_client.h"
#include "support/wait.h"

namespace fenghuo::test {

std::string fenghuo_binary() {
  const char* bin = std::getenv("FENGHUO_BIN");
  return bin != nullptr && *bin != '\0' ? std::string(bin) : std::string(FENGHUO_DEFAULT_BIN);
}

Process::Process(const std::vector<std::string>& argv,
                 const std::map<std::string, std::string>& env, const std::string& output_path)
    : output_path_(output_path) {
  pid_ = ::fork();
  if (pid_ == 0) {
    int out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(out, 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Process::signal(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  std::optional<int> exit_status;
  eventually(
      [&] {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
        reaped_ = true;
        exit_status = WIFEXITED(status)     ? WEXITSTATUS(status)
                      : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                            : -1;
        return true;
      },
      timeout, std::chrono::milliseconds(20));
  return exit_status;
}

std::string Process::output() const {
  std::ifstream in(output_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::uint16_t> wait_serving(Process& server, std::chrono::milliseconds timeout) {
  static const std::regex kServing(R"(serving on http://[^\s:]+:(\d+))");
  std::optional<std::uint16_t> port;
  bool up = eventually(
      [&] {
        if (!port) {
          std::smatch m;
          std::string out = server.output();
          if (!std::regex_search(out, m, kServing)) return false;
          port = static_cast<std::uint16_t>(std::stoi(m[1].str()));
        }
        return http_request(*port, "GET", "/api/v1/health").status == 200;
      },
      timeout, std::chrono::milliseconds(50));
  if (!up) return std::nullopt;
  return port;
}

}  // namespace fenghuo::test

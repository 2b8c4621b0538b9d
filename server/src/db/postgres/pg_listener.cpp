#include "db/postgres/pg_listener.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

namespace fenghuo::db {
namespace {

class PgListener final : public Listener {
 public:
  PgListener(std::string url, std::string channel,
             std::function<void(std::string_view)> on_message)
      : url_(std::move(url)), channel_(std::move(channel)), on_message_(std::move(on_message)) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  ~PgListener() override {
    thread_.request_stop();
    thread_.join();
  }

 private:
  void run(std::stop_token stop) {
    auto backoff = std::chrono::milliseconds(100);
    while (!stop.stop_requested()) {
      PGconn* conn = connect();
      if (conn == nullptr) {
        sleep_for(backoff, stop);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        continue;
      }
      backoff = std::chrono::milliseconds(100);
      pump(conn, stop);
      PQfinish(conn);
    }
  }

  PGconn* connect() {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      spdlog::warn("realtime: cannot connect to PostgreSQL to listen: {}", PQerrorMessage(conn));
      PQfinish(conn);
      return nullptr;
    }
    char* quoted = PQescapeIdentifier(conn, channel_.data(), channel_.size());
    std::string sql = std::string("LISTEN ") + quoted;
    PQfreemem(quoted);
    PGresult* res = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
      spdlog::warn("realtime: LISTEN failed: {}", PQerrorMessage(conn));
      PQfinish(conn);
      return nullptr;
    }
    return conn;
  }

  // Waits for notifications until the connection breaks or a stop is requested.
  void pump(PGconn* conn, const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      int n = ::poll(&fd, 1, 200);
      if (n < 0 && errno != EINTR) return;
      if (n <= 0) continue;
      if (PQconsumeInput(conn) == 0) {
        spdlog::warn("realtime: listen connection lost: {}", PQerrorMessage(conn));
        return;
      }
      while (PGnotify* note = PQnotifies(conn)) {
        std::string payload = note->extra != nullptr ? note->extra : "";
        PQfreemem(note);
        try {
          on_message_(payload);
        } catch (const std::exception& e) {
          spdlog::error("realtime: notification handler failed: {}", e.what());
        }
      }
    }
  }

  static void sleep_for(std::chrono::milliseconds total, const std::stop_token& stop) {
    auto until = std::chrono::steady_clock::now() + total;
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::string url_;
  std::string channel_;
  std::function<void(std::string_view)> on_message_;
  std::jthread thread_;
};

}  // namespace

std::unique_ptr<Listener> start_pg_listener(std::string url, std::string channel,
                                            std::function<void(std::string_view)> on_message) {
  return std::make_unique<PgListener>(std::move(url), std::move(channel), std::move(on_message));
}

}  // namespace fenghuo::db

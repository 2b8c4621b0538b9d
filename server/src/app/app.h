#pragma once

#include <memory>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"

namespace fenghuo::db {
class Database;
}
namespace fenghuo::realtime {
class Bus;
}
namespace fenghuo::http {
class Router;
class Server;
}

namespace fenghuo {

// The whole server wired together: database (migrated), realtime bus, routes of every
// module, static files and the listener. main.cpp and the integration tests both build it
// with `App::open`, so tests run exactly what production runs.
class App {
 public:
  // Opens the database, applies pending migrations, builds the routes and binds the port.
  static Result<std::unique_ptr<App>> open(const Config& config,
                                           std::shared_ptr<const Clock> clock = nullptr);
  ~App();

  // Serves until stop() or, with `stop_on_signals`, SIGINT/SIGTERM; returns after a
  // graceful shutdown.
  void run(bool stop_on_signals);
  void stop();

  std::uint16_t port() const;
  db::Database& database();
  realtime::Bus& bus();
  struct Services& services();
  const http::Router& router() const;
  const Config& config() const;

 private:
  App();
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace fenghuo

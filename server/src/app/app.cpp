#include "app/app.h"

#include <thread>

#include <spdlog/spdlog.h>

#include "db/database.h"
#include "db/migrate.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "realtime/bus.h"
#include "system/health.h"

namespace fenghuo {

struct App::Parts {
  Config config;
  std::shared_ptr<const Clock> clock;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<realtime::Bus> bus;
  std::unique_ptr<system::HealthProbe> health;
  http::Router router;
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<http::Server> server;
};

App::App() : parts_(std::make_unique<Parts>()) {}
App::~App() {
  // The server goes first: no request may outlive the services it calls.
  parts_->server.reset();
  parts_->health.reset();
  parts_->bus.reset();
}

Result<std::unique_ptr<App>> App::open(const Config& config, std::shared_ptr<const Clock> clock) {
  std::unique_ptr<App> app(new App());
  Parts& p = *app->parts_;
  p.config = config;
  p.clock = clock ? std::move(clock) : std::make_shared<SystemClock>();

  auto db = db::open_database({config.database.url, config.database.pool_size,
                               config.database.busy_timeout_ms});
  if (!db.ok()) return std::move(db).error();
  p.db = std::move(db).value();
  auto migrated = db::migrate(*p.db, db::builtin_migrations(), *p.clock);
  if (!migrated.ok()) return std::move(migrated).error();

  p.bus = std::make_unique<realtime::Bus>(p.db.get(), *p.clock);
  FENGHUO_TRY(p.bus->start_relay());
  p.health = std::make_unique<system::HealthProbe>(*p.db, *p.clock);

  system::add_routes(p.router, *p.health);

  p.static_files = std::make_unique<http::StaticFiles>(config.web.root);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  http::ServerOptions options;
  options.host = config.server.host;
  options.port = static_cast<std::uint16_t>(config.server.port);
  options.threads = config.server.threads > 0 ? config.server.threads : static_cast<int>(cores);
  options.workers =
      config.server.workers > 0 ? config.server.workers : static_cast<int>(2 * cores);
  options.max_connections = config.server.max_connections;
  options.max_body_bytes = static_cast<std::uint64_t>(config.server.max_body_bytes);
  options.max_header_bytes = static_cast<std::uint32_t>(config.server.max_header_bytes);
  options.read_timeout = std::chrono::seconds(config.server.read_timeout_s);
  options.shutdown_timeout = std::chrono::seconds(config.server.shutdown_timeout_s);
  options.access_log = config.log.access;
  options.ws_queue_limit = static_cast<std::size_t>(config.realtime.ws_queue_limit);
  options.ws_idle_timeout = std::chrono::seconds(config.realtime.ws_idle_timeout_s);
  p.server = std::make_unique<http::Server>(options, p.router, p.static_files.get(), *p.bus);
  FENGHUO_TRY(p.server->start());
  return app;
}

void App::run(bool stop_on_signals) { parts_->server->run(stop_on_signals); }
void App::stop() { parts_->server->stop(); }
std::uint16_t App::port() const { return parts_->server->port(); }
db::Database& App::database() { return *parts_->db; }
realtime::Bus& App::bus() { return *parts_->bus; }
const http::Router& App::router() const { return parts_->router; }
const Config& App::config() const { return parts_->config; }

}  // namespace fenghuo

#include "app/app.h"

#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "alerts/routes.h"
#include "analysis/routes.h"
#include "app/dashboard.h"
#include "app/services.h"
#include "app/topics.h"
#include "audit/routes.h"
#include "db/database.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "duty/routes.h"
#include "identity/routes.h"
#include "incidents/routes.h"
#include "monitoring/mqtt.h"
#include "monitoring/routes.h"
#include "monitoring/simulator.h"
#include "notify/routes.h"
#include "realtime/bus.h"
#include "resources/routes.h"
#include "storage/routes.h"
#include "system/health.h"

namespace fenghuo {

struct App::Parts {
  std::unique_ptr<Services> services;
  std::unique_ptr<system::HealthProbe> health;
  http::Router router;
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<http::Server> server;

  // The periodic checks (due times, fax reminders) on their own thread.
  std::thread checks;
  std::mutex checks_mutex;
  std::condition_variable checks_wake;
  bool checks_stop = false;
  // Every second: the latest readings out to the live pages, and the demo's simulated readings.
  std::thread live;
  std::unique_ptr<monitoring::MqttSubscriber> mqtt;
};

App::App() : parts_(std::make_unique<Parts>()) {}
App::~App() {
  {
    std::lock_guard lock(parts_->checks_mutex);
    parts_->checks_stop = true;
  }
  parts_->checks_wake.notify_all();
  if (parts_->checks.joinable()) parts_->checks.join();
  if (parts_->live.joinable()) parts_->live.join();
  parts_->mqtt.reset();
  // The server goes first: no request may outlive the services it calls.
  parts_->server.reset();
  parts_->health.reset();
  parts_->services.reset();
}

Result<std::unique_ptr<App>> App::open(const Config& config, std::shared_ptr<const Clock> clock) {
  std::unique_ptr<App> app(new App());
  Parts& p = *app->parts_;
  auto services = Services::open(config, std::move(clock));
  if (!services.ok()) return std::move(services).error();
  p.services = std::move(services).value();
  Services& s = *p.services;
  FENGHUO_TRY(s.bus->start_relay());
  p.health = std::make_unique<system::HealthProbe>(*s.db, *s.clock);

  system::add_routes(p.router, *p.health);
  identity::add_routes(p.router, *s.auth, *s.directory, *s.importer,
                       {config.session.cookie_secure});
  audit::add_routes(p.router, *s.db, *s.audit);
  FENGHUO_TRY(s.resources->load_index());
  resources::add_routes(p.router, *s.db, *s.resources, *s.directory, *s.sms,
                        config.storage.path + "/tmp");

  storage::add_routes(p.router, *s.files);
  notify::add_routes(p.router, *s.db, *s.notifier);
  incidents::add_routes(p.router, *s.incidents, *s.files);
  duty::add_routes(p.router, *s.duty, *s.faxes, *s.files, open_items_of(s));
  alerts::add_routes(p.router, *s.alerts, *s.feeds);
  monitoring::add_routes(p.router, *s.monitoring);
  analysis::add_routes(p.router, *s.analysis, *s.incidents);
  add_dashboard_route(p.router, s);

  p.static_files = std::make_unique<http::StaticFiles>(config.web.root);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  http::ServerOptions options;
  options.host = config.server.host;
  options.port = static_cast<std::uint16_t>(config.server.port);
  options.threads = config.server.threads > 0 ? config.server.threads : static_cast<int>(cores);
  options.workers =
      config.server.workers > 0 ? config.server.workers : static_cast<int>(2 * cores);
  options.max_connections = config.server.max_connections;
  options.max_connections_per_address = config.server.max_connections_per_address;
  options.max_json_body_bytes = std::uint64_t{1024} * config.server.max_json_body_kb;
  options.max_file_body_bytes = std::uint64_t{1024} * 1024 * config.storage.max_file_mb;
  options.max_header_bytes = static_cast<std::uint32_t>(config.server.max_header_bytes);
  options.read_timeout = std::chrono::seconds(config.server.read_timeout_s);
  options.shutdown_timeout = std::chrono::seconds(config.server.shutdown_timeout_s);
  options.access_log = config.log.access;
  options.ws_queue_limit = static_cast<std::size_t>(config.realtime.ws_queue_limit);
  options.ws_idle_timeout = std::chrono::seconds(config.realtime.ws_idle_timeout_s);
  options.content_sources = config.web.content_sources;
  auto proxies = parse_networks(config.server.trusted_proxies, "server.trusted_proxies");
  if (!proxies.ok()) return std::move(proxies).error();
  options.trusted_proxies = std::move(proxies).value();
  http::ServerHooks hooks{identity::make_guard(*s.auth), identity::make_socket_guard(*s.auth),
                          identity::make_quick_guard(*s.auth), may_subscribe,
                          identity::sockets_ended_by};
  p.server = std::make_unique<http::Server>(options, p.router, p.static_files.get(), *s.bus,
                                            std::move(hooks));
  FENGHUO_TRY(p.server->start());

  auto interval = std::chrono::seconds(config.reporting.check_interval_s);
  p.checks = std::thread([&p, interval] {
    std::unique_lock lock(p.checks_mutex);
    while (!p.checks_wake.wait_for(lock, interval, [&p] { return p.checks_stop; })) {
      lock.unlock();
      p.services->run_checks();
      lock.lock();
    }
  });

  if (!config.monitoring.mqtt_url.empty()) {
    FENGHUO_ASSIGN(broker, monitoring::parse_mqtt_url(config.monitoring.mqtt_url));
    FENGHUO_ASSIGN(mqtt, monitoring::MqttSubscriber::start(broker, config.monitoring.mqtt_topic,
                                                           s.monitoring->ingestion()));
    p.mqtt = std::move(mqtt);
  }
  int simulate_rate = config.monitoring.simulate_rate;
  p.live = std::thread([&p, simulate_rate] {
    auto& monitoring = *p.services->monitoring;
    std::unique_ptr<monitoring::Simulator> simulator;
    const Principal by = Principal::system("simulate");
    std::unique_lock lock(p.checks_mutex);
    // Four ticks a second: the readings inbox is moved on each (short moves keep the batches
    // waiting behind them short); the live feed and the simulator go once a second.
    for (int tick = 1; !p.checks_wake.wait_for(lock, std::chrono::milliseconds(250),
                                                [&p] { return p.checks_stop; });
         ++tick) {
      lock.unlock();
      if (simulate_rate > 0 && tick % 4 == 0) {
        // Stations configured after the start (the demo data) join on the next round.
        if (!simulator || simulator->empty()) {
          simulator = std::make_unique<monitoring::Simulator>(monitoring.rules().configured());
        }
        auto readings = simulator->next(static_cast<std::size_t>(simulate_rate), p.services->clock->now_ms());
        constexpr std::size_t kBatch = 10000;  // the most the service takes at once
        for (std::size_t from = 0; from < readings.size(); from += kBatch) {
          boost::json::array batch(
              readings.begin() + static_cast<std::ptrdiff_t>(from),
              readings.begin() + static_cast<std::ptrdiff_t>(std::min(readings.size(), from + kBatch)));
          if (auto done = monitoring.ingestion().ingest(by, batch); !done.ok()) {
            spdlog::warn("simulated readings not stored: {}", done.error().message);
            break;
          }
        }
      }
      if (auto moved = monitoring.move_inbox(); !moved.ok()) {
        spdlog::warn("readings not moved out of the inbox: {}", moved.error().message);
      }
      if (tick % 4 == 0) monitoring.flush_live();
      lock.lock();
    }
  });
  return app;
}

void App::run(bool stop_on_signals) { parts_->server->run(stop_on_signals); }
void App::stop() { parts_->server->stop(); }
std::uint16_t App::port() const { return parts_->server->port(); }
db::Database& App::database() { return *parts_->services->db; }
realtime::Bus& App::bus() { return *parts_->services->bus; }
Services& App::services() { return *parts_->services; }
const http::Router& App::router() const { return parts_->router; }
const Config& App::config() const { return parts_->services->config; }

}  // namespace fenghuo

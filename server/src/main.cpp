// fenghuo: the emergency command and rescue information server. This file only wires the
// command line to the library; everything else lives in fenghuo_core.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/version.h"
#include "db/database.h"
#include "db/migrate.h"

namespace {

using fenghuo::Config;

int fail(const fenghuo::Error& error) {
  std::fprintf(stderr, "fenghuo: %s\n", error.message.c_str());
  return 1;
}

// The config file: --config if given (it must exist), else ./fenghuo.toml if present.
std::optional<fenghuo::Result<Config>> load(const std::string& config_path) {
  std::optional<std::string> file;
  if (!config_path.empty()) {
    if (!std::filesystem::exists(config_path)) {
      return fenghuo::Result<Config>(
          fenghuo::Error::validation("config", "config file not found: " + config_path));
    }
    file = config_path;
  } else if (std::filesystem::exists("fenghuo.toml")) {
    file = "fenghuo.toml";
  }
  return fenghuo::load_config(file, fenghuo::fenghuo_environment());
}

int serve(const Config& config) {
  std::filesystem::create_directories(config.storage.path);
  auto app = fenghuo::App::open(config);
  if (!app.ok()) return fail(app.error());
  spdlog::info("fenghuo {} serving on http://{}:{} (database {})", fenghuo::version(),
               config.server.host, (*app)->port(),
               fenghuo::db::dialect_name((*app)->database().dialect()));
  (*app)->run(true);
  spdlog::info("fenghuo stopped");
  return 0;
}

int migrate(const Config& config) {
  auto db = fenghuo::db::open_database({config.database.url, config.database.pool_size,
                                        config.database.busy_timeout_ms});
  if (!db.ok()) return fail(db.error());
  fenghuo::SystemClock clock;
  auto report = fenghuo::db::migrate(**db, fenghuo::db::builtin_migrations(), clock);
  if (!report.ok()) return fail(report.error());
  if (report->applied.empty()) {
    std::printf("database is up to date at version %lld\n",
                static_cast<long long>(report->to_version));
  } else {
    for (const auto& name : report->applied) std::printf("applied %s\n", name.c_str());
    std::printf("database migrated from version %lld to %lld\n",
                static_cast<long long>(report->from_version),
                static_cast<long long>(report->to_version));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"fenghuo: emergency command and rescue information system (烽火)"};
  cli.require_subcommand(1);
  cli.fallthrough();  // `fenghuo serve --config F` works as well as `fenghuo --config F serve`
  std::string config_path;
  cli.add_option("-c,--config", config_path,
                 "config file (default: ./fenghuo.toml when present); every key can be "
                 "overridden by FENGHUO_<SECTION>_<KEY>")
      ->option_text("FILE");
  auto* serve_cmd = cli.add_subcommand("serve", "serve the API, the realtime socket and the web app");
  auto* migrate_cmd = cli.add_subcommand("migrate", "apply pending database migrations");
  auto* version_cmd = cli.add_subcommand("version", "print the version");
  CLI11_PARSE(cli, argc, argv);

  if (version_cmd->parsed()) {
    std::printf("fenghuo %s\n", std::string(fenghuo::version()).c_str());
    return 0;
  }
  auto config = load(config_path);
  if (!config->ok()) return fail(config->error());
  if (auto st = fenghuo::init_logging((*config)->log.level); !st.ok()) return fail(st.error());
  if (serve_cmd->parsed()) return serve(**config);
  if (migrate_cmd->parsed()) return migrate(**config);
  return 0;
}

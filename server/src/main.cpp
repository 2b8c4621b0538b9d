// fenghuo: the emergency command and rescue information server. This file only wires the
// command line to the library; everything else lives in fenghuo_core.
#include <csignal>
#include <cstdio>
#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <map>

#include <boost/json.hpp>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "app/services.h"
#include "audit/audit.h"
#include "identity/store.h"
#include "resources/demo.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/version.h"
#include "http/client.h"
#include "monitoring/mqtt.h"
#include "monitoring/simulator.h"
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
               (*app)->database().name());
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
  // Reference data (regions and their bureaus) comes with the schema.
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  return 0;
}

// fenghuo user add: the way in for the first administrator.
int user_add(const Config& config, const std::string& phone, const std::string& name,
             const std::string& org, const std::vector<std::string>& roles) {
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  auto& s = **services;
  fenghuo::Principal system = fenghuo::Principal::system("fenghuo user add");
  std::optional<fenghuo::identity::User> created;
  auto st = s.db->transact([&](fenghuo::db::Transaction& tx) -> fenghuo::Status {
    fenghuo::identity::User u;
    u.phone = phone;
    u.name = name;
    u.roles = roles;
    // ORG is an organisation id, or a region code meaning that region's bureau.
    if (org.size() == 6 && org.find_first_not_of("0123456789") == std::string::npos) {
      auto bureau = fenghuo::identity::store::find_bureau(tx.connection(), org);
      if (!bureau.ok()) return std::move(bureau).error();
      if (*bureau) u.org_id = (*bureau)->id;
    }
    if (u.org_id == 0) {
      char* end = nullptr;
      long long id = std::strtoll(org.c_str(), &end, 10);
      if (end == org.c_str() || *end != '\0' || id <= 0) {
        return fenghuo::Error::validation("org", "--org must be an organisation id or a region "
                                                 "code with a bureau, got " + org);
      }
      u.org_id = id;
    }
    std::sort(u.roles.begin(), u.roles.end());
    auto r = s.directory->create_user_in(tx, system, std::move(u));
    if (!r.ok()) return std::move(r).error();
    created = std::move(r).value();
    return {};
  });
  if (!st.ok()) return fail(st.error());
  std::printf("user %lld: %s %s, %s (%s), roles:", static_cast<long long>(created->id),
              created->name.c_str(), created->phone.c_str(), created->org_name.c_str(),
              created->region.c_str());
  for (const auto& r : created->roles) std::printf(" %s", r.c_str());
  std::printf("\n");
  return 0;
}

int audit_verify(const Config& config, const std::string& head_text) {
  std::optional<fenghuo::audit::Head> head;
  if (!head_text.empty()) {
    auto parsed = fenghuo::audit::parse_head(head_text);
    if (!parsed.ok()) return fail(parsed.error());
    head = std::move(parsed).value();
  }
  // Without the key file only plain (unkeyed) entries can be checked; a keyed one then fails
  // naming audit.key_file.
  std::string key;
  std::string key_path = fenghuo::audit_key_file(config);
  if (std::error_code ec; std::filesystem::exists(key_path, ec)) {
    auto loaded = fenghuo::audit::load_key(key_path, false);
    if (!loaded.ok()) return fail(loaded.error());
    key = std::move(loaded).value();
  }
  auto db = fenghuo::db::open_database({config.database.url, 1, config.database.busy_timeout_ms});
  if (!db.ok()) return fail(db.error());
  auto v = fenghuo::audit::Log::verify(**db, key, head);
  if (!v.ok()) return fail(v.error());
  if (!v->ok) {
    std::fprintf(stderr, "audit log BROKEN at entry %lld: %s (%lld entries verified before it)\n",
                 static_cast<long long>(v->first_bad_seq), v->problem.c_str(),
                 static_cast<long long>(v->entries));
    return 2;
  }
  std::printf("audit log intact: %lld entries verified", static_cast<long long>(v->entries));
  if (v->keyed_from > 0) {
    std::printf(", keyed from entry %lld", static_cast<long long>(v->keyed_from));
  }
  if (head) std::printf(", up to the exported head %s", to_string(*head).c_str());
  std::printf("\n");
  return 0;
}

int audit_head(const Config& config) {
  auto db = fenghuo::db::open_database({config.database.url, 1, config.database.busy_timeout_ms});
  if (!db.ok()) return fail(db.error());
  auto head = fenghuo::audit::Log::head(**db);
  if (!head.ok()) return fail(head.error());
  if (head->seq == 0) {
    std::fprintf(stderr, "the audit log is empty\n");
    return 1;
  }
  std::printf("%s\n", to_string(*head).c_str());
  return 0;
}

int import_identity(const Config& config, const std::string& file, bool partial, bool full_sync,
                    bool dry_run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(fenghuo::Error::validation("FILE", "cannot read " + file));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  std::string type = file.ends_with(".csv") ? "text/csv" : "application/json";
  auto report = (*services)->importer->run(fenghuo::Principal::system("fenghuo import"), type,
                                           body, {partial, full_sync, dry_run});
  if (!report.ok()) return fail(report.error());
  std::printf("%s: organisations created %d, updated %d; users created %d, updated %d, "
              "disabled %d; rejected %zu\n",
              report->applied ? "applied" : (dry_run ? "dry run, nothing changed"
                                                     : "NOT applied, nothing changed"),
              report->created.organisations, report->updated.organisations,
              report->created.users, report->updated.users, report->disabled.users,
              report->rejected.size());
  for (const auto& r : report->rejected) {
    std::printf("  row %d (%s) %s: %s\n", r.row, r.kind.c_str(), r.field.c_str(),
                r.reason.c_str());
  }
  return report->applied || dry_run ? (report->rejected.empty() ? 0 : 3) : 3;
}

int import_incident_types(const Config& config, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(fenghuo::Error::validation("FILE", "cannot read " + file));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  auto written = (*services)->incidents->import_types(
      fenghuo::Principal::system("fenghuo import incident-types"), body);
  if (!written.ok()) return fail(written.error());
  std::printf("incident types: %d added or updated\n", *written);
  return 0;
}

// One line per file; non-zero exit when any file was refused.
int cap_import(const Config& config, const std::vector<std::string>& files) {
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  fenghuo::Principal by = fenghuo::Principal::system("fenghuo cap import");
  int refused = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::printf("%s: refused: cannot read the file\n", file.c_str());
      ++refused;
      continue;
    }
    std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto imported = (*services)->alerts->import_cap(by, xml);
    if (!imported.ok()) {
      std::printf("%s: refused: %s\n", file.c_str(), imported.error().message.c_str());
      ++refused;
      continue;
    }
    const auto& a = imported->alert;
    std::printf("%s: %s warning %lld (%s, %s) %s\n", file.c_str(),
                imported->created ? "new" : "known or updating", static_cast<long long>(a.id),
                a.cap.msg_type.c_str(), a.level.c_str(), a.cap.identifier.c_str());
  }
  return refused > 0 ? 3 : 0;
}

// Publishes plausible readings of the configured stations, `rate` a second, to MQTT (one
// message per station and second, on fenghuo/readings/{station}) or HTTP (batches).
int simulate(const Config& config, int rate, std::string mqtt_url, const std::string& http_url,
             const std::string& token, int seconds) {
  if (mqtt_url.empty() && http_url.empty()) mqtt_url = config.monitoring.mqtt_url;
  if (mqtt_url.empty() && http_url.empty()) {
    return fail(fenghuo::Error::validation("target", "say where to: --mqtt URL or --http URL --token T "
                                                     "(or set monitoring.mqtt_url)"));
  }
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  fenghuo::monitoring::Simulator simulator((*services)->monitoring->rules().configured());
  if (simulator.empty()) return fail(fenghuo::Error::validation("stations", "no station has metrics: load the demo data first"));
  std::unique_ptr<fenghuo::monitoring::MqttPublisher> publisher;
  if (!mqtt_url.empty()) {
    auto broker = fenghuo::monitoring::parse_mqtt_url(mqtt_url);
    if (!broker.ok()) return fail(broker.error());
    auto connected = fenghuo::monitoring::MqttPublisher::connect(*broker);
    if (!connected.ok()) return fail(connected.error());
    publisher = std::move(connected).value();
  }
  std::printf("simulate: %d readings a second to %s%s\n", rate, publisher ? mqtt_url.c_str() : http_url.c_str(),
              seconds > 0 ? (" for " + std::to_string(seconds) + " s").c_str() : " until stopped");
  std::fflush(stdout);
  const std::string url = http_url.ends_with("/") ? http_url + "api/v1/readings" : http_url + "/api/v1/readings";
  auto start = std::chrono::steady_clock::now();
  long long sent = 0, refused = 0;
  for (int second = 0; seconds <= 0 || second < seconds; ++second) {
    auto readings = simulator.next(static_cast<std::size_t>(rate), (*services)->clock->now_ms());
    if (publisher) {
      std::map<std::string, boost::json::array> by_station;
      for (auto& r : readings) by_station[std::string(r.as_object().at("station").as_string())].push_back(std::move(r));
      for (auto& [station, list] : by_station) {
        auto st = publisher->publish("fenghuo/readings/" + station, boost::json::serialize(list));
        if (!st.ok()) return fail(st.error());
        sent += static_cast<long long>(list.size());
      }
    } else {
      // In batches the server takes (at most 10,000 readings each).
      constexpr std::size_t kBatch = 10000;
      for (std::size_t from = 0; from < readings.size(); from += kBatch) {
        boost::json::array batch(readings.begin() + static_cast<std::ptrdiff_t>(from),
                                 readings.begin() + static_cast<std::ptrdiff_t>(std::min(readings.size(), from + kBatch)));
        auto reply = fenghuo::http::post(url, boost::json::serialize(boost::json::object{{"readings", std::move(batch)}}),
                                         "application/json", {{"Authorization", "Bearer " + token}},
                                         std::chrono::seconds(10));
        if (!reply.ok()) return fail(reply.error());
        if (reply->status != 200) {
          return fail(fenghuo::Error::unavailable("the server answered " + std::to_string(reply->status) + ": " + reply->body));
        }
        auto answer = boost::json::parse(reply->body);
        sent += answer.at("accepted").to_number<long long>() + answer.at("duplicates").to_number<long long>();
        refused += static_cast<long long>(answer.at("rejected").as_array().size());
      }
    }
    std::this_thread::sleep_until(start + std::chrono::seconds(second + 1));
  }
  if (publisher) {
    if (auto st = publisher->flush(10000); !st.ok()) return fail(st.error());
  }
  std::printf("simulate: %lld readings sent, %lld refused\n", sent, refused);
  return 0;
}

int demo_data(const Config& config, const std::string& scale, std::uint64_t seed) {
  if (scale != "small" && scale != "large") {
    return fail(fenghuo::Error::validation("scale", "--scale must be small or large"));
  }
  auto services = fenghuo::Services::open(config);
  if (!services.ok()) return fail(services.error());
  auto report = fenghuo::load_demo_data(**services);
  if (!report.ok()) return fail(report.error());
  fenghuo::resources::DemoOptions options;
  options.scale = scale == "large" ? fenghuo::resources::DemoOptions::Scale::kLarge
                                   : fenghuo::resources::DemoOptions::Scale::kSmall;
  options.seed = seed;
  auto& s = **services;
  auto resources = fenghuo::resources::load_demo_resources(*s.db, *s.resources, *s.audit,
                                                           *s.clock, options);
  if (!resources.ok()) return fail(resources.error());
  if (resources->already_loaded) {
    std::printf("demo resources: already loaded\n");
  } else {
    std::printf("demo resources: %lld records (%s, seed %llu)\n",
                static_cast<long long>(resources->created), scale.c_str(),
                static_cast<unsigned long long>(seed));
  }
  auto duty = fenghuo::load_demo_duty(s);
  if (!duty.ok()) return fail(duty.error());
  if (*duty > 0) {
    std::printf("demo duty day: %d incidents with reports, rosters for this week, a fax\n", *duty);
  } else {
    std::printf("demo duty day: incidents exist already, left as they are\n");
  }
  auto warnings = fenghuo::load_demo_alerts(s);
  if (!warnings.ok()) return fail(warnings.error());
  if (*warnings > 0) std::printf("demo warnings: %d in force\n", *warnings);
  auto stations = fenghuo::load_demo_monitoring(s);
  if (!stations.ok()) return fail(stations.error());
  if (stations->stations > 0) {
    std::printf("demo monitoring: %lld stations with metrics and thresholds, a day of readings (%lld)\n",
                static_cast<long long>(stations->stations), static_cast<long long>(stations->readings));
  }
  std::printf("demo data: %d organisations and %d users added, %d and %d updated\n",
              report->import.created.organisations, report->import.created.users,
              report->import.updated.organisations, report->import.updated.users);
  std::printf("demo administrator: %s (演示管理员, system_admin)%s\n",
              std::string(fenghuo::kDemoAdminPhone).c_str(),
              report->admin_created ? ", created" : "");
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

  auto* demo_cmd = cli.add_subcommand(
      "demo-data", "load the Shanxi demo data (member units, users, resources); idempotent");
  std::string demo_scale = "small";
  std::uint64_t demo_seed = 14;
  demo_cmd->add_option("--scale", demo_scale, "small (a few thousand resources) or large (a million)")
      ->check(CLI::IsMember({"small", "large"}));
  demo_cmd->add_option("--seed", demo_seed, "random seed: the same seed gives the same data");

  auto* user_cmd = cli.add_subcommand("user", "manage users from the command line");
  user_cmd->require_subcommand(1);
  auto* user_add_cmd = user_cmd->add_subcommand("add", "add a user (the first administrator)");
  std::string phone, name, org;
  std::vector<std::string> roles;
  user_add_cmd->add_option("--phone", phone, "mainland mobile number (the login)")->required();
  user_add_cmd->add_option("--name", name, "full name")->required();
  user_add_cmd->add_option("--org", org, "organisation id, or a region code for its bureau")
      ->required();
  user_add_cmd->add_option("--role", roles, "role (repeat for several), e.g. system_admin")
      ->required();

  auto* audit_cmd = cli.add_subcommand("audit", "the audit log");
  audit_cmd->require_subcommand(1);
  auto* audit_verify_cmd = audit_cmd->add_subcommand(
      "verify", "recompute the hash chain; exit non-zero naming the first bad entry");
  std::string audit_head_text;
  audit_verify_cmd->add_option("--head", audit_head_text,
                               "SEQ:HASH from `audit head`: the chain must still hold it");
  auto* audit_head_cmd = audit_cmd->add_subcommand(
      "head", "print the last entry as SEQ:HASH, to keep outside the database");

  auto* cap_cmd = cli.add_subcommand("cap", "CAP 1.2 warnings");
  cap_cmd->require_subcommand(1);
  auto* cap_import_cmd = cap_cmd->add_subcommand(
      "import", "import CAP 1.2 messages (validated against the schema); a line per file");
  std::vector<std::string> cap_files;
  cap_import_cmd->add_option("FILE", cap_files, "CAP XML files")->required();
  auto* simulate_cmd = cli.add_subcommand(
      "simulate", "publish plausible readings of the demo stations (some past their thresholds)");
  int simulate_rate = 50, simulate_seconds = 0;
  std::string simulate_mqtt, simulate_http, simulate_token;
  simulate_cmd->add_option("--rate", simulate_rate, "readings a second")->check(CLI::Range(1, 1000000));
  simulate_cmd->add_option("--mqtt", simulate_mqtt, "broker, mqtt://HOST[:PORT] (default monitoring.mqtt_url)");
  simulate_cmd->add_option("--http", simulate_http, "server, http://HOST:PORT (with --token)");
  simulate_cmd->add_option("--token", simulate_token, "API token with readings.write (for --http)");
  simulate_cmd->add_option("--seconds", simulate_seconds, "stop after this long (default: run until stopped)");
  auto* import_cmd = cli.add_subcommand("import", "import data");
  import_cmd->require_subcommand(1);
  auto* import_identity_cmd = import_cmd->add_subcommand(
      "identity", "organisations and people from the unified identity system (CSV or JSON)");
  std::string import_file;
  bool partial = false, full_sync = false, dry_run = false;
  import_identity_cmd->add_option("FILE", import_file, "a .csv or .json file")->required();
  import_identity_cmd->add_flag("--partial", partial, "apply the valid rows even if some are bad");
  import_identity_cmd->add_flag("--full-sync", full_sync,
                                "disable people with an external id missing from the file");
  import_identity_cmd->add_flag("--dry-run", dry_run, "report what would change; change nothing");
  auto* import_types_cmd = import_cmd->add_subcommand(
      "incident-types",
      "load an incident type table (JSON {\"types\":[...]}) over the built-in one; all or nothing");
  std::string types_file;
  import_types_cmd->add_option("FILE", types_file, "a .json file")->required();
  CLI11_PARSE(cli, argc, argv);

  if (version_cmd->parsed()) {
    std::printf("fenghuo %s\n", std::string(fenghuo::version()).c_str());
    return 0;
  }
  auto config = load(config_path);
  if (!config->ok()) return fail(config->error());
  if (auto st = fenghuo::init_logging((*config)->log.level); !st.ok()) return fail(st.error());
  for (const auto& note : (*config)->retired_keys) spdlog::warn("configuration: {}", note);
  if (serve_cmd->parsed()) return serve(**config);
  if (migrate_cmd->parsed()) return migrate(**config);
  if (demo_cmd->parsed()) return demo_data(**config, demo_scale, demo_seed);
  if (user_add_cmd->parsed()) return user_add(**config, phone, name, org, roles);
  if (audit_verify_cmd->parsed()) return audit_verify(**config, audit_head_text);
  if (audit_head_cmd->parsed()) return audit_head(**config);
  if (cap_import_cmd->parsed()) return cap_import(**config, cap_files);
  if (simulate_cmd->parsed()) {
    return simulate(**config, simulate_rate, simulate_mqtt, simulate_http, simulate_token, simulate_seconds);
  }
  if (import_types_cmd->parsed()) return import_incident_types(**config, types_file);
  if (import_identity_cmd->parsed()) {
    return import_identity(**config, import_file, partial, full_sync, dry_run);
  }
  return 0;
}

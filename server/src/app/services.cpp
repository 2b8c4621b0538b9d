#include "app/services.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "db/migrate.h"
#include "identity/reference.h"

namespace fenghuo {

Services::~Services() = default;

Result<std::unique_ptr<Services>> Services::open(const Config& config,
                                                 std::shared_ptr<const Clock> clock) {
  auto s = std::make_unique<Services>();
  s->config = config;
  s->clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
  if (!audit::algorithm_supported(config.audit.hash)) {
    return Error::validation(
        "audit.hash", "audit.hash " + config.audit.hash + " is not available in this OpenSSL");
  }
  if (config.sms.gateway == "http" && config.sms.http_url.empty()) {
    return Error::validation("sms.http_url", "sms.gateway = \"http\" needs sms.http_url");
  }

  for (const auto& [key, file] : {std::pair{"sms.http_ca_file", config.sms.http_ca_file},
                                  std::pair{"alerts.feed_ca_file", config.alerts.feed_ca_file}}) {
    if (!file.empty() && !std::ifstream(file)) {
      return Error::validation(key, std::string(key) + ": cannot read " + file);
    }
  }

  auto db = db::open_database(
      {config.database.url, config.database.pool_size, config.database.busy_timeout_ms});
  if (!db.ok()) return std::move(db).error();
  s->db = std::move(db).value();
  auto migrated = db::migrate(*s->db, db::builtin_migrations(), *s->clock);
  if (!migrated.ok()) return std::move(migrated).error();

  auto audit_key = audit::load_key(audit_key_file(config), true);
  if (!audit_key.ok()) return std::move(audit_key).error();
  s->audit =
      std::make_unique<audit::Log>(*s->clock, config.audit.hash, std::move(audit_key).value());
  auto reference = identity::sync_reference_data(*s->db, config.region.province,
                                                 config.region.data_file, *s->clock, *s->audit);
  if (!reference.ok()) return std::move(reference).error();
  if (reference->bureaus_created > 0) {
    spdlog::info("reference data: {} regions, {} emergency management bureaus created",
                 reference->regions, reference->bureaus_created);
  }

  s->bus = std::make_unique<realtime::Bus>(s->db.get(), *s->clock);
  if (config.sms.gateway == "http") {
    identity::HttpGatewayOptions o;
    o.url = config.sms.http_url;
    o.ca_file = config.sms.http_ca_file;
    o.secret = config.sms.http_secret;
    o.body_template = config.sms.http_template;
    o.timeout = std::chrono::milliseconds(config.sms.timeout_ms);
    o.attempts = config.sms.attempts;
    s->sms = identity::make_http_gateway(std::move(o));
  } else {
    s->sms = std::make_unique<identity::OutboxGateway>(config.sms.outbox_path, *s->clock);
  }
  identity::AuthSettings auth;
  auth.session_idle_ms = std::int64_t{config.session.idle_timeout_min} * 60 * 1000;
  auth.session_lifetime_ms = std::int64_t{config.session.lifetime_h} * 3600 * 1000;
  auth.captcha_after = config.session.captcha_after;
  s->auth = std::make_unique<identity::AuthService>(*s->db, *s->clock, *s->audit, *s->sms, auth,
                                                    s->bus.get());
  s->directory =
      std::make_unique<identity::DirectoryService>(*s->db, *s->clock, *s->audit, *s->bus);
  s->importer = std::make_unique<identity::Importer>(*s->db, *s->directory);

  std::shared_ptr<const resources::Boundaries> boundaries;
  if (auto text = resources::builtin_boundaries(config.region.province); !text.empty()) {
    auto parsed = resources::Boundaries::parse(text);
    if (!parsed.ok()) return std::move(parsed).error();
    boundaries = std::move(parsed).value();
  }
  s->resources = std::make_unique<resources::ResourceService>(*s->db, *s->clock, *s->audit, *s->bus,
                                                              boundaries);
  s->notifier = std::make_unique<notify::Notifier>(*s->clock, *s->bus, *s->sms);
  s->alerts = std::make_unique<alerts::AlertService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, boundaries, config.region.province,
      std::int64_t{config.alerts.ack_timeout_min} * 60000);
  std::vector<alerts::FeedSource> feeds;
  for (std::size_t i = 0; i < config.alerts.feeds.size(); ++i) {
    const auto& f = config.alerts.feeds[i];
    for (const auto& r : f.regions) {
      if (!r.starts_with(config.region.province)) {
        return Error::validation("alerts.feeds",
                                 "alerts.feeds[" + std::to_string(i) + "].regions: " + r +
                                     " is outside the province " + config.region.province);
      }
    }
    feeds.push_back({f.url, f.regions});
  }
  alerts::FeedOptions feed_options;
  feed_options.timeout = std::chrono::seconds(config.alerts.feed_timeout_s);
  feed_options.interval_ms = std::int64_t{config.alerts.feed_interval_s} * 1000;
  feed_options.province = config.region.province;
  feed_options.ca_file = config.alerts.feed_ca_file;
  {
    std::istringstream words(config.alerts.feed_link_hosts);
    for (std::string host; words >> host;) {
      std::transform(host.begin(), host.end(), host.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      feed_options.link_hosts.push_back(host);
    }
    FENGHUO_ASSIGN(internal, parse_networks(config.alerts.feed_internal_networks,
                                            "alerts.feed_internal_networks"));
    feed_options.internal_networks = std::move(internal);
  }
  s->feeds =
      std::make_unique<alerts::FeedPoller>(*s->alerts, std::move(feeds), std::move(feed_options));

  s->files = std::make_unique<storage::FileStore>(
      *s->db, *s->clock, *s->audit, config.storage.path + "/files",
      std::int64_t{config.storage.max_file_mb} * 1024 * 1024);
  FENGHUO_ASSIGN(shifts, duty::DutyService::parse_shifts(config.duty.shifts, "duty.shifts"));
  s->duty =
      std::make_unique<duty::DutyService>(*s->db, *s->clock, *s->audit, *s->bus, std::move(shifts));
  FENGHUO_ASSIGN(rules, incidents::DeadlineRules::from_config(config));
  std::string grading_text;
  if (!config.reporting.grading_file.empty()) {
    std::ifstream in(config.reporting.grading_file, std::ios::binary);
    if (!in) {
      return Error::validation("reporting.grading_file",
                               "cannot read " + config.reporting.grading_file);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    grading_text = buffer.str();
  }
  auto grading = incidents::Grading::load(grading_text);
  if (!grading.ok()) {
    Error e = std::move(grading).error();
    return Error::validation("reporting.grading_file", e.message);
  }
  s->incidents = std::make_unique<incidents::IncidentService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, *s->files, std::move(grading).value(),
      rules, boundaries);
  FENGHUO_TRY(s->incidents->sync_types());
  s->faxes = std::make_unique<duty::FaxService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, *s->files,
      std::int64_t{config.duty.fax_remind_after_min} * 60000);
  // Who may read a file beyond the uploading organisation: readers of an incident that
  // attaches it, the sending and receiving organisations of a fax that carries it.
  s->files->add_read_grant(
      [incidents = s->incidents.get()](const Principal& by, std::int64_t file_id) {
        return incidents->attaches_visible(by, file_id);
      });
  s->files->add_read_grant([faxes = s->faxes.get()](const Principal& by, std::int64_t file_id) {
    return faxes->carries_visible(by, file_id);
  });
  s->monitoring = std::make_unique<monitoring::Monitoring>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->resources, *s->alerts, *s->incidents);
  FENGHUO_TRY(s->monitoring->load());
  s->analysis = std::make_unique<analysis::AnalysisService>(
      config.analysis, *s->db, *s->resources, *s->directory, *s->incidents, *s->alerts,
      *s->monitoring);
  // A new station (API or import) starts with the catalogue's metrics and rules.
  s->resources->on_created(
      [rules = &s->monitoring->rules()](db::Transaction& tx, const Principal& by,
                                        const resources::Resource& r) -> Status {
        if (r.kind != "station") return {};
        return rules->add_defaults(tx, by, r.id).status();
      });
  return s;
}

void Services::run_checks() {
  if (auto overdue = incidents->check_deadlines(); !overdue.ok()) {
    spdlog::warn("checking report due times failed: {}", overdue.error().message);
  } else if (*overdue > 0) {
    spdlog::info("{} reports or relays became overdue; duty leaders told", *overdue);
  }
  if (auto texted = incidents->remind_approvers(); !texted.ok()) {
    spdlog::warn("reminding approvers failed: {}", texted.error().message);
  }
  if (auto reminded = faxes->remind_unsigned(); !reminded.ok()) {
    spdlog::warn("checking unsigned faxes failed: {}", reminded.error().message);
  }
  if (auto expired = alerts->expire(); !expired.ok()) {
    spdlog::warn("expiring warnings failed: {}", expired.error().message);
  }
  feeds->poll_if_due(clock->now_ms());
  if (auto chased = alerts->chase(); !chased.ok()) {
    spdlog::warn("chasing unacknowledged warnings failed: {}", chased.error().message);
  }
  if (auto checked = monitoring->check(); !checked.ok()) {
    spdlog::warn("checking silent stations failed: {}", checked.error().message);
  }
  // Last: the text messages the checks above queued go out in the same round.
  if (auto sent = notifier->send_queued(*db); !sent.ok()) {
    spdlog::warn("sending queued text messages failed: {}", sent.error().message);
  }
}

}  // namespace fenghuo

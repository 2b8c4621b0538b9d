#include "app/services.h"

#include <spdlog/spdlog.h>

#include "db/migrate.h"
#include "identity/reference.h"

#include <fstream>
#include <sstream>

namespace fenghuo {

Services::~Services() = default;

Result<std::unique_ptr<Services>> Services::open(const Config& config,
                                                 std::shared_ptr<const Clock> clock) {
  auto s = std::make_unique<Services>();
  s->config = config;
  s->clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
  if (!audit::algorithm_supported(config.audit.hash)) {
    return Error::validation("audit.hash", "audit.hash " + config.audit.hash +
                                               " is not available in this OpenSSL");
  }
  if (config.sms.gateway == "http" && config.sms.http_url.empty()) {
    return Error::validation("sms.http_url", "sms.gateway = \"http\" needs sms.http_url");
  }

  auto db = db::open_database({config.database.url, config.database.pool_size,
                               config.database.busy_timeout_ms});
  if (!db.ok()) return std::move(db).error();
  s->db = std::move(db).value();
  auto migrated = db::migrate(*s->db, db::builtin_migrations(), *s->clock);
  if (!migrated.ok()) return std::move(migrated).error();

  s->audit = std::make_unique<audit::Log>(*s->clock, config.audit.hash);
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
  s->resources = std::make_unique<resources::ResourceService>(*s->db, *s->clock, *s->audit,
                                                              *s->bus, boundaries);
  s->notifier = std::make_unique<notify::Notifier>(*s->clock, *s->bus, *s->sms);
  s->alerts = std::make_unique<alerts::AlertService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, boundaries, config.region.province,
      std::int64_t{config.alerts.ack_timeout_min} * 60000);
  std::vector<std::string> feed_urls;
  {
    std::istringstream words(config.alerts.feeds);
    for (std::string url; words >> url;) {
      if (!url.starts_with("http://")) {
        return Error::validation("alerts.feeds", "alerts.feeds takes http:// URLs: " + url);
      }
      feed_urls.push_back(url);
    }
  }
  s->feeds = std::make_unique<alerts::FeedPoller>(
      *s->alerts, std::move(feed_urls), std::chrono::seconds(config.alerts.feed_timeout_s),
      std::int64_t{config.alerts.feed_interval_s} * 1000);

  s->files = std::make_unique<storage::FileStore>(
      *s->db, *s->clock, *s->audit, config.storage.path + "/files",
      std::int64_t{config.storage.max_file_mb} * 1024 * 1024);
  FENGHUO_ASSIGN(shifts, duty::DutyService::parse_shifts(config.duty.shifts, "duty.shifts"));
  s->duty = std::make_unique<duty::DutyService>(*s->db, *s->clock, *s->audit, *s->bus,
                                                std::move(shifts));
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
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, std::move(grading).value(), rules,
      boundaries);
  FENGHUO_TRY(s->incidents->sync_types());
  s->faxes = std::make_unique<duty::FaxService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->notifier, *s->files,
      std::int64_t{config.duty.fax_remind_after_min} * 60000);
  s->monitoring = std::make_unique<monitoring::MonitoringService>(
      *s->db, *s->clock, *s->audit, *s->bus, *s->alerts, *s->incidents);
  FENGHUO_TRY(s->monitoring->load());
  return s;
}

void Services::run_checks() {
  if (auto overdue = incidents->check_deadlines(); !overdue.ok()) {
    spdlog::warn("checking report due times failed: {}", overdue.error().message);
  } else if (*overdue > 0) {
    spdlog::info("{} reports or relays became overdue; duty leaders told", *overdue);
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

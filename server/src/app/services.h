#pragma once

#include <memory>

#include "alerts/feeds.h"
#include "analysis/service.h"
#include "alerts/service.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/database.h"
#include "identity/auth.h"
#include "identity/directory.h"
#include "identity/importer.h"
#include "identity/sms.h"
#include "realtime/bus.h"
#include "duty/fax.h"
#include "duty/service.h"
#include "incidents/service.h"
#include "monitoring/module.h"
#include "notify/notifier.h"
#include "resources/service.h"
#include "storage/files.h"

namespace fenghuo {

// Every service of the product over one database, without HTTP: what `fenghuo serve` puts
// behind its routes and what the other commands (user add, import, audit verify) call.
struct Services {
  // Opens the database, applies pending migrations and syncs the reference data (regions
  // and their emergency management bureaus).
  static Result<std::unique_ptr<Services>> open(const Config& config,
                                                std::shared_ptr<const Clock> clock = nullptr);
  ~Services();

  Config config;
  std::shared_ptr<const Clock> clock;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<realtime::Bus> bus;
  std::unique_ptr<audit::Log> audit;
  std::unique_ptr<identity::SmsGateway> sms;
  std::unique_ptr<identity::AuthService> auth;
  std::unique_ptr<identity::DirectoryService> directory;
  std::unique_ptr<identity::Importer> importer;
  std::unique_ptr<resources::ResourceService> resources;
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<storage::FileStore> files;
  std::unique_ptr<duty::DutyService> duty;
  std::unique_ptr<incidents::IncidentService> incidents;
  std::unique_ptr<duty::FaxService> faxes;
  std::unique_ptr<alerts::AlertService> alerts;
  std::unique_ptr<alerts::FeedPoller> feeds;
  std::unique_ptr<monitoring::Monitoring> monitoring;
  std::unique_ptr<analysis::AnalysisService> analysis;

  // The periodic duties: overdue reports and relays, unsigned faxes, expired warnings. Run on a
  // timer by serve.
  void run_checks();
};

}  // namespace fenghuo

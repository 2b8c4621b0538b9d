#pragma once

#include <memory>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/database.h"
#include "identity/auth.h"
#include "identity/directory.h"
#include "identity/importer.h"
#include "identity/sms.h"
#include "realtime/bus.h"
#include "resources/service.h"

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
};

}  // namespace fenghuo

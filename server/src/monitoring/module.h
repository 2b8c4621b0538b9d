#pragma once

#include "audit/audit.h"
#include "core/clock.h"
#include "db/database.h"
#include "monitoring/alarms.h"
#include "monitoring/directory.h"
#include "monitoring/ingest.h"
#include "monitoring/rulebook.h"
#include "monitoring/stations.h"
#include "realtime/bus.h"

namespace fenghuo::alerts {
class AlertService;
}
namespace fenghuo::incidents {
class IncidentService;
}
namespace fenghuo::resources {
class ResourceService;
}

namespace fenghuo::monitoring {

// The monitoring module's parts, wired together: the station directory, the rules, the
// alarms, the stations as people see them, and ingestion. Routes and the app talk to the
// parts; this runs what spans them (start, the timer's work).
class Monitoring {
 public:
  Monitoring(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
             const resources::ResourceService& resources, alerts::AlertService& alerts,
             incidents::IncidentService& incidents);

  // Readings' partitions and what arrived before a stop, then the stations and their rules.
  Status load();
  // The timer's work: partitions (daily), silence rules, the latest readings to the live pages.
  Status check();
  // Moves what arrived in the readings inbox into `readings` (about once a second).
  Status move_inbox() { return ingestion_.move_inbox(); }
  void flush_live() { ingestion_.flush_live(); }

  StationDirectory& directory() { return directory_; }
  RuleBook& rules() { return rules_; }
  AlarmService& alarms() { return alarms_; }
  StationService& stations() { return stations_; }
  Ingestion& ingestion() { return ingestion_; }
  const Clock& clock() const { return clock_; }

 private:
  const Clock& clock_;
  StationDirectory directory_;
  RuleBook rules_;
  AlarmService alarms_;
  StationService stations_;
  Ingestion ingestion_;
};

}  // namespace fenghuo::monitoring

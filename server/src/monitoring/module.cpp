#include "monitoring/module.h"

namespace fenghuo::monitoring {

namespace {
constexpr std::int64_t kPartitionsEveryMs = 24 * 3600000;
}  // namespace

Monitoring::Monitoring(db::Database& db, const Clock& clock, const audit::Log& audit,
                       realtime::Bus& bus, const resources::ResourceService& resources,
                       alerts::AlertService& alerts, incidents::IncidentService& incidents)
    : clock_(clock),
      directory_(db, clock, bus, resources),
      rules_(db, clock, audit, bus, directory_, resources),
      alarms_(db, clock, audit, bus, directory_, rules_, alerts, incidents),
      stations_(db, clock, directory_, rules_),
      ingestion_(db, clock, bus, directory_, rules_, alarms_) {}

Status Monitoring::load() {
  FENGHUO_TRY(ingestion_.ensure_partitions());
  FENGHUO_TRY(ingestion_.move_inbox());  // what arrived before a stop
  FENGHUO_TRY(directory_.reload());
  return rules_.load();
}

Status Monitoring::check() {
  if (clock_.now_ms() - ingestion_.partitions_at() >= kPartitionsEveryMs) {
    FENGHUO_TRY(ingestion_.ensure_partitions());
  }
  FENGHUO_TRY(rules_.evaluate(
      [&](RuleEngine& engine, std::vector<Transition>& changes) {
        engine.check_silence(clock_.now_ms(), changes);
      },
      [&](const std::vector<Transition>& changes) { return alarms_.apply(changes); }));
  flush_live();
  return {};
}

}  // namespace fenghuo::monitoring

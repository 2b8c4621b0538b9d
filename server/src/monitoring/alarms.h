#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "monitoring/directory.h"
#include "monitoring/model.h"
#include "monitoring/rulebook.h"
#include "realtime/bus.h"

namespace fenghuo::alerts {
class AlertService;
}
namespace fenghuo::incidents {
class IncidentService;
}

namespace fenghuo::monitoring {

// Alarms: what the rules raise, folded per station, metric and rule while open (repeats count
// up); acknowledged and closed by people; turned into a warning or an incident. Seen by
// jurisdiction; every change is announced on "monitoring/{theme}". Thread-safe.
class AlarmService {
 public:
  AlarmService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
               StationDirectory& stations, const RuleBook& rules, alerts::AlertService& alerts,
               incidents::IncidentService& incidents);

  // Opens, raises, folds and clears alarms as the rules changed, in one transaction.
  Status apply(const std::vector<Transition>& changes);

  Result<Page<Alarm>> list(const Principal& by, const AlarmQuery& q);
  Result<Alarm> get(const Principal& by, std::int64_t id);
  Result<Alarm> acknowledge(const Principal& by, std::int64_t id);
  // `in` is {"reason"}.
  Result<Alarm> close(const Principal& by, std::int64_t id, const boost::json::object& in);
  // A manual warning of the alarm's level for the station's county, linked to the alarm.
  Result<std::pair<Alarm, boost::json::object>> to_warning(const Principal& by, std::int64_t id);
  // An incident intake of the theme's type at the station, occurred when the alarm opened unless
  // `edits` says otherwise ({"occurred_at"}, validated as an intake's). The incident records the
  // alarm (source_alarm_id) and the alarm the incident (incident_id) in one transaction; 409 when
  // the alarm became an incident already.
  Result<std::pair<Alarm, boost::json::object>> to_incident(const Principal& by, std::int64_t id,
                                                            const boost::json::object& edits = {});

  boost::json::object to_json(const Alarm& a) const;

 private:
  Status apply_in(db::Transaction& tx, const Transition& t, std::int64_t now);
  void announce(db::Transaction& tx, const Alarm& a);
  // An alarm to be handed on as a warning or an incident (`linked`: its link to one).
  struct Handover;
  Result<Handover> handover(const Principal& by, std::int64_t id, const char* what,
                            std::optional<std::int64_t> Alarm::*linked);
  Result<Alarm> update(const Principal& by, std::int64_t id, const char* action,
                       const std::function<Status(db::Transaction&, Alarm&)>& change);
  // The alarm as `action` left it, audited and announced inside `tx`.
  Result<Alarm> changed(db::Transaction& tx, const Principal& by, std::int64_t id,
                        const char* action);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  StationDirectory& stations_;
  const RuleBook& rules_;
  alerts::AlertService& alerts_;
  incidents::IncidentService& incidents_;
};

}  // namespace fenghuo::monitoring

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/database.h"
#include "incidents/grading.h"
#include "incidents/model.h"
#include "incidents/types.h"
#include "notify/notifier.h"
#include "realtime/bus.h"
#include "resources/boundaries.h"

namespace fenghuo::incidents {

// Reporting time limits in minutes, per level (index 0 = I .. 3 = IV).
struct DeadlineRules {
  int first_report[4] = {60, 60, 60, 60};
  int update_interval[4] = {720, 720, 1440, 1440};
  int relay_minutes = 120;
  // Parses "I=60,II=60,III=60,IV=60" into `minutes` (errors name `key`).
  static Status parse_levels(std::string_view text, int (&minutes)[4], const std::string& key);
};

struct TimelineEntry {
  std::int64_t at = 0;
  std::string actor, org_name, action, detail;
};

struct LevelChange {
  std::string level, reason, source;
  std::int64_t at = 0;
  std::string by;
};

struct Intake {
  std::int64_t at = 0;
  std::string by, reporting_unit, reporter_name, reporter_phone, description;
  std::optional<std::int64_t> from_incident;
};

struct IncidentDetail {
  Incident incident;
  std::vector<LevelChange> levels;
  std::vector<Intake> intakes;
};

struct IncidentQuery {
  std::string region;
  std::string status, level, type, text;
  std::optional<bool> drill;
  std::optional<std::int64_t> from, to;  // occurred_at
  std::int64_t limit = 50, offset = 0;
};

struct ReportBoxQuery {
  std::string box;  // drafts | approval | outbox | inbox | overdue | due_soon
  std::string region;
  std::int64_t limit = 50, offset = 0;
};

// Incidents (信息接报) and their reports (信息报送): intake, level by the grading tables,
// states, merging, the report workflow inside an organisation and up the chain, due times
// and overdue notices. Incidents are seen by jurisdiction; a report by its own organisation
// and by the organisations it was delivered to. Every write is audited, put on the incident's
// timeline and announced (topics "incidents", "reports").
class IncidentService {
 public:
  IncidentService(db::Database& db, const Clock& clock, const audit::Log& audit,
                  realtime::Bus& bus, notify::Notifier& notifier, Grading grading,
                  DeadlineRules rules,
                  std::shared_ptr<const resources::Boundaries> boundaries = nullptr);
  ~IncidentService();

  // Adds the built-in incident types the database lacks.
  Status sync_types();
  Result<std::vector<IncidentType>> types();
  // Loads a type table over the stored one (see import_types in types.h); audited.
  Result<int> import_types(const Principal& by, std::string_view json);
  const Grading& grading() const { return grading_; }
  std::int64_t now_ms() const { return clock_.now_ms(); }

  Result<Incident> create(const Principal& by, const boost::json::object& in);
  Result<IncidentDetail> get(const Principal& by, std::int64_t id);
  Result<std::pair<std::vector<Incident>, std::int64_t>> list(const Principal& by,
                                                              const IncidentQuery& q);
  Result<Incident> update(const Principal& by, std::int64_t id, const boost::json::object& in);
  Result<Incident> set_level(const Principal& by, std::int64_t id, const std::string& level,
                             const std::string& reason, std::int64_t version);
  Result<Incident> set_status(const Principal& by, std::int64_t id, const std::string& status,
                              const std::string& note, std::int64_t version);
  // Marks `id` a duplicate of `into`: its intake moves to `into`, which survives.
  Result<Incident> merge(const Principal& by, std::int64_t id, std::int64_t into,
                         std::int64_t version);
  Result<std::vector<TimelineEntry>> timeline(const Principal& by, std::int64_t id);
  // An attachment of an incident the caller may see: the file id, checked.
  Status check_attachment(const Principal& by, std::int64_t incident_id, std::int64_t file_id);

  // Whether the caller may see the incident / the report (404 otherwise). Routes check this
  // before reading their body, so that nothing about a record outside is revealed.
  Status check_incident(const Principal& by, std::int64_t id);
  Status check_report(const Principal& by, std::int64_t id);

  // Reports.
  Result<std::vector<Report>> reports_of(const Principal& by, std::int64_t incident_id);
  Result<Report> create_report(const Principal& by, std::int64_t incident_id,
                               const std::string& kind);
  Result<Report> report(const Principal& by, std::int64_t id);
  Result<Report> update_report(const Principal& by, std::int64_t id,
                               const boost::json::object& in);
  Result<Report> submit(const Principal& by, std::int64_t id, std::int64_t version);
  Result<Report> approve(const Principal& by, std::int64_t id, std::int64_t version,
                         const std::string& comment);
  Result<Report> return_report(const Principal& by, std::int64_t id, std::int64_t version,
                               const std::string& comment);
  // Sends an approved report of the caller's organisation, or passes on one it received
  // and signed, to `to` (default: the parent organisation).
  Result<Report> send(const Principal& by, std::int64_t id, std::int64_t version,
                      std::vector<std::int64_t> to, const std::string& kind);
  Result<Report> sign(const Principal& by, std::int64_t id);
  Result<std::pair<std::vector<Report>, std::int64_t>> box(const Principal& by,
                                                           const ReportBoxQuery& q);
  // Open incidents and unsent reports of an organisation (handover, home page).
  Result<std::vector<Incident>> open_incidents(const Principal& by);

  // Marks reports and relays that passed their due time, tells the duty leader in the app
  // and by SMS (once per item). Answers how many items became overdue. Run on a timer.
  Result<int> check_deadlines();

  struct Counts {
    std::int64_t total = 0;
    std::int64_t by_level[4] = {0, 0, 0, 0};
    std::vector<std::tuple<std::string, std::string, std::int64_t>> by_type;    // code, name, n
    std::vector<std::tuple<std::string, std::string, std::int64_t>> by_region;  // code, name, n
  };
  // Real (not drill) incidents that occurred in [from, to) within the caller's jurisdiction.
  Result<Counts> counts(const Principal& by, const std::string& region, std::int64_t from,
                        std::int64_t to);

 private:
  struct Loaded;
  Result<Incident> load_visible(db::Connection& c, const Principal& by, std::int64_t id);
  Result<Report> load_report(db::Connection& c, const Principal& by, std::int64_t id);
  Status record(db::Transaction& tx, const Principal& by, const Incident& x,
                const std::string& action, const std::string& detail);
  void announce(db::Transaction& tx, const Incident& x, const char* event);
  void announce_report(db::Transaction& tx, const Report& r, const char* event);
  Result<Report> draft_report(db::Transaction& tx, const Principal& by, const Incident& x,
                              const std::string& kind, std::optional<std::int64_t> due_at);
  Result<Report> transition(const Principal& by, std::int64_t id, std::int64_t version,
                            const std::string& from_status, const std::string& to_status,
                            const std::string& action, const std::string& comment);
  Status regrade(Incident& x);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  notify::Notifier& notifier_;
  Grading grading_;
  DeadlineRules rules_;
  std::shared_ptr<const resources::Boundaries> boundaries_;  // where a place may lie
};

}  // namespace fenghuo::incidents

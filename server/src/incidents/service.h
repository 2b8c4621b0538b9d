#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "incidents/grading.h"
#include "incidents/model.h"
#include "incidents/types.h"
#include "notify/notifier.h"
#include "realtime/bus.h"
#include "resources/boundaries.h"

namespace fenghuo::storage {
class FileStore;
}

namespace fenghuo::incidents {

// Reporting time limits in minutes, per level (index 0 = I .. 3 = IV); 0 where none is due.
// Defaults: DOMAIN.md and GRADING §6a (重特大: by phone within 30 minutes, in writing within
// the hour, 国务院应急办 2015); production accidents pass up within 2 hours a step.
struct DeadlineRules {
  using Levels = std::array<int, 4>;
  Levels first_report = {60, 60, 60, 60};
  Levels update_interval = {720, 720, 1440, 1440};
  Levels phone_report = {30, 30, 0, 0};
  // A bureau passes a received report on up within these minutes, by report kind (phone,
  // first, update, final, supplement) and level.
  std::map<std::string, Levels, std::less<>> relay = {{"phone", {30, 30, 0, 0}},
                                                      {"first", {60, 60, 120, 120}},
                                                      {"update", {60, 60, 120, 120}},
                                                      {"final", {60, 60, 120, 120}},
                                                      {"supplement", {60, 60, 120, 120}}};
  // 补报 window in days by type code, which holds for its subtypes too; "*" for the rest.
  std::map<std::string, int, std::less<>> supplement_days = {{"A07", 7}, {"A08", 7}, {"*", 30}};
  // A report waiting this long for approval is texted to the duty leader (once).
  int approval_sms_after_min = 15;

  // Minutes within which a received report of `kind` goes on up at level `rank` (1..4); 0: not.
  int relay_minutes(std::string_view kind, int rank) const;
  // Parses "I=60,II=60,III=60,IV=60" (errors name `key`). With `every_level`, each level must
  // be named; otherwise the levels not named are 0 (nothing due).
  static Status parse_levels(std::string_view text, Levels& minutes, const std::string& key,
                             bool every_level = true);
  // Parses "A07=7,A08=7,*=30" (days, 1..365; "*" required).
  static Status parse_days(std::string_view text, std::map<std::string, int, std::less<>>& days,
                           const std::string& key);
  // The rules of the [reporting] keys; errors name the key. The replaced relay_minutes still
  // works: it sets the written relay time of 较大 and 一般, and of 重特大 where it is shorter
  // than the national hour; given together with relay it is refused.
  static Result<DeadlineRules> from_config(const Config& config);
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

// Where an intake comes from when another module makes it (monitoring's 转事件): the alarm the
// incident records as its source, and what that module writes in the same transaction once the
// incident exists (the alarm's link to it); an error there undoes the intake. The caller has
// checked that `by` may read the alarm.
struct Origin {
  std::optional<std::int64_t> alarm_id;
  std::function<Status(db::Transaction&, const Incident&)> link;
};

struct ReportBoxQuery {
  std::string box;  // drafts | approval | outbox | inbox | unsigned | overdue | due_soon
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
  // `files` answers whether the caller may read a file they attach (storage's read rule).
  IncidentService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
                  notify::Notifier& notifier, storage::FileStore& files, Grading grading,
                  DeadlineRules rules,
                  std::shared_ptr<const resources::Boundaries> boundaries = nullptr);
  ~IncidentService();

  // Adds the built-in incident types the database lacks.
  Status sync_types();
  Result<std::vector<IncidentType>> types();
  // Loads a type table over the stored one (see import_types in types.h); audited.
  Result<int> import_types(const Principal& by, std::string_view json);
  const Grading& grading() const { return grading_; }
  // The rule behind a level the rules set (level_source "rules"), in parts for pages to word in
  // their language; nullopt for a level set by hand, or when the tables now say otherwise.
  std::optional<Grade> rule_grade(const Incident& x) const;
  std::int64_t now_ms() const { return clock_.now_ms(); }

  Result<Incident> create(const Principal& by, const boost::json::object& in,
                          const Origin& origin = {});
  Result<IncidentDetail> get(const Principal& by, std::int64_t id);
  Result<Page<Incident>> list(const Principal& by, const IncidentQuery& q);
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
  // Storage's read grant: whether an incident the caller may see (and the incidents.read
  // permission) attaches file `file_id`.
  Result<bool> attaches_visible(const Principal& by, std::int64_t file_id);

  // Whether the caller may see the incident / the report (404 otherwise). Routes check this
  // before reading their body, so that nothing about a record outside is revealed.
  Status check_incident(const Principal& by, std::int64_t id);
  Status check_report(const Principal& by, std::int64_t id);

  // Reports.
  Result<std::vector<Report>> reports_of(const Principal& by, std::int64_t incident_id);
  Result<Report> create_report(const Principal& by, std::int64_t incident_id,
                               const std::string& kind);
  Result<Report> report(const Principal& by, std::int64_t id);
  Result<Report> update_report(const Principal& by, std::int64_t id, const boost::json::object& in);
  Result<Report> submit(const Principal& by, std::int64_t id, std::int64_t version);
  Result<Report> approve(const Principal& by, std::int64_t id, std::int64_t version,
                         const std::string& comment);
  Result<Report> return_report(const Principal& by, std::int64_t id, std::int64_t version,
                               const std::string& comment);
  // 撤回: the drafting duty room takes a submitted report back to a draft before it is
  // approved (409 once approved); the leaders' 待审核 notices are settled. Audited.
  Result<Report> withdraw(const Principal& by, std::int64_t id, std::int64_t version);
  // 批准并上报: approve and send up (see send) in one transaction: both or neither, audited as
  // report.approve and report.send. The caller needs incidents.write besides incidents.approve.
  Result<Report> approve_and_send(const Principal& by, std::int64_t id, std::int64_t version,
                                  const std::string& comment, std::vector<std::int64_t> to);
  // The approver corrects the text fields of a report awaiting approval (content: unit,
  // occurred_at, place, summary, measures, other, reporter_name, reporter_phone); each changed
  // field is kept (who, when, old, new) and the report stays pending. 409 when it does not
  // await approval; 400 naming a field that is not text.
  Result<Report> correct(const Principal& by, std::int64_t id, const boost::json::object& in);
  // Sends an approved report of the caller's organisation, or passes on one it received
  // and signed, to `to` (default: the parent organisation). Sent up ("up"), `to` holds
  // organisations above the caller's: past the direct superior (越级上报, flagged on the
  // delivery, audited as report.skip_level) only for 重大 and 特别重大 incidents and those
  // reported at once; 400 ("to") otherwise.
  Result<Report> send(const Principal& by, std::int64_t id, std::int64_t version,
                      std::vector<std::int64_t> to, const std::string& kind);
  Result<Report> sign(const Principal& by, std::int64_t id);
  Result<Page<Report>> box(const Principal& by, const ReportBoxQuery& q);
  // Open incidents and unsent reports of an organisation (handover, home page).
  Result<std::vector<Incident>> open_incidents(const Principal& by);

  // Marks reports and relays that passed their due time, tells the duty leader in the app
  // and by SMS (once per item). Answers how many items became overdue. Run on a timer.
  Result<int> check_deadlines();
  // Texts the duty leaders of each report that has waited for approval longer than
  // approval_sms_after_min (once per submission). Answers how many reports. Run on a timer.
  Result<int> remind_approvers();

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
  Status tell_who_acts_next(db::Transaction& tx, const Principal& by, const Report& r,
                            const Incident& x, const std::string& action, std::int64_t now);
  // A draft of `org_id` (0: the caller's organisation).
  Result<Report> draft_report(db::Transaction& tx, const Principal& by, const Incident& x,
                              const std::string& kind, std::optional<std::int64_t> due_at,
                              std::int64_t org_id = 0);
  // The incident now falls under stricter time limits (a raised level, a fire to report at
  // once, or an intake at a level with a phone report): the owning organisation's phone and
  // written reports fall due on the new limits from now (drafted when none is open), bureaus
  // holding its reports pass them on up on the new limits, and all of them are told at once
  // (in the app and by SMS). `why` goes on the timeline and into the notices.
  Status escalate(db::Transaction& tx, const Principal& by, const Incident& x,
                  const std::string& why);
  Result<Report> transition(const Principal& by, std::int64_t id, std::int64_t version,
                            const std::string& from_status, const std::string& to_status,
                            const std::string& action, const std::string& comment);
  Status move_report(db::Transaction& tx, const Principal& by, std::int64_t id,
                     std::int64_t version, const std::string& from_status,
                     const std::string& to_status, const std::string& action,
                     const std::string& comment, std::int64_t now);
  Status send_in(db::Transaction& tx, const Principal& by, std::int64_t id, std::int64_t version,
                 std::vector<std::int64_t> to, const std::string& kind, std::int64_t now);
  Status regrade(Incident& x);
  // Refuses (400 "attachments") a file in `ids` the caller may not read, unless `attached`
  // (what the incident holds already) has it. Outside any database read.
  Status check_attachable(const Principal& by, const std::vector<std::int64_t>& ids,
                          const std::vector<Attachment>& attached);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  notify::Notifier& notifier_;
  storage::FileStore& files_;
  Grading grading_;
  DeadlineRules rules_;
  std::shared_ptr<const resources::Boundaries> boundaries_;  // where a place may lie
};

// For other modules, inside their own read or transaction `c`: the region of incident `id`
// (nullopt when there is none). No jurisdiction rule is applied: the caller applies its own.
Result<std::optional<std::string>> incident_region(db::Connection& c, std::int64_t id);

}  // namespace fenghuo::incidents

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "incidents/model.h"
#include "incidents/service.h"

// SQL of the incidents module.
namespace fenghuo::incidents::store {

Result<std::int64_t> insert_incident(db::Connection& c, const Incident& x);
// Writes x where its id and `expected_version` match; kConflict when stale.
Status update_incident(db::Connection& c, const Incident& x, std::int64_t expected_version);
Result<Incident> find_incident(db::Connection& c, std::int64_t id);  // kNotFound
Result<Page<Incident>> list_incidents(db::Connection& c, const std::string& region_pattern,
                                      const IncidentQuery& q);
Result<bool> org_received_incident(db::Connection& c, std::int64_t incident_id,
                                   std::int64_t org_id);

Status insert_level(db::Connection& c, std::int64_t incident_id, const LevelChange& l);
Result<std::vector<LevelChange>> levels_of(db::Connection& c, std::int64_t incident_id);
Status insert_intake(db::Connection& c, std::int64_t incident_id, const Intake& i);
Result<std::vector<Intake>> intakes_of(db::Connection& c, std::int64_t incident_id);
Status move_intakes(db::Connection& c, std::int64_t from, std::int64_t into);
Status insert_event(db::Connection& c, std::int64_t incident_id, const TimelineEntry& e);
Result<std::vector<TimelineEntry>> events_of(db::Connection& c, std::int64_t incident_id);

Result<std::vector<Attachment>> files(db::Connection& c, const std::vector<std::int64_t>& ids);
// The incidents whose attachments include file `file_id`.
Result<std::vector<std::int64_t>> incidents_attaching(db::Connection& c, std::int64_t file_id);

Result<std::int64_t> insert_report(db::Connection& c, const Report& r);
Status update_report(db::Connection& c, const Report& r, std::int64_t expected_version);
Result<Report> find_report(db::Connection& c, std::int64_t id);  // with comments, deliveries
Result<std::vector<Report>> reports_of(db::Connection& c, std::int64_t incident_id);
Result<std::int64_t> next_seq(db::Connection& c, std::int64_t incident_id, std::int64_t org_id,
                              const std::string& kind);
Status insert_comment(db::Connection& c, std::int64_t report_id, const Comment& comment);
Status insert_delivery(db::Connection& c, std::int64_t report_id, const Delivery& d);
Status insert_correction(db::Connection& c, std::int64_t report_id, const Correction& x);
// Sets when the report went to approval (nullopt: it no longer waits); its approver may be
// texted again when it waits too long.
Status mark_submitted(db::Connection& c, std::int64_t report_id, std::optional<std::int64_t> at);
// Reports waiting for approval since `submitted_before` or earlier whose duty leader was not
// texted about it yet, at most 200.
struct AwaitingApproval {
  std::int64_t report_id = 0, org_id = 0, incident_id = 0;
  std::string incident_title, region, kind;
  std::int64_t seq = 1;
  std::optional<std::int64_t> due_at;
};
Result<std::vector<AwaitingApproval>> awaiting_approval(db::Connection& c,
                                                        std::int64_t submitted_before);
// False when it was texted already or no longer waits.
Result<bool> mark_approval_texted(db::Connection& c, std::int64_t report_id, std::int64_t now);
// Signs the org's delivery; false when it had none or it was signed already.
Result<bool> sign_delivery(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                           std::int64_t at, const std::string& by);
Status mark_relayed(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                    std::int64_t at);

// Moves an unsent report's due time (a raised level); it may be told of again when late.
Status set_report_due(db::Connection& c, std::int64_t report_id, std::int64_t due_at,
                      std::int64_t now);
// Reports of an incident sent up to an organisation that has not passed them on yet.
struct PendingRelay {
  std::int64_t report_id = 0;
  std::string report_kind;
  std::int64_t org_id = 0;  // the recipient
  std::optional<std::int64_t> relay_due_at;
};
Result<std::vector<PendingRelay>> pending_relays(db::Connection& c, std::int64_t incident_id);
Status set_relay_due(db::Connection& c, std::int64_t report_id, std::int64_t org_id,
                     std::int64_t due_at);

struct BoxFilter {
  std::string box;
  std::int64_t org_id = 0;
  std::string region_pattern;
  std::int64_t now = 0;
  std::int64_t limit = 50, offset = 0;
};
Result<Page<Report>> box(db::Connection& c, const BoxFilter& f);

struct Overdue {
  std::int64_t report_id = 0;
  std::int64_t org_id = 0;  // whose item is late
  std::int64_t incident_id = 0;
  std::string incident_title, region, kind;
  std::int64_t due_at = 0;
  bool relay = false;  // a received report not passed on in time
};
// Overdue items not yet notified, at most 200.
Result<std::vector<Overdue>> overdue_unnotified(db::Connection& c, std::int64_t now);
// False when another process noticed it first.
Result<bool> mark_notified(db::Connection& c, const Overdue& o, std::int64_t now);

// Organisations, read through identity (see identity/directory.h).
Result<std::optional<std::int64_t>> parent_org(db::Connection& c, std::int64_t org_id);
struct OrgRow {
  std::int64_t id = 0;
  std::string name, region, type;
  std::optional<std::int64_t> parent_id;
};
Result<OrgRow> org(db::Connection& c, std::int64_t org_id);  // kNotFound

}  // namespace fenghuo::incidents::store

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "db/database.h"
#include "duty/model.h"

// SQL of the duty module (rosters, the duty log, handovers, e-faxes): named statements,
// bound parameters, nothing else. Rows carry ids; the service resolves people and
// organisations through identity. Organisation names and regions beside an id come from
// read-only JOINs.
namespace fenghuo::duty::store {

// ---- shift settings ---------------------------------------------------------------------
struct StoredSettings {
  std::string shifts_json;
  std::int64_t version = 0;
};
Result<std::optional<StoredSettings>> find_settings(db::Connection& c, std::int64_t org_id);
Status insert_settings(db::Connection& c, std::int64_t org_id, const std::string& shifts_json);
Status update_settings(db::Connection& c, std::int64_t org_id, const std::string& shifts_json);

// ---- shifts -----------------------------------------------------------------------------
struct ShiftRow {
  std::int64_t id = 0, org_id = 0;
  std::string date, shift_code;
  std::int64_t starts_at = 0, ends_at = 0;
  std::optional<std::int64_t> leader_id;
  std::vector<std::int64_t> officer_ids;
  std::string note;
  std::int64_t version = 1;
};
// A shift being on duty, with its organisation's name and region.
struct OnDutyRow {
  ShiftRow shift;
  std::string org_name, region;
};
struct ShiftVersion {
  std::int64_t id = 0, version = 0;
};

// The shifts of `org_id` on days starting with `month` (YYYY-MM), by day and start.
Result<std::vector<ShiftRow>> list_shifts(db::Connection& c, std::int64_t org_id,
                                          const std::string& month);
Result<std::optional<ShiftRow>> find_shift(db::Connection& c, std::int64_t id);
Result<std::optional<ShiftVersion>> find_shift_version(db::Connection& c, std::int64_t org_id,
                                                       const std::string& date,
                                                       const std::string& shift_code);
// Stores a new shift (its id and version are not read), changed `now` by `by`.
Result<std::int64_t> insert_shift(db::Connection& c, const ShiftRow& s, std::int64_t now,
                                  const std::string& by);
// Changes times, people and note of shift `s.id` if it is still at `s.version` (and counts the
// version up).
Status update_shift(db::Connection& c, const ShiftRow& s, std::int64_t now, const std::string& by);
// Deletes the shift; its log entries keep their text but no longer name it.
Status delete_shift(db::Connection& c, std::int64_t id);
// The latest shift of `org_id` under way at `at`.
Result<std::optional<std::int64_t>> shift_at(db::Connection& c, std::int64_t org_id,
                                             std::int64_t at);
// Shifts under way at `now` of the organisations in `region_pattern`, by region and
// organisation (at most 500).
Result<std::vector<OnDutyRow>> on_duty(db::Connection& c, const std::string& region_pattern,
                                       std::int64_t now);

// ---- duty log ---------------------------------------------------------------------------
// Stores entry `e` (its id is not read), written by user `author_id` (named e.author).
Result<std::int64_t> insert_log(db::Connection& c, const LogEntry& e, std::int64_t author_id,
                                std::int64_t created_at);
// Entries of `org_id` with from <= at < to, newest first.
Result<Page<LogEntry>> list_log(db::Connection& c, std::int64_t org_id, std::int64_t from,
                                std::int64_t to, std::int64_t limit, std::int64_t offset);

// ---- handovers --------------------------------------------------------------------------
struct HandoverRow {
  std::int64_t id = 0, org_id = 0, from_user_id = 0, to_user_id = 0;
  std::string notes, snapshot_json;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> accepted_at;
};
Result<std::int64_t> insert_handover(db::Connection& c, const HandoverRow& h);
Result<std::optional<HandoverRow>> find_handover(db::Connection& c, std::int64_t id);
// Signs a handover not signed yet (no change when it was).
Status accept_handover(db::Connection& c, std::int64_t id, std::int64_t at);
// Handovers of `org_id`, newest first.
Result<Page<HandoverRow>> list_handovers(db::Connection& c, std::int64_t org_id, std::int64_t limit,
                                         std::int64_t offset);

// ---- faxes ------------------------------------------------------------------------------
struct FaxRow {
  std::int64_t id = 0;
  std::string title, urgency, note;
  std::int64_t file_id = 0;
  std::int64_t from_org_id = 0;
  std::string from_org_name, sent_by;
  std::int64_t sent_at = 0;
  bool sender_archived = false;
};
// A recipient that has neither signed nor been reminded.
struct DueReminder {
  std::int64_t fax_id = 0, org_id = 0;
  std::string title, urgency, region;
};

Result<std::int64_t> insert_fax(db::Connection& c, const FaxRow& f);
Status insert_fax_recipient(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                            std::int64_t delivered_at);
Result<std::optional<FaxRow>> find_fax(db::Connection& c, std::int64_t id);
// The recipients of a fax, by region and organisation.
Result<std::vector<FaxRecipient>> fax_recipients(db::Connection& c, std::int64_t fax_id);
// Ids of the faxes `org_id` sent (box "sent") or received, archived or not, with `text` in
// the title or the sender's name: newest first, received ones not signed before the others.
Result<Page<std::int64_t>> list_sent_faxes(db::Connection& c, std::int64_t org_id, bool archived,
                                           const std::string& text, std::int64_t limit,
                                           std::int64_t offset);
Result<Page<std::int64_t>> list_received_faxes(db::Connection& c, std::int64_t org_id,
                                               bool archived, const std::string& text,
                                               std::int64_t limit, std::int64_t offset);
// Ids of the faxes `org_id` has not signed for, oldest delivery first (at most 200).
Result<std::vector<std::int64_t>> unsigned_faxes(db::Connection& c, std::int64_t org_id);
// Whether a fax sent by or to `org_id` carries file `file_id`.
Result<bool> fax_carries(db::Connection& c, std::int64_t file_id, std::int64_t org_id);
// Records the first read by `org_id`; answers whether this was it.
Result<bool> mark_fax_read(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                           std::int64_t at);
// Signs for `org_id` (read too, if not yet); answers whether it was not signed before.
Result<bool> sign_fax(db::Connection& c, std::int64_t fax_id, std::int64_t org_id, std::int64_t at,
                      const std::string& by);
Status archive_sent_fax(db::Connection& c, std::int64_t fax_id, bool archived);
Status archive_received_fax(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                            bool archived);
// Recipients delivered before `before` that neither signed nor were reminded (at most 200).
Result<std::vector<DueReminder>> due_reminders(db::Connection& c, std::int64_t before);
// Records the reminder; answers whether it is the first.
Result<bool> mark_reminded(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                           std::int64_t at);

}  // namespace fenghuo::duty::store

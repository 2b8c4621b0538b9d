#include "duty/store.h"

#include <boost/json.hpp>

#include "db/query.h"

namespace fenghuo::duty::store {
namespace {

using db::Param;

Param opt(const std::optional<std::int64_t>& v) { return v ? Param(*v) : Param(nullptr); }
Param flag(bool b) { return std::int64_t{b ? 1 : 0}; }

std::int64_t first_i64(const db::Rows& r, std::size_t i) { return r.i64(i, 0); }

// Officers are stored as a JSON array of user ids.
std::string ids_json(const std::vector<std::int64_t>& ids) {
  boost::json::array out;
  for (auto id : ids) out.push_back(id);
  return boost::json::serialize(out);
}
std::vector<std::int64_t> ids_of(const std::string& text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& id : v.as_array()) {
    if (id.is_int64()) out.push_back(id.as_int64());
  }
  return out;
}

Result<std::int64_t> count_of(db::Connection& c, std::string_view sql, std::span<const Param> p) {
  FENGHUO_ASSIGN(rows, c.query(sql, p));
  return rows.i64(0, 0);
}

// ---- shift settings ---------------------------------------------------------------------
constexpr std::string_view kFindSettings =
    "SELECT shifts_json, version FROM duty_settings WHERE org_id = $1";
constexpr std::string_view kInsertSettings =
    "INSERT INTO duty_settings (org_id, shifts_json, version) VALUES ($1, $2, 1)";
constexpr std::string_view kUpdateSettings =
    "UPDATE duty_settings SET shifts_json = $2, version = version + 1 WHERE org_id = $1";

// ---- shifts -----------------------------------------------------------------------------
constexpr std::string_view kShiftColumns =
    "SELECT s.id, s.org_id, s.day, s.shift_code, s.starts_at, s.ends_at, s.leader_id, "
    "s.officer_ids_json, s.note, s.version ";
constexpr std::string_view kShiftsOfMonth =
    "FROM duty_shifts s WHERE s.org_id = $1 AND s.day LIKE $2 ORDER BY s.day, s.starts_at";
constexpr std::string_view kShiftById = "FROM duty_shifts s WHERE s.id = $1";
constexpr std::string_view kShiftVersion =
    "SELECT id, version FROM duty_shifts WHERE org_id = $1 AND day = $2 AND shift_code = $3";
constexpr std::string_view kInsertShift =
    "INSERT INTO duty_shifts (org_id, day, shift_code, starts_at, ends_at, leader_id, "
    "officer_ids_json, note, updated_at, updated_by, version) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, $8, $9, $10, 1) RETURNING id";
constexpr std::string_view kUpdateShift =
    "UPDATE duty_shifts SET starts_at = $2, ends_at = $3, leader_id = $4, "
    "officer_ids_json = $5, note = $6, updated_at = $7, updated_by = $8, "
    "version = version + 1 WHERE id = $1 AND version = $9";
constexpr std::string_view kDetachLog = "UPDATE duty_log SET shift_id = NULL WHERE shift_id = $1";
constexpr std::string_view kDeleteShift = "DELETE FROM duty_shifts WHERE id = $1";
constexpr std::string_view kShiftAt =
    "SELECT id FROM duty_shifts WHERE org_id = $1 AND starts_at <= $2 AND ends_at > $2 "
    "ORDER BY starts_at DESC LIMIT 1";
constexpr std::string_view kOnDuty =
    ", o.name, o.region_code FROM duty_shifts s JOIN organisations o ON o.id = s.org_id "
    "WHERE o.region_code LIKE $1 AND s.starts_at <= $2 AND s.ends_at > $2 "
    "ORDER BY o.region_code, o.id LIMIT 500";

ShiftRow shift_of(const db::Rows& r, std::size_t i) {
  ShiftRow s;
  s.id = r.i64(i, 0);
  s.org_id = r.i64(i, 1);
  s.date = r.text(i, 2);
  s.shift_code = r.text(i, 3);
  s.starts_at = r.i64(i, 4);
  s.ends_at = r.i64(i, 5);
  s.leader_id = r.opt_i64(i, 6);
  s.officer_ids = ids_of(r.text(i, 7));
  s.note = r.text(i, 8);
  s.version = r.i64(i, 9);
  return s;
}

OnDutyRow on_duty_of(const db::Rows& r, std::size_t i) {
  return {shift_of(r, i), r.text(i, 10), r.text(i, 11)};
}

// ---- duty log ---------------------------------------------------------------------------
constexpr std::string_view kInsertLog =
    "INSERT INTO duty_log (org_id, shift_id, at, kind, text, incident_id, author_id, "
    "author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
constexpr std::string_view kCountLog =
    "SELECT COUNT(*) FROM duty_log WHERE org_id = $1 AND at >= $2 AND at < $3";
constexpr std::string_view kListLog =
    "SELECT id, org_id, shift_id, incident_id, at, kind, text, author_name FROM duty_log "
    "WHERE org_id = $1 AND at >= $2 AND at < $3 ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5";

LogEntry log_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), r.i64(i, 1),  r.opt_i64(i, 2), r.opt_i64(i, 3),
          r.i64(i, 4), r.text(i, 5), r.text(i, 6),    r.text(i, 7)};
}

// ---- handovers --------------------------------------------------------------------------
constexpr std::string_view kInsertHandover =
    "INSERT INTO handovers (org_id, from_user_id, to_user_id, notes, snapshot_json, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kHandoverColumns =
    "SELECT id, org_id, from_user_id, to_user_id, notes, snapshot_json, created_at, "
    "accepted_at FROM handovers ";
constexpr std::string_view kAcceptHandover =
    "UPDATE handovers SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL";
constexpr std::string_view kCountHandovers = "SELECT COUNT(*) FROM handovers WHERE org_id = $1";

HandoverRow handover_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0),  r.i64(i, 1),  r.i64(i, 2), r.i64(i, 3),
          r.text(i, 4), r.text(i, 5), r.i64(i, 6), r.opt_i64(i, 7)};
}

// ---- faxes ------------------------------------------------------------------------------
constexpr std::string_view kInsertFax =
    "INSERT INTO faxes (title, urgency, note, file_id, from_org_id, sent_by, sent_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kInsertFaxRecipient =
    "INSERT INTO fax_recipients (fax_id, org_id, delivered_at) VALUES ($1, $2, $3)";
constexpr std::string_view kFindFax =
    "SELECT f.id, f.title, f.urgency, f.note, f.file_id, f.from_org_id, COALESCE(o.name, ''), "
    "f.sent_by, f.sent_at, f.sender_archived "
    "FROM faxes f LEFT JOIN organisations o ON o.id = f.from_org_id WHERE f.id = $1";
constexpr std::string_view kFaxRecipients =
    "SELECT r.org_id, COALESCE(o.name, ''), r.delivered_at, r.read_at, r.signed_at, "
    "COALESCE(r.signed_by, ''), r.reminded_at, r.archived FROM fax_recipients r "
    "LEFT JOIN organisations o ON o.id = r.org_id WHERE r.fax_id = $1 "
    "ORDER BY o.region_code, r.org_id";
// Boxes: $1 the organisation, $2 archived (0/1), $3 text in the title or sender's name.
constexpr std::string_view kSentFaxes =
    "FROM faxes f LEFT JOIN organisations o ON o.id = f.from_org_id "
    "WHERE f.from_org_id = $1 AND f.sender_archived = $2 "
    "AND ($3 = '' OR f.title LIKE '%' || $3 || '%' OR o.name LIKE '%' || $3 || '%') ";
constexpr std::string_view kReceivedFaxes =
    "FROM faxes f LEFT JOIN organisations o ON o.id = f.from_org_id "
    "WHERE EXISTS (SELECT 1 FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $1 "
    "AND r.archived = $2) "
    "AND ($3 = '' OR f.title LIKE '%' || $3 || '%' OR o.name LIKE '%' || $3 || '%') ";
constexpr std::string_view kSentOrder = "ORDER BY f.sent_at DESC, f.id DESC LIMIT $4 OFFSET $5";
constexpr std::string_view kReceivedOrder =
    "ORDER BY (SELECT CASE WHEN r.signed_at IS NULL THEN 0 ELSE 1 END "
    "FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $1), "
    "f.sent_at DESC, f.id DESC LIMIT $4 OFFSET $5";
constexpr std::string_view kUnsignedFaxes =
    "SELECT fax_id FROM fax_recipients WHERE org_id = $1 AND signed_at IS NULL "
    "ORDER BY delivered_at LIMIT 200";
constexpr std::string_view kFaxCarries =
    "SELECT 1 FROM faxes f WHERE f.file_id = $1 AND (f.from_org_id = $2 OR EXISTS "
    "(SELECT 1 FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $2)) LIMIT 1";
constexpr std::string_view kMarkFaxRead =
    "UPDATE fax_recipients SET read_at = $3 WHERE fax_id = $1 AND org_id = $2 "
    "AND read_at IS NULL";
constexpr std::string_view kSignFax =
    "UPDATE fax_recipients SET signed_at = $3, signed_by = $4, "
    "read_at = COALESCE(read_at, $3) WHERE fax_id = $1 AND org_id = $2 AND signed_at IS NULL";
constexpr std::string_view kArchiveSent = "UPDATE faxes SET sender_archived = $2 WHERE id = $1";
constexpr std::string_view kArchiveReceived =
    "UPDATE fax_recipients SET archived = $3 WHERE fax_id = $1 AND org_id = $2";
constexpr std::string_view kDueReminders =
    "SELECT r.fax_id, r.org_id, f.title, f.urgency, o.region_code FROM fax_recipients r "
    "JOIN faxes f ON f.id = r.fax_id JOIN organisations o ON o.id = r.org_id "
    "WHERE r.signed_at IS NULL AND r.reminded_at IS NULL AND r.delivered_at < $1 "
    "ORDER BY r.delivered_at LIMIT 200";
constexpr std::string_view kMarkReminded =
    "UPDATE fax_recipients SET reminded_at = $3 WHERE fax_id = $1 AND org_id = $2 "
    "AND reminded_at IS NULL";

FaxRow fax_of(const db::Rows& r, std::size_t i) {
  FaxRow f;
  f.id = r.i64(i, 0);
  f.title = r.text(i, 1);
  f.urgency = r.text(i, 2);
  f.note = r.text(i, 3);
  f.file_id = r.i64(i, 4);
  f.from_org_id = r.i64(i, 5);
  f.from_org_name = r.text(i, 6);
  f.sent_by = r.text(i, 7);
  f.sent_at = r.i64(i, 8);
  f.sender_archived = r.i64(i, 9) != 0;
  return f;
}

FaxRecipient fax_recipient_of(const db::Rows& r, std::size_t i) {
  FaxRecipient x;
  x.org_id = r.i64(i, 0);
  x.org_name = r.text(i, 1);
  x.delivered_at = r.i64(i, 2);
  x.read_at = r.opt_i64(i, 3);
  x.signed_at = r.opt_i64(i, 4);
  x.signed_by = r.text(i, 5);
  x.reminded_at = r.opt_i64(i, 6);
  x.archived = r.i64(i, 7) != 0;
  return x;
}

DueReminder due_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
}

Result<Page<std::int64_t>> fax_box(db::Connection& c, std::string_view from, std::string_view order,
                                   std::int64_t org_id, bool archived, const std::string& text,
                                   std::int64_t limit, std::int64_t offset) {
  const std::string count_sql = "SELECT COUNT(*) " + std::string(from);
  const std::string list_sql = "SELECT f.id " + std::string(from) + std::string(order);
  std::vector<Param> params = {org_id, flag(archived), text};
  Page<std::int64_t> out;
  FENGHUO_ASSIGN(total, count_of(c, count_sql, params));
  out.total = total;
  params.push_back(limit);
  params.push_back(offset);
  FENGHUO_ASSIGN(ids, db::query_all(c, list_sql, params, first_i64));
  out.items = std::move(ids);
  return out;
}

}  // namespace

// ---- shift settings ---------------------------------------------------------------------
Result<std::optional<StoredSettings>> find_settings(db::Connection& c, std::int64_t org_id) {
  return db::query_one(c, kFindSettings, {org_id}, [](const db::Rows& r, std::size_t i) {
    return StoredSettings{r.text(i, 0), r.i64(i, 1)};
  });
}

Status insert_settings(db::Connection& c, std::int64_t org_id, const std::string& shifts_json) {
  return c.execute(kInsertSettings, {org_id, shifts_json}).status();
}

Status update_settings(db::Connection& c, std::int64_t org_id, const std::string& shifts_json) {
  return c.execute(kUpdateSettings, {org_id, shifts_json}).status();
}

// ---- shifts -----------------------------------------------------------------------------
Result<std::vector<ShiftRow>> list_shifts(db::Connection& c, std::int64_t org_id,
                                          const std::string& month) {
  static const std::string sql = std::string(kShiftColumns) + std::string(kShiftsOfMonth);
  return db::query_all(c, sql, {org_id, month + "-%"}, shift_of);
}

Result<std::optional<ShiftRow>> find_shift(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kShiftColumns) + std::string(kShiftById);
  return db::query_one(c, sql, {id}, shift_of);
}

Result<std::optional<ShiftVersion>> find_shift_version(db::Connection& c, std::int64_t org_id,
                                                       const std::string& date,
                                                       const std::string& shift_code) {
  return db::query_one(c, kShiftVersion, {org_id, date, shift_code},
                       [](const db::Rows& r, std::size_t i) {
                         return ShiftVersion{r.i64(i, 0), r.i64(i, 1)};
                       });
}

Result<std::int64_t> insert_shift(db::Connection& c, const ShiftRow& s, std::int64_t now,
                                  const std::string& by) {
  FENGHUO_ASSIGN(
      rows, c.query(kInsertShift, {s.org_id, s.date, s.shift_code, s.starts_at, s.ends_at,
                                   opt(s.leader_id), ids_json(s.officer_ids), s.note, now, by}));
  return rows.i64(0, 0);
}

Status update_shift(db::Connection& c, const ShiftRow& s, std::int64_t now, const std::string& by) {
  return c
      .execute(kUpdateShift, {s.id, s.starts_at, s.ends_at, opt(s.leader_id),
                              ids_json(s.officer_ids), s.note, now, by, s.version})
      .status();
}

Status delete_shift(db::Connection& c, std::int64_t id) {
  FENGHUO_TRY(c.execute(kDetachLog, {id}).status());
  return c.execute(kDeleteShift, {id}).status();
}

Result<std::optional<std::int64_t>> shift_at(db::Connection& c, std::int64_t org_id,
                                             std::int64_t at) {
  return db::query_one(c, kShiftAt, {org_id, at}, first_i64);
}

Result<std::vector<OnDutyRow>> on_duty(db::Connection& c, const std::string& region_pattern,
                                       std::int64_t now) {
  static const std::string sql = std::string(kShiftColumns) + std::string(kOnDuty);
  return db::query_all(c, sql, {region_pattern, now}, on_duty_of);
}

// ---- duty log ---------------------------------------------------------------------------
Result<std::int64_t> insert_log(db::Connection& c, const LogEntry& e, std::int64_t author_id,
                                std::int64_t created_at) {
  FENGHUO_ASSIGN(rows, c.query(kInsertLog, {e.org_id, opt(e.shift_id), e.at, e.kind, e.text,
                                            opt(e.incident_id), author_id, e.author, created_at}));
  return rows.i64(0, 0);
}

Result<Page<LogEntry>> list_log(db::Connection& c, std::int64_t org_id, std::int64_t from,
                                std::int64_t to, std::int64_t limit, std::int64_t offset) {
  Page<LogEntry> out;
  const Param range[] = {org_id, from, to};
  FENGHUO_ASSIGN(total, count_of(c, kCountLog, range));
  out.total = total;
  FENGHUO_ASSIGN(items, db::query_all(c, kListLog, {org_id, from, to, limit, offset}, log_of));
  out.items = std::move(items);
  return out;
}

// ---- handovers --------------------------------------------------------------------------
Result<std::int64_t> insert_handover(db::Connection& c, const HandoverRow& h) {
  FENGHUO_ASSIGN(rows, c.query(kInsertHandover, {h.org_id, h.from_user_id, h.to_user_id, h.notes,
                                                 h.snapshot_json, h.created_at}));
  return rows.i64(0, 0);
}

Result<std::optional<HandoverRow>> find_handover(db::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kHandoverColumns) + "WHERE id = $1";
  return db::query_one(c, sql, {id}, handover_of);
}

Status accept_handover(db::Connection& c, std::int64_t id, std::int64_t at) {
  return c.execute(kAcceptHandover, {id, at}).status();
}

Result<Page<HandoverRow>> list_handovers(db::Connection& c, std::int64_t org_id, std::int64_t limit,
                                         std::int64_t offset) {
  static const std::string sql = std::string(kHandoverColumns) +
                                 "WHERE org_id = $1 ORDER BY created_at DESC, id DESC "
                                 "LIMIT $2 OFFSET $3";
  Page<HandoverRow> out;
  const Param org[] = {org_id};
  FENGHUO_ASSIGN(total, count_of(c, kCountHandovers, org));
  out.total = total;
  FENGHUO_ASSIGN(items, db::query_all(c, sql, {org_id, limit, offset}, handover_of));
  out.items = std::move(items);
  return out;
}

// ---- faxes ------------------------------------------------------------------------------
Result<std::int64_t> insert_fax(db::Connection& c, const FaxRow& f) {
  FENGHUO_ASSIGN(rows, c.query(kInsertFax, {f.title, f.urgency, f.note, f.file_id, f.from_org_id,
                                            f.sent_by, f.sent_at}));
  return rows.i64(0, 0);
}

Status insert_fax_recipient(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                            std::int64_t delivered_at) {
  return c.execute(kInsertFaxRecipient, {fax_id, org_id, delivered_at}).status();
}

Result<std::optional<FaxRow>> find_fax(db::Connection& c, std::int64_t id) {
  return db::query_one(c, kFindFax, {id}, fax_of);
}

Result<std::vector<FaxRecipient>> fax_recipients(db::Connection& c, std::int64_t fax_id) {
  return db::query_all(c, kFaxRecipients, {fax_id}, fax_recipient_of);
}

Result<Page<std::int64_t>> list_sent_faxes(db::Connection& c, std::int64_t org_id, bool archived,
                                           const std::string& text, std::int64_t limit,
                                           std::int64_t offset) {
  return fax_box(c, kSentFaxes, kSentOrder, org_id, archived, text, limit, offset);
}

Result<Page<std::int64_t>> list_received_faxes(db::Connection& c, std::int64_t org_id,
                                               bool archived, const std::string& text,
                                               std::int64_t limit, std::int64_t offset) {
  return fax_box(c, kReceivedFaxes, kReceivedOrder, org_id, archived, text, limit, offset);
}

Result<std::vector<std::int64_t>> unsigned_faxes(db::Connection& c, std::int64_t org_id) {
  return db::query_all(c, kUnsignedFaxes, {org_id}, first_i64);
}

Result<bool> fax_carries(db::Connection& c, std::int64_t file_id, std::int64_t org_id) {
  FENGHUO_ASSIGN(rows, c.query(kFaxCarries, {file_id, org_id}));
  return !rows.empty();
}

Result<bool> mark_fax_read(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                           std::int64_t at) {
  FENGHUO_ASSIGN(n, c.execute(kMarkFaxRead, {fax_id, org_id, at}));
  return n == 1;
}

Result<bool> sign_fax(db::Connection& c, std::int64_t fax_id, std::int64_t org_id, std::int64_t at,
                      const std::string& by) {
  FENGHUO_ASSIGN(n, c.execute(kSignFax, {fax_id, org_id, at, by}));
  return n == 1;
}

Status archive_sent_fax(db::Connection& c, std::int64_t fax_id, bool archived) {
  return c.execute(kArchiveSent, {fax_id, flag(archived)}).status();
}

Status archive_received_fax(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                            bool archived) {
  return c.execute(kArchiveReceived, {fax_id, org_id, flag(archived)}).status();
}

Result<std::vector<DueReminder>> due_reminders(db::Connection& c, std::int64_t before) {
  return db::query_all(c, kDueReminders, {before}, due_of);
}

Result<bool> mark_reminded(db::Connection& c, std::int64_t fax_id, std::int64_t org_id,
                           std::int64_t at) {
  FENGHUO_ASSIGN(n, c.execute(kMarkReminded, {fax_id, org_id, at}));
  return n == 1;
}

}  // namespace fenghuo::duty::store

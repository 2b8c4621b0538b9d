#include "notify/store.h"

#include "db/query.h"

namespace fenghuo::notify::store {
namespace {

// ---- notifications ----------------------------------------------------------------------
constexpr std::string_view kInsertNotification =
    "INSERT INTO notifications (user_id, kind, title, body, link, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kListNotifications =
    "SELECT id, kind, title, body, link, created_at, read_at FROM notifications "
    "WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $3 OFFSET $4";
constexpr std::string_view kCountNotifications =
    "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL)";
constexpr std::string_view kUnreadCount =
    "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
constexpr std::string_view kMarkRead =
    "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL";
constexpr std::string_view kNotificationExists =
    "SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2";
constexpr std::string_view kMarkReadLinked =
    "UPDATE notifications SET read_at = $4 WHERE user_id = $1 AND kind = $2 AND link = $3 "
    "AND read_at IS NULL";
constexpr std::string_view kMarkAllRead =
    "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";
constexpr std::string_view kUnreadAbout =
    "SELECT DISTINCT user_id FROM notifications WHERE kind = $1 AND link = $2 "
    "AND read_at IS NULL";
constexpr std::string_view kSettle =
    "UPDATE notifications SET read_at = $3 WHERE kind = $1 AND link = $2 AND read_at IS NULL";

Notification notification_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0),  r.text(i, 1), r.text(i, 2),   r.text(i, 3),
          r.text(i, 4), r.i64(i, 5),  r.opt_i64(i, 6)};
}

// ---- SMS queue --------------------------------------------------------------------------
constexpr std::string_view kQueueSms =
    "INSERT INTO sms_queue (user_id, phone, text, created_at, next_at) "
    "VALUES ($1, $2, $3, $4, $4)";
constexpr std::string_view kDueSms =
    "SELECT id, COALESCE(user_id, 0), attempts, phone, text FROM sms_queue "
    "WHERE sent_at IS NULL AND next_at <= $1 AND attempts < $2 ORDER BY id LIMIT $3";
constexpr std::string_view kSmsSent =
    "UPDATE sms_queue SET sent_at = $2, attempts = attempts + 1, error = '' WHERE id = $1";
constexpr std::string_view kSmsFailed =
    "UPDATE sms_queue SET attempts = attempts + 1, next_at = $2, error = $3 WHERE id = $1";

QueuedSms queued_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), r.i64(i, 1), r.i64(i, 2), r.text(i, 3), r.text(i, 4)};
}

std::int64_t count_of(const db::Rows& r, std::size_t i) { return r.i64(i, 0); }

}  // namespace

// ---- notifications ----------------------------------------------------------------------
Status insert_notification(db::Connection& c, std::int64_t user_id, const std::string& kind,
                           const std::string& title, const std::string& body,
                           const std::string& link, std::int64_t now) {
  return c.execute(kInsertNotification, {user_id, kind, title, body, link, now}).status();
}

Result<Page<Notification>> list_notifications(db::Connection& c, std::int64_t user_id,
                                              bool unread_only, std::int64_t limit,
                                              std::int64_t offset) {
  const std::int64_t unread = unread_only ? 1 : 0;
  Page<Notification> page;
  FENGHUO_ASSIGN(items, db::query_all(c, kListNotifications, {user_id, unread, limit, offset},
                                      notification_of));
  page.items = std::move(items);
  FENGHUO_ASSIGN(total, db::query_one(c, kCountNotifications, {user_id, unread}, count_of));
  page.total = total.value_or(0);
  return page;
}

Result<std::int64_t> unread_count(db::Connection& c, std::int64_t user_id) {
  FENGHUO_ASSIGN(n, db::query_one(c, kUnreadCount, {user_id}, count_of));
  return n.value_or(0);
}

Result<std::int64_t> mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id,
                               std::int64_t now) {
  return c.execute(kMarkRead, {id, user_id, now});
}

Result<bool> notification_exists(db::Connection& c, std::int64_t user_id, std::int64_t id) {
  FENGHUO_ASSIGN(rows, c.query(kNotificationExists, {id, user_id}));
  return !rows.empty();
}

Result<std::int64_t> mark_read_linked(db::Connection& c, std::int64_t user_id,
                                      const std::string& kind, const std::string& link,
                                      std::int64_t now) {
  return c.execute(kMarkReadLinked, {user_id, kind, link, now});
}

Status mark_all_read(db::Connection& c, std::int64_t user_id, std::int64_t now) {
  return c.execute(kMarkAllRead, {user_id, now}).status();
}

Result<std::vector<std::int64_t>> settle(db::Connection& c, const std::string& kind,
                                         const std::string& link, std::int64_t now) {
  FENGHUO_ASSIGN(users, db::query_all(c, kUnreadAbout, {kind, link}, count_of));
  FENGHUO_TRY(c.execute(kSettle, {kind, link, now}).status());
  return users;
}

// ---- SMS queue --------------------------------------------------------------------------
Status queue_sms(db::Connection& c, std::int64_t user_id, const std::string& phone,
                 const std::string& text, std::int64_t now) {
  return c.execute(kQueueSms, {user_id, phone, text, now}).status();
}

Result<std::vector<QueuedSms>> due_sms(db::Connection& c, std::int64_t now,
                                       std::int64_t max_attempts, std::int64_t limit) {
  return db::query_all(c, kDueSms, {now, max_attempts, limit}, queued_of);
}

Status sms_sent(db::Connection& c, std::int64_t id, std::int64_t now) {
  return c.execute(kSmsSent, {id, now}).status();
}

Status sms_failed(db::Connection& c, std::int64_t id, std::int64_t next_at,
                  const std::string& error) {
  return c.execute(kSmsFailed, {id, next_at, error}).status();
}

}  // namespace fenghuo::notify::store

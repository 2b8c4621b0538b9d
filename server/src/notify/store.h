#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/page.h"
#include "db/database.h"
#include "notify/model.h"

// SQL of the notify module (notifications and the SMS queue): named statements, bound
// parameters, nothing else.
namespace fenghuo::notify::store {

// Notifications
Status insert_notification(db::Connection& c, std::int64_t user_id, const std::string& kind,
                           const std::string& title, const std::string& body,
                           const std::string& link, std::int64_t now);
// The user's notifications, newest first (only the unread ones when `unread_only`).
Result<Page<Notification>> list_notifications(db::Connection& c, std::int64_t user_id,
                                              bool unread_only, std::int64_t limit,
                                              std::int64_t offset);
Result<std::int64_t> unread_count(db::Connection& c, std::int64_t user_id);
// Marks the user's notification read if it is unread; answers how many changed (0 or 1).
Result<std::int64_t> mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id,
                               std::int64_t now);
Result<bool> notification_exists(db::Connection& c, std::int64_t user_id, std::int64_t id);
Status mark_all_read(db::Connection& c, std::int64_t user_id, std::int64_t now);
// Marks read every unread notification of `kind` about `link`; answers whose they were.
Result<std::vector<std::int64_t>> settle(db::Connection& c, const std::string& kind,
                                         const std::string& link, std::int64_t now);
// Marks the user's unread notifications of this kind and link read; answers how many changed.
Result<std::int64_t> mark_read_linked(db::Connection& c, std::int64_t user_id,
                                      const std::string& kind, const std::string& link,
                                      std::int64_t now);

// SMS queue
Status queue_sms(db::Connection& c, std::int64_t user_id, const std::string& phone,
                 const std::string& text, std::int64_t now);
struct QueuedSms {
  std::int64_t id = 0, user_id = 0, attempts = 0;
  std::string phone, text;
};
// Unsent messages due at `now` tried fewer than `max_attempts` times, oldest first.
Result<std::vector<QueuedSms>> due_sms(db::Connection& c, std::int64_t now,
                                       std::int64_t max_attempts, std::int64_t limit);
Status sms_sent(db::Connection& c, std::int64_t id, std::int64_t now);
// Counts a failed attempt, keeps the error and sets when to try again.
Status sms_failed(db::Connection& c, std::int64_t id, std::int64_t next_at,
                  const std::string& error);

}  // namespace fenghuo::notify::store

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/page.h"
#include "db/database.h"
#include "identity/sms.h"
#include "notify/model.h"
#include "realtime/bus.h"

namespace fenghuo::notify {

// Tells people: in the app (a stored notification and a realtime event) and, when asked, by
// SMS. In-app notifications commit with the change that caused them; text messages are queued
// with it too (queue_sms) and go out after the commit, retried while the gateway fails.
class Notifier {
 public:
  Notifier(const Clock& clock, realtime::Bus& bus, identity::SmsGateway& sms);

  struct Message {
    std::string kind, title, body, link;
    std::string region;  // the region the event concerns (WebSocket filtering)
  };
  // Stores the notification for each person inside `tx` and announces it after commit.
  Status in_app(db::Transaction& tx, const std::vector<Person>& people, const Message& message);
  // The work a notification asked for is done or gone (a report withdrawn or decided): the
  // unread notifications of `kind` about `link` are marked read inside `tx`, and their users'
  // bells are told after commit.
  Status settle(db::Transaction& tx, const std::string& kind, const std::string& link,
                const std::string& region);
  // Sends `text` to each person with a phone; answers how many failed.
  int sms(const std::vector<Person>& people, const std::string& text);
  // Queues `text` for each person with a phone inside `tx`: sent by send_queued once the
  // change has committed, retried while the gateway fails.
  Status queue_sms(db::Transaction& tx, const std::vector<Person>& people, const std::string& text);
  // Sends the queued messages that are due; a failure is kept with the message and tried
  // again after 1, 2, 4 ... minutes (at most an hour apart), 12 times. Answers how many went.
  Result<int> send_queued(db::Database& db);

  // The user's notifications, newest first.
  Result<Page<Notification>> list(db::Connection& c, std::int64_t user_id, bool unread_only,
                                  std::int64_t limit, std::int64_t offset);
  Result<std::int64_t> unread_count(db::Connection& c, std::int64_t user_id);
  // kNotFound unless the notification is the user's; reading it twice changes nothing.
  Status mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id);
  Status mark_all_read(db::Connection& c, std::int64_t user_id);
  // The user has done what their unread notices of this kind and link asked (acknowledged the
  // warning they announce): marks them read inside `tx`, and after commit tells the user's
  // sockets so the bell reloads.
  Status settle(db::Transaction& tx, std::int64_t user_id, const std::string& kind,
                const std::string& link);

 private:
  const Clock& clock_;
  realtime::Bus& bus_;
  identity::SmsGateway& sms_;
};

// The people to tell in an organisation: the leader (or officers) on the roster now (active
// users only), and when the roster has nobody, the organisation's active users holding the
// role (duty_leader or duty_officer). Read through duty's and identity's service headers.
Result<std::vector<Person>> duty_people(db::Connection& c, std::int64_t org_id, std::int64_t now,
                                        bool leaders);

}  // namespace fenghuo::notify

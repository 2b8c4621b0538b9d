#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.h"
#include "db/database.h"
#include "identity/sms.h"
#include "realtime/bus.h"

namespace fenghuo::notify {

struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string phone;
};

struct Notification {
  std::int64_t id = 0;
  std::string kind;  // report_overdue, relay_overdue, fax_unsigned, report_received, ...
  std::string title;
  std::string body;
  std::string link;  // a path of the web app
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
};
boost::json::object to_json(const Notification& n);

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
  // Sends `text` to each person with a phone; answers how many failed.
  int sms(const std::vector<Person>& people, const std::string& text);
  // Queues `text` for each person with a phone inside `tx`: sent by send_queued once the
  // change has committed, retried while the gateway fails.
  Status queue_sms(db::Transaction& tx, const std::vector<Person>& people, const std::string& text);
  // Sends the queued messages that are due; a failure is kept with the message and tried
  // again after 1, 2, 4 ... minutes (at most an hour apart), 12 times. Answers how many went.
  Result<int> send_queued(db::Database& db);

  Result<std::pair<std::vector<Notification>, std::int64_t>> list(db::Connection& c,
                                                                  std::int64_t user_id,
                                                                  bool unread_only, int limit,
                                                                  int offset);
  Result<std::int64_t> unread_count(db::Connection& c, std::int64_t user_id);
  Status mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id);
  Status mark_all_read(db::Connection& c, std::int64_t user_id);

 private:
  const Clock& clock_;
  realtime::Bus& bus_;
  identity::SmsGateway& sms_;
};

// The people to tell in an organisation: the leader (or officers) on the roster now, and
// when the roster has nobody, the organisation's users holding the role.
Result<std::vector<Person>> duty_people(db::Connection& c, std::int64_t org_id, std::int64_t now,
                                        bool leaders);

}  // namespace fenghuo::notify

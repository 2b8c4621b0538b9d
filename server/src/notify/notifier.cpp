#include "notify/notifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/time.h"
#include "duty/service.h"
#include "identity/directory.h"
#include "notify/store.h"

namespace fenghuo::notify {

boost::json::object to_json(const Notification& n) {
  return {{"id", std::to_string(n.id)},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link},
          {"created_at", format_rfc3339(n.created_at)},
          {"read_at", n.read_at ? boost::json::value(format_rfc3339(*n.read_at))
                                : boost::json::value(nullptr)}};
}

Notifier::Notifier(const Clock& clock, realtime::Bus& bus, identity::SmsGateway& sms)
    : clock_(clock), bus_(bus), sms_(sms) {}

Status Notifier::in_app(db::Transaction& tx, const std::vector<Person>& people, const Message& m) {
  if (people.empty()) return {};
  boost::json::array ids;
  std::vector<std::int64_t> users;
  for (const auto& p : people) {
    FENGHUO_TRY(store::insert_notification(tx.connection(), p.id, m.kind, m.title, m.body, m.link,
                                           clock_.now_ms()));
    ids.push_back(boost::json::value(std::to_string(p.id)));
    users.push_back(p.id);
  }
  boost::json::object data{{"user_ids", std::move(ids)}, {"kind", m.kind}, {"title", m.title}};
  // Addressed: only the sockets of these users hear it.
  bus_.publish_after_commit(
      tx, {"notifications", "new", boost::json::serialize(data), m.region, std::move(users)});
  return {};
}

Status Notifier::settle(db::Transaction& tx, const std::string& kind, const std::string& link,
                        const std::string& region) {
  FENGHUO_ASSIGN(users, store::settle(tx.connection(), kind, link, clock_.now_ms()));
  if (users.empty()) return {};
  boost::json::array ids;
  for (auto id : users) ids.push_back(boost::json::value(std::to_string(id)));
  boost::json::object data{{"user_ids", std::move(ids)}, {"kind", kind}};
  bus_.publish_after_commit(
      tx, {"notifications", "settled", boost::json::serialize(data), region, std::move(users)});
  return {};
}

int Notifier::sms(const std::vector<Person>& people, const std::string& text) {
  int failed = 0;
  for (const auto& p : people) {
    if (p.phone.empty()) continue;
    auto sent = sms_.send(p.phone, text);
    if (!sent.ok()) {
      ++failed;
      spdlog::warn("sms to user {} failed: {}", p.id, sent.error().message);
    }
  }
  return failed;
}

Status Notifier::queue_sms(db::Transaction& tx, const std::vector<Person>& people,
                           const std::string& text) {
  const std::int64_t now = clock_.now_ms();
  for (const auto& p : people) {
    if (p.phone.empty()) continue;
    FENGHUO_TRY(store::queue_sms(tx.connection(), p.id, p.phone, text, now));
  }
  return {};
}

Result<int> Notifier::send_queued(db::Database& db) {
  constexpr std::int64_t kMaxAttempts = 12;
  constexpr std::int64_t kBatch = 200;
  const std::int64_t now = clock_.now_ms();
  std::vector<store::QueuedSms> due;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::due_sms(c, now, kMaxAttempts, kBatch));
    due = std::move(found);
    return {};
  }));
  int sent = 0;
  for (const auto& d : due) {
    auto result = sms_.send(d.phone, d.text);
    if (result.ok()) {
      ++sent;
    } else {
      spdlog::warn("sms to user {} failed (attempt {}): {}", d.user_id, d.attempts + 1,
                   result.error().message);
    }
    // 1 min .. 64 min, at most an hour.
    const std::int64_t pause = std::min<std::int64_t>(
        std::int64_t{60000} << std::min<std::int64_t>(d.attempts, 6), 3600000);
    FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
      return result.ok() ? store::sms_sent(tx.connection(), d.id, clock_.now_ms())
                         : store::sms_failed(tx.connection(), d.id, clock_.now_ms() + pause,
                                             result.error().message);
    }));
  }
  return sent;
}

Result<Page<Notification>> Notifier::list(db::Connection& c, std::int64_t user_id, bool unread_only,
                                          std::int64_t limit, std::int64_t offset) {
  return store::list_notifications(c, user_id, unread_only, limit, offset);
}

Result<std::int64_t> Notifier::unread_count(db::Connection& c, std::int64_t user_id) {
  return store::unread_count(c, user_id);
}

Status Notifier::mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id) {
  FENGHUO_ASSIGN(changed, store::mark_read(c, user_id, id, clock_.now_ms()));
  if (changed == 0) {
    FENGHUO_ASSIGN(exists, store::notification_exists(c, user_id, id));
    if (!exists) return Error::not_found("notification not found");
  }
  return {};
}

Status Notifier::mark_all_read(db::Connection& c, std::int64_t user_id) {
  return store::mark_all_read(c, user_id, clock_.now_ms());
}

Status Notifier::settle(db::Transaction& tx, std::int64_t user_id, const std::string& kind,
                        const std::string& link) {
  FENGHUO_ASSIGN(changed,
                 store::mark_read_linked(tx.connection(), user_id, kind, link, clock_.now_ms()));
  if (changed == 0) return {};
  boost::json::object data{
      {"user_ids", boost::json::array{boost::json::value(std::to_string(user_id))}},
      {"kind", kind}};
  bus_.publish_after_commit(tx,
                            {"notifications", "read", boost::json::serialize(data), "", {user_id}});
  return {};
}

Result<std::vector<Person>> duty_people(db::Connection& c, std::int64_t org_id, std::int64_t now,
                                        bool leaders) {
  FENGHUO_ASSIGN(shift, duty::on_duty_now(c, org_id, now));
  std::vector<std::int64_t> ids;
  if (shift) {
    if (leaders) {
      if (shift->leader_id) ids.push_back(*shift->leader_id);
    } else {
      ids = shift->officer_ids;
    }
  }
  std::vector<Person> out;
  for (auto id : ids) {
    FENGHUO_ASSIGN(person, identity::active_contact(c, id));
    if (person) out.push_back(std::move(*person));
  }
  if (!out.empty()) return out;
  return identity::active_holders(c, org_id, leaders ? "duty_leader" : "duty_officer");
}

}  // namespace fenghuo::notify

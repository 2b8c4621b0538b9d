#include "notify/notifier.h"

#include <algorithm>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/time.h"

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

Status Notifier::in_app(db::Transaction& tx, const std::vector<Person>& people,
                        const Message& m) {
  if (people.empty()) return {};
  boost::json::array ids;
  std::vector<std::int64_t> users;
  for (const auto& p : people) {
    auto n = tx->execute(
        "INSERT INTO notifications (user_id, kind, title, body, link, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {p.id, m.kind, m.title, m.body, m.link, clock_.now_ms()});
    if (!n.ok()) return n.error();
    ids.push_back(boost::json::value(std::to_string(p.id)));
    users.push_back(p.id);
  }
  boost::json::object data{{"user_ids", std::move(ids)}, {"kind", m.kind}, {"title", m.title}};
  // Addressed: only the sockets of these users hear it.
  bus_.publish_after_commit(
      tx, {"notifications", "new", boost::json::serialize(data), m.region, std::move(users)});
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
    FENGHUO_TRY(tx->execute("INSERT INTO sms_queue (user_id, phone, text, created_at, next_at) "
                            "VALUES ($1, $2, $3, $4, $4)",
                            {p.id, p.phone, text, now}).status());
  }
  return {};
}

Result<int> Notifier::send_queued(db::Database& db) {
  constexpr std::int64_t kMaxAttempts = 12;
  const std::int64_t now = clock_.now_ms();
  struct Due {
    std::int64_t id, user_id, attempts;
    std::string phone, text;
  };
  std::vector<Due> due;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, c.query("SELECT id, COALESCE(user_id, 0), attempts, phone, text FROM sms_queue "
                                 "WHERE sent_at IS NULL AND next_at <= $1 AND attempts < $2 "
                                 "ORDER BY id LIMIT 200",
                                 {now, kMaxAttempts}));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      due.push_back({rows.i64(i, 0), rows.i64(i, 1), rows.i64(i, 2), rows.text(i, 3), rows.text(i, 4)});
    }
    return {};
  }));
  int sent = 0;
  for (const auto& d : due) {
    auto result = sms_.send(d.phone, d.text);
    if (result.ok()) ++sent;
    else spdlog::warn("sms to user {} failed (attempt {}): {}", d.user_id, d.attempts + 1, result.error().message);
    std::int64_t pause = std::int64_t{60000} << std::min<std::int64_t>(d.attempts, 6);  // 1 min .. 64 min
    FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
      return result.ok()
                 ? tx->execute("UPDATE sms_queue SET sent_at = $2, attempts = attempts + 1, error = '' "
                               "WHERE id = $1", {d.id, clock_.now_ms()}).status()
                 : tx->execute("UPDATE sms_queue SET attempts = attempts + 1, next_at = $2, error = $3 "
                               "WHERE id = $1",
                               {d.id, clock_.now_ms() + std::min<std::int64_t>(pause, 3600000),
                                result.error().message}).status();
    }));
  }
  return sent;
}

Result<std::pair<std::vector<Notification>, std::int64_t>> Notifier::list(
    db::Connection& c, std::int64_t user_id, bool unread_only, int limit, int offset) {
  std::int64_t unread = unread_only ? 1 : 0;
  auto rows = c.query(
      "SELECT id, kind, title, body, link, created_at, read_at FROM notifications "
      "WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $3 OFFSET $4",
      {user_id, unread, std::int64_t{limit}, std::int64_t{offset}});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Notification> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->i64(i, 0), rows->text(i, 1), rows->text(i, 2), rows->text(i, 3),
                   rows->text(i, 4), rows->i64(i, 5), rows->opt_i64(i, 6)});
  }
  auto total = c.query(
      "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL)",
      {user_id, unread});
  if (!total.ok()) return std::move(total).error();
  return std::make_pair(std::move(out), total->i64(0, 0));
}

Result<std::int64_t> Notifier::unread_count(db::Connection& c, std::int64_t user_id) {
  auto rows = c.query("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
                      {user_id});
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

Status Notifier::mark_read(db::Connection& c, std::int64_t user_id, std::int64_t id) {
  auto n = c.execute(
      "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
      {id, user_id, clock_.now_ms()});
  if (!n.ok()) return n.error();
  if (*n == 0) {
    auto rows = c.query("SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2",
                        {id, user_id});
    if (!rows.ok()) return std::move(rows).error();
    if (rows->empty()) return Error::not_found("notification not found");
  }
  return {};
}

Status Notifier::mark_all_read(db::Connection& c, std::int64_t user_id) {
  auto n = c.execute(
      "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
      {user_id, clock_.now_ms()});
  if (!n.ok()) return n.error();
  return {};
}

Result<std::vector<Person>> duty_people(db::Connection& c, std::int64_t org_id, std::int64_t now,
                                        bool leaders) {
  std::vector<Person> out;
  auto shift = c.query(
      "SELECT leader_id, officer_ids_json FROM duty_shifts WHERE org_id = $1 AND starts_at <= $2 "
      "AND ends_at > $2 ORDER BY starts_at DESC LIMIT 1",
      {org_id, now});
  if (!shift.ok()) return std::move(shift).error();
  std::vector<std::int64_t> ids;
  if (!shift->empty()) {
    if (leaders) {
      if (auto leader = shift->opt_i64(0, 0)) ids.push_back(*leader);
    } else {
      boost::system::error_code ec;
      auto officers = boost::json::parse(shift->text(0, 1), ec);
      if (!ec && officers.is_array()) {
        for (const auto& v : officers.as_array()) {
          if (v.is_int64()) ids.push_back(v.as_int64());
        }
      }
    }
  }
  for (auto id : ids) {
    auto rows = c.query("SELECT id, name, phone FROM users WHERE id = $1 AND status = 'active'",
                        {id});
    if (!rows.ok()) return std::move(rows).error();
    if (!rows->empty()) out.push_back({rows->i64(0, 0), rows->text(0, 1), rows->text(0, 2)});
  }
  if (!out.empty()) return out;
  auto rows = c.query(
      "SELECT u.id, u.name, u.phone FROM users u JOIN user_roles r ON r.user_id = u.id "
      "WHERE u.org_id = $1 AND u.status = 'active' AND r.role = $2 ORDER BY u.id",
      {org_id, std::string(leaders ? "duty_leader" : "duty_officer")});
  if (!rows.ok()) return std::move(rows).error();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->i64(i, 0), rows->text(i, 1), rows->text(i, 2)});
  }
  return out;
}

}  // namespace fenghuo::notify

#include "realtime/bus.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/random.h"

namespace fenghuo::realtime {
namespace {

constexpr std::string_view kChannel = "fenghuo_events";
// NOTIFY payloads must stay under 8,000 bytes; larger events go through a table.
constexpr std::size_t kMaxInlinePayload = 7900;
constexpr std::int64_t kPayloadRetentionMs = 3600 * 1000;

constexpr std::string_view kStorePayload =
    "INSERT INTO realtime_payloads (payload, created_at) VALUES ($1, $2) RETURNING id";
constexpr std::string_view kPrunePayloads = "DELETE FROM realtime_payloads WHERE created_at < $1";
constexpr std::string_view kLoadPayload = "SELECT payload FROM realtime_payloads WHERE id = $1";

boost::json::object to_json(const Event& e, const std::string& origin) {
  boost::json::object o;
  o["origin"] = origin;
  o["topic"] = e.topic;
  o["event"] = e.event;
  o["region"] = e.region;
  o["data"] = e.data;
  if (!e.users.empty()) {
    boost::json::array users;
    for (auto id : e.users) users.emplace_back(id);
    o["users"] = std::move(users);
  }
  return o;
}

}  // namespace

std::string event_message(const Event& event) {
  boost::json::object o;
  o["topic"] = event.topic;
  o["event"] = event.event;
  boost::system::error_code ec;
  boost::json::value data = boost::json::parse(event.data, ec);
  o["data"] = ec ? boost::json::value(boost::json::object()) : std::move(data);
  if (!event.region.empty()) o["region"] = event.region;
  return boost::json::serialize(o);
}

Bus::Bus(db::Database* db, const Clock& clock)
    : db_(db), clock_(clock), instance_id_(random_hex(8)) {}

Bus::~Bus() { stop_relay(); }

Status Bus::start_relay() {
  if (db_ == nullptr || !db_->crosses_processes()) return {};
  auto listener = db_->listen(std::string(kChannel),
                              [this](std::string_view payload) { on_notification(payload); });
  if (!listener.ok()) return std::move(listener).error();
  listener_ = std::move(listener).value();
  return {};
}

void Bus::stop_relay() { listener_.reset(); }

std::uint64_t Bus::subscribe(Handler handler) {
  std::lock_guard lock(mutex_);
  std::uint64_t id = next_id_++;
  handlers_.emplace_back(id, std::make_shared<Handler>(std::move(handler)));
  return id;
}

void Bus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  std::erase_if(handlers_, [id](const auto& h) { return h.first == id; });
}

void Bus::publish(const Event& event) {
  deliver_local(event);
  relay(event);
}

void Bus::publish_after_commit(db::Transaction& tx, Event event) {
  tx.after_commit([this, event = std::move(event)] { publish(event); });
}

void Bus::deliver_local(const Event& event) {
  std::vector<std::shared_ptr<Handler>> handlers;
  {
    std::lock_guard lock(mutex_);
    handlers.reserve(handlers_.size());
    for (const auto& [id, h] : handlers_) handlers.push_back(h);
  }
  for (const auto& h : handlers) {
    try {
      (*h)(event);
    } catch (const std::exception& e) {
      spdlog::error("realtime: subscriber failed on {}/{}: {}", event.topic, event.event,
                    e.what());
    }
  }
}

void Bus::relay(const Event& event) {
  if (db_ == nullptr || !db_->crosses_processes()) return;
  std::string payload = boost::json::serialize(to_json(event, instance_id_));
  if (payload.size() > kMaxInlinePayload) {
    std::int64_t id = 0;
    Status stored = db_->transact([&](db::Transaction& tx) -> Status {
      FENGHUO_TRY(tx->execute(kPrunePayloads, {clock_.now_ms() - kPayloadRetentionMs}));
      auto rows = tx->query(kStorePayload, {payload, clock_.now_ms()});
      if (!rows.ok()) return std::move(rows).error();
      id = rows->i64(0, 0);
      return {};
    });
    if (!stored.ok()) {
      spdlog::error("realtime: cannot store a large event for other processes: {}",
                    stored.error().message);
      return;
    }
    boost::json::object ref;
    ref["origin"] = instance_id_;
    ref["ref"] = id;
    payload = boost::json::serialize(ref);
  }
  if (Status st = db_->notify(kChannel, payload); !st.ok()) {
    spdlog::error("realtime: cannot notify other processes of {}/{}: {}", event.topic,
                  event.event, st.error().message);
  }
}

void Bus::on_notification(std::string_view payload) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) {
    spdlog::warn("realtime: ignoring a malformed notification");
    return;
  }
  const boost::json::object* o = &v.as_object();
  if (const auto* origin = o->if_contains("origin");
      origin != nullptr && origin->is_string() && origin->as_string() == instance_id_) {
    return;  // our own event, already delivered locally
  }
  boost::json::value loaded;
  if (const auto* ref = o->if_contains("ref"); ref != nullptr && ref->is_int64()) {
    std::string text;
    Status st = db_->read([&](db::Connection& c) -> Status {
      auto rows = c.query(kLoadPayload, {ref->as_int64()});
      if (!rows.ok()) return std::move(rows).error();
      if (rows->empty()) return Error::not_found("realtime payload expired");
      text = rows->text(0, 0);
      return {};
    });
    if (!st.ok()) {
      spdlog::error("realtime: cannot load a large event: {}", st.error().message);
      return;
    }
    loaded = boost::json::parse(text, ec);
    if (ec || !loaded.is_object()) return;
    o = &loaded.as_object();
  }
  auto text_of = [&](std::string_view key) -> std::string {
    const auto* f = o->if_contains(key);
    return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  Event event{text_of("topic"), text_of("event"), text_of("data"), text_of("region")};
  if (const auto* users = o->if_contains("users"); users != nullptr && users->is_array()) {
    for (const auto& id : users->as_array()) {
      if (id.is_int64()) event.users.push_back(id.as_int64());
    }
    // An addressed event whose addressees were lost must not reach everyone instead.
    if (event.users.empty()) return;
  }
  deliver_local(event);
}

}  // namespace fenghuo::realtime

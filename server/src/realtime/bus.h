#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/database.h"
#include "realtime/event.h"

namespace fenghuo::realtime {

// The in-process event bus. Services publish after their transaction commits
// (`publish_after_commit`); every subscriber in this process hears each event once.
// With PostgreSQL, events also travel through LISTEN/NOTIFY, so every `fenghuo serve`
// process on the database delivers every event. Thread-safe.
class Bus {
 public:
  using Handler = std::function<void(const Event&)>;

  // `db` may be null (no cross-process delivery). Call `start_relay` to hear other processes.
  Bus(db::Database* db, const Clock& clock);
  ~Bus();
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // Starts listening for other processes' events (PostgreSQL only; a no-op on SQLite).
  Status start_relay();
  void stop_relay();

  std::uint64_t subscribe(Handler handler);
  void unsubscribe(std::uint64_t id);

  // Delivers to this process's subscribers at once and to other processes via the database.
  void publish(const Event& event);
  // Publishes once `tx` has committed; nothing is heard of a transaction that rolled back.
  void publish_after_commit(db::Transaction& tx, Event event);

  // Delivers to this process's subscribers only (events that came from another process).
  void deliver_local(const Event& event);

  const std::string& instance_id() const { return instance_id_; }

 private:
  void relay(const Event& event);
  void on_notification(std::string_view payload);

  db::Database* db_;
  const Clock& clock_;
  std::string instance_id_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::vector<std::pair<std::uint64_t, std::shared_ptr<Handler>>> handlers_;
  std::unique_ptr<db::Listener> listener_;
};

}  // namespace fenghuo::realtime

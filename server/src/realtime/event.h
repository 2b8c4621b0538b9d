#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fenghuo::realtime {

// A server event as clients receive it: {"topic":..., "event":..., "data":{...}}.
// `data` is JSON text (an object); `region` is the region code the event concerns
// (empty for events everyone may see), used to reach only users whose jurisdiction covers it.
// `users` addresses the event to those users (notifications and the like): it then reaches
// their sockets only, whatever the region, and never an API token's.
struct Event {
  Event() = default;
  Event(std::string topic, std::string event, std::string data = "{}", std::string region = {},
        std::vector<std::int64_t> users = {})
      : topic(std::move(topic)),
        event(std::move(event)),
        data(std::move(data)),
        region(std::move(region)),
        users(std::move(users)) {}

  std::string topic;
  std::string event;
  std::string data = "{}";
  std::string region;
  std::vector<std::int64_t> users;
};

// The JSON a WebSocket client receives for the event.
std::string event_message(const Event& event);

}  // namespace fenghuo::realtime

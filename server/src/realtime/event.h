#pragma once

#include <string>

namespace fenghuo::realtime {

// A server event as clients receive it: {"topic":..., "event":..., "data":{...}}.
// `data` is JSON text (an object); `region` is the region code the event concerns
// (empty for events everyone may see), used to reach only users whose jurisdiction covers it.
struct Event {
  std::string topic;
  std::string event;
  std::string data = "{}";
  std::string region;
};

// The JSON a WebSocket client receives for the event.
std::string event_message(const Event& event);

}  // namespace fenghuo::realtime

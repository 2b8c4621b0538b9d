#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/principal.h"
#include "core/result.h"

namespace fenghuo {

// Who may hear a realtime topic: the one table behind WebSocket subscriptions. Each topic
// browsers and machine clients may subscribe to needs the permission of its REST twin (the
// GET route that lists the same data); a topic not in the table, or one for servers only, is
// refused. Events still reach a subscriber only inside its jurisdiction, and addressed events
// (Event::users) only their users.
struct TopicRule {
  enum class Audience {
    kPermission,  // principals holding `permission`
    kUsers,       // signed-in users (their own events only), never API tokens
    kServers,     // internal to the servers: never subscribed to
  };
  std::string topic;    // exact: "incidents", "monitoring/flood"
  std::string pattern;  // as documented: "monitoring/{theme}"
  Audience audience = Audience::kPermission;
  std::string permission;  // kPermission only
  std::string rest_twin;   // "GET /api/v1/incidents"
};

// Every topic the servers publish, one row per concrete topic.
std::span<const TopicRule> topic_rules();
const TopicRule* find_topic_rule(std::string_view topic);

// Whether `principal` (null: nobody) may subscribe to `topic`: 403 forbidden naming the
// permission it lacks or saying the topic is internal, 404 not_found for an unknown topic.
Status may_subscribe(const Principal* principal, std::string_view topic);

}  // namespace fenghuo

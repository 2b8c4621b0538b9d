#include "app/topics.h"

#include <vector>

#include "identity/access.h"
#include "monitoring/catalogue.h"
#include "monitoring/rulebook.h"

namespace fenghuo {
namespace {

using Audience = TopicRule::Audience;

std::vector<TopicRule> build_rules() {
  std::vector<TopicRule> rules = {
      {"alerts", "alerts", Audience::kPermission, "alerts.read", "GET /api/v1/alerts"},
      {"incidents", "incidents", Audience::kPermission, "incidents.read", "GET /api/v1/incidents"},
      {"reports", "reports", Audience::kPermission, "incidents.read", "GET /api/v1/reports"},
      {"duty", "duty", Audience::kPermission, "duty.read", "GET /api/v1/duty/log"},
      {"faxes", "faxes", Audience::kPermission, "duty.read", "GET /api/v1/faxes"},
      {"resources", "resources", Audience::kPermission, "resources.read", "GET /api/v1/resources"},
      {"identity", "identity", Audience::kPermission, "users.read", "GET /api/v1/users"},
      {"notifications", "notifications", Audience::kUsers, "", "GET /api/v1/notifications"},
      {identity::kAccessTopic, identity::kAccessTopic, Audience::kServers, "", ""},
      {monitoring::RuleBook::kConfigTopic, monitoring::RuleBook::kConfigTopic,
       Audience::kServers, "", ""},
  };
  for (const auto& theme : monitoring::themes()) {
    rules.push_back({"monitoring/" + std::string(theme.code), "monitoring/{theme}",
                     Audience::kPermission, "monitoring.read", "GET /api/v1/monitoring/alarms"});
  }
  return rules;
}

}  // namespace

std::span<const TopicRule> topic_rules() {
  static const std::vector<TopicRule> rules = build_rules();
  return rules;
}

const TopicRule* find_topic_rule(std::string_view topic) {
  for (const auto& r : topic_rules()) {
    if (r.topic == topic) return &r;
  }
  return nullptr;
}

Status may_subscribe(const Principal* principal, std::string_view topic) {
  const TopicRule* rule = find_topic_rule(topic);
  if (rule == nullptr) return Error::not_found("there is no topic " + std::string(topic));
  switch (rule->audience) {
    case Audience::kServers:
      return Error::forbidden("the topic " + rule->topic + " is internal to the servers");
    case Audience::kUsers:
      if (principal == nullptr || principal->kind != Principal::Kind::kUser) {
        return Error::forbidden("the topic " + rule->topic + " is for signed-in users");
      }
      return {};
    case Audience::kPermission:
      if (principal == nullptr || !principal->has(rule->permission)) {
        return Error::forbidden("you need the permission " + rule->permission + " for the topic " +
                                rule->topic);
      }
      return {};
  }
  return Error::forbidden("the topic " + rule->topic + " is not open");
}

}  // namespace fenghuo

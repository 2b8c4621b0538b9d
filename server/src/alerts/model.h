#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/cap.h"

namespace fenghuo::alerts {

// Where a warning stands; stored and sent as "active", "updated", "cancelled", "expired",
// "test".
enum class AlertState { kActive, kUpdated, kCancelled, kExpired, kTest };
std::string_view state_name(AlertState state);
// The state a stored name stands for (an unknown name reads as kTest: nothing to act on).
AlertState state_of(std::string_view name);

// A warning (预警) as stored: its CAP content, the level and the regions it concerns.
struct Alert {
  std::int64_t id = 0;
  CapMessage cap;
  std::string level;  // red | orange | yellow | blue
  std::vector<std::string> regions;
  std::vector<std::string> region_names;
  AlertState state = AlertState::kActive;
  std::optional<std::int64_t> superseded_by;
  std::string state_reason;
  bool from_cap = true;
  std::string created_by;
  // Who issued it: the organisation of the person (none for tokens, feeds and the system),
  // and the issuer key (see Issuer::key; "" for warnings stored before it was kept).
  std::optional<std::int64_t> issuer_org_id;
  std::string issuer;
  std::string issuer_org_name;  // the issuing organisation's name ("" without one)
  std::int64_t created_at = 0, updated_at = 0, version = 1;

  // The info shown first: zh-CN (or any zh) before other languages.
  const CapInfo* shown() const;
  std::optional<std::int64_t> expires_at() const;
};
boost::json::object to_json(const Alert& a);

// One person a warning was delivered to (叫应), and what became of it.
struct Delivery {
  std::int64_t user_id = 0;
  std::string user_name, phone;
  std::int64_t org_id = 0;
  std::string org_name, region, region_name;
  std::int64_t delivered_at = 0;
  std::optional<std::int64_t> acknowledged_at, sms_at, escalated_at;
  std::string sms_error;  // the last gateway failure; retried on the next check
};
boost::json::object to_json(const Delivery& d);

}  // namespace fenghuo::alerts

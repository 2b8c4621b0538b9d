#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/principal.h"
#include "identity/directory.h"
#include "identity/sms.h"
#include "resources/service.h"

namespace fenghuo::resources {

struct ReminderReport {
  int owners = 0;          // organisations with stale records
  int messages_sent = 0;   // SMS to their registered administrators
  std::vector<std::string> unreachable;  // owners without an administrator, or whose SMS failed
  std::vector<std::string> recently_reminded;  // owners reminded within kReminderInterval
};

// An owner's administrators get one reminder round within this time, however often anyone asks.
inline constexpr std::int64_t kReminderIntervalMs = 24LL * 3600 * 1000;

// Reminds the owners of records unverified for longer than their kind's interval: an SMS to
// each administrator the owner organisation registered (信息系统管理员), with the count.
// Within the caller's jurisdiction. Failures are reported, never dropped. An owner reminded
// within kReminderIntervalMs is listed, not messaged again.
Result<ReminderReport> remind_owners(db::Database& db, const Principal& by,
                                     identity::DirectoryService& directory,
                                     identity::SmsGateway& sms, const Clock& clock);

}  // namespace fenghuo::resources

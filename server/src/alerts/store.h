#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alerts/model.h"
#include "db/database.h"

// SQL of the alerts module (warnings, their regions and deliveries): named statements, bound
// parameters, nothing else. Region and organisation names come by read-only JOINs for display.
namespace fenghuo::alerts::store {

// Who may see a warning: one of its regions lies in `pattern` (a LIKE pattern of the
// jurisdiction), or one of its regions' areas holds the region `region`.
struct Visibility {
  std::string pattern;
  std::string region;
};

// Warnings
// The warning without its regions if visible (nullopt: missing or not visible).
Result<std::optional<Alert>> find_alert(db::Connection& c, const Visibility& v, std::int64_t id);
// The warning's regions and their names (the code when the region is unknown), by code.
Result<std::vector<std::pair<std::string, std::string>>> alert_regions(db::Connection& c,
                                                                       std::int64_t id);
// The bounding box of a warning's polygons and circles.
struct Box {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};
Result<std::int64_t> insert_alert(db::Connection& c, const Alert& a, const std::optional<Box>& box,
                                  const std::string& original_xml);
Status insert_alert_region(db::Connection& c, std::int64_t alert_id, const std::string& code,
                           const std::string& prefix);
// Ids of the warnings of this identifier and sender (but `except`), by id.
Result<std::vector<std::int64_t>> ids_by_reference(db::Connection& c, const std::string& identifier,
                                                   const std::string& sender,
                                                   std::int64_t except = 0);
Result<std::vector<std::string>> levels_by_reference(db::Connection& c,
                                                     const std::string& identifier,
                                                     const std::string& sender);
// How many warnings are stored (for the sequence number of a new identifier).
Result<std::int64_t> count_alerts(db::Connection& c);
Status supersede(db::Connection& c, std::int64_t id, AlertState state, std::int64_t by,
                 const std::string& reason, std::int64_t now);
// Cancels the warning if active; answers how many changed (0 or 1).
Result<std::int64_t> cancel_alert(db::Connection& c, std::int64_t id, const std::string& reason,
                                  std::int64_t now);
// Ids of active warnings past their expiry at `now`, oldest first.
Result<std::vector<std::int64_t>> expired_ids(db::Connection& c, std::int64_t now,
                                              std::int64_t limit);
// Marks the warning expired if active; answers how many changed (0 or 1).
Result<std::int64_t> expire_alert(db::Connection& c, std::int64_t id, std::int64_t now);

struct AlertFilter {
  Visibility visible;
  std::string level, text;  // "" = any
  int active = -1;          // -1 any, 1 active now, 0 not active
  std::int64_t now = 0;
  std::int64_t unacknowledged_by = 0;  // 0 = anyone's
  std::int64_t limit = 50, offset = 0;
};
Result<std::int64_t> count_alerts(db::Connection& c, const AlertFilter& f);
// Ids of the matching warnings, newest sent first.
Result<std::vector<std::int64_t>> list_alert_ids(db::Connection& c, const AlertFilter& f);

// Deliveries (叫应)
Status insert_delivery(db::Connection& c, std::int64_t alert_id, std::int64_t user_id,
                       std::int64_t org_id, std::int64_t now);
// Deliveries with the organisation's name and region; user_name and phone are left empty
// (identity holds them). By region, organisation and user.
Result<std::optional<Delivery>> find_delivery(db::Connection& c, std::int64_t alert_id,
                                              std::int64_t user_id);
Result<std::vector<Delivery>> deliveries_in(db::Connection& c, std::int64_t alert_id,
                                            const std::string& region_pattern);
// Answers how many changed (0 or 1).
Result<std::int64_t> acknowledge(db::Connection& c, std::int64_t alert_id, std::int64_t user_id,
                                 std::int64_t now);
struct DeliveryKey {
  std::int64_t alert_id = 0, user_id = 0;
};
// Unacknowledged deliveries of active warnings made before `before` that were sent no SMS
// yet (sms_due) or whose leader was not told yet (escalation_due); oldest first.
Result<std::vector<DeliveryKey>> sms_due(db::Connection& c, std::int64_t before,
                                         std::int64_t limit);
Result<std::vector<DeliveryKey>> escalation_due(db::Connection& c, std::int64_t before,
                                                std::int64_t limit);
Status sms_sent(db::Connection& c, const DeliveryKey& k, std::int64_t now);
Status sms_failed(db::Connection& c, const DeliveryKey& k, const std::string& error);
// The user's deliveries of the warnings with ids in [from_id, to_id], acknowledged or not.
struct MyAck {
  std::int64_t alert_id = 0;
  std::optional<std::int64_t> acknowledged_at;
};
Result<std::vector<MyAck>> my_acks(db::Connection& c, std::int64_t user_id, std::int64_t from_id,
                                   std::int64_t to_id);
// Marks the delivery escalated if it was not; answers how many changed (0 or 1).
Result<std::int64_t> escalate(db::Connection& c, const DeliveryKey& k, std::int64_t now);

}  // namespace fenghuo::alerts::store

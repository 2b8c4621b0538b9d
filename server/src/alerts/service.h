#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alerts/cap.h"
#include "alerts/model.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "notify/notifier.h"
#include "realtime/bus.h"
#include "resources/boundaries.h"

namespace fenghuo::alerts {

// red | orange | yellow | blue from a message: a level parameter or event code when given
// (red/橙色/一级/I ...), else the CAP severity (Extreme red, Severe orange, Moderate yellow,
// Minor and Unknown blue).
std::string level_of(const CapMessage& m);
std::string_view level_name(std::string_view level);  // 红色 ...

// The CAP 1.2 categories (<category>): Geo, Met, Safety, Security, Rescue, Fire, Health, Env,
// Transport, Infra, CBRNE, Other.
bool is_cap_category(std::string_view category);
// The category a warning of this event type takes when the person entering does not choose
// one (暴雨 Met, 地震 Geo, 森林火险 Fire, 危化品泄漏 CBRNE ...; "Other" when unknown).
std::string category_of_event(std::string_view event);

// Who issues a warning and for which regions: a person or an API token within their
// jurisdiction, a feed within the regions configured for it, the system anywhere.
struct Issuer {
  Principal principal;  // written to the audit log and as created_by
  std::string key;      // "org:12" (a person's organisation), "token:3", "feed:URL", "system"
  std::vector<std::string>
      regions;  // region codes it may issue for; empty = the principal's jurisdiction

  static Issuer of(const Principal& by);
  static Issuer feed(const std::string& url, std::vector<std::string> regions);
  // True when `region_code` lies inside the regions this issuer may issue for.
  bool covers(std::string_view region_code) const;
};

// What a caller may do with a warning. Cancelling (解除) needs the issuing organisation or a
// jurisdiction that covers every region of the warning; updating (a CAP Update referencing
// it) needs the same issuer or such a jurisdiction; both need alerts.write and an active
// warning.
struct AlertActions {
  bool can_cancel = false, can_update = false;
};

struct AlertQuery {
  std::string region, level, text;
  std::optional<bool> active;
  bool unacknowledged = false;  // only those delivered to the caller and not acknowledged yet
  std::int64_t limit = 50, offset = 0;
};

// Warnings: CAP 1.2 in and out, entry by hand, updates and cancels by reference, expiry.
// A warning is seen by the users whose jurisdiction holds one of its regions or lies inside
// one (a city-wide warning reaches the city's counties). Writes are audited and announced
// on topic "alerts".
class AlertService {
 public:
  AlertService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
               notify::Notifier& notifier, std::shared_ptr<const resources::Boundaries> boundaries,
               std::string province, std::int64_t ack_timeout_ms);

  struct Imported {
    Alert alert;
    bool created = false;  // false: an update, a cancel, or a message known already
  };
  // A CAP message from a person or token (regions inside their jurisdiction) or from a feed
  // (inside its regions). Its <references> apply only to warnings of the same sender and
  // issuer, or whose regions all lie inside the issuer's. Errors: kUnprocessable (not CAP),
  // kForbidden (field "regions": an area outside; field "references": a warning not theirs).
  Result<Imported> import_cap(const Principal& by, std::string_view xml);
  Result<Imported> import_cap(const Issuer& by, std::string_view xml);
  // A warning entered by hand; `category` one of the CAP categories (default by the event).
  // kForbidden (field "regions") for a region or area outside the caller's jurisdiction.
  Result<Alert> create_manual(const Principal& by, const boost::json::object& in);
  // 解除: kForbidden unless the caller's organisation issued it or their jurisdiction covers
  // every region of the warning.
  Result<Alert> cancel(const Principal& by, std::int64_t id, const std::string& reason);
  AlertActions actions(const Principal& by, const Alert& a) const;
  Result<Alert> get(const Principal& by, std::int64_t id);
  Result<Page<Alert>> list(const Principal& by, const AlertQuery& q);
  // Active warnings whose area holds the point (polygons, circles, or regions).
  Result<std::vector<Alert>> active_at(const Principal& by, double lon, double lat);
  // The warning as a CAP 1.2 document.
  Result<std::string> cap_xml(const Principal& by, std::int64_t id);
  // Marks warnings past their expiry as expired and announces it. Run on a timer.
  Result<int> expire();

  // 叫应: the caller acknowledges a warning delivered to them; their notice of the warning
  // (请在系统中确认收到) is marked read with it.
  Result<Delivery> acknowledge(const Principal& by, std::int64_t id);
  // Who received the warning, per region and duty room, who acknowledged and when, who is
  // still silent.
  Result<std::vector<Delivery>> deliveries(const Principal& by, std::int64_t id);
  // The caller's 叫应 of each of these warnings delivered to them: alert id -> when they
  // acknowledged it (nullopt: still to acknowledge). Warnings not delivered to them are absent.
  Result<std::map<std::int64_t, std::optional<std::int64_t>>> my_acks(
      const Principal& by, const std::vector<Alert>& alerts);
  // The caller's own delivery of the warning, if any.
  Result<std::optional<Delivery>> my_delivery(const Principal& by, std::int64_t id);
  // Chases silence: an SMS to whoever has not acknowledged within the timeout (retried while
  // the gateway fails, the failure kept visible), then their duty leader is told. Run on a
  // timer; answers how many people were chased.
  Result<int> chase();

 private:
  std::vector<std::string> regions_of(db::Connection& c, const CapMessage& m) const;
  // The warning if `by` may see it (else kNotFound), read on `c`.
  Result<Alert> read_alert(db::Connection& c, const Principal& by, std::int64_t id);
  Result<Alert> insert(db::Transaction& tx, const Issuer& by, Alert a,
                       const std::string& original_xml);
  void announce(db::Transaction& tx, const char* event, const Alert& a);
  // Someone silent was sent an SMS (or its failure recorded) or their leader was told.
  void announce_chase(db::Transaction& tx, std::int64_t alert_id, const Delivery& d);
  // Delivers a new or upgraded warning to the people on duty in every region it covers.
  Status deliver(db::Transaction& tx, const Alert& a);
  // The delivery of the warning to the user, with their name and phone (nullopt: none).
  Result<std::optional<Delivery>> delivery(db::Connection& c, std::int64_t alert_id,
                                           std::int64_t user_id);
  // The deliveries with each person's name and phone (from identity).
  Result<std::vector<Delivery>> with_contacts(db::Connection& c, std::vector<Delivery> deliveries);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  notify::Notifier& notifier_;
  std::shared_ptr<const resources::Boundaries> boundaries_;
  std::string province_;  // "14"
  std::int64_t ack_timeout_ms_;
};

}  // namespace fenghuo::alerts

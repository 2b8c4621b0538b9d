#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/principal.h"
#include "db/database.h"
#include "duty/model.h"
#include "realtime/bus.h"

namespace fenghuo::duty {

struct ShiftType {
  std::string code;   // day, night, all
  std::string name;   // 白班
  std::string start;  // "08:00" (Asia/Shanghai)
  std::string end;    // "20:00"; not after start = the next day
};

struct PersonRef {
  std::int64_t id = 0;
  std::string name, phone;
};

struct Shift {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string date;  // YYYY-MM-DD
  std::string shift, shift_name;
  std::int64_t starts_at = 0, ends_at = 0;
  std::optional<PersonRef> leader;
  std::vector<PersonRef> officers;
  std::string note;
  std::int64_t version = 1;
};

struct OnDuty {
  std::int64_t org_id = 0;
  std::string org_name, region;
  Shift shift;
};

struct Handover {
  std::int64_t id = 0, org_id = 0;
  PersonRef from, to;
  std::string notes;
  std::string snapshot_json;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> accepted_at;
};

// An organisation a duty room may send reports and faxes to.
struct Recipient {
  std::int64_t id = 0;
  std::string name, region, region_name, type;
  std::string relation;  // "superior" (a bureau above) | "jurisdiction" (inside the caller's)
};

struct RosterImport {
  std::int64_t applied = 0;
  struct Problem {
    std::int64_t row;
    std::string field, message;
  };
  std::vector<Problem> errors;
};

boost::json::object to_json(const ShiftType& s);
boost::json::object to_json(const Shift& s);
// The shift with its organisation's name and region.
boost::json::object to_json(const OnDuty& d);
boost::json::object to_json(const LogEntry& e);
boost::json::object to_json(const Handover& h);

// Rosters (排班), who is on duty now, the duty log and handovers (交接班) of duty rooms.
// An organisation's duty data is reached within the caller's jurisdiction; writes are
// audited and announced on topic "duty".
class DutyService {
 public:
  DutyService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
              std::vector<ShiftType> default_shifts);

  std::int64_t now_ms() const { return clock_.now_ms(); }

  // Parses "day=08:00-20:00,night=20:00-08:00" (errors name `key`).
  static Result<std::vector<ShiftType>> parse_shifts(std::string_view text, const std::string& key);

  struct Settings {
    std::int64_t org_id = 0;
    std::vector<ShiftType> shifts;
    std::int64_t version = 0;  // 0 = the defaults, never saved
  };
  Result<Settings> settings(const Principal& by, std::int64_t org_id);
  Result<Settings> save_settings(const Principal& by, const boost::json::object& in);

  Result<std::vector<Shift>> shifts(const Principal& by, std::int64_t org_id,
                                    const std::string& month);
  Result<Shift> put_shift(const Principal& by, const boost::json::object& in);
  Status delete_shift(const Principal& by, std::int64_t id);
  // Rows {date, shift, leader, officers} (people by phone or name); all or nothing.
  Result<RosterImport> import_shifts(const Principal& by, const boost::json::object& in);

  Result<std::vector<OnDuty>> on_duty(const Principal& by, const std::string& region);

  // Who a duty room can send to: the emergency bureaus above it (city, province) and the
  // active organisations inside its jurisdiction, `text` in the name; superiors first.
  Result<std::vector<Recipient>> recipients(const Principal& by, const std::string& text,
                                            std::int64_t limit);

  Result<LogEntry> add_log(const Principal& by, const boost::json::object& in);
  Result<Page<LogEntry>> log(const Principal& by, std::int64_t org_id,
                             std::optional<std::int64_t> from, std::optional<std::int64_t> to,
                             std::int64_t limit, std::int64_t offset);

  Result<Handover> hand_over(const Principal& by, const boost::json::object& in,
                             const std::string& snapshot_json);
  Result<Handover> accept(const Principal& by, std::int64_t id);
  Result<Page<Handover>> handovers(const Principal& by, std::int64_t org_id, std::int64_t limit,
                                   std::int64_t offset);

 private:
  Status check_org(db::Connection& c, const Principal& by, std::int64_t org_id,
                   std::string* region = nullptr);
  Result<std::vector<ShiftType>> shift_types(db::Connection& c, std::int64_t org_id,
                                             std::int64_t* version);
  Result<Shift> write_shift(db::Transaction& tx, const Principal& by, std::int64_t org_id,
                            const std::string& date, const ShiftType& type,
                            std::optional<std::int64_t> leader,
                            const std::vector<std::int64_t>& officers, const std::string& note,
                            std::optional<std::int64_t> version);
  void announce(db::Transaction& tx, const char* event, std::int64_t org_id,
                const std::string& region);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  std::vector<ShiftType> default_shifts_;
};

// Who the roster puts on duty in an organisation at a moment, for other modules' notices.
struct DutyNow {
  std::optional<std::int64_t> leader_id;
  std::vector<std::int64_t> officer_ids;
};
// The latest-starting shift of `org_id` running at `now` (nullopt: nobody is rostered), read
// on the caller's connection (inside their transaction). No jurisdiction check.
Result<std::optional<DutyNow>> on_duty_now(db::Connection& c, std::int64_t org_id,
                                           std::int64_t now);

}  // namespace fenghuo::duty

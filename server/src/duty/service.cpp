#include "duty/service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "duty/store.h"
#include "identity/directory.h"
#include "incidents/service.h"

namespace fenghuo::duty {
namespace {

namespace in = json_input;

bool is_clock(std::string_view s) {
  return s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) &&
         std::isdigit(static_cast<unsigned char>(s[3])) &&
         std::isdigit(static_cast<unsigned char>(s[4])) && (s[0] - '0') * 10 + (s[1] - '0') < 24 &&
         s[3] < '6';
}

// Milliseconds of `date` at `clock` in Asia/Shanghai.
std::optional<std::int64_t> china_ms(const std::string& date, const std::string& clock) {
  return parse_rfc3339(date + "T" + clock + ":00+08:00");
}

bool is_date(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && china_ms(s, "00:00").has_value();
}

std::string default_name(const std::string& code) {
  if (code == "day") return "白班";
  if (code == "night") return "夜班";
  if (code == "all") return "24小时班";
  return code;
}

boost::json::value person_json(const std::optional<PersonRef>& p) {
  if (!p) return nullptr;
  return boost::json::object{{"id", std::to_string(p->id)}, {"name", p->name}, {"phone", p->phone}};
}

Result<std::optional<PersonRef>> person(db::Connection& c, std::int64_t id) {
  FENGHUO_ASSIGN(user, identity::user_in(c, id));
  if (!user) return std::optional<PersonRef>();
  return std::optional<PersonRef>(PersonRef{user->id, user->name, user->phone});
}

// Whether user `id` is an active member of `org_id`.
Result<bool> active_member(db::Connection& c, std::int64_t id, std::int64_t org_id) {
  FENGHUO_ASSIGN(user, identity::user_in(c, id));
  return user && user->org_id == org_id && user->status == "active";
}

Result<Shift> shift_of(db::Connection& c, const store::ShiftRow& row,
                       const std::vector<ShiftType>& types) {
  Shift s;
  s.id = row.id;
  s.org_id = row.org_id;
  s.date = row.date;
  s.shift = row.shift_code;
  s.shift_name = default_name(s.shift);
  for (const auto& t : types) {
    if (t.code == s.shift) s.shift_name = t.name;
  }
  s.starts_at = row.starts_at;
  s.ends_at = row.ends_at;
  if (row.leader_id) {
    FENGHUO_ASSIGN(p, person(c, *row.leader_id));
    s.leader = p;
  }
  for (auto id : row.officer_ids) {
    FENGHUO_ASSIGN(p, person(c, id));
    if (p) s.officers.push_back(*p);
  }
  s.note = row.note;
  s.version = row.version;
  return s;
}

// A user of `org_id` named by id, phone or name.
Result<std::int64_t> member(db::Connection& c, std::int64_t org_id, const std::string& who,
                            const std::string& field) {
  FENGHUO_ASSIGN(ids, identity::active_members_named(c, org_id, who));
  if (ids.empty()) {
    return Error::validation(field, "no active user \"" + who + "\" in this organisation");
  }
  if (ids.size() > 1) {
    return Error::validation(field, "\"" + who + "\" names several users: use the phone number");
  }
  return ids.front();
}

Result<Handover> handover_of(db::Connection& c, store::HandoverRow r) {
  Handover h;
  h.id = r.id;
  h.org_id = r.org_id;
  FENGHUO_ASSIGN(from_person, person(c, r.from_user_id));
  FENGHUO_ASSIGN(to_person, person(c, r.to_user_id));
  if (from_person) h.from = *from_person;
  if (to_person) h.to = *to_person;
  h.notes = std::move(r.notes);
  h.snapshot_json = std::move(r.snapshot_json);
  h.created_at = r.created_at;
  h.accepted_at = r.accepted_at;
  return h;
}

}  // namespace

boost::json::object to_json(const ShiftType& s) {
  return {{"code", s.code}, {"name", s.name}, {"start", s.start}, {"end", s.end}};
}

boost::json::object to_json(const Shift& s) {
  boost::json::array officers;
  for (const auto& p : s.officers) officers.push_back(person_json(p));
  return {{"id", std::to_string(s.id)},
          {"org_id", std::to_string(s.org_id)},
          {"date", s.date},
          {"shift", s.shift},
          {"shift_name", s.shift_name},
          {"starts_at", format_rfc3339(s.starts_at)},
          {"ends_at", format_rfc3339(s.ends_at)},
          {"leader", person_json(s.leader)},
          {"officers", std::move(officers)},
          {"note", s.note},
          {"version", s.version}};
}

boost::json::object to_json(const OnDuty& d) {
  auto o = to_json(d.shift);
  o["org_name"] = d.org_name;
  o["region"] = d.region;
  return o;
}

boost::json::object to_json(const LogEntry& e) {
  return {
      {"id", std::to_string(e.id)},
      {"org_id", std::to_string(e.org_id)},
      {"shift_id", e.shift_id ? boost::json::value(std::to_string(*e.shift_id)) : nullptr},
      {"incident_id", e.incident_id ? boost::json::value(std::to_string(*e.incident_id)) : nullptr},
      {"at", format_rfc3339(e.at)},
      {"kind", e.kind},
      {"text", e.text},
      {"author", e.author}};
}

boost::json::object to_json(const Handover& h) {
  boost::system::error_code ec;
  auto snapshot = boost::json::parse(h.snapshot_json, ec);
  return {{"id", std::to_string(h.id)},
          {"org_id", std::to_string(h.org_id)},
          {"from", person_json(h.from)},
          {"to", person_json(h.to)},
          {"notes", h.notes},
          {"snapshot", ec ? boost::json::value(boost::json::object()) : snapshot},
          {"created_at", format_rfc3339(h.created_at)},
          {"accepted_at",
           h.accepted_at ? boost::json::value(format_rfc3339(*h.accepted_at)) : nullptr}};
}

DutyService::DutyService(db::Database& db, const Clock& clock, const audit::Log& audit,
                         realtime::Bus& bus, std::vector<ShiftType> default_shifts)
    : db_(db),
      clock_(clock),
      audit_(audit),
      bus_(bus),
      default_shifts_(std::move(default_shifts)) {}

Result<std::vector<ShiftType>> DutyService::parse_shifts(std::string_view text,
                                                         const std::string& key) {
  std::vector<ShiftType> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string part(text.substr(start, comma - start));
    auto eq = part.find('=');
    auto dash = part.find('-', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || dash == std::string::npos || eq == 0 ||
        !is_clock(part.substr(eq + 1, dash - eq - 1)) || !is_clock(part.substr(dash + 1))) {
      return Error::validation(key, key + " must read like day=08:00-20:00,night=20:00-08:00");
    }
    std::string code = part.substr(0, eq);
    out.push_back(
        {code, default_name(code), part.substr(eq + 1, dash - eq - 1), part.substr(dash + 1)});
    start = comma + 1;
  }
  if (out.empty()) return Error::validation(key, key + " names no shift");
  return out;
}

Status DutyService::check_org(db::Connection& c, const Principal& by, std::int64_t org_id,
                              std::string* region) {
  FENGHUO_ASSIGN(org, identity::organisation_in(c, org_id));
  if (!org || !by.covers(org->region)) return Error::not_found("organisation not found");
  if (region) *region = org->region;
  return {};
}

Result<std::vector<ShiftType>> DutyService::shift_types(db::Connection& c, std::int64_t org_id,
                                                        std::int64_t* version) {
  FENGHUO_ASSIGN(stored, store::find_settings(c, org_id));
  if (version) *version = 0;
  if (!stored) return default_shifts_;
  if (version) *version = stored->version;
  std::vector<ShiftType> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(stored->shifts_json, ec);
  if (!ec && v.is_array()) {
    for (const auto& s : v.as_array()) {
      if (!s.is_object()) continue;
      const auto& o = s.as_object();
      auto text = [&](const char* k) {
        auto it = o.find(k);
        return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                        : std::string();
      };
      out.push_back({text("code"), text("name"), text("start"), text("end")});
    }
  }
  return out.empty() ? default_shifts_ : out;
}

void DutyService::announce(db::Transaction& tx, const char* event, std::int64_t org_id,
                           const std::string& region) {
  boost::json::object data{{"org_id", std::to_string(org_id)}};
  bus_.publish_after_commit(tx, {"duty", event, boost::json::serialize(data), region});
}

Result<DutyService::Settings> DutyService::settings(const Principal& by, std::int64_t org_id) {
  Settings s;
  s.org_id = org_id;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(check_org(c, by, org_id));
    FENGHUO_ASSIGN(types, shift_types(c, org_id, &s.version));
    s.shifts = std::move(types);
    return {};
  }));
  return s;
}

Result<DutyService::Settings> DutyService::save_settings(const Principal& by,
                                                         const boost::json::object& body) {
  FENGHUO_TRY(in::only(body, {"org_id", "shifts", "version"}));
  FENGHUO_ASSIGN(org_id, in::id(body, "org_id"));
  if (!org_id) return Error::validation("org_id", "org_id is required");
  FENGHUO_ASSIGN(version, in::integer(body, "version", 0, INT64_MAX));
  auto it = body.find("shifts");
  if (it == body.end() || !it->value().is_array() || it->value().as_array().empty() ||
      it->value().as_array().size() > 6) {
    return Error::validation("shifts", "shifts must list one to six shifts");
  }
  std::vector<ShiftType> shifts;
  boost::json::array stored;
  for (const auto& v : it->value().as_array()) {
    if (!v.is_object()) return Error::validation("shifts", "each shift is an object");
    const auto& o = v.as_object();
    FENGHUO_ASSIGN(code, in::required_text(o, "code", 20));
    FENGHUO_ASSIGN(name, in::required_text(o, "name", 20));
    FENGHUO_ASSIGN(start, in::required_text(o, "start", 5));
    FENGHUO_ASSIGN(end, in::required_text(o, "end", 5));
    if (!is_clock(start) || !is_clock(end)) {
      return Error::validation("shifts", "shift times are HH:MM, such as 08:00");
    }
    for (const auto& s : shifts) {
      if (s.code == code) return Error::validation("shifts", "shift " + code + " appears twice");
    }
    shifts.push_back({code, name, start, end});
    stored.push_back(to_json(shifts.back()));
  }
  Settings out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    std::string region;
    FENGHUO_TRY(check_org(c, by, *org_id, &region));
    std::int64_t current = 0;
    FENGHUO_TRY(shift_types(c, *org_id, &current).status());
    if (version.value_or(0) != current) {
      return Error::conflict("version",
                             "the shift settings were changed by someone else (now version " +
                                 std::to_string(current) + "); reload and try again");
    }
    const std::string json = boost::json::serialize(stored);
    FENGHUO_TRY(current == 0 ? store::insert_settings(c, *org_id, json)
                             : store::update_settings(c, *org_id, json));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"duty.settings", "organisation", std::to_string(*org_id), region, "",
                               boost::json::serialize(stored)}));
    out = {*org_id, shifts, current + 1};
    announce(tx, "shift", *org_id, region);
    return {};
  }));
  return out;
}

Result<std::vector<Shift>> DutyService::shifts(const Principal& by, std::int64_t org_id,
                                               const std::string& month) {
  if (month.size() != 7 || !is_date(month + "-01")) {
    return Error::validation("month", "month must be YYYY-MM");
  }
  std::vector<Shift> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(check_org(c, by, org_id));
    FENGHUO_ASSIGN(types, shift_types(c, org_id, nullptr));
    FENGHUO_ASSIGN(rows, store::list_shifts(c, org_id, month));
    for (const auto& row : rows) {
      FENGHUO_ASSIGN(s, shift_of(c, row, types));
      out.push_back(std::move(s));
    }
    return {};
  }));
  return out;
}

Result<Shift> DutyService::write_shift(db::Transaction& tx, const Principal& by,
                                       std::int64_t org_id, const std::string& date,
                                       const ShiftType& type, std::optional<std::int64_t> leader,
                                       const std::vector<std::int64_t>& officers,
                                       const std::string& note,
                                       std::optional<std::int64_t> version) {
  auto& c = tx.connection();
  auto starts = china_ms(date, type.start);
  auto ends = china_ms(date, type.end);
  if (!starts || !ends) return Error::validation("date", "date must be YYYY-MM-DD");
  if (*ends <= *starts) *ends += 24 * 3600000;
  store::ShiftRow w{0, org_id, date, type.code, *starts, *ends, leader, officers, note, 0};
  const std::int64_t now = clock_.now_ms();
  FENGHUO_ASSIGN(existing, store::find_shift_version(c, org_id, date, type.code));
  if (!existing) {
    if (version) return Error::not_found("the shift was deleted; reload the roster");
    FENGHUO_ASSIGN(inserted, store::insert_shift(c, w, now, by.name));
    w.id = inserted;
  } else {
    w.id = existing->id;
    w.version = existing->version;
    if (!version || *version != existing->version) {
      return Error::conflict("version", "the shift was changed by someone else (now version " +
                                            std::to_string(existing->version) +
                                            "); reload and try again");
    }
    FENGHUO_TRY(store::update_shift(c, w, now, by.name));
  }
  FENGHUO_ASSIGN(row, store::find_shift(c, w.id));
  if (!row) return Error::not_found("shift not found");
  return shift_of(c, *row, {type});
}

Result<Shift> DutyService::put_shift(const Principal& by, const boost::json::object& body) {
  FENGHUO_TRY(
      in::only(body, {"org_id", "date", "shift", "leader_id", "officer_ids", "note", "version"}));
  FENGHUO_ASSIGN(org_id, in::id(body, "org_id"));
  if (!org_id) return Error::validation("org_id", "org_id is required");
  FENGHUO_ASSIGN(date, in::required_text(body, "date", 10));
  if (!is_date(date)) return Error::validation("date", "date must be YYYY-MM-DD");
  FENGHUO_ASSIGN(code, in::required_text(body, "shift", 20));
  FENGHUO_ASSIGN(leader, in::id(body, "leader_id"));
  FENGHUO_ASSIGN(officers, in::ids(body, "officer_ids"));
  FENGHUO_ASSIGN(note, in::text(body, "note", 500));
  FENGHUO_ASSIGN(version, in::integer(body, "version", 1, INT64_MAX));
  Shift out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    std::string region;
    FENGHUO_TRY(check_org(c, by, *org_id, &region));
    FENGHUO_ASSIGN(types, shift_types(c, *org_id, nullptr));
    auto type = std::find_if(types.begin(), types.end(),
                             [&](const ShiftType& t) { return t.code == code; });
    if (type == types.end()) {
      return Error::validation("shift", "shift " + code + " is not one of this duty room's shifts");
    }
    std::vector<std::int64_t> people = officers;
    if (leader) people.push_back(*leader);
    for (auto id : people) {
      FENGHUO_ASSIGN(active, active_member(c, id, *org_id));
      if (!active) {
        return Error::validation(
            leader && id == *leader ? "leader_id" : "officer_ids",
            "user " + std::to_string(id) + " is not an active member of this organisation");
      }
    }
    FENGHUO_ASSIGN(
        s, write_shift(tx, by, *org_id, date, *type, leader, officers, note.value_or(""), version));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"duty.shift", "duty_shift", std::to_string(s.id), region, "",
                               boost::json::serialize(to_json(s))}));
    out = std::move(s);
    announce(tx, "shift", *org_id, region);
    return {};
  }));
  return out;
}

Status DutyService::delete_shift(const Principal& by, std::int64_t id) {
  return db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(shift, store::find_shift(c, id));
    if (!shift) return Error::not_found("shift not found");
    std::int64_t org_id = shift->org_id;
    std::string region;
    FENGHUO_TRY(check_org(c, by, org_id, &region));
    FENGHUO_TRY(store::delete_shift(c, id));
    FENGHUO_TRY(audit_.append(
        tx, by, {"duty.shift.delete", "duty_shift", std::to_string(id), region, "", ""}));
    announce(tx, "shift", org_id, region);
    return {};
  });
}

Result<RosterImport> DutyService::import_shifts(const Principal& by,
                                                const boost::json::object& body) {
  FENGHUO_TRY(in::only(body, {"org_id", "rows", "dry_run"}));
  FENGHUO_ASSIGN(org_id, in::id(body, "org_id"));
  if (!org_id) return Error::validation("org_id", "org_id is required");
  FENGHUO_ASSIGN(dry_run, in::boolean(body, "dry_run"));
  auto it = body.find("rows");
  if (it == body.end() || !it->value().is_array()) {
    return Error::validation("rows", "rows must be a list");
  }
  const auto& rows = it->value().as_array();
  if (rows.size() > 2000) return Error::validation("rows", "at most 2000 rows at a time");
  RosterImport report;
  auto work = [&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    std::string region;
    FENGHUO_TRY(check_org(c, by, *org_id, &region));
    FENGHUO_ASSIGN(types, shift_types(c, *org_id, nullptr));
    std::int64_t number = 0;
    for (const auto& row : rows) {
      ++number;
      auto problem = [&](const Error& e) { report.errors.push_back({number, e.field, e.message}); };
      if (!row.is_object()) {
        problem(Error::validation("row", "each row is an object"));
        continue;
      }
      const auto& o = row.as_object();
      auto date = in::required_text(o, "date", 10);
      if (!date.ok()) {
        problem(date.error());
        continue;
      }
      if (!is_date(*date)) {
        problem(Error::validation("date", "date must be YYYY-MM-DD"));
        continue;
      }
      auto code = in::required_text(o, "shift", 20);
      if (!code.ok()) {
        problem(code.error());
        continue;
      }
      auto type = std::find_if(types.begin(), types.end(), [&](const ShiftType& t) {
        return t.code == *code || t.name == *code;
      });
      if (type == types.end()) {
        problem(Error::validation("shift",
                                  "shift " + *code + " is not one of this duty room's shifts"));
        continue;
      }
      std::optional<std::int64_t> leader;
      auto leader_text = in::text(o, "leader", 50);
      if (!leader_text.ok()) {
        problem(leader_text.error());
        continue;
      }
      if (*leader_text && !(*leader_text)->empty()) {
        auto id = member(c, *org_id, **leader_text, "leader");
        if (!id.ok()) {
          problem(id.error());
          continue;
        }
        leader = *id;
      }
      std::vector<std::int64_t> officers;
      auto officer_text = in::text(o, "officers", 500);
      if (!officer_text.ok()) {
        problem(officer_text.error());
        continue;
      }
      bool bad = false;
      // Officers separated by commas (, ，) or 、 or semicolons.
      std::string list = officer_text->value_or("");
      for (std::string_view sep : {"，", "、", "；", ";"}) {
        for (auto pos = list.find(sep); pos != std::string::npos; pos = list.find(sep, pos)) {
          list.replace(pos, sep.size(), ",");
        }
      }
      std::size_t start = 0;
      while (start < list.size()) {
        auto comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string who = list.substr(start, comma - start);
        who.erase(0, who.find_first_not_of(' '));
        who.erase(who.find_last_not_of(' ') + 1);
        start = comma + 1;
        if (who.empty()) continue;
        auto id = member(c, *org_id, who, "officers");
        if (!id.ok()) {
          problem(id.error());
          bad = true;
          break;
        }
        officers.push_back(*id);
      }
      if (bad) continue;
      FENGHUO_ASSIGN(existing, store::find_shift_version(c, *org_id, *date, type->code));
      std::optional<std::int64_t> version;
      if (existing) version = existing->version;
      auto written = write_shift(tx, by, *org_id, *date, *type, leader, officers, "", version);
      if (!written.ok()) return std::move(written).error();
      ++report.applied;
    }
    if (!report.errors.empty()) {
      report.applied = 0;
      return Error::validation("rows", "rejected");  // rolls back; the report says why
    }
    FENGHUO_TRY(audit_.append(tx, by,
                              {"duty.import", "organisation", std::to_string(*org_id), region, "",
                               std::to_string(report.applied) + " shifts"}));
    announce(tx, "shift", *org_id, region);
    if (dry_run.value_or(false)) return Error::validation("dry_run", "dry run");
    return {};
  };
  auto done = db_.transact(work);
  if (!done.ok() && done.error().field != "rows" && done.error().field != "dry_run") {
    return std::move(done).error();
  }
  return report;
}

Result<std::vector<OnDuty>> DutyService::on_duty(const Principal& by, const std::string& region) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  std::vector<OnDuty> out;
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(rows, store::on_duty(c, pattern, now));
    for (const auto& row : rows) {
      FENGHUO_ASSIGN(types, shift_types(c, row.shift.org_id, nullptr));
      FENGHUO_ASSIGN(s, shift_of(c, row.shift, types));
      out.push_back({s.org_id, row.org_name, row.region, std::move(s)});
    }
    return {};
  }));
  return out;
}

Result<std::vector<Recipient>> DutyService::recipients(const Principal& by, const std::string& text,
                                                       std::int64_t limit) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, ""));
  // The province and city codes above the caller's region (a county sees both, a city its
  // province, the province none).
  std::string province = by.region.substr(0, 2) + "0000";
  std::string city = by.region.substr(0, 4) + "00";
  std::vector<Recipient> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(orgs,
                   identity::correspondents(c, pattern, province, city, text, by.org_id, limit));
    for (auto& o : orgs) {
      // Inside the jurisdiction (the pattern above) or a bureau above it.
      std::string relation = by.covers(o.region) ? "jurisdiction" : "superior";
      out.push_back({o.id, std::move(o.name), std::move(o.region), std::move(o.region_name),
                     std::move(o.type), std::move(relation)});
    }
    return {};
  }));
  return out;
}

Result<LogEntry> DutyService::add_log(const Principal& by, const boost::json::object& body) {
  FENGHUO_TRY(in::only(body, {"kind", "text", "at", "incident_id"}));
  if (by.org_id == 0) return Error::forbidden("the duty log belongs to a duty room");
  FENGHUO_ASSIGN(kind, in::required_text(body, "kind", 10));
  if (kind != "call" && kind != "action" && kind != "note") {
    return Error::validation("kind", "kind must be call, action or note");
  }
  FENGHUO_ASSIGN(text, in::required_text(body, "text", 2000));
  FENGHUO_ASSIGN(at, in::time(body, "at"));
  FENGHUO_ASSIGN(incident, in::id(body, "incident_id"));
  std::int64_t now = clock_.now_ms();
  LogEntry e;
  e.org_id = by.org_id;
  e.at = at.value_or(now);
  if (e.at > now + 600000) return Error::validation("at", "at is in the future");
  e.kind = kind;
  e.text = text;
  e.incident_id = incident;
  e.author = by.name;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    std::string region;
    FENGHUO_TRY(check_org(c, by, by.org_id, &region));
    if (incident) {
      FENGHUO_ASSIGN(incident_region, incidents::incident_region(c, *incident));
      if (!incident_region || !by.covers(*incident_region)) {
        return Error::validation("incident_id", "incident not found");
      }
    }
    FENGHUO_ASSIGN(shift, store::shift_at(c, by.org_id, e.at));
    e.shift_id = shift;
    FENGHUO_ASSIGN(id, store::insert_log(c, e, by.id, now));
    e.id = id;
    FENGHUO_TRY(audit_.append(tx, by,
                              {"duty.log", "duty_log", std::to_string(e.id), region, "",
                               boost::json::serialize(to_json(e))}));
    announce(tx, "log", by.org_id, region);
    return {};
  }));
  return e;
}

Result<Page<LogEntry>> DutyService::log(const Principal& by, std::int64_t org_id,
                                        std::optional<std::int64_t> from,
                                        std::optional<std::int64_t> to, std::int64_t limit,
                                        std::int64_t offset) {
  Page<LogEntry> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(check_org(c, by, org_id));
    FENGHUO_ASSIGN(page, store::list_log(c, org_id, from.value_or(INT64_MIN),
                                         to.value_or(INT64_MAX), limit, offset));
    out = std::move(page);
    return {};
  }));
  return out;
}

Result<Handover> DutyService::hand_over(const Principal& by, const boost::json::object& body,
                                        const std::string& snapshot_json) {
  FENGHUO_TRY(in::only(body, {"notes", "to_user_id"}));
  if (by.org_id == 0 || by.kind != Principal::Kind::kUser) {
    return Error::forbidden("a handover is signed by a duty officer");
  }
  FENGHUO_ASSIGN(to, in::id(body, "to_user_id"));
  if (!to) return Error::validation("to_user_id", "name the colleague who takes over");
  if (*to == by.id) return Error::validation("to_user_id", "hand over to someone else");
  FENGHUO_ASSIGN(notes, in::text(body, "notes", 5000));
  Handover h;
  h.org_id = by.org_id;
  h.notes = notes.value_or("");
  h.snapshot_json = snapshot_json;
  h.created_at = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    std::string region;
    FENGHUO_TRY(check_org(c, by, by.org_id, &region));
    FENGHUO_ASSIGN(active, active_member(c, *to, by.org_id));
    if (!active) {
      return Error::validation("to_user_id",
                               "the colleague must be an active member of your organisation");
    }
    FENGHUO_ASSIGN(from_person, person(c, by.id));
    FENGHUO_ASSIGN(to_person, person(c, *to));
    if (from_person) h.from = *from_person;
    if (to_person) h.to = *to_person;
    FENGHUO_ASSIGN(id, store::insert_handover(c, {0, by.org_id, by.id, *to, h.notes,
                                                  h.snapshot_json, h.created_at, std::nullopt}));
    h.id = id;
    FENGHUO_TRY(audit_.append(tx, by,
                              {"duty.handover", "handover", std::to_string(h.id), region, "",
                               boost::json::serialize(to_json(h))}));
    announce(tx, "handover", by.org_id, region);
    return {};
  }));
  return h;
}

Result<Handover> DutyService::accept(const Principal& by, std::int64_t id) {
  Handover h;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(row, store::find_handover(c, id));
    if (!row) return Error::not_found("handover not found");
    std::string region;
    FENGHUO_TRY(check_org(c, by, row->org_id, &region));
    if (row->to_user_id != by.id) {
      return Error::forbidden("only the colleague it was handed to signs a handover");
    }
    if (row->accepted_at) return Error::conflict("the handover was signed already");
    FENGHUO_ASSIGN(loaded, handover_of(c, std::move(*row)));
    h = std::move(loaded);
    h.accepted_at = clock_.now_ms();
    FENGHUO_TRY(store::accept_handover(c, id, *h.accepted_at));
    FENGHUO_TRY(audit_.append(
        tx, by, {"duty.handover.accept", "handover", std::to_string(id), region, "", ""}));
    announce(tx, "handover", h.org_id, region);
    return {};
  }));
  return h;
}

Result<Page<Handover>> DutyService::handovers(const Principal& by, std::int64_t org_id,
                                              std::int64_t limit, std::int64_t offset) {
  Page<Handover> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(check_org(c, by, org_id));
    FENGHUO_ASSIGN(page, store::list_handovers(c, org_id, limit, offset));
    out.total = page.total;
    for (auto& row : page.items) {
      FENGHUO_ASSIGN(h, handover_of(c, std::move(row)));
      out.items.push_back(std::move(h));
    }
    return {};
  }));
  return out;
}

namespace {
constexpr std::string_view kShiftAt =
    "SELECT leader_id, officer_ids_json FROM duty_shifts WHERE org_id = $1 AND starts_at <= $2 "
    "AND ends_at > $2 ORDER BY starts_at DESC LIMIT 1";
}  // namespace

Result<std::optional<DutyNow>> on_duty_now(db::Connection& c, std::int64_t org_id,
                                           std::int64_t now) {
  FENGHUO_ASSIGN(rows, c.query(kShiftAt, {org_id, now}));
  if (rows.empty()) return std::optional<DutyNow>();
  DutyNow out;
  out.leader_id = rows.opt_i64(0, 0);
  boost::system::error_code ec;
  auto officers = boost::json::parse(rows.text(0, 1), ec);
  if (!ec && officers.is_array()) {
    for (const auto& v : officers.as_array()) {
      if (v.is_int64()) out.officer_ids.push_back(v.as_int64());
    }
  }
  return std::optional<DutyNow>(std::move(out));
}

}  // namespace fenghuo::duty

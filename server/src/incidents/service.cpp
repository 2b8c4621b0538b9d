#include "incidents/service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_input.h"
#include "incidents/store.h"
#include "storage/files.h"

namespace fenghuo::incidents {
namespace {

// An intake may say an incident happened a little in the future of the server's clock
// (a phone's clock ahead); more than this is a typing error.
constexpr std::int64_t kFutureSlackMs = 10 * 60 * 1000;

std::string serialize(const Incident& x, std::int64_t now) {
  return boost::json::serialize(to_json(x, now));
}

Result<IncidentType> type_of(db::Connection& c, const std::string& code) {
  auto rows = c.query(
      "SELECT code, name, name_en, parent, category, grading, sort FROM incident_types "
      "WHERE code = $1",
      {code});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) {
    return Error::validation("type", "type " + code + " is not in the incident type tree");
  }
  return IncidentType{rows->text(0, 0),
                      rows->text(0, 1),
                      rows->text(0, 2),
                      rows->text(0, 3),
                      rows->text(0, 4),
                      rows->text(0, 5),
                      static_cast<int>(rows->i64(0, 6))};
}

Status check_region(db::Connection& c, const Principal& by, const std::string& region) {
  auto rows = c.query("SELECT 1 FROM regions WHERE code = $1", {region});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::validation("region", "region " + region + " is not known");
  if (!by.covers(region)) {
    return Error{ErrorCode::kForbidden, "region " + region + " is outside your jurisdiction",
                 "region"};
  }
  return {};
}

// Why an incident falls under stricter limits: its level (raised from `before`'s), or the
// circumstances of a fire that is reported at once.
std::string escalation_reason(const Incident& x, const std::optional<Incident>& before) {
  std::string why;
  std::string name(level_name(x.level, x.grading));
  if (before && level_rank(x.level) < level_rank(before->level)) {
    why = "事件级别由" + std::string(level_name(before->level, before->grading)) + "升为" + name +
          "(" + x.level + ")";
  } else {
    why = "事件为" + name + "(" + x.level + ")";
  }
  auto reasons = at_once_reasons(x);
  if (!reasons.empty()) {
    why += "；森林草原火灾须立即报告（森林防火条例第三十二条）：";
    for (std::size_t i = 0; i < reasons.size(); ++i) why += (i ? "、" : "") + reasons[i];
  }
  return why;
}

// fire_conditions belong to forest and grassland fires: given for another type they are refused;
// kept from before a change of type, they are dropped.
Status check_fire_conditions(Incident& x, const boost::json::object& in) {
  if (x.grading.find("fire") != std::string::npos || x.fire_conditions.empty()) return {};
  if (in.contains("fire_conditions")) {
    return Error::validation("fire_conditions",
                             "fire_conditions apply to forest and grassland fires only");
  }
  x.fire_conditions.clear();
  return {};
}

Result<Incident> incident_only(Result<IncidentDetail> detail) {
  if (!detail.ok()) return std::move(detail).error();
  return std::move(detail.value().incident);
}

}  // namespace

Status DeadlineRules::parse_levels(std::string_view text, Levels& minutes, const std::string& key,
                                   bool every_level) {
  Levels parsed = {-1, -1, -1, -1};
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    auto part = text.substr(start, comma - start);
    auto eq = part.find('=');
    int rank = eq == std::string_view::npos ? 0 : level_rank(part.substr(0, eq));
    int value = 0;
    bool ok = rank != 0 && eq + 1 < part.size();
    for (std::size_t i = eq + 1; ok && i < part.size(); ++i) {
      if (part[i] < '0' || part[i] > '9' || value > 100000)
        ok = false;
      else
        value = value * 10 + (part[i] - '0');
    }
    if (!ok || value <= 0) {
      return Error::validation(key, key + " must read like I=60,II=60,III=60,IV=60 (minutes)");
    }
    parsed[rank - 1] = value;
    start = comma + 1;
  }
  for (int i = 0; i < 4; ++i) {
    if (parsed[i] < 0 && every_level) {
      return Error::validation(key,
                               key + " has no value for level " + std::string(level_code(i + 1)));
    }
    minutes[i] = std::max(parsed[i], 0);
  }
  return {};
}

Status DeadlineRules::parse_days(std::string_view text,
                                 std::map<std::string, int, std::less<>>& days,
                                 const std::string& key) {
  std::map<std::string, int, std::less<>> parsed;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    auto part = text.substr(start, comma - start);
    auto eq = part.find('=');
    std::string code(part.substr(0, eq == std::string_view::npos ? 0 : eq));
    int value = 0;
    bool ok = !code.empty() && code.size() <= 20 && eq + 1 < part.size();
    for (std::size_t i = eq + 1; ok && i < part.size(); ++i) {
      if (part[i] < '0' || part[i] > '9' || value > 1000)
        ok = false;
      else
        value = value * 10 + (part[i] - '0');
    }
    if (!ok || value < 1 || value > 365 || parsed.contains(code)) {
      return Error::validation(key, key +
                                        " must read like A07=7,A08=7,*=30 (type code = days, "
                                        "1 to 365, each code once)");
    }
    parsed[code] = value;
    start = comma + 1;
  }
  if (!parsed.contains("*")) {
    return Error::validation(key, key + " needs *=days for the types not named");
  }
  days = std::move(parsed);
  return {};
}

int DeadlineRules::relay_minutes(std::string_view kind, int rank) const {
  auto it = relay.find(kind);
  if (it == relay.end() || rank < 1 || rank > 4) return 0;
  return it->second[rank - 1];
}

Result<DeadlineRules> DeadlineRules::from_config(const Config& config) {
  const auto& c = config.reporting;
  DeadlineRules rules;
  FENGHUO_TRY(parse_levels(c.first_report, rules.first_report, "reporting.first_report"));
  rules.approval_sms_after_min = config.notify.approval_sms_after_min;
  FENGHUO_TRY(parse_levels(c.update_interval, rules.update_interval, "reporting.update_interval"));
  FENGHUO_TRY(parse_levels(c.phone_report, rules.phone_report, "reporting.phone_report", false));
  FENGHUO_TRY(parse_levels(c.relay_phone, rules.relay["phone"], "reporting.relay_phone", false));
  Levels written = rules.relay["first"];
  if (c.relay_minutes != 0 && !c.relay.empty()) {
    return Error::validation("reporting.relay_minutes",
                             "reporting.relay_minutes was replaced by reporting.relay "
                             "(I=..,II=..,III=..,IV=..); remove relay_minutes");
  }
  if (!c.relay.empty()) {
    FENGHUO_TRY(parse_levels(c.relay, written, "reporting.relay"));
  } else if (c.relay_minutes != 0) {
    for (int i = 0; i < 4; ++i) {
      written[i] = i < 2 ? std::min(written[i], c.relay_minutes) : c.relay_minutes;
    }
  }
  const std::pair<const char*, const std::string*> kinds[] = {{"first", &c.relay_first},
                                                              {"update", &c.relay_update},
                                                              {"final", &c.relay_final},
                                                              {"supplement", &c.relay_supplement}};
  for (const auto& [kind, text] : kinds) {
    rules.relay[kind] = written;
    if (!text->empty()) {
      FENGHUO_TRY(
          parse_levels(*text, rules.relay[kind], "reporting.relay_" + std::string(kind), false));
    }
  }
  FENGHUO_TRY(parse_days(c.supplement_days, rules.supplement_days, "reporting.supplement_days"));
  return rules;
}

IncidentService::IncidentService(db::Database& db, const Clock& clock, const audit::Log& audit,
                                 realtime::Bus& bus, notify::Notifier& notifier,
                                 storage::FileStore& files, Grading grading, DeadlineRules rules,
                                 std::shared_ptr<const resources::Boundaries> boundaries)
    : db_(db),
      clock_(clock),
      audit_(audit),
      bus_(bus),
      notifier_(notifier),
      files_(files),
      grading_(std::move(grading)),
      rules_(rules),
      boundaries_(std::move(boundaries)) {}

IncidentService::~IncidentService() = default;

Status IncidentService::sync_types() {
  return db_.transact([](db::Transaction& tx) { return incidents::sync_types(tx); });
}

Result<std::vector<IncidentType>> IncidentService::types() {
  std::vector<IncidentType> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(loaded, load_types(c));
    out = std::move(loaded);
    return {};
  }));
  return out;
}

Result<int> IncidentService::import_types(const Principal& by, std::string_view json) {
  int written = 0;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(n, incidents::import_types(tx, json));
    written = n;
    return audit_.append(
        tx, by,
        {"incident_types.import", "incident_type", "", "", "", std::to_string(n) + " types"});
  }));
  return written;
}

std::optional<Grade> IncidentService::rule_grade(const Incident& x) const {
  if (x.level_source != "rules") return std::nullopt;
  Grade g = grading_.grade(x.grading, x.grading_inputs(), x.occurred_at);
  if (g.level != x.level) return std::nullopt;
  return g;
}

Status IncidentService::regrade(Incident& x) {
  if (x.level_source == "override") return {};
  Status status;
  std::string scheme;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(type, type_of(c, x.type));
    scheme = type.grading;
    x.type_name = type.name;
    x.category = type.category;
    x.grading = type.grading;
    return {};
  }));
  Grade g = grading_.grade(scheme, x.grading_inputs(), x.occurred_at);
  x.level = g.level;
  x.level_reason = g.reason;
  return {};
}

Result<Incident> IncidentService::load_visible(db::Connection& c, const Principal& by,
                                               std::int64_t id) {
  FENGHUO_ASSIGN(x, store::find_incident(c, id));
  if (by.covers(x.region)) return x;
  if (by.org_id != 0) {
    FENGHUO_ASSIGN(received, store::org_received_incident(c, id, by.org_id));
    if (received) return x;
  }
  return Error::not_found("incident not found");
}

Status IncidentService::record(db::Transaction& tx, const Principal& by, const Incident& x,
                               const std::string& action, const std::string& detail) {
  std::string org_name;
  if (by.org_id != 0) {
    auto o = store::org(tx.connection(), by.org_id);
    if (o.ok()) org_name = o->name;
  }
  return store::insert_event(tx.connection(), x.id,
                             {clock_.now_ms(), by.name, org_name, action, detail});
}

void IncidentService::announce(db::Transaction& tx, const Incident& x, const char* event) {
  bus_.publish_after_commit(tx, {"incidents", event, serialize(x, clock_.now_ms()), x.region});
}

Result<Incident> IncidentService::create(const Principal& by, const boost::json::object& in,
                                         const Origin& origin) {
  if (by.org_id == 0) {
    return Error::forbidden("an intake belongs to a duty room: sign in as a user of one");
  }
  Incident x;
  std::optional<std::vector<std::int64_t>> attachment_ids;
  FENGHUO_TRY(apply_input(x, in, true, &attachment_ids));
  std::int64_t now = clock_.now_ms();
  if (x.occurred_at > now + kFutureSlackMs) {
    return Error::validation("occurred_at", "occurred_at is in the future");
  }
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(check_region(c, by, x.region));
    if (x.lon && x.lat && boundaries_)
      FENGHUO_TRY(boundaries_->check_point(x.region, *x.lon, *x.lat));
    if (attachment_ids) {
      FENGHUO_ASSIGN(files, store::files(c, *attachment_ids));
      x.attachments = std::move(files);
    }
    return {};
  }));
  if (attachment_ids) FENGHUO_TRY(check_attachable(by, *attachment_ids, {}));
  FENGHUO_TRY(regrade(x));
  FENGHUO_TRY(check_fire_conditions(x, in));
  x.received_at = now;
  x.created_at = now;
  x.updated_at = now;
  x.org_id = by.org_id;
  x.created_by = by.name;
  x.source_alarm_id = origin.alarm_id;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(id, store::insert_incident(tx.connection(), x));
    FENGHUO_ASSIGN(stored, store::find_incident(tx.connection(), id));
    x = std::move(stored);
    if (origin.link) FENGHUO_TRY(origin.link(tx, x));
    FENGHUO_TRY(
        store::insert_level(tx.connection(), id, {x.level, x.level_reason, "rules", now, by.name}));
    FENGHUO_TRY(store::insert_intake(tx.connection(), id,
                                     {now, by.name, x.reporting_unit, x.reporter_name,
                                      x.reporter_phone, x.description, std::nullopt}));
    FENGHUO_TRY(
        record(tx, by, x, "incident.create",
               x.title + "；" + std::string(level_name(x.level, x.grading)) + "(" + x.level + ")"));
    FENGHUO_TRY(audit_.append(
        tx, by,
        {"incident.create", "incident", std::to_string(id), x.region, "", serialize(x, now)}));
    int rank = reporting_rank(x);
    FENGHUO_ASSIGN(first, draft_report(tx, by, x, "first",
                                       now + std::int64_t{rules_.first_report[rank - 1]} * 60000));
    x.next_due_at = first.due_at;
    // 重特大 (or a fire to report at once): a phone report too, and everyone told now.
    if (rules_.phone_report[rank - 1] > 0 || rank < level_rank(x.level)) {
      FENGHUO_TRY(escalate(tx, by, x, escalation_reason(x, std::nullopt)));
    }
    announce(tx, x, "created");
    return {};
  }));
  return incident_only(get(by, x.id));
}

Result<IncidentDetail> IncidentService::get(const Principal& by, std::int64_t id) {
  IncidentDetail d;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(x, load_visible(c, by, id));
    d.incident = std::move(x);
    FENGHUO_ASSIGN(levels, store::levels_of(c, id));
    d.levels = std::move(levels);
    FENGHUO_ASSIGN(intakes, store::intakes_of(c, id));
    d.intakes = std::move(intakes);
    return {};
  }));
  return d;
}

Result<Page<Incident>> IncidentService::list(const Principal& by, const IncidentQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  Page<Incident> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(page, store::list_incidents(c, pattern, q));
    out = std::move(page);
    return {};
  }));
  return out;
}

Result<Incident> IncidentService::update(const Principal& by, std::int64_t id,
                                         const boost::json::object& in) {
  FENGHUO_ASSIGN(version, json_input::version(in));
  std::int64_t now = clock_.now_ms();
  Incident before, x;
  std::optional<std::vector<std::int64_t>> attachment_ids;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, load_visible(c, by, id));
    if (!by.covers(found.region)) return Error::not_found("incident not found");
    before = found;
    x = std::move(found);
    if (x.status == "merged") {
      return Error::conflict("status", "the incident was merged into another; edit that one");
    }
    FENGHUO_TRY(apply_input(x, in, false, &attachment_ids));
    if (x.region != before.region) FENGHUO_TRY(check_region(c, by, x.region));
    if (x.lon && x.lat && boundaries_ &&
        (x.lon != before.lon || x.lat != before.lat || x.region != before.region)) {
      FENGHUO_TRY(boundaries_->check_point(x.region, *x.lon, *x.lat));
    }
    if (attachment_ids) {
      FENGHUO_ASSIGN(files, store::files(c, *attachment_ids));
      x.attachments = std::move(files);
    }
    return {};
  }));
  if (attachment_ids) FENGHUO_TRY(check_attachable(by, *attachment_ids, before.attachments));
  if (x.occurred_at > now + kFutureSlackMs) {
    return Error::validation("occurred_at", "occurred_at is in the future");
  }
  FENGHUO_TRY(regrade(x));
  FENGHUO_TRY(check_fire_conditions(x, in));
  x.updated_at = now;
  bool casualties_changed = x.deaths != before.deaths || x.missing != before.missing ||
                            x.injured != before.injured ||
                            x.seriously_injured != before.seriously_injured;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_TRY(store::update_incident(tx.connection(), x, version));
    x.version = version + 1;
    if (x.level != before.level) {
      FENGHUO_TRY(store::insert_level(tx.connection(), id,
                                      {x.level, x.level_reason, "rules", now, by.name}));
      FENGHUO_TRY(record(tx, by, x, "incident.level",
                         before.level + " → " + x.level + "：" + x.level_reason));
    }
    FENGHUO_TRY(record(tx, by, x, "incident.update", "事件信息已更新"));
    if (reporting_rank(x) < reporting_rank(before)) {
      FENGHUO_TRY(escalate(tx, by, x, escalation_reason(x, before)));
    }
    FENGHUO_TRY(audit_.append(tx, by,
                              {"incident.update", "incident", std::to_string(id), x.region,
                               serialize(before, now), serialize(x, now)}));
    // 补报: casualties changed after the final report, within the window of the type.
    if (casualties_changed && by.org_id == x.org_id) {
      FENGHUO_ASSIGN(reports, store::reports_of(tx.connection(), id));
      bool final_sent = false, open_supplement = false;
      for (const auto& r : reports) {
        if (r.org_id != x.org_id) continue;
        if (r.kind == "final" && r.status == "sent") final_sent = true;
        if (r.kind == "supplement" && r.status != "sent") open_supplement = true;
      }
      FENGHUO_ASSIGN(tree, load_types(tx.connection()));
      std::int64_t window =
          std::int64_t{supplement_window_days(x.type, tree, rules_.supplement_days)} * 86400000;
      if (final_sent && !open_supplement && now - x.occurred_at <= window) {
        int rank = level_rank(x.level);
        FENGHUO_TRY(draft_report(tx, by, x, "supplement",
                                 now + std::int64_t{rules_.first_report[rank - 1]} * 60000)
                        .status());
      }
    }
    announce(tx, x, "updated");
    return {};
  }));
  return incident_only(get(by, id));
}

Result<Incident> IncidentService::set_level(const Principal& by, std::int64_t id,
                                            const std::string& level, const std::string& reason,
                                            std::int64_t version) {
  if (!is_level(level)) return Error::validation("level", "level must be I, II, III or IV");
  if (reason.empty()) {
    return Error::validation("reason", "a changed level needs the reason (研判依据)");
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(x, load_visible(tx.connection(), by, id));
    if (!by.covers(x.region)) return Error::not_found("incident not found");
    if (x.status == "merged") return Error::conflict("the incident was merged into another");
    Incident before = x;
    x.level = level;
    x.level_reason = reason;
    x.level_source = "override";
    x.updated_at = now;
    FENGHUO_TRY(store::update_incident(tx.connection(), x, version));
    x.version = version + 1;
    FENGHUO_TRY(
        store::insert_level(tx.connection(), id, {level, reason, "override", now, by.name}));
    FENGHUO_TRY(record(tx, by, x, "incident.level",
                       before.level + " → " + level + "（领导调整）：" + reason));
    if (reporting_rank(x) < reporting_rank(before)) {
      FENGHUO_TRY(escalate(tx, by, x, escalation_reason(x, before)));
    }
    FENGHUO_TRY(audit_.append(tx, by,
                              {"incident.level", "incident", std::to_string(id), x.region,
                               serialize(before, now), serialize(x, now)}));
    announce(tx, x, "updated");
    return {};
  }));
  return incident_only(get(by, id));
}

Result<Incident> IncidentService::set_status(const Principal& by, std::int64_t id,
                                             const std::string& status, const std::string& note,
                                             std::int64_t version) {
  if (status != "received" && status != "responding" && status != "closed") {
    return Error::validation("status", "status must be received, responding or closed");
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(x, load_visible(tx.connection(), by, id));
    if (!by.covers(x.region)) return Error::not_found("incident not found");
    if (x.status == "merged") return Error::conflict("the incident was merged into another");
    if (x.status == status) {
      return Error::conflict("status",
                             "the incident is " + std::string(status_name(status)) + " already");
    }
    Incident before = x;
    x.status = status;
    x.updated_at = now;
    FENGHUO_TRY(store::update_incident(tx.connection(), x, version));
    x.version = version + 1;
    std::string detail =
        std::string(status_name(before.status)) + " → " + std::string(status_name(status));
    if (before.status == "closed") detail += "（重新打开）";
    if (!note.empty()) detail += "：" + note;
    FENGHUO_TRY(record(tx, by, x, "incident.status", detail));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"incident.status", "incident", std::to_string(id), x.region,
                               serialize(before, now), serialize(x, now)}));
    announce(tx, x, "updated");
    return {};
  }));
  return incident_only(get(by, id));
}

Result<Incident> IncidentService::merge(const Principal& by, std::int64_t id, std::int64_t into,
                                        std::int64_t version) {
  if (id == into) return Error::validation("into", "an incident cannot be merged into itself");
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(dup, load_visible(c, by, id));
    if (!by.covers(dup.region)) return Error::not_found("incident not found");
    auto target = load_visible(c, by, into);
    if (!target.ok() || !by.covers(target->region)) {
      return Error::validation("into", "incident " + std::to_string(into) + " not found");
    }
    if (dup.status == "merged") return Error::conflict("the incident was merged already");
    if (target->status == "merged") {
      return Error::validation("into", "that incident was itself merged into another");
    }
    Incident before = dup;
    dup.status = "merged";
    dup.merged_into = into;
    dup.updated_at = now;
    FENGHUO_TRY(store::update_incident(c, dup, version));
    dup.version = version + 1;
    FENGHUO_TRY(store::move_intakes(c, id, into));
    // The duplicate's unsent reports are kept (nothing typed is lost) but no longer fall due.
    auto n = c.execute(
        "UPDATE reports SET due_at = NULL, version = version + 1 WHERE incident_id = $1 "
        "AND status <> 'sent'",
        {id});
    if (!n.ok()) return n.error();
    FENGHUO_TRY(record(tx, by, dup, "incident.merge",
                       "合并到事件 " + std::to_string(into) + "：" + target->title));
    FENGHUO_TRY(record(tx, by, *target, "incident.merge",
                       "并入重复接报 " + std::to_string(id) + "：" + dup.title));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"incident.merge", "incident", std::to_string(id), dup.region,
                               serialize(before, now), serialize(dup, now)}));
    announce(tx, dup, "updated");
    announce(tx, *target, "updated");
    return {};
  }));
  return incident_only(get(by, into));
}

Result<std::vector<TimelineEntry>> IncidentService::timeline(const Principal& by, std::int64_t id) {
  std::vector<TimelineEntry> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(load_visible(c, by, id).status());
    FENGHUO_ASSIGN(events, store::events_of(c, id));
    out = std::move(events);
    return {};
  }));
  return out;
}

Status IncidentService::check_incident(const Principal& by, std::int64_t id) {
  return db_.read([&](db::Connection& c) { return load_visible(c, by, id).status(); });
}

Status IncidentService::check_attachment(const Principal& by, std::int64_t incident_id,
                                         std::int64_t file_id) {
  return db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(x, load_visible(c, by, incident_id));
    for (const auto& a : x.attachments) {
      if (a.id == file_id) return {};
    }
    return Error::not_found("attachment not found");
  });
}

Result<bool> IncidentService::attaches_visible(const Principal& by, std::int64_t file_id) {
  if (!by.has("incidents.read")) return false;
  bool found = false;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(ids, store::incidents_attaching(c, file_id));
    for (auto id : ids) {
      if (load_visible(c, by, id).ok()) {
        found = true;
        break;
      }
    }
    return {};
  }));
  return found;
}

Status IncidentService::check_attachable(const Principal& by, const std::vector<std::int64_t>& ids,
                                         const std::vector<Attachment>& attached) {
  for (auto id : ids) {
    // What the incident already holds stays, whoever edits it now.
    bool kept = std::any_of(attached.begin(), attached.end(),
                            [id](const Attachment& a) { return a.id == id; });
    if (!kept) FENGHUO_TRY(files_.attachable(by, id, "attachments").status());
  }
  return {};
}

Result<std::vector<Incident>> IncidentService::open_incidents(const Principal& by) {
  IncidentQuery q;
  q.limit = 200;
  std::vector<Incident> out;
  for (const char* status : {"received", "responding"}) {
    q.status = status;
    FENGHUO_ASSIGN(page, list(by, q));
    for (auto& x : page.items) out.push_back(std::move(x));
  }
  return out;
}

Result<IncidentService::Counts> IncidentService::counts(const Principal& by,
                                                        const std::string& region,
                                                        std::int64_t from, std::int64_t to) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, region));
  Counts out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    constexpr std::string_view kWhere =
        "WHERE i.region_code LIKE $1 AND i.drill = 0 AND i.status <> 'merged' "
        "AND i.occurred_at >= $2 AND i.occurred_at < $3 ";
    auto levels = c.query(
        "SELECT i.level, COUNT(*) FROM incidents i " + std::string(kWhere) + "GROUP BY i.level",
        {pattern, from, to});
    if (!levels.ok()) return std::move(levels).error();
    for (std::size_t i = 0; i < levels->size(); ++i) {
      int rank = level_rank(levels->text(i, 0));
      if (rank) out.by_level[rank - 1] = levels->i64(i, 1);
      out.total += levels->i64(i, 1);
    }
    auto types = c.query(
        "SELECT i.type_code, COALESCE(t.name, ''), COUNT(*) FROM incidents i LEFT JOIN "
        "incident_types t ON t.code = i.type_code " +
            std::string(kWhere) +
            "GROUP BY i.type_code, t.name ORDER BY COUNT(*) DESC, i.type_code",
        {pattern, from, to});
    if (!types.ok()) return std::move(types).error();
    for (std::size_t i = 0; i < types->size(); ++i) {
      out.by_type.emplace_back(types->text(i, 0), types->text(i, 1), types->i64(i, 2));
    }
    auto regions = c.query(
        "SELECT i.region_code, COALESCE(g.name, ''), COUNT(*) FROM incidents i LEFT JOIN "
        "regions g ON g.code = i.region_code " +
            std::string(kWhere) +
            "GROUP BY i.region_code, g.name ORDER BY COUNT(*) DESC, i.region_code",
        {pattern, from, to});
    if (!regions.ok()) return std::move(regions).error();
    for (std::size_t i = 0; i < regions->size(); ++i) {
      out.by_region.emplace_back(regions->text(i, 0), regions->text(i, 1), regions->i64(i, 2));
    }
    return {};
  }));
  return out;
}

Result<std::optional<std::string>> incident_region(db::Connection& c, std::int64_t id) {
  auto x = store::find_incident(c, id);
  if (x.ok()) return std::optional<std::string>(x->region);
  if (x.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
  return std::move(x).error();
}

}  // namespace fenghuo::incidents

// The report workflow of IncidentService: drafts prefilled from the incident, approval inside
// the organisation, sending up and forwarding, signing for received reports, due times.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "identity/directory.h"
#include "incidents/service.h"
#include "incidents/store.h"

namespace fenghuo::incidents {
namespace {

constexpr std::int64_t kChinaOffsetMs = 8 * 3600 * 1000;

// "2026-11-29 08:00" in Asia/Shanghai (no daylight saving time).
std::string china_time(std::int64_t ms) {
  std::string t = format_rfc3339(ms + kChinaOffsetMs);  // 2026-11-29T08:00:00.000Z
  return t.substr(0, 10) + " " + t.substr(11, 5);
}

std::string serialize(const Report& r, std::int64_t now) {
  return boost::json::serialize(to_json(r, now));
}

// The 409 for a report saved from a version that is no longer the stored one.
Error stale_report(db::Connection& c, std::int64_t id) {
  auto miss = db::version_miss(c, "SELECT version FROM reports WHERE id = $1", id, "the report");
  return miss.ok() ? Error::conflict("version", "the report was changed by someone else")
                   : std::move(miss).error();
}

// Whether a bureau that received a report from below passes it on up at level `rank` (一般 to
// the city, 较大 to the province, 重大 and above to the national level).
bool relays_onward(const store::OrgRow& o, bool has_parent, int rank) {
  if (o.type != "emergency_bureau" || !has_parent) return false;
  bool county = o.region.size() == 6 && o.region.substr(4) != "00";
  bool city = !county && o.region.size() == 6 && o.region.substr(2) != "0000";
  return county || (city ? rank <= 3 : rank <= 2);
}

std::vector<notify::Person> merged(std::vector<notify::Person> a,
                                   const std::vector<notify::Person>& b) {
  for (const auto& p : b) {
    bool known = false;
    for (const auto& q : a) known = known || q.id == p.id;
    if (!known) a.push_back(p);
  }
  return a;
}

// 首报, 续报(2) ...
std::string kind_label(std::string_view kind, std::int64_t seq) {
  std::string s(report_kind_name(kind));
  if (kind == "update" || kind == "supplement") s += "(" + std::to_string(seq) + ")";
  return s;
}

std::string label(const Report& r) { return kind_label(r.kind, r.seq); }

}  // namespace

void IncidentService::announce_report(db::Transaction& tx, const Report& r, const char* event) {
  boost::json::array orgs;
  orgs.push_back(boost::json::value(std::to_string(r.org_id)));
  for (const auto& d : r.deliveries) orgs.push_back(boost::json::value(std::to_string(d.org_id)));
  boost::json::object data{{"id", std::to_string(r.id)},
                           {"incident_id", std::to_string(r.incident_id)},
                           {"status", r.status},
                           {"org_ids", std::move(orgs)}};
  bus_.publish_after_commit(tx,
                            {"reports", event, boost::json::serialize(data), r.incident_region});
}

Result<Report> IncidentService::load_report(db::Connection& c, const Principal& by,
                                            std::int64_t id) {
  FENGHUO_ASSIGN(r, store::find_report(c, id));
  if (by.kind == Principal::Kind::kSystem || (by.org_id != 0 && r.org_id == by.org_id)) return r;
  for (const auto& d : r.deliveries) {
    if (by.org_id != 0 && d.org_id == by.org_id) return r;
  }
  return Error::not_found("report not found");
}

Result<Report> IncidentService::draft_report(db::Transaction& tx, const Principal& by,
                                             const Incident& x, const std::string& kind,
                                             std::optional<std::int64_t> due_at,
                                             std::int64_t org_id) {
  auto& c = tx.connection();
  if (org_id == 0) org_id = by.org_id;
  std::int64_t now = clock_.now_ms();
  Report r;
  r.incident_id = x.id;
  r.incident_title = x.title;
  r.incident_region = x.region;
  r.drill = x.drill;
  r.kind = kind;
  r.org_id = org_id;
  r.level = x.level;
  r.due_at = due_at;
  r.created_by = by.name;
  r.created_at = now;
  r.updated_at = now;
  FENGHUO_ASSIGN(seq, store::next_seq(c, x.id, org_id, kind));
  r.seq = seq;
  // Prefilled: what the previous report of this organisation said, with the incident's facts.
  FENGHUO_ASSIGN(earlier, store::reports_of(c, x.id));
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    if (it->org_id == org_id) {
      r.content = it->content;
      break;
    }
  }
  FENGHUO_ASSIGN(org, store::org(c, org_id));
  r.org_name = org.name;
  // 报告单位 is the duty room that reports (not the caller's unit), 联系电话 the phone of the
  // one who drafts it, 地点 the address with the county once.
  ReportContent& k = r.content;
  if (k.unit.empty()) k.unit = org.name;
  k.occurred_at = china_time(x.occurred_at);
  if (k.place.empty()) {
    bool named = !x.region_name.empty() && x.address.find(x.region_name) != std::string::npos;
    k.place = named ? x.address : x.region_name + x.address;
  }
  if (k.summary.empty()) k.summary = x.description;
  k.deaths = x.deaths;
  k.missing = x.missing;
  k.injured = x.injured;
  k.seriously_injured = x.seriously_injured;
  k.trapped = x.trapped;
  k.direct_loss_yuan = x.direct_loss_yuan;
  if (k.reporter_name.empty()) k.reporter_name = by.name;
  if (k.reporter_phone.empty() && by.kind == Principal::Kind::kUser) {
    FENGHUO_ASSIGN(drafter, identity::user_in(c, by.id));
    if (drafter) k.reporter_phone = drafter->phone;
  }
  FENGHUO_ASSIGN(id, store::insert_report(c, r));
  r.id = id;
  std::string detail = org.name + " " + label(r) + "草稿";
  if (due_at) detail += "，应于 " + china_time(*due_at) + " 前报送";
  FENGHUO_TRY(record(tx, by, x, "report.create", detail));
  FENGHUO_TRY(audit_.append(
      tx, by, {"report.create", "report", std::to_string(id), x.region, "", serialize(r, now)}));
  announce_report(tx, r, "changed");
  return r;
}

Status IncidentService::escalate(db::Transaction& tx, const Principal& by, const Incident& x,
                                 const std::string& why) {
  auto& c = tx.connection();
  std::int64_t now = clock_.now_ms();
  int rank = reporting_rank(x);
  FENGHUO_ASSIGN(all, store::reports_of(c, x.id));
  bool final_sent = false, first_exists = false;
  const Report* open_phone = nullptr;
  const Report* open_written = nullptr;
  for (const auto& r : all) {
    if (r.org_id != x.org_id) continue;
    if (r.kind == "first") first_exists = true;
    if (r.kind == "final" && r.status == "sent") final_sent = true;
    if (r.status == "sent") continue;
    if (r.kind == "phone") {
      if (open_phone == nullptr) open_phone = &r;
    } else if (open_written == nullptr || r.kind == "first") {
      open_written = &r;
    }
  }
  // Each report falls due on the new limit from now, unless it was due sooner already.
  std::vector<std::string> asks;
  auto due_by = [&](const Report* open, const std::string& kind, int minutes) -> Status {
    std::int64_t due = now + std::int64_t{minutes} * 60000;
    if (open == nullptr) {
      FENGHUO_TRY(draft_report(tx, by, x, kind, due, x.org_id).status());
    } else if (!open->due_at || due < *open->due_at) {
      FENGHUO_TRY(store::set_report_due(c, open->id, due, now));
      FENGHUO_ASSIGN(moved, store::find_report(c, open->id));
      announce_report(tx, moved, "changed");
    } else {
      due = *open->due_at;
    }
    asks.push_back(std::string(report_kind_name(open ? open->kind : kind)) + "应于 " +
                   china_time(due) + " 前报送");
    return {};
  };
  if (!final_sent && x.status != "merged") {
    if (rules_.phone_report[rank - 1] > 0) {
      FENGHUO_TRY(due_by(open_phone, "phone", rules_.phone_report[rank - 1]));
    }
    FENGHUO_TRY(
        due_by(open_written, first_exists ? "update" : "first", rules_.first_report[rank - 1]));
  }
  std::string detail = why + (asks.empty() ? "" : "；");
  for (std::size_t i = 0; i < asks.size(); ++i) detail += (i ? "，" : "") + asks[i];
  FENGHUO_TRY(record(tx, by, x, "incident.escalate", detail));

  // The owning duty room: its officers write the reports, its leader approves them.
  std::string link = "/duty/incidents/" + std::to_string(x.id);
  if (!asks.empty()) {
    FENGHUO_ASSIGN(officers, notify::duty_people(c, x.org_id, now, false));
    FENGHUO_ASSIGN(leaders, notify::duty_people(c, x.org_id, now, true));
    auto people = merged(std::move(officers), leaders);
    std::string title = "须立即报告：" + x.title;
    FENGHUO_TRY(notifier_.in_app(tx, people, {"report_escalated", title, detail, link, x.region}));
    FENGHUO_TRY(notifier_.queue_sms(tx, people, "【烽火】" + title + "。" + detail + "。"));
  }
  // Bureaus holding reports of it that now go on up, or sooner.
  FENGHUO_ASSIGN(pending, store::pending_relays(c, x.id));
  for (const auto& p : pending) {
    int minutes = rules_.relay_minutes(p.report_kind, rank);
    if (minutes == 0) continue;
    FENGHUO_ASSIGN(o, store::org(c, p.org_id));
    FENGHUO_ASSIGN(grand, store::parent_org(c, p.org_id));
    if (!relays_onward(o, grand.has_value(), rank)) continue;
    std::int64_t due = now + std::int64_t{minutes} * 60000;
    if (p.relay_due_at && *p.relay_due_at <= due) continue;
    FENGHUO_TRY(store::set_relay_due(c, p.report_id, p.org_id, due));
    FENGHUO_ASSIGN(moved, store::find_report(c, p.report_id));
    announce_report(tx, moved, "changed");
    FENGHUO_ASSIGN(officers, notify::duty_people(c, p.org_id, now, false));
    FENGHUO_ASSIGN(leaders, notify::duty_people(c, p.org_id, now, true));
    auto people = merged(std::move(officers), leaders);
    std::string title = "须向上级转报：" + x.title;
    std::string body =
        why + "；收到的" + label(moved) + "应于 " + china_time(due) + " 前向上级转报";
    FENGHUO_TRY(notifier_.in_app(tx, people,
                                 {"relay_escalated", title, body,
                                  "/duty/reports/" + std::to_string(p.report_id), x.region}));
    FENGHUO_TRY(notifier_.queue_sms(tx, people, "【烽火】" + title + "。" + body + "。"));
  }
  return {};
}

Result<std::vector<Report>> IncidentService::reports_of(const Principal& by,
                                                        std::int64_t incident_id) {
  std::vector<Report> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_TRY(load_visible(c, by, incident_id).status());
    FENGHUO_ASSIGN(all, store::reports_of(c, incident_id));
    for (auto& r : all) {
      bool mine = r.org_id == by.org_id;
      for (const auto& d : r.deliveries) mine = mine || d.org_id == by.org_id;
      if (mine || by.kind == Principal::Kind::kSystem) out.push_back(std::move(r));
    }
    return {};
  }));
  return out;
}

Result<Report> IncidentService::create_report(const Principal& by, std::int64_t incident_id,
                                              const std::string& kind) {
  if (!is_report_kind(kind)) {
    return Error::validation("kind", "kind must be first, update, final, supplement or phone");
  }
  if (by.org_id == 0) return Error::forbidden("a report belongs to a duty room");
  Report out;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_ASSIGN(x, load_visible(tx.connection(), by, incident_id));
    if (x.status == "merged") {
      return Error::conflict("the incident was merged into another; report on that one");
    }
    FENGHUO_ASSIGN(all, store::reports_of(tx.connection(), incident_id));
    for (const auto& r : all) {
      if (r.org_id != by.org_id) continue;
      if (kind == "first" && r.kind == "first") {
        return Error::validation("kind", "this incident has a 首报 already: write a 续报");
      }
      if (r.kind == "final" && r.status == "sent" && kind != "supplement") {
        return Error::validation("kind", "the final report was sent: only a 补报 may follow");
      }
    }
    FENGHUO_ASSIGN(r, draft_report(tx, by, x, kind, std::nullopt));
    out = std::move(r);
    return {};
  }));
  return report(by, out.id);
}

Status IncidentService::check_report(const Principal& by, std::int64_t id) {
  return db_.read([&](db::Connection& c) { return load_report(c, by, id).status(); });
}

Result<Report> IncidentService::report(const Principal& by, std::int64_t id) {
  Report out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(r, load_report(c, by, id));
    out = std::move(r);
    return {};
  }));
  return out;
}

Result<Report> IncidentService::update_report(const Principal& by, std::int64_t id,
                                              const boost::json::object& in) {
  FENGHUO_TRY(json_input::only(in, {"kind", "content", "version"}));
  FENGHUO_ASSIGN(version, json_input::version(in));
  FENGHUO_ASSIGN(kind, json_input::text(in, "kind", 20));
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(r, load_report(c, by, id));
    if (r.org_id != by.org_id)
      return Error::forbidden("only the drafting duty room edits a report");
    if (r.status != "draft" && r.status != "returned") {
      return Error::conflict(
          "status", "a report is edited only as a draft or when returned (now " + r.status + ")");
    }
    if (r.version != version) return stale_report(c, id);
    Report before = r;
    if (kind && *kind != r.kind) {
      if (*kind != "update" && *kind != "final" && *kind != "supplement") {
        return Error::validation("kind",
                                 "a draft may become an update, final or supplement report");
      }
      if (r.kind == "first") return Error::validation("kind", "the 首报 stays a 首报");
      if (r.kind == "phone") return Error::validation("kind", "a 电话报告 stays a 电话报告");
      r.kind = *kind;
      FENGHUO_ASSIGN(seq, store::next_seq(c, r.incident_id, r.org_id, r.kind));
      r.seq = seq;
    }
    if (auto it = in.find("content"); it != in.end()) {
      if (!it->value().is_object())
        return Error::validation("content", "content must be an object");
      FENGHUO_TRY(apply_content(r.content, it->value().as_object()));
    }
    r.updated_at = now;
    FENGHUO_TRY(store::update_report(c, r, version));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"report.update", "report", std::to_string(id), r.incident_region,
                               serialize(before, now), serialize(r, now)}));
    r.version = version + 1;
    announce_report(tx, r, "changed");
    return {};
  }));
  return report(by, id);
}

Result<Report> IncidentService::transition(const Principal& by, std::int64_t id,
                                           std::int64_t version, const std::string& from_status,
                                           const std::string& to_status, const std::string& action,
                                           const std::string& comment) {
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    return move_report(tx, by, id, version, from_status, to_status, action, comment, now);
  }));
  return report(by, id);
}

Status IncidentService::move_report(db::Transaction& tx, const Principal& by, std::int64_t id,
                                    std::int64_t version, const std::string& from_status,
                                    const std::string& to_status, const std::string& action,
                                    const std::string& comment, std::int64_t now) {
  auto& c = tx.connection();
  FENGHUO_ASSIGN(r, load_report(c, by, id));
  if (r.org_id != by.org_id) {
    return Error::forbidden("only the drafting duty room moves a report through approval");
  }
  bool allowed = from_status == r.status || (from_status == "draft" && r.status == "returned");
  if (!allowed) {
    return Error::conflict("status", "the report is " + r.status + ", not " + from_status);
  }
  Report before = r;
  r.status = to_status;
  r.updated_at = now;
  FENGHUO_TRY(store::update_report(c, r, version));
  r.version = version + 1;
  if (action == "report.approve" || action == "report.return") {
    FENGHUO_TRY(store::insert_comment(
        c, id, {now, by.name, action == "report.approve" ? "approve" : "return", comment}));
  }
  if (action == "report.submit") {
    FENGHUO_TRY(store::mark_submitted(c, id, now));
    r.submitted_at = now;
  }
  FENGHUO_ASSIGN(x, store::find_incident(c, r.incident_id));
  std::string detail = label(r);
  if (action == "report.submit") detail += " 提交审核";
  if (action == "report.approve") detail += " 审核通过";
  if (action == "report.return") detail += " 退回修改";
  if (action == "report.withdraw") detail += " 撤回审核，退回草稿";
  if (!comment.empty()) detail += "，批示：" + comment;
  FENGHUO_TRY(record(tx, by, x, action, detail));
  FENGHUO_TRY(audit_.append(tx, by,
                            {action, "report", std::to_string(id), r.incident_region,
                             serialize(before, now), serialize(r, now)}));
  announce_report(tx, r, "changed");
  if (action != "report.submit") {
    // It no longer waits for approval: the leaders' 待审核 notices are settled.
    FENGHUO_TRY(notifier_.settle(tx, "report_submitted", "/duty/reports/" + std::to_string(id),
                                 r.incident_region));
  }
  return tell_who_acts_next(tx, by, r, x, action, now);
}

// Whoever must act next on a report is told at once: the duty leaders when it waits for
// approval (its due time running), the duty officers when it comes back to be corrected.
Status IncidentService::tell_who_acts_next(db::Transaction& tx, const Principal& by,
                                           const Report& r, const Incident& x,
                                           const std::string& action, std::int64_t now) {
  bool submitted = action == "report.submit";
  if (!submitted && action != "report.return") return {};
  auto& c = tx.connection();
  FENGHUO_ASSIGN(people, notify::duty_people(c, r.org_id, now, submitted));
  std::erase_if(people, [&](const notify::Person& p) {
    return by.kind == Principal::Kind::kUser && p.id == by.id;
  });
  if (people.empty()) return {};
  std::string link = "/duty/reports/" + std::to_string(r.id);
  if (submitted) {
    std::string body = by.name + " 提交审核";
    if (r.due_at) body += "，应于 " + china_time(*r.due_at) + " 前报送";
    return notifier_.in_app(
        tx, people,
        {"report_submitted", "待审核：" + label(r) + " " + x.title, body, link, x.region});
  }
  return notifier_.in_app(tx, people,
                          {"report_returned", "退回修改：" + label(r) + " " + x.title,
                           by.name + " 退回修改", link, x.region});
}

Result<Report> IncidentService::submit(const Principal& by, std::int64_t id, std::int64_t version) {
  return transition(by, id, version, "draft", "pending", "report.submit", "");
}

Result<Report> IncidentService::approve(const Principal& by, std::int64_t id, std::int64_t version,
                                        const std::string& comment) {
  return transition(by, id, version, "pending", "approved", "report.approve", comment);
}

Result<Report> IncidentService::withdraw(const Principal& by, std::int64_t id,
                                         std::int64_t version) {
  return transition(by, id, version, "pending", "draft", "report.withdraw", "");
}

Result<Report> IncidentService::approve_and_send(const Principal& by, std::int64_t id,
                                                 std::int64_t version, const std::string& comment,
                                                 std::vector<std::int64_t> to) {
  if (!by.has("incidents.write")) {
    return Error::forbidden("sending a report up needs the incidents.write permission");
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    FENGHUO_TRY(
        move_report(tx, by, id, version, "pending", "approved", "report.approve", comment, now));
    return send_in(tx, by, id, version + 1, std::move(to), "up", now);
  }));
  return report(by, id);
}

namespace {

std::string_view content_field_name(std::string_view field) {
  if (field == "unit") return "报告单位";
  if (field == "occurred_at") return "发生时间";
  if (field == "place") return "地点";
  if (field == "summary") return "事件概要";
  if (field == "measures") return "已采取措施";
  if (field == "other") return "其他";
  if (field == "reporter_name") return "报告人";
  if (field == "reporter_phone") return "联系电话";
  return field;
}

}  // namespace

Result<Report> IncidentService::correct(const Principal& by, std::int64_t id,
                                        const boost::json::object& in) {
  FENGHUO_TRY(json_input::only(in, {"content", "version"}));
  FENGHUO_ASSIGN(version, json_input::version(in));
  auto it = in.find("content");
  if (it == in.end() || !it->value().is_object() || it->value().as_object().empty()) {
    return Error::validation("content", "content must name the fields to correct");
  }
  const auto& content = it->value().as_object();
  const auto& texts = content_text_fields();
  for (const auto& kv : content) {
    if (std::find(texts.begin(), texts.end(), kv.key()) == texts.end()) {
      return Error::validation(std::string(kv.key()),
                               "an approver corrects the text of a report; return it to change " +
                                   std::string(kv.key()));
    }
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(r, load_report(c, by, id));
    if (r.org_id != by.org_id) {
      return Error::forbidden("only a duty leader of the drafting duty room corrects a report");
    }
    if (r.status != "pending") {
      return Error::conflict(
          "status", "a report is corrected while it awaits approval (now " + r.status + ")");
    }
    if (r.version != version) return stale_report(c, id);
    Report before = r;
    FENGHUO_TRY(apply_content(r.content, content));
    std::string names;
    for (const auto& field : texts) {
      std::string old_value = content_text(before.content, field);
      std::string new_value = content_text(r.content, field);
      if (old_value == new_value) continue;
      FENGHUO_TRY(store::insert_correction(c, id, {now, by.name, field, old_value, new_value}));
      names += (names.empty() ? "" : "、") + std::string(content_field_name(field));
    }
    if (names.empty()) return {};
    r.updated_at = now;
    FENGHUO_TRY(store::update_report(c, r, version));
    r.version = version + 1;
    FENGHUO_ASSIGN(x, store::find_incident(c, r.incident_id));
    FENGHUO_TRY(record(tx, by, x, "report.correct", label(r) + " 审核修改：" + names));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"report.correct", "report", std::to_string(id), r.incident_region,
                               serialize(before, now), serialize(r, now)}));
    announce_report(tx, r, "changed");
    return {};
  }));
  return report(by, id);
}

Result<Report> IncidentService::return_report(const Principal& by, std::int64_t id,
                                              std::int64_t version, const std::string& comment) {
  if (comment.empty()) {
    return Error::validation("comment", "say what to change: a returned report needs a comment");
  }
  return transition(by, id, version, "pending", "returned", "report.return", comment);
}

Result<Report> IncidentService::send(const Principal& by, std::int64_t id, std::int64_t version,
                                     std::vector<std::int64_t> to, const std::string& kind) {
  if (kind != "up" && kind != "forward")
    return Error::validation("kind", "kind must be up or forward");
  if (kind == "forward" && to.empty()) {
    return Error::validation("to", "name the organisations to forward the report to");
  }
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    return send_in(tx, by, id, version, std::move(to), kind, now);
  }));
  return report(by, id);
}

Status IncidentService::send_in(db::Transaction& tx, const Principal& by, std::int64_t id,
                                std::int64_t version, std::vector<std::int64_t> to,
                                const std::string& kind, std::int64_t now) {
  auto& c = tx.connection();
  FENGHUO_ASSIGN(r, load_report(c, by, id));
  FENGHUO_ASSIGN(x, store::find_incident(c, r.incident_id));
  bool drafting = r.org_id == by.org_id;
  const Delivery* received = nullptr;
  for (const auto& d : r.deliveries) {
    if (d.org_id == by.org_id) received = &d;
  }
  if (drafting && r.kind == "phone") {
    // A phone report records a call already made: no approval is awaited.
    if (r.status == "sent") return Error::conflict("status", "the phone report was sent already");
    if (r.version != version) return stale_report(c, id);
  } else if (drafting) {
    if (r.status != "approved") {
      return Error::conflict(
          "status", "a report is sent once the duty leader approved it (now " + r.status + ")");
    }
    if (r.version != version) return stale_report(c, id);
  } else if (received == nullptr) {
    return Error::not_found("report not found");
  } else if (!received->signed_at) {
    return Error::conflict("status", "sign for the report before passing it on");
  }
  FENGHUO_ASSIGN(parent, store::parent_org(c, by.org_id));
  if (to.empty()) {
    if (!parent) return Error::validation("to", "your organisation has no parent to report to");
    to.push_back(*parent);
  }
  // 上报 goes to the organisations above the sender: its direct superior, or past it (越级上报)
  // where the rules allow: 重大 and 特别重大 incidents and those reported at once
  // (突发事件应对法, 自然灾害救助条例 art. 16, 国务院应急办 2015; GRADING.md).
  std::vector<std::int64_t> above;
  for (auto p = parent; p && above.size() < 16;) {
    above.push_back(*p);
    FENGHUO_ASSIGN(next, store::parent_org(c, *p));
    p = next;
  }
  std::string names;
  bool skipped = false;
  for (auto org_id : to) {
    if (org_id == by.org_id || org_id == r.org_id) {
      return Error::validation("to", "a report is not sent to its own organisation");
    }
    auto o = store::org(c, org_id);
    if (!o.ok())
      return Error::validation("to", "organisation " + std::to_string(org_id) + " not found");
    bool skip = kind == "up" && parent && org_id != *parent;
    if (kind == "up" && std::find(above.begin(), above.end(), org_id) == above.end()) {
      return Error::validation("to", o->name +
                                         " is not above your organisation: a report goes "
                                         "up to a superior (批转 reaches others)");
    }
    if (skip && reporting_rank(x) > 2) {
      return Error::validation("to",
                               "越级上报 past the direct superior is allowed for 重大 and "
                               "特别重大 incidents only; send it to the direct superior");
    }
    skipped = skipped || skip;
    Delivery d;
    d.skip_level = skip;
    d.org_id = org_id;
    d.from_org_id = by.org_id;
    d.kind = kind;
    d.sent_at = now;
    d.sent_by = by.name;
    // A bureau that receives a report from below passes it on up within the relay time of
    // the report's kind and the incident's level (a fire to report at once: as 特别重大).
    if (kind == "up" && o->type == "emergency_bureau") {
      FENGHUO_ASSIGN(grand, store::parent_org(c, org_id));
      int rank = reporting_rank(x);
      int minutes = rules_.relay_minutes(r.kind, rank);
      if (minutes > 0 && relays_onward(*o, grand.has_value(), rank)) {
        d.relay_due_at = now + std::int64_t{minutes} * 60000;
      }
    }
    FENGHUO_TRY(store::insert_delivery(c, id, d));
    names += (names.empty() ? "" : "、") + o->name;
  }
  FENGHUO_TRY(record(tx, by, x, kind == "up" ? "report.send" : "report.forward",
                     label(r) +
                         (kind != "up" ? " 批转至 "
                          : skipped    ? " 越级上报至 "
                                       : " 上报至 ") +
                         names));
  if (drafting) {
    Report before = r;
    r.status = "sent";
    r.sent_at = now;
    r.updated_at = now;
    FENGHUO_TRY(store::update_report(c, r, version));
    r.version = version + 1;
    FENGHUO_TRY(audit_.append(tx, by,
                              {"report.send", "report", std::to_string(id), r.incident_region,
                               serialize(before, now), serialize(r, now)}));

    // The next 续报 falls due on the level's cadence, until the final report.
    if (r.kind != "final" && r.kind != "phone" && x.status != "merged") {
      FENGHUO_ASSIGN(all, store::reports_of(c, x.id));
      bool open_update = false, final_sent = false;
      for (const auto& o : all) {
        if (o.org_id != by.org_id) continue;
        if (o.id != r.id && o.status != "sent" && (o.kind == "update" || o.kind == "final")) {
          open_update = true;
        }
        if (o.kind == "final" && o.status == "sent") final_sent = true;
      }
      if (!open_update && !final_sent) {
        int rank = reporting_rank(x);
        FENGHUO_TRY(draft_report(tx, by, x, "update",
                                 now + std::int64_t{rules_.update_interval[rank - 1]} * 60000)
                        .status());
      }
    }
  } else {
    FENGHUO_TRY(store::mark_relayed(c, id, by.org_id, now));
    FENGHUO_TRY(audit_.append(tx, by,
                              {kind == "up" ? "report.relay" : "report.forward", "report",
                               std::to_string(id), r.incident_region, "", names}));
  }
  if (skipped) {
    FENGHUO_TRY(audit_.append(
        tx, by, {"report.skip_level", "report", std::to_string(id), r.incident_region, "", names}));
  }
  FENGHUO_ASSIGN(after, store::find_report(c, id));
  // Recipients hear of it at once: the event names their organisations.
  announce_report(tx, after, "changed");
  std::vector<notify::Person> people;
  for (auto org_id : to) {
    FENGHUO_ASSIGN(duty, notify::duty_people(c, org_id, now, false));
    people.insert(people.end(), duty.begin(), duty.end());
  }
  FENGHUO_TRY(notifier_.in_app(
      tx, people,
      {"report_received", "收到" + label(r) + "：" + x.title, "来自 " + r.org_name + "，请及时签收",
       "/duty/reports/" + std::to_string(id), x.region}));
  return {};
}

Result<Report> IncidentService::sign(const Principal& by, std::int64_t id) {
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(r, load_report(c, by, id));
    const Delivery* mine = nullptr;
    for (const auto& d : r.deliveries) {
      if (d.org_id == by.org_id) mine = &d;
    }
    if (mine == nullptr) return Error::conflict("the report was not sent to your organisation");
    if (mine->signed_at) {
      return Error::conflict("signed already by " + mine->signed_by + " at " +
                             china_time(*mine->signed_at));
    }
    FENGHUO_ASSIGN(done, store::sign_delivery(c, id, by.org_id, now, by.name));
    if (!done) return Error::conflict("signed already");
    FENGHUO_ASSIGN(x, store::find_incident(c, r.incident_id));
    FENGHUO_ASSIGN(org, store::org(c, by.org_id));
    FENGHUO_TRY(record(tx, by, x, "report.sign", org.name + " 签收" + label(r)));
    FENGHUO_TRY(audit_.append(
        tx, by, {"report.sign", "report", std::to_string(id), r.incident_region, "", org.name}));
    FENGHUO_ASSIGN(after, store::find_report(c, id));
    announce_report(tx, after, "changed");
    return {};
  }));
  return report(by, id);
}

Result<Page<Report>> IncidentService::box(const Principal& by, const ReportBoxQuery& q) {
  FENGHUO_ASSIGN(pattern, region_pattern(by, q.region));
  store::BoxFilter f{q.box, by.org_id, pattern, clock_.now_ms(), q.limit, q.offset};
  Page<Report> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(page, store::box(c, f));
    out = std::move(page);
    return {};
  }));
  return out;
}

Result<int> IncidentService::check_deadlines() {
  std::int64_t now = clock_.now_ms();
  std::vector<store::Overdue> items;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::overdue_unnotified(c, now));
    items = std::move(found);
    return {};
  }));
  int notified = 0;
  for (const auto& o : items) {
    std::string what = std::string(report_kind_name(o.kind)) + (o.relay ? "转报" : "");
    std::string title = what + "已超时：" + o.incident_title;
    std::string body =
        "应于 " + china_time(o.due_at) + " 前" + (o.relay ? "向上级转报" : "报送") + "，现已逾期";
    bool first = false;
    auto done = db_.transact([&](db::Transaction& tx) -> Status {
      auto& c = tx.connection();
      FENGHUO_ASSIGN(marked, store::mark_notified(c, o, now));
      first = marked;
      if (!first) return {};
      FENGHUO_ASSIGN(leaders, notify::duty_people(c, o.org_id, now, true));
      FENGHUO_TRY(notifier_.in_app(tx, leaders,
                                   {o.relay ? "relay_overdue" : "report_overdue", title, body,
                                    "/duty/reports/" + std::to_string(o.report_id), o.region}));
      boost::json::object data{
          {"id", std::to_string(o.report_id)},
          {"incident_id", std::to_string(o.incident_id)},
          {"org_ids", boost::json::array{boost::json::value(std::to_string(o.org_id))}}};
      bus_.publish_after_commit(tx, {"reports", "overdue", boost::json::serialize(data), o.region});
      return notifier_.queue_sms(tx, leaders, "【烽火】" + title + "，" + body + "。");
    });
    if (!done.ok()) return std::move(done).error();
    if (first) ++notified;
  }
  return notified;
}

Result<int> IncidentService::remind_approvers() {
  std::int64_t now = clock_.now_ms();
  std::int64_t since = now - std::int64_t{rules_.approval_sms_after_min} * 60000;
  std::vector<store::AwaitingApproval> items;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::awaiting_approval(c, since));
    items = std::move(found);
    return {};
  }));
  int texted = 0;
  for (const auto& a : items) {
    std::string text = "【烽火】" + kind_label(a.kind, a.seq) + "待您审核已超过 " +
                       std::to_string(rules_.approval_sms_after_min) + " 分钟：" + a.incident_title;
    if (a.due_at) text += "，应于 " + china_time(*a.due_at) + " 前报送";
    text += "。";
    bool first = false;
    auto done = db_.transact([&](db::Transaction& tx) -> Status {
      auto& c = tx.connection();
      FENGHUO_ASSIGN(marked, store::mark_approval_texted(c, a.report_id, now));
      first = marked;
      if (!first) return {};
      FENGHUO_ASSIGN(leaders, notify::duty_people(c, a.org_id, now, true));
      return notifier_.queue_sms(tx, leaders, text);
    });
    if (!done.ok()) return std::move(done).error();
    if (first) ++texted;
  }
  return texted;
}

}  // namespace fenghuo::incidents

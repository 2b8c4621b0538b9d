#include "duty/fax.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/json_input.h"
#include "core/time.h"

namespace fenghuo::duty {
namespace {

namespace in = json_input;

boost::json::value time_or_null(const std::optional<std::int64_t>& t) {
  return t ? boost::json::value(format_rfc3339(*t)) : boost::json::value(nullptr);
}

std::string_view urgency_name(std::string_view u) {
  if (u == "normal") return "平件";
  if (u == "urgent") return "急件";
  if (u == "extra_urgent") return "特急";
  return "";
}

}  // namespace

boost::json::object to_json(const Fax& f, std::int64_t org_id) {
  boost::json::array recipients;
  bool archived = f.from_org_id == org_id && f.sender_archived;
  for (const auto& r : f.recipients) {
    if (r.org_id == org_id) archived = r.archived;
    recipients.push_back({{"org_id", std::to_string(r.org_id)},
                          {"org_name", r.org_name},
                          {"delivered_at", format_rfc3339(r.delivered_at)},
                          {"read_at", time_or_null(r.read_at)},
                          {"signed_at", time_or_null(r.signed_at)},
                          {"signed_by", r.signed_at ? boost::json::value(r.signed_by) : nullptr},
                          {"reminded_at", time_or_null(r.reminded_at)}});
  }
  return {{"id", std::to_string(f.id)},
          {"title", f.title},
          {"urgency", f.urgency},
          {"urgency_name", urgency_name(f.urgency)},
          {"note", f.note},
          {"file", {{"id", std::to_string(f.file.id)}, {"name", f.file.name},
                    {"type", f.file.type}, {"size", f.file.size}}},
          {"from_org_id", std::to_string(f.from_org_id)},
          {"from_org_name", f.from_org_name},
          {"sent_by", f.sent_by},
          {"sent_at", format_rfc3339(f.sent_at)},
          {"recipients", std::move(recipients)},
          {"archived", archived}};
}

FaxService::FaxService(db::Database& db, const Clock& clock, const audit::Log& audit,
                       realtime::Bus& bus, notify::Notifier& notifier, storage::FileStore& files,
                       std::int64_t remind_after_ms)
    : db_(db), clock_(clock), audit_(audit), bus_(bus), notifier_(notifier), files_(files),
      remind_after_ms_(remind_after_ms) {}

Result<Fax> FaxService::load(db::Connection& c, std::int64_t id) {
  auto rows = c.query(
      "SELECT f.id, f.title, f.urgency, f.note, f.file_id, f.from_org_id, COALESCE(o.name, ''), "
      "f.sent_by, f.sent_at, f.sender_archived, fi.name, fi.type, fi.size "
      "FROM faxes f LEFT JOIN organisations o ON o.id = f.from_org_id "
      "JOIN files fi ON fi.id = f.file_id WHERE f.id = $1",
      {id});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return Error::not_found("fax not found");
  Fax f;
  f.id = rows->i64(0, 0);
  f.title = rows->text(0, 1);
  f.urgency = rows->text(0, 2);
  f.note = rows->text(0, 3);
  f.file.id = rows->i64(0, 4);
  f.from_org_id = rows->i64(0, 5);
  f.from_org_name = rows->text(0, 6);
  f.sent_by = rows->text(0, 7);
  f.sent_at = rows->i64(0, 8);
  f.sender_archived = rows->i64(0, 9) != 0;
  f.file.name = rows->text(0, 10);
  f.file.type = rows->text(0, 11);
  f.file.size = rows->i64(0, 12);
  auto recipients = c.query(
      "SELECT r.org_id, COALESCE(o.name, ''), r.delivered_at, r.read_at, r.signed_at, "
      "COALESCE(r.signed_by, ''), r.reminded_at, r.archived FROM fax_recipients r "
      "LEFT JOIN organisations o ON o.id = r.org_id WHERE r.fax_id = $1 ORDER BY o.region_code, r.org_id",
      {id});
  if (!recipients.ok()) return std::move(recipients).error();
  for (std::size_t i = 0; i < recipients->size(); ++i) {
    FaxRecipient r;
    r.org_id = recipients->i64(i, 0);
    r.org_name = recipients->text(i, 1);
    r.delivered_at = recipients->i64(i, 2);
    r.read_at = recipients->opt_i64(i, 3);
    r.signed_at = recipients->opt_i64(i, 4);
    r.signed_by = recipients->text(i, 5);
    r.reminded_at = recipients->opt_i64(i, 6);
    r.archived = recipients->i64(i, 7) != 0;
    f.recipients.push_back(std::move(r));
  }
  return f;
}

Result<Fax> FaxService::load_visible(db::Connection& c, const Principal& by, std::int64_t id) {
  FENGHUO_ASSIGN(f, load(c, id));
  if (by.org_id != 0 && f.from_org_id == by.org_id) return f;
  for (const auto& r : f.recipients) {
    if (by.org_id != 0 && r.org_id == by.org_id) return f;
  }
  return Error::not_found("fax not found");
}

void FaxService::announce(db::Transaction& tx, const char* event, const Fax& f,
                          const std::string& region) {
  boost::json::array orgs;
  orgs.push_back(boost::json::value(std::to_string(f.from_org_id)));
  for (const auto& r : f.recipients) orgs.push_back(boost::json::value(std::to_string(r.org_id)));
  boost::json::object data{{"id", std::to_string(f.id)}, {"org_ids", std::move(orgs)}};
  // Recipients may sit outside the sender's region: the event carries no content, only ids.
  (void)region;
  bus_.publish_after_commit(tx, {"faxes", event, boost::json::serialize(data), ""});
}

Result<Fax> FaxService::send(const Principal& by, const boost::json::object& body) {
  FENGHUO_TRY(in::only(body, {"title", "urgency", "note", "file_id", "to"}));
  if (by.org_id == 0) return Error::forbidden("faxes are sent by a duty room");
  FENGHUO_ASSIGN(title, in::required_text(body, "title", 100));
  FENGHUO_ASSIGN(urgency, in::text(body, "urgency", 20));
  std::string u = urgency.value_or("normal");
  if (urgency_name(u).empty()) {
    return Error::validation("urgency", "urgency must be normal, urgent or extra_urgent");
  }
  FENGHUO_ASSIGN(note, in::text(body, "note", 2000));
  FENGHUO_ASSIGN(file_id, in::id(body, "file_id"));
  if (!file_id) return Error::validation("file_id", "attach the document (file_id)");
  FENGHUO_ASSIGN(to, in::ids(body, "to"));
  if (to.empty()) return Error::validation("to", "name at least one receiving organisation");
  if (to.size() > 200) return Error::validation("to", "at most 200 recipients");
  // Only a document the sender may read goes out (storage's read rule).
  FENGHUO_TRY(files_.attachable(by, *file_id, "file_id").status());
  std::int64_t now = clock_.now_ms();
  std::int64_t id = 0;
  std::vector<notify::Person> people;
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    auto rows = c.query(
        "INSERT INTO faxes (title, urgency, note, file_id, from_org_id, sent_by, sent_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {title, u, note.value_or(""), *file_id, by.org_id, by.name, now});
    if (!rows.ok()) return std::move(rows).error();
    id = rows->i64(0, 0);
    for (auto org_id : to) {
      if (org_id == by.org_id) return Error::validation("to", "a fax is not sent to its own sender");
      auto org = c.query("SELECT status FROM organisations WHERE id = $1", {org_id});
      if (!org.ok()) return std::move(org).error();
      if (org->empty() || org->text(0, 0) != "active") {
        return Error::validation("to", "organisation " + std::to_string(org_id) + " not found");
      }
      auto n = c.execute(
          "INSERT INTO fax_recipients (fax_id, org_id, delivered_at) VALUES ($1, $2, $3)",
          {id, org_id, now});
      if (!n.ok()) return n.error();
      FENGHUO_ASSIGN(duty, notify::duty_people(c, org_id, now, false));
      people.insert(people.end(), duty.begin(), duty.end());
    }
    FENGHUO_ASSIGN(f, load(c, id));
    FENGHUO_TRY(notifier_.in_app(tx, people,
                                 {"fax_received",
                                  "收到" + std::string(urgency_name(u)) + "传真：" + title,
                                  "来自 " + f.from_org_name + "，请签收",
                                  "/duty/fax/" + std::to_string(id), ""}));
    FENGHUO_TRY(audit_.append(tx, by, {"fax.send", "fax", std::to_string(id), by.region, "",
                                       boost::json::serialize(to_json(f, by.org_id))}));
    announce(tx, "sent", f, by.region);
    return {};
  }));
  return get(by, id);
}

Result<std::pair<std::vector<Fax>, std::int64_t>> FaxService::list(
    const Principal& by, const std::string& box, const std::string& text, bool archived,
    std::int64_t limit, std::int64_t offset) {
  if (box != "sent" && box != "received") {
    return Error::validation("box", "box must be sent or received");
  }
  std::pair<std::vector<Fax>, std::int64_t> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    std::string where =
        box == "sent"
            ? "f.from_org_id = $1 AND f.sender_archived = $2 "
            : "EXISTS (SELECT 1 FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $1 "
              "AND r.archived = $2) ";
    where += "AND ($3 = '' OR f.title LIKE '%' || $3 || '%' OR o.name LIKE '%' || $3 || '%') ";
    std::vector<db::Param> params = {by.org_id, std::int64_t{archived ? 1 : 0}, text};
    const std::string from =
        "FROM faxes f LEFT JOIN organisations o ON o.id = f.from_org_id WHERE " + where;
    auto total = c.query("SELECT COUNT(*) " + from, params);
    if (!total.ok()) return std::move(total).error();
    out.second = total->i64(0, 0);
    params.push_back(limit);
    params.push_back(offset);
    std::string order = box == "received"
                            ? "ORDER BY (SELECT CASE WHEN r.signed_at IS NULL THEN 0 ELSE 1 END "
                              "FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $1), "
                              "f.sent_at DESC, f.id DESC "
                            : "ORDER BY f.sent_at DESC, f.id DESC ";
    auto rows = c.query("SELECT f.id " + from + order + "LIMIT $4 OFFSET $5", params);
    if (!rows.ok()) return std::move(rows).error();
    for (std::size_t i = 0; i < rows->size(); ++i) {
      FENGHUO_ASSIGN(f, load(c, rows->i64(i, 0)));
      out.first.push_back(std::move(f));
    }
    return {};
  }));
  return out;
}

Result<Fax> FaxService::get(const Principal& by, std::int64_t id) {
  Fax out;
  bool first_read = false;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(f, load_visible(c, by, id));
    for (const auto& r : f.recipients) {
      if (r.org_id == by.org_id && !r.read_at) first_read = true;
    }
    out = std::move(f);
    return {};
  }));
  if (first_read && by.kind == Principal::Kind::kUser) {
    std::int64_t now = clock_.now_ms();
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      auto n = tx->execute(
          "UPDATE fax_recipients SET read_at = $3 WHERE fax_id = $1 AND org_id = $2 "
          "AND read_at IS NULL",
          {id, by.org_id, now});
      if (!n.ok()) return n.error();
      if (*n == 1) {
        for (auto& r : out.recipients) {
          if (r.org_id == by.org_id) r.read_at = now;
        }
        announce(tx, "read", out, by.region);
      }
      return {};
    }));
  }
  return out;
}

Result<bool> FaxService::carries_visible(const Principal& by, std::int64_t file_id) {
  if (by.org_id == 0 || !by.has("duty.read")) return false;
  bool found = false;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    // The read rule of load_visible: the sending or a receiving organisation.
    auto rows = c.query(
        "SELECT 1 FROM faxes f WHERE f.file_id = $1 AND (f.from_org_id = $2 OR EXISTS "
        "(SELECT 1 FROM fax_recipients r WHERE r.fax_id = f.id AND r.org_id = $2)) LIMIT 1",
        {file_id, by.org_id});
    if (!rows.ok()) return std::move(rows).error();
    found = !rows->empty();
    return {};
  }));
  return found;
}

Result<Fax> FaxService::sign(const Principal& by, std::int64_t id) {
  std::int64_t now = clock_.now_ms();
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(f, load_visible(c, by, id));
    const FaxRecipient* mine = nullptr;
    for (const auto& r : f.recipients) {
      if (r.org_id == by.org_id) mine = &r;
    }
    if (mine == nullptr) return Error::conflict("the fax was not sent to your organisation");
    if (mine->signed_at) return Error::conflict("signed already by " + mine->signed_by);
    auto n = c.execute(
        "UPDATE fax_recipients SET signed_at = $3, signed_by = $4, "
        "read_at = COALESCE(read_at, $3) WHERE fax_id = $1 AND org_id = $2 AND signed_at IS NULL",
        {id, by.org_id, now, by.name});
    if (!n.ok()) return n.error();
    if (*n != 1) return Error::conflict("signed already");
    FENGHUO_TRY(audit_.append(tx, by, {"fax.sign", "fax", std::to_string(id), by.region, "",
                                       by.name}));
    announce(tx, "signed", f, by.region);
    return {};
  }));
  return get(by, id);
}

Result<Fax> FaxService::archive(const Principal& by, std::int64_t id, bool archived) {
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(f, load_visible(c, by, id));
    std::int64_t flag = archived ? 1 : 0;
    auto n = f.from_org_id == by.org_id
                 ? c.execute("UPDATE faxes SET sender_archived = $2 WHERE id = $1", {id, flag})
                 : c.execute("UPDATE fax_recipients SET archived = $3 WHERE fax_id = $1 "
                             "AND org_id = $2",
                             {id, by.org_id, flag});
    if (!n.ok()) return n.error();
    return audit_.append(tx, by, {archived ? "fax.archive" : "fax.unarchive", "fax",
                                  std::to_string(id), by.region, "", ""});
  }));
  return get(by, id);
}

Result<std::vector<Fax>> FaxService::unsigned_for(const Principal& by) {
  std::vector<Fax> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto rows = c.query(
        "SELECT fax_id FROM fax_recipients WHERE org_id = $1 AND signed_at IS NULL "
        "ORDER BY delivered_at LIMIT 200",
        {by.org_id});
    if (!rows.ok()) return std::move(rows).error();
    for (std::size_t i = 0; i < rows->size(); ++i) {
      FENGHUO_ASSIGN(f, load(c, rows->i64(i, 0)));
      out.push_back(std::move(f));
    }
    return {};
  }));
  return out;
}

Result<int> FaxService::remind_unsigned() {
  std::int64_t now = clock_.now_ms();
  struct Due {
    std::int64_t fax_id, org_id;
    std::string title, urgency, region;
  };
  std::vector<Due> due;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    auto rows = c.query(
        "SELECT r.fax_id, r.org_id, f.title, f.urgency, o.region_code FROM fax_recipients r "
        "JOIN faxes f ON f.id = r.fax_id JOIN organisations o ON o.id = r.org_id "
        "WHERE r.signed_at IS NULL AND r.reminded_at IS NULL AND r.delivered_at < $1 "
        "ORDER BY r.delivered_at LIMIT 200",
        {now - remind_after_ms_});
    if (!rows.ok()) return std::move(rows).error();
    for (std::size_t i = 0; i < rows->size(); ++i) {
      due.push_back({rows->i64(i, 0), rows->i64(i, 1), rows->text(i, 2), rows->text(i, 3),
                     rows->text(i, 4)});
    }
    return {};
  }));
  int reminded = 0;
  for (const auto& d : due) {
    std::string title = std::string(urgency_name(d.urgency)) + "传真未签收：" + d.title;
    bool first = false;
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      auto n = tx->execute(
          "UPDATE fax_recipients SET reminded_at = $3 WHERE fax_id = $1 AND org_id = $2 "
          "AND reminded_at IS NULL",
          {d.fax_id, d.org_id, now});
      if (!n.ok()) return n.error();
      first = *n == 1;
      if (!first) return {};
      FENGHUO_ASSIGN(people, notify::duty_people(tx.connection(), d.org_id, now, false));
      FENGHUO_TRY(notifier_.in_app(tx, people,
                                   {"fax_unsigned", title, "请尽快签收",
                                    "/duty/fax/" + std::to_string(d.fax_id), d.region}));
      return notifier_.queue_sms(tx, people, "【烽火】" + title + "，请尽快签收。");
    }));
    if (first) ++reminded;
  }
  return reminded;
}

}  // namespace fenghuo::duty

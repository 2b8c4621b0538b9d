#include "duty/fax.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/time.h"
#include "duty/store.h"
#include "identity/directory.h"

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
          {"file",
           {{"id", std::to_string(f.file.id)},
            {"name", f.file.name},
            {"type", f.file.type},
            {"size", f.file.size}}},
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
    : db_(db),
      clock_(clock),
      audit_(audit),
      bus_(bus),
      notifier_(notifier),
      files_(files),
      remind_after_ms_(remind_after_ms) {}

Result<Fax> FaxService::load(db::Connection& c, std::int64_t id) {
  FENGHUO_ASSIGN(row, store::find_fax(c, id));
  if (!row) return Error::not_found("fax not found");
  Fax f;
  f.id = row->id;
  f.title = std::move(row->title);
  f.urgency = std::move(row->urgency);
  f.note = std::move(row->note);
  f.file.id = row->file_id;
  f.from_org_id = row->from_org_id;
  f.from_org_name = std::move(row->from_org_name);
  f.sent_by = std::move(row->sent_by);
  f.sent_at = row->sent_at;
  f.sender_archived = row->sender_archived;
  // The document is part of the fax: one without it is no fax.
  FENGHUO_ASSIGN(file, storage::file_in(c, row->file_id));
  if (!file) return Error::not_found("fax not found");
  f.file = std::move(*file);
  FENGHUO_ASSIGN(recipients, store::fax_recipients(c, id));
  f.recipients = std::move(recipients);
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
    store::FaxRow row;
    row.title = title;
    row.urgency = u;
    row.note = note.value_or("");
    row.file_id = *file_id;
    row.from_org_id = by.org_id;
    row.sent_by = by.name;
    row.sent_at = now;
    FENGHUO_ASSIGN(inserted, store::insert_fax(c, row));
    id = inserted;
    for (auto org_id : to) {
      if (org_id == by.org_id)
        return Error::validation("to", "a fax is not sent to its own sender");
      FENGHUO_ASSIGN(org, identity::organisation_in(c, org_id));
      if (!org || org->status != "active") {
        return Error::validation("to", "organisation " + std::to_string(org_id) + " not found");
      }
      FENGHUO_TRY(store::insert_fax_recipient(c, id, org_id, now));
      FENGHUO_ASSIGN(duty, notify::duty_people(c, org_id, now, false));
      people.insert(people.end(), duty.begin(), duty.end());
    }
    FENGHUO_ASSIGN(f, load(c, id));
    FENGHUO_TRY(notifier_.in_app(
        tx, people,
        {"fax_received", "收到" + std::string(urgency_name(u)) + "传真：" + title,
         "来自 " + f.from_org_name + "，请签收", "/duty/fax/" + std::to_string(id), ""}));
    FENGHUO_TRY(audit_.append(tx, by,
                              {"fax.send", "fax", std::to_string(id), by.region, "",
                               boost::json::serialize(to_json(f, by.org_id))}));
    announce(tx, "sent", f, by.region);
    return {};
  }));
  return get(by, id);
}

Result<Page<Fax>> FaxService::list(const Principal& by, const std::string& box,
                                   const std::string& text, bool archived, std::int64_t limit,
                                   std::int64_t offset) {
  if (box != "sent" && box != "received") {
    return Error::validation("box", "box must be sent or received");
  }
  Page<Fax> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(ids,
                   box == "sent"
                       ? store::list_sent_faxes(c, by.org_id, archived, text, limit, offset)
                       : store::list_received_faxes(c, by.org_id, archived, text, limit, offset));
    out.total = ids.total;
    for (auto id : ids.items) {
      FENGHUO_ASSIGN(f, load(c, id));
      out.items.push_back(std::move(f));
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
      FENGHUO_ASSIGN(first, store::mark_fax_read(tx.connection(), id, by.org_id, now));
      if (first) {
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
    FENGHUO_ASSIGN(carries, store::fax_carries(c, file_id, by.org_id));
    found = carries;
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
    FENGHUO_ASSIGN(signed_now, store::sign_fax(c, id, by.org_id, now, by.name));
    if (!signed_now) return Error::conflict("signed already");
    FENGHUO_TRY(
        audit_.append(tx, by, {"fax.sign", "fax", std::to_string(id), by.region, "", by.name}));
    announce(tx, "signed", f, by.region);
    return {};
  }));
  return get(by, id);
}

Result<Fax> FaxService::archive(const Principal& by, std::int64_t id, bool archived) {
  FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
    auto& c = tx.connection();
    FENGHUO_ASSIGN(f, load_visible(c, by, id));
    FENGHUO_TRY(f.from_org_id == by.org_id
                    ? store::archive_sent_fax(c, id, archived)
                    : store::archive_received_fax(c, id, by.org_id, archived));
    return audit_.append(
        tx, by,
        {archived ? "fax.archive" : "fax.unarchive", "fax", std::to_string(id), by.region, "", ""});
  }));
  return get(by, id);
}

Result<std::vector<Fax>> FaxService::unsigned_for(const Principal& by) {
  std::vector<Fax> out;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(ids, store::unsigned_faxes(c, by.org_id));
    for (auto id : ids) {
      FENGHUO_ASSIGN(f, load(c, id));
      out.push_back(std::move(f));
    }
    return {};
  }));
  return out;
}

Result<int> FaxService::remind_unsigned() {
  std::int64_t now = clock_.now_ms();
  std::vector<store::DueReminder> due;
  FENGHUO_TRY(db_.read([&](db::Connection& c) -> Status {
    FENGHUO_ASSIGN(found, store::due_reminders(c, now - remind_after_ms_));
    due = std::move(found);
    return {};
  }));
  int reminded = 0;
  for (const auto& d : due) {
    std::string title = std::string(urgency_name(d.urgency)) + "传真未签收：" + d.title;
    bool first = false;
    FENGHUO_TRY(db_.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(marked, store::mark_reminded(tx.connection(), d.fax_id, d.org_id, now));
      first = marked;
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

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
#include "notify/notifier.h"
#include "realtime/bus.h"
#include "storage/files.h"

namespace fenghuo::duty {

// An e-fax (电子传真): one document sent to several organisations, each signing for it.
struct Fax {
  std::int64_t id = 0;
  std::string title, urgency, note;
  storage::FileInfo file;
  std::int64_t from_org_id = 0;
  std::string from_org_name, sent_by;
  std::int64_t sent_at = 0;
  bool sender_archived = false;
  std::vector<FaxRecipient> recipients;
};
// `org_id` is the caller's organisation: "archived" is its side's archive state.
boost::json::object to_json(const Fax& f, std::int64_t org_id);

class FaxService {
 public:
  FaxService(db::Database& db, const Clock& clock, const audit::Log& audit, realtime::Bus& bus,
             notify::Notifier& notifier, storage::FileStore& files, std::int64_t remind_after_ms);

  Result<Fax> send(const Principal& by, const boost::json::object& in);
  // box: sent | received; `text` in the title or the sender's name.
  Result<Page<Fax>> list(const Principal& by, const std::string& box, const std::string& text,
                         bool archived, std::int64_t limit, std::int64_t offset);
  // The fax; the first read by a recipient organisation is recorded.
  Result<Fax> get(const Principal& by, std::int64_t id);
  // Storage's read grant: whether a fax the caller's organisation sent or received (and the
  // duty.read permission) carries file `file_id` as its document.
  Result<bool> carries_visible(const Principal& by, std::int64_t file_id);
  Result<Fax> sign(const Principal& by, std::int64_t id);
  Result<Fax> archive(const Principal& by, std::int64_t id, bool archived);
  // Received faxes the caller's organisation has not signed for.
  Result<std::vector<Fax>> unsigned_for(const Principal& by);
  // Chases recipients that have not signed within the reminder time (once): in the app and by
  // SMS to the people on duty there. Answers how many were reminded.
  Result<int> remind_unsigned();

 private:
  Result<Fax> load(db::Connection& c, std::int64_t id);
  Result<Fax> load_visible(db::Connection& c, const Principal& by, std::int64_t id);
  void announce(db::Transaction& tx, const char* event, const Fax& f, const std::string& region);

  db::Database& db_;
  const Clock& clock_;
  const audit::Log& audit_;
  realtime::Bus& bus_;
  notify::Notifier& notifier_;
  storage::FileStore& files_;
  std::int64_t remind_after_ms_;
};

}  // namespace fenghuo::duty

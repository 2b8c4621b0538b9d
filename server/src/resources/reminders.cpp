#include "resources/reminders.h"

#include <map>

namespace fenghuo::resources {
namespace {

// Answers a row when the owner was not reminded within the interval (and marks it reminded).
constexpr std::string_view kClaim =
    "INSERT INTO resource_reminders (org_id, reminded_at) VALUES ($1, $2) "
    "ON CONFLICT (org_id) DO UPDATE SET reminded_at = excluded.reminded_at "
    "WHERE resource_reminders.reminded_at <= $3 RETURNING org_id";
constexpr std::string_view kRelease =
    "DELETE FROM resource_reminders WHERE org_id = $1 AND reminded_at = $2";

}  // namespace

Result<ReminderReport> remind_owners(db::Database& db, const Principal& by,
                                     identity::DirectoryService& directory,
                                     identity::SmsGateway& sms, const Clock& clock) {
  FENGHUO_ASSIGN(pattern, region_pattern(by));
  std::int64_t now = clock.now_ms();
  // owner organisation -> stale records
  std::map<std::int64_t, std::int64_t> stale;
  FENGHUO_TRY(db.read([&](db::Connection& c) -> Status {
    for (const Kind& kind : kinds()) {
      FENGHUO_ASSIGN(rows, c.query("SELECT owner_org_id, COUNT(*) FROM resources "
                                   "WHERE deleted_at IS NULL AND kind = $1 AND region_code LIKE $2 "
                                   "AND verified_at < $3 AND owner_org_id IS NOT NULL "
                                   "GROUP BY owner_org_id",
                                   {std::string(kind.key), pattern,
                                    now - kind.verify_interval_days * 24LL * 3600 * 1000}));
      for (std::size_t i = 0; i < rows.size(); ++i) stale[rows.i64(i, 0)] += rows.i64(i, 1);
    }
    return {};
  }));
  FENGHUO_ASSIGN(admins, directory.admins(by, ""));
  ReminderReport report;
  for (const auto& [org, count] : stale) {
    ++report.owners;
    std::string org_name = std::to_string(org);
    for (const auto& admin : admins) {
      if (admin.org_id == org) org_name = admin.org_name;
    }
    // The claim is one statement, so two people pressing at once send one round.
    bool claimed = false;
    FENGHUO_TRY(db.transact([&](db::Transaction& tx) -> Status {
      FENGHUO_ASSIGN(rows, tx->query(kClaim, {org, now, now - kReminderIntervalMs}));
      claimed = !rows.empty();
      return {};
    }));
    if (!claimed) {
      report.recently_reminded.push_back(org_name);
      continue;
    }
    bool reached = false;
    for (const auto& admin : admins) {
      if (admin.org_id != org) continue;
      std::string text = "【烽火】" + admin.org_name + "有 " + std::to_string(count) +
                         " 条应急资源数据超过核验周期未更新，请登录系统核验或确认无变化。";
      if (sms.send(admin.phone, text).ok()) {
        ++report.messages_sent;
        reached = true;
      }
    }
    if (!reached) {
      report.unreachable.push_back(org_name);
      // No one heard it: the next press tries again.
      FENGHUO_TRY(db.transact(
          [&](db::Transaction& tx) -> Status { return tx->execute(kRelease, {org, now}).status(); }));
    }
  }
  return report;
}

}  // namespace fenghuo::resources

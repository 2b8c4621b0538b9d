#include "resources/reminders.h"

#include <map>

namespace fenghuo::resources {

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
    bool reached = false;
    std::string org_name = std::to_string(org);
    for (const auto& admin : admins) {
      if (admin.org_id != org) continue;
      org_name = admin.org_name;
      std::string text = "【烽火】" + admin.org_name + "有 " + std::to_string(count) +
                         " 条应急资源数据超过核验周期未更新，请登录系统核验或确认无变化。";
      if (sms.send(admin.phone, text).ok()) {
        ++report.messages_sent;
        reached = true;
      }
    }
    if (!reached) report.unreachable.push_back(org_name);
  }
  return report;
}

}  // namespace fenghuo::resources

#include "db/migrate.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace fenghuo::db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
// Any constant works: it only has to be the same in every fenghuo process.
constexpr std::int64_t kLockKey = 7415926535;

std::string label(const Migration& m) {
  char number[16];
  std::snprintf(number, sizeof number, "%04lld", static_cast<long long>(m.version));
  return std::string(number) + "_" + m.name;
}

Status lock_if_postgres(Transaction& tx) { return tx->advisory_lock(kLockKey); }

Result<std::int64_t> current_version(Connection& c) {
  auto rows = c.query(kMaxVersion);
  if (!rows.ok()) return std::move(rows).error();
  return rows->i64(0, 0);
}

}  // namespace

Result<std::int64_t> schema_version(Database& db) {
  std::int64_t version = 0;
  FENGHUO_TRY(db.transact([&](Transaction& tx) -> Status {
    FENGHUO_TRY(tx->execute(kCreateTable));
    auto v = current_version(tx.connection());
    if (!v.ok()) return std::move(v).error();
    version = *v;
    return {};
  }));
  return version;
}

Result<MigrateReport> migrate(Database& db, std::span<const Migration> migrations,
                              const Clock& clock) {
  MigrateReport report;
  std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  FENGHUO_TRY(db.transact([&](Transaction& tx) -> Status {
    FENGHUO_TRY(lock_if_postgres(tx));
    FENGHUO_TRY(tx->execute(kCreateTable));
    return {};
  }));
  auto start = schema_version(db);
  if (!start.ok()) return std::move(start).error();
  report.from_version = *start;
  report.to_version = *start;
  if (*start > latest) {
    return Error{ErrorCode::kConflict,
                 "the database schema is at version " + std::to_string(*start) +
                     " but this fenghuo binary knows migrations only up to version " +
                     std::to_string(latest) + ": run a newer fenghuo",
                 "database.url"};
  }
  for (const Migration& m : migrations) {
    bool applied = false;
    FENGHUO_TRY(db.transact([&](Transaction& tx) -> Status {
      FENGHUO_TRY(lock_if_postgres(tx));
      // Another process may have applied it while we waited for the lock.
      auto v = current_version(tx.connection());
      if (!v.ok()) return std::move(v).error();
      if (*v >= m.version) return {};
      const std::string& sql =
          tx->dialect() == Dialect::kSqlite ? m.sqlite_sql : m.postgresql_sql;
      if (Status st = tx->execute_script(sql); !st.ok()) {
        Error e = std::move(st).error();
        e.message = "migration " + label(m) + " failed: " + e.message;
        return e;
      }
      FENGHUO_TRY(tx->execute(kRecord, {m.version, m.name, clock.now_ms()}));
      applied = true;
      return {};
    }));
    if (applied) {
      spdlog::info("migration {} applied", label(m));
      report.applied.push_back(label(m));
    }
    report.to_version = std::max(report.to_version, m.version);
  }
  return report;
}

}  // namespace fenghuo::db

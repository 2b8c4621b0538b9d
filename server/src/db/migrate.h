#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/database.h"

namespace fenghuo::db {

// One schema step: the same version and name on both backends, DDL per dialect.
struct Migration {
  std::int64_t version;
  std::string name;
  std::string sqlite_sql;
  std::string postgresql_sql;
};

// The migrations built into this binary (from server/migrations/), in version order.
std::span<const Migration> builtin_migrations();

struct MigrateReport {
  std::int64_t from_version = 0;
  std::int64_t to_version = 0;
  std::vector<std::string> applied;  // "0001_platform", ...
};

// Applies the pending migrations in order, each in its own transaction together with its
// row in `schema_migrations`. Safe to run from several processes at once on PostgreSQL
// (an advisory lock serialises them). Refuses, changing nothing, when the database has a
// version this binary does not know (it is newer than the binary).
Result<MigrateReport> migrate(Database& db, std::span<const Migration> migrations,
                              const Clock& clock);

// The highest applied version (0 for an empty database).
Result<std::int64_t> schema_version(Database& db);

}  // namespace fenghuo::db

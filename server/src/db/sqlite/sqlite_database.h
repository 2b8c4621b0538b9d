#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace fenghuo::db {

// SQLite backend: WAL, foreign keys, busy timeout; one writer connection (writes are
// serialised by SQLite anyway) and a pool of reader connections.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                              const DatabaseOptions& options);

}  // namespace fenghuo::db

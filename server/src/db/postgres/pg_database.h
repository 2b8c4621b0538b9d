#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace fenghuo::db {

// PostgreSQL backend (libpq): a pool of connections, each caching its prepared statements.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                const DatabaseOptions& options);

}  // namespace fenghuo::db

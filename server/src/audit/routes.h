#pragma once

#include "audit/audit.h"
#include "http/router.h"

namespace fenghuo::audit {

// GET /api/v1/audit: search the log within the caller's jurisdiction.
void add_routes(http::Router& router, db::Database& db, const Log& log);

}  // namespace fenghuo::audit

#pragma once

#include "db/database.h"
#include "http/router.h"
#include "notify/notifier.h"

namespace fenghuo::notify {

// /api/v1/notifications*: the caller's own in-app notifications.
void add_routes(http::Router& router, db::Database& db, Notifier& notifier);

}  // namespace fenghuo::notify

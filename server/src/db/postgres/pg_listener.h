#pragma once

#include <functional>
#include <memory>
#include <string>

#include "db/database.h"

namespace fenghuo::db {

// LISTENs on `channel` on a dedicated libpq connection polled by its own thread.
std::unique_ptr<Listener> start_pg_listener(std::string url, std::string channel,
                                            std::function<void(std::string_view)> on_message);

}  // namespace fenghuo::db

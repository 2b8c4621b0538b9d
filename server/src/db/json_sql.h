#pragma once

#include <string>
#include <string_view>

#include "db/database.h"

namespace fenghuo::db {

// The SQL expression reading the number under `key` of the JSON text in `column` (NULL when
// absent or not a number), as the connection's database writes it. `column` and `key` come
// from our own schema, never from input.
std::string json_number(const Connection& c, std::string_view column, std::string_view key);

}  // namespace fenghuo::db

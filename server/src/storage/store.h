#pragma once

#include <cstdint>
#include <optional>

#include "db/database.h"
#include "storage/model.h"

// SQL of the storage module (file metadata): named statements, bound parameters, nothing else.
namespace fenghuo::storage::store {

// Stores the metadata of `f` (its id is ignored) and answers the new id.
Result<std::int64_t> insert_file(db::Connection& c, const FileInfo& f);
Result<std::optional<FileInfo>> find_file(db::Connection& c, std::int64_t id);

}  // namespace fenghuo::storage::store

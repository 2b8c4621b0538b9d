#include "storage/store.h"

#include "db/query.h"

namespace fenghuo::storage::store {
namespace {

constexpr std::string_view kInsertFile =
    "INSERT INTO files (sha256, name, type, size, org_id, region_code, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
constexpr std::string_view kFindFile =
    "SELECT id, sha256, name, type, size, COALESCE(org_id, 0), region_code, created_by, "
    "created_at FROM files WHERE id = $1";

FileInfo file_of(const db::Rows& r, std::size_t i) {
  return {r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.i64(i, 4),
          r.i64(i, 5), r.text(i, 6), r.text(i, 7), r.i64(i, 8)};
}

}  // namespace

Result<std::int64_t> insert_file(db::Connection& c, const FileInfo& f) {
  // Uploads by API tokens or the system belong to no organisation.
  FENGHUO_ASSIGN(id, db::query_one(c, kInsertFile,
                                   {f.sha256, f.name, f.type, f.size,
                                    f.org_id ? db::Param(f.org_id) : db::Param(nullptr), f.region,
                                    f.created_by, f.created_at},
                                   [](const db::Rows& r, std::size_t i) { return r.i64(i, 0); }));
  if (!id) return Error::internal("the file was not stored");
  return *id;
}

Result<std::optional<FileInfo>> find_file(db::Connection& c, std::int64_t id) {
  return db::query_one(c, kFindFile, {id}, file_of);
}

}  // namespace fenghuo::storage::store

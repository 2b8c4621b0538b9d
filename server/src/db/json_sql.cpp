#include "db/json_sql.h"

namespace fenghuo::db {

std::string json_number(const Connection& c, std::string_view column, std::string_view key) {
  std::string col(column), k(key);
  if (c.dialect() == Dialect::kSqlite) {
    return "(CASE json_type(" + col + ", '$." + k + "') WHEN 'integer' THEN json_extract(" + col +
           ", '$." + k + "') WHEN 'real' THEN json_extract(" + col + ", '$." + k + "') END)";
  }
  return "(CASE jsonb_typeof((" + col + ")::jsonb -> '" + k + "') WHEN 'number' THEN ((" + col +
         ")::jsonb ->> '" + k + "')::double precision END)";
}

}  // namespace fenghuo::db

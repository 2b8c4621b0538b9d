#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "db/database.h"

namespace fenghuo::db {

// Queries that map each row with `map(rows, i)` (a store's `region_of`, `user_of` ...),
// instead of a hand-written loop over the rows at every call.
template <typename Map>
using MappedRow = std::invoke_result_t<Map&, const Rows&, std::size_t>;

// Every row of the answer, mapped.
template <typename Map>
Result<std::vector<MappedRow<Map>>> query_all(Connection& c, std::string_view sql,
                                              std::span<const Param> params, Map map) {
  FENGHUO_ASSIGN(rows, c.query(sql, params));
  std::vector<MappedRow<Map>> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(map(rows, i));
  return out;
}
template <typename Map>
Result<std::vector<MappedRow<Map>>> query_all(Connection& c, std::string_view sql,
                                              std::initializer_list<Param> params, Map map) {
  return query_all(c, sql, std::span<const Param>(params.begin(), params.size()), map);
}

// The first row of the answer, mapped; nullopt when there is none.
template <typename Map>
Result<std::optional<MappedRow<Map>>> query_one(Connection& c, std::string_view sql,
                                                std::span<const Param> params, Map map) {
  FENGHUO_ASSIGN(rows, c.query(sql, params));
  if (rows.empty()) return std::optional<MappedRow<Map>>();
  return std::optional<MappedRow<Map>>(map(rows, 0));
}
template <typename Map>
Result<std::optional<MappedRow<Map>>> query_one(Connection& c, std::string_view sql,
                                                std::initializer_list<Param> params, Map map) {
  return query_one(c, sql, std::span<const Param>(params.begin(), params.size()), map);
}

}  // namespace fenghuo::db

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/request.h"

namespace fenghuo::http {

// A record id from a path parameter; a malformed id is "not found", as no record has it.
Result<std::int64_t> path_id(const Request& request, std::string_view name = "id");

// An integer query parameter within [min, max], or `fallback` when absent (400 naming it).
Result<std::int64_t> query_int(const Request& request, std::string_view name, std::int64_t fallback,
                               std::int64_t min, std::int64_t max);

// `limit` (1 to `max_limit`, `default_limit` when absent) and `offset` (0 when absent) of a
// paged list.
struct Paging {
  std::int64_t limit = 0, offset = 0;
};
Result<Paging> query_page(const Request& request, std::int64_t default_limit,
                          std::int64_t max_limit);

// A finite number query parameter within [min, max] (400 naming it otherwise, also for "nan"
// or "inf"), or `fallback` when absent; absent without a fallback is "NAME is required".
Result<double> query_double(const Request& request, std::string_view name,
                            std::optional<double> fallback, double min, double max);

// A bounding box `NAME=minLon,minLat,maxLon,maxLat` of finite WGS 84 degrees, corners in order.
struct Bbox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};
Result<Bbox> query_bbox(const Request& request, std::string_view name = "bbox");

// A boolean query parameter: true/false/1/0 (400 naming it otherwise).
Result<bool> query_bool(const Request& request, std::string_view name, bool fallback);

// An RFC 3339 time query parameter in milliseconds, if present (400 naming it if bad).
Result<std::optional<std::int64_t>> query_time(const Request& request, std::string_view name);

}  // namespace fenghuo::http

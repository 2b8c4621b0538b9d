#include "http/params.h"

#include <charconv>

#include "core/numbers.h"
#include "core/time.h"

namespace fenghuo::http {

Result<std::int64_t> path_id(const Request& request, std::string_view name) {
  const std::string& text = request.param(name);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) {
    return Error::not_found("no record with id " + text);
  }
  return id;
}

Result<std::int64_t> query_int(const Request& request, std::string_view name, std::int64_t fallback,
                               std::int64_t min, std::int64_t max) {
  auto text = request.query(name);
  if (!text || text->empty()) return fallback;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc{} || p != text->data() + text->size() || v < min || v > max) {
    return Error::validation(std::string(name),
                             std::string(name) + " must be a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

Result<double> query_double(const Request& request, std::string_view name,
                            std::optional<double> fallback, double min, double max) {
  auto text = request.query(name);
  if (!text || text->empty()) {
    if (fallback) return *fallback;
    return Error::validation(std::string(name), std::string(name) + " is required");
  }
  return numbers::parse_in_range(name, *text, min, max);
}

Result<Bbox> query_bbox(const Request& request, std::string_view name) {
  auto text = request.query(name);
  auto malformed = [&] {
    return Error::validation(std::string(name),
                             std::string(name) + " must be minLon,minLat,maxLon,maxLat in degrees");
  };
  if (!text) return malformed();
  double v[4];
  std::string_view rest = *text;
  for (int i = 0; i < 4; ++i) {
    auto comma = rest.find(',');
    if ((i < 3) == (comma == std::string_view::npos)) return malformed();
    auto value = numbers::parse_finite(rest.substr(0, comma));
    if (!value) return malformed();
    v[i] = *value;
    if (i < 3) rest.remove_prefix(comma + 1);
  }
  if (v[0] > v[2] || v[1] > v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    return Error::validation(std::string(name),
                             std::string(name) + " corners are out of order or out of range");
  }
  return Bbox{v[0], v[1], v[2], v[3]};
}

Result<bool> query_bool(const Request& request, std::string_view name, bool fallback) {
  auto text = request.query(name);
  if (!text || text->empty()) return fallback;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  return Error::validation(std::string(name), std::string(name) + " must be true or false");
}

Result<std::optional<std::int64_t>> query_time(const Request& request, std::string_view name) {
  auto text = request.query(name);
  if (!text || text->empty()) return std::optional<std::int64_t>();
  auto ms = parse_rfc3339(*text);
  if (!ms) {
    return Error::validation(
        std::string(name),
        std::string(name) + " must be an RFC 3339 time such as 2026-11-29T08:00:00+08:00");
  }
  return ms;
}

Result<Paging> query_page(const Request& request, std::int64_t default_limit,
                          std::int64_t max_limit) {
  FENGHUO_ASSIGN(limit, query_int(request, "limit", default_limit, 1, max_limit));
  FENGHUO_ASSIGN(offset, query_int(request, "offset", 0, 0, INT32_MAX));
  return Paging{limit, offset};
}

}  // namespace fenghuo::http

#include "core/json_input.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/numbers.h"
#include "core/time.h"

namespace fenghuo::json_input {
namespace {

const boost::json::value* find(const boost::json::object& in, std::string_view key) {
  auto it = in.find(key);
  if (it == in.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

Error bad(std::string_view key, std::string message) {
  return Error::validation(std::string(key), std::string(key) + " " + std::move(message));
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string trimmed(std::string_view s) {
  auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

Status only(const boost::json::object& in, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : in) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
      return Error::validation(std::string(kv.key()), "unknown field " + std::string(kv.key()));
    }
  }
  return {};
}

Result<std::optional<std::string>> text(const boost::json::object& in, std::string_view key,
                                        std::size_t max_chars) {
  const auto* v = find(in, key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return bad(key, "must be text");
  std::string s = trimmed(v->as_string());
  if (code_points(s) > max_chars) {
    return bad(key, "must be at most " + std::to_string(max_chars) + " characters");
  }
  return std::optional<std::string>(std::move(s));
}

Result<std::string> required_text(const boost::json::object& in, std::string_view key,
                                  std::size_t max_chars) {
  FENGHUO_ASSIGN(value, text(in, key, max_chars));
  if (!value || value->empty()) return bad(key, "is required");
  return std::move(*value);
}

Result<std::optional<double>> number(const boost::json::object& in, std::string_view key,
                                     double min, double max) {
  const auto* v = find(in, key);
  if (!v) return std::optional<double>();
  if (!v->is_number()) return bad(key, "must be a number");
  double d = v->to_number<double>();
  if (!std::isfinite(d) || d < min || d > max) return numbers::out_of_range(key, min, max);
  return std::optional<double>(d);
}

Result<std::optional<std::int64_t>> integer(const boost::json::object& in, std::string_view key,
                                            std::int64_t min, std::int64_t max) {
  const auto* v = find(in, key);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= INT64_MAX) {
    n = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() &&
             std::fabs(v->as_double()) < 9e15) {
    n = static_cast<std::int64_t>(v->as_double());
  } else {
    return bad(key, "must be a whole number");
  }
  if (n < min || n > max) {
    return bad(key, "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

Result<std::optional<bool>> boolean(const boost::json::object& in, std::string_view key) {
  const auto* v = find(in, key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return bad(key, "must be true or false");
  return std::optional<bool>(v->as_bool());
}

Result<std::optional<std::int64_t>> time(const boost::json::object& in, std::string_view key) {
  const auto* v = find(in, key);
  if (!v) return std::optional<std::int64_t>();
  if (!v->is_string()) return bad(key, "must be an RFC 3339 time");
  auto ms = parse_rfc3339(v->as_string());
  if (!ms) return bad(key, "must be an RFC 3339 time such as 2026-11-29T08:00:00+08:00");
  return std::optional<std::int64_t>(*ms);
}

Result<std::optional<std::int64_t>> id(const boost::json::object& in, std::string_view key) {
  const auto* v = find(in, key);
  if (!v) return std::optional<std::int64_t>();
  if (v->is_int64() && v->as_int64() > 0) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_string()) {
    const auto& s = v->as_string();
    std::int64_t n = 0;
    bool digits = !s.empty() && s.size() <= 18;
    for (char c : s) {
      if (c < '0' || c > '9') digits = false;
      else n = n * 10 + (c - '0');
    }
    if (digits && n > 0) return std::optional<std::int64_t>(n);
  }
  return bad(key, "must be a record id");
}

Result<std::vector<std::int64_t>> ids(const boost::json::object& in, std::string_view key) {
  std::vector<std::int64_t> out;
  const auto* v = find(in, key);
  if (!v) return out;
  if (!v->is_array()) return bad(key, "must be a list of record ids");
  for (const auto& item : v->as_array()) {
    boost::json::object one;
    one[key] = item;
    FENGHUO_ASSIGN(parsed, id(one, key));
    if (!parsed) return bad(key, "must be a list of record ids");
    if (std::find(out.begin(), out.end(), *parsed) == out.end()) out.push_back(*parsed);
  }
  return out;
}

Result<std::int64_t> version(const boost::json::object& in) {
  FENGHUO_ASSIGN(v, integer(in, "version", 1, INT64_MAX));
  if (!v) return Error::validation("version", "version is required (the version you edited)");
  return *v;
}

}  // namespace fenghuo::json_input

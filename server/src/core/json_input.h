#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"

// Reading typed fields out of a JSON request body. Absent and null fields read as nullopt;
// a field of the wrong type or out of range is a validation error naming the field.
namespace fenghuo::json_input {

// Refuses fields not in `allowed`, so a misspelt field never drops data silently.
Status only(const boost::json::object& in, std::initializer_list<std::string_view> allowed);

// Text of at most `max_chars` characters (code points), trimmed of surrounding spaces.
Result<std::optional<std::string>> text(const boost::json::object& in, std::string_view key,
                                        std::size_t max_chars);
Result<std::optional<double>> number(const boost::json::object& in, std::string_view key,
                                     double min, double max);
// An integer (a JSON number without a fraction) in [min, max].
Result<std::optional<std::int64_t>> integer(const boost::json::object& in, std::string_view key,
                                            std::int64_t min, std::int64_t max);
Result<std::optional<bool>> boolean(const boost::json::object& in, std::string_view key);
// An RFC 3339 time, in milliseconds.
Result<std::optional<std::int64_t>> time(const boost::json::object& in, std::string_view key);
// A record id given as a string ("12") or a number.
Result<std::optional<std::int64_t>> id(const boost::json::object& in, std::string_view key);
// A list of ids (strings or numbers); absent reads as empty.
Result<std::vector<std::int64_t>> ids(const boost::json::object& in, std::string_view key);
// The `version` an update must carry.
Result<std::int64_t> version(const boost::json::object& in);

// The text with a value or a validation error "KEY is required".
Result<std::string> required_text(const boost::json::object& in, std::string_view key,
                                  std::size_t max_chars);

}  // namespace fenghuo::json_input

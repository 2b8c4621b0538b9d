#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fenghuo {

// "2026-11-29T08:00:00.000Z" for milliseconds since the epoch (UTC).
std::string format_rfc3339(std::int64_t ms);
// Parses RFC 3339 ("2026-11-29T08:00:00Z", "...+08:00", fractional seconds optional).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace fenghuo

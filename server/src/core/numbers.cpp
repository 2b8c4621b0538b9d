#include "core/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace fenghuo::numbers {

std::optional<double> parse_finite(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // from_chars takes no leading '+', spaces or "0x" (chars_format::general), but it does
  // take "nan" and "inf": isfinite refuses those.
  double v = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::general);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

namespace {
std::string shortest(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
}
}  // namespace

Error out_of_range(std::string_view name, double min, double max) {
  return Error::validation(std::string(name), std::string(name) + " must be a number from " +
                                                  shortest(min) + " to " + shortest(max));
}

Result<double> parse_in_range(std::string_view name, std::string_view text, double min,
                              double max) {
  auto v = parse_finite(text);
  if (!v || *v < min || *v > max) return out_of_range(name, min, max);
  return *v;
}

}  // namespace fenghuo::numbers

#include "core/time.h"

#include <chrono>
#include <cstdio>

namespace fenghuo {

std::string format_rfc3339(std::int64_t ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(ms)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lld.%03lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buf;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() < 20) return std::nullopt;
  std::string text(s);
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6 ||
      consumed != 19) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::int64_t ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count() +
                    ((h * 60LL + mi) * 60 + sec) * 1000;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::int64_t fraction = 0;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 3) {
        fraction = fraction * 10 + (s[i] - '0');
        ++digits;
      }
      ++i;
    }
    while (digits < 3) {
      fraction *= 10;
      ++digits;
    }
    ms += fraction;
  }
  if (i >= s.size()) return std::nullopt;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size() ? std::optional(ms) : std::nullopt;
  if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && s[i + 3] == ':') {
    int oh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    int om = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
    std::int64_t offset = (oh * 60LL + om) * 60000;
    return s[i] == '+' ? ms - offset : ms + offset;
  }
  return std::nullopt;
}

}  // namespace fenghuo

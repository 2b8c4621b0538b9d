#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace fenghuo {

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a UTF-8 BOM
// (as Excel writes) is skipped. Each record comes with the line number it starts on.
// Errors: 400 when the text ends inside a quoted field.
Result<std::vector<std::pair<int, std::vector<std::string>>>> parse_csv(std::string_view text);

// One CSV line (with CRLF), quoting the cells that need it. Text a spreadsheet would run as
// a formula (starting with = + - @, tab or CR, and not a number) gets a leading apostrophe.
std::string csv_line(const std::vector<std::string>& cells);

}  // namespace fenghuo

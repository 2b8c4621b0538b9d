#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace fenghuo {

// The most rows (records after the header, or items of a JSON list) an import takes; the
// request body's limit (storage.max_file_mb) bounds the bytes.
constexpr std::size_t kMaxImportRows = 50000;
// The 400 for an import of more than kMaxImportRows rows.
Error too_many_import_rows();

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a UTF-8 BOM
// (as Excel writes) is skipped. Each record comes with the line number it starts on.
// Errors: 400 when the text ends inside a quoted field.
Result<std::vector<std::pair<int, std::vector<std::string>>>> parse_csv(std::string_view text);

// The same parse, one record at a time, keeping none: `record` gets the line a record starts
// on and its fields (it may move them away). The first error `record` returns ends the parse
// and is returned; else the error of parse_csv, if any.
Status for_each_csv_record(
    std::string_view text,
    const std::function<Status(int line, std::vector<std::string>& fields)>& record);

// One CSV line (with CRLF), quoting the cells that need it. Text a spreadsheet would run as
// a formula (starting with = + - @, tab or CR, and not a number) gets a leading apostrophe.
std::string csv_line(const std::vector<std::string>& cells);

}  // namespace fenghuo

#include "core/csv.h"

#include "core/numbers.h"

namespace fenghuo {

Error too_many_import_rows() {
  return Error::bad_request("an import takes at most " + std::to_string(kMaxImportRows) +
                            " rows; split the file into several imports");
}

Status for_each_csv_record(
    std::string_view text,
    const std::function<Status(int line, std::vector<std::string>& fields)>& record) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's UTF-8 BOM
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool any = false;
  int line = 1;
  int record_line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        field.push_back(ch);
      }
      continue;
    }
    if (ch == '"' && field.empty()) {
      quoted = true;
      any = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        fields.push_back(std::move(field));
        FENGHUO_TRY(record(record_line, fields));
      }
      fields.clear();
      field.clear();
      any = false;
      ++line;
      record_line = line;
    } else {
      field.push_back(ch);
      any = true;
    }
  }
  if (quoted) return Error::bad_request("the CSV ends inside a quoted field");
  if (any || !field.empty()) {
    fields.push_back(std::move(field));
    FENGHUO_TRY(record(record_line, fields));
  }
  return {};
}

Result<std::vector<std::pair<int, std::vector<std::string>>>> parse_csv(std::string_view text) {
  std::vector<std::pair<int, std::vector<std::string>>> records;
  FENGHUO_TRY(for_each_csv_record(text, [&records](int line, std::vector<std::string>& fields) {
    records.emplace_back(line, std::move(fields));
    return Status{};
  }));
  return records;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& cell = cells[i];
    // A spreadsheet runs a cell starting with = + - @ (or a tab or CR before them) as a
    // formula: an exported name such as "=HYPERLINK(...)" would run on the reader's machine.
    // Such text gets a leading apostrophe, which shows it as text; numbers (-3.5) stay numbers.
    const bool formula_like =
        !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos &&
        !numbers::parse_finite(cell);
    const std::string c = formula_like ? "'" + cell : cell;
    if (c.find_first_of(",\"\r\n") == std::string::npos) {
      out += c;
      continue;
    }
    out += '"';
    for (char ch : c) {
      if (ch == '"') out += '"';
      out += ch;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace fenghuo
